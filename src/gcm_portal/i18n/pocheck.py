"""The checks of one translation: a msgstr may be published only if it is as safe as its msgid.

A translation goes into every page of its language, so what a translator writes is
checked like code before the build uses it:

- **placeholders**: the build fills ``%(country)s`` with ``%`` (and Jinja's newstyle
  ``_()`` applies ``%`` to every interface string), so a lost, added or malformed
  placeholder, or a lone ``%`` as in ``100%``, would stop the build on a page far from
  the .po line. Format strings are read by Python's own ``%`` operator and
  ``string.Formatter``, not by patterns;
- **markup**: a translation holds exactly the HTML tags (with the same attributes) of its
  msgid, so no ``<script>`` or ``javascript:`` link reaches a page;
- **invisible characters**: bidi controls and format marks, as ``textsafety`` defines them,
  and control characters, which no text needs.

Every problem is reported at the line of the msgstr (``msgstr[n]`` for plural forms),
where the translator has to fix it.
"""

from __future__ import annotations

import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from babel.messages.catalog import PYTHON_FORMAT, Message

from gcm_portal.checks.textsafety import findings
from gcm_portal.errors import Problem

ALLOWED_CONTROLS = frozenset("\n\t")

# Numbers take __int__/__index__/__float__; text takes __str__/__repr__ (and %a, %c).
TEXT, NUMBER = "text", "number"


@dataclass(frozen=True)
class PercentFormat:
    """What ``%`` formatting reads from a string: its named and positional placeholders."""

    named: frozenset[tuple[str, str]]  # (name, TEXT or NUMBER)
    positional: tuple[str, ...]  # the kind of each positional placeholder, in order
    error: str | None = None  # why ``%`` cannot format it at all

    @property
    def names(self) -> frozenset[str]:
        return frozenset(name for name, _ in self.named)

    @property
    def empty(self) -> bool:
        return not self.named and not self.positional


class _Value:
    """Stands in for a value ``%`` formats, and records how it was converted."""

    def __init__(self, record: Callable[[str | None, str], None], name: str | None) -> None:
        self._record = record
        self._name = name

    def _use(self, kind: str) -> None:
        self._record(self._name, kind)

    def __str__(self) -> str:
        self._use(TEXT)
        return ""

    def __repr__(self) -> str:
        self._use(TEXT)
        return ""

    def __int__(self) -> int:
        self._use(NUMBER)
        return 0

    def __index__(self) -> int:
        self._use(NUMBER)
        return 0

    def __float__(self) -> float:
        self._use(NUMBER)
        return 0.0


class _Arguments(_Value, dict[str, _Value]):
    """A mapping that answers every key, so ``%`` shows which names a string asks for."""

    def __init__(self, record: Callable[[str | None, str], None]) -> None:
        dict.__init__(self)
        _Value.__init__(self, record, None)

    def __missing__(self, key: str) -> _Value:
        return _Value(self._record, key)


def percent_format(text: str) -> PercentFormat:
    """The placeholders ``text % values`` would fill, read by running ``%`` itself.

    >>> percent_format("%(country)s: %(count)d days").named == {("country", "text"),
    ...                                                       ("count", "number")}
    True
    >>> percent_format("100%% done").empty, percent_format("%s of %s").positional
    (True, ('text', 'text'))
    >>> percent_format("100%").error
    'incomplete format'
    """
    named: set[tuple[str, str]] = set()
    positional: list[str] = []

    def record(name: str | None, kind: str) -> None:
        if name is None:
            positional.append(kind)
        else:
            named.add((name, kind))

    try:
        text % _Arguments(record)
        return PercentFormat(frozenset(named), tuple(positional))
    except TypeError as exc:
        first = str(exc)
    except ValueError as exc:
        return PercentFormat(frozenset(named), tuple(positional), str(exc))
    for count in range(2, 10):  # several positional placeholders take a tuple
        named.clear()
        positional.clear()
        try:
            text % tuple(_Value(record, None) for _ in range(count))
            return PercentFormat(frozenset(), tuple(positional))
        except (TypeError, ValueError) as exc:
            if "not enough arguments" not in str(exc):
                return PercentFormat(frozenset(), (), str(exc))
    return PercentFormat(frozenset(), (), first)


def brace_fields(text: str) -> Counter[str] | None:
    """The ``{name}`` fields ``str.format`` would fill, or None if it cannot read ``text``.

    >>> brace_fields("{url} and {title}"), brace_fields("a } b")
    (Counter({'url': 1, 'title': 1}), None)
    """
    try:
        return Counter(field for _, field, _, _ in string.Formatter().parse(text)
                       if field is not None)
    except ValueError:
        return None


class _Markup(HTMLParser):
    """Every tag-like token of a text, as HTML's tokenizer sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)  # entities are text, not markup
        self.tokens: Counter[str] = Counter()
        self.text: list[str] = []

    def _attrs(self, attrs: list[tuple[str, str | None]]) -> str:
        return "".join(f' {name}="{value}"' if value is not None else f" {name}"
                       for name, value in sorted(attrs, key=lambda a: (a[0], a[1] or "")))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens[f"<{tag}{self._attrs(attrs)}>"] += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens[f"<{tag}{self._attrs(attrs)}/>"] += 1

    def handle_endtag(self, tag: str) -> None:
        self.tokens[f"</{tag}>"] += 1

    def handle_comment(self, data: str) -> None:
        self.tokens[f"<!--{data}-->"] += 1

    def handle_decl(self, decl: str) -> None:
        self.tokens[f"<!{decl}>"] += 1

    def unknown_decl(self, data: str) -> None:
        self.tokens[f"<![{data}]>"] += 1

    def handle_pi(self, data: str) -> None:
        self.tokens[f"<?{data}>"] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# After "<", HTML's tokenizer starts a tag on a letter, "/", "!" or "?" (tag open state).
_TAG_OPEN = frozenset("/!?")


def markup(text: str) -> Counter[str]:
    """The tags, comments and declarations in ``text``, with their attributes.

    A tag left open at the end (``<img src=x onerror=…``) counts as markup too: the
    page's text after the translation could close it.

    >>> sorted(markup('See <a href="/x" class="c">this</a>, 3 < 4 &amp; 5 > 2'))
    ['</a>', '<a class="c" href="/x">']
    >>> markup("ok <img src=x onerror=alert(1)")
    Counter({'<img onerror="alert(1)" src="x">': 1})
    """
    parser = _Markup()
    parser.feed(text + ">")  # closes a start tag left open, as the page's next ">" would
    parser.close()
    rest = "".join(parser.text)
    for i, char in enumerate(rest[:-1]):
        following = rest[i + 1]
        if char == "<" and (following.isalpha() or following in _TAG_OPEN):
            parser.tokens[rest[i:i + 12] + "…"] += 1
    if text.endswith(("<", "</")):  # a tag with the page's next word as its name
        parser.tokens[text[-2:].lstrip() + "…"] += 1
    return parser.tokens


def msgstr_line(lines: Sequence[str], msgid_line: int | None,
                index: int | None = None) -> int | None:
    """The 1-based line of an entry's ``msgstr`` (``msgstr[index]``): Babel knows only the
    msgid's line, and the translator must be sent to the translation."""
    if msgid_line is None:
        return None
    keyword = "msgstr" if index is None else f"msgstr[{index}]"
    for number in range(msgid_line, min(len(lines), msgid_line + 10_000) + 1):
        line = lines[number - 1].strip()
        if line.startswith(keyword) and line[len(keyword):len(keyword) + 1] in (" ", "\t", '"'):
            return number
    return msgid_line


def _show(names: frozenset[str] | set[str], spec: str) -> str:
    return ", ".join(sorted(spec.format(name) for name in names))


def _spec_text(text: str, name: str | None) -> str:
    """How ``text`` writes a placeholder, for messages (``%(n)d``, ``% s``)."""
    for match in PYTHON_FORMAT.finditer(text):
        if match.group(3) != "%" and match.group(1) == name:
            return match.group(0)
    return "%" if name is None else f"%({name})s"


def _percent_problems(msgid: str, msgstr: str, original: PercentFormat) -> list[str]:
    translated = percent_format(msgstr)
    if translated.error is not None:
        reason = translated.error
        if "format key" in reason:
            return [f"'%(' opens a placeholder that is never closed ({reason}); write "
                    f"placeholders as in the original, such as "
                    f"{_show(original.names, '%({})s') or '%(name)s'}, and %% for a percent sign"]
        names = ", ".join(sorted(_spec_text(msgid, n) for n in original.names))
        return [f"the translation is not a valid format string ({reason}): write %% for a "
                "percent sign" + (f", and copy the placeholders {names} of the original "
                                  "unchanged" if names else "")]
    problems = []
    lost, added = original.names - translated.names, translated.names - original.names
    if lost:
        problems.append(f"the translation lacks the placeholder "
                        f"{', '.join(sorted(_spec_text(msgid, n) for n in lost))} of the "
                        f"original; copy it into the translation unchanged")
    if added:
        problems.append(f"the translation has the placeholder "
                        f"{', '.join(sorted(_spec_text(msgstr, n) for n in added))} that the "
                        f"original does not have, which would stop the build; "
                        + (f"use only {_show(original.names, '%({})s')}"
                           if original.names else "remove it")
                        + ", and write %% for a percent sign")
    changed = {name for name, _ in translated.named - original.named} - added
    if changed:
        written = ", ".join(sorted(_spec_text(msgstr, n) for n in changed))
        meant = ", ".join(sorted(_spec_text(msgid, n) for n in changed))
        problems.append(f"the placeholder {written} converts its value differently from the "
                        f"original ({meant}); copy it unchanged")
    if translated.positional != original.positional:
        if not original.positional:
            problems.append(f"'{_spec_text(msgstr, None)}' in the translation is read as a "
                            f"placeholder; write %% for a percent sign")
        else:
            problems.append(f"the translation has {len(translated.positional)} unnamed "
                            f"placeholder(s) (such as %s), the original "
                            f"{len(original.positional)}; copy them unchanged and write %% for "
                            f"a percent sign")
    return problems


def _brace_problems(original: Counter[str], msgstr: str) -> list[str]:
    translated = brace_fields(msgstr)
    if translated is None:
        return ["the translation has an unmatched '{' or '}': copy the placeholders "
                f"{_show(set(original), '{{{}}}')} unchanged and write {{{{ and }}}} for "
                "literal braces"]
    problems = []
    if lost := set(original) - set(translated):
        problems.append(f"the translation lacks the placeholder {_show(lost, '{{{}}}')} of the "
                        f"original; copy it unchanged")
    if added := set(translated) - set(original):
        problems.append(f"the translation has the placeholder {_show(added, '{{{}}}')} that "
                        f"the original does not have; use only "
                        f"{_show(set(original), '{{{}}}')}")
    return problems


def _markup_problems(original: Counter[str], msgstr: str) -> list[str]:
    translated = markup(msgstr)
    problems = []
    if added := translated - original:
        problems.append(f"the translation adds the markup {' '.join(sorted(added))}, which "
                        f"the original does not have; a translation may only hold the markup "
                        f"of its original, unchanged")
    if lost := original - translated:
        problems.append(f"the translation lacks the markup {' '.join(sorted(lost))} of the "
                        f"original; copy it unchanged")
    return problems


def _character_problems(msgstr: str) -> list[str]:
    problems = [finding.message for finding in findings(msgstr, "prose")]
    for char in sorted({c for c in msgstr if unicodedata.category(c) == "Cc"}
                       - ALLOWED_CONTROLS):
        problems.append(f"control character U+{ord(char):04X} in the translation; delete it "
                        "(retype the text around it if your editor does not show it)")
    return problems


def _as_percent(msgid: str, flags: set[str] | frozenset[str],
                formatted: bool) -> PercentFormat | None:
    """The msgid's placeholders if the code applies ``%`` to its translation, else None."""
    original = percent_format(msgid)
    if original.error is not None:
        return None  # the code cannot format its own msgid with %, so it never does
    if formatted or "python-format" in flags or original.named:
        return original
    return None


def check_translation(msgid: str, msgstr: str, *, flags: set[str] | frozenset[str] = frozenset(),
                      formatted: bool = False) -> list[str]:
    """What is wrong with ``msgstr`` as a translation of ``msgid``; empty if it is safe.

    ``formatted``: the code applies ``%`` to every translation of this domain (Jinja's
    newstyle gettext does), so a lone ``%`` is an error even where the msgid has no
    placeholder.

    >>> check_translation("%(country)s: documents", "%(pays)s : documents")[0][:48]
    'the translation lacks the placeholder %(country)'
    >>> check_translation("Fees", "100%", formatted=True)[0][:64]
    'the translation is not a valid format string (incomplete format)'
    >>> check_translation("Fees", "100%"), check_translation("Help", "<b>Aide</b>")[0][:38]
    ([], 'the translation adds the markup </b> <')
    """
    problems = _character_problems(msgstr)
    original = _as_percent(msgid, flags, formatted)
    if original is not None:
        problems += _percent_problems(msgid, msgstr, original)
    elif "%(" in msgstr:  # a named placeholder the msgid lacks: % would fail on it, if applied
        translated = percent_format(msgstr)
        if translated.error is not None or translated.names:
            problems.append("the translation has '%(' but the original has no placeholders: "
                            "delete the placeholder, or write %% for a percent sign")
    fields = brace_fields(msgid)
    if fields:
        problems += _brace_problems(fields, msgstr)
    problems += _markup_problems(markup(msgid), msgstr)
    return problems


def _forms(message: Message) -> list[tuple[int | None, str, str]]:
    """(msgstr index, translation, msgid) of each non-empty translation.

    Every plural form is held to the singular msgid: ``gettext(msgid)`` returns a form of a
    plural entry (Python's gettext falls back to it), and the msgid_plural is the
    translator's to edit, so following it could add a placeholder that breaks the build.
    """
    msgid = str(message.id[0]) if isinstance(message.id, (list, tuple)) else message.id
    if isinstance(message.string, (list, tuple)):
        return [(n, s, msgid) for n, s in enumerate(message.string) if s]
    return [(None, message.string, msgid)] if message.string else []


def label(message: Message) -> str:
    msgid = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
    shown = msgid if len(msgid) <= 60 else msgid[:57] + "..."
    return f"translation of {shown!r}" + (f" ({message.context})" if message.context else "")


def check_message(message: Message, lines: Sequence[str], path: str, *,
                  formatted: bool = False) -> list[Problem]:
    """Problems of one entry's translations, each at its msgstr line; fuzzy and empty
    translations are skipped, as the build does not use them."""
    if message.fuzzy or not message.id:
        return []
    problems = []
    for text in (message.context or "", *_ids(message)):
        if any(unicodedata.category(c) == "Cc" and c not in ALLOWED_CONTROLS for c in text):
            return [Problem(path, message.lineno, f"{label(message)}: a control character in "
                            f"the msgid or msgctxt; copy them from the .pot file")]
    for index, msgstr, msgid in _forms(message):
        found = check_translation(msgid, msgstr, flags=message.flags, formatted=formatted)
        where = msgstr_line(lines, message.lineno, index)
        form = "" if index is None else f" msgstr[{index}]"
        problems += [Problem(path, where, f"{label(message)}{form}: {text}") for text in found]
    return problems


def _ids(message: Message) -> list[str]:
    return [str(i) for i in message.id] if isinstance(message.id, (list, tuple)) else [message.id]
