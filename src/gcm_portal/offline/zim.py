"""ZIM files: the portal in Kiwix, the offline reader many phones and centres already have.

A browser on a phone cannot open an unzipped site from its storage, but Kiwix
opens one ``.zim`` file per language, with its own full-text search. Each file
holds the pages, style sheets and scripts of a single-language bundle at the
same paths, so every relative link works as it does on a USB stick, and the
metadata Kiwix shows in its library: a title and description in the book's own
language, language (ISO 639-3, from CLDR), creator, publisher, date, a 48x48
icon and openZIM's ``Tags`` (full-text index, pictures, videos, category), which
the catalogue reads to say that the book can be searched.

The full-text index gets each page's text in its language only, taken from the
portal's own search index: pages shown in the default language because they are
not translated yet are left out of it, as they are in the site's search.

Readers do not all search alike. libzim 9 (today's Kiwix apps, python-libzim)
folds every query (lower case, every combining mark removed: পাসপোর্ট is looked
up as পসপরট, ألمانيا as المانيا); libzim 8 (Debian 12's kiwix-serve and
kiwix-search) looks a query up as typed. Xapian keeps vowel signs, viramas and
hamzas inside words (they are word characters to it), so a word is only found
in the form it was indexed in. Each page is therefore indexed as written (NFC)
and, for every word that folding changes, folded as well: both kinds of reader
find it, and readers of libzim 8 also find words typed without their accents.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import json
import math
import mimetypes
import os
import posixpath
import re
import struct
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.core import get_global
from libzim.writer import Creator, Hint, IndexData, Item, StringProvider

from gcm_portal import __version__
from gcm_portal.checks import htmlscan

# openZIM's limits for what Kiwix shows in its library.
TITLE_MAX = 30
DESCRIPTION_MAX = 80
ILLUSTRATION_SIZE = 48
CATEGORY = "other"  # Kiwix's library has no category for information portals
INDIGO = (0x3F, 0x51, 0xB5)  # the portal theme's primary colour
WHITE = (0xFF, 0xFF, 0xFF)
# Web types every reader knows, whatever this machine's MIME table says.
_TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript",
          ".json": "application/json", ".svg": "image/svg+xml", ".woff2": "font/woff2",
          ".txt": "text/plain"}
_TEXT = ("text/", "application/json", "image/svg+xml")
_TITLE = re.compile(r"<title>(.*?)</title>", re.S | re.I)
_SEARCH_INDEX = re.compile(r"^[^=]*=(.*);\s*$", re.S)


@dataclass(frozen=True)
class Book:
    """What Kiwix shows about a ZIM file in its library."""

    name: str  # stable identifier across versions, e.g. gcm_portal_demo_bn
    title: str
    description: str
    language: str  # ISO 639-3
    creator: str  # who wrote the content
    publisher: str  # who made the ZIM file
    date: dt.date
    main_path: str  # the page Kiwix opens first
    source: str | None = None  # the portal's address online


def _spells(alias: str, code: str) -> bool:
    return alias[0] == code[0] and (len(code) < 2 or code[1] in alias[1:])


def iso639_3(code: str) -> str:
    """The ISO 639-3 code of a portal language, from CLDR's language aliases.

    CLDR maps each three-letter code onto the code it prefers. Inverted, a language
    has its ISO 639-3 code ('ben' for bn) and sometimes others: an ISO 639-2/B code
    ('fre'), the individual languages it groups ('arb' for ar) or retired codes.
    ISO 639-1 codes were made from the ISO 639-3 (639-2/T) ones, so the alias that
    starts with the code's first letter and contains its second wins, then the
    first alphabetically. A code with a region is looked up with it, then without.

    >>> [iso639_3(c) for c in ("en", "fr", "es", "ar", "bn", "ne", "ps", "fa", "zh", "ro")]
    ['eng', 'fra', 'spa', 'ara', 'ben', 'nep', 'pus', 'fas', 'zho', 'ron']
    >>> iso639_3("fa-AF"), iso639_3("pt-BR")
    ('fas', 'por')
    """
    locale = Locale.parse(code, sep="-")
    aliases = get_global("language_aliases")
    specific, general = str(locale), locale.language
    found: dict[str, list[str]] = {specific: [], general: []}
    for alias, preferred in aliases.items():
        if len(alias) == 3 and alias.isalpha() and preferred in found:
            found[preferred].append(alias)
    if len(general) == 3:
        return general
    regional = sorted(a for a in found[specific] if _spells(a, general)) \
        if specific != general else []
    spelled = sorted(a for a in found[general] if _spells(a, general))
    candidates = regional or spelled or sorted(found[general])
    return candidates[0] if candidates else "und"


def png(width: int, height: int, pixel: Callable[[int, int], tuple[int, int, int]]) -> bytes:
    """An 8-bit RGB PNG, written with zlib alone.

    >>> png(1, 1, lambda x, y: (0, 0, 0))[:8]
    b'\\x89PNG\\r\\n\\x1a\\n'
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(c for x in range(width) for c in pixel(x, y))
                    for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def _globe(x: float, y: float) -> bool:
    """A globe in lines on a unit square: a circle, its equator and a meridian."""
    dx, dy = x - 0.5, y - 0.5
    r = math.hypot(dx, dy)
    circle = 0.31 <= r <= 0.38
    inside = r < 0.34
    equator = inside and abs(dy) <= 0.03
    meridian = inside and abs(math.hypot(dx / 0.45, dy) - 0.34) <= 0.03
    return circle or equator or meridian


def illustration(size: int = ILLUSTRATION_SIZE) -> bytes:
    """The icon Kiwix shows for the book: a white globe on the theme's indigo."""
    samples = 4

    def pixel(x: int, y: int) -> tuple[int, int, int]:
        hits = sum(_globe((x + (i + 0.5) / samples) / size, (y + (j + 0.5) / samples) / size)
                   for i in range(samples) for j in range(samples))
        share = hits / samples ** 2
        r, g, b = (round(ink + (paper - ink) * share)
                   for ink, paper in zip(INDIGO, WHITE, strict=True))
        return r, g, b

    return png(size, size, pixel)


def shorten(text: str, limit: int) -> str:
    """Fit text in ``limit`` characters: at the end of a clause, else of a word.

    >>> shorten("Information on migration and return — a demonstration", 40)
    'Information on migration and return'
    >>> shorten("Information on regular migration and return", 30)
    'Information on regular…'
    """
    if len(text) <= limit:
        return text
    head = text[:limit]
    for mark in (" — ", " – ", ". ", "; ", ": "):
        at = head.rfind(mark)
        if at >= limit // 2:
            return head[:at].rstrip()
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-") + "…"


def labelled(title: str, label: str, limit: int = TITLE_MAX) -> str:
    """``title · label`` in ``limit`` characters, shortening the title, never the label:
    the books of one portal then differ in a library even where the title is not translated.

    >>> labelled("gcm-portal demo", "বাংলা")
    'gcm-portal demo · বাংলা'
    >>> labelled("Information for migrants in Canada", "Español")
    'Information for… · Español'
    """
    suffix = f" · {label}"
    return shorten(title, max(limit - len(suffix), 1)) + suffix


def tags(files: Mapping[str, bytes]) -> str:
    """openZIM's ``Tags``: what Kiwix's catalogue says about the book's content.

    The private tags of openZIM's convention (https://wiki.openzim.org/wiki/Tags):
    ``_ftindex`` (every book has a full-text index; without the tag the catalogue says
    it has none),
    ``_pictures``, ``_videos``, ``_details`` (whole pages, not summaries) and
    ``_category``, which Kiwix filters its library by.

    >>> tags({"a.html": b"<p>Hi</p>", "b.html": b"<img src=x.png alt=''>"})
    '_ftindex:yes;_pictures:yes;_videos:no;_details:yes;_category:other'
    """
    # Which of img, picture and video the pages show (inline SVG icons and QR codes are
    # neither pictures nor videos).
    shown: set[str] = set()
    for name, data in sorted(files.items()):
        kind = mimetype(name)
        if kind.startswith("video/"):
            shown.add("video")
        elif kind == "text/html":
            root = htmlscan.parse_document(data)
            shown.update(element.tag for element in root.iter("img", "picture", "video"))
    yes = {True: "yes", False: "no"}
    return ";".join(["_ftindex:yes", f"_pictures:{yes[bool(shown & {'img', 'picture'})]}",
                     f"_videos:{yes['video' in shown]}", "_details:yes",
                     f"_category:{CATEGORY}"])


def mimetype(path: str) -> str:
    extension = posixpath.splitext(path)[1].lower()
    guessed = _TYPES.get(extension) or mimetypes.MimeTypes().guess_type(path)[0]
    return guessed or "application/octet-stream"


def fold(text: str) -> str:
    """Text as libzim 9 searches it: lower case, without any combining mark.

    libzim 9 folds every query so (ICU's "Lower; NFD; [:M:] remove; NFC"), and the
    text its own HTML indexer reads, but not text given to it; libzim 8 folds
    nothing. ``searchable`` indexes both forms.

    >>> fold("পাসপোর্ট"), fold("Santé")
    ('পসপরট', 'sante')
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    return unicodedata.normalize("NFC", "".join(
        ch for ch in decomposed if not unicodedata.category(ch).startswith("M")))


def searchable(text: str) -> str:
    """Text for libzim's indexer: as written (NFC), then the folded form of each word
    that folding changes, so that a query is found folded (libzim 9) or as typed (libzim 8).

    Each changed word is added once per occurrence: whichever form a reader's query
    takes, it counts as often as the word does on the page.

    >>> searchable("Les écoles de Santé")
    'Les écoles de Santé\\necoles sante'
    >>> searchable("passport office")
    'passport office'
    """
    written = unicodedata.normalize("NFC", text)
    folded = [changed for word in written.split()
              if (changed := fold(word)) != word.lower()]
    return "\n".join([written, " ".join(folded)]) if folded else written


@dataclass(frozen=True)
class _Text(IndexData):
    """A page's text in its language, for Kiwix's full-text index."""

    title: str
    text: str

    def has_indexdata(self) -> bool:
        return True

    def get_title(self) -> str:
        return searchable(self.title)

    def get_content(self) -> str:
        return searchable(self.text)

    def get_keywords(self) -> str:
        return ""

    def get_wordcount(self) -> int:
        return len(self.text.split())

    def get_geoposition(self) -> tuple[float, float] | None:
        return None


class _Entry(Item):
    """One file of the bundle, at the same path as in the bundle."""

    def __init__(self, path: str, data: bytes, title: str, text: _Text | None) -> None:
        super().__init__()
        self.path, self.data, self.title, self.text = path, data, title, text
        self.type = mimetype(path)

    def get_path(self) -> str:
        return self.path

    def get_title(self) -> str:
        return self.title

    def get_mimetype(self) -> str:
        return self.type

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self.data)

    def get_hints(self) -> dict[Hint, int]:
        # Only pages in the book's language are offered as articles and suggestions.
        return {Hint.FRONT_ARTICLE: self.text is not None,
                Hint.COMPRESS: self.type.startswith(_TEXT)}

    def get_indexdata(self) -> IndexData:
        return self.text or IndexData()  # the base class has no data: not indexed


def page_texts(index_script: bytes, root: str) -> dict[str, _Text]:
    """Each page's title and text in the search index ``search.write_index`` writes."""
    match = _SEARCH_INDEX.match(index_script.decode("utf-8"))
    sections = json.loads(match.group(1))["sections"] if match else []
    pages: dict[str, tuple[str, list[str]]] = {}
    for section in sections:
        path = posixpath.join(root, section["url"].split("#", 1)[0])
        words = pages.setdefault(path, (section["page"], []))[1]
        words.extend(filter(None, (section["heading"], section["text"])))
    return {path: _Text(title, " ".join(words)) for path, (title, words) in pages.items()}


def _page_title(data: bytes) -> str:
    found = _TITLE.search(data.decode("utf-8", "replace"))
    return html.unescape(found.group(1)).strip() if found else ""


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence libzim, which prints its progress on standard output, verbose or not."""
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 1)
            yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def write(path: Path, files: Mapping[str, bytes], book: Book, search_index: str) -> Path:
    """Write ``files`` (a single-language bundle) as a ZIM file with a full-text index.

    ``search_index`` is the path of the language's ``search/index.js`` in ``files``.
    """
    root = posixpath.dirname(posixpath.dirname(search_index))
    texts = page_texts(files.get(search_index, b""), root)
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    with _quiet_stdout(), Creator(partial).config_indexing(True, book.language) as creator:
        creator.set_mainpath(book.main_path)
        creator.add_illustration(ILLUSTRATION_SIZE, illustration())
        for name, value in (
                ("Name", book.name), ("Title", shorten(book.title, TITLE_MAX)),
                ("Description", shorten(book.description, DESCRIPTION_MAX)),
                ("LongDescription", book.description), ("Language", book.language),
                ("Creator", book.creator), ("Publisher", book.publisher),
                ("Date", book.date), ("Source", book.source or ""),
                ("Tags", tags(files)),
                ("Scraper", f"gcm-portal {__version__}")):
            if value and not (name == "LongDescription" and len(value) <= DESCRIPTION_MAX):
                creator.add_metadata(name, value)
        for name in sorted(files):
            text = texts.get(name)
            title = text.title if text else _page_title(files[name]) \
                if name.endswith(".html") else ""
            creator.add_item(_Entry(name, files[name], title, text))
    partial.replace(path)
    return path
