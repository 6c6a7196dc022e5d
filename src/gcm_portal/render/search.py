"""Per-language search that loads nothing until a reader searches, and works offline.

Each language gets ``<lang>/search/index.js``: only that language's pages,
never fallback copies of another language's pages. The index is a script,
not JSON fetched with XHR, so search also works from ``file://`` on a USB stick.
Matching is plain substring matching on folded text, which works in every script,
including those lunr has no stemmer for (Bengali, Devanagari, Ethiopic, Arabic).

The folding is defined once, here: :func:`fold_table` is written into every index and
``gcm-search.js`` applies it to the query and to the text alike, and :func:`fold` is the
same folding in Python, for the tests and for anything else that must match as the
browser does. Folding is NFKD, then the table (digits to ASCII, marks and invisible
characters dropped, letter variants unified), then NFC and lower case.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

SEARCH_PAGE = "search.md"
_SKIP = {"script", "style", "nav", "form", "aside", "button", "svg"}
_SPACE = re.compile(r"\s+")

# Characters dropped before matching, as inclusive code point ranges. Marks are dropped
# after NFKD has split them from their letters, so "é" matches "e" and "أ" matches "ا".
DROP: tuple[tuple[int, int], ...] = (
    (0x0300, 0x036F),  # Latin, Greek and Cyrillic accents (as before: "epice" finds "épice")
    (0x0610, 0x061A),  # Arabic honorific and Quranic signs above letters
    (0x0640, 0x0640),  # tatweel, the stretching stroke: "كـتـاب" is "كتاب"
    # Short vowels, shadda, sukun, and the madda and hamza marks: NFKD has split
    # آ أ إ ؤ ئ ۀ ۂ ۓ into a base letter and one of these, so dropping them makes every
    # hamza form match its bare seat (أ إ آ → ا, ؤ → و, ئ → ي, ۀ → ە → ه), as readers who
    # type without hamza expect. The standalone hamza ء (U+0621) is a letter and is kept:
    # dropping it would turn "ماء" (water) into "ما" (what), which is in every page.
    (0x064B, 0x065F),
    (0x0670, 0x0670),  # superscript alef
    (0x06D6, 0x06ED),  # Quranic annotation marks
    (0x08D3, 0x08E1), (0x08E3, 0x08FF),  # more Arabic marks (Arabic Extended-A)
    # Invisible characters, typed by some and not by others. ZWNJ above all: Persian, Dari,
    # Pashto and Urdu words are written with it and without it ("اجازه‌لیک", "اجازهلیک"),
    # and in Bengali and Devanagari it only changes how a conjunct is drawn.
    (0x00AD, 0x00AD),  # soft hyphen
    (0x061C, 0x061C),  # Arabic letter mark
    (0x200B, 0x200F),  # zero width space, ZWNJ, ZWJ, LRM, RLM
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2060, 0x2064),  # word joiner and invisible operators
    (0x2066, 0x2069),  # bidi isolates
    (0xFEFF, 0xFEFF),  # zero width no-break space (BOM)
)

# Letter variants of Arabic-script languages that readers type for one another, each
# folded to one letter: {letter: the variants folded into it}. Only letters that are one
# letter written two ways are here; no language in the list keeps two of them apart.
LETTERS: dict[str, str] = {
    # Yeh. Persian and Dari keyboards type ی (U+06CC) where Arabic has ي (U+064A); Egyptian
    # and much everyday Arabic writes ى for final ي. Pashto keeps ي ی ې ۍ (and ئ) apart in
    # its grammar (ending, gender, number), but a Pashto reader on a Persian keyboard (the
    # usual one in Afghanistan) can only type ی for all of them, so they must all match:
    # "بیرته" typed on a Persian keyboard finds "بېرته" (return). The price is that
    # inflected forms match each other, as a stemmer would have them. ئ reaches ي by
    # losing its hamza (above). Not folded: Urdu ے (barree yeh), a letter of its own
    # ("ہے" is, "ہی" only), and Kurdish ێ, a vowel of its own.
    "\u064a": "\u0649\u06cc\u06d0\u06cd",
    # Kaf: Persian, Dari, Pashto and Urdu keheh ک (U+06A9) is Arabic ك (U+0643).
    # Not folded: Sindhi ڪ, which Sindhi keeps apart from ک.
    "\u0643": "\u06a9",
    # Gaf: Pashto ګ (kaf with ring) is typed گ on Persian and Urdu keyboards.
    "\u06af": "\u06ab",
    # Heh: Urdu ہ (heh goal) and ە (which ۀ, Persian heh with hamza, becomes once its
    # hamza is dropped) are ه; teh marbuta ة and Urdu ۃ are written ه by many Arabic
    # readers ("الهجره" for "الهجرة"), so they match too: "كتابه" (his book) then also
    # finds "كتابة" (writing), which "كتاب" finds anyway. Not folded: Urdu ھ (U+06BE), the
    # aspiration letter, which would make پھل (fruit) match پہل (a start).
    "\u0647": "\u06c1\u06d5\u0629\u06c3",
    # Alef wasla ٱ is alef (أ إ آ reach ا by losing their marks, above).
    "\u0627": "\u0671",
    # Retroflex t, d and r: Pashto writes them with a ring (ټ ډ ړ), Urdu with a small tah
    # (ٹ ڈ ڑ), and Pashto typed on an Urdu keyboard (common in Pakistan) uses the latter:
    # one sound each, and no language has both letters of a pair.
    "\u0679": "\u067c",
    "\u0688": "\u0689",
    "\u0691": "\u0693",
    # Deliberately NOT folded: the Pashto letters ښ ږ څ ځ ڼ (and ټ ډ ړ into ت د ر). A
    # Persian keyboard has none of them and its typists put ش or خ for ښ, ژ or گ for ږ,
    # س for څ, ز or ج for ځ, ن for ڼ, depending on their dialect; these are letters of
    # their own in Pashto, so folding them into Persian letters would make words that
    # Pashto keeps apart match, and would still miss the other dialect's spelling.
}


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
        elif tag in ("p", "li", "br", "div", "tr", "th", "td", "caption") and not self._skip:
            # Cells apart: a day's name and its opening hours are two words, not one.
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
    >>> sections("<table><tr><th>Friday</th><td>9:00</td></tr></table>", "x/", "X")[0].text
    'Friday 9:00'
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


@functools.cache
def digit_zeros() -> tuple[int, ...]:
    """The zero of every decimal digit set in Unicode that NFKD does not already fold to
    ASCII (Arabic-Indic ٠, Extended Arabic-Indic ۰, Devanagari ०, Bengali ০, Thai ๐,
    Myanmar ၀, Khmer ០ ...): each set is ten code points in a row, 0 to 9, so its zero
    stands for the set. Ethiopic numerals (፩ ፲ ፻) are not decimal digits (there is no
    zero, ፲ is ten) and are not folded.

    Every decimal digit Unicode has assigned is in its first two planes (the others hold
    CJK ideographs, tags and private use): scanning those alone takes a tenth of the time
    of every build that writes a search index (``tests/test_search.py`` checks it)."""
    return tuple(cp for cp in range(DIGIT_PLANES_END)
                 if unicodedata.category(chr(cp)) == "Nd" and unicodedata.digit(chr(cp)) == 0
                 and unicodedata.normalize("NFKD", chr(cp)) != "0")


DIGIT_PLANES_END = 0x20000  # the Basic Multilingual Plane and the Supplementary one


def fold_table() -> dict[str, list[list[int]] | list[int]]:
    """The folding as data, for the browser: written into every language's index so that
    ``gcm-search.js`` folds exactly as :func:`fold` does, with no second copy to keep.

    All code points, as numbers: ``zeros`` (each stands for its ten digits), ``drop``
    (inclusive ranges) and ``letters`` (each a letter followed by its variants). Numbers
    keep other scripts' characters out of an index that holds one language's text."""
    return {"zeros": list(digit_zeros()), "drop": [list(r) for r in DROP],
            "letters": [[ord(c) for c in letter + variants]
                        for letter, variants in LETTERS.items()]}


@functools.cache
def _translation() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for zero in digit_zeros():
        table.update({zero + value: str(value) for value in range(10)})
    for first, last in DROP:
        table.update(dict.fromkeys(range(first, last + 1)))
    for letter, variants in LETTERS.items():
        table.update({ord(variant): letter for variant in variants})
    return table


def fold(text: str) -> str:
    """``text`` as search compares it: what a reader may type in another digit set, with
    or without accents, short vowels, hamza or ZWNJ, or on another keyboard, folds alike.

    >>> fold("১১২") == fold("112") == fold("۱۱۲") == "112"
    True
    >>> fold("بیرته") == fold("بېرته") and fold("کندا") == fold("كندا")
    True
    """
    decomposed = unicodedata.normalize("NFKD", text).translate(_translation())
    return unicodedata.normalize("NFC", decomposed).lower()


def write_index(path: Path, language: str, entries: list[dict[str, str]],
                strings: dict[str, str]) -> None:
    """Write one language's index as a script that sets ``window.gcmSearchIndex``;
    ``entries`` are its sections, as ``asdict`` makes them of ``Section`` (an index
    holds tens of thousands: they stay plain dicts from the page to the file)."""
    data = {"lang": language, "strings": strings, "fold": fold_table(),
            "sections": entries}
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    path.write_text(f"window.gcmSearchIndex={payload};\n", encoding="utf-8")
