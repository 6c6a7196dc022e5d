"""The pages a build adds to MkDocs' (``on_files``, ``on_nav``, ``on_page_markdown``):
every language's files, the country and search pages generated from the data, the
navigation entries of pages shown in another language, the countries listed on
the module pages."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from gcm_portal.adapter import localized, theme
from gcm_portal.adapter.localized import LocalizedFile
from gcm_portal.adapter.run import Run, failed
from gcm_portal.checks import sanitize
from gcm_portal.errors import Problem, display_path
from gcm_portal.i18n import uistrings
from gcm_portal.model.content import front_matter
from gcm_portal.model.languages import Language
from gcm_portal.render import pages, search

log = get_plugin_logger(__name__)


def _generated_files(run: Run, config: MkDocsConfig,
                     language: Language) -> list[LocalizedFile]:
    """A language's country pages and search page, rendered as Markdown."""
    portal, plan = run.portal, run.plan
    catalogs = portal.catalogs[language.code]
    pages.bind(run.templates, language, catalogs, portal.default)
    gettext = catalogs.portal.gettext
    try:
        # The list of countries is in the navigation: its title is always needed.
        index = pages.countries_index_uri()
        generated = {index: pages.render_countries_index(
            run.templates, portal.countries, language, gettext) if plan.rebuilds(index)
            else pages.front_matter({"title": gettext(pages.COUNTRIES_TITLE)}, "")}
        for country in portal.countries:
            if plan.full or country.code in plan.countries:
                rebuilt = None if plan.full else {
                    uri for uri in pages.generated_uris([country.code], [country])
                    if plan.rebuilds(uri)}
                generated.update(pages.render_country(
                    run.templates, country, language, gettext, catalogs.countries.gettext,
                    only=rebuilt))
    except jinja2.TemplateError as exc:
        raise failed([template_problem(exc)]) from None
    # Pages whose data did not change keep their HTML, but are listed so that links to
    # them resolve.
    kept = pages.generated_uris([c.code for c in portal.countries], portal.countries) \
        - set(generated)
    found = [_generated_file(run, config, uri, text, language, plan.rebuilds(uri))
             for uri, text in [*generated.items(), *((uri, "") for uri in sorted(kept))]]
    found.append(_generated_file(run, config, search.SEARCH_PAGE,
                                      _search_markdown(run, config, language),
                                      language, plan.full))
    return found


def _generated_file(run: Run, config: MkDocsConfig, uri: str, text: str, language: Language,
                    rebuild: bool = True) -> LocalizedFile:
    """A page that exists only in memory, in its language's folder."""
    # Linked from other pages rather than listed in the navigation; the list of countries
    # is in it (MkDocs lists it too when mkdocs.yml has no nav).
    listed = uri == pages.countries_index_uri()
    inclusion = InclusionLevel.INCLUDED if listed and language == run.portal.default \
        else InclusionLevel.NOT_IN_NAV
    file = localized.place(config, uri, language.code, run.portal.default.code,
                           inclusion, content=text)
    file.listed = listed
    file.rebuild = rebuild
    return file


def search_probe(run: Run, config: MkDocsConfig, language: Language) -> LocalizedFile:
    """Where a language's search page is written (not a file of the build)."""
    return localized.place(config, search.SEARCH_PAGE, language.code,
                           run.portal.default.code, InclusionLevel.NOT_IN_NAV,
                           content="")


def _search_markdown(run: Run, config: MkDocsConfig, language: Language) -> str:
    probe = search_probe(run, config, language)
    page_dir = posixpath.dirname(probe.dest_uri)
    root = posixpath.relpath(language.code, page_dir) + "/"
    catalogs = run.portal.catalogs[language.code]
    button = run.interface(language.code)[uistrings.SEARCH_BUTTON]
    return pages.render_search_page(run.templates, catalogs.portal.gettext, button,
                                    action=posixpath.basename(probe.dest_uri),
                                    root="" if root == "./" else root)


def add_pages(run: Run, files: Files, config: MkDocsConfig) -> Files:
    portal, plan = run.portal, run.plan
    default = portal.default.code
    # The root 404 page is the default language's; the sitemap is ours.
    templates = config.theme.static_templates
    templates.discard("sitemap.xml")
    # An incremental build keeps the 404 pages it copied: what they show (settings,
    # catalogs, theme) is as the last build had it, or the plan would be a full one.
    if default in run.codes and plan.full:
        templates.add("404.html")
    else:
        templates.discard("404.html")
    if plan.full:
        templates.update(theme.not_found_page(code) for code in run.codes)
    unused = theme.unused_assets(portal.config.theme_javascript)
    for file in [f for f in files if unused(f.src_uri)]:
        files.remove(file)  # Material's files no page loads: lighter sites and bundles
    # Country data is published as pages (and JSON), not raw YAML.
    data_dir = portal.config.countries_dir.strip("/") + "/"
    run.files = localized.localize(files, config, run.codes, default, skip=(data_dir,))
    for language_files in run.files.values():
        for file in language_files.files:
            file.rebuild = plan.rebuilds(file.source_uri)
    for code in run.codes:
        language = run.language(code)
        position = run.codes.index(code) + 1
        log.info(f"building {code} ({language.english_name()}), "
                 f"language {position} of {len(run.codes)}")
        for file in _generated_files(run, config, language):
            files.append(file)
            run.files[code].files.append(file)
    localized.build_navigations(run.files, config, default)
    return files


def name_navigations(run: Run, nav: Navigation, files: Files) -> Navigation:
    """MkDocs' navigation is the first language's; every language's entries for pages
    shown in another language are marked so."""
    if run.dirty and not run.plan.full:
        # In an incremental build, pages not re-read still need their titles for the
        # navigation (and its previous and next links).
        listed = [nav, *(language.nav for language in run.files.values() if language.nav)]
        for page in {id(page): page for n in listed for page in n.pages}.values():
            file = page.file
            if file.is_modified():
                continue
            text = file.content_string  # a source file, or a generated page's text
            doc, _ = front_matter(Path(file.src_uri), text)
            page.markdown = ""
            page.meta = sanitize.plain_meta(doc.data if isinstance(doc.data, dict) else {})
    first = localized.first_language(run.files)
    if first is not None:
        run.files[first].nav = nav
    for language_files in run.files.values():
        # A page shown in another language is named in the navigation in that language.
        for item in language_files.nav.pages if language_files.nav else []:
            fallback = run.fallback(item)
            if fallback is not None:
                theme.mark_nav_title(item, _MarkedTitle(item, fallback))
    return nav


def module_markdown(run: Run, markdown: str, page: Page) -> str:
    language = run.language_of(page)
    # The theme prints titles and descriptions as they are: they are text, escaped here.
    page.meta = sanitize.plain_meta(page.meta)
    # Generated pages isolate their own runs in their templates.
    fallback = run.fallback(page)
    run.direction.rtl = (fallback or language).direction == "rtl" \
        and not page.file.generated_by
    norm_uri = page.file.norm_uri if isinstance(page.file, LocalizedFile) else ""
    slug, _, rest = norm_uri.partition("/")
    module = pages.MODULE_BY_SLUG.get(slug)
    if module is None or rest != "index.md":
        return markdown
    portal = run.portal
    pages.bind(run.templates, language, portal.catalogs[language.code], portal.default)
    listed = pages.render_module_countries(
        run.templates, portal.countries, language, module, norm_uri)
    if fallback is not None:
        # On a page shown in another language, the list is in the reader's: say so.
        listed = (f'<div markdown="1" lang="{language.code}" dir="{language.direction}">'
                  f"\n\n{listed}\n\n</div>")
    return markdown.rstrip() + "\n" + listed


@dataclass(frozen=True)
class _MarkedTitle:
    """A navigation entry's title marked with the language it is in, read when the
    navigation is rendered (once every page has been read and has its title)."""

    page: Page
    language: Language

    @property
    def title(self) -> Markup:
        return pages.in_language(sanitize.html_text(sanitize.plain(self.page.title or "")),
                                 self.language)


def template_problem(exc: jinja2.TemplateError) -> Problem:
    """A broken country-page template (usually an override) as a path:line problem."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(display_path(exc.filename or exc.name or "template"), exc.lineno,
                       f"template error: {exc.message}")
    return Problem("country page template", None, f"template error: {exc}; check the "
                   "templates in overrides/gcm_portal/")
