"""Per-language search that loads nothing until a reader searches, and works offline.

Each language gets ``<lang>/search/index.js``: only that language's pages,
never fallback copies of another language's pages. The index is a script,
not JSON fetched with XHR, so search also works from ``file://`` on a USB stick.
Matching is plain normalised substring matching, which works in every script,
including those lunr has no stemmer for (Bengali, Devanagari, Ethiopic, Arabic).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from pathlib import Path

SEARCH_PAGE = "search.md"
_SKIP = {"script", "style", "nav", "form", "aside", "button", "svg"}
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Section:
    """One searchable part of a page: the text under a heading."""

    url: str  # language-free page URL plus anchor, e.g. "services/#health-care"
    page: str  # page title
    heading: str  # section heading ("" for the text before the first h2)
    text: str


class _Sections(HTMLParser):
    """Split rendered page HTML at its h2/h3 headings."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[tuple[str, str, list[str]]] = [("", "", [])]
        self._skip = 0
        self._heading: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        elif tag in ("h2", "h3") and not self._skip:
            self._heading = (dict(attrs).get("id") or "", [])
        elif tag in ("p", "li", "br", "div", "tr") and not self._skip:
            self._text(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
        elif tag in ("h2", "h3") and self._heading is not None:
            anchor, words = self._heading
            self.sections.append((anchor, _clean("".join(words)), []))
            self._heading = None

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text(data)

    def _text(self, data: str) -> None:
        if self._heading is not None:
            self._heading[1].append(data)
        else:
            self.sections[-1][2].append(data)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def sections(html: str, url: str, title: str) -> list[Section]:
    """The searchable sections of a rendered page.

    >>> [s.heading for s in sections('<p>Intro</p><h2 id="a">Health</h2><p>Care</p>',
    ...                              "services/", "Services")]
    ['', 'Health']
    """
    parser = _Sections()
    parser.feed(html)
    parser.close()
    found = []
    for anchor, heading, words in parser.sections:
        text = _clean("".join(words))
        if text or heading:
            found.append(Section(f"{url}#{anchor}" if anchor else url, title, heading, text))
    return found


def write_index(path: Path, language: str, entries: list[Section],
                strings: dict[str, str]) -> None:
    """Write one language's index as a script that sets ``window.gcmSearchIndex``."""
    data = {"lang": language, "strings": strings, "sections": [asdict(s) for s in entries]}
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(f"window.gcmSearchIndex={payload};\n", encoding="utf-8")
