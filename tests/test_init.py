"""`gcm-portal init`: a portal in languages and countries the demo does not have, which
checks and builds as written, with notices and links rendered and the countries reachable."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import resources
from pathlib import Path

import pytest
import yaml
from lxml import html
from projects import ROOT, run_cli, tree_digest

from gcm_portal.authoring import newportal
from gcm_portal.errors import PortalError
from gcm_portal.i18n import translations

TODAY = "2026-11-24"
EPOCH = str(int(dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc).timestamp()))
ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
DIRECTIONS = {"en": "ltr", "am": "ltr", "ti": "ltr", "so": "ltr", "fa-AF": "rtl", "ur": "rtl"}
SPEC = "gcm-portal @ git+https://github.com/example/gcm-portal@v0.1.0"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portal made by `gcm-portal init`, then built."""
    root = tmp_path_factory.mktemp("init")
    made = run_cli(root, "init", "portal", "--languages", ",".join(DIRECTIONS),
                   "--default-language", "en", "--countries", "SO,ET", "--publisher",
                   "Ministry of X", "--package-spec", SPEC, "--today", TODAY, env=ENV)
    assert made.returncode == 0, made.stderr
    return root / "portal"


@pytest.fixture(scope="module")
def site(portal: Path) -> Path:
    checked = run_cli(portal, "check", env=ENV)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("ok: 2 countries, languages en, am, ti, so, fa-AF, ur")
    built = run_cli(portal, "build", env=ENV)
    assert built.returncode == 0, built.stderr
    return portal / "site"


def _page(site: Path, uri: str) -> html.HtmlElement:
    return html.parse(str(site / uri)).getroot()


def test_every_language_has_its_lang_and_direction(site: Path) -> None:
    for code, direction in DIRECTIONS.items():
        root = _page(site, f"{code}/index.html")
        assert (root.get("lang"), root.get("dir")) == (code, direction)
        for country in ("so", "et"):
            assert (site / code / "countries" / country / "index.html").is_file()


def test_countries_are_reachable_from_the_home_page_navigation(site: Path) -> None:
    home = _page(site, "en/index.html")
    assert "countries/" in home.xpath("//nav//a[contains(@class, 'md-nav__link')]/@href")
    listed = _page(site, "en/countries/index.html").xpath("//article//a/@href")
    assert {"so/", "et/"} <= set(listed)


def test_country_pages_render_notices_and_links(site: Path) -> None:
    for uri in ("en/countries/so/index.html", "so/countries/so/index.html",
                "fa-AF/countries/et/index.html"):
        text = (site / uri).read_text(encoding="utf-8")
        root = html.fromstring(text)
        notices = root.xpath("//article//*[contains(concat(' ', @class, ' '), ' admonition ')]")
        assert notices, uri
        assert "!!!" not in text and "](https://" not in text, uri
        assert root.xpath("//article//a[starts-with(@href, 'https://')]"), uri
    english = _page(site, "en/countries/so/index.html")
    titles = english.xpath("//*[contains(@class, 'admonition-title')]/text()")
    assert "Sample data" in titles


def _in_english(root: html.HtmlElement, xpath: str) -> list[str]:
    """The texts under ``xpath`` marked as English (untranslated, shown as they are)."""
    return [" ".join(e.text_content().split())
            for e in root.xpath(f"{xpath}//*[@lang='en' and @dir='ltr']")]


@pytest.fixture(scope="module")
def untranslated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portal in Swahili and Sindhi (right to left), which the package has no catalogs
    for: its interface is English until someone translates it."""
    root = tmp_path_factory.mktemp("untranslated")
    made = run_cli(root, "init", "portal", "--languages", "en,sw,sd", "--default-language",
                   "en", "--countries", "SO", "--publisher", "Ministry of X", "--package-spec",
                   SPEC, "--today", TODAY, env=ENV)
    assert made.returncode == 0, made.stderr
    built = run_cli(root / "portal", "build", env=ENV)
    assert built.returncode == 0, built.stderr
    return root / "portal" / "site"


def test_untranslated_text_is_marked_as_the_language_it_is_in(untranslated: Path) -> None:
    """The package's English strings are marked so, for screen readers and for the bidi
    algorithm, and so is the country data's own text."""
    for code in ("sw", "sd"):
        home = _page(untranslated, f"{code}/index.html")
        assert "Sample content, not official information." in _in_english(
            home, "//*[contains(@class, 'md-banner')]")
        assert "Migration information" in _in_english(home, "//header")  # the site's name
        assert any(t.startswith("Made with") for t in _in_english(home, "//footer"))
        country = _page(untranslated, f"{code}/countries/so/index.html")
        assert "Helplines" in _in_english(country, "//article")
        assert "Last reviewed:" in _in_english(country, "//article")
        assert country.xpath("//article//li/span[@class='gcm-untranslated']")  # "Phone:"
    english = _page(untranslated, "en/index.html")
    assert not english.xpath("//body//span[@lang='en']")  # nothing to mark in English


def test_untranslated_notices_are_wholly_english(untranslated: Path) -> None:
    """Not English with Sindhi words in it: the languages it names are English too."""
    notice = _page(untranslated, "sd/index.html").xpath(
        "//p[contains(@class, 'gcm-notice')]")[0]
    assert notice.get("dir") == "auto"
    assert " ".join(notice.text_content().split()) == (
        "This page is not yet available in Sindhi. It is shown in English.")


def test_the_chooser_shows_each_sample_text_once_in_its_language(untranslated: Path,
                                                                 site: Path) -> None:
    chooser = _page(untranslated, "index.html")
    samples = chooser.xpath("//div[@class='sample']/p")
    assert [(p.get("lang"), p.text_content()) for p in samples] == [
        ("en", "Sample content, not official information.")]
    assert chooser.xpath("//link[@rel='icon']/@href") == ["assets/images/favicon.png"]
    assert (untranslated / "assets/images/favicon.png").is_file()
    assert chooser.xpath("//meta[@name='description']/@content")
    # The package translates Amharic, Tigrinya, Somali, Dari and Urdu: each its own text.
    translated = _page(site, "index.html")
    assert [p.get("lang") for p in translated.xpath("//div[@class='sample']/p")] == list(
        DIRECTIONS)
    names = translated.xpath("//main//a/text()")
    assert "دری" in names and "አማርኛ" in names


def test_the_package_translates_the_interface_of_a_new_portals_languages(site: Path) -> None:
    for code in ("am", "ti", "so", "fa-AF", "ur"):
        country = _page(site, f"{code}/countries/so/index.html")
        assert not country.xpath("//article//*[@class='gcm-untranslated']"), code
        missing = _page(site, f"{code}/404.html").xpath("//article//h1")[0].text_content()
        assert missing.strip() and missing != "Page not found", code


def test_every_language_has_a_404_page_in_its_language(site: Path) -> None:
    for code, direction in DIRECTIONS.items():
        root = _page(site, f"{code}/404.html")
        assert (root.get("lang"), root.get("dir")) == (code, direction)
        assert root.xpath(f"//article//a[@href='/{code}/']")


def test_it_writes_the_files_a_portal_repository_needs(portal: Path) -> None:
    settings = yaml.safe_load((portal / "mkdocs.yml").read_text(encoding="utf-8"))
    options = settings["plugins"][0]["gcm-portal"]
    assert options["publisher"]["name"] == "Ministry of X"
    assert options["languages"] == list(DIRECTIONS)
    assert options["countries"] == ["SO", "ET"]
    assert (settings["docs_dir"], settings["theme"]["name"]) == ("content", "material")
    assert SPEC in (portal / "requirements.txt").read_text(encoding="utf-8").splitlines()
    workflow = (portal / ".github/workflows/portal.yml").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt" in workflow
    assert "gcm-portal check --format github" in workflow
    ignored = (portal / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"site/", "site.*", ".site.gcm-state/", ".site.gcm-cache/", "bundles/", ".venv/",
            "*.mo"} <= set(ignored)
    editor = json.loads((portal / ".vscode/settings.json").read_text(encoding="utf-8"))
    schema = next(iter(editor["yaml.schemas"]))
    assert (portal / schema).is_file()
    for name in ("README.md", "CONTRIBUTING.md"):
        assert "%%" not in (portal / name).read_text(encoding="utf-8")
    countries = portal / "content/countries"
    assert sorted(p.name for p in countries.iterdir()) == ["et.yml", "so.yml"]
    for data in countries.iterdir():
        text = data.read_text(encoding="utf-8")
        assert "sample: true" in text.splitlines()
        written = text.split("$schema=", 1)[1].split("\n", 1)[0]
        assert (countries / written).resolve() == (portal / schema).resolve()
    for code in DIRECTIONS:
        if code != "en":
            folder = portal / "locales" / code.replace("-", "_") / "LC_MESSAGES"
            assert sorted(p.name for p in folder.iterdir()) == ["countries.po", "portal.po"]
    # Locations as `i18n extract` in the portal's folder writes them.
    assert "#: content/countries/so.yml:" in (portal / "locales/countries.pot").read_text(
        encoding="utf-8")


def test_it_refuses_a_folder_that_is_not_empty(portal: Path) -> None:
    before = tree_digest(portal)
    again = run_cli(portal.parent, "init", "portal")
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "portal: error: this is a folder that is not empty; init writes a new portal into a "
        "new or empty folder, and never over existing files: name another folder"]
    assert tree_digest(portal) == before


def test_wrong_options_are_all_reported_and_nothing_is_written(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "init", "new", "--languages", "en,xx", "--countries", "SO,QQ",
                     "--default-language", "de")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "--countries: error: unknown country code 'QQ'; use ISO 3166-1 alpha-2 codes such as "
        "SO or ET",
        "--default-language: error: 'de' is not one of --languages; add it there, or choose "
        "one of them",
        "--languages: error: 'xx' is not a language CLDR knows; use a BCP 47 tag such as "
        "en, ar, fil or sr-Latn"]
    assert list(tmp_path.iterdir()) == []


def test_names_with_yaml_syntax_are_written_as_text(tmp_path: Path) -> None:
    name = "Ministry: Labour # and 'Migration'"
    newportal.create(tmp_path / "p", newportal.NewPortal(
        publisher=name, site_name="yes", package_spec=SPEC, today=dt.date(2026, 11, 24)))
    settings = yaml.safe_load((tmp_path / "p/mkdocs.yml").read_text(encoding="utf-8"))
    assert settings["plugins"][0]["gcm-portal"]["publisher"]["name"] == name
    assert settings["site_name"] == "yes"
    for bad in ("Ministry\nof X", "<b>Ministry</b>", "Ministry\u202eX"):
        with pytest.raises(PortalError) as raised:
            newportal.create(tmp_path / "q", newportal.NewPortal(publisher=bad,
                                                                  package_spec=SPEC))
        assert [p.path for p in raised.value.problems] == ["--publisher"]
    assert not (tmp_path / "q").exists()


def test_only_the_languages_asked_for_and_translations_marked_as_drafts(tmp_path: Path) -> None:
    newportal.create(tmp_path / "p", newportal.NewPortal(
        languages=("en", "fr", "so"), package_spec=SPEC, today=dt.date(2026, 11, 24)))
    docs = tmp_path / "p/content"
    assert sorted(p.name for p in (docs / "pathways").iterdir()) == ["index.fr.md", "index.md"]
    french = (docs / "pathways/index.fr.md").read_text(encoding="utf-8")
    assert french.startswith("---\ndraft: machine translation, to review\n")
    assert "draft:" not in (docs / "pathways/index.md").read_text(encoding="utf-8")
    assert "reviewed: '2026-11-24'" in french
    states = translations.page_states(docs, ["en", "fr"], "en", only={"pathways/index.md"})
    assert [s.state for s in states] == [translations.State.UP_TO_DATE]


def test_a_default_language_gcm_portal_has_texts_in(tmp_path: Path) -> None:
    newportal.create(tmp_path / "p", newportal.NewPortal(
        languages=("fr", "en"), package_spec=SPEC, today=dt.date(2026, 11, 24)))
    pathways = tmp_path / "p/content/pathways"
    assert "title: Migrer de façon sûre et légale" in (pathways / "index.md").read_text(
        encoding="utf-8")
    english = (pathways / "index.en.md").read_text(encoding="utf-8")
    assert "title: Safe and legal ways to migrate" in english and "draft:" not in english


def test_requirements_follow_the_source_gcm_portal_came_from(monkeypatch) -> None:
    class Dist:
        version = "0.1.0"

        def __init__(self, direct: dict[str, object] | None) -> None:
            self.direct = direct

        def read_text(self, name: str) -> str | None:
            return json.dumps(self.direct) if self.direct else None

    git = {"url": "https://github.com/example/gcm-portal",
           "vcs_info": {"vcs": "git", "commit_id": "0123abc"}}
    for direct, spec, noted in (
            (git, "gcm-portal @ git+https://github.com/example/gcm-portal@0123abc", False),
            ({"url": "file:///work/main", "dir_info": {"editable": True}},
             "gcm-portal==0.1.0", True),
            (None, "gcm-portal==0.1.0", True)):
        monkeypatch.setattr(newportal.metadata, "distribution", lambda _, d=direct: Dist(d))
        found, note = newportal.installed_spec()
        assert (found, note is not None) == (spec, noted)


def test_init_in_the_empty_folder_the_editor_is_in(tmp_path: Path) -> None:
    folder = tmp_path / "here"
    folder.mkdir()
    inode = folder.stat().st_ino
    result = run_cli(folder, "init", ".", "--package-spec", SPEC, "--today", TODAY, env=ENV)
    assert result.returncode == 0, result.stderr
    assert folder.stat().st_ino == inode  # the shell's folder, not a new one in its place
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == [
        ".github", ".gitignore", ".vscode"]


def test_a_failed_init_leaves_nothing_behind(tmp_path: Path, monkeypatch) -> None:
    def fail(project: Path, today: dt.date) -> None:
        raise PortalError([])

    monkeypatch.setattr(newportal, "_write_catalogs", fail)
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (tmp_path / "new" / "portal", empty):
        with pytest.raises(PortalError):
            newportal.create(target, newportal.NewPortal(package_spec=SPEC))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "new"]
    assert list(empty.iterdir()) == [] and list((tmp_path / "new").iterdir()) == []


def test_the_starter_pages_are_the_demos_module_pages():
    """The package ships the demo's module pages for new portals: one text, two places. An
    edit to either must reach the other (copy it), or new portals start from stale texts."""
    starter = Path(str(resources.files("gcm_portal") / "starter" / "content"))
    shipped = sorted(p.relative_to(starter).as_posix() for p in starter.rglob("*.md"))
    assert shipped, "no starter pages in the package"
    differ = [name for name in shipped
              if (starter / name).read_bytes() != (ROOT / "content" / name).read_bytes()]
    assert differ == [], f"copy content/{differ[0]} to src/gcm_portal/starter/content/"
    modules = {p.relative_to(ROOT / "content").as_posix()
               for module in ("pathways", "documents", "services", "return")
               for p in (ROOT / "content" / module).glob("index*.md")}
    assert set(shipped) == modules
