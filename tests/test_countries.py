from pathlib import Path

import jsonschema

from gcm_portal.countries import load_country, schema, translatable_strings, validate
from gcm_portal.yamlfile import load, parse

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
    return [str(p) for p in validate(load(path))]


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
