from pathlib import Path

from gcm_portal import catalogs
from gcm_portal.cli import main
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


def test_the_committed_templates_hold_every_string_the_portal_marks(project):
    """A string added to the code or templates without `i18n extract` is never translated."""
    def ids(path: Path) -> set[str]:
        return {str(m.id) for m in catalogs.read_catalog(path) if m.id}

    committed = {domain: ids(catalogs.pot_path(project / "locales", domain))
                 for domain in catalogs.DOMAINS}
    assert main(["-f", str(project / "mkdocs.yml"), "i18n", "extract"]) == 0
    for domain in catalogs.DOMAINS:
        missing = ids(catalogs.pot_path(project / "locales", domain)) - committed[domain]
        assert not missing, f"run `gcm-portal i18n extract` and `i18n update`: {missing}"


def test_every_demo_language_translates_every_interface_string():
    template = {m.id for m in catalogs.read_catalog(catalogs.pot_path(ROOT / "locales",
                                                                      "portal")) if m.id}
    for po in sorted((ROOT / "locales").glob("*/LC_MESSAGES/portal.po")):
        catalog = catalogs.read_catalog(po)
        done = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        assert template <= done, f"{po}: untranslated {sorted(template - done)}"
