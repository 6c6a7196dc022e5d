"""The Markdown pages editors write: front matter, languages in file names, links.

Everything here runs before a build starts, so an editor's mistake stops the
build with a ``path:line`` message and the previous site stays as it was.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.model.layout import page_dest
from gcm_portal.model.yamlfile import YamlDoc, parse, size_problem
from gcm_portal.render.pages import MODULE_BY_SLUG

_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
_LANG_SUFFIX = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_FENCE = re.compile(r"^\s*(```|~~~)")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SCHEMES = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


@dataclass(frozen=True)
class Page:
    """A Markdown source file, split into the page it translates and its language."""

    path: Path
    src_uri: str  # relative to the content dir, as written: pathways/index.fr.md
    norm_uri: str  # the default-language file it belongs to: pathways/index.md
    language: str | None  # None for the default-language file


def split_language(src_uri: str) -> tuple[str, str | None]:
    """``about.fr.md`` -> (``about.md``, ``fr``).

    >>> split_language("pathways/index.ps.md"), split_language("about.md")
    (('pathways/index.md', 'ps'), ('about.md', None))
    """
    stem, ext = posixpath.splitext(src_uri)
    base, dot, lang = stem.rpartition(".")
    if dot and _LANG_SUFFIX.match(lang):
        return base + ext, lang
    return src_uri, None


def source_files(docs_dir: Path) -> list[Path]:
    """Every file under ``docs_dir`` that MkDocs reads, sorted.

    MkDocs follows links to folders (``pathlib``'s ``rglob`` does not, before Python
    3.13), so the pages of a linked folder are published and must be checked too. Links
    that lead back to a folder around them are not followed (``check_files`` reports
    them), nor links to nothing.
    """
    found = []
    for root, dirs, files in os.walk(docs_dir, followlinks=True):
        here = Path(os.path.realpath(root))
        dirs[:] = [name for name in dirs
                   if not here.is_relative_to(os.path.realpath(os.path.join(root, name)))]
        found += [Path(root, name) for name in files if os.path.isfile(os.path.join(root, name))]
    return sorted(found)


def find_pages(docs_dir: Path) -> list[Page]:
    """The Markdown pages MkDocs publishes from ``docs_dir``, links to folders followed."""
    pages = []
    for path in source_files(docs_dir):
        if path.suffix != ".md":
            continue
        src_uri = path.relative_to(docs_dir).as_posix()
        norm, lang = split_language(src_uri)
        pages.append(Page(path, src_uri, norm, lang))
    return pages


def _shown(path: Path, docs_dir: Path) -> str:
    """A path as MkDocs sees it: a link where it is, not where it leads."""
    return f"{display_path(docs_dir)}/{path.relative_to(docs_dir).as_posix()}"


def _refused_link(path: Path, allowed: list[Path], docs: str, here: Path) -> str | None:
    """Why MkDocs must not follow this link (None: it may)."""
    target = Path(os.path.realpath(path))
    kind = "folder" if target.is_dir() else "file"
    if not any(target.is_relative_to(root) for root in allowed):
        return f"a link to a {kind} outside the project ('{target}'); copy the {kind} " \
               f"into {docs}/ instead"
    if not target.exists():
        return f"a link to '{display_path(target)}', which does not exist; remove the link, " \
               f"or copy the file into {docs}/ instead"
    if kind == "folder" and here.is_relative_to(target):
        return f"a link to the folder '{display_path(target)}', which holds the link itself: " \
               "MkDocs would read it again and again; remove the link"
    return None


def _unreadable(path: Path) -> str | None:
    """Why a build cannot read this file (None: it can)."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read ({exc.strerror}); remove it, or make it readable"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, a socket or a device), which a build cannot " \
               "read; remove it"
    return None


def check_files(docs_dir: Path, project: Path) -> list[Problem]:
    """Files under ``docs_dir`` that must not be read: links to files or folders outside
    the project (MkDocs follows links, and would publish ``/etc/passwd``), links to
    nothing or to a folder around them, and pipes or devices (reading one never ends).

    Run before anything reads the content: building, hashing for incremental builds,
    checking the pages. ``project`` is the folder of mkdocs.yml.
    """
    allowed = [Path(os.path.realpath(project)), Path(os.path.realpath(docs_dir))]
    docs = display_path(docs_dir, project)
    problems = []
    for root, dirs, files in os.walk(docs_dir, followlinks=True):
        here = Path(os.path.realpath(root))
        followed = []
        for name in sorted(dirs):
            path = Path(root, name)
            reason = _refused_link(path, allowed, docs, here) if path.is_symlink() else None
            if reason:
                problems.append(Problem(_shown(path, docs_dir), None, reason))
            else:
                followed.append(name)
        dirs[:] = followed
        for name in sorted(files):
            path = Path(root, name)
            reason = _refused_link(path, allowed, docs, here) if path.is_symlink() else None
            if reason is None:
                reason = _unreadable(path)
            if reason:
                problems.append(Problem(_shown(path, docs_dir), None, reason))
    return sorted(problems)


def _address(dest_uri: str, language: str | None) -> str:
    url = dest_uri.removesuffix("index.html") or "./"
    return url if language is None else f"{url} in '{language}'"


def check_urls(docs_dir: Path, generated: set[str],
               use_directory_urls: bool = True) -> list[Problem]:
    """Two sources published at one address, where one silently replaces the other:
    ``glossary.md`` and ``glossary/index.md`` (with ``use_directory_urls``), ``a/index.md``
    and ``a/README.md``, an editor's page and a generated one (``generated``: their
    src_uris, e.g. ``countries/de/index.md``), and the same for each language's
    translations (``glossary.fr.md`` and ``glossary/index.fr.md``).

    A file named exactly as a generated page is ``check_pages``' to report.
    """
    def dest(uri: str) -> str:
        return page_dest(uri, use_directory_urls)

    by_address: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for path in source_files(docs_dir):
        src_uri = path.relative_to(docs_dir).as_posix()
        norm, language = split_language(src_uri)
        by_address.setdefault((language or "", dest(norm)), []).append(
            (src_uri, display_path(path)))
    generated_at = {dest(uri): uri for uri in generated}
    problems = []
    for (language, address), sources in sorted(by_address.items()):
        where = _address(address, language or None)
        uri = generated_at.get(address)
        if uri is not None:  # generated in every language
            for src_uri, shown in sources:
                if src_uri != uri:
                    problems.append(Problem(shown, None, f"published at the same address as "
                                            f"the page generated from the country data "
                                            f"('{uri}', at {where}), which would replace it; "
                                            "rename or remove this file"))
            continue
        first = sources[0][1]
        for _, shown in sources[1:]:
            problems.append(Problem(shown, None, f"published at the same address as '{first}' "
                                    f"({where}), so one would replace the other; merge them "
                                    "into one file, or rename one"))
    return problems


def front_matter(path: Path, text: str) -> tuple[YamlDoc, int]:
    """The page's front matter and the line where its body starts."""
    match = _FRONT.match(text)
    if not match:
        return YamlDoc(path, {}, {}), 1
    # Parse with the leading '---' line kept blank, so YAML line numbers are file lines.
    doc = parse("\n" + (match.group(1) or ""), path)
    return doc, text[: match.end()].count("\n") + 1


def _check_meta(page: Page, doc: YamlDoc) -> Iterator[Problem]:
    meta = doc.data if isinstance(doc.data, dict) else {}
    if doc.data is not None and not isinstance(doc.data, dict):
        yield doc.problem((), "front matter must be 'key: value' lines between two '---' lines")
        return
    if not meta:
        yield Problem(display_path(page.path), 1, "missing front matter; start the file with "
                      "'---', then 'title:' and 'reviewed:' lines, then '---'")
        return
    for field in ("title", "reviewed"):
        if field not in meta:
            yield doc.problem((), f"front matter: missing '{field}'; add '{field}: ...'")
    title = meta.get("title")
    if "title" in meta and (not isinstance(title, str) or not title.strip()):
        yield doc.problem(("title",), "front matter: 'title' must be text")
    reviewed = meta.get("reviewed")
    if "reviewed" in meta and not (isinstance(reviewed, str) and _DATE.match(reviewed)):
        yield doc.problem(("reviewed",), f"front matter: reviewed: {reviewed!r} is not a date; "
                                         "write it as YYYY-MM-DD")
    module = MODULE_BY_SLUG.get(page.norm_uri.split("/", 1)[0])
    if module and page.norm_uri.count("/") == 1:
        objective = meta.get("objective")
        if objective != module.objective:
            yield doc.problem(("objective",) if "objective" in meta else (),
                              f"front matter: objective: pages under {module.slug}/ serve "
                              f"objective {module.objective} of the compact; write "
                              f"'objective: {module.objective}'")
        if not meta.get("sources"):
            yield doc.problem((), "front matter: missing 'sources'; list the official pages "
                                  "this text is based on (title and url)")
    sources = meta.get("sources", [])
    if not isinstance(sources, list):
        yield doc.problem(("sources",), "front matter: 'sources' must be a list")
        return
    for i, source in enumerate(sources):
        url = source.get("url") if isinstance(source, dict) else None
        if not isinstance(source, dict) or not source.get("title") or not url:
            yield doc.problem(("sources", i), "front matter: each source needs 'title' and 'url'")
        elif not str(url).startswith("https://"):
            yield doc.problem(("sources", i, "url"),
                              f"front matter: source url {url!r} must start with https://")


def read_pages(docs_dir: Path) -> Iterator[tuple[Page, str, YamlDoc, int]]:
    """Each readable page with its text, front matter and first body line.

    Pages that cannot be read are skipped: ``check_pages`` reports them.
    """
    for page in find_pages(docs_dir):
        read = read_page(page)
        if read is not None:
            yield page, *read


def read_page(page: Page) -> tuple[str, YamlDoc, int] | None:
    """A page's text, front matter and first body line; None if it cannot be read."""
    if size_problem(page.path) is not None:
        return None
    try:
        text = page.path.read_text(encoding="utf-8")
        doc, body_line = front_matter(page.path, text)
    except (PortalError, UnicodeDecodeError):
        return None
    return text, doc, body_line


def is_fence(line: str) -> bool:
    """Whether a line opens or closes a fenced code block."""
    return bool(_FENCE.match(line))


def body_lines(text: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    r"""(line number, line) of a page's body, outside fenced code blocks.

    >>> list(body_lines("---\ntitle: A\n---\nText\n```\ncode\n```\nMore", 4))
    [(4, 'Text'), (8, 'More')]
    """
    in_fence = False
    for number, line in enumerate(text.splitlines(), start=1):
        if number < first_line:
            continue
        if is_fence(line):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield number, line


def _links(text: str, first_line: int) -> Iterator[tuple[int, str]]:
    for number, line in body_lines(text, first_line):
        for match in _LINK.finditer(line):
            yield number, match.group(1)


def resolve_link(src_uri: str, path: str) -> str:
    """The file a relative link (without ``#anchor``) points to, from the content folder.

    >>> resolve_link("pathways/index.fr.md", "../documents/"), resolve_link("a/b.md", "c.md")
    ('documents/index.md', 'a/c.md')
    """
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), path))
    if resolved.endswith("/") or not posixpath.splitext(resolved)[1]:
        resolved = posixpath.join(resolved, "index.md")
    return resolved


def _check_links(page: Page, text: str, body_line: int, known: set[str]) -> Iterator[Problem]:
    for line, target in _links(text, body_line):
        if target.startswith("#") or _SCHEMES.match(target) or target.startswith("//"):
            continue
        path = target.split("#", 1)[0].split("?", 1)[0]
        if path.startswith("/"):
            yield Problem(display_path(page.path), line,
                          f"link '{target}' starts with '/'; write a relative link to the "
                          ".md file, e.g. '../pathways/index.md', so it works in every "
                          "language and offline")
            continue
        resolved = resolve_link(page.src_uri, path)
        if resolved not in known:
            yield Problem(display_path(page.path), line,
                          f"broken link: '{target}' points to '{resolved}', which does not "
                          "exist; link to an existing .md file (relative to this page)")


def check_pages(docs_dir: Path, languages: list[str], default: str,
                generated: set[str], only: frozenset[str] | None = None) -> list[Problem]:
    """Every problem in the content pages, collected so they can be fixed in one pass;
    with ``only``, in these pages (``src_uri``) alone."""
    pages = find_pages(docs_dir)
    problems: list[Problem] = []
    defaults = {p.norm_uri for p in pages if p.language is None}
    files = {p.relative_to(docs_dir).as_posix() for p in source_files(docs_dir)}
    known = defaults | generated | {split_language(f)[0] for f in files} | files
    for page in pages:
        if only is not None and page.src_uri not in only:
            continue
        shown = display_path(page.path)
        if page.language is not None:
            if page.language == default:
                problems.append(Problem(shown, None, f"'{page.src_uri}' is suffixed with the "
                                        f"default language '{default}'; rename it to "
                                        f"'{page.norm_uri}'"))
            elif page.language not in languages:
                problems.append(Problem(shown, None, f"unknown language '{page.language}' in "
                                        f"the file name; add it to the languages in mkdocs.yml "
                                        f"or rename the file (languages: {', '.join(languages)})"))
            if page.norm_uri not in defaults:
                problems.append(Problem(shown, None, f"translation without a default-language "
                                        f"page: create '{page.norm_uri}' in '{default}' first"))
        if page.src_uri in generated:
            problems.append(Problem(shown, None, f"'{page.src_uri}' is generated from the "
                                    "country data; remove this file"))
        too_big = size_problem(page.path)
        if too_big is not None:
            problems.append(too_big)
            continue
        try:
            text = page.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            problems.append(Problem(shown, None, f"not UTF-8 text ({exc.reason}); save it as "
                                    "UTF-8"))
            continue
        try:
            doc, body_line = front_matter(page.path, text)
        except PortalError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(_check_meta(page, doc))
        problems.extend(_check_links(page, text, body_line, known))
    if "index.md" not in defaults:
        problems.append(Problem(display_path(docs_dir), None, f"no home page: create "
                                f"'index.md' in '{default}'"))
    return problems
