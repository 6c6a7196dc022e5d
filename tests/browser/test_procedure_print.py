"""A procedure in real Chromium: printed, one A4 checklist with a box before each step and
each document; on a 360 px phone, steps one below the other with nothing scrolling
sideways; no WCAG violation; in both themes."""

from __future__ import annotations

import re

import pytest
from browser_checks import CLIPPED_TEXT, HORIZONTAL_SCROLL
from portal_pages import VIEWPORTS, language_prefix

RECOGNITION = "countries/de/procedures/recognition-of-qualification/"
CASES = [*[pytest.param("material", lang, id=lang) for lang in ("en", "ar", "bn", "ps")],
         *[pytest.param("gcm", lang, id=f"gcm-{lang}") for lang in ("en", "ar")]]
BOXES = """() => [...document.querySelectorAll(
        '.gcm-procedure__action, .gcm-procedure__documents > li')].map(e => {
      const box = getComputedStyle(e, '::before');
      return {content: box.content, width: parseFloat(box.width),
              border: parseFloat(box.borderTopWidth), style: box.borderTopStyle};
    })"""


def pdf_pages(pdf: bytes) -> int:
    """Pages of a PDF: its page objects (not the /Pages tree node), as test_print counts."""
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@pytest.mark.parametrize(("theme", "lang"), CASES)
def test_a_procedure_prints_as_a_one_sheet_checklist(themed, theme, lang):
    portal = themed(theme, lang)
    page = portal.visit.open(language_prefix(portal.site, lang) + RECOGNITION)
    steps = page.evaluate("""() => [...document.querySelectorAll('ol.gcm-procedure > li')]
        .map(li => li.querySelector('.gcm-procedure__action').textContent)""")
    assert len(steps) == 5
    assert page.evaluate(BOXES)[0]["content"] in ("none", "normal"), "boxes are for print only"
    page.emulate_media(media="print")
    boxes = page.evaluate(BOXES)
    # 5 steps and the 7 documents they name, each a box: drawn, with no text to read out.
    assert len(boxes) == 12
    assert all(b["content"] == '""' and b["width"] > 8 and b["border"] >= 1.5
               and b["style"] == "solid" for b in boxes), boxes
    # Still an ordered list, numbered, for a screen reader and on paper.
    assert page.evaluate("getComputedStyle(document.querySelector('ol.gcm-procedure'))"
                         ".listStyleType") == "decimal"
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf_pages(pdf) == 1, f"{theme} {lang}: {pdf_pages(pdf)} pages"
    # The review date is on the sheet.
    assert page.evaluate("getComputedStyle(document.querySelector('.gcm-page-meta')).display") \
        != "none"


@pytest.mark.parametrize(("theme", "lang"), CASES)
def test_a_procedure_reads_on_a_phone(themed, theme, lang):
    portal = themed(theme, lang)
    page = portal.visit.open(language_prefix(portal.site, lang) + RECOGNITION, "mobile")
    problems = page.evaluate(HORIZONTAL_SCROLL) + page.evaluate(CLIPPED_TEXT)
    assert not problems, "\n".join(problems)
    widths = page.evaluate("""() => [...document.querySelectorAll('ol.gcm-procedure > li')]
        .map(li => li.getBoundingClientRect().width)""")
    assert widths and max(widths) <= VIEWPORTS["mobile"]["width"]


@pytest.mark.parametrize(("theme", "lang"), [("material", "en"), ("material", "ar"),
                                             ("gcm", "bn")])
def test_a_procedure_has_no_wcag_violations(themed, theme, lang):
    from axe_playwright_python.sync_playwright import Axe

    portal = themed(theme, lang)
    page = portal.visit.open(language_prefix(portal.site, lang) + RECOGNITION, "mobile")
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, "resultTypes": ["violations"]})
    assert len(results.response["passes"]) >= 10, "axe checked almost nothing"
    assert not results.response["violations"], results.response["violations"]
