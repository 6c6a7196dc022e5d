"""Every language of the portal in one MkDocs build, on MkDocs' public API.

Editors write ``page.md`` in the default language and ``page.<lang>.md`` for a
translation, where ``<lang>`` is any BCP 47 tag CLDR knows (``fil``, ``ckb``,
``sr-Latn``). For each language, each page is published from its translation,
or from the default language's page when there is none yet (a *fallback*), at
the same path in the language's folder (``ps/about/``); the site root is the
language chooser (layout.py).

Each language's pages are their own MkDocs files: the default language's keep
their source paths, so that ``nav`` in mkdocs.yml names them as editors wrote
it; another language's are named ``<lang>/<page>.md``, so that a relative link
written in any page (``../documents/index.md``) leads to the page of the same
language. Each language has its own navigation, built by MkDocs from the same
``nav`` (or the same folders) over that language's files.
"""

from __future__ import annotations

import copy
import functools
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, file_sort_key
from mkdocs.structure.nav import Navigation, get_navigation
from mkdocs.utils import nest_paths

from gcm_portal.model.content import split_language


class LocalizedFile(File):
    """A page (or a file of the docs) as published in one language."""

    language: str = ""  # the language whose folder it is in
    shown_in: str = ""  # the language its text is in: ``language``, or the default's
    norm_uri: str = ""  # its language-free source path: ``about.md``
    source_uri: str = ""  # the file it is built from, relative to the docs: ``about.ps.md``
    rebuild: bool = True  # whether a --dirty build renders it again
    listed: bool = True  # whether it is in the navigation when mkdocs.yml has no ``nav``

    def is_modified(self) -> bool:
        """A --dirty build asks this: the build's plan knows (incremental.py), not mtimes,
        since one source feeds a page in every language."""
        return self.rebuild


@dataclass
class LanguageFiles:
    """The files of one language, and its navigation once MkDocs' pages exist."""

    code: str
    files: list[LocalizedFile] = field(default_factory=list)
    nav: Navigation | None = None


def file_uri(norm_uri: str, code: str, default: str) -> str:
    """The MkDocs name of a page in a language.

    >>> file_uri("about.md", "en", "en"), file_uri("about.md", "sr-Latn", "en")
    ('about.md', 'sr-Latn/about.md')
    """
    return norm_uri if code == default else f"{code}/{norm_uri}"


def localize(files: Files, config: MkDocsConfig, codes: list[str], default: str,
             skip: tuple[str, ...] = ()) -> dict[str, LanguageFiles]:
    """Replace the docs' pages and media in ``files`` by every language's, in ``codes``.

    ``skip`` are prefixes of docs files that are not published as they are (the country
    data). Theme files stay as MkDocs found them, once for all languages."""
    docs_dir = str(Path(config.docs_dir).resolve())
    own = [f for f in files if f.src_dir and str(Path(f.src_dir).resolve()) == docs_dir]
    sources: dict[str, dict[str | None, File]] = {}
    for file in own:
        files.remove(file)
        if file.src_uri.startswith(skip):
            continue
        norm, lang = split_language(file.src_uri)
        sources.setdefault(norm, {})[lang] = file
    localized = {code: LanguageFiles(code) for code in codes}
    for norm, versions in sorted(sources.items()):
        source_of_default = versions.get(None) or versions.get(default)
        for code in codes:
            translated = versions.get(code) if code != default else None
            source = translated or source_of_default
            if source is None:
                continue  # a page that exists only in other languages
            shown_in = code if translated or code == default else default
            file = place(config, norm, code, default, source.inclusion if code == default
                         else InclusionLevel.NOT_IN_NAV)
            file.abs_src_path = source.abs_src_path
            file.edit_uri = source.src_uri
            file.shown_in, file.source_uri = shown_in, source.src_uri
            file.listed = source.inclusion.is_in_nav()
            files.append(file)
            localized[code].files.append(file)
    return localized


def place(config: MkDocsConfig, norm_uri: str, code: str, default: str,
          inclusion: InclusionLevel, content: str | None = None) -> LocalizedFile:
    """A file of one language, in that language's folder: from the docs (its source is
    set by the caller) or, with ``content``, generated in memory."""
    uri = file_uri(norm_uri, code, default)
    natural = _dest_uri(norm_uri, config.use_directory_urls)
    if content is None:
        file = LocalizedFile(uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                             dest_uri=f"{code}/{natural}", inclusion=inclusion)
    else:
        file = LocalizedFile.generated(config, uri, content=content, inclusion=inclusion)
        file.dest_uri = f"{code}/{natural}"
        file.shown_in, file.source_uri = code, ""
    file.language, file.norm_uri = code, norm_uri
    return file


@functools.lru_cache(maxsize=4096)
def _dest_uri(norm_uri: str, use_directory_urls: bool) -> str:
    """Where MkDocs writes a page of the docs (the same in every language's folder)."""
    return File(norm_uri, None, "", use_directory_urls).dest_uri


def first_language(localized: dict[str, LanguageFiles]) -> str | None:
    """The language whose navigation MkDocs builds itself: the first one built."""
    return next(iter(localized), None)


def build_navigations(localized: dict[str, LanguageFiles], config: MkDocsConfig,
                      default: str) -> None:
    """Each language its navigation: the same ``nav`` (or, without one, the same folders)
    over its own files. MkDocs builds the first language's itself, from ``config.nav``:
    mkdocs.yml's when it is the default language.

    Built before MkDocs builds its navigation, so that each page gets its title from
    its language's ``nav`` entry."""
    first = first_language(localized)
    if first is None:
        return
    nav = config.nav
    if nav is None:
        nav = nest_paths(f.norm_uri for f in sorted(localized[first].files, key=file_sort_key)
                         if f.is_documentation_page() and f.listed)
    if first != default:
        config["nav"] = _in_folder(nav, first)
    for code, language in localized.items():
        if code == first:
            continue
        language_config = copy.copy(config)
        language_config["nav"] = _in_folder(nav, code) if code != default else nav
        language.nav = get_navigation(Files(language.files), language_config)


def _in_folder(nav: object, code: str) -> object:
    """A ``nav`` whose pages are those of a language's folder; links stay as they are."""
    if isinstance(nav, list):
        return [_in_folder(item, code) for item in nav]
    if isinstance(nav, dict):
        return {title: _in_folder(value, code) for title, value in nav.items()}
    if isinstance(nav, str) and not _is_link(nav):
        return posixpath.join(code, nav.lstrip("/"))
    return nav


def _is_link(entry: str) -> bool:
    return "://" in entry or entry.startswith(("mailto:", "#")) or not entry.endswith(".md")
