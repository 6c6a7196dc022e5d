"""Unzipped bundles in a real Chromium, opened from file:// with the network cut off.

Every request that is not for a file is aborted and recorded; every test ends by
asserting that no request left the bundle's folder and that none failed (a file
missing from the bundle fails as net::ERR_FILE_NOT_FOUND). Both themes: the demo with
Material for MkDocs, and with gcm-portal's own (cases named gcm).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest
from offline_bundles import LANGUAGES, STEM, demo_bundles, gcm_demo_bundles, unzip
from portal_pages import THEMES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route


@pytest.fixture(scope="module")
def unzipped(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Bengali and the all-languages bundles, unzipped as staff would: of the demo, or
    with a theme's name (``theme`` parameter, indirect) of the demo built with it."""
    theme = getattr(request, "param", "material")
    written = demo_bundles(tmp_path_factory) if theme == "material" else \
        gcm_demo_bundles(tmp_path_factory, request.getfixturevalue("gcm_demo_project"))
    target = tmp_path_factory.mktemp("unzipped")
    found = {label: unzip(written / f"{STEM}-{label}.zip", target) for label in ("bn", "all")}
    return {**found, "theme": theme}  # type: ignore[dict-item]


class Offline:
    """A browser context that may read files only, and remembers every request."""

    def __init__(self, browser: Browser, folder: Path) -> None:
        self.root = folder.as_uri() + "/"
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.context: BrowserContext = browser.new_context()
        self.context.route("**/*", self._route)
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.on("requestfailed",
                        lambda request: self.failed.append(f"{request.url}: {request.failure}"))

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Page:
        page = self.context.new_page()
        page.goto(self.root + path)
        return page

    def outside(self) -> list[str]:
        """Requests for anything but a file inside the bundle's folder."""
        return [url for url in self.requests
                if not url.startswith((self.root, "data:", "blob:"))]

    def missing(self) -> list[str]:
        """Files the pages asked for that the bundle does not have."""
        return [url for url in self.requests if url.startswith(self.root)
                and not Path(unquote(urlsplit(url).path)).is_file()]

    def assert_stayed_inside(self) -> None:
        assert self.blocked == []
        assert self.outside() == []
        assert self.missing() == []
        # A request still running when the page is left (the favicon) ends as ERR_ABORTED.
        assert [f for f in self.failed if not f.endswith("net::ERR_ABORTED")] == []


@pytest.fixture
def offline(browser: Browser, unzipped: dict[str, Path]) -> Iterator[dict[str, Offline]]:
    contexts = {label: Offline(browser, folder) for label, folder in unzipped.items()
                if label != "theme"}
    yield contexts
    for context in contexts.values():
        context.context.close()


def search(page: Page, words: str) -> None:
    """Search as a reader does: the header's search button, the words, Enter."""
    page.click("a.gcm-search-link")
    page.fill("input[name=q]", words)
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("#gcm-search-results li a")


@pytest.mark.parametrize("unzipped", list(THEMES), indirect=True)
def test_navigate_search_and_switch_language_in_the_all_languages_bundle(offline, unzipped):
    copy = offline["all"]
    theme = THEMES[str(unzipped["theme"])]
    page = copy.open("index.html")
    assert page.locator("main li a").evaluate_all("links => links.map(a => a.hreflang)") \
        == LANGUAGES
    page.click('main a[hreflang="bn"]')
    assert page.url == copy.root + "bn/index.html"
    assert page.get_attribute("html", "lang") == "bn"

    if theme.name != "material":  # on a phone-sized window: open the drawer first
        page.set_viewport_size({"width": 360, "height": 740})
        page.click(theme.menu_button)
    page.locator(f'{theme.navigation} a[href="documents/index.html"]').first.click()
    assert page.url == copy.root + "bn/documents/index.html"

    search(page, "পাসপোর্ট")
    assert page.url.startswith(copy.root + "bn/search.html?q=")
    page.locator("#gcm-search-results li a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith(urlsplit(copy.root).path + "bn/")
    assert "পাসপোর্ট" in page.inner_text("main")

    here = urlsplit(page.url).path.removeprefix(urlsplit(copy.root).path + "bn/")
    if theme.name == "material":
        page.hover(".md-select")
    else:
        page.click(theme.language_button)
    page.click(f'{theme.language_link}[hreflang="ar"]')
    page.wait_for_load_state()
    assert urlsplit(page.url).path == urlsplit(copy.root).path + "ar/" + here
    assert page.get_attribute("html", "dir") == "rtl"

    search(page, "جواز السفر")
    page.locator("#gcm-search-results li a").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path.startswith(urlsplit(copy.root).path + "ar/")
    assert "جواز" in page.inner_text("main")

    # Printing works from the copy too: a blank page would be about one kilobyte.
    assert len(page.pdf()) > 20_000
    copy.assert_stayed_inside()


def test_every_page_of_a_single_language_bundle_opens_and_links_inside_it(offline, unzipped):
    copy = offline["bn"]
    theme = THEMES[str(unzipped["theme"])]
    folder = Path(unquote(urlsplit(copy.root).path))
    page = copy.context.new_page()
    seen: set[str] = set()
    queue = ["index.html"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        page.goto(copy.root + path)
        hrefs = page.locator("a[href], link[href]").evaluate_all(
            "elements => elements.map(e => e.href)")
        for href in hrefs:
            if not href.startswith("file://"):
                continue  # links out (sources, mailto:, tel:) are the reader's choice
            target = Path(unquote(urlsplit(href).path))
            assert target.is_file(), f"{path} links to {href}"
            relative = target.relative_to(folder).as_posix()
            if relative.endswith(".html"):
                queue.append(relative)
        if path.startswith("bn/"):
            switcher = page.locator(theme.language_link).evaluate_all(
                "links => links.map(a => a.hreflang)")
            alternates = page.locator("link[rel=alternate]").evaluate_all(
                "links => links.map(l => l.hreflang)")
            assert (switcher, set(alternates)) == (["bn"], {"bn"}), path
    assert "bn/search.html" in seen and "bn/documents/index.html" in seen
    assert len([path for path in seen if path.startswith("bn/")]) > 20
    assert not [path for path in seen if path.split("/")[0] in set(LANGUAGES) - {"bn"}]
    copy.assert_stayed_inside()
