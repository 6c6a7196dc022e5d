"""ZIM files for Kiwix, read back with libzim: metadata, entries, main page and search."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from gettext import NullTranslations
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from libzim.reader import Archive
from libzim.search import Query, Searcher
from libzim.suggestion import SuggestionSearcher
from offline_bundles import LANGUAGES, ROOT, SETTINGS, STEM, demo_bundles, manifest_of, members

from gcm_portal.i18n import catalogs
from gcm_portal.i18n.catalogs import LanguageCatalogs
from gcm_portal.model.languages import Language
from gcm_portal.offline import bundle, zim

MKDOCS = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_NAME, SITE_DESCRIPTION = MKDOCS["site_name"], MKDOCS["site_description"]


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_bundles(tmp_path_factory)


def translated(code: str, message: str) -> str:
    """The demo portal's translation of one of mkdocs.yml's texts, as the build sees it."""
    loaded, _ = catalogs.load(ROOT / SETTINGS.get("locales_dir", "locales"), code)
    return " ".join(loaded.portal.gettext(message).split())


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
    assert metadata["Name"] == b"gcm-portal-demo_bn_all"  # openZIM: project_language_selection
    assert metadata["Title"].decode() in ("gcm-portal demo · বাংলা",
                                          zim.shorten(translated("bn", SITE_NAME), zim.TITLE_MAX))
    assert 0 < len(metadata["Description"].decode()) <= zim.DESCRIPTION_MAX
    assert metadata["Tags"] == b"_ftindex:yes;_pictures:no;_videos:no;_details:yes;_category:other"
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


def test_each_language_has_its_own_title_and_description(bundles):
    """In that language where the portal's catalog translates them, else labelled."""
    seen = set()
    for code in LANGUAGES:
        archive = Archive(bundles / f"{STEM}-{code}.zim")
        title = archive.get_metadata("Title").decode()
        description = archive.get_metadata("Description").decode()
        name = translated(code, SITE_NAME)
        assert title == (zim.shorten(name, zim.TITLE_MAX) if name != SITE_NAME
                         else zim.labelled(SITE_NAME, Language.parse(code).autonym))
        assert description == zim.shorten(translated(code, SITE_DESCRIPTION),
                                          zim.DESCRIPTION_MAX)
        assert len(title) <= zim.TITLE_MAX
        seen.add(title)
    assert len(seen) == len(LANGUAGES)


class _Catalog(NullTranslations):
    def __init__(self, strings: dict[str, str]) -> None:
        super().__init__()
        self.strings = strings

    def gettext(self, message: str) -> str:
        return self.strings.get(message, message)


def _book(code: str, site_name: str, strings: dict[str, str] | None = None) -> zim.Book:
    """``bundle.book`` for a portal whose catalog of ``code`` holds ``strings``."""
    config = SimpleNamespace(site_name=site_name, site_description="Help for migrants",
                             site_url="https://example.org/")
    catalogs = LanguageCatalogs(portal=_Catalog(strings or {}), countries=NullTranslations())
    portal = SimpleNamespace(config=SimpleNamespace(publisher=SimpleNamespace(name="IOM")),
                             catalogs={code: catalogs}, project=config)
    version = bundle.ContentVersion(None, dt.datetime(2026, 11, 24, tzinfo=dt.timezone.utc))
    stem = f"{bundle.slug(site_name)}-{code}"
    return bundle.book(portal, Language.parse(code), stem, version)


def test_a_translated_site_name_and_description_are_the_books():
    book = _book("ar", "Migrant help", {"Migrant help": "مساعدة المهاجرين",
                                        "Help for migrants": "  معلومات\nللمهاجرين "})
    assert (book.title, book.description) == ("مساعدة المهاجرين", "معلومات للمهاجرين")
    assert (book.name, book.language, book.main_path) == (
        "migrant-help_ar_all", "ara", "ar/index.html")


def test_an_untranslated_site_name_is_labelled_with_the_languages_own_name():
    assert _book("bn", "Migrant help").title == "Migrant help · বাংলা"
    assert _book("bn", "Migrant help").description == "Help for migrants"
    long = "Information portal for migrants and their families"
    assert _book("ne", long).title == "Information portal… · नेपाली"  # within zim.TITLE_MAX
    dari = _book("fa-AF", long)
    assert dari.title.endswith(" · " + Language.parse("fa-AF").autonym)
    assert len(dari.title) <= zim.TITLE_MAX
    assert dari.name == "information-portal-for-migrants-and-their-families_fa-af_all"


def test_tags_say_what_the_pages_hold():
    page = b"<html><body><svg viewBox='0 0 1 1'></svg><p>Text</p></body></html>"
    assert zim.tags({"a.html": page}) == (
        "_ftindex:yes;_pictures:no;_videos:no;_details:yes;_category:other")
    assert "_pictures:yes" in zim.tags({"a.html": page, "b.html": b"<p><img src=x.jpg alt=''>"})
    assert "_videos:yes" in zim.tags({"a.html": page, "v.webm": b"\x1aE"})
    assert "_videos:yes" in zim.tags({"a.html": b"<video src=v.webm></video>"})


def test_words_are_indexed_as_written_and_folded():
    """Found by readers that fold queries (libzim 9) and by those that do not (libzim 8)."""
    text = zim.searchable("পাসপোর্ট অফিস, ألمانيا و e\u0301cole")  # é typed as e + accent
    written, folded = text.split("\n")
    assert written.split() == ["পাসপোর্ট", "অফিস,", "ألمانيا", "و", "école"]
    assert folded.split() == ["পসপরট", "অফস,", "المانيا", "ecole"]
    assert zim.searchable("Passport office") == "Passport office"  # case alone: Xapian's


def test_fold_matches_what_libzim_does_to_queries():
    assert zim.fold("পাসপোর্ট") == "পসপরট"
    assert zim.fold("Écoles") == "ecoles"
    assert zim.fold("جَوَاز") == "جواز"
