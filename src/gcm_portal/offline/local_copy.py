"""What a copy of the site opened from ``file://`` needs, and a check that it has it.

On a USB stick there is no web server: a link to a folder (``en/``) opens a file
listing instead of the page, a file left out of the copy cannot be fetched, and
anything loaded from another website fails without internet, or tells that
website what a reader opens. These functions rewrite built pages for such a
copy (links to files, only the languages it holds) and list every reference it
cannot satisfy.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from gcm_portal.checks import htmlscan
from gcm_portal.errors import Problem

INDEX = "index.html"
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_SPECIAL = ("#", "mailto:", "tel:", "sms:", "data:", "blob:", "about:")
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")


@dataclass
class Element:
    """A start tag of a page, where it is, and (once closed) where its element ends."""

    tag: str
    attrs: dict[str, str]
    start: int
    tag_end: int
    parent: Element | None
    end: int | None = None
    links: list[str] = field(default_factory=list)  # hrefs of the <a> inside


class _Scan(HTMLParser):
    """Every element of a page with its offsets, for the edits a copy needs."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.text = text
        self._lines = [0, *(m.end() for m in re.finditer("\n", text))]
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        values = {name: value or "" for name, value in attrs}
        element = Element(tag, values, start, start + len(self.get_starttag_text() or ""),
                          self._open[-1] if self._open else None)
        self.elements.append(element)
        if tag == "a" and "href" in values:
            for outer in self._open:
                outer.links.append(values["href"])
        if tag not in _VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self._open.pop()

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._open) - 1, -1, -1):
            if self._open[depth].tag == tag:
                self._open[depth].end = self.text.index(">", self._offset()) + 1
                del self._open[depth:]
                return


def resolve(page: str, url: str) -> str | None:
    """The bundle path a relative URL on ``page`` points to; None for anything else.

    >>> resolve("bn/about.html", "../ar/about.html#x"), resolve("index.html", "ar/")
    ('ar/about.html', 'ar/')
    >>> resolve("bn/about.html", "https://example.org/"), resolve("bn/a.html", "#top")
    (None, None)
    """
    if not url or url.startswith(_SPECIAL) or _EXTERNAL.match(url):
        return None
    path = unquote(urlsplit(url).path)
    if not path:
        return None  # the same page, with another query
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved == ".":
        return ""
    return resolved + "/" if path.endswith("/") else resolved


def _language(target: str | None) -> str | None:
    return target.split("/", 1)[0] if target is not None else None


def _alternate_language(page: str, attrs: dict[str, str],
                        dropped: set[str]) -> str | None:
    """The language an hreflang alternate points into. With ``site_url`` set they are
    absolute (the portal online): its ``hreflang``, or for x-default the language folder
    in its path."""
    href = attrs.get("href") or ""
    if not urlsplit(href).scheme:
        return _language(resolve(page, href))
    if attrs.get("hreflang") not in (None, "x-default"):
        return attrs.get("hreflang")
    return next((part for part in urlsplit(href).path.split("/") if part in dropped), None)


def _edit(text: str, edits: list[tuple[int, int, str]]) -> str:
    """Apply (start, end, replacement) edits; an edit inside a removed span is dropped."""
    kept: list[tuple[int, int, str]] = []
    for start, end, new in sorted(edits, key=lambda e: (e[0], -e[1])):
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, new))
    for start, end, new in reversed(kept):
        text = text[:start] + new + text[end:]
    return text


def _whole_lines(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span to its lines when nothing else is on them, so no blank line is left."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip():
        return start, end
    return line_start, min(line_end + 1, len(text))


def keep_languages(page: str, text: str, dropped: set[str]) -> str:
    """Remove what links to the languages a copy leaves out.

    Gone are the ``hreflang`` alternates that point into them, every list item
    whose links all point into them (the language switcher's entries, the
    chooser's), and, on the root page, the sample banner's paragraph in them.

    >>> keep_languages("bn/a.html", '<ul>\\n<li><a href="a.html">বাংলা</a></li>\\n'
    ...     '<li><a href="../ar/a.html">العربية</a></li>\\n</ul>', {"ar"})
    '<ul>\\n<li><a href="a.html">বাংলা</a></li>\\n</ul>'
    """
    if not dropped:
        return text
    edits = []
    for element in _Scan(text).elements:
        if element.tag == "link" and element.attrs.get("rel") == "alternate":
            remove = _alternate_language(page, element.attrs, dropped) in dropped
            span = (element.start, element.tag_end)
        elif element.tag == "li" and element.links and element.end is not None:
            remove = all(_language(resolve(page, href)) in dropped for href in element.links)
            span = (element.start, element.end)
        elif element.tag == "p" and page == INDEX and element.end is not None:
            remove = element.attrs.get("lang") in dropped
            span = (element.start, element.end)
        else:
            continue
        if remove:
            edits.append((*_whole_lines(text, *span), ""))
    return _edit(text, edits)


def link_files(page: str, text: str, files: set[str]) -> str:
    """Point links to folders at the folder's index.html, which ``file://`` can open.

    >>> link_files("index.html", '<a href="bn/" hreflang="bn">বাংলা</a>', {"bn/index.html"})
    '<a href="bn/index.html" hreflang="bn">বাংলা</a>'
    """
    edits = []
    for element in _Scan(text).elements:
        for name in ("href", "action"):
            url = element.attrs.get(name)
            target = resolve(page, url) if url is not None else None
            if url is None or target is None or target.rstrip("/") in files:
                continue
            folder = target.rstrip("/")
            if posixpath.join(folder, INDEX) not in files:
                continue
            parts = urlsplit(url)
            fixed = parts._replace(path=parts.path.rstrip("/") + "/" + INDEX).geturl()
            tag = text[element.start:element.tag_end]
            edits.append((element.start, element.tag_end, _set_attribute(tag, name, fixed)))
    return _edit(text, edits)


def _set_attribute(tag: str, name: str, value: str) -> str:
    pattern = re.compile(rf"""(\s{name}\s*=\s*)("[^"]*"|'[^']*'|[^\s>]+)""", re.I)
    return pattern.sub(lambda m: f'{m.group(1)}"{html.escape(value)}"', tag, count=1)


@dataclass(frozen=True)
class Reference:
    """A URL in a file of the copy, and whether the browser fetches it by itself."""

    url: str
    loaded: bool


def references(path: str, data: bytes) -> Iterator[Reference]:
    """The URLs in an HTML page or a style sheet (scripts are not read), as ``htmlscan``
    reads them for every other check."""
    if path.endswith(".css"):
        for url in htmlscan.css_urls(data.decode("utf-8", "replace")):
            yield Reference(url, True)
    elif path.endswith(".html"):
        for ref in htmlscan.references(htmlscan.parse_document(data)):
            yield Reference(ref.url, ref.loaded)


def problems(files: dict[str, bytes]) -> list[Problem]:
    """Every reference a copy opened from ``file://``, without internet, cannot satisfy."""
    names = set(files)
    found = []
    for path in sorted(files):
        for ref in references(path, files[path]):
            target = resolve(path, ref.url)
            if target is None:
                if ref.loaded and _EXTERNAL.match(ref.url) and not ref.url.startswith(_SPECIAL):
                    found.append(Problem(path, None, f"loads {ref.url!r} from another "
                                         "website; a copy without internet cannot, and it "
                                         "would tell that website what a reader opens"))
                continue
            if target.startswith("../") or target == "..":
                found.append(Problem(path, None, f"{ref.url!r} points outside the copy"))
            elif target.endswith("/") or target == "" or (
                    target not in names and posixpath.join(target, INDEX) in names):
                found.append(Problem(path, None, f"{ref.url!r} points to a folder; from "
                                     "file:// that opens a file listing, not the page"))
            elif target not in names:
                found.append(Problem(path, None, f"{ref.url!r} points to {target!r}, "
                                     "which is not in the copy"))
    return sorted(set(found))
