"""What a reader's phone downloads on a first visit to a page, compressed.

For each built page: the HTML, plus every stylesheet, script, icon and image
it references from the site, plus a web font only when the page's text uses
the characters the font covers (as browsers do with ``unicode-range``). Sizes
are gzip at level 6, a common server setting. The sum is checked against the
portal's budget, so a heavy page fails the build instead of reaching readers.
"""

from __future__ import annotations

import gzip
import os
import posixpath
import re
import stat
import statistics
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from gcm_portal.builds import fonts
from gcm_portal.checks import htmlscan

_FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
_UNICODE_RANGE = re.compile(r"unicode-range\s*:([^;}]*)")


@dataclass(frozen=True)
class PageWeight:
    page: str  # path relative to the site
    total: int  # bytes, compressed
    parts: dict[str, int] = field(default_factory=dict)  # resource -> compressed bytes
    external: tuple[str, ...] = ()  # resources another website would serve


def resources(html: str) -> list[str]:
    """What a page makes the browser fetch, as ``htmlscan`` finds it: stylesheets, icons,
    preloads, scripts, images and media (``data:`` URLs are in the page already).

    >>> resources('<link rel="stylesheet" href="a.css"><script src="b.js"></script>'
    ...           '<link rel="canonical" href="https://x.example/"><img src="data:x">')
    ['a.css', 'b.js']
    """
    return [ref.url for ref in htmlscan.references(htmlscan.parse_document(html))
            if ref.loaded and htmlscan.scheme(ref.url) != "data"]


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _version(path: str) -> tuple[int, int] | None:
    """A file's modification time and size, which key the caches below (`serve` measures
    rebuilt files in one process); None when there is no such file."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size) if stat.S_ISREG(info.st_mode) else None


@cache
def _compressed(path: str, version: tuple[int, int]) -> int:
    with open(path, "rb") as fp:
        return _gzip_size(fp.read())


@cache
def _fonts(css_path: str, version: tuple[int, int]) -> list[tuple[str, re.Pattern[str] | None]]:
    """Fonts declared in a stylesheet (their URLs, relative to it), each with a pattern of
    the characters it covers."""
    found = []
    with open(css_path, encoding="utf-8", errors="replace") as fp:
        css = fp.read()
    for block in _FONT_FACE.findall(css):
        declared = _UNICODE_RANGE.search(block)
        covers = fonts.covering(declared.group(1)) if declared else None
        found += [(url, covers) for url in _URL.findall(block)]
    return found


def measure(site: Path, page: Path, loads: list[str] | None = None,
            previous: Path | None = None) -> PageWeight:
    """The first-visit weight of one built page; ``loads`` is what it makes the browser
    fetch, when the build has scanned the page already (else it is scanned here). With
    ``previous``, ``site`` holds what an incremental build wrote again, and a file it
    did not write is that of the site ``previous``.

    Paths are handled as strings, resolved once per page: this runs on every page of
    every build, and a site's files are not symbolic links.
    """
    root = site.resolve().as_posix()
    path = page.resolve().as_posix()
    data = page.read_bytes()
    html = data.decode("utf-8", errors="replace")

    def relative(target: str) -> str:
        return target[len(root) + 1:] if target.startswith(root + "/") else \
            posixpath.relpath(target, root)

    earlier = previous.resolve().as_posix() if previous else None

    def located(name: str) -> tuple[str, tuple[int, int] | None]:
        """The file named ``name`` (a path in ``site``) and its version, in whichever site
        holds it."""
        version = _version(name)
        if version is None and earlier and name.startswith(root + "/"):
            target = earlier + name[len(root):]
            return target, _version(target)
        return name, version

    parts = {relative(path): _gzip_size(data)}
    external = []
    for url in resources(html) if loads is None else loads:
        if htmlscan.scheme(url) == "data":
            continue
        if htmlscan.is_external(url):
            external.append(url)
            continue
        name = posixpath.normpath(posixpath.join(posixpath.dirname(path),
                                                 url.split("#")[0].split("?")[0]))
        target, version = located(name)
        if version is None:
            continue
        parts[relative(name)] = _compressed(target, version)
        if target.endswith(".css"):
            for font_url, covers in _fonts(target, version):
                if covers is not None and not covers.search(html):
                    continue  # browsers fetch it only for the characters it covers
                font = posixpath.normpath(posixpath.join(posixpath.dirname(name), font_url))
                font_file, font_version = located(font)
                if font_version is not None:
                    parts[relative(font)] = _compressed(font_file, font_version)
    return PageWeight(relative(path), sum(parts.values()), parts, tuple(external))


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
