"""gcm-portal's own theme, ``theme: {name: gcm}``: the demo builds with it, without any of
Material's files, every page in its language and direction, escaped, and light."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from projects import ROOT, copy_project, replace, use_theme

from gcm_portal import themes
from gcm_portal.adapter.config import check_file
from gcm_portal.builds import fonts, incremental, weight
from gcm_portal.cli import main
from gcm_portal.model.languages import Language

LANGUAGES = ["en", "fr", "es", "ar", "bn", "ne", "ps"]
RTL = {"ar", "ps"}


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p != site / "index.html")


def test_mkdocs_finds_the_theme_by_its_entry_point():
    from mkdocs.utils import get_theme_names

    assert "gcm" in get_theme_names()
    assert (Path(themes.gcm_dir()) / "mkdocs_theme.yml").is_file()


def test_the_demo_builds_with_the_gcm_theme_without_material(gcm_demo_site):
    assert not list(gcm_demo_site.glob("assets/stylesheets/main.*.css"))
    assert not list(gcm_demo_site.glob("assets/javascripts/bundle.*.js"))
    assert not (gcm_demo_site / "assets/stylesheets/gcm-a11y.css").exists()  # Material's fixes
    for shared in ("assets/javascripts/gcm-search.js", "assets/stylesheets/gcm-chooser.css",
                   "assets/stylesheets/gcm-theme.css", "assets/stylesheets/gcm-fonts.css",
                   "assets/images/favicon.svg"):
        assert (gcm_demo_site / shared).is_file(), shared
    pages = _pages(gcm_demo_site)
    assert len(pages) > 150
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "md-header" not in text and "mkdocs-material" not in text, page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_page_is_in_its_language_and_direction(gcm_demo_site, lang):
    for page in sorted((gcm_demo_site / lang).rglob("*.html")):
        root = lxml.html.parse(str(page)).getroot()
        assert (root.get("lang"), root.get("dir")) == \
            (lang, "rtl" if lang in RTL else "ltr"), page
        # One switcher entry per language, the page's own marked as current.
        links = root.xpath('//ul[@class="gcm-lang__list"]//a')
        assert [a.get("hreflang") for a in links] == LANGUAGES, page
        assert [a.get("hreflang") for a in links if a.get("aria-current")] == [lang], page


def test_only_the_search_and_recruiters_pages_run_a_script(gcm_demo_site):
    for page in _pages(gcm_demo_site):
        scripts = [s.get("src") for s in lxml.html.parse(str(page)).getroot().iter("script")]
        assert None not in scripts, f"{page}: an inline script"
        if page.parent.name == "search":
            assert [Path(s).name for s in scripts] == ["index.js", "gcm-search.js"], page
        elif page.parent.name == "recruiters":  # the register's search box
            assert [Path(s).name for s in scripts] == ["gcm-filter.js"], page
        else:
            assert scripts == [], page


def test_the_navigation_is_a_details_drawer_that_marks_the_current_page(gcm_demo_site):
    root = lxml.html.parse(str(gcm_demo_site / "ar" / "services" / "index.html")).getroot()
    (drawer,) = root.xpath('//nav[@class="gcm-nav"]/details[@class="gcm-drawer"]')
    assert drawer.get("open") is None  # closed until the reader opens it
    assert drawer[0].tag == "summary"
    current = drawer.xpath('.//a[@aria-current="page"]')
    assert [a.get("href") for a in current] == ["./"]
    # The glossary is not translated: its entry is marked as English.
    (glossary,) = [a for a in drawer.xpath(".//a") if a.get("href") == "../glossary/"]
    assert glossary[0].get("lang") == "en"


def test_the_gcm_theme_is_a_fraction_of_materials_weight(gcm_demo_site, demo_site):
    def median(site: Path) -> float:
        measured = [weight.measure(site, page).total for page in _pages(site)
                    if page.parent.name != "search"]
        return sorted(measured)[len(measured) // 2]

    assert median(gcm_demo_site) < median(demo_site) / 3


def test_what_editors_write_is_escaped_in_the_gcm_theme(tmp_path):
    """A title and a portal name with markup in them are shown as text, not run."""
    config = copy_project(tmp_path)
    use_theme(config, "gcm")
    replace(tmp_path / "content" / "about.md", "title: About this portal",
            'title: "About <b>x</b> & \\"y\\""')
    assert main(["-f", str(config), "build", "-d", str(tmp_path / "site")]) == 0
    html = (tmp_path / "site" / "en" / "about" / "index.html").read_text(encoding="utf-8")
    assert "<b>x</b>" not in html
    assert "About &lt;b&gt;x&lt;/b&gt; &amp; &#34;y&#34;" in html
    assert "&amp;lt;" not in html  # escaped once, not twice


def test_check_accepts_the_gcm_theme_and_names_both_themes(tmp_path):
    config = copy_project(tmp_path)
    use_theme(config, "gcm")
    assert [p for p in check_file(config) if p.severity == "error"] == []
    replace(config, "  name: gcm\n", "  name: readthedocs\n")
    (problem,) = check_file(config)
    assert "write 'name: material' or 'name: gcm'" in problem.message


def test_the_fonts_name_each_themes_language_menu():
    ti = [Language.parse("ti")]
    served = [fonts.SERVED["Ethi"]]
    material = fonts.stylesheet(ti, served)
    gcm = fonts.stylesheet(ti, served, themes.font_hooks("gcm"))
    assert ".md-select:not(:hover):not(:focus-within) :lang(ti)" in material
    assert ".gcm-lang:not([open]) :lang(ti)" in gcm and "md-select" not in gcm
    urdu = fonts.stylesheet([Language.parse("ur")], hooks=themes.font_hooks("gcm"))
    assert re.search(r"summary:lang\(ur\) \{ line-height: 2\.4; \}", urdu)
    assert ".md-nav__link" not in urdu
    assert ".md-nav__link:lang(ur)" in fonts.stylesheet([Language.parse("ur")])


def test_a_change_to_a_theme_file_makes_the_next_build_a_full_one(tmp_path, monkeypatch):
    """Incremental builds fingerprint every theme's files, the shared ones included."""
    package = tmp_path / "package"
    for folder in ("templates", "theme", "themes"):
        target = package / folder / "x.html"
        target.parent.mkdir(parents=True)
        target.write_text("a", encoding="utf-8")
    monkeypatch.setattr(incremental.resources, "files", lambda name: package)
    docs = tmp_path / "docs"
    docs.mkdir()
    before = incremental.fingerprint(None, docs, tmp_path / "locales", None)
    (package / "themes" / "__pycache__").mkdir()
    (package / "themes" / "__pycache__" / "x.pyc").write_bytes(b"\0")
    assert incremental.fingerprint(None, docs, tmp_path / "locales", None) == before
    (package / "themes" / "x.html").write_text("b", encoding="utf-8")
    assert incremental.fingerprint(None, docs, tmp_path / "locales", None) != before


def test_the_demo_names_material_and_init_can_write_either(tmp_path):
    assert "name: material" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert main(["init", str(tmp_path / "p"), "--theme", "gcm", "--today", "2026-11-24"]) == 0
    written = (tmp_path / "p" / "mkdocs.yml").read_text(encoding="utf-8")
    assert re.search(r"^theme:\n(  #.*\n)*  name: gcm\n", written, re.M), written
    assert "palette" not in written
    assert check_file(tmp_path / "p" / "mkdocs.yml") == []
