"""What a reader's phone downloads on a first visit to a page, compressed.

For each built page: the HTML, plus every stylesheet, script, icon and image
it references from the site, plus a web font only when the page's text uses
the characters the font covers (as browsers do with ``unicode-range``). Sizes
are gzip at level 6, a common server setting. The sum is checked against the
portal's budget, so a heavy page fails the build instead of reaching readers.
"""

from __future__ import annotations

import gzip
import posixpath
import re
import statistics
from dataclasses import dataclass, field
from functools import cache
from html import unescape as html_unescape
from pathlib import Path

_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_RANGE = re.compile(r"U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?")


@dataclass(frozen=True)
class PageWeight:
    page: str  # path relative to the site
    total: int  # bytes, compressed
    parts: dict[str, int] = field(default_factory=dict)  # resource -> compressed bytes
    external: tuple[str, ...] = ()  # resources another website would serve


_TAG = re.compile(r"<(link|script|img|audio|video|source|iframe|embed)\b([^>]*)>", re.I)
_ATTR = re.compile(r'([a-zA-Z:-]+)\s*=\s*"([^"]*)"')


def _resources(html: str) -> list[str]:
    """What a page makes the browser fetch: stylesheets, icons, preloads, scripts, media.

    A regular expression rather than an HTML parser: the pages are our own templates'
    output, and this runs on every page of every build.

    >>> _resources('<link rel="stylesheet" href="a.css"><script src="b.js"></script>'
    ...            '<link rel="canonical" href="https://x.example/"><img src="data:x">')
    ['a.css', 'b.js']
    """
    found = []
    for tag, attrs in _TAG.findall(html):
        values = {name.lower(): value for name, value in _ATTR.findall(attrs)}
        if tag.lower() == "link":
            rel = set(values.get("rel", "").split())
            url = values.get("href") if rel & {"stylesheet", "icon", "preload",
                                                "modulepreload"} else None
        else:
            url = values.get("src")
        if url and not url.startswith("data:"):
            found.append(html_unescape(url))
    return found


@cache
def _compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


@cache
def _fonts(css_path: Path) -> list[tuple[Path, list[tuple[int, int]]]]:
    """Fonts declared in a stylesheet, with the code point ranges they cover."""
    fonts = []
    for block in _FONT_FACE.findall(css_path.read_text(encoding="utf-8", errors="replace")):
        urls = _URL.findall(block)
        ranges = [(int(lo, 16), int(hi or lo, 16)) for lo, hi in _RANGE.findall(block)]
        for url in urls:
            fonts.append(((css_path.parent / url).resolve(), ranges))
    return fonts


def measure(site: Path, page: Path) -> PageWeight:
    """The first-visit weight of one built page."""
    html = page.read_text(encoding="utf-8", errors="replace")
    characters = set(html)  # fonts' ranges are non-Latin: markup does not count
    parts = {page.relative_to(site).as_posix(): _compressed(page)}
    external = []
    for url in _resources(html):
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.I):
            external.append(url)
            continue
        target = (page.parent / url.split("#")[0].split("?")[0]).resolve()
        if not target.is_file():
            continue
        parts[posixpath.relpath(target.as_posix(), site.resolve().as_posix())] = \
            _compressed(target)
        if target.suffix == ".css":
            for font, ranges in _fonts(target):
                used = any(lo <= ord(ch) <= hi for ch in characters for lo, hi in ranges) \
                    if ranges else True
                if used and font.is_file():
                    parts[posixpath.relpath(font.as_posix(), site.resolve().as_posix())] = \
                        _compressed(font)
    return PageWeight(page.relative_to(site).as_posix(), sum(parts.values()), parts,
                      tuple(external))


def measure_site(site: Path) -> list[PageWeight]:
    """Every content page of a built site (the 404 page and redirects excluded)."""
    pages = sorted(p for p in site.rglob("*.html") if p.name != "404.html")
    return [measure(site, page) for page in pages]


def summary(weights: list[PageWeight], budget_kb: int) -> str:
    totals = [w.total for w in weights]
    heaviest = max(weights, key=lambda w: w.total)
    return (f"page weight, first visit, gzip: {len(weights)} pages, median "
            f"{statistics.median(totals) / 1024:.1f} KB, heaviest {heaviest.total / 1024:.1f} KB "
            f"({heaviest.page}), budget {budget_kb} KB")


def over_budget(weights: list[PageWeight], budget_kb: int) -> list[PageWeight]:
    return [w for w in weights if w.total > budget_kb * 1024]
