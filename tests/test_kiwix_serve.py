"""The demo's ZIM files in two Kiwix readers: Debian's kiwix-serve and today's libzim.

Debian 12's kiwix-serve 3.3.0 (libzim 8) looks a query up as typed; libzim 9 (today's
Kiwix apps, python-libzim) folds it first: lower case, every combining mark removed. A
word with a vowel sign, a virama, an accent or a hamza is only found by both when the ZIM
indexes it in both forms, so each word below is asked of both readers, as readers type it.

kiwix-serve comes from Debian's kiwix-tools package. Without it these tests fail, never
skip: the reader most centres run is the one that missed these words.
"""

from __future__ import annotations

import html.parser
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from libzim.reader import Archive
from libzim.search import Query, Searcher
from offline_bundles import LANGUAGES, ROOT, STEM, demo_bundles

from gcm_portal.model.languages import Language
from gcm_portal.offline import zim

INSTALL = "sudo apt-get install -y kiwix-tools"
# Ordinary words in every demo language, as readers type them, and a page that holds each.
QUERIES = [
    ("en", "passport", "en/documents/index.html"),
    ("fr", "école", "fr/services/index.html"),
    ("fr", "ecole", "fr/services/index.html"),  # typed without its accent
    ("es", "educación", "es/services/index.html"),
    ("ar", "ألمانيا", "ar/countries/de/index.html"),
    ("ar", "المانيا", "ar/countries/de/index.html"),  # typed without its hamza
    ("ar", "الوثائق", "ar/documents/index.html"),
    ("bn", "পাসপোর্ট", "bn/documents/index.html"),
    ("bn", "স্বাস্থ্য", "bn/services/index.html"),
    ("ne", "स्वास्थ्य", "ne/services/index.html"),
    ("ne", "पासपोर्ट", "ne/documents/index.html"),
    ("ps", "پاسپورټ", "ps/documents/index.html"),
    ("ps", "وپوښتئ", "ps/services/index.html"),  # "ask": a yeh with hamza
]
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_NAME = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_name"]


@dataclass(frozen=True)
class Server:
    """A kiwix-serve on localhost serving the demo's ZIM files."""

    url: str

    def get(self, path: str, **query: str) -> bytes:
        address = f"{self.url}{path}?{urllib.parse.urlencode(query)}"
        with urllib.request.urlopen(address, timeout=30) as response:
            return response.read()


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_bundles(tmp_path_factory)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def kiwix_serve_path() -> str:
    """Debian's kiwix-serve; fails the test (never skips it) when it is not installed."""
    found = shutil.which("kiwix-serve")
    if found is None:
        pytest.fail("kiwix-serve is missing: the Kiwix tests need Debian's kiwix-serve. "
                    f"Install it with `{INSTALL}` (or `make setup`)", pytrace=False)
    return found


def wait_for(process: subprocess.Popen[bytes], url: str, seconds: float = 20) -> None:
    """Until kiwix-serve answers; fails with its output if it exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
            pytest.fail(f"kiwix-serve exited ({process.returncode}): {output}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    pytest.fail(f"kiwix-serve did not answer on {url} within {seconds} s", pytrace=False)


@pytest.fixture(scope="module")
def kiwix(request: pytest.FixtureRequest) -> Iterator[Server]:
    """kiwix-serve on a free localhost port with every language's ZIM file."""
    program, port = kiwix_serve_path(), free_port()  # before the bundles' build, if missing
    bundles: Path = request.getfixturevalue("bundles")
    zims = sorted(str(path) for path in bundles.glob("*.zim"))
    process = subprocess.Popen([program, "--address", "127.0.0.1", "--port", str(port), *zims],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(process, f"{url}/catalog/v2/entries")
        yield Server(url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class _Links(html.parser.HTMLParser):
    """The links of a kiwix-serve result page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value for name, value in attrs if tag == "a" and name == "href" and value]


def served_results(server: Server, code: str, words: str) -> list[str]:
    """The pages kiwix-serve's full-text search finds in a language's book, by ZIM path."""
    book = f"{STEM}-{code}"
    links = _Links()
    links.feed(server.get("/search", content=book, pattern=words,
                          pageLength="100").decode("utf-8"))
    prefix = f"/{book}/"
    return [urllib.parse.unquote(href.removeprefix(prefix)) for href in links.hrefs
            if href.startswith(prefix) and href != prefix]


def libzim_results(archive: Archive, words: str) -> list[str]:
    found = Searcher(archive).search(Query().set_query(words))
    return list(found.getResults(0, found.getEstimatedMatches()))


@pytest.mark.parametrize("code, words, page", QUERIES)
def test_kiwix_serve_finds_ordinary_words(kiwix, code, words, page):
    found = served_results(kiwix, code, words)
    assert page in found, f"kiwix-serve found {found} for {words!r}"
    assert all(path.startswith(f"{code}/") for path in found)


@pytest.mark.parametrize("code, words, page", QUERIES)
def test_libzim_finds_the_same_words(bundles, code, words, page):
    found = libzim_results(Archive(bundles / f"{STEM}-{code}.zim"), words)
    assert page in found, f"libzim found {found} for {words!r}"
    assert all(path.startswith(f"{code}/") for path in found)


def test_the_kiwix_serve_catalogue_tells_the_books_apart(kiwix):
    """One entry per language, each with its own title, and a full-text index."""
    feed = ET.fromstring(kiwix.get("/catalog/v2/entries", count="100"))
    entries = {entry.findtext(f"{ATOM}language"): entry for entry in feed.iter(f"{ATOM}entry")}
    assert sorted(entries) == sorted(zim.iso639_3(code) for code in LANGUAGES)
    titles = {language: entry.findtext(f"{ATOM}title") for language, entry in entries.items()}
    assert len(set(titles.values())) == len(titles), titles
    for code in LANGUAGES:  # translated, else named with the language's own name
        title = titles[zim.iso639_3(code)]
        assert SITE_NAME not in title or title.endswith(f" · {Language.parse(code).autonym}")
    for entry in entries.values():
        tags = entry.findtext(f"{ATOM}tags").split(";")
        assert "_ftindex:yes" in tags and "_category:other" in tags
        assert entry.findtext(f"{ATOM}category") == "other"
