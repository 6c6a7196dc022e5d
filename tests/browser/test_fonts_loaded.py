"""Which fonts a reader's browser fetches and draws, on a new portal in en, am, ti, fa-AF, ur.

The Ethiopic font served from the site is fetched where Ethiopic text is shown: on Amharic
and Tigrinya pages, on the root chooser, and once the language menu opens; not for the
names in the closed menu that every English page holds. Urdu is drawn in Nastaliq, with
lines far enough apart that its tall letters never reach the line above.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import io
import os
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from projects import run_cli

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

LANGUAGES = "en,am,ti,fa-AF,ur"
EPOCH = str(int(dt.datetime(2026, 11, 24, 12, tzinfo=dt.timezone.utc).timestamp()))
FONT = "/assets/fonts/NotoSansEthiopic-subset.woff2"
# A translator's Urdu and Dari pages: running text that wraps, in the portal's own words.
ABOUT_UR = """---
title: اس پورٹل کے بارے میں
summary: یہ پورٹل کون شائع کرتا ہے اور یہ آپ کی رازداری کی حفاظت کیسے کرتا ہے۔
reviewed: 2026-11-24
sources:
  - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
    url: https://undocs.org/en/A/RES/73/195
---

## یہ پورٹل کون شائع کرتا ہے

اس پورٹل کے ناشر کا نام ہر صفحے کے نیچے لکھا ہوتا ہے۔
یہ پورٹل ایک اوپن سورس ٹول سے بنایا گیا ہے
جو کئی زبانوں میں معلوماتی ویب سائٹیں بناتا ہے۔

## آپ کی رازداری

اس سائٹ کے صفحات نہ کوکیز رکھتے ہیں اور نہ ہی کوئی تجزیاتی پروگرام چلاتے ہیں۔
یہ دوسری ویب سائٹوں سے کچھ بھی نہیں لاتے،
اس لیے کوئی دوسری ویب سائٹ یا کمپنی یہ نہیں جان سکتی کہ آپ یہاں کیا پڑھتے ہیں۔
پاسپورٹ، ویزا اور رہائشی اجازت نامے کے بارے میں معلومات بھی یہیں ملتی ہیں۔
"""
ABOUT_FA_AF = """---
title: دربارهٔ این پورتال
summary: این پورتال را کی نشر می‌کند و چگونه از حریم خصوصی شما محافظت می‌کند.
reviewed: 2026-11-24
sources:
  - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
    url: https://undocs.org/en/A/RES/73/195
---

## ناشر این پورتال

نام ناشر این پورتال در پایین هر صفحه نوشته شده است.
این پورتال با یک ابزار متن‌باز ساخته شده که ویب‌سایت‌های معلوماتی را به چندین زبان می‌سازد.
"""
TRANSLATIONS = {"ur": ABOUT_UR, "fa-AF": ABOUT_FA_AF}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def portal_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A portal made and built by the CLI, as an editor makes one, served on localhost."""
    root = tmp_path_factory.mktemp("fonts")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    made = run_cli(root, "init", "portal", "--languages", LANGUAGES, "--default-language",
                   "en", "--countries", "SO,ET", "--publisher", "Ministry of X",
                   "--today", "2026-11-24", env=env)
    assert made.returncode == 0, made.stderr
    for code, text in TRANSLATIONS.items():
        (root / "portal" / "content" / f"about.{code}.md").write_text(text, encoding="utf-8")
    built = run_cli(root / "portal", "build", env=env)
    assert built.returncode == 0, built.stderr
    handler = functools.partial(_Quiet, directory=str(root / "portal" / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


class Opened:
    """A page in a fresh browser context (its own cache), with the fonts it fetched."""

    def __init__(self, browser: Browser, url: str, viewport: dict[str, int],
                 **options: Any) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        self.fetched: list[str] = []
        self.context.on("request", lambda request: self.fetched.append(request.url))
        self.page = self.context.new_page()
        self.page.goto(url)
        self.settle()

    def settle(self) -> None:
        self.page.evaluate("document.fonts.ready.then(() => true)")
        self.page.wait_for_load_state("networkidle")

    def fonts(self) -> list[str]:
        return [url for url in self.fetched if url.endswith(".woff2")]


@pytest.fixture
def open_page(browser: Browser, portal_url: str) -> Iterator[Any]:
    opened: list[Opened] = []

    def open_(path: str, width: int = 1280, **options: Any) -> Opened:
        opened.append(Opened(browser, portal_url + path, {"width": width, "height": 800},
                             **options))
        return opened[-1]

    yield open_
    for page in opened:
        page.context.close()


def test_an_english_page_does_not_fetch_the_ethiopic_font(open_page: Any) -> None:
    english = open_page("en/")
    # The closed menu holds the Ethiopic names all the same, marked in their language.
    assert english.page.locator('.md-select__link[lang="am"]').text_content().strip() == "አማርኛ"
    assert english.fonts() == []
    country = open_page("en/countries/so/", width=360)
    assert country.fonts() == []


@pytest.mark.parametrize("path", ["am/", "ti/countries/et/", ""])
def test_pages_that_show_ethiopic_fetch_it(open_page: Any, path: str) -> None:
    # Amharic and Tigrinya pages, and the root chooser, which lists every autonym.
    assert [url.split("/", 3)[-1] for url in open_page(path).fonts()] == [FONT.lstrip("/")]


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_opening_the_language_menu_fetches_it(open_page: Any, how: str) -> None:
    english = open_page("en/")
    assert english.fonts() == []
    if how == "hover":
        english.page.hover(".md-select")
    else:  # from the keyboard: the menu opens while focus is inside it
        english.page.focus(".md-select button")
    english.settle()
    assert len(english.fonts()) == 1
    link = english.page.locator('.md-select__link[lang="ti"]')
    assert link.evaluate("e => getComputedStyle(e).fontFamily").startswith('"gcm Ethiopic"')


def test_dari_is_named_as_cldr_names_it(open_page: Any) -> None:
    names = open_page("en/").page.locator(".md-select__link").all_text_contents()
    assert [name.strip() for name in names] == ["English", "አማርኛ", "ትግርኛ", "دری", "اردو"]


def _platform_fonts(page: Page, selector: str) -> list[str]:
    """The fonts Chromium really drew the element's text with, most glyphs first."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return [font["familyName"] for font in sorted(fonts, key=lambda f: -f["glyphCount"])]


# Whether two lines of a paragraph draw into each other, as Chromium paints them: the page
# is photographed with only the paragraph's first line visible, then with only the rest;
# dark pixels (the cores of strokes, not their anti-aliased edges) must not be in both.
# Dropping the first line's text then makes the next line the first: lines break the same.
_ONLY_PROBE = ("body * { visibility: hidden !important; } "
               "body [data-probe] { visibility: visible !important; } ")
_FIRST_LINE = _ONLY_PROBE + ("body [data-probe] { color: transparent !important; } "
                             "body [data-probe]::first-line { color: #000 !important; }")
_OTHER_LINES = _ONLY_PROBE + ("body [data-probe] { color: #000 !important; } "
                              "body [data-probe]::first-line { color: transparent !important; }")
_DROP_FIRST_LINE = """() => {
  const paragraph = document.querySelector('[data-probe]');
  const text = paragraph.firstChild;
  const pitch = parseFloat(getComputedStyle(paragraph).lineHeight);
  const range = document.createRange();
  const middle = i => {
    range.setStart(text, i); range.setEnd(text, i + 1);
    const box = range.getBoundingClientRect();
    return (box.top + box.bottom) / 2;
  };
  const first = middle(0);
  let end = 0;
  while (end < text.data.length && Math.abs(middle(end) - first) < pitch / 2) end++;
  text.data = text.data.slice(end).trimStart();
  return paragraph.getBoundingClientRect().height / pitch;
}"""
_PARAGRAPHS = """() => [...document.querySelectorAll('.md-typeset p:not([class])')]
  .filter(p => p.childNodes.length === 1 && /[\\u0600-\\u06FF]{3}/.test(p.textContent))"""


def _dark(page: Page, clip: dict[str, float], css: str) -> set[tuple[int, int]]:
    from PIL import Image

    style = page.add_style_tag(content=css)
    image = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
    style.evaluate("e => e.remove()")
    return {(x, y) for x in range(image.width) for y in range(image.height)
            if image.getpixel((x, y)) < 80}


def touching_lines(page: Page) -> tuple[int, int]:
    """How many pairs of consecutive lines the page's Urdu paragraphs have, and how many
    of them touch."""
    pairs = touching = 0
    for index in range(page.evaluate(f"() => ({_PARAGRAPHS})().length")):
        page.evaluate(f"i => {{ const p = ({_PARAGRAPHS})()[i]; p.setAttribute('data-probe', '');"
                      " p.scrollIntoView({block: 'center'}); }", index)
        probe = page.locator("[data-probe]")
        lines = probe.evaluate("p => p.getBoundingClientRect().height / "
                               "parseFloat(getComputedStyle(p).lineHeight)")
        while lines > 1.5:
            box = probe.bounding_box()
            assert box is not None
            clip = {"x": 0, "y": max(0, box["y"] - 40), "width": box["x"] + box["width"],
                    "height": box["height"] + 80}
            pairs += 1
            touching += bool(_dark(page, clip, _FIRST_LINE) & _dark(page, clip, _OTHER_LINES))
            lines = page.evaluate(_DROP_FIRST_LINE)
        probe.evaluate("p => p.removeAttribute('data-probe')")
    return pairs, touching


# The first paragraph of the page that is written in the page's script (not an English
# string left untranslated), marked so that the DevTools protocol can find it.
_MARK_PARAGRAPH = """() => {
  const paragraph = [...document.querySelectorAll('.md-typeset p')].find(
    p => (p.textContent.match(/[\\u0600-\\u06FF]/g) || []).length >
         2 * (p.textContent.match(/[A-Za-z]/g) || []).length + 10);
  paragraph.setAttribute('data-probe', '');
  const style = getComputedStyle(paragraph);
  return [style.fontFamily, parseFloat(style.fontSize), parseFloat(style.lineHeight)];
}"""


def test_urdu_is_set_in_nastaliq(open_page: Any) -> None:
    urdu = open_page("ur/about/", width=360)
    family, size, height = urdu.page.evaluate(_MARK_PARAGRAPH)
    assert family.startswith('"Noto Nastaliq Urdu"')
    assert height >= 1.8 * size
    assert _platform_fonts(urdu.page, "[data-probe]")[0] == "Noto Nastaliq Urdu"


def test_lines_of_nastaliq_do_not_touch(open_page: Any) -> None:
    urdu = open_page("ur/about/", width=360, bypass_csp=True)  # the check adds its styles
    pairs, touching = touching_lines(urdu.page)
    assert pairs >= 4 and touching == 0
    # The check sees what it looks for: at Material's line height, lines touch.
    again = open_page("ur/about/", width=360, bypass_csp=True)
    again.page.add_style_tag(content="p:lang(ur) { line-height: 1.6 !important; }")
    assert touching_lines(again.page)[1] >= 2


def test_dari_stays_in_naskh(open_page: Any) -> None:
    # Dari is written in the same script; its readers read Naskh.
    dari = open_page("fa-AF/about/", width=360)
    family, _, _ = dari.page.evaluate(_MARK_PARAGRAPH)
    assert family.startswith('"Noto Naskh Arabic"')
    assert _platform_fonts(dari.page, "[data-probe]")[0] == "Noto Naskh Arabic"


# --- gcm-portal's own theme, on the same kind of portal (conftest.gcm_init_site) ----------

def _gcm_fonts(themed: Any, path: str, open_menu: bool = False) -> tuple[Page, list[str]]:
    """A page of the gcm-themed portal in a fresh context, and the fonts it fetched."""
    portal = themed("gcm", "am")
    context = portal.visit.context("desktop")
    page = context.new_page()
    portal.visit.go(page, path)
    if open_menu:
        page.click(portal.theme.language_button)
        page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    return page, [url for url in portal.visit.requests if url.endswith(".woff2")]


def test_gcm_an_english_page_fetches_the_ethiopic_font_only_once_the_menu_opens(themed):
    page, fetched = _gcm_fonts(themed, "en/")
    # The closed menu holds the Ethiopic names all the same, marked in their language.
    assert page.locator('.gcm-lang__list a[lang="am"]').text_content().strip() == "አማርኛ"
    assert fetched == []
    page, fetched = _gcm_fonts(themed, "en/", open_menu=True)
    assert [url.split("/", 3)[-1] for url in fetched] == [FONT.lstrip("/")]
    link = page.locator('.gcm-lang__list a[lang="ti"]')
    assert link.evaluate("e => getComputedStyle(e).fontFamily").startswith('"gcm Ethiopic"')


def test_gcm_ethiopic_and_urdu_pages_are_drawn_in_their_fonts(themed):
    page, fetched = _gcm_fonts(themed, "am/countries/et/")
    assert [url.split("/", 3)[-1] for url in fetched] == [FONT.lstrip("/")]
    page.evaluate("document.querySelector('.gcm-page h1').setAttribute('data-probe', '')")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "[data-probe]"})["nodeId"]
    drawn = max(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"],
                key=lambda font: font["glyphCount"])
    # The site's own subset (a web font), not a system font of the machine.
    assert drawn["isCustomFont"] and drawn["familyName"] == "Noto Sans Ethiopic", drawn
    urdu, _ = _gcm_fonts(themed, "ur/")
    banner = urdu.locator(".gcm-sample")
    assert banner.evaluate("e => getComputedStyle(e).fontFamily").startswith(
        '"Noto Nastaliq Urdu"')
    banner.evaluate("e => e.setAttribute('data-probe', '')")
    assert _platform_fonts(urdu, "[data-probe]")[0] == "Noto Nastaliq Urdu"
