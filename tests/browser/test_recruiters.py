"""The recruiter check in a real Chromium: an unzipped offline bundle opened from file://
with the network off, in both themes; the same page without JavaScript; and the
language's ZIM file as Kiwix serves it.

A reader finds an agency by its licence number (typed as they would, in their own digits
or without the hyphens), hears how many agencies match, and without JavaScript still
reads the whole register as a plain list.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from offline_bundles import STEM, demo_bundles, gcm_demo_bundles, unzip
from portal_pages import THEMES

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Route

PAGE = "countries/de/recruiters.html"  # a copy links files, not folders
NAMES = ["Sample Recruiting Agency A", "Sample Recruiting Agency B",
         "Sample Recruiting Agency C", "Sample Recruiting Agency D"]
ITEMS = "#gcm-agencies > li"


@pytest.fixture(scope="module")
def bundle(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The all-languages bundle, unzipped: of the demo, or of the demo built with the theme
    named by the ``bundle`` parameter (indirect)."""
    theme = getattr(request, "param", "material")
    written = demo_bundles(tmp_path_factory) if theme == "material" else \
        gcm_demo_bundles(tmp_path_factory, request.getfixturevalue("gcm_demo_project"))
    return unzip(written / f"{STEM}-all.zip", tmp_path_factory.mktemp(f"recruiters-{theme}"))


class OfflineCopy:
    """A browser context with the network off that may read files only; it records every
    request that tried to leave, and every file the pages asked for that failed."""

    def __init__(self, browser: Browser, folder: Path, **options: object) -> None:
        self.root = folder.as_uri() + "/"
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.context: BrowserContext = browser.new_context(offline=True, **options)
        self.context.route("**/*", self._route)
        self.context.on("requestfailed",
                        lambda request: self.failed.append(f"{request.url}: {request.failure}"))

    def _route(self, route: Route) -> None:
        if route.request.url.startswith(self.root):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Page:
        page = self.context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(self.root + path)
        page.errors = errors  # type: ignore[attr-defined]
        return page

    def assert_stayed_inside(self) -> None:
        assert self.blocked == []
        assert [f for f in self.failed if not f.endswith("net::ERR_ABORTED")] == []


@pytest.fixture
def offline(browser: Browser, bundle: Path) -> Iterator[OfflineCopy]:
    copy = OfflineCopy(browser, bundle)
    yield copy
    copy.context.close()


def visible_names(page: Page) -> list[str]:
    return page.locator(f"{ITEMS}:visible .gcm-agency__name").all_inner_texts()


@pytest.mark.parametrize("bundle", list(THEMES), indirect=True)
def test_find_an_agency_by_licence_number_offline(offline, bundle):
    page = offline.open(f"en/{PAGE}")
    assert visible_names(page) == NAMES
    box = page.get_by_role("search")
    field = box.get_by_label("Find an agency by name or licence number")
    assert field.is_visible()
    status = box.locator("[role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert field.get_attribute("aria-controls") == "gcm-agencies"

    field.fill("SAMPLE-DE-0003")
    assert visible_names(page) == ["Sample Recruiting Agency C"]
    assert status.inner_text() == "Agencies shown: 1 of 4"
    found = page.locator(f"{ITEMS}:visible")
    assert "Suspended: may not recruit for now" in found.inner_text()

    field.fill("sample de 0002")  # without the hyphens, in lower case
    assert visible_names(page) == ["Sample Recruiting Agency B"]
    field.fill("agency")
    assert visible_names(page) == NAMES and status.inner_text() == "Agencies shown: 4 of 4"
    field.fill("SAMPLE-DE-9999")
    assert visible_names(page) == []
    assert status.inner_text().startswith("No agency in this list matches.")
    field.fill("")
    assert visible_names(page) == NAMES and status.inner_text() == ""
    field.press("Enter")  # no form to send: the page stays
    assert page.url == offline.root + f"en/{PAGE}"
    assert page.errors == []  # type: ignore[attr-defined]
    offline.assert_stayed_inside()


def test_a_bengali_reader_types_the_number_in_bengali_digits(offline):
    page = offline.open(f"bn/{PAGE}")
    assert page.get_attribute("html", "lang") == "bn"
    field = page.get_by_label("নাম বা লাইসেন্স নম্বর দিয়ে এজেন্সি খুঁজুন")
    field.fill("০০০৪")
    assert visible_names(page) == ["Sample Recruiting Agency D"]
    # The count in the page's digits, as Babel writes its numbers.
    assert page.locator("[role=status]").inner_text() == "দেখানো এজেন্সি: ৪-এর মধ্যে ১"
    offline.assert_stayed_inside()


def test_an_arabic_reader_finds_an_agency_on_a_right_to_left_page(offline):
    page = offline.open(f"ar/{PAGE}")
    assert page.get_attribute("html", "dir") == "rtl"
    page.get_by_label("ابحث عن وكالة بالاسم أو برقم الترخيص").fill("SAMPLE-DE-0001")
    assert visible_names(page) == ["Sample Recruiting Agency A"]
    assert page.locator("[role=status]").inner_text() == "الوكالات المعروضة: 1 من 4"
    offline.assert_stayed_inside()


@pytest.mark.parametrize("bundle", list(THEMES), indirect=True)
def test_without_javascript_the_whole_register_reads_as_a_list(browser, bundle):
    copy = OfflineCopy(browser, bundle, java_script_enabled=False)
    try:
        page = copy.open(f"en/{PAGE}")
        assert visible_names(page) == NAMES
        assert page.locator("input").count() == 0 or not page.locator(
            "aside.gcm-filter input").count()
        assert not page.locator("aside.gcm-filter").is_visible()  # no box that does nothing
        text = page.locator("#gcm-agencies").inner_text()
        for number in ("SAMPLE-DE-0001", "SAMPLE-DE-0002", "SAMPLE-DE-0003", "SAMPLE-DE-0004"):
            assert number in text
        assert text.count("Status:") == 4
        assert "Revoked: may not recruit" in text
        assert page.locator("h2", has_text="Warning signs of fraud").is_visible()
        copy.assert_stayed_inside()
    finally:
        copy.context.close()


def test_find_an_agency_in_the_zim_that_kiwix_serves(browser, tmp_path_factory):
    """The English ZIM in Debian's kiwix-serve, on localhost: the page's script is the
    ZIM's own file, and nothing is asked of any other site."""
    from test_kiwix_serve import free_port, kiwix_serve_path, wait_for

    zim = demo_bundles(tmp_path_factory) / f"{STEM}-en.zim"
    port = free_port()
    process = subprocess.Popen([kiwix_serve_path(), "--address", "127.0.0.1", "--port",
                                str(port), str(zim)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    context = browser.new_context()
    outside: list[str] = []
    context.on("request", lambda request: None if request.url.startswith(url)
               else outside.append(request.url))
    try:
        wait_for(process, f"{url}/catalog/v2/entries")
        page = context.new_page()
        page.goto(f"{url}/{STEM}-en/en/{PAGE}")
        assert visible_names(page) == NAMES
        page.get_by_label("Find an agency by name or licence number").fill("SAMPLE-DE-0004")
        assert visible_names(page) == ["Sample Recruiting Agency D"]
        # Kiwix adds its own toolbar, with a status region of its own.
        assert page.locator(".gcm-filter__status").inner_text() == "Agencies shown: 1 of 4"
        assert outside == []
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=10)
