"""What the browser suite looks at: page templates, languages, screen sizes, and where they live.

Everything is derived from mkdocs.yml and the built site, so the suite follows the
portal's configuration and URL layout rather than repeating them.
"""

from __future__ import annotations

import html
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


def path_of(site: Path, lang: str, template: Template) -> str:
    """The site-relative address of ``template`` in ``lang``."""
    return template.path if not template.per_language else \
        language_prefix(site, lang) + template.path


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
    """A word that search must find in ``lang``: the longest word of a module page's title."""
    page = site / language_prefix(site, lang) / "documents" / "index.html"
    title = html.unescape(_TAG.sub("", _H1.search(page.read_text(encoding="utf-8")).group(1)))
    return max(re.findall(r"[\w\u0900-\u0DFF\u0600-\u06FF\u200c\u200d]+", title), key=len)
