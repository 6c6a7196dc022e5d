from pathlib import Path

from gcm_portal.cli import main
from gcm_portal.i18n import catalogs
from gcm_portal.i18n.extract import carried_template, countries_template
from gcm_portal.model.countries import load_country

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


def test_a_portals_template_holds_only_its_own_strings(project):
    """Its name, description and publisher, help labels and hours, and the strings of its
    overrides: not the package's, which
    the package translates, so a portal's translators never retranslate the interface."""
    override = project / "overrides/partials/gcm-help.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text("<h2>{{ _('Need help?') }}</h2>\n<p>{{ _('Walk-in hours') }}</p>\n",
                        encoding="utf-8")
    assert main(["-f", str(project / "mkdocs.yml"), "i18n", "extract"]) == 0
    pot = catalogs.read_catalog(catalogs.pot_path(project / "locales", "portal"))
    assert [(m.id, m.locations[0][0]) for m in pot if m.id] == [
        ("Walk-in hours", "overrides/partials/gcm-help.html"),
        ("gcm-portal demo", "mkdocs.yml"),
        ("Information on regular migration, identity documents, services and return — a "
         "demonstration of gcm-portal", "mkdocs.yml"),
        ("gcm-portal demonstration (not a government website)", "mkdocs.yml"),
        ("Emergency (in most countries)", "mkdocs.yml"),
        ("Ask a migrant information centre (sample number)", "mkdocs.yml"),
        ("Monday to Friday, 9:00–17:00", "mkdocs.yml")]
    carried = carried_template()
    assert carried.get("Need help?") is not None
    assert not [m.id for m in pot if m.id and carried.get(m.id, context=m.context)]


def test_every_demo_language_translates_every_string_of_the_demo_portal():
    """The demo's own strings (its name, publisher and help block); test_package_catalogs
    checks gcm-portal's."""
    template = {m.id for m in catalogs.read_catalog(catalogs.pot_path(ROOT / "locales",
                                                                      "portal")) if m.id}
    assert template == {"Emergency (in most countries)", "Monday to Friday, 9:00–17:00",
                        "Ask a migrant information centre (sample number)", "gcm-portal demo",
                        "Information on regular migration, identity documents, services and "
                        "return — a demonstration of gcm-portal",
                        "gcm-portal demonstration (not a government website)"}
    pos = sorted((ROOT / "locales").glob("*/LC_MESSAGES/portal.po"))
    assert [po.parent.parent.name for po in pos] == ["ar", "bn", "es", "fr", "ne", "ps"]
    for po in pos:
        catalog = catalogs.read_catalog(po)
        done = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        assert template <= done, f"{po}: untranslated {sorted(template - done)}"
