"""Starting files: refused when they cannot work, and passing `check` as they are written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from projects import run_cli as run

from gcm_portal import scaffold
from gcm_portal.errors import PortalError

DAY = dt.date(2026, 11, 24)


def test_every_scaffold_passes_check(project):
    config = project / "mkdocs.yml"
    assert run(project, "new-country", "NP").returncode == 0
    config.write_text(config.read_text("utf-8").replace("countries: [DE,", "countries: [NP, DE,"),
                      encoding="utf-8")
    page = run(project, "new-page", "pathways/finding-work")
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith("wrote content/pathways/finding-work.md; ")
    language = run(project, "new-language", "sw")
    assert language.returncode == 0, language.stderr
    assert language.stdout.splitlines()[:5] == [
        "wrote locales/sw/LC_MESSAGES/portal.po",
        "wrote locales/sw/LC_MESSAGES/countries.po",
        "now add 'sw' to the languages in mkdocs.yml, so that the line reads:",
        "",
        "    languages: [en, fr, es, ar, bn, ne, ps, sw]",
    ]
    config.write_text(config.read_text("utf-8").replace("ne, ps]", "ne, ps, sw]"),
                      encoding="utf-8")
    checked = run(project, "check")
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 4 countries, languages en, fr, es, ar, bn, ne, ps, sw")
    assert "finding-work" not in checked.stderr and "np.yml" not in checked.stderr


def test_new_page_has_the_module_front_matter(tmp_path):
    path = scaffold.new_page(tmp_path, "return/support-at-home", today=DAY)
    assert path == tmp_path / "return/support-at-home.md"
    assert path.read_text("utf-8").startswith(
        "---\ntitle: Support at home\nsummary: Replace with one sentence that says what the "
        "reader learns on this page.\nobjective: 21\nreviewed: 2026-11-24\nsources:\n"
        "  - title: Replace with the title of the official page this text is based on\n"
        "    url: https://example.org/replace-with-official-page\n---\n")


@pytest.mark.parametrize(("target", "message"), [
    ("finding-work", "finding-work: error: write the page as MODULE/SLUG, e.g. "
                     "pathways/finding-work (modules: pathways, documents, services, return)"),
    ("visas/work", "visas/work.md: error: unknown module 'visas'; use one of: pathways, "
                   "documents, services, return"),
    ("pathways/Work Abroad", "pathways/Work Abroad.md: error: 'Work Abroad' cannot be a page "
                             "name; use lower-case letters, digits and hyphens, e.g. "
                             "finding-work"),
    ("pathways/index", "pathways/index.md: error: this file already exists; edit it instead"),
])
def test_new_page_refuses(tmp_path, monkeypatch, target, message):
    (tmp_path / "pathways").mkdir()
    (tmp_path / "pathways/index.md").write_text("---\n---\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PortalError) as error:
        scaffold.new_page(Path("."), target)
    assert str(error.value) == message


@pytest.mark.parametrize(("code", "message"), [
    ("xx", "locales/xx: error: 'xx' is not a language CLDR knows; use an ISO 639-1 code such "
           "as en, ar or ps"),
    ("en", "locales/en: error: 'en' is the default language; pages are written in it, so it "
           "needs no translations"),
    ("fr", "locales/fr: error: this language has its catalogs already; run `gcm-portal i18n "
           "update` to bring them up to date"),
    ("sw", "locales/countries.pot: error: missing template; run `gcm-portal i18n extract` "
           "first"),
])
def test_new_language_refuses(tmp_path, monkeypatch, code, message):
    for domain in ("portal", "countries"):
        (tmp_path / f"locales/fr/LC_MESSAGES/{domain}.po").parent.mkdir(parents=True,
                                                                         exist_ok=True)
        (tmp_path / f"locales/fr/LC_MESSAGES/{domain}.po").write_text("", encoding="utf-8")
    (tmp_path / "locales/portal.pot").write_text("", encoding="utf-8")
    if code == "fr":
        (tmp_path / "locales/countries.pot").write_text("", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(PortalError) as error:
        scaffold.new_language(Path("locales"), code, "en")
    assert str(error.value) == message
