"""ZIM files for Kiwix, read back with libzim: metadata, entries, main page and search."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from pathlib import Path

import pytest
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher
from offline_bundles import LANGUAGES, SETTINGS, STEM, demo_bundles, manifest_of, members

from gcm_portal import zim


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_bundles(tmp_path_factory)


def search(archive: Archive, words: str) -> list[str]:
    found = Searcher(archive).search(Query().set_query(words))
    return list(found.getResults(0, found.getEstimatedMatches()))


def test_iso639_3_codes_of_the_demo_languages_come_from_cldr():
    assert {code: zim.iso639_3(code) for code in LANGUAGES} == {
        "en": "eng", "fr": "fra", "es": "spa", "ar": "ara", "bn": "ben", "ne": "nep",
        "ps": "pus"}


def test_the_illustration_is_a_48_pixel_rgb_png():
    data = zim.illustration()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    header = data[16:16 + length]
    assert kind == b"IHDR" and struct.unpack(">IIBB", header[:10]) == (48, 48, 8, 2)
    assert struct.unpack(">I", data[16 + length:20 + length])[0] == zlib.crc32(kind + header)
    start = data.index(b"IDAT") + 4
    size = struct.unpack(">I", data[start - 8:start - 4])[0]
    pixels = zlib.decompress(data[start:start + size])
    assert len(pixels) == 48 * (1 + 48 * 3)
    assert len(set(pixels)) > 3  # a drawing, not a plain square


def test_a_language_zim_reads_back_with_its_metadata(bundles):
    archive = Archive(bundles / f"{STEM}-bn.zim")
    bundle = bundles / f"{STEM}-bn.zip"
    publisher = SETTINGS["publisher"]["name"]
    metadata = {key: archive.get_metadata(key) for key in archive.metadata_keys}
    assert metadata["Language"] == b"ben"
    assert metadata["Name"] == b"gcm_portal_demo_bn"
    assert metadata["Title"] == b"gcm-portal demo"
    assert 0 < len(metadata["Description"].decode()) <= zim.DESCRIPTION_MAX
    assert metadata["Creator"] == metadata["Publisher"] == publisher.encode()
    assert metadata["Date"].decode() == manifest_of(bundle)["build_date"][:10]
    assert archive.get_illustration_item(48).content.tobytes() == zim.illustration()
    assert archive.main_entry.get_item().path == "bn/index.html"
    assert archive.has_fulltext_index and archive.has_title_index
    assert archive.check()


def test_a_zim_holds_the_files_of_its_language_bundle_at_the_same_paths(bundles):
    archive = Archive(bundles / f"{STEM}-bn.zim")
    files = members(bundles / f"{STEM}-bn.zip")
    del files["README.txt"], files["manifest.json"]
    assert archive.entry_count == len(files)
    for name in ("bn/about.html", "bn/search/index.js", "assets/stylesheets/gcm.css",
                 "index.html"):
        item = archive.get_entry_by_path(name).get_item()
        assert item.content.tobytes() == files[name], name
    assert archive.get_entry_by_path("bn/about.html").get_item().mimetype == "text/html"
    assert archive.get_entry_by_path("bn/about.html").title == "এই পোর্টাল সম্পর্কে"


@pytest.mark.parametrize("code, words, page", [
    ("bn", "পাসপোর্ট", "bn/documents/index.html"),
    ("ar", "جواز السفر", "ar/documents/index.html"),
    ("ne", "पासपोर्ट", "ne/documents/index.html"),
    ("en", "passport", "en/documents/index.html"),
])
def test_full_text_search_finds_pages_in_the_zims_language(bundles, code, words, page):
    archive = Archive(bundles / f"{STEM}-{code}.zim")
    found = search(archive, words)
    assert page in found
    assert all(path.startswith(f"{code}/") for path in found)


def test_titles_are_suggested_as_readers_type(bundles):
    archive = Archive(bundles / f"{STEM}-bn.zim")
    found = SuggestionSearcher(archive).suggest("পোর্টাল")
    assert "bn/about.html" in list(found.getResults(0, 10))


def test_only_pages_in_the_books_language_are_indexed(tmp_path):
    """A page shown in the default language (not yet translated) stays out of search."""
    page = "<html><head><title>{0} - Demo</title></head><body><p>{0}</p></body></html>"
    files = {
        "ne/index.html": page.format("स्वास्थ्य सेवा").encode(),
        "ne/about.html": page.format("Health care in English").encode(),
        "ne/search/index.js": (
            'window.gcmSearchIndex={"lang":"ne","sections":[{"url":"index.html",'
            '"page":"स्वास्थ्य","heading":"सेवा","text":"अस्पताल र स्वास्थ्य सेवा"}],'
            '"strings":{}};\n').encode(),
    }
    book = zim.Book(name="t_ne", title="Demo", description="Test", language="nep",
                    creator="Me", publisher="Me", date=dt.date(2026, 1, 2),
                    main_path="ne/index.html")
    archive = Archive(zim.write(tmp_path / "t.zim", files, book, "ne/search/index.js"))
    assert search(archive, "अस्पताल") == ["ne/index.html"]  # vowel signs and viramas
    assert search(archive, "English") == []
    assert archive.get_entry_by_path("ne/about.html").title == "Health care in English - Demo"
    assert archive.article_count == 1


def test_fold_matches_what_libzim_does_to_queries():
    assert zim.fold("পাসপোর্ট") == "পসপরট"
    assert zim.fold("Écoles") == "ecoles"
    assert zim.fold("جَوَاز") == "جواز"
