"""Rebuild only what an edit touches, with the same result as a clean build.

After each build, a state folder beside the site records a hash of every source
page and of each country's data file, a fingerprint of everything else that
shapes the output (settings, catalogs, templates), and, one file per language,
each page's search sections. A ``--dirty`` build compares. When only pages
changed, it rebuilds only the languages they belong to, and in them only the
changed pages (plus the translations of a changed source, whose "outdated"
notice appears). When a country's data changed, it rebuilds, in every language,
that country's pages and the pages that list the countries. It checks only what
changed again. Anything else that changed means every page is checked and
rebuilt. Pages not rebuilt keep their HTML, which is what a clean build would
write for them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from gcm_portal import __version__
from gcm_portal.model.content import source_files, split_language

STATE_VERSION = 4
INDEX = "build.json"


def state_dir(site_dir: Path) -> Path:
    """Beside the site, not in it: nothing of it is published."""
    return site_dir.parent / f".{site_dir.name}.gcm-state"


def replace_state(source_site: Path, target_site: Path) -> None:
    """Move a site's state along with the site (staging to final, shard to merged)."""
    source, target = state_dir(source_site), state_dir(target_site)
    shutil.rmtree(target, ignore_errors=True)
    if source.is_dir():
        source.rename(target)


def _digest(paths: list[Path], root: Path) -> str:
    hasher = hashlib.sha256()
    for path in sorted(paths):
        if path.is_file():
            hasher.update(path.relative_to(root).as_posix().encode())
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def fingerprint(config_file: Path | None, docs_dir: Path, locales_dir: Path,
                overrides: Path | None) -> str:
    """Everything but the Markdown pages and the country data that shapes the output."""
    package = Path(str(resources.files("gcm_portal")))
    parts = [
        __version__,
        _digest([config_file], config_file.parent) if config_file else "",
        _digest(list(locales_dir.rglob("*.po")), locales_dir) if locales_dir.is_dir() else "",
        # The country pages' templates, and every theme's files (Material's overrides, the
        # gcm theme, what both share), not the bytecode Python caches beside them.
        _digest([p for folder in ("templates", "theme", "themes")
                 for p in package.joinpath(folder).rglob("*")
                 if "__pycache__" not in p.parts], package),
        _digest(list(overrides.rglob("*")), overrides) if overrides and overrides.is_dir()
        else "",
        # Static files of the docs (images...) other than pages and data.
        _digest([p for p in source_files(docs_dir) if p.suffix not in (".md", ".yml", ".yaml")],
                docs_dir),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def page_hashes(docs_dir: Path) -> dict[str, str]:
    """A hash of each page MkDocs reads (those of linked folders too, as MkDocs follows them)."""
    return {path.relative_to(docs_dir).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in source_files(docs_dir) if path.suffix == ".md"}


def file_hashes(files: dict[str, Path]) -> dict[str, str]:
    """A hash of each named file ("" for a missing one): one per country's data."""
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
            for name, path in sorted(files.items())}


def data_digests(data: object) -> dict[str, str]:
    """A hash of each top-level key of a country's data, so that an edit rebuilds only the
    pages that show the keys it changed (pages.data_pages)."""
    if not isinstance(data, dict):
        return {}
    return {str(key): hashlib.sha256(json.dumps(value, sort_keys=True, default=str,
                                                ensure_ascii=False).encode()).hexdigest()
            for key, value in data.items()}


def changed_keys(before: dict[str, str] | None, after: dict[str, str]) -> set[str] | None:
    """The keys whose digests differ (added and removed ones included); None when there
    is nothing to compare with.

    >>> sorted(changed_keys({"a": "1", "b": "2"}, {"a": "1", "b": "3", "c": "4"}))
    ['b', 'c']
    """
    if before is None:
        return None
    return {key for key in before.keys() | after.keys() if before.get(key) != after.get(key)}


Sections = dict[str, list[dict[str, str]]]  # language-free page URL -> search sections


@dataclass
class BuildState:
    """What the last build read and wrote. Search sections are kept per language, in their
    own files, so that rebuilding one language reads and writes only that language's."""

    inputs: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # src_uri -> sha256
    data: dict[str, str] = field(default_factory=dict)  # country code -> sha256 of its file
    urls: dict[str, list[str]] = field(default_factory=dict)  # language -> page URLs
    keys: dict[str, dict[str, str]] = field(default_factory=dict)  # country -> data_digests

    @classmethod
    def load(cls, folder: Path) -> BuildState | None:
        try:
            data = json.loads((folder / INDEX).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if data.get("version") != STATE_VERSION:
            return None
        return cls(data["inputs"], data["pages"], data["data"], data["urls"], data["keys"])

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        data = {"version": STATE_VERSION, "inputs": self.inputs, "pages": self.pages,
                "data": self.data, "urls": self.urls, "keys": self.keys}
        (folder / INDEX).write_text(json.dumps(data, ensure_ascii=False, sort_keys=True),
                                    encoding="utf-8")


def _sections_path(folder: Path, language: str) -> Path:
    return folder / f"search-{language}.json"


def load_sections(folder: Path, language: str) -> Sections:
    try:
        return json.loads(_sections_path(folder, language).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def save_sections(folder: Path, language: str, sections: Sections) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    _sections_path(folder, language).write_text(
        json.dumps(sections, ensure_ascii=False, sort_keys=True), encoding="utf-8")


def copy_sections(source: Path, target: Path, language: str) -> None:
    """One language's sections from a shard's state into the merged site's."""
    if _sections_path(source, language).is_file():
        target.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_sections_path(source, language), _sections_path(target, language))


@dataclass(frozen=True)
class Plan:
    """What a dirty build must rebuild; ``full`` means everything."""

    full: bool
    changed: frozenset[str] = frozenset()  # src_uris of changed pages
    languages: frozenset[str] = frozenset()
    countries: frozenset[str] = frozenset()  # codes of the countries whose data changed
    # Pages (language-free src_uris) that show the changed data, rendered in every language.
    dependents: frozenset[str] = frozenset()

    def including(self, uris: Iterable[str]) -> Plan:
        """This plan, also rendering these pages in every language it builds."""
        return replace(self, dependents=self.dependents | frozenset(uris))

    def sources(self) -> set[str] | None:
        """The default-language pages whose versions are rebuilt; None: every page."""
        if self.full:
            return None
        return {split_language(uri)[0] for uri in self.changed} | set(self.dependents)

    def rebuilds(self, src_uri: str) -> bool:
        """Whether a page file (a source, a translation, a generated page) must be rendered
        again."""
        if self.full:
            return True
        norm, _ = split_language(src_uri)
        return src_uri in self.changed or norm in self.changed or norm in self.dependents


def plan(previous: BuildState | None, inputs: str, pages: dict[str, str],
         data: dict[str, str], languages: list[str], default: str) -> Plan:
    """Compare the last build's state with the sources now.

    >>> old = BuildState("x", {"a.md": "1", "a.fr.md": "2"}, {"DE": "5", "CA": "6"})
    >>> p = plan(old, "x", {"a.md": "1", "a.fr.md": "3"}, old.data, ["en", "fr", "ps"], "en")
    >>> p.full, sorted(p.languages), p.rebuilds("a.fr.md"), p.rebuilds("a.md")
    (False, ['fr'], True, False)
    >>> p = plan(old, "x", {"a.md": "9", "a.fr.md": "2"}, old.data, ["en", "fr", "ps"], "en")
    >>> sorted(p.languages)
    ['en', 'fr', 'ps']
    >>> p = plan(old, "x", old.pages, {"DE": "7", "CA": "6"}, ["en", "fr", "ps"], "en")
    >>> p.full, sorted(p.countries), sorted(p.languages)
    (False, ['DE'], ['en', 'fr', 'ps'])
    >>> plan(old, "y", old.pages, old.data, ["en", "fr"], "en").full
    True
    """
    if previous is None or previous.inputs != inputs or set(previous.pages) != set(pages) \
            or set(previous.data) != set(data):
        return Plan(full=True, languages=frozenset(languages))
    changed = frozenset(uri for uri, digest in pages.items() if previous.pages[uri] != digest)
    countries = frozenset(code for code, digest in data.items()
                          if previous.data[code] != digest)
    # A country's pages, and the pages that list the countries, are in every language.
    affected: set[str] = set(languages) if countries else set()
    for uri in changed:
        _, language = split_language(uri)
        # A source page shows in every language: as itself, as a fallback, or as the
        # source its translations are compared with (their "outdated" notice).
        affected.update([language] if language else languages)
    return Plan(full=False, changed=changed, countries=countries,
                languages=frozenset(affected & set(languages) or {default}))
