import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from gcm_portal.errors import Problem
from gcm_portal.model.countries import (
    load_countries,
    load_country,
    schema,
    translatable_strings,
    unlisted_countries,
    url_problem,
    validate,
)
from gcm_portal.model.yamlfile import load, parse

ROOT = Path(__file__).resolve().parent.parent
DEMO = sorted((ROOT / "content" / "countries").glob("*.yml"))


def test_demo_countries_are_valid_and_marked_as_sample():
    assert len(DEMO) >= 3
    for path in DEMO:
        country, problems = load_country(path)
        assert problems == []
        assert country is not None and country.sample


def test_schema_is_a_valid_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema())


def _broken(tmp_path: Path, old: str, new: str, name: str = "de.yml") -> list[str]:
    text = (ROOT / "content" / "countries" / "de.yml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return _shown(validate(load(path)))


def _shown(problems: list[Problem]) -> list[str]:
    """Problems as editors see them, with the file's name for its temporary path."""
    return [str(replace(p, path=Path(p.path).name)) for p in problems]


def _line_of(tmp_path: Path, needle: str, name: str = "de.yml") -> int:
    lines = (tmp_path / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if needle in line)


def test_wrong_type_points_at_the_field(tmp_path):
    problems = _broken(tmp_path, "amount: 75", "amount: seventy-five")
    line = _line_of(tmp_path, "seventy-five")
    assert any(p.startswith(f"{tmp_path.name}") or f":{line}: error:" in p for p in problems)
    assert any(f"de.yml:{line}: error: visas.items.0.fee.amount: 'seventy-five' is not of "
               "type 'number'" in p for p in problems), problems


def test_unknown_field_is_named_with_the_fix(tmp_path):
    problems = _broken(tmp_path, "currency: EUR\n", "currency: EUR\nvisa: []\n")
    assert any("'visa' was unexpected" in p and "remove the field or correct its spelling" in p
               for p in problems), problems


def test_unknown_currency_code(tmp_path):
    problems = _broken(tmp_path, "currency: EUR\n", "currency: EUX\n")
    assert any(":4: error: currency: 'EUX' is not an ISO 4217 currency code" in p
               for p in problems), problems


def test_file_name_must_match_the_code(tmp_path):
    problems = _broken(tmp_path, "code: DE", "code: DE", name="fr.yml")
    assert any("does not match the file name 'fr.yml'" in p for p in problems)


def test_translatable_text_follows_the_schema():
    doc = load(ROOT / "content" / "countries" / "de.yml")
    found = dict(translatable_strings(doc.data))
    assert ("visas", "items", 0, "purpose") in found
    # Not text for translators: codes, URLs, phone numbers, dates, addresses.
    assert not any(key[-1] in {"url", "phone", "reviewed", "currency", "id", "address"}
                   for key in found)


def test_a_non_mapping_file_is_refused(tmp_path):
    doc = parse("- just a list\n", tmp_path / "de.yml")
    (problem,) = validate(doc)
    assert "must be a mapping" in problem.message


def test_a_missing_field_is_the_one_problem_reported(tmp_path):
    # The section's allOf fails, and JSON Schema then calls 'sources' unexpected too.
    problems = _broken(tmp_path, "  reviewed: '2026-09-15'\n", "")
    assert problems == [
        "de.yml:7: error: visas: missing required field 'reviewed'; add it (see the schema or "
        "`gcm-portal new-country XX` for an example)"]


def test_a_misspelt_field_is_one_problem_at_its_line(tmp_path):
    problems = _broken(tmp_path, "      purpose: Work", "      purpos: Work")
    line = _line_of(tmp_path, "purpos: Work")
    assert problems == [f"de.yml:{line}: error: visas.items.0: 'purpos' was unexpected; did "
                        "you mean 'purpose'? Correct its spelling"]


def test_an_unknown_field_beside_a_missing_one_is_reported_too(tmp_path):
    problems = _broken(tmp_path, "  reviewed: '2026-09-15'\n", "  checked_on: '2026-09-15'\n")
    assert problems == [
        "de.yml:7: error: visas: missing required field 'reviewed'; add it (see the schema or "
        "`gcm-portal new-country XX` for an example)",
        "de.yml:8: error: visas: 'checked_on' was unexpected; remove the field or correct its "
        "spelling"]


RLO, ZWNJ, LRI, PDI = "\u202e", "\u200c", "\u2066", "\u2069"


def test_an_override_in_prose_is_an_error_at_its_line(tmp_path):
    problems = _broken(tmp_path, "purpose: Work in", f"purpose: Work {RLO}in")
    line = _line_of(tmp_path, RLO)
    assert problems == [
        f"de.yml:{line}: error: visas.items.0.purpose: U+202E RIGHT-TO-LEFT OVERRIDE reorders "
        "the text after it (a fee of 57 can be shown as 75); delete it (retype the text "
        "around it if your editor does not show it); the site sets the text direction itself"]


def test_joiners_and_closed_isolates_pass_in_prose_and_in_source_titles(tmp_path):
    assert _broken(tmp_path, "purpose: Work in", f"purpose: می{ZWNJ}خواهم {LRI}Work{PDI} in") \
        == []
    assert _broken(tmp_path, "- title: Make it", f"- title: می{ZWNJ}خواهم Make it") == []


@pytest.mark.parametrize(("old", "new", "field"), [
    ("hours: Monday to Friday, 9:00–13:00", f"hours: Monday to Friday, {LRI}9:00–13:00{PDI}",
     "embassies.items.0.hours"),
    ("phone: +49 30 0000 0001", f"phone: +49 30 0000{ZWNJ} 0001", "embassies.items.0.phone"),
    ("address: Sample Street 1", f"address: Sample Street {RLO}1", "embassies.items.0.address"),
    ("email: consulate-af", f"email: {ZWNJ}consulate-af", "embassies.items.0.email"),
    ("amount: 75", f"amount: 7{RLO}5", "visas.items.0.fee.amount"),
])
def test_any_format_character_in_a_literal_is_an_error(tmp_path, old, new, field):
    problems = _broken(tmp_path, old, new)
    line = _line_of(tmp_path, new)
    assert problems, problems
    for problem in problems:  # one for each character, the schema's pattern not repeated
        assert problem.startswith(f"de.yml:{line}: error: {field}: U+")
        assert "in a number, phone number, code or address" in problem


@pytest.mark.parametrize(("url", "why"), [
    ('https://evil.example/"onmouseover="alert(1)',
     "'\"' is not allowed in an address; percent-encode it as %22, or remove it"),
    ("https://evil.example/<script>", "'<' is not allowed in an address; percent-encode it as "
                                      "%3C, or remove it"),
    ("https://evil.example/a\\b", "'\\\\' is not allowed in an address; percent-encode it as "
                                  "%5C, or remove it"),
    ("https:///no-host", "'https:///no-host' has no host name; write a full address, e.g. "
                         "https://example.org/"),
    ("https://[::1/", "'https://[::1/' is not a valid address (Invalid IPv6 URL)"),
    ("https://a.example/ x", "U+0020 SPACE is not allowed in an address; remove it"),
])
def test_a_source_url_must_be_a_safe_https_address(tmp_path, url, why):
    problems = _broken(tmp_path, "url: https://www.make-it-in-germany.com/en/\n    - title",
                       f"url: '{url}'\n    - title")
    line = _line_of(tmp_path, url[:20])
    assert problems == [f"de.yml:{line}: error: visas.sources.0.url: {why}"]


def test_url_problem_by_scheme():
    assert url_problem("javascript:alert(1)") == "'javascript:alert(1)' must start with https://"
    assert url_problem("mailto:x@example.org", ("https", "mailto")) is None
    assert url_problem("mailto:nobody", ("https", "mailto")) == (
        "'mailto:nobody' has no e-mail address; write e.g. mailto:editors@example.org")
    assert url_problem("tel:+49-30-1234", ("https", "tel")) is None
    assert url_problem("tel:call-me", ("https", "tel")) == (
        "'tel:call-me' is not a phone number; write e.g. tel:+49-30-1234567")


def test_a_duplicate_key_in_a_country_file_stops_it(tmp_path):
    text = (ROOT / "content" / "countries" / "de.yml").read_text(encoding="utf-8")
    text = text.replace("        amount: 75\n", "        amount: 75\n        amount: 7500\n", 1)
    (tmp_path / "de.yml").write_text(text, encoding="utf-8")
    countries, problems = load_countries(tmp_path, ["DE"])
    line = _line_of(tmp_path, "amount: 7500")
    assert countries == []
    assert [p.split(": error: ")[0] for p in _shown(problems)] == [f"de.yml:{line}"]
    assert "duplicate key 'amount': it is set already on line" in problems[0].message


def test_unlisted_country_files_are_checked_and_named(tmp_path):
    demo = ROOT / "content" / "countries"
    shutil.copy(demo / "de.yml", tmp_path / "de.yml")
    shutil.copy(demo / "ca.yml", tmp_path / "ca.yml")
    broken = (demo / "ae.yml").read_text(encoding="utf-8").replace("currency: AED\n",
                                                                   "currency: XYZ\n", 1)
    (tmp_path / "ae.yml").write_text(broken, encoding="utf-8")
    problems = _shown(unlisted_countries(tmp_path, ["DE"]))
    line = _line_of(tmp_path, "currency: XYZ", "ae.yml")
    assert problems == [
        f"ae.yml:{line}: error: currency: 'XYZ' is not an ISO 4217 currency code, e.g. EUR, "
        "USD, AED",
        "ae.yml:1: warning: not listed in plugins.gcm-portal.countries in mkdocs.yml, so it "
        "is not published; add 'AE' there, or delete the file",
        "ca.yml:1: warning: not listed in plugins.gcm-portal.countries in mkdocs.yml, so it "
        "is not published; add 'CA' there, or delete the file"]
    assert unlisted_countries(tmp_path, ["DE", "CA", "AE"]) == []


@pytest.mark.parametrize("codes", [
    "[fa-AF, ps, en]", "[ckb, ti, so, am, ur]", "[sr-Latn, zh-Hant-TW, es-419]"])
def test_helpline_languages_accept_every_code_a_portal_publishes_in(tmp_path, codes):
    assert _broken(tmp_path, "languages: [de, en, ar, ps, fr]", f"languages: {codes}") == []


@pytest.mark.parametrize(("code", "why"), [
    ("fa-af", "'fa-af' is not valid; use language codes as the portal's languages are "
              "written, e.g. en, ar, fa-AF"),
    ("eng", "'eng' is not a language code CLDR knows; write it as the portal's languages are "
            "written, e.g. en, ar, fa-AF"),
])
def test_a_helpline_language_nobody_could_name_is_an_error_at_its_line(tmp_path, code, why):
    problems = _broken(tmp_path, "languages: [de, en, ar, ps, fr]",
                       f"languages: [de, {code}]")
    line = _line_of(tmp_path, f"languages: [de, {code}]")
    assert problems == [f"de.yml:{line}: error: helplines.items.0.languages.1: {why}"]


def test_scaffold_placeholders_are_errors_where_they_are_not_only_wrong_types(tmp_path):
    """A placeholder in a number field is reported as a placeholder, once, not as a
    string where a number belongs; an edited value next to it passes."""
    from gcm_portal.authoring.scaffold import PLACEHOLDER, PLACEHOLDER_URL

    problems = _broken(tmp_path, "amount: 75", f'amount: "{PLACEHOLDER} the fee"')
    line = _line_of(tmp_path, PLACEHOLDER)
    assert problems == [f"de.yml:{line}: error: visas.items.0.fee.amount: placeholder left "
                        "from `gcm-portal new-country`: replace it with the fee"]
    problems = _broken(tmp_path, "url: https://www.bamf.de/EN/", f"url: {PLACEHOLDER_URL}")
    line = _line_of(tmp_path, PLACEHOLDER_URL)
    assert problems == [f"de.yml:{line}: error: documents.sources.0.url: placeholder left "
                        "from `gcm-portal new-country`: replace it with the https:// address "
                        "of the official page"]
    # Only the scaffold's own marker counts: the words alone are an editor's text.
    assert _broken(tmp_path, "purpose: Work in a job", "purpose: Replace with a job") == []


def test_a_placeholder_in_an_unlisted_file_stops_the_check_too(tmp_path):
    from gcm_portal.authoring.scaffold import new_country

    new_country(tmp_path, "NP")
    problems = [p for p in unlisted_countries(tmp_path, []) if p.severity == "error"]
    assert problems and all("placeholder left from `gcm-portal new-country`" in p.message
                            for p in problems)
