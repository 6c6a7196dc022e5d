"""Issue 3 end to end: chooser, switcher, fallback, alternates, per-language search."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from projects import run_cli
from test_build import COUNTRIES, DEFAULT, LANGUAGES, page

from gcm_portal.model.languages import Language


def test_root_is_a_language_chooser_without_script_or_redirect(demo_site):
    html = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html
    assert 'http-equiv="refresh"' not in html.lower()
    for code in LANGUAGES:
        language = Language.parse(code)
        assert (f'<li lang="{code}" dir="{language.direction}"><a href="{code}/" '
                f'hreflang="{code}">{language.autonym}</a></li>') in html
    assert 'hreflang="x-default" href="./"' in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_switcher_names_languages_in_their_own_script(demo_site, lang):
    html = page(demo_site, lang, "services/")
    for code in LANGUAGES:
        autonym = Language.parse(code).autonym
        link = re.search(rf'<a href="([^"]+)" hreflang="{code}" lang="{code}"[^>]*>\s*'
                         rf'{re.escape(autonym)}\s*</a>', html)
        assert link, (lang, code)
        target = (demo_site / lang / "services" / link.group(1) / "index.html").resolve()
        assert target == (demo_site / code / "services" / "index.html").resolve()


def test_hreflang_alternates_are_absolute_and_include_x_default(demo_site):
    """Search engines want absolute addresses in hreflang links; the language switcher
    keeps relative links, which work offline."""
    html = page(demo_site, "ps", "countries/de/")
    for code in LANGUAGES:
        assert (f'<link rel="alternate" href="https://gcm-portal.example/{code}/countries/de/" '
                f'hreflang="{code}">') in html
        link = "./" if code == "ps" else f"../../../{code}/countries/de/"
        assert f'<a href="{link}" hreflang="{code}"' in html
    assert ('hreflang="x-default" '
            f'href="https://gcm-portal.example/{DEFAULT}/countries/de/"') in html
    home = page(demo_site, "ps", "")
    assert '<link rel="alternate" hreflang="x-default" href="https://gcm-portal.example/">' \
        in home


def test_robots_txt_allows_everything_and_names_the_sitemap(demo_site):
    assert (demo_site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\nSitemap: https://gcm-portal.example/sitemap.xml\n")


def test_every_language_has_its_own_404_page_with_links_from_the_root(demo_site):
    for code in LANGUAGES:
        html = (demo_site / code / "404.html").read_text(encoding="utf-8")
        assert f'<html lang="{code}"' in html
        assert 'href="/assets/stylesheets/gcm.css"' in html  # shown at any depth
        assert f'href="/{code}/"' in html
    assert "<h1>Page not found</h1>" in (demo_site / "404.html").read_text(encoding="utf-8")


def test_sitemap_lists_every_page_with_its_alternates(demo_site):
    sitemap = (demo_site / "sitemap.xml").read_text(encoding="utf-8")
    for code in LANGUAGES:
        assert f"<loc>https://gcm-portal.example/{code}/about/</loc>" in sitemap
    assert ('<xhtml:link rel="alternate" hreflang="x-default" '
            'href="https://gcm-portal.example/"/>') in sitemap


def _index(site: Path, lang: str) -> str:
    return (site / lang / "search" / "index.js").read_text(encoding="utf-8")


def test_each_search_index_holds_only_its_language(demo_site):
    bn, ar = _index(demo_site, "bn"), _index(demo_site, "ar")
    assert re.search(r"[\u0980-\u09ff]", bn) and not re.search(r"[\u0600-\u06ff]", bn)
    assert re.search(r"[\u0600-\u06ff]", ar) and not re.search(r"[\u0980-\u09ff]", ar)
    assert not (demo_site / "search" / "search_index.json").exists()


def test_no_page_loads_a_search_index_except_the_search_page(demo_site):
    for path in ("", "pathways/", "countries/de/"):
        assert "search/index.js" not in page(demo_site, "en", path)
        assert "search_index" not in page(demo_site, "en", path)
    assert '<script src="index.js"></script>' in page(demo_site, "en", "search/")


def _node_search(site: Path, lang: str, query: str) -> list[str]:
    """Run the real search script on the real index, in Node, and return result links."""
    script = Path(__file__).resolve().parent.parent / \
        "src/gcm_portal/themes/shared/assets/javascripts"
    program = f"""
const fs = require("fs"); global.window = {{location: {{search: ""}}}};
eval(fs.readFileSync({str(site / lang / "search/index.js")!r}, "utf8"));
global.document = {{querySelector: () => ({{querySelector: () => ({{}})}}),
                    getElementById: () => ({{getAttribute: () => ""}})}};
global.URLSearchParams = URLSearchParams;
eval(fs.readFileSync({str(script / "gcm-search.js")!r}, "utf8"));
console.log(JSON.stringify(window.gcmSearch(process.argv[1]).map(r => r.section.url)));
"""
    result = subprocess.run(["node", "-e", program, query], capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout)


NODE = shutil.which("node") is not None


@pytest.mark.skipif(not NODE, reason="node is not installed")
@pytest.mark.parametrize(("lang", "query", "expected"), [
    ("bn", "পাসপোর্ট", "documents/"),          # passport
    ("ar", "جواز السفر", "documents/"),         # passport
    ("ne", "स्वास्थ्य", "services/"),            # health
    ("ps", "بېرته", "return/"),                 # return
    # The module's section on fees, or a country's register of recruiters, which says
    # where the law prohibits them (its title holds "recruitment" too).
    ("en", "recruitment fees", ("pathways/", "countries/ae/recruiters/")),
])
def test_search_finds_the_right_page_in_scripts_without_a_stemmer(demo_site, lang, query,
                                                                   expected):
    urls = _node_search(demo_site, lang, query)
    assert urls, f"no result for {query!r}"
    assert urls[0].startswith(expected), urls[:3]


@pytest.mark.skipif(not NODE, reason="node is not installed")
def test_search_finds_country_data_in_the_readers_language(demo_site):
    urls = _node_search(demo_site, "fr", "Allemagne")
    assert any(url.startswith(f"countries/{COUNTRIES[0].lower()}/") for url in urls)


TIGRINYA_PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

msgid "Skip to content"
msgstr "ናብ ትሕዝቶ ሕለፍ"
"""


def test_new_language_needs_only_catalog_content_and_one_line(project):
    """Tigrinya: no Material translation, Ethiopic script; plus an untranslated page."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("languages: [en,", "languages: [en, ti,"), encoding="utf-8")
    po = project / "locales/ti/LC_MESSAGES/portal.po"
    po.parent.mkdir(parents=True)
    po.write_text(TIGRINYA_PO, encoding="utf-8")
    home = (project / "content/index.md").read_text(encoding="utf-8")
    (project / "content/index.ti.md").write_text(
        home.replace("title: Welcome", "title: እንቋዕ ብደሓን መጻእኩም"), encoding="utf-8")
    (project / "content/about.ps.md").unlink()  # Pashto falls back to English here
    result = run_cli(project, "build")
    assert result.returncode == 0, result.stderr
    site = project / "site"
    html = page(site, "ti", "")
    assert '<html lang="ti" dir="ltr"' in html
    assert "ናብ ትሕዝቶ ሕለፍ" in html
    assert "ትግርኛ" in (site / "index.html").read_text(encoding="utf-8")
    # Ethiopic is missing on many phones: a subset font is served from the site itself.
    css = (site / "assets/stylesheets/gcm-fonts.css").read_text(encoding="utf-8")
    assert 'src: url("../fonts/NotoSansEthiopic-subset.woff2")' in css
    assert ':lang(ti) { font-family: "gcm Ethiopic"' in css
    font = site / "assets/fonts/NotoSansEthiopic-subset.woff2"
    assert font.read_bytes()[:4] == b"wOF2"
    # Cut down to the characters the site uses: far smaller than the shipped 87 KB font.
    assert font.stat().st_size < 40_000
    assert (site / "assets/fonts/LICENSE-OFL.txt").exists()

    fallback = page(site, "ps", "about/")
    assert '<html lang="ps" dir="rtl"' in fallback
    notice = re.search(r'<p class="gcm-notice gcm-notice--fallback" role="note" dir="auto">'
                       r'([^<]+)</p>\s*<div lang="en" dir="ltr">', fallback)
    assert notice, "fallback notice or lang wrapper missing"
    assert re.search(r"[\u0600-\u06ff]", notice.group(1))  # the notice is in Pashto
    index = (site / "ps/search/index.js").read_text(encoding="utf-8")
    assert '"url":"about/' not in index  # English text is not Pashto search content
    # Tigrinya shows the English about/ page too: a fallback, also kept out of its search.
    assert '"url":"about/' not in (site / "ti/search/index.js").read_text(encoding="utf-8")


def test_fonts_come_from_the_system_or_the_site_itself(demo_site):
    css = (demo_site / "assets/stylesheets/gcm-fonts.css").read_text(encoding="utf-8")
    assert ':lang(bn) { font-family: "Noto Sans Bengali"' in css
    assert ':lang(ps) { font-family: "Noto Naskh Arabic"' in css
    assert "url(" not in css  # no Ethiopic language in the demo: no font file served
    assert not (demo_site / "assets/fonts").exists()
    assert 'href="../assets/stylesheets/gcm-fonts.css"' in page(demo_site, "bn", "")


def test_the_portals_name_and_footer_are_translated(demo_site):
    """site_name, site_description and copyright go through the portal's catalog."""
    html = page(demo_site, "ar", "")
    assert "<title>مرحبًا بك - العرض التجريبي لـ gcm-portal</title>" in html
    header = html[html.index('<header'):html.index('</header>')]
    assert "العرض التجريبي لـ gcm-portal" in header
    assert "صُنع باستخدام Material for MkDocs" in html
    assert '<meta name="description" content="معلومات عن الهجرة النظامية' in html
    assert "<title>gcm-portal demo</title>" in (demo_site / "index.html").read_text("utf-8")


def test_nothing_in_the_demo_is_left_in_english_on_other_languages_pages(demo_site):
    """Every string the demo shows is translated: on other languages' pages only the
    language switcher's English and the untranslated glossary (its page, and its entry in
    the navigation) are marked as English."""
    from lxml import html as lxml_html

    glossary = "Words used on this portal"
    for code in LANGUAGES:
        if code == DEFAULT:
            continue
        for path in (demo_site / code).rglob("*.html"):
            root = lxml_html.fromstring(path.read_bytes())
            for element in root.xpath("//body//*[@lang='en']"):
                text = " ".join(element.text_content().split())
                switcher = element.tag == "a" and "md-select__link" in element.get("class", "")
                entry = element.tag == "span" and text == glossary
                page_itself = element.tag == "div" and "glossary" in path.parts
                assert switcher or entry or page_itself, (path, element.tag, text[:80])
    ps = lxml_html.fromstring((demo_site / "ps/index.html").read_bytes())
    assert ps.xpath(f"//nav//span[@lang='en' and @dir='ltr' and text()='{glossary}']")


def test_not_found_pages_link_from_the_sub_path_of_site_url(project):
    """A 404 page is served at any address: its links start at the portal's own path."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("site_url: https://gcm-portal.example/",
                                   "site_url: https://example.org/migration/"), encoding="utf-8")
    result = run_cli(project, "build", "--lang", "ps")
    assert result.returncode == 0, result.stderr
    html = (project / "site/ps/404.html").read_text(encoding="utf-8")
    assert 'href="/migration/assets/stylesheets/gcm.css"' in html
    assert 'href="/migration/ps/"' in html
    assert (project / "site/robots.txt").read_text(encoding="utf-8").endswith(
        "Sitemap: https://example.org/migration/sitemap.xml\n")
