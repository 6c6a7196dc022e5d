"""The MkDocs plugin: ``plugins: [gcm-portal: {...}]`` in mkdocs.yml.

It loads and checks the portal before anything is written, configures
mkdocs-static-i18n from the portal's languages, generates the country and
search pages for the language being built, gives the theme its translated
strings, and, once every language is built, writes the language chooser, the
per-language search indexes and the sitemap.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.plugin import I18n

from gcm_portal import (
    content,
    fonts,
    formats,
    headers,
    htmlscan,
    incremental,
    markup,
    pages,
    printing,
    sanitize,
    search,
    sitemap,
    staging,
    theme,
    translations,
    weight,
)
from gcm_portal.bidi import BidiExtension, Direction
from gcm_portal.bytecode import MemoryBytecodeCache
from gcm_portal.catalogs import po_path
from gcm_portal.config import (
    PortalConfig,
    report_link,
    site_settings,
    translated_site_settings,
)
from gcm_portal.content import front_matter, split_language
from gcm_portal.countries import SCHEMA_NAME, country_path, schema_text
from gcm_portal.errors import PortalError, Problem, display_path, format_problems
from gcm_portal.languages import Language
from gcm_portal.layout import language_free_url, localize_url, place
from gcm_portal.opendata import write_open_data
from gcm_portal.pages import N_
from gcm_portal.portal import Portal, build_date, load, project_root
from gcm_portal.slugs import slugify

log = get_plugin_logger(__name__)
I18N = "i18n"
SEARCH_PLUGINS = ("search", "material/search")


class PortalPlugin(BasePlugin[PortalConfig]):
    """Turns content modules, country data and catalogs into a localized site."""

    def __init__(self) -> None:
        self.dirty = False  # set by `mkdocs serve --dirty` or `gcm-portal build --dirty`
        self.checked = False  # set by gcm-portal for shards: the parent checked everything
        self._bytecode = MemoryBytecodeCache()  # the theme's templates, compiled once
        self._reset()

    def _reset(self) -> None:
        """Per-build state. MkDocs keeps one instance across the rebuilds of `serve` (and
        across builds in one process), so each build starts from here."""
        self.portal: Portal | None = None
        self.templates: jinja2.Environment | None = None
        self._i18n: I18n | None = None
        self._site_settings: dict[str, str | None] = {}
        self._search_url = ""
        self._outdated: dict[tuple[str, str], translations.PageState] = {}
        self._direction = Direction()
        self._plan = incremental.Plan(full=True)
        self._state: incremental.BuildState | None = None
        self._pages: dict[str, dict[str, list[dict[str, str]]]] = {}  # lang -> url -> sections
        self._rendered: list[tuple[Path, str]] = []  # built page, and the file it is built from
        self._loads: dict[str, list[str]] = {}  # built page -> the URLs it makes the browser load
        self._build_codes: list[str] = []
        self._source_inputs = ""
        self._source_pages: dict[str, str] = {}
        self._source_data: dict[str, str] = {}
        self._fonts_touched = False
        self._staged: Path | None = None  # the site this build replaces, once it succeeded

    # --- set-up, once per `mkdocs build` -------------------------------------------------

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.dirty = dirty

    def on_shutdown(self) -> None:
        self.dirty = False

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._i18n is not None and self._i18n.building:
            return config  # mkdocs-static-i18n re-runs the build for each further language
        self._reset()
        # Before anything reads the content (the plan hashes it): MkDocs follows links.
        refused = content.check_files(Path(config.docs_dir), project_root(config))
        if refused:
            raise PluginError(format_problems(refused))
        self._plan_build(config)
        # Before the portal is checked: the editors' gate renders pages as the site will.
        enable_markdown(config)
        link_countries(config)
        try:
            # Every build runs the same checks, the editors' gate (safety above all) included.
            # When only pages changed since the last build, only they are checked again; a
            # shard checks nothing its parent process has just checked.
            recheck = frozenset() if self.checked else None if self._plan.full else \
                self._plan.changed | {self._data_file(code).as_posix()
                                      for code in self._plan.countries}
            self.portal = load(self.config, config, editorial_checks=not self.checked,
                               recheck=recheck)
        except PortalError as exc:
            raise PluginError(format_problems(exc.problems)) from None
        for warning in self.portal.warnings:
            log.warning(str(warning))
        if self.config.only_countries:
            self.portal.countries = [c for c in self.portal.countries
                                     if c.code in self.config.only_countries]
        self._configure_i18n(config)
        for name in SEARCH_PLUGINS:
            if name in config.plugins and "enabled" in config.plugins[name].config:
                # Material's search loads one index of every language on every page.
                config.plugins[name].config["enabled"] = False
                log.info("gcm-portal provides per-language search: Material's search is off")
        config.markdown_extensions.append(BidiExtension(self._direction))  # type: ignore
        # Heading anchors in the reader's script ("#স্বাস্থ্য"), not "#_2".
        config.mdx_configs.setdefault("toc", {}).setdefault("slugify", slugify)
        self._outdated = {
            (state.norm_uri, state.language): state
            for state in translations.page_states(
                self.portal.docs_dir, [lang.code for lang in self.portal.languages],
                self.portal.default.code, only=self._plan.sources())
            if state.state is translations.State.OUTDATED}
        theme.install(config)
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        self.templates = pages.make_environment(overrides)
        self._staged = staging.stage_build(config, dirty=self.dirty)
        return config

    def _inputs(self, config: MkDocsConfig) -> str:
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        config_file = Path(config.config_file_path) if config.config_file_path else None
        return incremental.fingerprint(
            config_file, Path(config.docs_dir), project_root(config) / self.config.locales_dir,
            overrides) + repr(sorted(self.config.only_countries))

    def _data_file(self, code: str) -> Path:
        """A country's data file, relative to the docs folder."""
        return country_path(Path(self.config.countries_dir), code)

    def _plan_build(self, config: MkDocsConfig) -> None:
        """Which languages and pages this build renders: all, or what an edit touched.

        Planned before the portal is loaded, so that an incremental build checks again
        only what changed since the last build (which checked all the rest)."""
        codes = list(self.config.languages)
        self._state = incremental.BuildState.load(incremental.state_dir(Path(config.site_dir)))
        # Hashed once, as the sources stand when the build starts: the state saved at the
        # end records them, so an edit made during the build is rebuilt next time.
        docs_dir = Path(config.docs_dir)
        self._source_inputs = self._inputs(config)
        self._source_pages = incremental.page_hashes(docs_dir)
        self._source_data = incremental.file_hashes(
            {code: docs_dir / self._data_file(code) for code in self.config.countries})
        if self.dirty:
            plan = incremental.plan(self._state, self._source_inputs, self._source_pages,
                                    self._source_data, codes, self.config.default_language)
            self._plan = plan.including(pages.data_pages(plan.countries)) if plan.countries \
                else plan
        else:
            self._plan = incremental.Plan(full=True, languages=frozenset(codes))
        only = set(self.config.only_languages or codes)
        self._build_codes = [code for code in codes if code in only and
                             code in self._plan.languages]
        if not self._plan.full:
            data = f", data of {', '.join(sorted(self._plan.countries))}" \
                if self._plan.countries else ""
            log.info(f"incremental build: {len(self._plan.changed)} changed page(s){data}, "
                     f"languages {', '.join(self._build_codes)}")

    def _configure_i18n(self, config: MkDocsConfig) -> None:
        if I18N in config.plugins and not isinstance(config.plugins[I18N], _PortalI18n):
            raise PluginError(
                f"{config.config_file_path}: error: remove the 'i18n' plugin from mkdocs.yml; "
                "gcm-portal configures mkdocs-static-i18n from its own 'languages' setting")
        assert self.portal is not None
        i18n = _PortalI18n()
        self._site_settings = site_settings(config)  # as mkdocs.yml has them, untranslated
        translated: dict[str, dict[str, str]] = {}
        for lang in self.portal.languages:
            where = display_path(po_path(self.portal.locales_dir, lang.code, "portal"))
            translated[lang.code], refused = translated_site_settings(
                config, self.portal.catalogs[lang.code].portal.gettext, where)
            for message in refused:
                log.warning(f"{message}; the text in mkdocs.yml is shown instead")
        errors, _ = i18n.load_config({
            "docs_structure": "suffix",
            "fallback_to_default": True,
            "reconfigure_material": True,
            "reconfigure_search": False,
            "languages": [
                {"locale": lang.code, "name": lang.autonym, "build": True,
                 "link": f"/{lang.code}/", "default": lang.code == self.portal.default.code,
                 **translated[lang.code]}
                for lang in self.portal.languages
            ],
        })
        if errors:
            raise PluginError("\n".join(f"mkdocs.yml: error: languages: {e}" for _, e in errors))
        # A shard, a preview or an incremental build renders only some languages; the
        # default language stays the default (fallbacks) even when it is not rendered.
        for language in i18n.config.languages:
            language.build = language.locale in self._build_codes
        i18n.current_language = self._build_codes[0] if self._build_codes else \
            self.portal.default.code
        # Registered now, its on_config (priority -100) runs later in this same event.
        config.plugins[I18N] = i18n
        self._i18n = i18n

    # --- per language -----------------------------------------------------------------------

    @property
    def language(self) -> Language:
        assert self.portal is not None
        i18n = self._i18n
        code = i18n.current_language if i18n and i18n.current_language else \
            self.portal.default.code
        return self.portal.language(code)

    @event_priority(-110)  # after mkdocs-static-i18n has chosen this language's files
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.portal is not None and self.templates is not None
        language = self.language
        position = [lang.code for lang in self.portal.languages].index(language.code) + 1
        log.info(f"building {language.code} ({language.english_name()}), "
                 f"language {position} of {len(self.portal.languages)}")
        # The root 404 page is the default language's; the sitemap is ours.
        templates = config.theme.static_templates
        templates.discard("sitemap.xml")
        if language == self.portal.default:
            templates.add("404.html")
        else:
            templates.discard("404.html")
        templates.difference_update(theme.not_found_page(lang.code)
                                    for lang in self.portal.languages)
        templates.add(theme.not_found_page(language.code))
        for file in files.documentation_pages():
            place(file, language.code, config.site_dir)  # default too: the root is a chooser
            if self.dirty:
                rebuild = self._plan.rebuilds(file.src_uri)
                file.is_modified = lambda rebuild=rebuild: rebuild  # type: ignore[method-assign]
        unused = theme.unused_assets(self.portal.config.theme_javascript)
        for file in [f for f in files if unused(f.src_uri)]:
            files.remove(file)  # Material's files no page loads: lighter sites and bundles
        data_dir = self.portal.config.countries_dir.strip("/") + "/"
        for file in [f for f in files if f.src_uri.startswith(data_dir)
                     and f.src_uri.endswith((".yml", ".yaml"))]:
            files.remove(file)  # country data is published as pages (and JSON), not raw YAML
        catalogs = self.portal.catalogs[language.code]
        pages.bind(self.templates, language, catalogs, self.portal.default)
        gettext = catalogs.portal.gettext
        try:
            # The list of countries is in the navigation: its title is always needed.
            generated = {pages.countries_index_uri(): pages.render_countries_index(
                self.templates, self.portal.countries, language, gettext)}
            for country in self.portal.countries:
                if self._plan.full or country.code in self._plan.countries:
                    generated.update(pages.render_country(self.templates, country, language,
                                                          gettext))
        except jinja2.TemplateError as exc:
            raise PluginError(str(template_problem(exc))) from None
        # Pages whose data did not change keep their HTML, but are listed so that links to
        # them resolve.
        kept = pages.generated_uris([c.code for c in self.portal.countries]) - set(generated)
        for uri, text in [*generated.items(), *((uri, "") for uri in sorted(kept))]:
            files.append(self._generated_file(config, uri, text, language,
                                              modified=self._plan.rebuilds(uri)))
        files.append(self._search_page(config, language, modified=self._plan.full))
        return files

    def _generated_file(self, config: MkDocsConfig, uri: str, text: str,
                        language: Language, modified: bool = True) -> File:
        """A page that exists only in memory, placed where mkdocs-static-i18n puts its pages."""
        # Linked from other pages rather than listed in the navigation; the list of countries
        # is in it (MkDocs lists it too when mkdocs.yml has no nav).
        inclusion = InclusionLevel.INCLUDED if uri == pages.countries_index_uri() \
            else InclusionLevel.NOT_IN_NAV
        file = File.generated(config, uri, content=text, inclusion=inclusion)
        place(file, language.code, config.site_dir)
        if not modified:
            file.is_modified = lambda: False  # type: ignore[method-assign]
        # The attributes mkdocs-static-i18n gives its own files.
        file.locale = language.code  # type: ignore[attr-defined]
        file.locale_alternate_of = language.code  # type: ignore[attr-defined]
        file.localization = language.code  # type: ignore[attr-defined]
        file.norm_src_uri = uri  # type: ignore[attr-defined]
        file.alternates = {}  # type: ignore[attr-defined]
        return file

    def _search_page(self, config: MkDocsConfig, language: Language,
                     modified: bool = True) -> File:
        assert self.templates is not None and self.portal is not None
        probe = File.generated(config, search.SEARCH_PAGE, content="")
        place(probe, language.code, config.site_dir)
        self._search_url = probe.url
        page_dir = posixpath.dirname(probe.dest_uri)
        root = posixpath.relpath(language.code, page_dir) + "/"
        catalogs = self.portal.catalogs[language.code]
        button = theme.ui_strings(language, catalogs.portal.pgettext)["search.placeholder"]
        text = pages.render_search_page(self.templates, catalogs.portal.gettext, button,
                                        action=posixpath.basename(probe.dest_uri),
                                        root="" if root == "./" else root)
        return self._generated_file(config, search.SEARCH_PAGE, text, language, modified)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """In an incremental build, pages not re-read still need their titles for the nav."""
        if self.dirty and not self._plan.full:
            for file in files.documentation_pages():
                page = file.page
                if page is None or file.is_modified():
                    continue
                text = file.content_string  # a source file, or a generated page's text
                doc, _ = front_matter(Path(file.src_uri), text)
                page.markdown = ""
                page.meta = sanitize.plain_meta(doc.data if isinstance(doc.data, dict) else {})
        # A page shown in another language is named in the navigation in that language:
        # its entry is marked so. Material prints a nav item's ``typeset.title`` (the markup
        # its typeset plugin would give) in place of its plain title.
        for item in nav.pages:
            fallback = self._fallback(item)
            if fallback is not None:
                item.typeset = _MarkedTitle(item, fallback)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        assert self.portal is not None and self.templates is not None
        # The theme prints titles and descriptions as they are: they are text, escaped here.
        page.meta = sanitize.plain_meta(page.meta)
        # Generated pages isolate their own runs in their templates.
        self._direction.rtl = (self._fallback(page) or self.language).direction == "rtl" \
            and not page.file.generated_by
        norm_uri, _ = split_language(page.file.src_uri)
        slug, _, rest = norm_uri.partition("/")
        module = pages.MODULE_BY_SLUG.get(slug)
        if module is None or rest != "index.md":
            return markdown
        listed = pages.render_module_countries(
            self.templates, self.portal.countries, self.language, module, norm_uri)
        if self._fallback(page) is not None:
            # On a page shown in another language, the list is in the reader's: say so.
            language = self.language
            listed = (f'<div markdown="1" lang="{language.code}" dir="{language.direction}">'
                      f"\n\n{listed}\n\n</div>")
        return markdown.rstrip() + "\n" + listed

    def _fallback(self, page: Page) -> Language | None:
        """The language a page is shown in when it is not translated into the current one."""
        assert self.portal is not None
        locale = getattr(page.file, "locale", None)
        if locale and locale != self.language.code:
            return self.portal.language(locale)
        return None

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        language = self.language
        url = language_free_url(page.url, language.code)
        if not (page.file.generated_by and page.file.src_uri == search.SEARCH_PAGE):
            # Editors' HTML, and whatever Markdown made of data text, within the allow-list;
            # only the search page's form is gcm-portal's own.
            html = sanitize.clean_body(html)
        for item in _toc_items(page.toc):
            item.title = sanitize.clean_inline(item.title)
        found: list[search.Section] = []
        if self._fallback(page) is None and not page.meta.get("gcm_search"):
            # A fallback page is not this language's content: keep it out of its search.
            found = search.sections(html, url, sanitize.plain(page.title or ""))
        self._pages.setdefault(language.code, {})[url] = [asdict(s) for s in found]
        self._rendered.append((Path(page.file.abs_dest_path), _source_name(page)))
        return html

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Any) -> dict[str, Any]:
        """Language switcher and hreflang alternates: the same page in every language."""
        assert self.portal is not None
        language = self.language
        url = language_free_url(page.url, language.code)
        # Set as mkdocs-static-i18n sets it (an attribute, which Jinja reads first).
        config.extra.alternate = alternates(self.portal.languages, url, config.site_url)
        home = url == "./"
        x_default = "" if home else localize_url(url, self.portal.default.code)
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
        if self.portal.config.report_url:
            address = absolute(config.site_url or "/", page.url)
            context["gcm_report"] = report_link(self.portal.config.report_url, address,
                                                sanitize.plain(page.title or ""))
        if config.site_url:
            gettext = self.portal.catalogs[language.code].portal.gettext
            online = absolute(config.site_url, page.url)
            context["gcm_online"] = online
            context["gcm_qr"] = Markup(printing.qr_svg(  # our own SVG: markup, not text
                online, gettext("Scan to open this page online")))
        stale = self._stale_notice(page.meta.get("reviewed"), language)
        if stale:
            context["gcm_stale"] = stale
        norm_uri, _ = split_language(page.file.src_uri)
        if (norm_uri, language.code) in self._outdated:
            context["gcm_outdated"] = self._outdated_notice(norm_uri, language)
        return context

    def _stale_notice(self, reviewed: object, language: Language) -> Markup | None:
        """Past the portal's review age, readers are told the page may be out of date."""
        assert self.portal is not None
        try:
            checked = dt.date.fromisoformat(str(reviewed))
        except ValueError:
            return None
        if (build_date() - checked).days <= self.portal.config.review_warning_days:
            return None
        gettext = self.portal.catalogs[language.code].portal.gettext
        return self._notice(
            language, N_("This information was last checked on %(date)s and may be out of "
                         "date. Check the official sources below, or ask %(publisher)s."),
            date=checked, publisher=gettext(self.portal.config.publisher.name))

    def _outdated_notice(self, norm_uri: str, language: Language) -> Markup:
        assert self.portal is not None
        changed = translations.last_changed(self.portal.docs_dir / norm_uri)
        return self._notice(
            language, N_("This translation may be out of date: the %(language)s page "
                         "changed on %(date)s."), language=self.portal.default, date=changed)

    def _notice(self, reader_language: Language, message: str,
                **values: Language | dt.date | str) -> Markup:
        """A notice in the reader's language; until it is translated, all of it in English,
        the languages and dates it names too (not English with Urdu words in it)."""
        assert self.portal is not None
        catalogs = self.portal.catalogs[reader_language.code]
        translated = message in catalogs.translated.get("portal", ())
        reader = reader_language if translated else pages.SOURCE_LANGUAGE
        shown = {key: value.name_in(reader.locale) if isinstance(value, Language)
                 else formats.date(value, reader.locale) if isinstance(value, dt.date)
                 else value for key, value in values.items()}
        return pages.marked_gettext(catalogs, "portal", sanitize.html_text,
                                    reader_language)(message, **shown)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        assert self.portal is not None
        language = self.language
        catalogs = self.portal.catalogs[language.code]
        env.loader = jinja2.ChoiceLoader([theme.language_loader(language), env.loader])
        env.bytecode_cache = self._bytecode
        # MkDocs does not escape what templates print; gcm-portal's templates and the
        # interface strings are escaped (Material's own stay as they are).
        env.autoescape = theme.autoescaped
        env.add_extension("jinja2.ext.i18n")
        pages.install_gettext(env, catalogs, sanitize.html_text, language)
        env.globals["gcm_ui_strings"] = theme.ui_strings(language, catalogs.portal.pgettext)
        env.globals["gcm"] = self._theme_context(language)
        env.globals["gcm_csp"] = headers.policy()
        # The portal's name and copyright as mkdocs-static-i18n has set them in config for
        # this language (translated_site_settings); mkdocs.yml's own text shown on another
        # language's pages is marked as the default language's.
        default = self.portal.default
        for name, original in self._site_settings.items():
            shown = config.get(name)
            if shown:
                text = sanitize.html_text(shown)
                untranslated = shown == original and language.locale.language != \
                    default.locale.language
                env.globals[f"gcm_{name}"] = pages.in_language(text, default) \
                    if untranslated else text
        env.filters["gcm_date"] = lambda value: formats.date(str(value), language.locale)
        return env

    def _theme_context(self, language: Language) -> dict[str, Any]:
        assert self.portal is not None
        # The help block's texts are mkdocs.yml's, in the default language until translated.
        gettext = pages.marked_gettext(self.portal.catalogs[language.code], "portal",
                                       sanitize.html_text, language, self.portal.default)
        return {
            "language": language,
            "root": f"{language.code}/",
            "search_url": self._search_url,
            "sample_banner": self.portal.config.sample_banner,
            "theme_javascript": self.portal.config.theme_javascript,
            "publisher": self.portal.config.publisher,
            "help": [
                {"label": gettext(item.label), "phone": item.phone, "url": item.url,
                 "hours": gettext(item.hours) if item.hours else None}
                for item in self.portal.config.help
            ],
        }

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        language = self.language
        output = theme.drop_toggle_autocomplete(output)
        output = theme.set_html_direction(output, language.code, language.direction)
        root = htmlscan.parse_document(output)
        refs = list(htmlscan.references(root))
        _raise_for_built(root, refs, _source_name(page), page.file.dest_uri)
        self._loads[page.file.abs_dest_path] = [ref.url for ref in refs if ref.loaded]
        if not self._plan.full and not self._fonts_touched:
            self._fonts_touched = self._changes_served_characters(
                Path(page.file.abs_dest_path), output)
        return output

    def _changes_served_characters(self, path: Path, output: str) -> bool:
        """Whether a page rendered again (not yet written) changes what served fonts draw."""
        assert self.portal is not None
        languages = self.portal.languages
        if not fonts.served_scripts(languages):
            return False
        before = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
        return fonts.served_characters(before, languages) != \
            fonts.served_characters(output, languages)

    def _is_not_found_page(self, template_name: str) -> bool:
        return template_name in ("404.html", theme.not_found_page(self.language.code))

    def on_pre_template(self, template: jinja2.Template, *, template_name: str,
                        config: MkDocsConfig) -> jinja2.Template:
        """The 404 pages link to every language's home, whichever languages this run builds."""
        if self._is_not_found_page(template_name) and self.portal is not None:
            config.extra.alternate = alternates(self.portal.languages, "./", config.site_url)
        return template

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        """A 404 page is shown at any address: its links start from the site's root, as
        MkDocs's own 404.html does (the path of site_url)."""
        if template_name != "404.html" and self._is_not_found_page(template_name):
            context["base_url"] = urlsplit(config.site_url or "/").path
        return context

    def on_post_template(self, output: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        if self._is_not_found_page(template_name) and self.portal is not None:
            language = self.language
            output = theme.drop_toggle_autocomplete(output)
            output = theme.set_html_direction(output, language.code, language.direction)
            root = htmlscan.parse_document(output)
            _raise_for_built(root, list(htmlscan.references(root)), template_name,
                             template_name)
        return output

    # --- once every language is built -------------------------------------------------------

    @event_priority(-200)  # after mkdocs-static-i18n has built every language
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self._i18n is not None and self._i18n.building:
            return  # a per-language build inside mkdocs-static-i18n's loop
        # mkdocs-static-i18n leaves the last language's translations in config: what is
        # written for all languages (chooser, bundles' names) uses mkdocs.yml's own.
        for name, text in self._site_settings.items():
            config[name] = text
        assert self.portal is not None and self.templates is not None
        site = Path(config.site_dir)
        target = site / "schema" / SCHEMA_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(), encoding="utf-8")
        write_open_data(site, self.portal.countries, self.portal.config.data_license,
                        today=build_date())
        if self._plan.full:  # otherwise its settings and catalogs are those it was built from
            self._write_chooser(site, config)
        headers.write(site)
        (site / "robots.txt").write_text(sitemap.robots(config.site_url), encoding="utf-8")
        state = self._write_search_indexes(site)
        if self._plan.full or self._fonts_touched:  # after the indexes: fonts draw them too
            fonts.write(site, self.portal.languages)
        self._write_sitemap(site, config, state)
        self._check_weight(site)
        # Saved last: after a failed build, the next one compares with the last good one.
        state.save(incremental.state_dir(site))
        staging.commit_build(config, self._staged)

    def _check_weight(self, site: Path) -> None:
        """Print the weights of the pages built; fail the build when one breaks the budget,
        naming the file the editor can change. (What a page loads from other websites has
        stopped the build before, in ``_raise_for_built``.)"""
        assert self.portal is not None
        budget = self.portal.config.page_weight_budget
        measured = [(weight.measure(site, page, self._loads.get(str(page))), source)
                    for page, source in self._rendered if page.is_file()]
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
        assert self.portal is not None and self.templates is not None
        sample = "Sample content, not official information."
        samples: dict[str, Language] = {}
        for lang in self.portal.languages:
            text = self.portal.catalogs[lang.code].portal.gettext(sample)
            samples.setdefault(text, lang if text != sample else pages.SOURCE_LANGUAGE)
        html = self.templates.get_template("chooser.html.j2").render(
            index="" if config.use_directory_urls else "index.html",
            site_name=config.site_name, description=config.site_description,
            favicon=config.theme.get("favicon") or "assets/images/favicon.png",
            default=self.portal.default, csp=headers.policy(),
            sample_banner=self.portal.config.sample_banner, samples=list(samples.items()),
            languages=[{"language": lang} for lang in self.portal.languages])
        (site / "index.html").write_text(html, encoding="utf-8")

    def _write_search_indexes(self, site: Path) -> incremental.BuildState:
        """The index of each language built, from its pages' sections: those of this build,
        over the last build's for the pages an incremental build did not render."""
        assert self.portal is not None
        folder = incremental.state_dir(site)
        previous = self._state if not self._plan.full else None
        if previous is None:
            shutil.rmtree(folder, ignore_errors=True)
        urls = dict(previous.urls) if previous else {}
        for lang in self.portal.languages:
            if lang.code not in self._pages:
                continue  # not built here: its index stays as it is
            sections = incremental.load_sections(folder, lang.code) if previous else {}
            sections.update(self._pages[lang.code])
            incremental.save_sections(folder, lang.code, sections)
            urls[lang.code] = sorted(sections)
            strings = theme.ui_strings(lang, self.portal.catalogs[lang.code].portal.pgettext)
            entries = [search.Section(**section)
                       for url in sorted(sections) for section in sections[url]]
            search.write_index(
                site / lang.code / "search" / "index.js", lang.code, entries,
                {**{key.rsplit(".", 1)[-1]: strings[key] for key in
                    ("search.result.none", "search.result.one", "search.result.other")},
                 "digits": formats.native_digits("0123456789", lang.locale)})
        return incremental.BuildState(self._source_inputs, self._source_pages,
                                      self._source_data, urls)

    def _write_sitemap(self, site: Path, config: MkDocsConfig,
                       state: incremental.BuildState) -> None:
        assert self.portal is not None
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
        if not config.site_url:
            log.info("no site_url in mkdocs.yml: sitemap.xml is not written")
            return
        codes = [lang.code for lang in self.portal.languages]
        (site / "sitemap.xml").write_text(sitemap.render(
            config.site_url, sorted({url for urls in state.urls.values() for url in urls}),
            codes, self.portal.default.code),
            encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        # The next build (a serve reload) starts afresh, even if this one stopped mid-way.
        if self._i18n is not None:
            self._i18n.building = False
        staging.discard_build(self._staged)


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
    """``url`` (relative to the site's root, as mkdocs-static-i18n gives it) made absolute
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


class _PortalI18n(I18n):
    """mkdocs-static-i18n, configured by gcm-portal rather than by hand in mkdocs.yml."""

    def reconfigure_files_alternates(self, *args: Any, **kwargs: Any) -> None:
        """Not needed: every page has the same path in every language's folder (layout.py),
        so gcm-portal derives alternates from a page's address. mkdocs-static-i18n's own
        search for them costs languages × files × languages per language built, which
        dominated the build of a 20-language portal."""
