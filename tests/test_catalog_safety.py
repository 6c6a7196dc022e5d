"""A translation is published only if it holds exactly the placeholders and markup of its
msgid and no invisible controls; every problem is at the msgstr's line of the .po file."""

from pathlib import Path

import pytest

from gcm_portal.errors import PortalError
from gcm_portal.i18n import catalogs, pocheck

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'  # lines 1-4


@pytest.fixture(autouse=True)
def _catalog_alone(monkeypatch, tmp_path_factory):
    """Each test reads its own catalog alone: gcm-portal's own French and Arabic catalogs
    would translate Helplines or Countries under it (test_package_catalogs merges them)."""
    empty = tmp_path_factory.mktemp("no-package-locales")
    monkeypatch.setattr(catalogs, "package_locales", lambda: empty)


def _write(locales: Path, body: str, lang: str = "fr", domain: str = "portal",
           header: str = HEADER) -> Path:
    path = catalogs.po_path(locales, lang, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + body, encoding="utf-8")
    return path


def _problems(locales: Path, lang: str = "fr") -> list[str]:
    _, problems = catalogs.load(locales, lang)
    return [str(problem) for problem in problems]


def _one(tmp_path: Path, body: str, *, line: int, domain: str = "portal", lang: str = "fr",
         header: str = HEADER) -> str:
    """The one problem of a catalog, asserted to be at ``path:line``; its message."""
    path = _write(tmp_path, body, lang, domain, header)
    (problem,) = _problems(tmp_path, lang)
    assert problem.startswith(f"{path.as_posix()}:{line}: error: "), problem
    return problem.split(": error: ", 1)[1]


# Placeholders

def test_a_lost_placeholder_is_reported_at_the_msgstr_line(tmp_path):
    message = _one(tmp_path, '#, python-format\nmsgid "%(country)s: documents"\n'
                   'msgstr "Documents"\n', line=7)
    assert message == ("translation of '%(country)s: documents': the translation lacks the "
                       "placeholder %(country)s of the original; copy it into the translation "
                       "unchanged")


def test_an_added_placeholder_is_reported_even_without_the_python_format_flag(tmp_path):
    message = _one(tmp_path, 'msgid "Helplines"\nmsgstr "Aide pour %(name)s"\n', line=6)
    assert "has the placeholder %(name)s that the original does not have" in message


def test_a_renamed_placeholder_is_lost_and_added(tmp_path):
    path = _write(tmp_path, 'msgid "%(country)s: documents"\nmsgstr "%(pays)s : documents"\n')
    problems = _problems(tmp_path)
    assert [p.split(": error: ")[0] for p in problems] == [f"{path.as_posix()}:6"] * 2
    assert "lacks the placeholder %(country)s" in problems[0]
    assert "has the placeholder %(pays)s" in problems[1]


@pytest.mark.parametrize("msgstr", ["%(country) : documents", "Documents : %(country)",
                                    "%(country : documents"])
def test_a_malformed_placeholder_is_reported(tmp_path, msgstr):
    message = _one(tmp_path, f'msgid "%(country)s: documents"\nmsgstr "{msgstr}"\n', line=6)
    assert "%% for a percent sign" in message
    assert ("not a valid format string" in message) or ("never closed" in message)


def test_a_changed_conversion_is_reported(tmp_path):
    message = _one(tmp_path, 'msgid "%(range)s days"\nmsgstr "%(range)d jours"\n', line=6)
    assert "the placeholder %(range)d converts its value differently" in message


@pytest.mark.parametrize("msgid", ["Sample data", "%(range)s days"])
def test_a_lone_percent_sign_in_an_interface_string(tmp_path, msgid):
    # Jinja's newstyle _() applies % to every interface string: "100%" would stop the build.
    keep = " %(range)s" if "%" in msgid else ""
    message = _one(tmp_path, f'msgid "{msgid}"\nmsgstr "100%{keep}"\n', line=6)
    assert "write %% for a percent sign" in message


def test_a_percent_sign_that_reads_as_a_placeholder(tmp_path):
    message = _one(tmp_path, 'msgid "Sample data"\nmsgstr "Exemple sûr à 100% sûr"\n', line=6)
    assert message == ("translation of 'Sample data': '% s' in the translation is read as a "
                       "placeholder; write %% for a percent sign")


def test_a_written_percent_sign_passes_and_a_country_text_is_not_formatted(tmp_path):
    _write(tmp_path, 'msgid "Sample data"\nmsgstr "Exemple à 100%%"\n')
    _write(tmp_path, 'msgid "Health care"\nmsgstr "Soins remboursés à 70%"\n', domain="countries")
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert problems == []
    assert loaded.portal.gettext("Sample data") % {} == "Exemple à 100%"
    assert loaded.countries.gettext("Health care") == "Soins remboursés à 70%"


def test_brace_placeholders_must_match_when_the_msgid_has_some(tmp_path):
    path = _write(tmp_path, 'msgid "Report {title}"\nmsgstr "Signaler {titre}"\n')
    lost, added = _problems(tmp_path)
    assert lost.startswith(f"{path.as_posix()}:6: error: translation of 'Report {{title}}': the "
                           "translation lacks the placeholder {title} of the original")
    assert added.startswith(f"{path.as_posix()}:6: error: ")
    assert "has the placeholder {titre} that the original does not have" in added
    assert pocheck.check_translation("Report {title}", "Signaler {title") \
        == ["the translation has an unmatched '{' or '}': copy the placeholders {title} "
            "unchanged and write {{ and }} for literal braces"]
    assert pocheck.check_translation("Report", "Signaler {x}") == []  # no .format on it


def test_a_multiline_msgstr_is_reported_at_its_first_line(tmp_path):
    message = _one(tmp_path, '#: gcm_portal/render/pages.py:47\n#, python-format\n'
                   'msgid ""\n"%(country)s: visas, "\n"permits"\nmsgstr ""\n"Visas"\n"et permis"\n',
                   line=10)
    assert "lacks the placeholder %(country)s" in message


def test_a_fuzzy_translation_is_not_checked_and_not_used(tmp_path):
    _write(tmp_path, '#, fuzzy\nmsgid "%(country)s: documents"\nmsgstr "%(pays)s"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert problems == []
    assert loaded.portal.gettext("%(country)s: documents") == "%(country)s: documents"


# Markup

def test_added_markup_is_reported(tmp_path):
    message = _one(tmp_path, 'msgid "Helplines"\nmsgstr "Aide<script>alert(1)</script>"\n',
                   line=6)
    assert message == ("translation of 'Helplines': the translation adds the markup </script> "
                       "<script>, which the original does not have; a translation may only hold "
                       "the markup of its original, unchanged")


def test_a_javascript_link_is_reported(tmp_path):
    message = _one(tmp_path, 'msgid "Helplines"\n'
                   'msgstr "<a href=\\"javascript:alert(1)\\">Aide</a>"\n', line=6)
    assert 'adds the markup </a> <a href="javascript:alert(1)">' in message


def test_a_changed_attribute_is_reported(tmp_path):
    path = _write(tmp_path, 'msgid "See <a href=\\"/help\\">help</a>"\n'
                  'msgstr "Voir <a href=\\"https://evil.example\\">aide</a>"\n')
    problems = _problems(tmp_path)
    assert [p.split(": error: ")[0] for p in problems] == [f"{path.as_posix()}:6"] * 2
    assert 'adds the markup <a href="https://evil.example">' in problems[0]
    assert 'lacks the markup <a href="/help">' in problems[1]


def test_a_tag_left_open_at_the_end_is_markup(tmp_path):
    # The page's next ">" would close it: <img src=x onerror=... ** 50 €>.
    message = _one(tmp_path, 'msgid "Fee:"\nmsgstr "Frais <img src=x onerror=alert(1)"\n',
                   line=6)
    assert "adds the markup <img" in message


def test_the_same_markup_entities_and_comparisons_pass(tmp_path):
    _write(tmp_path, 'msgid "See <a href=\\"/help\\">help</a>"\n'
           'msgstr "Voir <a href=\\"/help\\">l\'aide</a>"\n\n'
           'msgid "Fees and costs"\nmsgstr "Frais &amp; coûts, 3 < 4 > 2"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert problems == []
    assert loaded.portal.gettext("Fees and costs") == "Frais &amp; coûts, 3 < 4 > 2"


# Invisible characters

def test_a_right_to_left_override_is_reported_by_its_name(tmp_path):
    message = _one(tmp_path, 'msgid "Fee: 57"\nmsgstr "الرسوم: 5\u202e7"\n', lang="ar", line=6)
    assert message.startswith("translation of 'Fee: 57': U+202E RIGHT-TO-LEFT OVERRIDE "
                              "reorders the text")


def test_an_unclosed_isolate_is_reported(tmp_path):
    message = _one(tmp_path, 'msgid "Hours"\nmsgstr "\u2067الساعات"\n', lang="ar", line=6)
    assert "U+2067 RIGHT-TO-LEFT ISOLATE is never closed by U+2069" in message


def test_a_control_character_is_reported(tmp_path):
    message = _one(tmp_path, 'msgid "Hours"\nmsgstr "Heures\x1b[31m"\n', line=6)
    assert "control character U+001B in the translation; delete it" in message


# Plural forms

PLURAL = ('msgid "%(n)d day"\nmsgid_plural "%(n)d days"\n'  # lines 5, 6
          'msgstr[0] "%(n)d jour"\nmsgstr[1] "%(n)d jours"\nmsgstr[2] "{last}"\n')  # 7, 8, 9


def test_each_plural_form_is_reported_at_its_msgstr_n_line(tmp_path):
    path = _write(tmp_path, PLURAL.format(last="%(n)s jours"))
    (problem,) = _problems(tmp_path)
    assert problem == (f"{path.as_posix()}:9: error: translation of '%(n)d day' msgstr[2]: the "
                       "placeholder %(n)s converts its value differently from the original "
                       "(%(n)d); copy it unchanged")
    path.unlink()
    _write(tmp_path, PLURAL.format(last="%(m)d jours"))
    lost, added = _problems(tmp_path)
    assert lost.startswith(f"{path.as_posix()}:9: error: translation of '%(n)d day' msgstr[2]: "
                           "the translation lacks the placeholder %(n)d")
    assert added.startswith(f"{path.as_posix()}:9: error: ")


def test_plural_forms_that_pass_are_compiled(tmp_path):
    _write(tmp_path, PLURAL.format(last="%(n)d jours"))
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert problems == []
    assert loaded.portal.ngettext("%(n)d day", "%(n)d days", 1) == "%(n)d jour"
    assert loaded.portal.ngettext("%(n)d day", "%(n)d days", 5) == "%(n)d jours"


def test_every_plural_form_follows_the_msgid_as_gettext_may_return_any(tmp_path):
    # gettext("Helplines") returns a form of a plural entry, and msgid_plural is the
    # translator's to edit: following it would let "%(evil)s" through to the page.
    path = _write(tmp_path, 'msgid "Helplines"\nmsgid_plural "%(evil)s"\n'
                  'msgstr[0] "%(evil)s"\nmsgstr[1] "Aide"\nmsgstr[2] "Aide"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert [str(p)[:len(path.as_posix()) + 3] for p in problems] == [f"{path.as_posix()}:7:"]
    assert "has the placeholder %(evil)s that the original does not have" in problems[0].message
    assert loaded.portal.gettext("Helplines") % {} == "Helplines"


def test_more_plural_forms_than_the_language_has(tmp_path):
    message = _one(tmp_path, PLURAL.format(last="%(n)d jours") + 'msgstr[3] "x"\n', line=10)
    assert message == "msgstr[3]: fr has 3 plural forms, msgstr[0] to msgstr[2]; delete this one"


def test_plural_forms_header_must_match_cldr(tmp_path):
    header = HEADER.replace('\n\n', '\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    message = _one(tmp_path, 'msgid "One day"\nmsgid_plural "%(n)d days"\nmsgstr[0] "Un jour"\n'
                   'msgstr[1] "%(n)d jours"\n', header=header, line=4)
    assert message.startswith("Plural-Forms says nplurals=2, but fr has 3 plural forms in CLDR: "
                              "write 'nplurals=3; plural=")


def test_plural_forms_header_differing_from_cldr_is_a_warning_without_plural_entries(tmp_path):
    header = HEADER.replace('\n\n', '\n"Plural-Forms: nplurals=2; plural=(n > 1);\\n"\n\n')
    path = _write(tmp_path, 'msgid "Helplines"\nmsgstr "Aide"\n', header=header)
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert [str(p).split(": warning: ")[0] for p in problems] == [f"{path.as_posix()}:4"]
    assert loaded.portal.gettext("Helplines") == "Aide"


def test_a_malformed_plural_forms_header(tmp_path):
    header = HEADER.replace('\n\n', '\n"Plural-Forms: nplurals=two; plural=(n > 1);\\n"\n\n')
    message = _one(tmp_path, 'msgid "Helplines"\nmsgstr "Aide"\n', header=header, line=4)
    assert message.startswith("malformed Plural-Forms header 'nplurals=two; plural=(n > 1);': "
                              "write 'nplurals=3;")


# The file

def test_an_unclosed_quote_is_reported_at_its_line_not_at_the_end(tmp_path):
    body = "".join(f'msgid "String {n}"\nmsgstr "Texte {n}"\n\n' for n in range(1, 4))  # 5-13
    body += 'msgid "Broken"\nmsgstr "Cassé\n\n'  # lines 14, 15
    body += "".join(f'msgid "More {n}"\nmsgstr "Plus {n}"\n\n' for n in range(1, 4))
    body = body.replace('msgid "Broken"', 'msgctxt "x"\nmsgid "Broken"', 1)  # msgstr at 16
    message = _one(tmp_path, body, line=16)
    assert message == ('invalid PO file: the string is not closed: end it with a double quote '
                       '(") on the same line')


@pytest.mark.parametrize(("body", "line", "reason"), [
    ('msgid "a"\nmsgstr "b"x\n', 6, "text after the closing quote"),
    ('msgid "a"\nmsgstr b\n', 6, 'msgstr must be followed by a string in double quotes'),
    ('msgid "a"\nmsgstr "b"\ngarbage here\n', 7, "unknown keyword 'garbage'"),
    ('msgid "a"\nmsgstr "b\\q"\n', 6, "unknown escape \\q"),
    ('msgid "a"\n\nmsgid "b"\nmsgstr "c"\n', 7, "msgid cannot follow msgid"),
    ('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n', 8, "the same msgid"),
    ('msgid "a"\nmsgstr "b"\n"c" d\n', 7, "text after the closing quote"),
])
def test_syntax_errors_are_reported_at_their_line(tmp_path, body, line, reason):
    message = _one(tmp_path, body, line=line)
    assert message.startswith("invalid PO file: ") and reason in message


def test_a_syntax_error_leaves_the_whole_file_out(tmp_path):
    # Babel would read msgstr "Aide as "Aid" and go on: nothing of a broken file is trusted.
    _write(tmp_path, 'msgid "Helplines"\nmsgstr "Aide\n\nmsgid "Countries"\nmsgstr "Pays"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert len(problems) == 1
    assert loaded.portal.gettext("Countries") == "Countries"


def test_bad_encoding_is_reported_at_the_line_of_the_byte(tmp_path):
    path = _write(tmp_path, "")
    path.write_bytes(HEADER.encode() + 'msgid "Fees"\nmsgstr "Frais réduits"\n'.encode("latin-1"))
    (problem,) = _problems(tmp_path)
    assert problem == (f"{path.as_posix()}:6: error: bad encoding: byte 0xe9 is not UTF-8; "
                       "save the file as UTF-8")


def test_a_charset_other_than_utf8_is_reported(tmp_path):
    message = _one(tmp_path, 'msgid "a"\nmsgstr "b"\n', header=HEADER.replace("utf-8", "latin-1"),
                   line=3)
    assert message.startswith("the file declares charset=latin-1")


def test_a_catalog_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(catalogs, "MAX_PO_BYTES", 1024)
    path = _write(tmp_path, 'msgid "a"\nmsgstr "b"\n' + "# padding\n" * 200)
    (problem,) = _problems(tmp_path)
    assert problem == (f"{path.as_posix()}: error: the catalog is 0.0 MB, more than the 0 MB a "
                       "catalog may have; remove obsolete (#~) entries, or split the text")
    with pytest.raises(PortalError):
        catalogs.read_catalog(path, "fr")


def test_the_size_cap_is_5_mb(tmp_path):
    assert catalogs.MAX_PO_BYTES == 5 * 2**20
    path = _write(tmp_path, 'msgid "a"\nmsgstr "b"\n')
    with path.open("ab") as fp:
        fp.truncate(5 * 2**20 + 1)
    (problem,) = _problems(tmp_path)
    assert problem == (f"{path.as_posix()}: error: the catalog is 5.0 MB, more than the 5 MB a "
                       "catalog may have; remove obsolete (#~) entries, or split the text")


def test_a_catalog_folder_of_a_language_not_configured(tmp_path):
    _write(tmp_path, 'msgid "a"\nmsgstr "b"\n', lang="fa-AF")
    _write(tmp_path, 'msgid "a"\nmsgstr "b"\n', lang="pt-BR")
    (tmp_path / "empty").mkdir()  # no catalogs in it: nothing lost
    problems = catalogs.stray_catalogs(tmp_path, ["en", "pt-BR"])
    assert [str(p) for p in problems] == [
        f"{(tmp_path / 'fa_AF').as_posix()}/: error: catalogs for 'fa-AF', which is not in "
        "plugins.gcm-portal.languages in mkdocs.yml; add it there or delete the folder"]
    assert catalogs.stray_catalogs(tmp_path / "missing", ["en"]) == []


# The build

def test_load_leaves_hostile_translations_out_and_keeps_the_others(tmp_path):
    _write(tmp_path, 'msgid "Helplines"\nmsgstr "<script>alert(1)</script>"\n\n'
           'msgid "%(country)s: documents"\nmsgstr "%(country)s : documents %(x)s"\n\n'
           'msgid "Sample data"\nmsgstr "100% faux"\n\n'
           'msgid "Countries"\nmsgstr "Pays"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert len(problems) == 3
    assert loaded.portal.gettext("Helplines") == "Helplines"
    assert loaded.portal.gettext("%(country)s: documents") % {"country": "DE"} == "DE: documents"
    assert loaded.portal.gettext("Sample data") % {} == "Sample data"
    assert loaded.portal.gettext("Countries") == "Pays"


def test_compiled_catalogs_use_cldr_plural_rules_not_the_files(tmp_path):
    header = HEADER.replace('\n\n', '\n"Plural-Forms: nplurals=6; plural=n%6;\\n"\n\n')
    forms = "".join(f'msgstr[{n}] "form {n}"\n' for n in range(6))
    _write(tmp_path, f'msgid "day"\nmsgid_plural "days"\n{forms}', lang="ar", header=header)
    loaded, problems = catalogs.load(tmp_path, "ar")
    assert problems == []  # six forms, as CLDR says for Arabic
    assert loaded.portal.ngettext("day", "days", 11) == "form 4"  # CLDR "many", not 11 % 6


def test_the_demo_catalogs_have_no_errors():
    root = Path(__file__).parent.parent / "locales"
    for code in ["fr", "es", "ar", "bn", "ne", "ps"]:
        _, problems = catalogs.load(root, code)
        assert [p for p in problems if p.severity == "error"] == [], code


def test_babels_own_errors_are_at_their_line_too(tmp_path):
    # Obsolete (#~) entries are left to Babel's reader, which counts lines from 0.
    message = _one(tmp_path, 'msgid "a"\nmsgstr "b"\n\n#~ msgid "x"\n#~ garbage\n', line=9)
    assert message.startswith("invalid PO file: Unknown or misformatted keyword")
