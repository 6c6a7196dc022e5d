"""Starting files: refused when they cannot work, and passing `check` as they are written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from projects import run_cli as run

from gcm_portal.authoring import scaffold
from gcm_portal.errors import PortalError
from gcm_portal.model.countries import SCHEMA_NAME, schema_text, validate
from gcm_portal.model.yamlfile import load

ROOT = Path(__file__).resolve().parent.parent

DAY = dt.date(2026, 11, 24)


def test_every_scaffold_passes_check_once_its_placeholders_are_written(project):
    config = project / "mkdocs.yml"
    assert run(project, "new-country", "NP").returncode == 0
    config.write_text(config.read_text("utf-8").replace("countries: [DE,", "countries: [NP, DE,"),
                      encoding="utf-8")
    untouched = run(project, "check")
    assert untouched.returncode == 1
    placeholders = [line for line in untouched.stderr.splitlines()
                    if line.startswith("content/countries/np.yml:")]
    written = (project / "content/countries/np.yml").read_text("utf-8")
    # Each value to write (the header names the mark once), and each official page to find.
    assert len(placeholders) == written.count(scaffold.PLACEHOLDER) - 1 + \
        written.count(scaffold.PLACEHOLDER_URL)
    assert all(": error: " in line and "placeholder left from `gcm-portal new-country`: "
               "replace it with " in line for line in placeholders)
    (project / "content/countries/np.yml").unlink()
    scaffold.new_country(project / "content/countries", "NP", DAY, sample=True)
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
    ("xx", "locales/xx: error: 'xx' is not a language CLDR knows; use a BCP 47 tag such as "
           "en, ar, fil or sr-Latn"),
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


def test_new_country_writes_placeholders_at_their_lines(tmp_path):
    path = scaffold.new_country(tmp_path / "content/countries", "np", DAY)
    assert path == tmp_path / "content/countries/np.yml"
    problems = validate(load(path))
    lines = path.read_text("utf-8").splitlines()
    assert problems and all(p.severity == "error" for p in problems)
    for problem in problems:  # every one at the line of its placeholder, and nothing else
        line = lines[problem.line - 1]
        assert scaffold.PLACEHOLDER in line or scaffold.PLACEHOLDER_URL in line, problem
        assert "placeholder left from `gcm-portal new-country`: replace it with" in \
            problem.message
    assert sum(scaffold.PLACEHOLDER in line or scaffold.PLACEHOLDER_URL in line
               for line in lines[6:]) == len(problems)
    # No value a reader could take for a fact: no fee of 0, no emergency number.
    assert "amount: 0" not in path.read_text("utf-8")
    assert "'112'" not in path.read_text("utf-8")


def test_sample_country_passes_and_says_it_is_sample(tmp_path):
    path = scaffold.new_country(tmp_path / "content/countries", "SO", DAY, sample=True,
                                languages=["so", "fa-AF", "ti", "no"])
    doc = load(path)
    assert validate(doc) == []
    assert doc.data["sample"] is True
    assert doc.data["helplines"]["items"][0]["languages"] == ["so", "fa-AF", "ti", "no"]
    text = path.read_text("utf-8")
    assert scaffold.PLACEHOLDER not in text and "example.org" not in text
    # Fictitious numbers only, and real sources.
    numbers = [item["number"] for item in doc.data["helplines"]["emergency"]] + [
        item["phone"] for section in ("helplines", "embassies")
        for item in doc.data[section]["items"]]
    assert numbers and all(number.startswith("+00 ") for number in numbers)
    urls = {source["url"] for section in doc.data.values() if isinstance(section, dict)
            for source in section.get("sources", [])}
    assert urls == {scaffold.GCM_TEXT,
                    "https://www.iom.int/assisted-voluntary-return-and-reintegration"}


def test_the_schema_a_new_country_names_exists_in_the_portal(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: P\n", encoding="utf-8")
    written = scaffold.write_schema(tmp_path)
    assert written == tmp_path / "schema" / SCHEMA_NAME
    assert written.read_text("utf-8") == schema_text()
    assert scaffold.write_schema(tmp_path) == written  # again: unchanged
    for sample in (False, True):
        path = scaffold.new_country(tmp_path / "content/countries", "ER" if sample else "ET",
                                    DAY, sample=sample)
        line = next(line for line in path.read_text("utf-8").splitlines()
                    if line.startswith("# yaml-language-server: $schema="))
        relative = line.split("=", 1)[1]
        assert relative == "../../schema/country.schema.json"
        assert (path.parent / relative).resolve() == written.resolve()
    # A portal whose settings file has another name says where its schema is.
    other = scaffold.new_country(tmp_path / "a/b/c", "DJ", DAY, project_dir=tmp_path / "a")
    assert "$schema=../../schema/country.schema.json" in other.read_text("utf-8")


def test_an_outdated_schema_is_rewritten(tmp_path):
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / SCHEMA_NAME).write_text("{}", encoding="utf-8")
    assert scaffold.write_schema(tmp_path).read_text("utf-8") == schema_text()


def test_the_repository_editor_settings_name_a_schema_that_exists():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text("utf-8"))
    for schema_path, globs in settings["yaml.schemas"].items():
        assert (ROOT / schema_path).is_file(), schema_path
        assert all(list(ROOT.glob(pattern)) for pattern in globs)
