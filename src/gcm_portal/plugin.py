"""The MkDocs plugin: ``plugins: [gcm-portal: {...}]`` in mkdocs.yml.

It loads and checks the portal before anything is written, publishes every
language's pages in one MkDocs build (localized.py), generates the country and
search pages of each language, gives the theme each page's language, and, once
the pages are written, writes the language chooser, the per-language search
indexes and the sitemap.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from gcm_portal import (
    content,
    fonts,
    formats,
    headers,
    htmlscan,
    incremental,
    localized,
    markup,
    pages,
    printing,
    sanitize,
    search,
    sitemap,
    staging,
    theme,
    themes,
    translations,
    weight,
)
from gcm_portal.bidi import BidiExtension, Direction
from gcm_portal.catalogs import po_path
from gcm_portal.config import (
    PortalConfig,
    report_link,
    site_settings,
    translated_site_settings,
)
from gcm_portal.content import front_matter
from gcm_portal.countries import SCHEMA_NAME, country_path, schema_text
from gcm_portal.errors import PortalError, Problem, display_path, format_problems
from gcm_portal.languages import Language
from gcm_portal.layout import language_free_url, localize_url
from gcm_portal.localized import LanguageFiles, LocalizedFile
from gcm_portal.opendata import write_open_data
from gcm_portal.pages import N_
from gcm_portal.portal import Portal, build_date, load, project_root
from gcm_portal.slugs import slugify

log = get_plugin_logger(__name__)
SEARCH_PLUGINS = ("search", "material/search")


@dataclass
class _Build:
    """What one build knows, from ``on_config`` to ``on_post_build``."""

    portal: Portal
    templates: jinja2.Environment  # the country and search pages' templates
    plan: incremental.Plan
    state: incremental.BuildState | None  # the last build's, when there is one
    codes: list[str]  # the languages this build renders
    sources: tuple[str, dict[str, str], dict[str, str]]  # inputs, pages and data hashed
    staged: Path | None  # the site this build replaces, once it succeeded
    direction: Direction = field(default_factory=Direction)
    outdated: set[tuple[str, str]] = field(default_factory=set)  # (page, language)
    site_settings: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> set
    files: dict[str, LanguageFiles] = field(default_factory=dict)
    strings: dict[str, dict[str, str]] = field(default_factory=dict)  # Material's, per language
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)  # template names
    sections: dict[str, dict[str, list[dict[str, str]]]] = field(default_factory=dict)
    rendered: list[tuple[Path, str]] = field(default_factory=list)  # page, its source
    loads: dict[str, list[str]] = field(default_factory=dict)  # page -> URLs it loads
    fonts_touched: bool = False

    def language(self, code: str) -> Language:
        return self.portal.language(code)

    def ui_strings(self, code: str) -> dict[str, str]:
        if code not in self.strings:
            catalogs = self.portal.catalogs[code]
            self.strings[code] = theme.ui_strings(self.language(code), catalogs.portal.pgettext)
        return self.strings[code]


class PortalPlugin(BasePlugin[PortalConfig]):
    """Turns content modules, country data and catalogs into a localized site."""

    def __init__(self) -> None:
        self.dirty = False  # set by `mkdocs serve --dirty` or `gcm-portal build --dirty`
        self.checked = False  # set by gcm-portal for shards: the parent checked everything
        self._build: _Build | None = None

    @property
    def portal(self) -> Portal | None:
        """The portal the last build loaded (``gcm-portal bundle`` writes from it)."""
        return self._build.portal if self._build else None

    @property
    def build(self) -> _Build:
        if self._build is None:
            raise PluginError("gcm-portal: a build event came before on_config")
        return self._build

    # --- set-up, once per `mkdocs build` -------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_shutdown(self) -> None:
        self.dirty = False

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._build = None
        # Before anything reads the content (the plan hashes it): MkDocs follows links.
        refused = content.check_files(Path(config.docs_dir), project_root(config))
        if refused:
            raise PluginError(format_problems(refused))
        state = incremental.BuildState.load(incremental.state_dir(Path(config.site_dir)))
        sources = self._hash_sources(config)
        plan = self._plan_build(state, sources)
        # Before the portal is checked: the editors' gate renders pages as the site will.
        enable_markdown(config)
        link_countries(config)
        try:
            # Every build runs the same checks, the editors' gate (safety above all) included.
            # When only pages changed since the last build, only they are checked again; a
            # shard checks nothing its parent process has just checked.
            recheck = frozenset() if self.checked else None if plan.full else \
                plan.changed | {self._data_file(code).as_posix() for code in plan.countries}
            portal = load(self.config, config, editorial_checks=not self.checked,
                          recheck=recheck)
        except PortalError as exc:
            raise PluginError(format_problems(exc.problems)) from None
        for warning in portal.warnings:
            log.warning(str(warning))
        if self.config.only_countries:
            portal.countries = [c for c in portal.countries
                                if c.code in self.config.only_countries]
        only = set(self.config.only_languages or self.config.languages)
        codes = [code for code in self.config.languages
                 if code in only and code in plan.languages]
        if not plan.full:
            data = f", data of {', '.join(sorted(plan.countries))}" if plan.countries else ""
            log.info(f"incremental build: {len(plan.changed)} changed page(s){data}, "
                     f"languages {', '.join(codes)}")
        for name in SEARCH_PLUGINS:
            if name in config.plugins and "enabled" in config.plugins[name].config:
                # Material's search loads one index of every language on every page.
                config.plugins[name].config["enabled"] = False
                log.info("gcm-portal provides per-language search: Material's search is off")
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        build = _Build(portal, pages.make_environment(overrides), plan, state, codes, sources,
                       staged=None)
        config.markdown_extensions.append(BidiExtension(build.direction))  # type: ignore
        # Heading anchors in the reader's script ("#স্বাস্থ্য"), not "#_2".
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify)
        build.outdated = {
            (state.norm_uri, state.language)
            for state in translations.page_states(
                portal.docs_dir, [lang.code for lang in portal.languages],
                portal.default.code, only=plan.sources())
            if state.state is translations.State.OUTDATED}
        for lang in portal.languages:
            where = display_path(po_path(portal.locales_dir, lang.code, "portal"))
            build.site_settings[lang.code], refused_texts = translated_site_settings(
                config, portal.catalogs[lang.code].portal.gettext, where) \
                if lang.code in codes else ({}, [])
            for message in refused_texts:
                log.warning(f"{message}; the text in mkdocs.yml is shown instead")
        theme.install(config)
        build.staged = staging.stage_build(config, dirty=self.dirty)
        self._build = build
        return config

    def _hash_sources(self, config: MkDocsConfig) -> tuple[str, dict[str, str], dict[str, str]]:
        """The sources as they stand when the build starts: the state saved at the end
        records them, so an edit made during the build is rebuilt next time."""
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        config_file = Path(config.config_file_path) if config.config_file_path else None
        docs_dir = Path(config.docs_dir)
        inputs = incremental.fingerprint(
            config_file, docs_dir, project_root(config) / self.config.locales_dir,
            overrides) + repr(sorted(self.config.only_countries))
        data = incremental.file_hashes(
            {code: docs_dir / self._data_file(code) for code in self.config.countries})
        return inputs, incremental.page_hashes(docs_dir), data

    def _data_file(self, code: str) -> Path:
        """A country's data file, relative to the docs folder."""
        return country_path(Path(self.config.countries_dir), code)

    def _plan_build(self, state: incremental.BuildState | None,
                    sources: tuple[str, dict[str, str], dict[str, str]]) -> incremental.Plan:
        """Which languages and pages this build renders: all, or what an edit touched.

        Planned before the portal is loaded, so that an incremental build checks again
        only what changed since the last build (which checked all the rest)."""
        codes = list(self.config.languages)
        if not self.dirty:
            return incremental.Plan(full=True, languages=frozenset(codes))
        plan = incremental.plan(state, *sources, codes, self.config.default_language)
        return plan.including(pages.data_pages(plan.countries)) if plan.countries else plan

    # --- the pages of every language -------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        build = self.build
        portal, plan = build.portal, build.plan
        default = portal.default.code
        # The root 404 page is the default language's; the sitemap is ours.
        templates = config.theme.static_templates
        templates.discard("sitemap.xml")
        if default in build.codes:
            templates.add("404.html")
        else:
            templates.discard("404.html")
        templates.update(theme.not_found_page(code) for code in build.codes)
        unused = theme.unused_assets(portal.config.theme_javascript)
        for file in [f for f in files if unused(f.src_uri)]:
            files.remove(file)  # Material's files no page loads: lighter sites and bundles
        # Country data is published as pages (and JSON), not raw YAML.
        data_dir = portal.config.countries_dir.strip("/") + "/"
        build.files = localized.localize(files, config, build.codes, default, skip=(data_dir,))
        for language_files in build.files.values():
            for file in language_files.files:
                file.rebuild = plan.rebuilds(file.source_uri)
        for code in build.codes:
            language = build.language(code)
            position = build.codes.index(code) + 1
            log.info(f"building {code} ({language.english_name()}), "
                     f"language {position} of {len(build.codes)}")
            for file in self._generated_files(config, language):
                files.append(file)
                build.files[code].files.append(file)
        localized.build_navigations(build.files, config, default)
        return files

    def _generated_files(self, config: MkDocsConfig,
                         language: Language) -> list[LocalizedFile]:
        """A language's country pages and search page, rendered as Markdown."""
        build = self.build
        portal, plan = build.portal, build.plan
        catalogs = portal.catalogs[language.code]
        pages.bind(build.templates, language, catalogs, portal.default)
        gettext = catalogs.portal.gettext
        try:
            # The list of countries is in the navigation: its title is always needed.
            generated = {pages.countries_index_uri(): pages.render_countries_index(
                build.templates, portal.countries, language, gettext)}
            for country in portal.countries:
                if plan.full or country.code in plan.countries:
                    generated.update(pages.render_country(build.templates, country, language,
                                                          gettext))
        except jinja2.TemplateError as exc:
            raise PluginError(str(template_problem(exc))) from None
        # Pages whose data did not change keep their HTML, but are listed so that links to
        # them resolve.
        kept = pages.generated_uris([c.code for c in portal.countries]) - set(generated)
        found = [self._generated_file(config, uri, text, language, plan.rebuilds(uri))
                 for uri, text in [*generated.items(), *((uri, "") for uri in sorted(kept))]]
        found.append(self._generated_file(config, search.SEARCH_PAGE,
                                          self._search_markdown(config, language),
                                          language, plan.full))
        return found

    def _generated_file(self, config: MkDocsConfig, uri: str, text: str, language: Language,
                        rebuild: bool = True) -> LocalizedFile:
        """A page that exists only in memory, in its language's folder."""
        # Linked from other pages rather than listed in the navigation; the list of countries
        # is in it (MkDocs lists it too when mkdocs.yml has no nav).
        listed = uri == pages.countries_index_uri()
        inclusion = InclusionLevel.INCLUDED if listed and language == self.build.portal.default \
            else InclusionLevel.NOT_IN_NAV
        file = localized.place(config, uri, language.code, self.build.portal.default.code,
                               inclusion, content=text)
        file.listed = listed
        file.rebuild = rebuild
        return file

    def _search_probe(self, config: MkDocsConfig, language: Language) -> LocalizedFile:
        """Where a language's search page is written (not a file of the build)."""
        return localized.place(config, search.SEARCH_PAGE, language.code,
                               self.build.portal.default.code, InclusionLevel.NOT_IN_NAV,
                               content="")

    def _search_markdown(self, config: MkDocsConfig, language: Language) -> str:
        build = self.build
        probe = self._search_probe(config, language)
        page_dir = posixpath.dirname(probe.dest_uri)
        root = posixpath.relpath(language.code, page_dir) + "/"
        catalogs = build.portal.catalogs[language.code]
        button = build.ui_strings(language.code)["search.placeholder"]
        return pages.render_search_page(build.templates, catalogs.portal.gettext, button,
                                        action=posixpath.basename(probe.dest_uri),
                                        root="" if root == "./" else root)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """MkDocs' navigation is the first language's; every language's entries for pages
        shown in another language are marked so."""
        build = self.build
        if self.dirty and not build.plan.full:
            # In an incremental build, pages not re-read still need their titles for the nav.
            for file in files.documentation_pages():
                page = file.page
                if page is None or file.is_modified():
                    continue
                text = file.content_string  # a source file, or a generated page's text
                doc, _ = front_matter(Path(file.src_uri), text)
                page.markdown = ""
                page.meta = sanitize.plain_meta(doc.data if isinstance(doc.data, dict) else {})
        first = localized.first_language(build.files)
        if first is not None:
            build.files[first].nav = nav
        for language_files in build.files.values():
            # A page shown in another language is named in the navigation in that language:
            # Material prints a nav item's ``typeset.title`` (the markup its typeset plugin
            # would give) in place of its plain title.
            for item in language_files.nav.pages if language_files.nav else []:
                fallback = self._fallback(item)
                if fallback is not None:
                    item.typeset = _MarkedTitle(item, fallback)
        return nav

    def _language_of(self, page: Page) -> Language:
        file = page.file
        code = file.language if isinstance(file, LocalizedFile) else \
            self.build.portal.default.code
        return self.build.language(code)

    def _fallback(self, page: Page) -> Language | None:
        """The language a page is shown in when it is not translated into its own."""
        file = page.file
        if isinstance(file, LocalizedFile) and file.shown_in != file.language:
            return self.build.language(file.shown_in)
        return None

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        build = self.build
        language = self._language_of(page)
        # The theme prints titles and descriptions as they are: they are text, escaped here.
        page.meta = sanitize.plain_meta(page.meta)
        # Generated pages isolate their own runs in their templates.
        fallback = self._fallback(page)
        build.direction.rtl = (fallback or language).direction == "rtl" \
            and not page.file.generated_by
        norm_uri = page.file.norm_uri if isinstance(page.file, LocalizedFile) else ""
        slug, _, rest = norm_uri.partition("/")
        module = pages.MODULE_BY_SLUG.get(slug)
        if module is None or rest != "index.md":
            return markdown
        portal = build.portal
        pages.bind(build.templates, language, portal.catalogs[language.code], portal.default)
        listed = pages.render_module_countries(
            build.templates, portal.countries, language, module, norm_uri)
        if fallback is not None:
            # On a page shown in another language, the list is in the reader's: say so.
            listed = (f'<div markdown="1" lang="{language.code}" dir="{language.direction}">'
                      f"\n\n{listed}\n\n</div>")
        return markdown.rstrip() + "\n" + listed

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        build = self.build
        language = self._language_of(page)
        url = language_free_url(page.url, language.code)
        if not (isinstance(page.file, LocalizedFile) and page.file.generated_by
                and page.file.norm_uri == search.SEARCH_PAGE):
            # Editors' HTML, and whatever Markdown made of data text, within the allow-list;
            # only the search page's form is gcm-portal's own.
            html = sanitize.clean_body(html)
        for item in _toc_items(page.toc):
            item.title = sanitize.clean_inline(item.title)
        found: list[search.Section] = []
        if self._fallback(page) is None and not page.meta.get("gcm_search"):
            # A fallback page is not this language's content: keep it out of its search.
            found = search.sections(html, url, sanitize.plain(page.title or ""))
        build.sections.setdefault(language.code, {})[url] = [asdict(s) for s in found]
        build.rendered.append((Path(page.file.abs_dest_path), _source_name(page)))
        return html

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        """The page's language: its navigation, strings and switcher; its notices."""
        build = self.build
        portal = build.portal
        language = self._language_of(page)
        url = language_free_url(page.url, language.code)
        self._language_context(context, config, language, url)
        home = url == "./"
        x_default = "" if home else localize_url(url, portal.default.code)
        context["gcm_x_default"] = absolute(config.site_url, x_default)
        fallback = self._fallback(page)
        if fallback is not None:
            context["gcm_fallback"] = {
                "language": fallback,
                "notice": self._notice(language, N_("This page is not yet available in "
                                                    "%(language)s. It is shown in "
                                                    "%(fallback)s."),
                                       language=language, fallback=fallback),
            }
        if portal.config.report_url:
            address = absolute(config.site_url or "/", page.url)
            context["gcm_report"] = report_link(portal.config.report_url, address,
                                                sanitize.plain(page.title or ""))
        if config.site_url:
            gettext = portal.catalogs[language.code].portal.gettext
            online = absolute(config.site_url, page.url)
            context["gcm_online"] = online
            context["gcm_qr"] = Markup(printing.qr_svg(  # our own SVG: markup, not text
                online, gettext("Scan to open this page online")))
        stale = self._stale_notice(page.meta.get("reviewed"), language)
        if stale:
            context["gcm_stale"] = stale
        norm_uri = page.file.norm_uri if isinstance(page.file, LocalizedFile) else ""
        if (norm_uri, language.code) in build.outdated:
            context["gcm_outdated"] = self._outdated_notice(norm_uri, language)
        return context

    def _language_context(self, context: dict[str, Any], config: MkDocsConfig,
                          language: Language, url: str) -> None:
        """What a page's templates need of its language (one environment renders all)."""
        build = self.build
        code = language.code
        if code not in build.contexts:
            build.contexts[code] = self._theme_names(config, language)
        context.update(build.contexts[code])
        language_files = build.files.get(code)
        if language_files is not None and language_files.nav is not None:
            context["nav"] = language_files.nav
        context["config"] = theme.page_config(
            config, language, build.site_settings.get(code, {}),
            alternates(build.portal.languages, url, config.site_url))

    def _theme_names(self, config: MkDocsConfig, language: Language) -> dict[str, Any]:
        build = self.build
        portal = build.portal
        catalogs = portal.catalogs[language.code]
        names: dict[str, Any] = dict(pages.gettext_callables(catalogs, sanitize.html_text,
                                                             language))
        names["gcm_ui_strings"] = build.ui_strings(language.code)
        names["gcm"] = self._theme_context(config, language)
        # The portal's name and copyright in this language (translated_site_settings);
        # mkdocs.yml's own text shown on another language's pages is marked as the
        # default language's.
        default = portal.default
        translated = build.site_settings.get(language.code, {})
        for name, original in site_settings(config).items():
            shown = translated.get(name, original)
            if shown:
                text = sanitize.html_text(shown)
                untranslated = name not in translated and language.locale.language != \
                    default.locale.language
                names[f"gcm_{name}"] = pages.in_language(text, default) \
                    if untranslated else text
        return names

    def _stale_notice(self, reviewed: object, language: Language) -> Markup | None:
        """Past the portal's review age, readers are told the page may be out of date."""
        portal = self.build.portal
        try:
            checked = dt.date.fromisoformat(str(reviewed))
        except ValueError:
            return None
        if (build_date() - checked).days <= portal.config.review_warning_days:
            return None
        gettext = portal.catalogs[language.code].portal.gettext
        return self._notice(
            language, N_("This information was last checked on %(date)s and may be out of "
                         "date. Check the official sources below, or ask %(publisher)s."),
            date=checked, publisher=gettext(portal.config.publisher.name))

    def _outdated_notice(self, norm_uri: str, language: Language) -> Markup:
        portal = self.build.portal
        changed = translations.last_changed(portal.docs_dir / norm_uri)
        return self._notice(
            language, N_("This translation may be out of date: the %(language)s page "
                         "changed on %(date)s."), language=portal.default, date=changed)

    def _notice(self, reader_language: Language, message: str,
                **values: Language | dt.date | str) -> Markup:
        """A notice in the reader's language; until it is translated, all of it in English,
        the languages and dates it names too (not English with Urdu words in it)."""
        catalogs = self.build.portal.catalogs[reader_language.code]
        translated = message in catalogs.translated.get("portal", ())
        reader = reader_language if translated else pages.SOURCE_LANGUAGE
        shown = {key: value.name_in(reader.locale) if isinstance(value, Language)
                 else formats.date(value, reader.locale) if isinstance(value, dt.date)
                 else value for key, value in values.items()}
        return pages.marked_gettext(catalogs, "portal", sanitize.html_text,
                                    reader_language)(message, **shown)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        build = self.build
        env.loader = jinja2.ChoiceLoader([theme.language_loader(build.codes), env.loader])
        # MkDocs does not escape what templates print; gcm-portal's templates and the
        # interface strings are escaped (Material's own stay as they are).
        env.autoescape = theme.autoescape_for(config.theme.name)
        env.add_extension("jinja2.ext.i18n")
        env.newstyle_gettext = True  # type: ignore[attr-defined]  # ours fill in variables
        env.globals["gcm_strings"] = build.ui_strings
        env.globals["gcm_csp"] = headers.policy()
        env.filters["gcm_date"] = _page_date
        return env

    def _theme_context(self, config: MkDocsConfig, language: Language) -> dict[str, Any]:
        portal = self.build.portal
        # The help block's texts are mkdocs.yml's, in the default language until translated.
        gettext = pages.marked_gettext(portal.catalogs[language.code], "portal",
                                       sanitize.html_text, language, portal.default)
        return {
            "language": language,
            "root": f"{language.code}/",
            "search_url": self._search_probe(config, language).url,
            "sample_banner": portal.config.sample_banner,
            "theme_javascript": portal.config.theme_javascript,
            "publisher": portal.config.publisher,
            "help": [
                {"label": gettext(item.label), "phone": item.phone, "url": item.url,
                 "hours": gettext(item.hours) if item.hours else None}
                for item in portal.config.help
            ],
        }

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        build = self.build
        language = self._language_of(page)
        output = theme.drop_toggle_autocomplete(output)
        output = theme.set_html_direction(output, language.code, language.direction)
        root = htmlscan.parse_document(output)
        refs = list(htmlscan.references(root))
        _raise_for_built(root, refs, _source_name(page), page.file.dest_uri)
        build.loads[page.file.abs_dest_path] = [ref.url for ref in refs if ref.loaded]
        if not build.plan.full and not build.fonts_touched:
            build.fonts_touched = self._changes_served_characters(
                Path(page.file.abs_dest_path), output)
        return output

    def _changes_served_characters(self, path: Path, output: str) -> bool:
        """Whether a page rendered again (not yet written) changes what served fonts draw."""
        languages = self.build.portal.languages
        if not fonts.served_scripts(languages):
            return False
        before = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        return fonts.served_characters(before, languages) != \
            fonts.served_characters(output, languages)

    def _not_found_language(self, template_name: str) -> Language | None:
        """The language of a 404 page: the root's is the default language's."""
        if self._build is None:
            return None
        if template_name == "404.html":
            return self.build.portal.default
        code = template_name.removesuffix("/404.html")
        if template_name == theme.not_found_page(code) and code in self.build.codes:
            return self.build.language(code)
        return None

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        """A 404 page is in its folder's language, and links to every language's home. It is
        shown at any address: its links start from the site's root, as MkDocs's own
        404.html does (the path of site_url)."""
        language = self._not_found_language(template_name)
        if language is not None:
            self._language_context(context, config, language, "./")
            if template_name != "404.html":
                context["base_url"] = urlsplit(config.site_url or "/").path
        return context

    def on_post_template(self, output: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        language = self._not_found_language(template_name)
        if language is not None:
            output = theme.drop_toggle_autocomplete(output)
            output = theme.set_html_direction(output, language.code, language.direction)
            root = htmlscan.parse_document(output)
            _raise_for_built(root, list(htmlscan.references(root)), template_name,
                             template_name)
        return output

    # --- once every page is written -------------------------------------------------------

    @event_priority(-200)  # after other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self.build
        portal = build.portal
        site = Path(config.site_dir)
        target = site / "schema" / SCHEMA_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(), encoding="utf-8")
        write_open_data(site, portal.countries, portal.config.data_license,
                        today=build_date())
        if build.plan.full:  # otherwise its settings and catalogs are those it was built from
            self._write_chooser(site, config)
        headers.write(site)
        (site / "robots.txt").write_text(sitemap.robots(config.site_url), encoding="utf-8")
        state = self._write_search_indexes(site)
        if build.plan.full or build.fonts_touched:  # after the indexes: fonts draw them too
            fonts.write(site, portal.languages, themes.font_hooks(config.theme.name))
        self._write_sitemap(site, config, state)
        self._check_weight(site)
        # Saved last: after a failed build, the next one compares with the last good one.
        state.save(incremental.state_dir(site))
        staging.commit_build(config, build.staged)

    def _check_weight(self, site: Path) -> None:
        """Print the weights of the pages built; fail the build when one breaks the budget,
        naming the file the editor can change. (What a page loads from other websites has
        stopped the build before, in ``_raise_for_built``.)"""
        build = self.build
        budget = build.portal.config.page_weight_budget
        measured = [(weight.measure(site, page, build.loads.get(str(page))), source)
                    for page, source in build.rendered if page.is_file()]
        if not measured:
            return
        log.info(weight.summary([w for w, _ in measured], budget))
        over = {w.page for w in weight.over_budget([w for w, _ in measured], budget)}
        problems = [
            Problem(source, None, f"the page built from this file ({w.page}) is "
                    f"{w.total / 1024:.1f} KB on a first visit (compressed), over the budget of "
                    f"{budget} KB; make the page or its images lighter, or raise "
                    "page_weight_budget in mkdocs.yml")
            for w, source in measured if w.page in over]
        if problems:
            raise PluginError(format_problems(problems))

    def _write_chooser(self, site: Path, config: MkDocsConfig) -> None:
        build = self.build
        portal = build.portal
        sample = "Sample content, not official information."
        samples: dict[str, Language] = {}
        for lang in portal.languages:
            text = portal.catalogs[lang.code].portal.gettext(sample)
            samples.setdefault(text, lang if text != sample else pages.SOURCE_LANGUAGE)
        html = build.templates.get_template("chooser.html.j2").render(
            index="" if config.use_directory_urls else "index.html",
            site_name=config.site_name, description=config.site_description,
            favicon=config.theme.get("favicon") or "assets/images/favicon.png",
            default=portal.default, csp=headers.policy(),
            sample_banner=portal.config.sample_banner, samples=list(samples.items()),
            languages=[{"language": lang} for lang in portal.languages])
        (site / "index.html").write_text(html, encoding="utf-8")

    def _write_search_indexes(self, site: Path) -> incremental.BuildState:
        """The index of each language built, from its pages' sections: those of this build,
        over the last build's for the pages an incremental build did not render."""
        build = self.build
        portal = build.portal
        folder = incremental.state_dir(site)
        previous = build.state if not build.plan.full else None
        if previous is None:
            shutil.rmtree(folder, ignore_errors=True)
        urls = dict(previous.urls) if previous else {}
        for lang in portal.languages:
            if lang.code not in build.sections:
                continue  # not built here: its index stays as it is
            sections = incremental.load_sections(folder, lang.code) if previous else {}
            sections.update(build.sections[lang.code])
            incremental.save_sections(folder, lang.code, sections)
            urls[lang.code] = sorted(sections)
            strings = build.ui_strings(lang.code)
            entries = [search.Section(**section)
                       for url in sorted(sections) for section in sections[url]]
            search.write_index(
                site / lang.code / "search" / "index.js", lang.code, entries,
                {**{key.rsplit(".", 1)[-1]: strings[key] for key in
                    ("search.result.none", "search.result.one", "search.result.other")},
                 "digits": formats.native_digits("0123456789", lang.locale)})
        return incremental.BuildState(*build.sources, urls)

    def _write_sitemap(self, site: Path, config: MkDocsConfig,
                       state: incremental.BuildState) -> None:
        portal = self.build.portal
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
        if not config.site_url:
            log.info("no site_url in mkdocs.yml: sitemap.xml is not written")
            return
        codes = [lang.code for lang in portal.languages]
        (site / "sitemap.xml").write_text(sitemap.render(
            config.site_url, sorted({url for urls in state.urls.values() for url in urls}),
            codes, portal.default.code),
            encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        # The next build (a serve reload) starts afresh, even if this one stopped mid-way.
        if self._build is not None:
            staging.discard_build(self._build.staged)


@jinja2.pass_context
def _page_date(context: Any, value: object) -> str:
    """A date as the page's language writes it."""
    return formats.date(str(value), context["gcm"]["language"].locale)


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


def alternates(languages: list[Language], url: str, site_url: str | None) -> list[dict[str, str]]:
    """The same page in every language: ``local`` for the language switcher (relative, so
    it works offline), ``link`` for <link rel="alternate" hreflang> (absolute when the
    portal's address is known, as search engines require)."""
    return [{"name": lang.autonym, "lang": lang.code, "dir": lang.direction,
             "local": localize_url(url, lang.code),
             "link": absolute(site_url, localize_url(url, lang.code))}
            for lang in languages]


def absolute(site_url: str | None, url: str) -> str:
    """``url`` (relative to the site's root) made absolute
    with ``site_url``, the portal online; without one, as it is. An offline copy is built
    with .html addresses (``about.html``); online the same page is ``about/``.

    >>> absolute("https://x.example/p/", "bn/about.html"), absolute(None, "bn/about/")
    ('https://x.example/p/bn/about/', 'bn/about/')
    """
    if not site_url:
        return url
    path = url.removeprefix("./")
    if path.endswith(".html"):
        path = path.removesuffix("index.html") if path.endswith("index.html") else \
            path.removesuffix(".html") + "/"
    return urljoin(site_url.rstrip("/") + "/", path)


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


def _raise_for_built(root: Any, refs: list[htmlscan.Reference], source: str,
                     built: str) -> None:
    """The last line of defence: no built page runs, loads or sends anything that is not
    the site's own, whichever setting, template override or translation put it there."""
    found = list(sanitize.page_findings(root, refs))
    if found:
        raise PluginError(format_problems(
            Problem(source, None, f"the page built from this file ({built}) would hold "
                    f"{f.message}; check mkdocs.yml, the template overrides and the "
                    "translations")
            for f in found))


def _source_name(page: Page) -> str:
    """The file an editor changes for this page: its source, or the generated page's name."""
    if page.file.abs_src_path and not page.file.generated_by:
        return display_path(page.file.abs_src_path)
    return page.file.src_uri


def _toc_items(items: Any) -> Any:
    for item in items:
        yield item
        yield from _toc_items(item.children)


def template_problem(exc: jinja2.TemplateError) -> Problem:
    """A broken country-page template (usually an override) as a path:line problem."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(display_path(exc.filename or exc.name or "template"), exc.lineno,
                       f"template error: {exc.message}")
    return Problem("country page template", None, f"template error: {exc}; check the "
                   "templates in overrides/gcm_portal/")
