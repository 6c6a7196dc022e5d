"""The editorial rules a pull request must pass beyond well-formed files.

``content`` parses pages and checks their front matter and links; this module
adds what makes them fit to publish: markup (headings, alt text, anchors, no
scripts and no third-party requests), review dates of pages and country data,
and plain-language hints. ``portal.load`` runs it, so ``gcm-portal check`` and
every build report exactly the same problems.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import markdown

from gcm_portal.checks import readability
from gcm_portal.errors import Problem, display_path
from gcm_portal.model import freshness
from gcm_portal.model.content import Page, find_pages, read_page
from gcm_portal.model.countries import Country
from gcm_portal.model.freshness import ReviewPolicy
from gcm_portal.model.settings import Project
from gcm_portal.model.slugs import slugify
from gcm_portal.model.yamlfile import YamlDoc
from gcm_portal.render import markup


@dataclass(frozen=True)
class _Source:
    """A page read once: its text, the same with code blanked out, and its front matter."""

    page: Page
    text: str
    masked: str
    doc: YamlDoc
    body_line: int

    @property
    def body(self) -> str:
        return "\n".join(self.text.split("\n")[self.body_line - 1:])


def markdown_for(config: Project | None) -> markdown.Markdown:
    """The portal's own Markdown extensions, and those every build adds, so pages are
    checked as the site renders them (heading ids, attribute lists, raw HTML).

    Like the plugin, heading anchors keep every script (``slugs.slugify``) unless
    mkdocs.yml chooses another slugify for ``toc``.
    """
    listed = list(config.markdown_extensions) if config else []
    extensions = [*listed, *markup.missing_extensions(listed)]  # as the plugin renders
    settings = {name: dict(value) for name, value in (config.mdx_configs if config else {})
                .items()}
    settings.setdefault("toc", {}).setdefault("slugify", slugify)
    return markdown.Markdown(extensions=extensions, extension_configs=settings)


def _source(page: Page) -> _Source | None:
    read = read_page(page)
    if read is None:
        return None
    text, doc, body_line = read
    return _Source(page, text, markup.mask(text, body_line), doc, body_line)


def check(docs_dir: Path, default_language: str, countries: list[Country],
          policy: ReviewPolicy, md: markdown.Markdown | None = None,
          only: frozenset[str] | None = None) -> list[Problem]:
    """Every editorial problem in the pages and country data, collected in one pass; with
    ``only``, in these pages (``src_uri``, relative to the docs folder) and country files
    alone (an incremental build: the rest is what the last build checked)."""
    md = md or markdown_for(None)
    # Read when needed: an incremental build checks one page, and the pages it links to.
    by_file = {(page.norm_uri, page.language): page for page in find_pages(docs_dir)}
    read: dict[str, _Source | None] = {}

    def source_of(page: Page) -> _Source | None:
        if page.src_uri not in read:
            read[page.src_uri] = _source(page)
        return read[page.src_uri]

    rendered: dict[str, str] = {}
    ids: dict[str, list[str]] = {}

    def render(source: _Source) -> str:
        file = source.page.src_uri
        if file not in rendered:
            rendered[file] = markup.render(source.body, md)
        return rendered[file]

    def ids_for(uri: str, language: str | None) -> tuple[str, list[str]] | None:
        """The file a reader of ``language`` gets for ``uri`` (or its fallback), and its ids."""
        page = by_file.get((uri, language)) or by_file.get((uri, None))
        target = source_of(page) if page is not None else None
        if target is None:
            return None
        file = target.page.src_uri
        if file not in ids:
            ids[file] = markup.element_ids(render(target))
        return file, ids[file]

    problems: list[Problem] = []
    for page in by_file.values():
        if only is not None and page.src_uri not in only:
            continue
        source = source_of(page)
        if source is None:
            continue  # check_pages reports it
        shown = display_path(page.path)
        meta = source.doc.data if isinstance(source.doc.data, dict) else {}
        problems += markup.check_page(shown, source.text, source.masked, source.body_line,
                                      has_title=bool(meta.get("title")),
                                      rendered=render(source))
        problems += markup.check_anchors(
            shown, page.src_uri, page.norm_uri, source.masked, source.body_line,
            lambda uri, language=page.language: ids_for(uri, language))
        problems += freshness.check_page(source.doc, policy)
        problems += readability.check_page(shown, source.masked, source.body_line,
                                           page.language or default_language)
    for country in countries:
        if only is None or country.doc.path.relative_to(docs_dir).as_posix() in only:
            problems += freshness.check_country(country, policy)
    return problems
