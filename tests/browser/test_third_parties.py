"""No third parties: every page loads only from the portal's own origin and sets no cookie.

Readers' safety may depend on nobody else learning what they read (README, Privacy).
Every request the browser makes is recorded, from pages and from workers; requests to
another origin are recorded and then refused, so a test cannot hang on one.
"""

from __future__ import annotations

import pytest
from browser_checks import reach_state
from portal_pages import ALL_LANGUAGES, MISSING, TEMPLATE_BY_NAME, html_files, path_of, search_word

NO_COOKIE = "document.cookie === ''"


def guard(visit, context) -> None:
    def route(route):
        if route.request.url.startswith(visit.origin + "/"):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", route)


def load_everything(page) -> None:
    """Scroll to the end so that lazy images and late fonts load too."""
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("load")


@pytest.mark.parametrize(("theme", "lang"), [
    *[pytest.param("material", lang, id=lang) for lang in ALL_LANGUAGES],
    pytest.param("gcm", "ar", id="gcm-ar")])
def test_every_page_loads_only_from_the_site_and_sets_no_cookie(themed, theme, lang):
    portal = themed(theme, lang)
    visit, demo_site = portal.visit, portal.site
    context = visit.context("mobile")
    guard(visit, context)
    page = context.new_page()
    pages = html_files(demo_site, lang)
    assert len(pages) >= 10, pages
    for path in pages:
        visit.go(page, path)
        load_everything(page)
        assert page.evaluate(NO_COOKIE), f"{path} sets a cookie: {page.evaluate('document.cookie')}"
    # Search loads its index when a query is typed.
    visit.go(page, path_of(demo_site, lang, TEMPLATE_BY_NAME["search-results"]))
    reach_state(page, "search", search_word(demo_site, lang), portal.theme)
    assert page.evaluate(NO_COOKIE)
    assert visit.requests, "no request was recorded: the recorder is broken"
    assert not visit.foreign(), f"requests to other sites: {sorted(set(visit.foreign()))}"
    assert context.cookies() == []


@pytest.mark.parametrize("viewport", ["mobile", "desktop"])
def test_site_wide_pages_load_only_from_the_site(visit, viewport):
    context = visit.context(viewport)
    guard(visit, context)
    page = context.new_page()
    for path in ("", MISSING):  # the site root and the not-found page
        visit.go(page, path)
        load_everything(page)
        assert page.evaluate(NO_COOKIE), path
    assert not visit.foreign(), f"requests to other sites: {sorted(set(visit.foreign()))}"
    assert context.cookies() == []


def test_the_recorder_sees_third_party_requests(visit, site_url):
    """The guard above would catch a page that calls out: show that it does."""
    context = visit.context("desktop")
    guard(visit, context)
    page = context.new_page()
    visit.go(page, "")
    page.evaluate("""() => {
        const img = document.createElement('img');
        img.src = 'https://fonts.googleapis.com/css?family=Roboto';
        document.body.append(img);
        return new Promise(done => { img.onerror = img.onload = done; });
    }""")
    assert visit.foreign() == ["https://fonts.googleapis.com/css?family=Roboto"]
