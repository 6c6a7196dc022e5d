"""Gettext catalogs: gcm-portal's own, in the package, and a portal's, in ``locales/``.

Two domains, each a standard PO file that Weblate, Crowdin and Pootle read::

    gcm_portal/locales/portal.pot           gcm-portal's interface strings (``uistrings``...)
    gcm_portal/locales/<lang>/LC_MESSAGES/portal.po   their translations, in the package
    locales/portal.pot                      the portal's own interface strings (help block...)
    locales/countries.pot                   text fields of content/countries/*.yml
    locales/<lang>/LC_MESSAGES/<domain>.po  one translation per language

A language's ``portal`` domain is the package's catalog with the portal's over it: a
portal adds its own strings and may override any of the package's, so a new portal is
translated from its first build. Both pass the same checks. Catalogs are compiled in
memory at build time, so no ``.mo`` file is committed and a translator's change shows
on the next build. Fuzzy entries are not used.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po, unescape, write_po
from babel.support import NullTranslations, Translations

from gcm_portal.checks.textsafety import BOM
from gcm_portal.errors import PortalError, Problem, display_path, errors_in
from gcm_portal.i18n import msgid_migration
from gcm_portal.i18n.pocheck import check_message

DOMAINS = ("portal", "countries")
PROJECT = "gcm-portal"


def locale_dir_name(code: str) -> str:
    """Gettext writes regions with an underscore: ``pt-BR`` lives in ``pt_BR``."""
    return code.replace("-", "_")


def language_of_dir(name: str) -> str:
    """The language code a catalog folder is for: ``pt_BR`` holds ``pt-BR``."""
    return name.replace("_", "-")


def po_path(locales_dir: Path, code: str, domain: str) -> Path:
    return locales_dir / locale_dir_name(code) / "LC_MESSAGES" / f"{domain}.po"


def pot_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / f"{domain}.pot"


def package_locales() -> Path:
    """gcm-portal's own catalogs, shipped in the package (tests point this elsewhere)."""
    return Path(str(resources.files("gcm_portal") / "locales"))


def fallback_dirs(code: str) -> list[str]:
    """The catalog folders that may serve a language, closest first: a region falls back
    to its language (``fa-AF`` to ``fa``); a script never does, as it is another alphabet.

    >>> fallback_dirs("fa-AF"), fallback_dirs("zh-Hant-TW"), fallback_dirs("sr-Latn")
    (['fa_AF', 'fa'], ['zh_Hant_TW', 'zh_Hant'], ['sr_Latn'])
    """
    names = [locale_dir_name(code)]
    locale = _locale(code)
    if locale is not None and locale.territory:
        base = "_".join(part for part in (locale.language, locale.script) if part)
        if base not in names:
            names.append(base)
    return names


def package_po_path(code: str, domain: str) -> Path | None:
    """The package's catalog for a language (or for its base language), if it has one."""
    for name in fallback_dirs(code):
        path = package_locales() / name / "LC_MESSAGES" / f"{domain}.po"
        if path.is_file():
            return path
    return None


def sources(locales_dir: Path, code: str, domain: str) -> list[Path]:
    """A language's catalogs for a domain, in the order they apply: the package's first,
    then the portal's, whose translations win."""
    found: dict[Path, Path] = {}  # resolved: as given, so problems name the file as given
    for path in (package_po_path(code, domain), po_path(locales_dir, code, domain)):
        if path is not None and path.is_file():
            found.setdefault(path.resolve(), path)
    return list(found.values())


MAX_PO_BYTES = 5 * 1024 * 1024  # ample: a portal's whole interface is a few dozen kB


def _locale(code: str | None) -> Locale | None:
    try:
        return Locale.parse(code, sep="-") if code else None
    except (UnknownLocaleError, ValueError):
        return None  # the configuration reports an unknown language; here it only costs CLDR data


def _string_problem(token: str) -> str | None:
    """Why ``token`` is not one PO string (``"..."`` with the escapes Babel reads), or None."""
    if not token.startswith('"'):
        return 'a string must be written in double quotes (")'
    escaped = False
    for index, char in enumerate(token[1:], 1):
        if escaped:
            if char not in '\\"ntr':
                return f"unknown escape \\{char}: write \\\\ for a backslash"
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == '"':
            if token[index + 1:].strip():
                return 'text after the closing quote: write \\" for a quote inside the text'
            return None
    return 'the string is not closed: end it with a double quote (") on the same line'


_KEYWORDS = ("msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[]")
_FOLLOWS = {"start": ("msgctxt", "msgid"), "msgctxt": ("msgid",),
            "msgid": ("msgid_plural", "msgstr"), "msgid_plural": ("msgstr[]",),
            "msgstr": ("msgctxt", "msgid"), "msgstr[]": ("msgstr[]", "msgctxt", "msgid")}


@dataclass
class _Entry:
    line: int  # of its first keyword
    state: str = "start"  # the keyword whose strings are being read
    strings: dict[str, list[str]] = field(default_factory=dict)  # keyword: its strings
    forms: int = 0  # msgstr[n] read so far

    def text(self, keyword: str) -> str | None:
        strings = self.strings.get(keyword)
        return None if strings is None else "".join(unescape(s) for s in strings)


@dataclass(frozen=True)
class Syntax:
    """What reading a PO file's grammar found."""

    problems: list[Problem]
    header: str  # the msgstr of msgid "", unescaped
    forms: list[tuple[int, int]]  # (line, n) of every msgstr[n]


def syntax_problems(path: str, lines: list[str]) -> Syntax:
    """Every line Babel would misread, at its line (Babel reads ``msgstr "abc`` as ``ab``
    and ``msgstr abc`` as empty, silently); and the header, the msgstr of msgid "".

    Babel's reader is lenient, so a broken quote would silently change a translation;
    this reads the PO grammar strictly first.
    """
    problems: list[Problem] = []
    seen: dict[tuple[str | None, str | None], int] = {}
    entry = _Entry(0)
    header = ""
    forms: list[tuple[int, int]] = []

    def problem(number: int, message: str) -> None:
        problems.append(Problem(path, number, f"invalid PO file: {message}"))

    def finish(number: int) -> None:
        nonlocal header
        if entry.state in ("msgctxt", "msgid", "msgid_plural"):
            problem(entry.line, f"the entry has no msgstr: add msgstr \"\" before line {number}")
        if entry.text("msgctxt") is None and entry.text("msgid") == "" and not header:
            header = entry.text("msgstr") or ""

    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # comments, and obsolete (#~) entries, which are not used
        head, quote, rest = line.partition('"')
        words = head.split()
        keyword, token = (words[0] if words else ""), quote + rest
        word = keyword
        if keyword.startswith("msgstr[") and keyword.endswith("]") and keyword[7:-1].isdigit():
            word = "msgstr[]"
        if keyword and word not in _KEYWORDS:
            problem(number, f"unknown keyword {keyword!r}: a line holds msgctxt, msgid, "
                    "msgid_plural, msgstr or msgstr[n] and a string in double quotes, a "
                    "string only, or a comment starting with #")
            continue
        why = _string_problem(token)
        if len(words) > 1 or (keyword and not quote):
            why = f'{keyword} must be followed by a string in double quotes: {keyword} "..."'
        if keyword:
            if word not in _FOLLOWS[entry.state]:
                problem(number, f"{keyword} cannot follow {entry.state.replace('[]', '[n]')}: "
                        "an entry is [msgctxt] msgid [msgid_plural] msgstr, or msgstr[0], "
                        "msgstr[1]... after msgid_plural")
            if word == "msgctxt" or (word == "msgid" and entry.state != "msgctxt"):
                if word in _FOLLOWS[entry.state]:
                    finish(number)
                entry = _Entry(number)
            if word == "msgstr[]":
                if int(keyword[7:-1]) != entry.forms:
                    problem(number, f"{keyword} should be msgstr[{entry.forms}]: number the "
                            "plural forms from 0, in order")
                forms.append((number, entry.forms))
                entry.forms += 1
            if word in ("msgstr", "msgstr[]") and entry.state in ("msgid", "msgid_plural"):
                key = (entry.text("msgctxt"), entry.text("msgid"))
                if key in seen:
                    problem(entry.line, f"the same msgid (and msgctxt) as the entry at line "
                            f"{seen[key]}: delete one of them")
                seen.setdefault(key, entry.line)
            entry.state = word
        elif entry.state == "start":
            problem(number, "a string outside an entry: start the entry with msgid")
            continue
        if why:
            problem(number, why)
        else:
            entry.strings.setdefault(entry.state, []).append(token)
    finish(len(lines) + 1)
    return Syntax(problems, header, forms)


def _header_line(lines: list[str], name: str) -> int | None:
    for number, line in enumerate(lines, 1):
        if line.strip().lower().startswith(f'"{name.lower()}:'):
            return number
    return None


def header_problems(path: str, lines: list[str], syntax: Syntax,
                    code: str | None) -> list[Problem]:
    """A charset other than UTF-8; Plural-Forms that are malformed or count a language's
    plural forms differently from CLDR; and more msgstr[n] than there are plural forms."""
    problems = []
    fields = {}
    for item in syntax.header.split("\n"):
        name, sep, value = item.partition(":")
        if sep:
            fields[name.strip().lower()] = value.strip()
    charset = fields.get("content-type", "").lower().partition("charset=")[2].strip(" ;")
    if charset and charset.replace("-", "").replace("_", "") != "utf8":
        problems.append(Problem(path, _header_line(lines, "Content-Type"),
                                f"the file declares charset={charset}: gcm-portal reads "
                                "catalogs as UTF-8; save the file as UTF-8 and declare "
                                "charset=UTF-8"))
    locale = _locale(code)
    if locale is None:
        return problems
    expected = get_plural(locale)
    for line, index in syntax.forms:
        if index >= expected.num_plurals:
            problems.append(Problem(path, line, f"msgstr[{index}]: {code} has "
                                    f"{expected.num_plurals} plural forms, msgstr[0] to "
                                    f"msgstr[{expected.num_plurals - 1}]; delete this one"))
    if "plural-forms" not in fields:
        return problems
    params = {}
    for part in fields["plural-forms"].split(";"):
        name, _, value = part.partition("=")
        if name.strip():
            params[name.strip().lower()] = value.strip()
    where = _header_line(lines, "Plural-Forms")
    if not params.get("nplurals", "").isdigit() or not params.get("plural"):
        problems.append(Problem(path, where, f"malformed Plural-Forms header "
                                f"{fields['plural-forms']!r}: write "
                                f"{expected.plural_forms!r} (CLDR's rule for {code})"))
    elif int(params["nplurals"]) != expected.num_plurals:
        # The build compiles with CLDR's rule, so only plural entries would pick a wrong form.
        plural = bool(syntax.forms)
        problems.append(Problem(path, where, f"Plural-Forms says nplurals="
                                f"{params['nplurals']}, but {code} has {expected.num_plurals} "
                                f"plural forms in CLDR: write {expected.plural_forms!r}"
                                + ("" if plural else " before the catalog has plural entries"),
                                "error" if plural else "warning"))
    return problems


@dataclass(frozen=True)
class PoFile:
    """A catalog as Babel reads it, with the file's lines, to point at msgstr lines."""

    path: Path
    catalog: Catalog
    lines: list[str]
    warnings: list[Problem] = field(default_factory=list)


def read_po_file(path: Path, code: str | None = None, domain: str | None = None) -> PoFile:
    """Read a PO/POT file, or raise PortalError with every problem that stops reading it:
    size, encoding, syntax, header. A ``portal`` catalog keyed by Material's string names
    is read under gcm-portal's msgids, with a warning (``msgid_migration``)."""
    shown = display_path(path)
    try:
        size = path.stat().st_size
        data = path.read_bytes() if size <= MAX_PO_BYTES else b""
    except OSError as exc:
        raise PortalError([Problem(shown, None, f"cannot read the catalog: "
                                   f"{exc.strerror or exc}")]) from None
    if size > MAX_PO_BYTES:
        raise PortalError([Problem(shown, None, f"the catalog is {size / 2**20:.1f} MB, more "
                                   f"than the {MAX_PO_BYTES // 2**20} MB a catalog may have; "
                                   "remove obsolete (#~) entries, or split the text")])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PortalError([Problem(shown, line, f"bad encoding: byte 0x{data[exc.start]:02x} "
                                   "is not UTF-8; save the file as UTF-8")]) from None
    lines = text.removeprefix(BOM).split("\n")
    syntax = syntax_problems(shown, lines)
    problems = syntax.problems + header_problems(shown, lines, syntax, code)
    if errors_in(problems):
        raise PortalError(problems)
    try:
        catalog = read_po(io.StringIO("\n".join(lines)), locale=_locale(code), domain=domain,
                          abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)  # Babel counts from 0 here
        reason = re.sub(r" on \d+$", "", str(exc))
        raise PortalError([Problem(shown, None if line is None else line + 1,
                                   f"invalid PO file: {reason}; check the quotes and the "
                                   "msgid/msgstr pairs")]) from None
    except (ValueError, TypeError, LookupError) as exc:  # in the header, which Babel parses
        raise PortalError([Problem(shown, _header_line(lines, "Content-Type") or 1,
                                   f"invalid PO header: {exc}; compare it with the header "
                                   "of the .pot file")]) from None
    catalog.charset = "utf-8"
    _read_previous_ids(catalog)
    if domain == "portal":  # written with Material's keys (before 2026): read under ours
        found = msgid_migration.migrate(catalog)
        if found:
            problems.append(msgid_migration.warning(shown, lines, found))
    return PoFile(path, catalog, lines, problems)


def _read_previous_ids(catalog: Catalog) -> None:
    """Babel writes a fuzzy entry's former msgid as ``#| msgid "..."`` but reads it back as
    a translator comment (``| msgid "..."``), which the next ``update`` writes as ``# |``:
    put it back as the previous msgid, so that ``update`` twice gives the same file. Only
    well-formed lines of fuzzy entries: any other comment is the translator's."""
    for message in catalog:
        if not message.fuzzy or not any(c.startswith("|") for c in message.user_comments):
            continue
        parts: list[list[str]] = []
        kept = []
        for comment in message.user_comments:
            if not comment.startswith("|"):
                kept.append(comment)
                continue
            body = comment[1:].strip()
            keyword, _, string = body.partition(" ")
            if keyword in ("msgid", "msgid_plural") and _string_problem(string.strip()) is None:
                parts.append([string.strip()])
            elif parts and _string_problem(body) is None:
                parts[-1].append(body)
            else:
                break  # not what Babel writes: leave the comments as they are
        else:
            message.previous_id = ["".join(unescape(s) for s in part) for part in parts]
            message.user_comments = kept


def read_catalog(path: Path, code: str | None = None, domain: str | None = None) -> Catalog:
    return read_po_file(path, code, domain).catalog


def check_messages(po: PoFile, domain: str | None = None) -> tuple[list[Message], list[Problem]]:
    """The messages the build may use, and the problems of the others, at their msgstr lines.

    Jinja's newstyle ``_()`` applies ``%`` to every interface string (and Python code does
    to those with placeholders), so a ``portal`` msgstr without context must survive ``%``.
    """
    shown = display_path(po.path)
    usable: list[Message] = []
    problems = list(po.warnings)
    for message in po.catalog:
        if not message.id or message.fuzzy or not message.string:
            continue
        formatted = domain == "portal" and message.context is None
        found = check_message(message, po.lines, shown, formatted=formatted)
        problems += found
        complete = not isinstance(message.string, (list, tuple)) or all(message.string)
        if not found and complete:  # Babel would fill an empty plural form with msgid_plural
            usable.append(message)
    return usable, problems


def check_catalog(path: Path, catalog: Catalog, domain: str | None = None) -> list[Problem]:
    """Translations that would break a page or mislead its reader, at their msgstr lines."""
    try:
        po = read_po_file(path, catalog.locale_identifier, domain)
    except PortalError as exc:
        return exc.problems
    return check_messages(PoFile(path, catalog, po.lines, po.warnings), domain)[1]


def stray_catalogs(locales_dir: Path, codes: list[str]) -> list[Problem]:
    """Catalogs of a language the portal does not publish: a translator's work that would
    silently never reach a page."""
    configured = {locale_dir_name(code) for code in codes}
    problems = []
    if not locales_dir.is_dir():
        return problems
    for folder in sorted(locales_dir.iterdir()):
        if folder.is_dir() and folder.name not in configured and any(folder.rglob("*.po")):
            code = language_of_dir(folder.name)
            problems.append(Problem(display_path(folder) + "/", None,
                                    f"catalogs for {code!r}, which is not in "
                                    "plugins.gcm-portal.languages in mkdocs.yml; add it there "
                                    "or delete the folder"))
    return problems


@dataclass(frozen=True)
class LanguageCatalogs:
    """The compiled translations of one language, one per domain."""

    portal: NullTranslations
    countries: NullTranslations
    # The msgids each domain translates: a translation may be the msgid itself ("Berlin").
    translated: Mapping[str, frozenset[str]] = field(default_factory=dict)


def _compile(messages: Iterable[Message], code: str | None, domain: str) -> bytes:
    """A fresh catalog of the checked messages only, as a .mo file: its header (charset,
    Plural-Forms) is CLDR's, never the translator's, so nothing unchecked reaches gettext."""
    catalog = Catalog(locale=_locale(code), domain=domain, charset="utf-8", fuzzy=False)
    for message in messages:
        catalog.add(message.id, message.string, context=message.context)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


PACKAGE_HINT = ("; this catalog is part of the installed gcm-portal: reinstall gcm-portal, "
                "or report it to its maintainers")


def _checked_file(path: Path, code: str,
                  domain: str) -> tuple[tuple[Message, ...] | None, tuple[Problem, ...]]:
    """One catalog's usable messages (None if it cannot be read) and its problems."""
    try:
        po = read_po_file(path, code, domain)
    except PortalError as exc:
        return None, tuple(exc.problems)
    usable, problems = check_messages(po, domain)
    return tuple(usable), tuple(problems)


@lru_cache(maxsize=64)
def _checked_package_file(path: Path, mtime_ns: int, size: int, cwd: str, code: str,
                          domain: str) -> tuple[tuple[Message, ...] | None, tuple[Problem, ...]]:
    """The same for one of gcm-portal's catalogs, which every build of every language
    reads: cached while the file is unchanged and its problems are shown from ``cwd``."""
    usable, problems = _checked_file(path, code, domain)
    return usable, tuple(replace(p, message=p.message + PACKAGE_HINT) for p in problems)


def _message_key(message: Message) -> tuple[str, str | None]:
    """What gettext looks a message up by: its (singular) msgid and its context."""
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def checked_messages(locales_dir: Path, code: str,
                     domain: str) -> tuple[list[Message] | None, list[Problem]]:
    """The messages a language may use in a domain, the portal's over the package's, and
    the problems of both; None when no catalog could be read."""
    merged: dict[tuple[str, str | None], Message] | None = None
    problems: list[Problem] = []
    for path in sources(locales_dir, code, domain):
        if path.resolve().is_relative_to(package_locales().resolve()):
            stat = path.stat()
            usable, found = _checked_package_file(path, stat.st_mtime_ns, stat.st_size,
                                                  str(Path.cwd()), code, domain)
        else:
            usable, found = _checked_file(path, code, domain)
        problems += found
        if usable is None:
            continue
        merged = {} if merged is None else merged
        merged.update((_message_key(message), message) for message in usable)
    return (None if merged is None else list(merged.values())), problems


def load(locales_dir: Path, code: str,
         cache_dir: Path | None = None) -> tuple[LanguageCatalogs, list[Problem]]:
    """Compile a language's catalogs, the portal's over the package's; a missing catalog
    means the strings stay untranslated (or in the package's translation). With
    ``cache_dir``, keep them compiled there for ``cached_load``.

    Never raises for a catalog's content: a translation that fails a check is left out
    (the package's translation, or else the English msgid, is shown) and its problems
    are returned for ``check``; a file that cannot be read is left out whole.
    """
    compiled, problems = _compiled(locales_dir, code)
    if cache_dir is not None:
        _store(_cache_entry(locales_dir, code, cache_dir), compiled)
    return _catalogs(compiled), problems


def cached_load(locales_dir: Path, code: str, cache_dir: Path) -> LanguageCatalogs:
    """``load``'s catalogs without their problems, compiled once for every build that
    reads the same catalogs: for incremental builds, whose catalogs a full build has
    checked and reported already."""
    try:
        stored = json.loads(_cache_entry(locales_dir, code, cache_dir).read_text(
            encoding="utf-8"))
        return _catalogs({domain: (None if mo is None else base64.b64decode(mo), ids)
                          for domain, (mo, ids) in stored.items()})
    except (OSError, ValueError, TypeError):
        return load(locales_dir, code, cache_dir)[0]  # not compiled yet, or unreadable


# A domain's catalog as a .mo file (None: no catalog) and the msgids it translates.
_Compiled = dict[str, tuple[bytes | None, list[str]]]


def _compiled(locales_dir: Path, code: str) -> tuple[_Compiled, list[Problem]]:
    compiled: _Compiled = {}
    problems: list[Problem] = []
    for domain in DOMAINS:
        usable, found = checked_messages(locales_dir, code, domain)
        problems.extend(found)
        compiled[domain] = (None if usable is None else _compile(usable, code, domain),
                            sorted(m.id for m in usable or () if isinstance(m.id, str)))
    return compiled, problems


def _catalogs(compiled: _Compiled) -> LanguageCatalogs:
    return LanguageCatalogs(
        **{domain: NullTranslations() if mo is None else
           Translations(io.BytesIO(mo), domain=domain)
           for domain, (mo, _) in compiled.items()},
        translated={domain: frozenset(ids) for domain, (_, ids) in compiled.items()})


@lru_cache(maxsize=1)
def _checking_code() -> bytes:
    """The code that checks and compiles catalogs: a cached catalog is one it made."""
    package = Path(__file__).parent.parent
    files = sorted([*package.joinpath("i18n").glob("*.py"), *package.joinpath("checks")
                   .glob("*.py")])
    return hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in files)).digest()


def _cache_entry(locales_dir: Path, code: str, cache_dir: Path) -> Path:
    """Keyed by every byte a language's catalogs are compiled from, and by."""
    hasher = hashlib.sha256(_checking_code())
    for path in (p for d in DOMAINS for p in sources(locales_dir, code, d)):
        hasher.update(b"\0" + path.name.encode() + b"\0" + path.read_bytes())
    return cache_dir / f"{locale_dir_name(code)}.{hasher.hexdigest()}.json"


def _store(entry: Path, compiled: _Compiled) -> None:
    """Write a language's entry, and forget its older ones."""
    stored = {domain: (None if mo is None else base64.b64encode(mo).decode(), ids)
              for domain, (mo, ids) in compiled.items()}
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(stored, f)
        os.replace(temporary, entry)
        language = entry.name.split(".")[0]
        for older in entry.parent.glob(f"{language}.*.json"):
            if older != entry:
                older.unlink(missing_ok=True)
    except OSError:
        return  # a read-only or full disk: compiled again next time


class Compiled(dict[str, LanguageCatalogs]):
    """Each language's catalogs, compiled when first asked for if not loaded before: an
    incremental build needs only those of the languages it rebuilds."""

    def __init__(self, locales_dir: Path, cache_dir: Path | None = None) -> None:
        super().__init__()
        self.locales_dir = locales_dir
        self.cache_dir = cache_dir

    def __missing__(self, code: str) -> LanguageCatalogs:
        if self.cache_dir is None:
            self[code], _ = load(self.locales_dir, code)
        else:
            self[code] = cached_load(self.locales_dir, code, self.cache_dir)
        return self[code]


def new_template(domain: str) -> Catalog:
    return Catalog(project=PROJECT, domain=domain, charset="utf-8",
                   creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                   fuzzy=False)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a PO/POT file without volatile dates, so it changes only when strings change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = catalog.creation_date
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False, omit_header=False,
             include_previous=True)
    path.write_bytes(buffer.getvalue())


def _add_package_strings(template: Catalog, catalog: Catalog | None, code: str,
                         domain: str) -> None:
    """Add to a portal's template the package's strings its translators need: all of them
    for a language the package does not translate (Swahili), else those the portal's
    catalog translates, which are overrides that ``update`` must keep (and mark fuzzy when
    the package's text changes), not make obsolete."""
    path = pot_path(package_locales(), domain)
    if not path.is_file():
        return
    everything = package_po_path(code, domain) is None
    for message in read_catalog(path):
        if not message.id or template.get(message.id, context=message.context) is not None:
            continue
        ours = catalog.get(message.id, context=message.context) if catalog else None
        if everything or (ours is not None and ours.string):
            template.add(message.id, context=message.context, locations=message.locations,
                         flags=message.flags, auto_comments=message.auto_comments)


def update(locales_dir: Path, codes: Iterable[str], domain: str) -> list[Path]:
    """Merge a domain's template into every language's catalog, creating missing ones; with
    the package's strings a language needs (see ``_add_package_strings``)."""
    written = []
    for code in codes:
        template = read_catalog(pot_path(locales_dir, domain))
        path = po_path(locales_dir, code, domain)
        if path.exists():
            catalog = read_catalog(path, code, domain)
            _add_package_strings(template, catalog, code, domain)
            # Babel keeps a previous msgid only where it matches one itself: keep the
            # file's, so a fuzzy entry still shows what changed, and a second run is a no-op.
            previous = {_message_key(m): m.previous_id for m in catalog
                        if m.id and m.fuzzy and m.previous_id}
            catalog.update(template, update_header_comment=False)
            for message in catalog:
                if message.fuzzy and not message.previous_id and message.id:
                    message.previous_id = previous.get(_message_key(message), [])
        else:
            _add_package_strings(template, None, code, domain)
            catalog = Catalog(locale=Locale.parse(code, sep="-"), domain=domain,
                              project=PROJECT, charset="utf-8",
                              creation_date=template.creation_date, fuzzy=False)
            catalog.update(template)
        write_catalog(path, catalog)
        written.append(path)
    return written


def compile_mo(locales_dir: Path, codes: Iterable[str]) -> list[Path]:
    """Write .mo files for tools that want them (the build itself compiles in memory),
    with the package's translations under the portal's, as the build uses them."""
    written = []
    for code in codes:
        for domain in DOMAINS:
            path = po_path(locales_dir, code, domain)
            if not path.exists():
                continue
            read_po_file(path, code, domain)  # a file that cannot be read stops, as before
            mo = path.with_suffix(".mo")
            usable, _ = checked_messages(locales_dir, code, domain)
            catalog = Catalog(locale=_locale(code), domain=domain, charset="utf-8", fuzzy=False)
            for message in usable or []:
                catalog.add(message.id, message.string, context=message.context)
            with mo.open("wb") as fp:
                write_mo(fp, catalog, use_fuzzy=False)
            written.append(mo)
    return written
