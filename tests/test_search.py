"""The site's own search folds digits, letter variants and invisible characters alike in
the query and in the text (issue 13): one definition, in search.py, written into every
index and applied by gcm-search.js; these tests run real queries on the built demo."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from gcm_portal.render import search
from gcm_portal.render.search import fold

SCRIPT = Path(__file__).resolve().parents[1] / "src/gcm_portal/themes/shared/assets/javascripts"
NODE = shutil.which("node") is not None
LANGUAGES = ("en", "ar", "bn", "es", "fr", "ne", "ps")


def index(site: Path, lang: str) -> dict:
    text = (site / lang / "search" / "index.js").read_text(encoding="utf-8")
    prefix, suffix = "window.gcmSearchIndex=", ";\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    return json.loads(text[len(prefix):-len(suffix)])


def terms(query: str) -> list[str]:
    """The query's words once folded, split as gcm-search.js splits them (letters, digits
    and marks make words; anything else separates them)."""
    words, word = [], ""
    for char in fold(query):
        if unicodedata.category(char)[0] in "LNM":
            word += char
        else:
            words.append(word)
            word = ""
    return [w for w in [*words, word] if w]


def found(site: Path, lang: str, query: str) -> set[str]:
    """The pages with a section that holds every word of ``query``, as folded."""
    wanted = terms(query)
    pages = set()
    for section in index(site, lang)["sections"]:
        text = fold(" ".join((section["page"], section["heading"], section["text"])))
        if all(term in text for term in wanted):
            pages.add(section["url"].split("#")[0])
    return pages


def raw_text(site: Path, lang: str) -> str:
    return " ".join(" ".join((s["page"], s["heading"], s["text"]))
                    for s in index(site, lang)["sections"])


# --- digits ------------------------------------------------------------------------------

def test_every_decimal_digit_in_unicode_folds_to_its_ascii_digit():
    digits = [chr(cp) for cp in range(0x110000) if unicodedata.category(chr(cp)) == "Nd"]
    assert len(digits) >= 650  # 65 sets of ten in Unicode 14
    wrong = [f"U+{ord(d):04X}" for d in digits if fold(d) != str(unicodedata.digit(d))]
    assert not wrong, wrong


def test_each_digit_set_is_ten_code_points_from_its_zero():
    """What lets the index carry only the zeros: Unicode encodes 0-9 of a set in a row."""
    for zero in search.digit_zeros():
        assert [unicodedata.digit(chr(zero + n)) for n in range(10)] == list(range(10))
    assert 0x0030 not in search.digit_zeros() and 0xFF10 not in search.digit_zeros()


@pytest.mark.parametrize("written", ["١١٢", "۱۱۲", "১১২", "११२", "๑๑๒", "၁၁၂", "១១២",
                                     "໑໑໒", "༡༡༢", "੧੧੨", "૧૧૨", "୧୧୨", "௧௧௨", "౧౧౨",
                                     "೧೧೨", "൧൧൨", "߁߁߂", "１１２"])
def test_112_in_any_digit_set_is_112(written):
    assert fold(written) == "112"


def test_ethiopic_numerals_are_not_digits_and_stay_as_they_are():
    """Ethiopic numbers are additive (፻፲፪ is 112), with no zero: not a digit set."""
    ethiopic = [chr(cp) for cp in range(0x1200, 0x13A0)]
    assert not [c for c in ethiopic if unicodedata.category(c) == "Nd"]
    assert fold("፻፲፪") == "፻፲፪"


# --- letters -----------------------------------------------------------------------------

# (typed, as written in the demo): real words, in pairs a reader's keyboard makes.
SAME = [
    ("بیرته", "بېرته"),            # ps return: Persian keyboard ی for Pashto ې
    ("قونسلگری", "قونسلګرۍ"),      # ps consulate: Persian گ ی for Pashto ګ ۍ
    ("كاناډا", "کاناډا"),            # ps Canada: Arabic keyboard ك for ک
    ("هيواد", "هېواد"),             # ps country: Arabic keyboard ي for ې
    ("لری", "لرئ"),                 # ps you have: Persian ی for Pashto ئ
    ("پاسپورٹ", "پاسپورټ"),         # ps passport: Urdu keyboard ٹ for Pashto ټ
    ("اجازهلیک", "اجازه\u200cلیک"),  # ps permit: typed without its ZWNJ
    ("بېتابعیته", "بې\u200cتابعیته"),  # ps stateless: likewise
    ("کندا", "كندا"),               # ar Canada: Persian keyboard ک for ك
    ("علي", "على"),                 # ar on: ي for alef maksura
    ("الهجره", "الهجرة"),           # ar migration: ه for teh marbuta
    ("المانيا", "ألمانيا"),          # ar Germany: alef without hamza
    ("الطواري", "الطوارئ"),         # ar emergency: yeh without hamza
    ("شوون", "شؤون"),               # ar affairs: waw without hamza
    ("الامارات", "الإمارات"),       # ar Emirates: alef without hamza below
    ("الصحة", "الصِّحَّة"),           # ar health: written with its short vowels
    ("كتاب", "كـتـاب"),             # tatweel
    ("می\u200cخواهم", "میخواهم"),       # fa-AF I want: with and without ZWNJ
    ("کار", "ﻛﺎﺭ"),                 # presentation forms, as some PDFs paste them
    ("خانه\u0654", "خانۀ"),             # fa-AF ezafe: heh with hamza, two ways
    ("پاکستان", "پاكستان"),         # ur Pakistan: keheh and kaf
    ("یہ", "يه"),                   # ur this: heh goal, Persian yeh
    ("epice", "Épice"),             # accents and case, as before
]

# Letters of their own, which must NOT match the letter a keyboard may put for them.
APART = [
    ("ښار", "شار"), ("ښار", "خار"),    # Pashto ښ is neither ش nor خ
    ("ږ", "ژ"), ("ږ", "گ"),
    ("څ", "س"), ("څ", "ص"),
    ("ځ", "ز"), ("ځ", "ج"),
    ("ڼ", "ن"), ("ټول", "تول"), ("ډ", "د"), ("ړ", "ر"),
    ("پھل", "پہل"),                   # Urdu fruit, a start: ھ is the aspiration letter
    ("ہے", "ہی"),                     # Urdu is, only: barree yeh is a letter of its own
    ("ماء", "ما"),                    # Arabic water, what: the standalone hamza stays
    ("ک", "ګ"), ("ڪ", "ک"),           # k and g; Sindhi keeps its two kafs apart
]


@pytest.mark.parametrize(("typed", "written"), SAME)
def test_letter_variants_fold_alike(typed, written):
    assert fold(typed) == fold(written)


@pytest.mark.parametrize(("one", "other"), APART)
def test_letters_of_their_own_stay_apart(one, other):
    assert fold(one) != fold(other)


def test_the_letter_table_folds_in_one_step():
    """Each variant is one code point that NFKD leaves alone (else NFKD would take it
    before the table sees it), no variant is also a target, and targets stay as they are."""
    variants = "".join(search.LETTERS.values())
    assert len(set(variants)) == len(variants)
    for letter, group in search.LETTERS.items():
        assert letter not in variants and fold(letter) == letter
        for variant in group:
            assert unicodedata.normalize("NFKD", variant) == variant, f"U+{ord(variant):04X}"


# --- the built demo -----------------------------------------------------------------------

def test_each_index_carries_the_one_table_in_under_a_kilobyte(demo_site):
    table = search.fold_table()
    text = json.dumps(table, ensure_ascii=False, separators=(",", ":"))
    assert len(text.encode()) < 1024, len(text.encode())
    assert text.isascii(), "code points as numbers: no other script's letters in an index"
    for lang in LANGUAGES:
        assert index(demo_site, lang)["fold"] == json.loads(json.dumps(table)), lang


def test_folding_is_idempotent_on_every_text_of_the_demo(demo_site):
    for lang in LANGUAGES:
        for section in index(demo_site, lang)["sections"]:
            for text in (section["page"], section["heading"], section["text"]):
                assert fold(fold(text)) == fold(text), (lang, text[:80])


@pytest.mark.parametrize(("lang", "typed", "written"), [
    ("bn", "১১২", "112"),     # the emergency number, written in ASCII on the Bengali pages
    ("bn", "150", "১৫০"),     # a Canadian fee, written in Bengali digits
    ("ps", "150", "۱۵۰"),     # the same fee, in Extended Arabic-Indic digits
    ("ar", "١١٢", "112"),     # Arabic-Indic digits typed on an Arabic keyboard
    ("ne", "११२", "112"),
    ("ps", "بیرته", "بېرته"),
    ("ps", "قونسلگری", "قونسلګرۍ"),
    ("ps", "كاناډا", "کاناډا"),
    ("ps", "اجازهلیک", "اجازه\u200cلیک"),
    ("ar", "کندا", "كندا"),
    ("ar", "الهجره", "الهجرة"),
    ("ar", "الطواري", "الطوارئ"),
])
def test_a_query_typed_one_way_finds_the_pages_written_the_other(demo_site, lang, typed,
                                                                written):
    raw = raw_text(demo_site, lang)
    assert written in raw and typed not in raw, "pick words that test the folding"
    pages = found(demo_site, lang, written)
    assert pages, f"{written!r} is in no page of {lang}"
    assert found(demo_site, lang, typed) == pages


def test_numbers_find_the_same_pages_in_every_language(demo_site):
    """The emergency number 112 is on Germany's page and handout in every language."""
    for lang in LANGUAGES:
        assert found(demo_site, lang, "112") == {"countries/de/", "countries/de/handout/"}
        assert found(demo_site, lang, "১১২") == found(demo_site, lang, "112")


# --- the browser's copy of the folding is the same folding ---------------------------------

def _node(site: Path, lang: str, program: str, payload: object) -> object:
    """Run ``program`` in Node after the real index and the real search script."""
    prelude = f"""
const fs = require("fs"); global.window = {{location: {{search: ""}}}};
eval(fs.readFileSync({str(site / lang / "search/index.js")!r}, "utf8"));
global.document = {{querySelector: () => ({{querySelector: () => ({{}})}}),
                    getElementById: () => ({{getAttribute: () => ""}})}};
eval(fs.readFileSync({str(SCRIPT / "gcm-search.js")!r}, "utf8"));
const input = JSON.parse(fs.readFileSync(0, "utf8"));
"""
    result = subprocess.run(["node", "-e", prelude + program], input=json.dumps(payload),
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


@pytest.mark.skipif(not NODE, reason="node is not installed")
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_script_folds_every_text_as_python_does(demo_site, lang):
    texts = [text for s in index(demo_site, lang)["sections"]
             for text in (s["page"], s["heading"], s["text"])]
    texts += [typed for typed, _ in SAME] + [written for _, written in SAME] + ["১১২ ٠١٢٣٤٥٦٧٨٩"]
    folded = _node(demo_site, lang, "console.log(JSON.stringify(input.map(window.gcmSearchFold)));",
                   texts)
    assert folded == [fold(text) for text in texts]


@pytest.mark.skipif(not NODE, reason="node is not installed")
def test_the_script_finds_the_same_pages_for_either_digit_set(demo_site):
    program = ("console.log(JSON.stringify(input.map(q => window.gcmSearch(q)"
               ".map(r => r.section.url.split('#')[0]).sort())));")
    pairs = [("১১২", "112"), ("150", "১৫০")]
    results = _node(demo_site, "bn", program, [q for pair in pairs for q in pair])
    assert results[0] == results[1] == ["countries/de/", "countries/de/handout/"]
    assert results[2] == results[3] and results[2]
