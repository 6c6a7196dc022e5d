"""What the browser suite looks at: page templates, languages, screen sizes, and where they live.

Everything is derived from mkdocs.yml and the built site, so the suite follows the
portal's configuration and URL layout rather than repeating them.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = next(p["gcm-portal"] for p in yaml.safe_load(
    (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    if isinstance(p, dict) and "gcm-portal" in p)
DEFAULT = SETTINGS["default_language"]
ALL_LANGUAGES: list[str] = SETTINGS["languages"]
COUNTRY = SETTINGS["countries"][0].lower()

# One left-to-right language, two right-to-left ones, and two that Material for MkDocs
# ships no translation for (their interface strings come from our catalogs only).
LANGUAGES = {
    "en": "left-to-right",
    "ar": "right-to-left",
    "ps": "right-to-left, not translated by Material",
    "ne": "Devanagari, not translated by Material",
}

# The languages a portal made by `gcm-portal init` is tested in (conftest.INIT_LANGUAGES),
# that the demo does not have: Amharic is Ethiopic script.
INIT_ONLY = ("am", "ti", "so", "fa-AF", "ur")


@dataclass(frozen=True)
class Theme:
    """Where a theme puts what the tests look for: one map per theme, so that a test
    written once runs on the pages of both."""

    name: str
    content: str  # the element the page's h1 and text are in
    chrome: str  # header and navigation: what the skip link jumps past
    navigation: str  # the language's navigation (the drawer on a phone)
    menu_button: str  # what opens the navigation drawer on a phone
    language_button: str  # what opens the language list
    language_link: str  # an entry of the language list
    print_chrome: tuple[str, ...]  # what a printed page leaves out
    page_marker: str  # in the HTML of every page the theme's main template makes
    handout_css: str  # the style sheet with the handout's @page rule
    paragraph: str  # a paragraph of the page's text


THEMES = {
    "material": Theme(
        "material", content=".md-content", chrome="header, .md-sidebar, .md-tabs",
        navigation=".md-sidebar--primary", menu_button='.md-header label[for="__drawer"]',
        language_button=".md-select button", language_link=".md-select__link",
        print_chrome=(".md-header", ".md-sidebar--primary", ".md-footer"),
        page_marker="md-main", handout_css="assets/stylesheets/gcm.css",
        paragraph=".md-typeset p"),
    "gcm": Theme(
        "gcm", content=".gcm-main", chrome="header, .gcm-nav", navigation=".gcm-nav",
        menu_button=".gcm-drawer > summary", language_button=".gcm-lang > summary",
        language_link=".gcm-lang__list a",
        print_chrome=(".gcm-header", ".gcm-nav", ".gcm-footer", ".gcm-banner"),
        page_marker='class="gcm-layout"', handout_css="assets/stylesheets/gcm-theme.css",
        paragraph=".gcm-page p"),
}
MATERIAL, GCM = THEMES["material"], THEMES["gcm"]

VIEWPORTS = {
    "mobile": {"width": 360, "height": 740},
    "desktop": {"width": 1280, "height": 800},
}


@dataclass(frozen=True)
class Template:
    """A kind of page, reached at ``path`` inside each language's part of the site."""

    name: str
    path: str
    # Something to do once the page is loaded, to reach the state under test:
    # "search" types a query and submits it, "language-menu" opens the language list,
    # "drawer" opens the navigation drawer (on small screens).
    action: str | None = None
    # False for pages that exist once for the whole site rather than once per language.
    per_language: bool = True


MISSING = "this-page-does-not-exist/"
TEMPLATES = [
    Template("home", ""),
    Template("module", "pathways/"),
    Template("country", f"countries/{COUNTRY}/"),
    Template("country-module", f"countries/{COUNTRY}/documents/"),
    # Tables of opening hours, written for each language.
    Template("local-services", f"countries/{COUNTRY}/local-services/"),
    Template("recruiters", f"countries/{COUNTRY}/recruiters/"),
    Template("country-list", "countries/"),
    Template("about", "about/"),
    Template("search-results", "search/", action="search"),
    Template("not-found", MISSING),
    Template("language-chooser", "", per_language=False),
    # The demo's glossary is written in English only: every other language shows it as
    # a fallback page, under a notice in the reader's language.
    Template("fallback", "glossary/"),
]
# Interface states rather than pages: open menus hold links too.
STATES = [
    Template("language-menu", "", action="language-menu"),
    Template("navigation-drawer", "", action="drawer"),
]
TEMPLATE_BY_NAME = {t.name: t for t in TEMPLATES + STATES}


def language_prefix(site: Path, lang: str) -> str:
    """Where a language's pages live: its own folder, or the site root for the default
    language when the site is laid out that way."""
    if (site / lang / "index.html").exists():
        return f"{lang}/"
    if lang == DEFAULT:
        return ""
    raise AssertionError(f"the built site has no pages for {lang!r}")


def countries_of(site: Path) -> list[str]:
    """The countries a built site publishes, lower case, from its open data."""
    index = json.loads((site / "data" / "index.json").read_text(encoding="utf-8"))
    return [country["code"].lower() for country in index["countries"]]


def path_of(site: Path, lang: str, template: Template) -> str:
    """The site-relative address of ``template`` in ``lang`` (the page of the site's first
    country, in a portal that does not publish the demo's)."""
    path = template.path
    first = countries_of(site)[0]
    if first != COUNTRY:
        path = path.replace(f"countries/{COUNTRY}/", f"countries/{first}/")
    return path if not template.per_language else language_prefix(site, lang) + path


def html_files(site: Path, lang: str) -> list[str]:
    """Site-relative addresses of every page built for ``lang`` (as directory URLs)."""
    prefix = language_prefix(site, lang)
    top = site / prefix
    others = {f"{code}/" for code in ALL_LANGUAGES}
    found = []
    for file in sorted(top.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if not prefix and any(rel.startswith(o) for o in others):
            continue  # the default language at the root: leave the others' folders alone
        found.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return found


_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def search_word(site: Path, lang: str) -> str:
    """A word that search must find in ``lang``: the longest word of a module page's title,
    or of a country page's where the module page is not translated (a page shown in
    another language is kept out of the language's search)."""
    prefix = site / language_prefix(site, lang)
    text = (prefix / "documents" / "index.html").read_text(encoding="utf-8")
    if "gcm-notice--fallback" in text:
        text = (prefix / "countries" / countries_of(site)[0] / "index.html").read_text(
            encoding="utf-8")
    title = html.unescape(_TAG.sub("", _H1.search(text).group(1)))
    return max(re.findall(r"[\w\u0900-\u0DFF\u0600-\u06FF\u200c\u200d]+", title), key=len)
