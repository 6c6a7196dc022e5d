"""Small screens and large text: nothing scrolls sideways, no text is cut off, and every
target is big enough to tap (WCAG 1.4.4, 1.4.10, 2.5.8)."""

from __future__ import annotations

import pytest
from browser_checks import CLIPPED_TEXT, HORIZONTAL_SCROLL, TARGET_SIZE, reach_state
from portal_pages import (
    LANGUAGES,
    STATES,
    TEMPLATE_BY_NAME,
    TEMPLATES,
    VIEWPORTS,
    path_of,
    search_word,
)

# 320 CSS px is WCAG 1.4.10's width (a 1280 px window at 400 % zoom). Zoom at 200 % gives
# 640 px, which Material lays out as it does 360 px: the phone cases cover it.
NARROW = {"320": {"width": 320, "height": 640}}


def cases(templates, languages, sizes):
    return [
        pytest.param(template, lang, size, id=f"{template.name}-{lang}-{size}")
        for template in templates
        for lang in (languages if template.per_language else ["en"])
        for size in sizes
    ]


def assert_reflows(page) -> None:
    problems = page.evaluate(HORIZONTAL_SCROLL) + page.evaluate(CLIPPED_TEXT)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("template", "lang", "size"), cases(TEMPLATES, LANGUAGES, NARROW))
def test_pages_reflow_on_narrow_screens(visit, demo_site, template, lang, size):
    page = visit.open(path_of(demo_site, lang, template), NARROW[size])
    reach_state(page, template.action, search_word(demo_site, lang))
    assert_reflows(page)


@pytest.mark.parametrize(("template", "lang", "size"), cases(TEMPLATES, LANGUAGES, VIEWPORTS))
def test_pages_reflow_with_text_at_200_percent(visit, demo_site, template, lang, size):
    """The browser's own text size setting at twice the default (Chrome's "font size",
    set through the DevTools protocol), as a reader with low vision would use it."""
    context = visit.context(size)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    visit.go(page, path_of(demo_site, lang, template))
    reach_state(page, template.action, search_word(demo_site, lang))
    # The setting took effect: the root font is at least twice the 16 px default (Material
    # pages scale it further, to 125 %; the language chooser keeps the browser's size).
    assert page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)") \
        >= 32 - 0.5, "text zoom did not apply"
    assert_reflows(page)


@pytest.mark.parametrize(("template", "lang", "size"),
                         cases(TEMPLATES + [s for s in STATES if s.action != "drawer"],
                               LANGUAGES, ["mobile"])
                         + cases([s for s in STATES if s.action == "drawer"], LANGUAGES,
                                 ["mobile"])
                         + cases(TEMPLATES, ["en", "ar"], ["desktop"]))
def test_targets_are_big_enough_to_tap(visit, demo_site, template, lang, size):
    """2.5.8 on the header, the content, the help block and the footer."""
    page = visit.open(path_of(demo_site, lang, template), size)
    reach_state(page, template.action, search_word(demo_site, lang))
    checked = page.evaluate("""() => document.querySelectorAll(
        'header a[href], header button, main a[href], .gcm-help a[href]').length""")
    assert checked >= 3, "no targets found: the selectors no longer match the page"
    problems = page.evaluate(TARGET_SIZE, None)
    assert not problems, "\n".join(problems)


def test_the_checks_find_what_they_look_for(visit, demo_site):
    """The three measurements above report real problems: planted here, on a real page."""
    page = visit.open(path_of(demo_site, "en", TEMPLATES[0]), "mobile")
    assert page.evaluate(HORIZONTAL_SCROLL) == []
    assert page.evaluate(CLIPPED_TEXT) == []
    assert page.evaluate(TARGET_SIZE, None) == []
    # Styled through the CSSOM: the site's Content-Security-Policy refuses style attributes.
    page.evaluate("""() => {
        const main = document.querySelector('main');
        const add = (parent, tag, text, style) => {
            const el = document.createElement(tag);
            el.textContent = text;
            Object.assign(el.style, style);
            parent.append(el);
            return el;
        };
        add(main, 'p', 'wide', {width: '900px'}).id = 'wide';
        add(main, 'p', 'clipped words', {width: '3em', overflow: 'hidden', whiteSpace: 'nowrap'});
        const row = add(main, 'div', '', {});
        for (let i = 0; i < 2; i++) {
            add(row, 'button', '', {width: '10px', height: '10px', padding: '0'});
        }
    }""")
    assert any("wide" in p for p in page.evaluate(HORIZONTAL_SCROLL))
    assert any("clipped words" in p for p in page.evaluate(CLIPPED_TEXT))
    assert len(page.evaluate(TARGET_SIZE, None)) == 2


@pytest.mark.parametrize("lang", ["en", "ar", "am"])
def test_gcm_pages_reflow_and_their_targets_are_big_enough(themed, lang):
    """gcm-portal's own theme, in one browser context per setting (the CI's time): its page
    templates and menus at 320 px, and with text at 200 % on a phone; every target at
    least 24 px, or spaced so (2.5.8)."""
    portal = themed("gcm", lang)
    visit, site, marks = portal.visit, portal.site, portal.theme
    narrow = visit.context(NARROW["320"]).new_page()
    for name in ("home", "module", "country", "recruiters", "search-results", "language-menu",
                 "navigation-drawer"):
        template = TEMPLATE_BY_NAME[name]
        visit.go(narrow, path_of(site, lang, template))
        reach_state(narrow, template.action, search_word(site, lang), marks)
        assert_reflows(narrow)
        problems = narrow.evaluate(TARGET_SIZE, None)
        assert not problems, f"{name}: " + "\n".join(problems)
    context = visit.context("mobile")
    large = context.new_page()
    cdp = context.new_cdp_session(large)
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    for name in ("home", "country", "recruiters", "navigation-drawer"):
        template = TEMPLATE_BY_NAME[name]
        visit.go(large, path_of(site, lang, template))
        reach_state(large, template.action, search_word(site, lang), marks)
        assert large.evaluate("parseFloat(getComputedStyle(document.documentElement)"
                              ".fontSize)") >= 32 - 0.5, "text zoom did not apply"
        assert_reflows(large)
