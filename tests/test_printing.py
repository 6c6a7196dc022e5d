"""Print: a QR code of the page's address, and a one-page handout per country."""

from __future__ import annotations

import re

from test_build import COUNTRIES, LANGUAGES, page

from gcm_portal.printing import qr_svg


def test_qr_code_is_inline_svg_with_a_title():
    svg = str(qr_svg("https://gcm-portal.example/ps/", "Scan <me>"))
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert "<title>Scan &lt;me&gt;</title>" in svg


def test_every_page_carries_its_address_for_print(demo_site):
    html = page(demo_site, "ps", "services/")
    assert re.search(r'<div class="gcm-qr"><svg [^>]*class="gcm-qr__code"', html)
    assert "https://gcm-portal.example/ps/services/" in html


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
