"""Invisible characters that change what a reader sees: bidi controls and other format marks.

A stored "fee is 57" shows as "75" after a RIGHT-TO-LEFT OVERRIDE; opening hours
``9:00–17:00`` turn around after an unclosed isolate. The site sets direction itself
(``dir`` on every page, ``<bdi>`` around numbers), so text never needs these marks:

- in **literals** (numbers, amounts, phone numbers, postcodes, hours, URLs, codes)
  no format character (Unicode category Cf) is allowed at all;
- in **prose**, only what writing systems need passes: ZERO WIDTH NON-JOINER and
  ZERO WIDTH JOINER (Persian, Indic scripts, emoji), and directional isolates that
  are closed again (U+2066–U+2068 each matched by U+2069) within the same text.

Overrides and embeddings (U+202A–U+202E) are refused everywhere: they reorder
everything up to the end of the paragraph, numbers included.

Every checker of editors' text (pages, front matter, country data, catalogs,
mkdocs.yml) calls ``findings`` and reports its result at the file's line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Kind = Literal["prose", "literal"]

JOINERS = frozenset({"\u200c", "\u200d"})  # ZWNJ, ZWJ: needed by Persian, Indic, emoji
ISOLATE_OPEN = frozenset({"\u2066", "\u2067", "\u2068"})  # LRI, RLI, FSI
ISOLATE_CLOSE = "\u2069"  # PDI
OVERRIDES = frozenset({"\u202a", "\u202b", "\u202c", "\u202d", "\u202e"})  # LRE RLE PDF LRO RLO
BOM = "\ufeff"


@dataclass(frozen=True)
class Finding:
    """An invisible character at ``offset`` in the text checked, and what is wrong with it."""

    offset: int
    char: str
    message: str


def describe(char: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: how editors find the character in their tools.

    >>> describe("\\u202e"), describe("\\u061c")
    ('U+202E RIGHT-TO-LEFT OVERRIDE', 'U+061C ARABIC LETTER MARK')
    """
    return f"U+{ord(char):04X} {unicodedata.name(char, 'FORMAT CHARACTER')}"


def _is_format(char: str) -> bool:
    # Cf: format characters; U+2028/U+2029 (Zl, Zp) also break a line invisibly.
    return unicodedata.category(char) in ("Cf", "Zl", "Zp")


_FIX = "delete it (retype the text around it if your editor does not show it); the site " \
       "sets the text direction itself"


def findings(text: str, kind: Kind = "prose", *, start: int = 0) -> Iterator[Finding]:
    """Every invisible character ``text`` may not hold, in order.

    A BOM at the very start of a file (``start`` 0 of a file's text) is left to the reader
    of the file; anywhere else it is a finding.

    >>> [f.char for f in findings("fee 5\\u202e7")]
    ['\\u202e']
    >>> [f.message.split(",")[0] for f in findings("\\u2067abc")]
    ['U+2067 RIGHT-TO-LEFT ISOLATE is never closed by U+2069 POP DIRECTIONAL ISOLATE']
    >>> list(findings("می\\u200cخواهم \\u2066ok\\u2069"))
    []
    >>> [f.offset for f in findings("12\\u200c3", "literal")]
    [2]
    """
    opened: list[int] = []
    for offset, char in enumerate(text, start):
        if not _is_format(char) or (char == BOM and offset == 0):
            continue
        if kind == "literal":
            yield Finding(offset, char, f"{describe(char)} in a number, phone number, code or "
                          f"address: an invisible character here can change the order in "
                          f"which the digits are shown; {_FIX}")
        elif char in OVERRIDES:
            yield Finding(offset, char, f"{describe(char)} reorders the text after it (a fee "
                          f"of 57 can be shown as 75); {_FIX}")
        elif char in ISOLATE_OPEN:
            opened.append(offset)
        elif char == ISOLATE_CLOSE:
            if opened:
                opened.pop()
            else:
                yield Finding(offset, char, f"{describe(char)} closes no isolate (U+2066, "
                              f"U+2067 or U+2068) opened before it; {_FIX}")
        elif char not in JOINERS:
            yield Finding(offset, char, f"invisible character {describe(char)}; only ZERO "
                          f"WIDTH NON-JOINER and ZERO WIDTH JOINER may be written in text; "
                          f"{_FIX}")
    for offset in opened:
        char = text[offset - start]
        yield Finding(offset, char, f"{describe(char)} is never closed by U+2069 POP "
                      f"DIRECTIONAL ISOLATE, so the text after it is shown in another "
                      f"order; close it, or {_FIX}")


def line_of(text: str, offset: int, first_line: int = 1) -> int:
    """The line of ``offset`` in ``text``, counting ``text``'s first line as ``first_line``."""
    return first_line + text.count("\n", 0, offset)


def strip_marks(text: str) -> str:
    """Without bidi marks (LRM, RLM, ALM): for formatters' output, which the site isolates
    itself, so that no control character is ever part of a number.

    >>> strip_marks("\\u200f75٫00 €")
    '75٫00 €'
    """
    return text.translate(_MARKS)


_MARKS = {ord(c): None for c in ("\u200e", "\u200f", "\u061c")}
