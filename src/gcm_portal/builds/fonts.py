"""Fonts for every script, without asking any other website for them.

Each language gets a system font stack for its script (the script comes from
CLDR's likely subtags); a few languages whose readers expect another style of
their script get their own (Urdu is read in Nastaliq, not in Arabic's Naskh).
Where common phones often lack a script, a font ships with gcm-portal and is
served from the portal itself, cut down at build time to the characters the
site uses (fontTools), so it stays small; browsers fetch it only when a page
shows characters of that script, and not for the names in the closed language
menu that every page holds.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from babel.core import get_global

from gcm_portal.model.languages import Language
from gcm_portal.themes import FontHooks, font_hooks

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
class Style:
    """A style of a script that a language's readers expect, and the room its lines need."""

    stack: str  # system fonts in that style, best first; the script's stack follows them
    line_height: float  # unitless, for running text


# Nastaliq (ISO 15924 "Aran", a style of Arabic): its letters climb and hang far from the
# baseline. In Noto Nastaliq Urdu a word such as انگریزی rises 1.98 em and نومبر، hangs
# 0.47 em, so lines at Material's 1.6 draw into each other; at 2.4 no two lines of the
# Urdu pages a new portal starts with can touch (tests/browser/test_fonts_loaded.py).
# Debian's fonts-noto-core, Android and Apple's systems ship Noto Nastaliq Urdu; Jameel
# Noori Nastaleeq is what Pakistani readers install; Windows has Urdu Typesetting.
NASTALIQ = Style('"Noto Nastaliq Urdu", "Jameel Noori Nastaleeq", "Urdu Typesetting"', 2.4)

# Languages (language_Script, the script from CLDR's likely subtags) whose books, papers
# and signs use another style than their script's stack. Kept to what is certain: Urdu,
# and Punjabi in Shahmukhi (pa-Arab), which Noto Nastaliq Urdu covers (ݨ, ڙ). Not Persian,
# Dari or Pashto: their running text is Naskh. Not Kashmiri: Noto Nastaliq Urdu lacks its
# vowel signs (U+065A, U+065B) and ێ, so its text would be set in two styles at once.
LANGUAGE_STYLES = {
    "ur_Arab": NASTALIQ,
    "pa_Arab": NASTALIQ,
}

# The elements that hold lines of text, where themes set explicit line heights (Material:
# 1.6 in .md-typeset, 1.3 for headings and the navigation): the taller lines go on each of
# them, so that English shown inside an Urdu page keeps its own, and the header, whose one
# line Material centres by its line height, is left alone. A theme adds its own
# (themes.FontHooks).
TEXT_ELEMENTS = ("p", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "th", "td",
                 "figcaption", "summary")


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


def style_of(language: Language) -> Style | None:
    """The style a language's readers expect where it is not its script's default one.

    >>> style_of(Language.parse("ur")) is NASTALIQ, style_of(Language.parse("fa-AF"))
    (True, None)
    """
    return LANGUAGE_STYLES.get(f"{language.locale.language}_{script_of(language)}")


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


def stylesheet(languages: list[Language], served: list[ServedFont] | None = None,
               hooks: FontHooks | None = None) -> str:
    """CSS giving each language's text a font stack for its script (or its style).

    ``served`` are the fonts actually written with the site (see ``write``). A served font
    is named first for its languages' text everywhere but in the closed language menu, so
    that a page in English does not fetch it for the menu's አማርኛ until the menu opens.
    ``hooks`` name the theme's menu and text elements (Material's by default).
    """
    hooks = hooks or font_hooks(None)
    files = {font.family for font in served or []}
    rules = []
    for language in languages:
        script = script_of(language)
        stack = SCRIPT_FONTS.get(script)
        style = style_of(language)
        if style is not None:
            stack = f"{style.stack}, {stack}" if stack else style.stack
        if stack is None:
            continue
        lang = f":lang({language.code})"
        font = SERVED.get(script)
        if font and font.family in files:
            rules.append(f'{lang} {{ font-family: "{font.family}", {stack}, {BASE}; }}')
            rules.append(f"{hooks.closed_menu} {lang} {{ font-family: {stack}, {BASE}; }}")
        else:
            rules.append(f"{lang} {{ font-family: {stack}, {BASE}; }}")
        if style is not None:
            elements = ", ".join(f"{element}{lang}"
                                 for element in (*TEXT_ELEMENTS, *hooks.text_elements))
            rules.append(f"{elements} {{ line-height: {style.line_height:g}; }}")
    faces = [
        f'@font-face {{ font-family: "{font.family}"; src: url("../fonts/{font.file}") '
        f'format("woff2"); font-display: swap; unicode-range: {font.unicode_range}; }}'
        for font in served or []
    ]
    header = "/* Generated by gcm-portal from CLDR scripts: system fonts first, nothing remote. */"
    return "\n".join([header, *faces, *rules]) + "\n"


def used_characters(site_dir: Path, font: ServedFont, previous: Path | None = None) -> str:
    """Every character of the font's ranges that appears in the built pages, and in the
    search indexes (the search page writes their texts and result counts into itself).
    With ``previous``, ``site_dir`` holds what an incremental build wrote again and
    ``previous`` the rest of the site."""
    covered = _covered(font)
    found: set[str] = set()
    pages: dict[Path, Path] = {}
    for folder in (previous, site_dir) if previous else (site_dir,):
        for page in [*folder.rglob("*.html"), *folder.glob("*/search/index.js")]:
            pages[page.relative_to(folder)] = page
    for page in pages.values():
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


def write(site_dir: Path, languages: list[Language], hooks: FontHooks | None = None,
          previous: Path | None = None) -> list[Path]:
    """Write the stylesheet, and each served font cut to the characters the site uses
    (``previous``: see ``used_characters``)."""
    source = resources.files("gcm_portal") / "fonts"
    served: list[ServedFont] = []
    written: list[Path] = []
    for script in sorted(served_scripts(languages)):
        font = SERVED[script]
        text = used_characters(site_dir, font, previous)
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
    css.write_text(stylesheet(languages, served, hooks), encoding="utf-8")
    return written
