from pathlib import Path

from gcm_portal.countries import load_country
from gcm_portal.extract import countries_template

ROOT = Path(__file__).resolve().parent.parent


def test_country_strings_carry_file_line_and_field():
    country, _ = load_country(ROOT / "content/countries/de.yml")
    catalog = countries_template([country])
    purpose = country.data["visas"]["items"][0]["purpose"]
    message = catalog[purpose]
    (path, line), *_ = message.locations
    assert path.endswith("content/countries/de.yml")
    lines = (ROOT / "content/countries/de.yml").read_text(encoding="utf-8").splitlines()
    assert purpose in lines[line - 1]
    assert "visas.items.0.purpose" in message.auto_comments
    assert "EUR" not in catalog  # codes are not text
