"""A build's set-up (``on_config``): the portal checked and loaded once, the plan of
what to render, MkDocs' settings completed for the pages."""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from gcm_portal.adapter import theme
from gcm_portal.adapter.config import PortalConfig, translated_site_settings
from gcm_portal.adapter.project import load_portal, project_of, scoped_settings, settings_of
from gcm_portal.adapter.run import Run, failed
from gcm_portal.adapter.scope import current as building_scope
from gcm_portal.builds import buildcache, incremental, staging
from gcm_portal.errors import PortalError, display_path
from gcm_portal.i18n import translations
from gcm_portal.i18n.catalogs import po_path
from gcm_portal.model import content
from gcm_portal.model.countries import Country, country_path
from gcm_portal.model.portal import Portal
from gcm_portal.model.settings import PortalSettings, Project
from gcm_portal.model.slugs import slugify
from gcm_portal.render import markup, pages, procedures
from gcm_portal.render.bidi import BidiExtension

log = get_plugin_logger(__name__)


def start(config: MkDocsConfig, options: PortalConfig, serve_dirty: bool) -> Run:
    """``on_config``: check and load the portal, plan the build, set MkDocs up for it."""
    scope, outcome = building_scope()
    settings = scoped_settings(settings_of(options), scope)
    dirty = scope.dirty or serve_dirty
    # Before the portal is checked: the editors' gate renders pages as the site will.
    enable_markdown(config)
    link_countries(config)
    project = project_of(config)
    # Before anything reads the content (the plan hashes it): MkDocs follows links.
    refused = content.check_files(project.docs_dir, project.root)
    if refused:
        raise failed(refused)
    state = incremental.BuildState.load(incremental.state_dir(Path(config.site_dir)))
    site = staging.target_of(Path(config.site_dir))  # the site this build replaces
    sources = _hash_sources(project, settings)
    plan = _plan_build(state, sources, settings, dirty)
    try:
        portal = scope.portal or _load(project, settings, plan, scope.checked, site)
    except PortalError as exc:
        raise failed(exc.problems) from None
    outcome.portal = portal
    if plan.countries:
        changed = [c for c in portal.countries if c.code in plan.countries]
        plan = incremental.Plan(full=True, languages=plan.languages) \
            if _removes_procedures(state, changed) else plan.including(pages.data_pages({
                country.code: incremental.changed_keys(
                    state.keys.get(country.code) if state else None,
                    incremental.data_digests(country.data))
                for country in changed}, changed))
    for warning in portal.warnings:
        log.warning(str(warning))
    if settings.only_countries:
        portal = dataclasses.replace(portal, countries=[
            c for c in portal.countries if c.code in settings.only_countries])
    only = set(settings.only_languages or settings.languages)
    codes = [code for code in settings.languages
             if code in only and code in plan.languages]
    if not plan.full:
        data = f", data of {', '.join(sorted(plan.countries))}" if plan.countries else ""
        log.info(f"incremental build: {len(plan.changed)} changed page(s){data}, "
                 f"languages {', '.join(codes)}")
    for message in theme.own_search(config):
        log.info(message)
    run = Run(portal, pages.make_environment(project.overrides), plan, state, codes, sources,
              staged=None, dirty=dirty)
    config.markdown_extensions.append(BidiExtension(run.direction))  # type: ignore
    # Heading anchors in the reader's script ("#স্বাস্থ্য"), not "#_2".
    config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify)
    run.outdated = {
        (state.norm_uri, state.language)
        for state in translations.page_states(
            portal.docs_dir, [lang.code for lang in portal.languages],
            portal.default.code, only=plan.sources())
        if state.state is translations.State.OUTDATED}
    for lang in portal.languages:
        where = display_path(po_path(portal.locales_dir, lang.code, "portal"))
        run.site_settings[lang.code], refused_texts = translated_site_settings(
            config, portal.catalogs[lang.code].portal.gettext, where) \
            if lang.code in codes else ({}, [])
        for message in refused_texts:
            log.warning(f"{message}; the text in mkdocs.yml is shown instead")
    theme.install(config)
    try:
        run.staged = staging.stage_build(config, dirty=dirty)
    except PortalError as exc:
        raise failed(exc.problems) from None
    run.site = run.staged or site
    buildcache.install(run.templates, run.site)
    return run


def _removes_procedures(state: incremental.BuildState | None,
                        changed: list[Country]) -> bool:
    """Whether a procedure the last build published is gone from the data: that makes the
    build a full one, or its page would stay in the search index and the sitemap."""
    published = {url for urls in (state.urls.values() if state else ()) for url in urls}
    for country in changed:
        folder = posixpath.dirname(pages.procedure_uri(country.code, "x")) + "/"
        before = {url[len(folder):].split("/")[0].removesuffix(".html")
                  for url in published if url.startswith(folder)}
        if before - {p["id"] for p in procedures.of_module(country.data)}:
            return True
    return False


def _load(project: Project, settings: PortalSettings, plan: incremental.Plan,
          checked: bool, site: Path) -> Portal:
    """Every build runs the same checks, the editors' gate (safety above all) included.
    When only pages changed since the last build, only they are checked again; a shard
    checks nothing its parent process has just checked."""
    recheck = frozenset() if checked else None if plan.full else \
        plan.changed | {_data_file(settings, code).as_posix() for code in plan.countries}
    return load_portal(settings, project, editorial_checks=not checked,
                       recheck=recheck, cache_dir=buildcache.catalogs_dir(site))


def _hash_sources(project: Project,
                  settings: PortalSettings) -> tuple[str, dict[str, str], dict[str, str]]:
    """The sources as they stand when the build starts: the state saved at the end
    records them, so an edit made during the build is rebuilt next time."""
    inputs = incremental.fingerprint(
        project.config_file, project.docs_dir, project.root / settings.locales_dir,
        project.overrides) + repr(sorted(settings.only_countries))
    data = incremental.file_hashes(
        {code: project.docs_dir / _data_file(settings, code) for code in settings.countries})
    return inputs, incremental.page_hashes(project.docs_dir), data


def _data_file(settings: PortalSettings, code: str) -> Path:
    """A country's data file, relative to the docs folder."""
    return country_path(Path(settings.countries_dir), code)


def _plan_build(state: incremental.BuildState | None,
                sources: tuple[str, dict[str, str], dict[str, str]],
                settings: PortalSettings, dirty: bool) -> incremental.Plan:
    """Which languages and pages this build renders: all, or what an edit touched.

    Planned before the portal is loaded, so that an incremental build checks again
    only what changed since the last build (which checked all the rest); the pages
    that show changed country data are added once the data is loaded."""
    codes = list(settings.languages)
    if not dirty:
        return incremental.Plan(full=True, languages=frozenset(codes))
    return incremental.plan(state, *sources, codes, settings.default_language)


def enable_markdown(config: MkDocsConfig) -> None:
    """Add the Markdown extensions the pages need (``markup.MARKDOWN_EXTENSIONS``) and
    mkdocs.yml does not list, keeping the settings of those it lists."""
    config.markdown_extensions.extend(markup.missing_extensions(config.markdown_extensions))


def link_countries(config: MkDocsConfig) -> None:
    """List the countries page in ``nav`` when mkdocs.yml lists pages but not that one: it
    is how readers reach every country's pages. It goes after the content modules."""
    nav = config.nav
    uri = pages.countries_index_uri()
    if not isinstance(nav, list) or uri in _nav_pages(nav):
        return  # without nav, MkDocs lists every page
    modules = tuple(f"{slug}/" for slug in pages.MODULE_BY_SLUG)
    after = [i for i, item in enumerate(nav)
             if any(page.startswith(modules) for page in _nav_pages([item]))]
    nav.insert(after[-1] + 1 if after else len(nav), uri)
    log.info(f"{uri} added to nav: it links every country's pages")


def _nav_pages(items: Any) -> list[str]:
    """The pages a nav lists, at any depth."""
    found: list[str] = []
    for item in items if isinstance(items, list) else [items]:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                found += _nav_pages(value)
    return found
