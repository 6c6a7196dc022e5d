"""Plain-language hints: sentence length in every script, reading ease in English.

Readers may read in a second language, on a small screen, under stress. These are
warnings, never errors: sometimes a long sentence is the clearest one.

Sentence ends are found for Latin, Arabic (``.`` ``؟`` ``۔``), Devanagari and Bengali
(``।`` ``॥``) punctuation. A readability formula is computed only for English (Flesch
reading ease, with syllables counted as vowel groups: close enough for a hint). The
other languages of the demo have no formula that is both established and simple,
so they get the sentence-length hint alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from gcm_portal.errors import Problem
from gcm_portal.model.content import body_lines

MAX_WORDS = 25
"""Sentences longer than this get a warning."""
MIN_READING_EASE = 60
"""English pages scoring below this get a warning (60-70 is plain English)."""
MIN_WORDS_FOR_SCORE = 100
"""Shorter pages get no score: the formula is noise on a few sentences."""

_HEADING = re.compile(r"^\s*#")
_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# Tables, admonition titles, HTML blocks, reference definitions, attribute lists.
_NOT_PROSE = re.compile(r"^\s*(\||!!!|\?\?\?|<|\[[^\]]+\]:|\{)")
_LIST_ITEM = re.compile(r"^\s*([-*+]|\d+[.)])\s+")
_INLINE = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: keep their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),
    (re.compile(r"<[^>]+>"), " "),
    (re.compile(r"\{[:#.][^}]*\}"), ""),
    (re.compile(r"(\*{1,3}|_{2,3})"), ""),
)
_CLOSERS = "\"'”’»)]"
_END = re.compile(rf"[.!?…。！？؟۔।॥]+[{re.escape(_CLOSERS)}]*(?=\s|$)")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_VOWELS = re.compile(r"[aeiouy]+")


def plain(line: str) -> str:
    """A line of Markdown as the words a reader sees.

    >>> plain("See **the [rules](a.md#x)** and `code`.")
    'See the rules and code.'
    """
    for pattern, replacement in _INLINE:
        line = pattern.sub(replacement, line)
    return " ".join(line.split())


def prose(text: str, first_line: int = 1) -> Iterator[list[tuple[int, str]]]:
    """Paragraphs and list items as lists of (line, plain text); no headings, code or tables."""
    block: list[tuple[int, str]] = []
    for number, line in body_lines(text, first_line):
        if _UNDERLINE.match(line):
            block = []  # the text above was a heading (or this is a rule after a blank line)
            continue
        if not line.strip() or _HEADING.match(line) or _NOT_PROSE.match(line):
            if block:
                yield block
            block = []
            continue
        if _LIST_ITEM.match(line):
            if block:
                yield block
            block = []
            line = _LIST_ITEM.sub("", line, count=1)
        shown = plain(line)
        if shown:
            block.append((number, shown))
    if block:
        yield block


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """Split text into (offset, sentence), in any of the portal's scripts.

    A full stop followed by a lower-case letter ends no sentence ("e.g. a visa").

    >>> [s for _, s in sentences("Is it far? No. See e.g. the map! It helps.")]
    ['Is it far?', 'No.', 'See e.g. the map!', 'It helps.']
    >>> [s for _, s in sentences("هل هو بعيد؟ لا. यो हो। त्यो हो।")]
    ['هل هو بعيد؟', 'لا.', 'यो हो।', 'त्यो हो।']
    """
    start = 0
    for match in _END.finditer(text):
        stops = match.group().rstrip(_CLOSERS)
        following = text[match.end():].lstrip()[:1]
        if set(stops) == {"."} and following.islower():
            continue
        piece = text[start:match.end()]
        if piece.strip():
            yield start + len(piece) - len(piece.lstrip()), piece.strip()
        start = match.end()
    tail = text[start:]
    if tail.strip():
        yield start + len(tail) - len(tail.lstrip()), tail.strip()


def word_count(sentence: str) -> int:
    """Words are runs between spaces with at least one letter or digit.

    >>> word_count("Pay fees only to the official office — 3 times.")
    9
    """
    return sum(1 for word in sentence.split() if any(ch.isalnum() for ch in word))


def syllables(word: str) -> int:
    """English syllables, approximated by vowel groups.

    >>> [syllables(w) for w in ("visa", "the", "recognised", "apply", "people")]
    [2, 1, 3, 2, 2]
    """
    word = word.lower()
    count = len(_VOWELS.findall(word))
    silent_e = word.endswith("e") and not word.endswith(("le", "ee", "ye"))
    silent_ed = word.endswith("ed") and not word.endswith(("ted", "ded"))
    if (silent_e or silent_ed) and count > 1:
        count -= 1
    return max(count, 1)


def reading_ease(texts: list[str]) -> tuple[float, int] | None:
    """Flesch reading ease of English sentences, and their number of words.

    >>> round(reading_ease(["The cat sat on the mat.", "It was warm."])[0])
    118
    """
    words = [w for text in texts for w in _ENGLISH_WORD.findall(text)]
    if not texts or not words:
        return None
    per_sentence = len(words) / len(texts)
    per_word = sum(syllables(w) for w in words) / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word, len(words)


def _line_at(block: list[tuple[int, str]], offset: int) -> int:
    """The source line of a character offset in the block's lines joined by spaces."""
    position = 0
    for number, text in block:
        position += len(text) + 1
        if offset < position:
            return number
    return block[-1][0]


def check_page(path: str, text: str, body_line: int, language: str) -> list[Problem]:
    """Long sentences in any language; low reading ease in English."""
    problems = []
    found: list[str] = []
    for block in prose(text, body_line):
        joined = " ".join(part for _, part in block)
        for offset, sentence in sentences(joined):
            found.append(sentence)
            words = word_count(sentence)
            if words > MAX_WORDS:
                start = " ".join(sentence.split()[:8])
                problems.append(Problem(path, _line_at(block, offset), f"long sentence ({words} "
                                        f"words): '{start}…'; split it into sentences of at "
                                        f"most {MAX_WORDS} words", "warning"))
    if language.split("-")[0] == "en":
        score = reading_ease(found)
        if score and score[1] >= MIN_WORDS_FOR_SCORE and score[0] < MIN_READING_EASE:
            problems.append(Problem(path, body_line, f"hard to read: Flesch reading ease "
                                    f"{score[0]:.0f}, below {MIN_READING_EASE}; use shorter "
                                    "sentences and everyday words", "warning"))
    return problems
