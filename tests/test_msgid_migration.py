"""Catalogs keyed by Material for MkDocs' string names (before gcm-portal had its own
msgids) keep working, and ``gcm-portal i18n update`` rewrites them without losing a
translation."""

from __future__ import annotations

import io
import shutil
from collections import Counter
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from projects import ROOT, copy_project, run_cli

from gcm_portal.cli import main
from gcm_portal.i18n import catalogs, extract, uistrings
from gcm_portal.i18n.msgid_migration import RETIRED

PACKAGE = catalogs.package_locales()
SKIP = uistrings.MATERIAL_KEYS["action.skip"]
TOP = uistrings.MATERIAL_KEYS["top"]
NAV = uistrings.MATERIAL_KEYS["nav"]

# A Swahili catalog as `i18n update` wrote it before: the package has no Swahili, so the
# portal's catalog holds the package's strings too.
OLD_SW = """\
# Swahili translation of the portal.
# Hana Mwangi <hana@example.org>, 2026.
msgid ""
msgstr ""
"Project-Id-Version: my-portal 1.0\\n"
"Last-Translator: Hana Mwangi <hana@example.org>\\n"
"Language: sw\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
"Content-Type: text/plain; charset=utf-8\\n"

#: overrides/partials/gcm-extra.html:2
msgid "%(num)s office"
msgid_plural "%(num)s offices"
msgstr[0] "ofisi %(num)s"
msgstr[1] "ofisi %(num)s"

#: gcm_portal/theme/partials/gcm-help.html:5
msgid "Need help?"
msgstr "Unahitaji msaada?"

#. Material for MkDocs interface string 'action.skip'
#: material
msgctxt "action.skip"
msgid "Skip to content"
msgstr "Ruka hadi maudhui"

# Hana: the team prefers "Tafuta" to "Saka".
#. Material for MkDocs interface string 'search.placeholder'
#: material
#, fuzzy
msgctxt "search.placeholder"
msgid "Search"
msgstr "Tafuta"

#. Material for MkDocs interface string 'top'
#: material
msgctxt "top"
msgid "Back to the top"
msgstr "Rudi juu"

#. Material for MkDocs interface string 'meta.source'
#: material
msgctxt "meta.source"
msgid "Source"
msgstr "Chanzo"
"""
OLD_SW_FIRST_KEY = OLD_SW.split("\n").index('msgctxt "action.skip"') + 1

TEMPLATE = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

#: overrides/partials/gcm-extra.html:2
msgid "%(num)s office"
msgid_plural "%(num)s offices"
msgstr[0] ""
msgstr[1] ""
"""


def _read(path: Path) -> Catalog:
    with path.open("rb") as fp:
        return read_po(fp)


def _translations(catalog: Catalog) -> list[str]:
    """Every translation in the file, obsolete entries included, sorted."""
    found = []
    for message in [*catalog, *catalog.obsolete.values()]:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            found.append(" | ".join(strings))
    return sorted(found)


def _kept(before: Catalog, after: Catalog) -> bool:
    """Every translation of ``before`` is still in ``after`` (which may add fuzzy copies:
    ``update`` suggests translations of similar msgids, as msgmerge does)."""
    return not Counter(_translations(before)) - Counter(_translations(after))


def _portal(tmp_path: Path) -> Path:
    locales = tmp_path / "locales"
    po = catalogs.po_path(locales, "sw", "portal")
    po.parent.mkdir(parents=True)
    po.write_text(OLD_SW, encoding="utf-8")
    catalogs.pot_path(locales, "portal").write_text(TEMPLATE, encoding="utf-8")
    return locales


def test_an_old_catalog_is_read_under_the_new_msgids_with_one_warning(tmp_path):
    po = catalogs.po_path(_portal(tmp_path), "sw", "portal")
    read = catalogs.read_po_file(po, "sw", "portal")
    catalog = read.catalog
    assert catalog.get(SKIP.msgid, context=SKIP.context).string == "Ruka hadi maudhui"
    button = catalog.get(uistrings.SEARCH_BUTTON.msgid, context=uistrings.SEARCH_BUTTON.context)
    assert (button.string, button.fuzzy) == ("Tafuta", True)
    assert button.user_comments == ['Hana: the team prefers "Tafuta" to "Saka".']
    # Translated from an older English text: kept, but to be checked against the new one.
    top = catalog.get(TOP.msgid, context=TOP.context)
    assert (top.string, top.fuzzy, top.previous_id) == ("Rudi juu", True, ["Back to the top"])
    assert catalog.get("Skip to content", context="action.skip") is None
    (warning,) = read.warnings
    assert str(warning).startswith(f"{po}:{OLD_SW_FIRST_KEY}: warning: 4 entries are keyed by "
                                   "Material for MkDocs' string names")
    assert "run `gcm-portal i18n update`" in warning.message


def test_the_build_uses_an_old_catalogs_translations(tmp_path):
    loaded, problems = catalogs.load(_portal(tmp_path), "sw")
    assert [p.severity for p in problems] == ["warning"]
    assert SKIP.translate(loaded.portal) == "Ruka hadi maudhui"
    assert uistrings.SEARCH_BUTTON.translate(loaded.portal) == "Search"  # fuzzy: not used
    assert loaded.portal.gettext("Need help?") == "Unahitaji msaada?"


def test_update_rewrites_an_old_catalog_and_loses_no_translation(tmp_path):
    locales = _portal(tmp_path)
    po = catalogs.po_path(locales, "sw", "portal")
    before = _read(po)
    catalogs.update(locales, ["sw"], "portal")
    after = _read(po)
    assert _kept(before, after)
    assert not [m.context for m in after if m.context in uistrings.MATERIAL_KEYS]
    assert after.get(SKIP.msgid, context=SKIP.context).string == "Ruka hadi maudhui"
    assert after.get(SKIP.msgid, context=SKIP.context).auto_comments == [SKIP.comment]
    button = after.get(uistrings.SEARCH_BUTTON.msgid, context=uistrings.SEARCH_BUTTON.context)
    assert (button.string, button.fuzzy) == ("Tafuta", True)
    assert button.user_comments == ['Hana: the team prefers "Tafuta" to "Saka".']
    assert after.get(("%(num)s office", "%(num)s offices")).string == ("ofisi %(num)s",) * 2
    # Nothing shows Material's "Source": its translation stays in the file, not in use
    # (here as the fuzzy suggestion for "Sources:"; else as an obsolete entry).
    assert "Chanzo" in _translations(after)
    assert not [m.context for m in after if m.context in RETIRED]
    assert {str(m.id) for m in after if m.id and m.string and not m.fuzzy} == {
        "Need help?", "Skip to content", "('%(num)s office', '%(num)s offices')"}
    assert after.last_translator == "Hana Mwangi <hana@example.org>"
    assert after.project == "my-portal"
    text = po.read_text(encoding="utf-8")
    assert text.startswith("# Swahili translation of the portal.\n# Hana Mwangi")
    assert catalogs.read_po_file(po, "sw", "portal").warnings == []  # migrated: no warning


def test_update_is_idempotent(tmp_path):
    locales = _portal(tmp_path)
    po = catalogs.po_path(locales, "sw", "portal")
    catalogs.update(locales, ["sw"], "portal")
    once = po.read_bytes()
    catalogs.update(locales, ["sw"], "portal")
    assert po.read_bytes() == once


def test_a_translation_under_the_new_msgid_wins_and_the_old_one_is_kept(tmp_path):
    locales = _portal(tmp_path)
    po = catalogs.po_path(locales, "sw", "portal")
    po.write_text(OLD_SW + '\nmsgctxt "nav"\nmsgid "Navigation"\nmsgstr "Urambazaji wa zamani"\n'
                  '\nmsgid "Navigation"\nmsgstr "Urambazaji"\n', encoding="utf-8")
    loaded, _ = catalogs.load(locales, "sw")
    assert NAV.translate(loaded.portal) == "Urambazaji"
    before = _read(po)
    catalogs.update(locales, ["sw"], "portal")
    after = _read(po)
    assert after.get(NAV.msgid, context=NAV.context).string == "Urambazaji"
    assert _kept(before, after)  # the old one, as an obsolete entry
    assert "Urambazaji wa zamani" in [m.string for m in after.obsolete.values()]


def _with_material_keys(catalog: Catalog) -> Catalog:
    """A catalog as gcm-portal wrote it before it had its own msgids."""
    for key, string in uistrings.MATERIAL_KEYS.items():
        message = catalog.get(string.msgid, context=string.context)
        catalog.delete(string.msgid, context=string.context)
        catalog.add(string.msgid, message.string, locations=[("material", 0)],
                    flags=message.flags, user_comments=message.user_comments, context=key,
                    auto_comments=[f"Material for MkDocs interface string '{key}'"])
    for name, message in list(catalog.obsolete.items()):
        if message.context in RETIRED:
            del catalog.obsolete[name]
            catalog.add(message.id, message.string, locations=[("material", 0)],
                        context=message.context)
    return catalog


def _translated(catalog: Catalog) -> int:
    return sum(1 for m in catalog if m.id and m.string and not m.fuzzy)


def test_the_package_catalogs_migrate_to_what_is_committed(tmp_path, monkeypatch):
    """The package's catalogs written back with Material's keys, then updated: every
    translation is still there, and the files are the committed ones, byte for byte."""
    copy = tmp_path / "package-locales"
    shutil.copytree(PACKAGE, copy)
    monkeypatch.setattr(catalogs, "package_locales", lambda: copy)
    languages = extract.package_languages()
    assert len(languages) == 11
    for code in languages:
        path = catalogs.po_path(copy, code, "portal")
        committed = _read(path)
        retired = sum(1 for m in committed.obsolete.values() if m.context in RETIRED)
        old = _with_material_keys(_read(path))
        buffer = io.BytesIO()
        write_po(buffer, old, width=0, sort_output=False)
        path.write_bytes(buffer.getvalue())
        assert _translated(old) == _translated(committed) + retired, code
        assert catalogs.read_po_file(path, code, "portal").warnings, code
    before = {code: _translations(_read(catalogs.po_path(copy, code, "portal")))
              for code in languages}
    catalogs.update(copy, languages, "portal")
    for code in languages:
        path = catalogs.po_path(copy, code, "portal")
        assert _translations(_read(path)) == before[code], code
        assert path.read_bytes() == catalogs.po_path(PACKAGE, code, "portal").read_bytes(), code


def test_the_committed_catalogs_have_no_material_keys():
    paths = [*PACKAGE.glob("*/LC_MESSAGES/portal.po"), *(ROOT / "locales").glob("*/*/portal.po"),
             catalogs.pot_path(PACKAGE, "portal")]
    assert len(paths) == 11 + 6 + 1
    for path in paths:
        catalog = _read(path)
        assert not [m.context for m in catalog if m.id and m.context in uistrings.MATERIAL_KEYS]
        assert not [m.context for m in catalog if m.id and m.context in RETIRED], path


def test_update_keeps_every_translation_of_the_demo(tmp_path):
    config = copy_project(tmp_path)
    paths = sorted((tmp_path / "locales").glob("*/LC_MESSAGES/*.po"))
    before = {path: _translations(_read(path)) for path in paths}
    assert sum(map(len, before.values())) > 900
    assert main(["-f", str(config), "i18n", "update"]) == 0
    for path in paths:
        assert _translations(_read(path)) == before[path], path


@pytest.fixture
def old_fr(project: Path) -> tuple[Path, int]:
    """The demo, with an override of the package's French in the old form."""
    po = project / "locales/fr/LC_MESSAGES/portal.po"
    text = po.read_text(encoding="utf-8")
    line = text.count("\n") + 2
    po.write_text(text + '\nmsgctxt "action.skip"\nmsgid "Skip to content"\n'
                  'msgstr "Sauter au contenu"\n', encoding="utf-8")
    return po, line


def test_a_portal_with_an_old_catalog_builds_and_shows_its_translation(project, old_fr):
    _, line = old_fr
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    output = result.stdout + result.stderr
    assert (f"locales/fr/LC_MESSAGES/portal.po:{line}: warning: 1 entry is keyed by Material "
            "for MkDocs' string names") in output
    html = (project / "site/fr/index.html").read_text(encoding="utf-8")
    assert ">Sauter au contenu</a>" in html
    assert "Aller au contenu" not in html  # the package's, overridden


def test_check_warns_and_i18n_update_rewrites_the_file(project, old_fr):
    po, line = old_fr
    checked = run_cli(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert f"locales/fr/LC_MESSAGES/portal.po:{line}: warning: " in checked.stdout + checked.stderr
    assert "gcm-portal i18n update" in checked.stdout + checked.stderr
    updated = run_cli(project, "i18n", "update")
    assert updated.returncode == 0, updated.stderr
    assert "updated locales/fr/LC_MESSAGES/portal.po" in updated.stdout
    text = po.read_text(encoding="utf-8")
    assert 'msgctxt "action.skip"' not in text
    assert 'msgid "Skip to content"\nmsgstr "Sauter au contenu"' in text
    again = run_cli(project, "check")
    assert "warning: 1 entry is keyed" not in again.stdout + again.stderr
