"""gcm-portal's own catalogs: shipped in the package, merged under a portal's, checked alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from markupsafe import escape
from projects import ROOT, copy_project, replace

from gcm_portal.cli import main
from gcm_portal.i18n import catalogs, extract

PACKAGE = catalogs.package_locales()
NEED_HELP = "Besoin d'aide\u00a0?"  # with the no-break space of French typography


def _demo_languages() -> list[str]:
    # The plugin's settings as the demo writes them: a plain mapping, no custom YAML tags.
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    (settings,) = [p["gcm-portal"] for p in config["plugins"] if "gcm-portal" in p]
    return [code for code in settings["languages"] if code != settings["default_language"]]


def _keys(catalog) -> dict[tuple[str, str | None], frozenset[str]]:
    return {(str(m.id), m.context): frozenset(m.flags) for m in catalog if m.id}


def _package_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the package's catalogs, which the build then reads instead."""
    copy = tmp_path / "package-locales"
    shutil.copytree(PACKAGE, copy)
    monkeypatch.setattr(catalogs, "package_locales", lambda: copy)
    return copy


def test_the_committed_package_template_is_up_to_date():
    """A string marked in the code or templates but not in the package's template is
    translated by no catalog; one left in the template is translated for nothing."""
    committed = catalogs.read_catalog(catalogs.pot_path(PACKAGE, "portal"))
    fresh = extract.package_template()
    assert _keys(fresh) == _keys(committed), (
        "run `python -m gcm_portal.i18n.extract` and translate the new strings in "
        "src/gcm_portal/locales/*/LC_MESSAGES/portal.po")
    assert len(_keys(fresh)) > 100  # the package's own strings and Material's


# Languages the package translates beyond the demo's: those of many migrants and
# returnees (Amharic, Tigrinya, Somali, Dari, Urdu), so a new portal in them starts
# translated.
MORE_LANGUAGES = ["am", "fa-AF", "so", "ti", "ur"]


def test_every_package_language_translates_every_package_interface_string():
    template = _keys(catalogs.read_catalog(catalogs.pot_path(PACKAGE, "portal")))
    assert extract.package_languages() == sorted(_demo_languages() + MORE_LANGUAGES)
    for code in extract.package_languages():
        path = catalogs.po_path(PACKAGE, code, "portal")
        catalog = catalogs.read_catalog(path, code, "portal")
        done = {(str(m.id), m.context) for m in catalog if m.id and m.string and not m.fuzzy}
        assert set(template) <= done, f"{path}: untranslated {sorted(set(template) - done)}"
        assert "Machine-drafted: to be reviewed" in catalog.header_comment, path


def test_the_package_catalogs_pass_every_check(tmp_path):
    for code in extract.package_languages():
        _, problems = catalogs.load(tmp_path, code)
        assert problems == [], code


def test_a_portal_without_catalogs_gets_the_package_translations(tmp_path):
    loaded, problems = catalogs.load(tmp_path / "locales", "fr")
    assert problems == []
    assert loaded.portal.gettext("Need help?") == NEED_HELP
    assert loaded.portal.gettext("Header") == "En-tête"  # a theme string, under our msgid
    assert loaded.countries.gettext("Health care") == "Health care"  # the portal's data


def test_a_portals_translation_overrides_the_package_and_adds_its_own(tmp_path):
    po = catalogs.po_path(tmp_path, "fr", "portal")
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Need help?"\nmsgstr "Un souci ?"\n\n'
                  'msgid "Walk-in hours"\nmsgstr "Permanences"\n\n'
                  '#, fuzzy\nmsgid "Helplines"\nmsgstr "Aide"\n', encoding="utf-8")
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert problems == []
    assert loaded.portal.gettext("Need help?") == "Un souci ?"
    assert loaded.portal.gettext("Walk-in hours") == "Permanences"
    assert loaded.portal.gettext("Helplines") == "Lignes d'aide"  # a fuzzy override is unused
    assert loaded.portal.gettext("Countries") == "Pays"  # the package's, untouched


def test_a_refused_override_leaves_the_package_translation(tmp_path):
    po = catalogs.po_path(tmp_path, "fr", "portal")
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Need help?"\nmsgstr "<script>alert(1)</script>"\n', encoding="utf-8")
    loaded, problems = catalogs.load(tmp_path, "fr")
    assert [(p.path, p.line, p.severity) for p in problems] == [(po.as_posix(), 6, "error")]
    assert catalogs.PACKAGE_HINT not in problems[0].message
    assert loaded.portal.gettext("Need help?") == NEED_HELP


def test_a_region_falls_back_to_its_languages_package_catalog(tmp_path, monkeypatch):
    assert catalogs.load(tmp_path, "ar-EG")[0].portal.gettext("Need help?") == \
        catalogs.load(tmp_path, "ar")[0].portal.gettext("Need help?") != "Need help?"
    assert catalogs.load(tmp_path, "pt-BR")[0].portal.gettext("Need help?") == "Need help?"
    copy = _package_copy(tmp_path, monkeypatch)
    pt = catalogs.po_path(copy, "pt", "portal")
    pt.parent.mkdir(parents=True)
    pt.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'
                  'msgid "Need help?"\nmsgstr "Precisa de ajuda?"\n', encoding="utf-8")
    assert catalogs.package_po_path("pt-BR", "portal") == pt
    assert catalogs.load(tmp_path, "pt-BR")[0].portal.gettext("Need help?") == "Precisa de ajuda?"
    pt_br = catalogs.po_path(copy, "pt-BR", "portal")
    pt_br.parent.mkdir(parents=True)
    pt_br.write_text(pt.read_text(encoding="utf-8").replace("Precisa", "Você precisa"),
                     encoding="utf-8")
    assert catalogs.load(tmp_path, "pt-BR")[0].portal.gettext("Need help?") == \
        "Você precisa de ajuda?"
    assert catalogs.load(tmp_path, "pt")[0].portal.gettext("Need help?") == "Precisa de ajuda?"


def test_a_hostile_msgstr_in_a_package_catalog_is_refused_at_its_line(
        tmp_path, monkeypatch, capsys):
    copy = _package_copy(tmp_path, monkeypatch)
    po = catalogs.po_path(copy, "fr", "portal")
    line = replace(po, f'msgstr "{NEED_HELP}"',
                   f'msgstr "<a href=\\"javascript:alert(1)\\">{NEED_HELP}</a>"')
    loaded, problems = catalogs.load(tmp_path, "fr")
    (problem,) = problems
    assert (problem.path, problem.line) == (po.as_posix(), line)
    assert problem.message.endswith(catalogs.PACKAGE_HINT)
    assert loaded.portal.gettext("Need help?") == "Need help?"
    assert loaded.portal.gettext("Countries") == "Pays"  # the rest of the file is used
    # A portal's check names the package's file too, and fails.
    (tmp_path / "portal").mkdir()
    config = copy_project(tmp_path / "portal")
    assert main(["-f", str(config), "check"]) == 1
    assert f"{po.as_posix()}:{line}: error: " in capsys.readouterr().err


def test_a_new_portal_with_empty_locales_is_translated_from_its_first_build(tmp_path):
    config = copy_project(tmp_path)
    shutil.rmtree(tmp_path / "locales")
    (tmp_path / "locales").mkdir()
    site = tmp_path / "site"
    assert main(["-f", str(config), "build", "--lang", "fr", "--country", "DE"]) == 0
    html = (site / "fr/index.html").read_text(encoding="utf-8")
    assert f'<h2 id="gcm-help-title">{escape(NEED_HELP)}</h2>' in html
    country = (site / "fr/countries/de/index.html").read_text(encoding="utf-8")
    assert "Lignes d'aide" in country
    # The portal's own strings (its name, description, publisher and help block) are the
    # only ones left to translate; shown meanwhile, they are marked as English.
    assert ('<span lang="en" dir="ltr" class="gcm-untranslated">Emergency (in most '
            'countries)</span>') in html
    assert main(["-f", str(config), "i18n", "extract"]) == 0
    assert main(["-f", str(config), "status", "--write", str(tmp_path / "report")]) == 0
    report = json.loads((tmp_path / "report/status.json").read_text(encoding="utf-8"))
    carried = len(_keys(catalogs.read_catalog(catalogs.pot_path(PACKAGE, "portal"))))
    assert report["fr"]["interface"] == {"translated": carried, "outdated": 0, "missing": 6}
    assert report["ps"]["interface"] == {"translated": carried, "outdated": 0, "missing": 6}
