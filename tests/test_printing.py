"""Print: a QR code of the page's address, and a one-page handout per country."""

from __future__ import annotations

import itertools
import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from lxml import html
from test_build import COUNTRIES, LANGUAGES, page

from gcm_portal.model.languages import Language
from gcm_portal.render.printing import qr_svg

ROOT = Path(__file__).resolve().parents[1]


def test_qr_code_is_inline_svg_with_a_title():
    svg = str(qr_svg("https://gcm-portal.example/ps/", "Scan <me>"))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>Scan &lt;me&gt;</title>" in svg


def test_every_page_carries_its_address_for_print(demo_site):
    html_text = page(demo_site, "ps", "services/")
    assert re.search(r'<div class="gcm-qr"><svg [^>]*class="gcm-qr__code"', html_text)
    assert "https://gcm-portal.example/ps/services/" in html_text


def test_handouts_exist_in_every_language_and_are_linked(demo_site):
    for lang in LANGUAGES:
        for code in COUNTRIES:
            handout = page(demo_site, lang, f"countries/{code.lower()}/handout/")
            assert "gcm-page--handout" in handout
            assert 'href="tel:' in handout  # emergency and help numbers
            assert 'href="handout/"' in page(demo_site, lang, f"countries/{code.lower()}/")


def test_print_styles_hide_chrome_and_show_link_targets(demo_site):
    css = (demo_site / "assets/stylesheets/gcm.css").read_text(encoding="utf-8")
    print_rules = css[css.index("@media print"):]
    assert "size: A4" in print_rules
    assert ".md-header" in print_rules and "display: none" in print_rules
    assert 'content: " (" attr(href) ")"' in print_rules


def handout(site: Path, lang: str, code: str) -> html.HtmlElement:
    """A handout's own content: what the template wrote, without the theme's page notes."""
    root = html.fromstring(page(site, lang, f"countries/{code.lower()}/handout/"))
    body = root.find_class("gcm-page--handout")[0]
    for aside in body.find_class("gcm-page-meta"):
        aside.drop_tree()
    return body


def template_text(element: html.HtmlElement) -> str:
    """The element's text in the page's language: without isolated runs (<bdi>: numbers,
    amounts, phone numbers, addresses, written as CLDR or the data says) nor text marked
    as another language (a text not translated yet keeps its own punctuation)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag != "bdi" and child.get("lang") is None:
            parts.append(template_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def joined_marks(text: str) -> list[str]:
    """Two different punctuation marks side by side (".:", "।:", "۔،"): a sentence's own
    full stop followed by a separator the template added. Any script: Unicode categories."""
    return [a + b for a, b in itertools.pairwise(text)
            if a != b and unicodedata.category(a) == unicodedata.category(b) == "Po"]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_handout_adds_no_punctuation_to_translated_text(demo_site, lang):
    """A visa's purpose that ends with a full stop (. । ۔) is not followed by a colon, and
    no list is joined with another language's comma: each fact is a term or a definition."""
    rtl = Language.parse(lang).direction == "rtl"
    ended = 0
    for code in COUNTRIES:
        body = handout(demo_site, lang, code)
        for item in body.iter("dt", "dd", "li"):
            text = template_text(item)
            assert not joined_marks(text), f"{lang} {code}: {text!r}"
            if rtl:
                assert "," not in text, f"{lang} {code}: a Latin comma in {text!r}"
        terms = [" ".join(dt.text_content().split()) for dt in body.iter("dt")]
        ended += sum(unicodedata.category(term[-1]) == "Po" for term in terms)
        assert not body.findall(".//li"), f"{lang} {code}: facts joined into list items"
    assert ended, f"{lang}: no handout term ends with punctuation, so nothing was tested"


def test_each_visa_purpose_is_a_term_of_its_own(demo_site):
    """The name stands alone (bold, on its own line in print); fee, time and where to
    apply are its definitions, in the data's order."""
    for code in COUNTRIES:
        data = yaml.safe_load((ROOT / f"content/countries/{code.lower()}.yml")
                              .read_text(encoding="utf-8"))
        visas = handout(demo_site, "en", code).find_class("gcm-handout__entries")[0]
        terms = [" ".join(dt.text_content().split()) for dt in visas.iter("dt")]
        assert terms == [v["purpose"] for v in data["visas"]["items"]]
        first = visas.find("dt")
        facts = [sibling for sibling in first.itersiblings() if sibling.tag == "dd"][:3]
        assert [dd.get("class") for dd in facts] == ["gcm-handout__fact"] * 2 + [None]
        assert facts[0].find("bdi") is not None  # the fee, isolated
        assert "days" in facts[1].text_content()


def test_emergency_numbers_are_names_and_numbers_without_separators(demo_site):
    numbers = handout(demo_site, "ar", "AE").find_class("gcm-handout__numbers")[0]
    names = [dt.text_content() for dt in numbers.iter("dt")]
    assert names[:3] == ["الشرطة", "الإسعاف", "الإطفاء"]
    assert not any(name.rstrip().endswith(":") for name in names)
    phones = [dd for dd in numbers.iter("dd") if dd.get("class") is None]
    assert phones[0].find("a").get("href") == "tel:999"
    assert all(not template_text(dd).strip() for dd in phones)  # the number alone
