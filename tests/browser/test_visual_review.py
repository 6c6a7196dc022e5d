"""The visual review set: every page template in a left-to-right, a right-to-left and an
Ethiopic-script language, photographed at 360 px and 1280 px, and checked for what a
reader sees on screen.

Screenshots go to tests/screenshots/review/<site>-<lang>-<template>-<width>.png (the
handout also as an A4 PDF and a PNG of it), for people to look at; CI keeps them. Each page
is opened once: `observe` loads it, photographs it, measures everything, then closes it,
and each test asserts on one kind of measurement. The sites are the demo (en, ar) and a
portal made by `gcm-portal init` (am in Ethiopic script, fa-AF right-to-left, whose
interface strings are not translated yet).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import lxml.html
import pytest
from browser_checks import reach_state, without_transitions
from portal_pages import COUNTRY, DEFAULT, MISSING, VIEWPORTS, language_prefix
from visual_checks import (
    COUNTRY_LINKS,
    DIRECTIONS,
    LANGUAGE_LIST,
    LISTS,
    SEARCH_FIELD,
    WHOLE_RUNS,
    bullet,
    country_list_problems,
    file_name,
    search_field_problems,
    tofu_problems,
)

REVIEW = Path(__file__).resolve().parents[1] / "screenshots" / "review"
WIDTHS = {360: VIEWPORTS["mobile"], 1280: VIEWPORTS["desktop"]}
# site -> languages: left-to-right, right-to-left, Ethiopic, and a right-to-left language
# whose interface strings fall back to English (where dates and labels mix directions).
LANGUAGES = {"demo": ["en", "ar"], "init": ["am", "fa-AF"]}
TEMPLATES = ["home", "module", "country", "country-list", "handout-print", "search",
             "fallback", "404"]
# The root chooser is one page for all languages: "mul" (ISO 639 for several languages).
CHOOSER = "chooser"
SITE_COUNTRY = {"demo": COUNTRY, "init": "so"}
# An untranslated page, shown in the default language under a notice: the demo's
# glossary is English only; the new portal has no translations at all.
FALLBACK = {"demo": "glossary/", "init": "about/"}


@dataclass(frozen=True)
class Case:
    site: str
    lang: str
    template: str
    width: int

    @property
    def name(self) -> str:
        return file_name(self.site, self.lang, self.template, str(self.width))

    def __str__(self) -> str:
        return f"{self.site} portal, {self.lang}, {self.template} page, {self.width} px wide"


CASES = [Case(site, lang, template, width)
         for site, langs in LANGUAGES.items() for lang in langs
         for template in TEMPLATES for width in WIDTHS] + \
        [Case(site, "mul", CHOOSER, width) for site in LANGUAGES for width in WIDTHS]


def cases(*templates: str, leave_out: tuple[str, ...] = ()) -> list:
    chosen = [c for c in CASES if (not templates or c.template in templates)
              and c.template not in leave_out]
    return [pytest.param(c, id=c.name) for c in chosen]


@dataclass
class Observation:
    """What one page showed: its screenshot, and each check's defects."""

    shot: Path
    problems: dict[str, list[str]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class Site:
    root: Path
    url: str


def page_path(site: Site, case: Case) -> str:
    if case.template == CHOOSER:
        return ""
    prefix = language_prefix(site.root, case.lang)
    country = SITE_COUNTRY[case.site]
    return prefix + {
        "home": "",
        "module": "pathways/",
        "country": f"countries/{country}/",
        "country-list": "countries/",
        "handout-print": f"countries/{country}/handout/",
        "search": "search/?q=" + quote(query(site.root, case)),
        "fallback": FALLBACK[case.site],
        "404": MISSING,
    }[case.template]


def query(site: Path, case: Case) -> str:
    """A word readers of ``case.lang`` would search for, in their own script when the
    language has one: the longest such word of the country page's title."""
    page = site / language_prefix(site, case.lang) / "countries" / SITE_COUNTRY[case.site]
    title = lxml.html.parse(str(page / "index.html")).getroot().findtext(".//h1") or ""
    words = re.findall(r"[\w\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff\u200c]+", title)
    native = [w for w in words if not w.isascii()]
    return max(native or words, key=len)


def countries_of(site: Path, lang: str) -> int:
    folder = site / language_prefix(site, lang) / "countries"
    return sum(1 for p in folder.iterdir() if (p / "index.html").is_file())


def save_print(page, case: Case) -> list[Path]:
    """The handout as Chromium prints it on A4, and its first sheet as a PNG."""
    pdf = REVIEW / f"{file_name(case.site, case.lang, case.template)}-a4.pdf"
    page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
    png = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", "96", "-singlefile", "-f", "1", str(pdf),
                    str(png)], check=True)
    return [pdf, png.with_suffix(".png")]


def measure(page, site: Site, case: Case) -> Observation:
    """Load the page, photograph it, and take every measurement, the language menu last
    (opening it changes the page)."""
    from playwright.sync_api import TimeoutError as Timeout

    page.goto(site.url + page_path(site, case))
    page.evaluate("document.fonts.ready.then(() => true)")
    without_transitions(page)
    problems: dict[str, list[str]] = {}
    if case.template == "handout-print":
        page.emulate_media(media="print")
    if case.template == "search":
        try:
            page.wait_for_selector("#gcm-search-results a[href]", timeout=10000)
        except Timeout:
            problems["search"] = ["the search page shows no results for "
                                  f"{query(site.root, case)!r}"]
    if case.template == "fallback" and case.lang != DEFAULT:
        assert page.locator(".gcm-notice--fallback").count() == 1, \
            f"{case}: {FALLBACK[case.site]} is no fallback page: choose another"
    page.evaluate("document.fonts.ready.then(() => true)")
    shot = REVIEW / f"{case.name}.png"
    page.screenshot(path=str(shot), full_page=True)
    seen = Observation(shot)
    if case.template == "handout-print" and case.width == max(WIDTHS):
        seen.files = save_print(page, case)
    seen.problems["lists"] = page.evaluate(LISTS)
    if case.template in ("module", "country-list"):
        seen.problems["countries"] = country_list_problems(
            page.evaluate(COUNTRY_LINKS), countries_of(site.root, case.lang))
    if case.template == "search":
        seen.problems["search"] = problems.get("search", []) + \
            search_field_problems(page.evaluate(SEARCH_FIELD))
    seen.problems["runs"] = page.evaluate(WHOLE_RUNS)
    seen.problems["directions"] = page.evaluate(DIRECTIONS)
    seen.problems["tofu"], seen.problems["web-font"] = tofu_problems(page, site.root, site.url)
    if case.template == CHOOSER:
        # A page of its own: it may scroll, but no box inside it may hide a language.
        seen.problems["languages"] = page.evaluate(LANGUAGE_LIST, ["main a[hreflang]", False])
    elif case.template != "handout-print":
        page.evaluate("window.scrollTo(0, 0)")
        reach_state(page, "language-menu")
        seen.problems["languages"] = page.evaluate(LANGUAGE_LIST, [".md-select__link", True])
        if case.template == "home":  # the open list, for people to look at
            page.screenshot(path=str(REVIEW / f"{case.name}-languages.png"))
    return seen


@pytest.fixture(scope="session")
def observe(browser, demo_site, site_url, init_site, serve):
    """Observation of a case: measured the first time a test asks, then kept."""
    REVIEW.mkdir(parents=True, exist_ok=True)
    sites = {"demo": Site(demo_site, site_url), "init": Site(init_site, serve(init_site))}
    contexts = {width: browser.new_context(viewport=size) for width, size in WIDTHS.items()}
    seen: dict[Case, Observation] = {}

    def get(case: Case) -> Observation:
        if case not in seen:
            page = contexts[case.width].new_page()
            try:
                seen[case] = measure(page, sites[case.site], case)
            finally:
                page.close()
        return seen[case]

    yield get
    for context in contexts.values():
        context.close()


def no_problems(observation: Observation, check: str, case: Case, what: str) -> None:
    problems = observation.problems[check]
    assert not problems, f"{case}: {what} ({observation.shot.name}):{bullet(problems)}"


@pytest.mark.parametrize("case", cases())
def test_the_page_is_photographed(observe, case):
    from PIL import Image

    seen = observe(case)
    for path in [seen.shot, *seen.files]:
        assert path.is_file() and path.stat().st_size > 0, f"{case}: {path} was not written"
    for path in [seen.shot, *(f for f in seen.files if f.suffix == ".png")]:
        image = Image.open(path)
        assert image.width >= case.width or path in seen.files, (path, image.size)
        colours = image.convert("RGB").reduce(4).getcolors(maxcolors=1 << 16)
        assert colours is None or len(colours) > 16, f"{case}: {path.name} is (nearly) blank"


@pytest.mark.parametrize("case", cases())
def test_list_items_are_separate_and_indented(observe, case):
    no_problems(observe(case), "lists", case, "list items run together or lose their indent")


@pytest.mark.parametrize("case", cases("module", "country-list"))
def test_each_country_is_its_own_list_item(observe, case):
    no_problems(observe(case), "countries", case, "the country list is not one line per country")


@pytest.mark.parametrize("case", cases("search"))
def test_the_search_field_can_be_seen(observe, case):
    no_problems(observe(case), "search", case, "the search field cannot be seen")


@pytest.mark.parametrize("case", cases(leave_out=("handout-print",)))
def test_every_language_is_in_view_without_scrolling_a_box(observe, case):
    no_problems(observe(case), "languages", case, "languages are hidden in the language list")


@pytest.mark.parametrize("case", cases())
def test_dates_and_numbers_stay_whole(observe, case):
    no_problems(observe(case), "runs", case, "dates or numbers are broken up on screen")


@pytest.mark.parametrize("case", cases())
def test_text_is_laid_out_in_its_own_direction(observe, case):
    no_problems(observe(case), "directions", case, "text is laid out in the wrong direction")


@pytest.mark.parametrize("case", cases())
def test_no_text_is_drawn_as_empty_boxes(observe, case):
    no_problems(observe(case), "tofu", case, "text is drawn as empty boxes (tofu)")


@pytest.mark.parametrize("case", cases())
def test_the_portals_own_fonts_cover_the_text_they_are_for(observe, case):
    no_problems(observe(case), "web-font", case,
                "readers without a system font for this script would see empty boxes")


# --- the checks find the defects they are for ---------------------------------------------
# The same checks on small pages that have each defect as it was found: so a check that
# stops seeing its defect fails here, even while the portal itself is right.

DEFECTS = {
    # Jinja's trim_blocks ate the newline after {% endif %}: one bullet for all countries.
    "countries": """<article><ul><li><a href="/en/countries/de/">Germany</a> (sample data)-
        <a href="/en/countries/ca/">Canada</a> (sample data)- <a href="/en/countries/ae/">United
        Arab Emirates</a> (sample data)</li></ul></article>""",
    # No border, white on white, 19 px high.
    "search": """<article><label for="q">Search this site</label>
        <input id="q" type="search" name="q" style="border: 0; height: 19px; font-size: 13px">
        </article>""",
    # The language list in a 200 px scroll box.
    "languages": """<ul style="max-height: 200px; overflow: auto; margin: 0">""" + "".join(
        f'<li style="height: 36px"><a class="md-select__link" href="#">{name}</a></li>'
        for name in ["English", "Français", "Español", "العربية", "বাংলা", "नेपाली", "پښتو"])
    + "</ul>",
    # An English label before a Persian date, in a right-to-left paragraph.
    "runs": """<html dir="rtl" lang="fa-AF"><p>Last reviewed:
        <time datetime="2026-11-24">۲۴ نومبر ۲۰۲۶</time></p>
        <p style="width: 4em; font: 16px sans-serif">9:00–17:00</p></html>""",
    # Fallback content in English on a right-to-left page whose list indent is on the right.
    "lists": """<html dir="rtl"><article><div lang="en" dir="ltr"><ul style="padding: 0;
        margin: 0"><li style="margin: 0">Use the official website.</li></ul></div></article>
        </html>""",
    # An untranslated interface string with the page's right-to-left direction.
    "directions": """<html dir="rtl" lang="ur"><p>This page is not yet available in اردو.</p>
        <p>Emergency (all services): <bdi>112</bdi></p><p>IOM (إدخال تجريبي)</p>
        <p>العنوان: Sample Road 2, 60311 Frankfurt am Main</p>
        <p><span lang="en" dir="ltr">Hours:</span> <span lang="en" dir="ltr">Monday</span></p>
        <p>المصادر: <bdi>Federal Office</bdi>، <bdi>IOM</bdi></p>
        <ul><li style="display: inline"><bdi>Global Compact (A/RES/73/195)</bdi></li>
        <li style="display: inline"><bdi>IOM</bdi></li></ul>
        <p dir="ltr">سومالیه (<span lang="en" dir="ltr">sample data</span>)</p></html>""",
    # A character no font has (U+0378 is unassigned): Chromium draws its .notdef box.
    "tofu": "<p>Passport \u0378 office</p>",
}


def find(page, check: str, tmp_path: Path) -> list[str]:
    if check == "countries":
        return country_list_problems(page.evaluate(COUNTRY_LINKS), 3)
    if check == "search":
        return search_field_problems(page.evaluate(SEARCH_FIELD))
    if check == "languages":
        return page.evaluate(LANGUAGE_LIST, [".md-select__link", True])
    if check == "tofu":
        return tofu_problems(page, tmp_path, "http://portal.test/")[0]
    return page.evaluate({"runs": WHOLE_RUNS, "lists": LISTS, "directions": DIRECTIONS}[check])


@pytest.mark.parametrize("check", DEFECTS)
def test_each_check_finds_its_defect(browser, tmp_path, check):
    page = browser.new_page(viewport=VIEWPORTS["mobile"])
    try:
        # Served from an origin of its own, so that links have paths as on a portal.
        page.route("http://portal.test/**", lambda route: route.fulfill(
            content_type="text/html; charset=utf-8", body=DEFECTS[check]))
        page.goto("http://portal.test/en/")
        page.evaluate("document.fonts.ready.then(() => true)")
        found = find(page, check, tmp_path)
    finally:
        page.close()
    assert found, f"the {check} check does not see the defect it is for"
    expected = {
        "countries": "several countries are drawn as one bullet",
        "search": "has no border on its top side",
        "languages": "is cut off by ul",
        "runs": "is split on screen",
        "lists": "has 0 px of room at the left edge",
        "directions": "left-to-right text laid out right to left",


        "tofu": "U+0378",
    }[check]
    assert any(expected in problem for problem in found), found
    if check == "runs":
        assert any("broken across two lines" in problem for problem in found), found
    if check == "directions":
        # The English sentence (its full stop, the Urdu word in it), the English label's
        # colon and bracket, an English label and value read backwards; not Arabic text
        # that starts with a Latin acronym, ends with a Latin address or lists Latin names,
        # nor an Arabic-script name with an English note in brackets in English text: they
        # read right as they are.
        assert len(found) == 3, found
        assert '"." is drawn at the wrong end' in found[0] and "out of order" in found[0], found
        assert 'its "):" is drawn at the wrong end' in found[1], found
        assert 'it says "Monday Hours:", the ":" at the edge' in found[2], found
