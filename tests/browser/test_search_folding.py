"""Search in Chromium, typed as readers type (issue 13): the other digit set, and Pashto
and Arabic words typed on another keyboard, find the same pages as the text's own
spelling; English search is as it was; and Chromium folds every text of the demo exactly
as search.fold does in Python, so the one table in search.py is the only definition."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from portal_pages import language_prefix

from gcm_portal.render.search import fold

INDEX_PREFIX = "window.gcmSearchIndex="


def index(site: Path, lang: str) -> dict:
    text = (site / language_prefix(site, lang) / "search" / "index.js").read_text(
        encoding="utf-8")
    return json.loads(text[len(INDEX_PREFIX):].rstrip().removesuffix(";"))


def search_in_browser(visit, site: Path, lang: str, query: str) -> list[str]:
    """Type ``query`` into the language's search page, submit it, and return the pages
    the results link to (site-relative, without anchors), in their order."""
    page = visit.open(language_prefix(site, lang) + "search/")
    field = page.locator("#gcm-search-input")
    field.click()
    page.keyboard.type(query)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#gcm-search-results p")
    base = visit.site_url + language_prefix(site, lang)
    links = page.eval_on_selector_all("#gcm-search-results li a", "as => as.map(a => a.href)")
    found = []
    for link in links:
        assert link.startswith(base), link
        found.append(urlsplit(link[len(base):]).path)
    page.close()
    return found


@pytest.mark.parametrize(("lang", "typed", "written", "pages"), [
    # The emergency number is written 112 on the Bengali pages; a Bengali keyboard types ১১২.
    ("bn", "১১২", "112", {"countries/de/", "countries/de/handout/"}),
    # Canada's fees are written ১৫০ on the Bengali pages; a reader may type 150.
    ("bn", "150", "১৫০", {"countries/ca/handout/", "countries/ca/pathways/"}),
    # The same fee in Pashto, written ۱۵۰ (Extended Arabic-Indic).
    ("ps", "150", "۱۵۰", {"countries/ca/handout/", "countries/ca/pathways/"}),
    # Pashto "return", typed on a Persian keyboard, which has no ې.
    ("ps", "بیرته", "بېرته", None),
    # Pashto "consulate", typed on a Persian keyboard: گ for ګ, ی for ۍ.
    ("ps", "قونسلگری", "قونسلګرۍ", None),
    # Pashto "Canada", typed on an Arabic keyboard: ك for ک.
    ("ps", "كاناډا", "کاناډا", None),
    # Pashto "permit", typed without its ZWNJ.
    ("ps", "اجازهلیک", "اجازه\u200cلیک", None),
    # Arabic "Canada", typed on a Persian (Dari) keyboard: ک for ك; and the other way.
    ("ar", "کندا", "كندا", None),
    # Arabic "migration" with ه for ة, and "emergency" without its hamza.
    ("ar", "الهجره", "الهجرة", None),
    ("ar", "الطواري", "الطوارئ", None),
])
def test_a_word_typed_one_way_finds_the_pages_written_the_other(visit, demo_site, lang,
                                                               typed, written, pages):
    raw = json.dumps(index(demo_site, lang), ensure_ascii=False)
    assert written in raw and typed not in raw, "pick words that test the folding"
    as_written = search_in_browser(visit, demo_site, lang, written)
    as_typed = search_in_browser(visit, demo_site, lang, typed)
    assert as_written, f"{written!r} found nothing in {lang}"
    assert as_typed == as_written
    if pages is not None:
        assert set(as_typed) == pages


@pytest.mark.parametrize(("query", "first"), [
    # The module's section on fees, or a country's register of recruiters, which says
    # where the law prohibits them (its title holds "recruitment" too).
    ("recruitment fees", ("pathways/", "countries/ae/recruiters/")),
    ("PASSPORT", "documents/"),
    ("112", "countries/de/"),
])
def test_english_search_is_as_it_was(visit, demo_site, query, first):
    found = search_in_browser(visit, demo_site, "en", query)
    assert found and found[0].startswith(first), found[:3]
    if query == "recruitment fees":
        assert any(url.startswith("pathways/") for url in found), found
    if query == "112":
        assert search_in_browser(visit, demo_site, "en", "১১২") == found


@pytest.mark.parametrize("lang", ["en", "ar", "bn", "ps"])
def test_chromium_folds_every_text_as_python_does(visit, demo_site, lang):
    page = visit.open(language_prefix(demo_site, lang) + "search/")
    texts = [text for s in index(demo_site, lang)["sections"]
             for text in (s["page"], s["heading"], s["text"])]
    texts += ["١١٢ ۱۵۰ ১১২ ११२ ๑๕๐ ၁၁၂ ១៥០", "بیرته قونسلگری كاناډا اجازه\u200cلیک",
              "الإمارات الصِّحَّة كـتـاب ﻛﺎﺭ خانه\u0654 پاسپورٹ", "Épice İSTANBUL"]
    folded = page.evaluate("texts => texts.map(window.gcmSearchFold)", texts)
    mismatches = [(text[:60], got[:60], fold(text)[:60])
                  for text, got in zip(texts, folded, strict=True) if got != fold(text)]
    assert not mismatches, mismatches[:5]
