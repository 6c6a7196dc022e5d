"""Any language CLDR knows, under its BCP 47 tag: a three-letter code (Filipino ``fil``), a
right-to-left three-letter code (Central Kurdish ``ckb``) and a script subtag (Serbian in
Latin script, ``sr-Latn``), in a portal made with `gcm-portal init`, built end to end."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from lxml import html
from projects import run_cli

TODAY = "2026-11-24"
EPOCH = str(int(dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc).timestamp()))
ENV = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
DIRECTIONS = {"en": "ltr", "fil": "ltr", "ckb": "rtl", "sr-Latn": "ltr"}
KURDISH_TITLE = "دەربارەی ئەم ماڵپەڕە"


@pytest.fixture(scope="module")
def portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bcp47")
    made = run_cli(root, "init", "portal", "--languages", ",".join(DIRECTIONS),
                   "--default-language", "en", "--countries", "PH,IQ", "--publisher",
                   "Ministry of X", "--today", TODAY, env=ENV)
    assert made.returncode == 0, made.stderr
    project = root / "portal"
    about = (project / "content" / "about.md").read_text(encoding="utf-8")
    # A Kurdish translation of one page, linking another page as editors write links.
    translated = about.replace("title: About this portal", f"title: {KURDISH_TITLE}").replace(
        "## Who publishes this portal",
        f"## {KURDISH_TITLE}\n\n[ڕێگاکان](pathways/index.md)\n\n## Who publishes this portal")
    (project / "content" / "about.ckb.md").write_text(translated, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def site(portal: Path) -> Path:
    checked = run_cli(portal, "check", env=ENV)
    assert checked.returncode == 0, checked.stderr
    built = run_cli(portal, "build", env=ENV)
    assert built.returncode == 0, built.stderr
    return portal / "site"


def _page(site: Path, uri: str) -> html.HtmlElement:
    return html.parse(str(site / uri)).getroot()


@pytest.mark.parametrize("code", list(DIRECTIONS))
def test_each_language_has_its_folder_lang_and_direction(site: Path, code: str) -> None:
    for uri in ("index.html", "about/index.html", "countries/ph/index.html", "404.html",
                "search/index.html"):
        root = _page(site, f"{code}/{uri}")
        assert (root.get("lang"), root.get("dir")) == (code, DIRECTIONS[code]), uri
    assert (site / code / "search" / "index.js").is_file()


def test_the_switcher_and_alternates_name_every_language_by_its_tag(site: Path) -> None:
    root = _page(site, "ckb/about/index.html")
    hreflangs = root.xpath("//link[@rel='alternate']/@hreflang")
    assert set(DIRECTIONS) <= set(hreflangs)
    switcher = {a.get("hreflang"): a.get("href") for a in root.xpath("//a[@hreflang]")}
    assert switcher["sr-Latn"].endswith("sr-Latn/about/")
    assert switcher["fil"].endswith("fil/about/")


def test_a_translation_is_published_in_its_language_and_links_within_it(site: Path) -> None:
    root = _page(site, "ckb/about/index.html")
    assert root.xpath("string(//h1)").strip() == KURDISH_TITLE
    assert not root.xpath("//*[contains(@class, 'gcm-fallback')]")
    link = root.xpath("//article//a[text()='ڕێگاکان']/@href")
    assert link == ["../pathways/"]
    assert (site / "ckb" / "pathways" / "index.html").is_file()


def test_an_untranslated_page_falls_back_to_the_default_language(site: Path) -> None:
    root = _page(site, "fil/about/index.html")
    assert root.xpath("string(//h1)").strip() == "About this portal"
    assert root.xpath("//*[@lang='en']//h1 | //h1[@lang='en'] | //*[@lang='en'][.//h1]")


def test_each_language_has_its_own_navigation(site: Path) -> None:
    root = _page(site, "sr-Latn/index.html")
    hrefs = root.xpath("//nav[contains(@class, 'md-nav--primary')]//a/@href")
    assert "countries/" in hrefs
    assert not [h for h in hrefs if h.startswith(("../en/", "/en/", "../fil/"))]
    kurdish = _page(site, "ckb/index.html")
    titles = [t.strip() for t in kurdish.xpath(
        "//nav[contains(@class, 'md-nav--primary')]//a//text()") if t.strip()]
    assert KURDISH_TITLE in titles


def test_a_script_subtag_does_not_borrow_another_scripts_strings(site: Path) -> None:
    """Serbian in Latin script is not shown Material's Serbian (Cyrillic) strings."""
    root = _page(site, "sr-Latn/index.html")
    labels = " ".join(root.xpath("//@aria-label"))
    assert not any("\u0400" <= ch <= "\u04ff" for ch in labels), labels


def test_catalogs_live_in_gettext_folders(portal: Path) -> None:
    assert (portal / "locales" / "sr_Latn" / "LC_MESSAGES" / "portal.po").is_file()
    assert (portal / "locales" / "ckb" / "LC_MESSAGES" / "portal.po").is_file()
