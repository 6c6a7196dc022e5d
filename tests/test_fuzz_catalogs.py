"""Whatever a .po file holds, reading it raises nothing but PortalError and loading it raises
nothing at all; and every translation the build compiles formats like its msgid."""

import contextlib
import tempfile
from pathlib import Path

from babel.messages.pofile import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_portal.checks import textsafety
from gcm_portal.errors import PortalError
from gcm_portal.i18n import catalogs, pocheck

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

MSGIDS = ["Helplines", "Sample data", "%(country)s: documents", "%(range)s days",
          "%(language)s and %(date)s", "See <a href=\"/help\">help</a>", "Report {title}",
          "100%% done", "%s of %s"]
TRICKY = [*'%%%{}()"\\<>/=&;#:sdx \n\t', "\x00", "\x1b", "\r", "\u202e", "\u2067", "\u2069",
          "\u200f", "\ufeff", "\u2028", "ا", "é"]
text = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(codec="utf-8"), max_size=40)
mild = st.text(alphabet="abé اথ %(){}<>&;:sd", max_size=12)  # what translators mostly type
HEADERS = ["", '"Plural-Forms: nplurals=3; plural=(n > 1);\\n"\n',
           '"Plural-Forms: nplurals=x; plural=;\\n"\n', '"Plural-Forms: garbage\\n"\n',
           '"Content-Type: text/plain; charset=latin-1\\n"\n', '"PO-Revision-Date: soon\\n"\n']


@st.composite
def translations(draw: st.DrawFn, msgid: str) -> str:
    """Mostly the msgid with something inserted, as a translator's slip or an attack."""
    if draw(st.integers(0, 3)) == 0:
        return draw(text)
    at = draw(st.integers(0, len(msgid)))
    return "T " + msgid[:at] + draw(mild | text) + msgid[at:] * draw(st.integers(0, 1))


@st.composite
def entry(draw: st.DrawFn, msgid: str, forms: int | None) -> str:
    """A PO entry that looks valid: strings escaped as PO writes them, or raw, unescaped.
    With ``forms`` (the language's number of plural forms) it is valid PO."""
    escaped = forms is not None or draw(st.booleans())
    quote = (lambda s: f'"{escape(s)[1:-1]}"') if escaped else (lambda s: f'"{s}"')
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(["#, fuzzy", "#, python-format", "#: x.py:1"])))
    if draw(st.integers(0, 4)) == 0:
        lines.append(f"msgctxt {quote(draw(text))}")
    lines.append(f"msgid {quote(msgid)}")
    if draw(st.integers(0, 3)) == 0:
        lines.append(f"msgid_plural {quote(draw(st.sampled_from(MSGIDS)))}")
        forms = draw(st.integers(0, 7)) if forms is None else forms
        lines += [f"msgstr[{n}] {quote(draw(translations(msgid)))}" for n in range(forms)]
    else:
        lines.append(f"msgstr {quote(draw(translations(msgid)))}")
        lines += [quote(draw(text)) for _ in range(draw(st.integers(0, 2)))]
    return "\n".join(lines) + "\n"


@st.composite
def po_texts(draw: st.DrawFn) -> tuple[str, str]:
    """A catalog (header and entries of distinct msgids, mostly the code's) and its language."""
    msgids = draw(st.lists(st.sampled_from(MSGIDS) | text.filter(bool), unique=True,
                           max_size=6))
    lang = draw(st.sampled_from(["fr", "ar", "ne"]))
    valid = draw(st.booleans())  # half of them valid PO, so the messages' checks are reached
    forms = {"fr": 3, "ar": 6, "ne": 2}[lang] if valid else None
    body = "\n".join(draw(entry(msgid, forms)) for msgid in msgids)
    header = "" if valid else draw(st.sampled_from(HEADERS))
    return ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n'
            f"{header}\n{body}", lang)


def _load(data: bytes, lang: str) -> catalogs.LanguageCatalogs:
    with tempfile.TemporaryDirectory() as tmp:
        path = catalogs.po_path(Path(tmp), lang, "portal")
        path.parent.mkdir(parents=True)
        path.write_bytes(data)
        with contextlib.suppress(PortalError):  # and nothing else
            catalogs.read_catalog(path, lang, "portal")
        loaded, problems = catalogs.load(Path(tmp), lang)
        assert all(problem.line is None or problem.line >= 1 for problem in problems)
        return loaded


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from(["fr", "ar"]))
def test_random_bytes_never_raise(data, lang):
    _load(b'msgid ""\nmsgstr ""\n' + data, lang)
    _load(data, lang)


@SETTINGS
@given(po_texts())
def test_every_compiled_translation_formats_like_its_msgid(case):
    po, lang = case
    loaded = _load(po.encode("utf-8"), lang)
    for msgid in MSGIDS:
        translated = loaded.portal.gettext(msgid)
        original = pocheck.percent_format(msgid)
        if original.error is None and not original.positional:
            # As Jinja's newstyle _() and the Python code do: never a KeyError or ValueError.
            translated % {name: "x" for name in original.names}
        assert pocheck.markup(translated) == pocheck.markup(msgid)
        assert not list(textsafety.findings(translated))


@SETTINGS
@given(st.sampled_from(MSGIDS).flatmap(lambda m: st.tuples(st.just(m), translations(m))))
def test_a_translation_that_passes_the_checks_is_safe(case):
    msgid, msgstr = case
    if pocheck.check_translation(msgid, msgstr, formatted=True):
        return
    original = pocheck.percent_format(msgid)
    if original.error is None and not original.positional:
        msgstr % {name: "x" for name in original.names}
    assert pocheck.markup(msgstr) == pocheck.markup(msgid)
    assert not list(textsafety.findings(msgstr))
