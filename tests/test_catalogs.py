"""A portal's catalogs on their own: gcm-portal's own catalogs are left out here (each test
points the package's locales at an empty folder); test_package_catalogs merges them."""

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from gcm_portal.i18n import catalogs


@pytest.fixture(autouse=True)
def _no_package_catalogs(monkeypatch, tmp_path_factory):
    empty = tmp_path_factory.mktemp("no-package-locales")
    monkeypatch.setattr(catalogs, "package_locales", lambda: empty)


def _write_po(locales: Path, lang: str, domain: str, body: str) -> Path:
    path = catalogs.po_path(locales, lang, domain)
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                    + body, encoding="utf-8")
    return path


def test_catalogs_compile_in_memory(tmp_path):
    _write_po(tmp_path, "fr", "portal", 'msgid "Helplines"\nmsgstr "Lignes d\'aide"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert problems == []
    assert loaded.portal.gettext("Helplines") == "Lignes d'aide"
    assert loaded.countries.gettext("Health care") == "Health care"  # no catalog: untranslated


def test_compiled_catalogs_load_a_language_when_first_used(tmp_path):
    _write_po(tmp_path, "fr", "portal", 'msgid "Helplines"\nmsgstr "Lignes d\'aide"\n')
    compiled = catalogs.Compiled(tmp_path)
    assert "fr" not in compiled
    assert compiled["fr"].portal.gettext("Helplines") == "Lignes d'aide"
    assert compiled["ps"].portal.gettext("Helplines") == "Helplines"  # no catalog
    assert sorted(compiled) == ["fr", "ps"]


def test_fuzzy_translations_are_not_used(tmp_path):
    _write_po(tmp_path, "fr", "portal", '#, fuzzy\nmsgid "Helplines"\nmsgstr "Aide"\n')
    loaded, _ = catalogs.load(tmp_path, "fr")
    assert loaded.portal.gettext("Helplines") == "Helplines"


def test_unknown_placeholder_is_reported_at_its_line(tmp_path):
    # A placeholder the code does not pass would break every page that shows the string.
    _write_po(tmp_path, "fr", "portal",
              '#, python-format\nmsgid "%(country)s: documents"\nmsgstr "%(pays)s : documents"\n')
    loaded, problems = catalogs.load(tmp_path, "fr")
    lost, added = problems
    assert lost.path.endswith("fr/LC_MESSAGES/portal.po")
    assert (lost.line, added.line) == (7, 7)  # the msgstr's line, where the fix is
    assert lost.message.startswith("translation of '%(country)s: documents': the translation "
                                   "lacks the placeholder %(country)s")
    assert "%(pays)s" in added.message
    assert loaded.portal.gettext("%(country)s: documents") == "%(country)s: documents"


def test_invalid_po_is_a_problem_not_a_crash(tmp_path):
    _write_po(tmp_path, "ps", "countries", 'msgid "Health"\nmsgstr "ok"\ngarbage here\n')
    _, problems = catalogs.load(tmp_path, "ps")
    (problem,) = problems
    assert problem.line == 7
    assert problem.message.startswith("invalid PO file: unknown keyword 'garbage'")


def test_update_keeps_translations_and_adds_new_strings(tmp_path):
    template = catalogs.new_template("portal")
    template.add("Helplines")
    template.add("Embassies and consulates")
    catalogs.write_catalog(catalogs.pot_path(tmp_path, "portal"), template)
    _write_po(tmp_path, "fr", "portal", 'msgid "Helplines"\nmsgstr "Lignes d\'aide"\n')
    catalogs.update(tmp_path, ["fr", "ne"], "portal")
    fr: Catalog = catalogs.read_catalog(catalogs.po_path(tmp_path, "fr", "portal"), "fr")
    assert fr["Helplines"].string == "Lignes d'aide"
    assert fr["Embassies and consulates"].string == ""
    assert catalogs.po_path(tmp_path, "ne", "portal").exists()
    first = catalogs.po_path(tmp_path, "ne", "portal").read_bytes()
    catalogs.update(tmp_path, ["ne"], "portal")
    assert catalogs.po_path(tmp_path, "ne", "portal").read_bytes() == first  # no churn


def test_update_keeps_a_portals_override_of_a_package_string(tmp_path, monkeypatch):
    package = tmp_path / "package"
    template = catalogs.new_template("portal")
    template.add("Need help?", locations=[("gcm_portal/themes/shared/partials/gcm-help.html", 5)])
    catalogs.write_catalog(catalogs.pot_path(package, "portal"), template)
    monkeypatch.setattr(catalogs, "package_locales", lambda: package)
    portal = tmp_path / "locales"
    own = catalogs.new_template("portal")
    own.add("Monday to Friday")
    catalogs.write_catalog(catalogs.pot_path(portal, "portal"), own)
    _write_po(portal, "fr", "portal", 'msgid "Need help?"\nmsgstr "Un souci ?"\n\n'
              'msgid "Search"\nmsgstr "Chercher"\n')
    catalogs.update(portal, ["fr"], "portal")
    fr = catalogs.read_catalog(catalogs.po_path(portal, "fr", "portal"), "fr")
    assert fr["Need help?"].string == "Un souci ?"  # an override, kept
    assert fr["Monday to Friday"].string == ""  # the portal's own, added
    assert fr.get("Search") is None  # neither the portal's nor the package's: obsolete
    assert [m.id for m in fr.obsolete.values()] == ["Search"]


def test_update_gives_a_language_the_package_does_not_translate_every_package_string(
        tmp_path, monkeypatch):
    package = tmp_path / "package"
    template = catalogs.new_template("portal")
    template.add("Need help?")
    catalogs.write_catalog(catalogs.pot_path(package, "portal"), template)
    _write_po(package, "fr", "portal", 'msgid "Need help?"\nmsgstr "Besoin d\'aide ?"\n')
    monkeypatch.setattr(catalogs, "package_locales", lambda: package)
    portal = tmp_path / "locales"
    own = catalogs.new_template("portal")
    own.add("Monday to Friday")
    catalogs.write_catalog(catalogs.pot_path(portal, "portal"), own)
    catalogs.update(portal, ["fr", "fr-CA", "ti"], "portal")

    def ids(code: str) -> list[str]:
        path = catalogs.po_path(portal, code, "portal")
        return [m.id for m in catalogs.read_catalog(path, code) if m.id]

    assert ids("fr") == ids("fr-CA") == ["Monday to Friday"]  # the package translates it
    assert ids("ti") == ["Monday to Friday", "Need help?"]  # for Tigrinya's translators
