"""Keyboard only: skip link, visible and unobscured focus, language switcher, search,
navigation, and the help block in the same place on every page (WCAG 2.1.1, 2.4.1, 2.4.7,
2.4.11, 3.2.6), with both themes: Material for MkDocs, and gcm-portal's own (cases named
gcm-...), with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from browser_checks import (
    LANDMARK_ORDER,
    changed_pixels,
    focus_problem,
    focused,
    reach_state,
    region,
    without_transitions,
)
from portal_pages import (
    ALL_LANGUAGES,
    DEFAULT,
    LANGUAGES,
    MISSING,
    TEMPLATE_BY_NAME,
    TEMPLATES,
    THEMES,
    VIEWPORTS,
    language_prefix,
    path_of,
    search_word,
)

MAX_TAB_STOPS = 250  # far more than any page has: a cycle that never ends is a failure


def tab_until(page, predicate: str, key: str = "Tab") -> dict:
    """Press ``key`` until the focused element matches the CSS selector ``predicate``;
    every element passed on the way must be visible and unobscured."""
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press(key)
        info = focused(page)
        if info is None:
            continue
        problem = focus_problem(info)
        assert problem is None, f"{info['describe']} {problem}"
        if page.evaluate("s => document.activeElement.matches(s)", predicate):
            return info
    raise AssertionError(f"the keyboard never reaches {predicate}")


def open_quiet(visit, path: str, viewport: str):
    page = visit.open(path, viewport)
    without_transitions(page)
    return page


# --- the skip link -----------------------------------------------------------------------

def _id(theme: str, *parts: str) -> str:
    """A case's id: as it always was for Material, gcm-... for gcm-portal's own theme."""
    return "-".join(parts if theme == "material" else (theme, *parts))


SKIP_CASES = [
    pytest.param("material", template, lang, viewport, id=f"{template.name}-{lang}-{viewport}")
    for template in TEMPLATES if template.per_language
    for lang in ("en", "ps")
    for viewport in VIEWPORTS
] + [
    pytest.param("gcm", TEMPLATE_BY_NAME[name], lang, viewport,
                 id=_id("gcm", name, lang, viewport))
    for name, lang, viewport in [("home", "en", "mobile"), ("country", "am", "mobile"),
                                 ("search-results", "ar", "desktop")]
]


@pytest.mark.parametrize(("theme", "template", "lang", "viewport"), SKIP_CASES)
def test_skip_link_comes_first_and_lands_on_the_content(themed, theme, template, lang,
                                                         viewport):
    portal = themed(theme, lang)
    visit, demo_site, marks = portal.visit, portal.site, portal.theme
    page = open_quiet(visit, path_of(demo_site, lang, template), viewport)
    reach_state(page, template.action, search_word(demo_site, lang), marks)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.evaluate("window.scrollTo(0, 0)")
    if template.action == "search":  # the results page has been reloaded: start afresh
        page.reload()
        without_transitions(page)
    page.keyboard.press("Tab")
    info = focused(page)
    assert info is not None and focus_problem(info) is None, info
    href = page.evaluate("document.activeElement.getAttribute('href') || ''")
    assert href.startswith("#") and len(href) > 1, f"first tab stop is {info['describe']}"
    assert page.evaluate("document.activeElement.innerText.trim()"), "the skip link has no text"
    target = page.locator(href)
    assert target.count() == 1, f"the skip link points at {href}, which is not on the page"
    # It lands before the page's h1, not after it.
    assert page.evaluate("""([t, content]) => {
        const h1 = document.querySelector(content + ' h1');
        return !h1 || t === h1 || t.contains(h1) ||
            !!(t.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""", [target.element_handle(), marks.content]), "the skip link jumps past the page's h1"

    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == href
    h1 = page.locator(f"{marks.content} h1").first
    header_bottom = page.evaluate("document.querySelector('header').getBoundingClientRect()"
                                  ".bottom")
    box = h1.bounding_box()
    assert box is not None and box["y"] >= header_bottom - 1, \
        f"the h1 is under the sticky header after skipping ({box}, header ends {header_bottom})"
    assert box["y"] < VIEWPORTS[viewport]["height"], "the h1 is below the screen after skipping"
    # The next Tab continues in the content, not in the header or the navigation.
    page.keyboard.press("Tab")
    after = focused(page)
    assert after is not None and focus_problem(after) is None, after
    assert page.evaluate("""chrome => !document.activeElement.closest(chrome)""",
                         marks.chrome), f"after the skip link, Tab went to {after['describe']}"


# --- focus is visible and never hidden ---------------------------------------------------

WALKS = [
    pytest.param("material", TEMPLATE_BY_NAME[name], lang, viewport,
                 id=f"{name}-{lang}-{viewport}")
    for name, lang in [("home", "en"), ("country", "ar"), ("module", "ps"),
                       ("country-list", "ne")]
    for viewport in VIEWPORTS
] + [
    pytest.param("gcm", TEMPLATE_BY_NAME[name], lang, viewport, id=_id("gcm", name, lang,
                                                                       viewport))
    for name, lang, viewport in [("home", "en", "mobile"), ("country", "am", "mobile")]
]


@pytest.mark.parametrize(("theme", "template", "lang", "viewport"), WALKS)
def test_focus_is_always_visible_and_never_hidden(themed, theme, template, lang, viewport):
    """Tab through the whole page and back. Each element, when focused, must be on screen,
    not under the sticky header or anything else, and look different: at least its own
    perimeter in pixels changes with 3:1 contrast against the same spot before it had
    focus (with the previous element focused instead)."""
    portal = themed(theme, lang)
    page = open_quiet(portal.visit, path_of(portal.site, lang, template), viewport)
    stops: list[int] = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None or info["index"] in stops:
            break  # past the last element, or round to the first again
        problem = focus_problem(info)
        assert problem is None, f"Tab stop {len(stops) + 1}: {info['describe']} {problem}"
        clip = region(info)
        with_focus = page.screenshot(clip=clip)
        page.keyboard.press("Shift+Tab")
        page.evaluate("s => window.scrollTo(s.x, s.y)", info["scroll"])
        without_focus = page.screenshot(clip=clip)
        page.keyboard.press("Tab")
        page.evaluate("s => window.scrollTo(s.x, s.y)", info["scroll"])
        assert focused(page)["index"] == info["index"], "Tab did not come back to it"
        box = info["box"]
        width = min(box["width"], clip["width"])
        height = min(box["height"], clip["height"])
        changed = changed_pixels(without_focus, with_focus)
        assert changed >= 2 * (width + height), (
            f"Tab stop {len(stops) + 1}: {info['describe']} shows no visible focus indicator "
            f"({changed} pixels change, {2 * (width + height):.0f} needed)")
        stops.append(info["index"])
    else:
        raise AssertionError("Tab never comes round")
    assert len(stops) >= 5, f"only {len(stops)} tab stops"

    # Backwards: Shift+Tab scrolls elements in at the top edge, right under the header.
    back: list[int] = []
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Shift+Tab")
        info = focused(page)
        if info is None or info["index"] in back:
            if info is None and not back:
                continue  # from the first element, Shift+Tab leaves the page first
            break
        problem = focus_problem(info)
        assert problem is None, f"Shift+Tab: {info['describe']} {problem}"
        back.append(info["index"])
    assert sorted(back) == sorted(stops), "Shift+Tab does not visit what Tab visits"


# --- the language switcher, search and navigation --------------------------------------

SWITCHES = [
    pytest.param("material", viewport, source, target, id=f"{source}-{target}-{viewport}")
    for source, target in [("en", "ps"), ("ps", "ne"), ("ar", "en")]
    for viewport in VIEWPORTS
] + [pytest.param("gcm", viewport, source, target, id=_id("gcm", source, target, viewport))
     for source, target, viewport in [("en", "ar", "mobile"), ("am", "ur", "desktop")]]


@pytest.mark.parametrize(("theme", "viewport", "source", "target"), SWITCHES)
def test_language_switcher_works_from_the_keyboard(themed, theme, viewport, source, target):
    portal = themed(theme, source)
    visit, demo_site, marks = portal.visit, portal.site, portal.theme
    module = TEMPLATE_BY_NAME["module"]
    page = open_quiet(visit, path_of(demo_site, source, module), viewport)
    tab_until(page, marks.language_button)
    if theme != "material":  # a <details>: Enter opens it (Material's opens on focus)
        page.keyboard.press("Enter")
    # Each language in the list is reachable and visible while focused (tab_until checks).
    tab_until(page, f'{marks.language_link}[hreflang="{target}"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == visit.site_url + path_of(demo_site, target, module)
    assert page.evaluate("document.documentElement.lang") == target


SEARCHES = [
    pytest.param("material", viewport, lang, id=f"{lang}-{viewport}")
    for lang in LANGUAGES for viewport in VIEWPORTS
] + [pytest.param("gcm", "mobile", lang, id=_id("gcm", lang, "mobile"))
     for lang in ("en", "am")]


@pytest.mark.parametrize(("theme", "viewport", "lang"), SEARCHES)
def test_search_works_from_the_keyboard(themed, theme, viewport, lang):
    portal = themed(theme, lang)
    visit, demo_site = portal.visit, portal.site
    page = open_quiet(visit, language_prefix(demo_site, lang), viewport)
    tab_until(page, 'header a[href*="search"], header input[type=search]')
    if page.evaluate("document.activeElement.tagName") == "A":
        with page.expect_navigation():
            page.keyboard.press("Enter")
        without_transitions(page)
        tab_until(page, "main input[type=search], main input[name=q]")
    word = search_word(demo_site, lang)
    page.keyboard.type(word)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    without_transitions(page)
    page.wait_for_selector("#gcm-search-results li a")
    tab_until(page, "#gcm-search-results a")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    here = page.url[len(visit.site_url):]
    assert here.startswith(language_prefix(demo_site, lang)), here
    assert "search" not in here.split("#")[0], f"the result led back to search: {here}"
    assert page.evaluate("document.documentElement.lang") == lang
    assert word.casefold() in page.locator("main").inner_text().casefold()


@pytest.mark.parametrize("theme", THEMES)
def test_navigation_works_from_the_keyboard_on_a_desktop(themed, theme):
    portal = themed(theme, "ar")
    visit, demo_site = portal.visit, portal.site
    page = open_quiet(visit, language_prefix(demo_site, "ar"), "desktop")
    tab_until(page, f'{portal.theme.navigation} a[href$="countries/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path_of(demo_site, "ar", TEMPLATE_BY_NAME["country-list"]))


@pytest.mark.parametrize("lang", ["en", "ps"])
def test_navigation_drawer_works_from_the_keyboard_on_a_phone(visit, demo_site, lang):
    page = open_quiet(visit, language_prefix(demo_site, lang), "mobile")
    menu = '.md-header [for="__drawer"]'
    tab_until(page, menu)
    assert page.evaluate("document.activeElement.getAttribute('role')") == "button"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')"), "unnamed button"
    assert page.evaluate("document.activeElement.getAttribute('aria-expanded')") == "false"

    # Escape closes it again and gives focus back to the button.
    page.keyboard.press("Enter")
    assert page.locator(menu).get_attribute("aria-expanded") == "true"
    info = focused(page)
    assert info is not None and focus_problem(info) is None, info
    assert page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')")
    page.keyboard.press("Escape")
    assert page.locator(menu).get_attribute("aria-expanded") == "false"
    assert page.evaluate(f"document.activeElement.matches('{menu}')")

    # Space opens it too; every link in it is visible when focused (tab_until checks).
    page.keyboard.press(" ")
    assert page.locator(menu).get_attribute("aria-expanded") == "true"
    tab_until(page, '.md-sidebar--primary a[href$="about/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path_of(demo_site, lang, TEMPLATE_BY_NAME["about"]))


def test_navigation_drawer_opens_from_the_keyboard_without_javascript(visit, demo_site):
    """Without JavaScript the ☰ button is a label no keyboard reaches: its checkbox takes
    focus instead, shows the ring on the button, and Space opens the menu."""
    # Not visit.open nor without_transitions: they wait on promises and load events that
    # no page script settles when scripts are off.
    page = visit.context("mobile", java_script_enabled=False).new_page()
    page.set_default_timeout(10_000)
    page.goto(visit.site_url + language_prefix(demo_site, "en"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "__drawer", \
        "the first Tab does not reach the menu button"
    ring = page.evaluate("""getComputedStyle(
        document.querySelector('.md-header [for="__drawer"]')).outlineStyle""")
    assert ring == "solid", "the menu button shows no focus ring"
    drawer = page.locator(".md-sidebar--primary")
    assert drawer.evaluate("e => getComputedStyle(e).visibility") == "hidden"
    page.keyboard.press(" ")
    assert drawer.evaluate("e => getComputedStyle(e).visibility") == "visible"
    page.wait_for_timeout(500)  # the drawer slides in (0.25 s)
    box = drawer.bounding_box()
    assert box is not None and box["x"] >= -1 and box["width"] > 100, box
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.md-sidebar--primary')"):
            break
    else:
        raise AssertionError("the keyboard never reaches a link of the open menu")


@pytest.mark.parametrize(("lang", "javascript"), [("en", True), ("ar", False)],
                         ids=["en-with-js", "ar-without-js"])
def test_gcm_navigation_drawer_works_from_the_keyboard_on_a_phone(themed, lang, javascript):
    """gcm-portal's theme: the drawer is a <details>, whose summary every browser makes a
    button (a name, an expanded state, Enter and Space), scripts or not. Closed, none of
    its links takes focus; open, each is visible when focused and leads to its page."""
    portal = themed("gcm", lang)
    marks = portal.theme
    # Not visit.open nor without_transitions: they wait on promises that no page script
    # settles when scripts are off (and the theme animates nothing).
    page = portal.visit.context("mobile", java_script_enabled=javascript).new_page()
    page.set_default_timeout(10_000)
    page.goto(portal.visit.site_url + language_prefix(portal.site, lang))
    drawer = page.locator(".gcm-drawer")
    tab_until(page, marks.menu_button)
    assert page.evaluate("document.activeElement.innerText.trim()"), "unnamed button"
    assert not drawer.evaluate("d => d.open")
    assert not page.locator(f"{marks.navigation} a").first.is_visible()
    page.keyboard.press("Enter")
    assert drawer.evaluate("d => d.open")
    # Enter again closes it, focus staying on the button; Space opens it too.
    page.keyboard.press("Enter")
    assert not drawer.evaluate("d => d.open")
    assert page.evaluate("s => document.activeElement.matches(s)", marks.menu_button)
    page.keyboard.press(" ")
    assert drawer.evaluate("d => d.open")
    tab_until(page, f'{marks.navigation} a[href$="about/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path_of(portal.site, lang, TEMPLATE_BY_NAME["about"]))
    assert page.evaluate("document.documentElement.dir") == ("rtl" if lang == "ar" else "ltr")


def test_gcm_pages_work_without_javascript(themed):
    """gcm-portal's theme needs no script but the search page's: the language menu opens
    from the keyboard, and each page says where it is in the navigation."""
    portal = themed("gcm", "ar")
    marks = portal.theme
    page = portal.visit.context("mobile", java_script_enabled=False).new_page()
    page.set_default_timeout(10_000)
    page.goto(portal.visit.site_url + path_of(portal.site, "ar", TEMPLATE_BY_NAME["module"]))
    assert page.locator("script").count() == 0
    tab_until(page, marks.language_button)
    page.keyboard.press("Enter")
    link = tab_until(page, f'{marks.language_link}[hreflang="en"]')
    assert link["box"]["x"] >= 0 and link["box"]["x"] + link["box"]["width"] <= 360, link
    current = page.locator(f"{marks.navigation} a[aria-current=page]")
    assert current.count() == 1 and current.get_attribute("href") == "./"
    # The search page without its script says how else to find a page.
    search = TEMPLATE_BY_NAME["search-results"]
    page.goto(portal.visit.site_url + path_of(portal.site, "ar", search))
    assert page.locator("noscript").count() == 1


@pytest.mark.parametrize("theme", THEMES)
def test_closed_drawer_links_take_no_focus_on_a_phone(themed, theme):
    portal = themed(theme, "en")
    page = open_quiet(portal.visit, language_prefix(portal.site, "en"), "mobile")
    stops = 0
    for _ in range(MAX_TAB_STOPS):
        page.keyboard.press("Tab")
        if focused(page) is None:
            break
        stops += 1
        assert not page.evaluate("s => !!document.activeElement.closest(s + ' a')",
                                 portal.theme.navigation), \
            "a link of the closed navigation drawer takes focus"
    assert stops >= 5, f"only {stops} tab stops"


# --- 3.2.6 Consistent Help ---------------------------------------------------------------

_MARKS = re.compile(r'<main\b|<footer\b|class="gcm-help"')


@pytest.mark.parametrize("theme", THEMES)
def test_help_block_is_in_the_same_place_in_every_built_page(request, theme):
    demo_site = request.getfixturevalue("demo_site" if theme == "material" else
                                        f"{theme}_demo_site")
    marker = THEMES[theme].page_marker
    orders = {}
    for lang in ALL_LANGUAGES:
        prefix = language_prefix(demo_site, lang)
        for file in sorted((demo_site / prefix).rglob("*.html")):
            if not prefix and file.relative_to(demo_site).parts[0] in ALL_LANGUAGES:
                continue
            html = file.read_text(encoding="utf-8")
            if marker not in html:
                continue  # not a portal page (a redirect or a generated file)
            marks = [m.group(0) for m in _MARKS.finditer(html)]
            orders[file.relative_to(demo_site).as_posix()] = tuple(
                "help" if "gcm-help" in m else m.strip("<") for m in marks)
    assert len(orders) > 50
    expected = ("main", "help", "footer")
    wrong = {page: order for page, order in orders.items() if order != expected}
    assert not wrong, f"help block out of place (expected {expected}): {wrong}"


@pytest.mark.parametrize(("theme", "lang"), [
    *[pytest.param("material", lang, id=lang) for lang in LANGUAGES],
    pytest.param("gcm", "ar", id="gcm-ar")])
def test_help_block_looks_the_same_on_every_template(themed, theme, lang):
    portal = themed(theme, lang)
    visit, demo_site = portal.visit, portal.site
    seen = {}
    context = visit.context("mobile")
    page = context.new_page()
    # The not-found page is one page for the whole site: see the test after this one.
    for template in (t for t in TEMPLATES if t.per_language and t.path != MISSING):
        visit.go(page, path_of(demo_site, lang, template))
        reach_state(page, template.action, search_word(demo_site, lang), portal.theme)
        assert page.evaluate(LANDMARK_ORDER) == ["main", "help", "footer"], template.name
        help_block = page.locator(".gcm-help")
        assert help_block.count() == 1 and help_block.is_visible(), template.name
        seen[template.name] = help_block.inner_text()
    assert len(set(seen.values())) == 1, f"the help block differs between pages: {seen}"


@pytest.mark.parametrize("theme", THEMES)
def test_not_found_page_speaks_the_default_language(themed, theme):
    """The root 404.html (most static hosts serve only that one) is in the default
    language, whichever language was built last; each language has its own too."""
    portal = themed(theme, DEFAULT)
    visit, demo_site = portal.visit, portal.site
    page = visit.open(MISSING, "desktop")
    assert page.evaluate("document.documentElement.lang") == DEFAULT
    help_block = page.locator(".gcm-help").inner_text()
    english = visit.open(path_of(demo_site, DEFAULT, TEMPLATE_BY_NAME["home"]), "desktop")
    assert help_block == english.locator(".gcm-help").inner_text()
