"""Print in real Chromium: A4, no navigation chrome, and each country handout on one sheet."""

from __future__ import annotations

import re

import pytest
from portal_pages import ALL_LANGUAGES, SETTINGS, language_prefix

COUNTRIES = [code.lower() for code in SETTINGS["countries"]]


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its page objects (not the /Pages tree node)."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_every_country_handout_prints_on_one_a4_sheet(visit, demo_site, lang):
    for code in COUNTRIES:
        page = visit.open(language_prefix(demo_site, lang) + f"countries/{code}/handout/")
        pdf = page.pdf(format="A4", prefer_css_page_size=True)
        assert pdf_pages(pdf) == 1, f"{lang} {code}: {pdf_pages(pdf)} pages"


# The handout's printable area: A4 less its @page margins (9 mm, 10 mm), in CSS pixels.
HANDOUT_AREA = {"width": round(190 / 25.4 * 96), "height": round(279 / 25.4 * 96)}


@pytest.mark.parametrize("lang", ALL_LANGUAGES)
def test_every_handout_leaves_room_on_its_sheet(visit, demo_site, lang):
    """A longer translation, or another browser's fonts, must not push it onto a second."""
    for code in COUNTRIES:
        page = visit.open(language_prefix(demo_site, lang) + f"countries/{code}/handout/",
                          viewport=HANDOUT_AREA)
        page.emulate_media(media="print")
        bottom = page.evaluate("""() => Math.max(...[...document.querySelectorAll(
            'article *')].map(e => e.getBoundingClientRect().bottom))""")
        assert bottom <= 0.85 * HANDOUT_AREA["height"], f"{lang} {code}: {bottom:.0f} px"


def test_printed_pages_drop_navigation_and_keep_what_readers_need(visit, demo_site):
    page = visit.open(language_prefix(demo_site, "ar") + "services/")
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer']
        .map(s => document.querySelector(s))
        .filter(e => e && getComputedStyle(e).display !== 'none').length""")
    assert hidden == 0
    shown = page.evaluate("""() => ['.gcm-qr', '.gcm-page-meta', '.gcm-help']
        .map(s => document.querySelector(s))
        .filter(e => e && getComputedStyle(e).display !== 'none').length""")
    assert shown == 3
    after = page.evaluate("""() => getComputedStyle(
        document.querySelector('.gcm-page-meta a[href^="http"]'), '::after').content""")
    assert after.startswith('" (') and "http" in after
