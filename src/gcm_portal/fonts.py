"""Fonts for every script, without asking any other website for them.

Each language gets a system font stack for its script (the script comes from
CLDR's likely subtags). Where common phones often lack a script, a font ships
with gcm-portal and is served from the portal itself, cut down at build time
to the characters the site uses (fontTools), so it stays small; browsers fetch
it only when a page shows characters of that script.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from babel.core import get_global

from gcm_portal.languages import Language

STYLESHEET = "assets/stylesheets/gcm-fonts.css"
FONT_DIR = "assets/fonts"
BASE = ('system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", '
        "Arial, sans-serif")

# System fonts that cover each script (ISO 15924 code), best first.
SCRIPT_FONTS = {
    "Arab": '"Noto Naskh Arabic", "Noto Sans Arabic", "Segoe UI", Tahoma',
    "Beng": '"Noto Sans Bengali", "Nirmala UI", Vrinda, "Shonar Bangla"',
    "Deva": '"Noto Sans Devanagari", "Nirmala UI", Mangal, Kokila',
    "Ethi": '"Noto Sans Ethiopic", Nyala, Ebrima, "Abyssinica SIL"',
    "Mymr": '"Noto Sans Myanmar", "Myanmar Text", Padauk',
    "Khmr": '"Noto Sans Khmer", "Khmer UI", "Leelawadee UI"',
    "Taml": '"Noto Sans Tamil", "Nirmala UI", Latha',
    "Sinh": '"Noto Sans Sinhala", "Nirmala UI", "Iskoola Pota"',
    "Tibt": '"Noto Serif Tibetan", "Microsoft Himalaya"',
    "Thaa": '"Noto Sans Thaana", "MV Boli"',
    "Hebr": '"Noto Sans Hebrew", Arial, "Segoe UI"',
    "Cyrl": 'Roboto, "Noto Sans", "Segoe UI", Arial',
}


@dataclass(frozen=True)
class ServedFont:
    family: str
    file: str
    unicode_range: str


# Scripts many low-cost phones do not cover: served from the site itself. The shipped
# file covers the whole script; each build cuts it down to the characters it uses.
SERVED = {
    "Ethi": ServedFont("gcm Ethiopic", "NotoSansEthiopic-subset.woff2",
                       "U+1200-139F, U+2D80-2DDF"),
}


def script_of(language: Language) -> str:
    """The ISO 15924 script a language is written in, from CLDR's likely subtags.

    >>> script_of(Language.parse("ti")), script_of(Language.parse("ps"))
    ('Ethi', 'Arab')
    """
    if language.locale.script:
        return language.locale.script
    likely = get_global("likely_subtags")
    tag = likely.get(str(language.locale)) or likely.get(language.locale.language) or ""
    parts = tag.split("_")
    return next((p for p in parts[1:] if len(p) == 4), "Latn")


_RANGE = re.compile(r"U\+([0-9A-Fa-f]+)(?:-([0-9A-Fa-f]+))?")


@cache
def covering(unicode_range: str) -> re.Pattern[str] | None:
    """A pattern matching any one character of a CSS ``unicode-range`` value (None when it
    names none): what a font draws, here and in the page-weight count.

    >>> bool(covering("U+1200-139F, U+2D80").search("ሰላም")), covering("")
    (True, None)
    """
    spans = [(int(lo, 16), int(hi or lo, 16)) for lo, hi in _RANGE.findall(unicode_range)]
    if not spans:
        return None
    return re.compile("[" + "".join(f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
                                    for lo, hi in spans) + "]")


def _covered(font: ServedFont) -> re.Pattern[str]:
    pattern = covering(font.unicode_range)
    assert pattern is not None, font  # every served font declares its range
    return pattern


def served_characters(text: str, languages: list[Language]) -> frozenset[str]:
    """The characters of ``text`` that fonts served for these languages draw.

    An incremental build compares them before and after each page it renders: when they
    are the same, the fonts cut for the whole site stay right.

    >>> len(served_characters("ትግርኛ and Français", [Language.parse("ti")]))
    4
    """
    return frozenset(ch for script in served_scripts(languages)
                     for ch in _covered(SERVED[script]).findall(text))


def served_scripts(languages: list[Language]) -> set[str]:
    """The portal's scripts for which a font is served from the site."""
    return {script_of(language) for language in languages} & SERVED.keys()


def stylesheet(languages: list[Language], served: list[ServedFont] | None = None) -> str:
    """CSS giving each language's text a font stack for its script.

    ``served`` are the fonts actually written with the site (see ``write``).
    """
    files = {font.family for font in served or []}
    rules = []
    for language in languages:
        script = script_of(language)
        stack = SCRIPT_FONTS.get(script)
        if stack is None:
            continue
        font = SERVED.get(script)
        if font and font.family in files:
            stack = f'"{font.family}", {stack}'
        rules.append(f":lang({language.code}) {{ font-family: {stack}, {BASE}; }}")
    faces = [
        f'@font-face {{ font-family: "{font.family}"; src: url("../fonts/{font.file}") '
        f'format("woff2"); font-display: swap; unicode-range: {font.unicode_range}; }}'
        for font in served or []
    ]
    header = "/* Generated by gcm-portal from CLDR scripts: system fonts first, nothing remote. */"
    return "\n".join([header, *faces, *rules]) + "\n"


def used_characters(site_dir: Path, font: ServedFont) -> str:
    """Every character of the font's ranges that appears in the built pages."""
    covered = _covered(font)
    found: set[str] = set()
    for page in site_dir.rglob("*.html"):
        found.update(covered.findall(page.read_text(encoding="utf-8", errors="replace")))
    return "".join(sorted(found))


def subset(source: Path, text: str, target: Path) -> None:
    """Write a WOFF2 font holding only the glyphs ``text`` needs (with their shaping)."""
    from fontTools import subset as ft  # only portals with a served script need it

    options = ft.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = ft.load_font(str(source), options)
    subsetter = ft.Subsetter(options)
    subsetter.populate(text=text)
    subsetter.subset(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    ft.save_font(font, str(target), options)


def write(site_dir: Path, languages: list[Language]) -> list[Path]:
    """Write the stylesheet, and each served font cut to the characters the site uses."""
    source = resources.files("gcm_portal") / "fonts"
    served: list[ServedFont] = []
    written: list[Path] = []
    for script in sorted(served_scripts(languages)):
        font = SERVED[script]
        text = used_characters(site_dir, font)
        if not text:
            continue
        target = site_dir / FONT_DIR / font.file
        with resources.as_file(source / font.file) as path:
            subset(path, text, target)
        with resources.as_file(source / "LICENSE-OFL.txt") as path:
            shutil.copyfile(path, target.parent / "LICENSE-OFL.txt")
        served.append(font)
        written.append(target)
    css = site_dir / STYLESHEET
    css.parent.mkdir(parents=True, exist_ok=True)
    css.write_text(stylesheet(languages, served), encoding="utf-8")
    return written
