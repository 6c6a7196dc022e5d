"""The MkDocs plugin: ``plugins: [gcm-portal: {...}]`` in mkdocs.yml.

It loads and checks the portal before anything is written, configures
mkdocs-static-i18n from the portal's languages, generates the country pages
for the language being built, and gives the theme its translated strings.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.plugin import I18n

from gcm_portal import formats, pages, theme
from gcm_portal.config import PortalConfig
from gcm_portal.content import split_language
from gcm_portal.countries import SCHEMA_NAME, schema_text
from gcm_portal.errors import PortalError, Problem, display_path, format_problems
from gcm_portal.languages import Language
from gcm_portal.portal import Portal, load

log = get_plugin_logger(__name__)
I18N = "i18n"


class PortalPlugin(BasePlugin[PortalConfig]):
    """Turns content modules, country data and catalogs into a localized site."""

    def __init__(self) -> None:
        self.portal: Portal | None = None
        self.templates: jinja2.Environment | None = None
        self._i18n: I18n | None = None

    # --- set-up, once per `mkdocs build` -------------------------------------------------

    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.portal is not None:  # mkdocs-static-i18n re-runs the build per language
            return config
        try:
            self.portal = load(self.config, config)
        except PortalError as exc:
            raise PluginError(format_problems(exc.problems)) from None
        for warning in self.portal.warnings:
            log.warning(str(warning))
        self._configure_i18n(config)
        theme.install(config)
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        self.templates = pages.make_environment(overrides)
        return config

    def _configure_i18n(self, config: MkDocsConfig) -> None:
        if I18N in config.plugins and not isinstance(config.plugins[I18N], _PortalI18n):
            raise PluginError(
                f"{config.config_file_path}: error: remove the 'i18n' plugin from mkdocs.yml; "
                "gcm-portal configures mkdocs-static-i18n from its own 'languages' setting")
        assert self.portal is not None
        i18n = _PortalI18n()
        errors, _ = i18n.load_config({
            "docs_structure": "suffix",
            "fallback_to_default": True,
            "reconfigure_material": True,
            "reconfigure_search": True,
            "languages": [
                {"locale": lang.code, "name": lang.autonym, "build": True,
                 "default": lang.code == self.portal.default.code}
                for lang in self.portal.languages
            ],
        })
        if errors:
            raise PluginError("\n".join(f"mkdocs.yml: error: languages: {e}" for _, e in errors))
        # Registered now, its on_config (priority -100) runs later in this same event.
        config.plugins[I18N] = i18n

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
        self._i18n = config.plugins.get(I18N)  # type: ignore[assignment]
        language = self.language
        position = [lang.code for lang in self.portal.languages].index(language.code) + 1
        log.info(f"building {language.code} ({language.english_name()}), "
                 f"language {position} of {len(self.portal.languages)}")
        catalogs = self.portal.catalogs[language.code]
        pages.bind(self.templates, language, catalogs)
        gettext = catalogs.portal.gettext
        try:
            generated = {pages.countries_index_uri(): pages.render_countries_index(
                self.templates, self.portal.countries, language, gettext)}
            for country in self.portal.countries:
                generated.update(pages.render_country(self.templates, country, language,
                                                      gettext))
        except jinja2.TemplateError as exc:
            raise PluginError(str(template_problem(exc))) from None
        for uri, text in generated.items():
            files.append(self._generated_file(config, uri, text, language))
        return files

    def _generated_file(self, config: MkDocsConfig, uri: str, text: str,
                        language: Language) -> File:
        """A page that exists only in memory, placed where mkdocs-static-i18n puts its pages."""
        assert self.portal is not None
        # Linked from module and country pages rather than listed in the navigation.
        file = File.generated(config, uri, content=text, inclusion=InclusionLevel.NOT_IN_NAV)
        default_url = file.url
        if language.code != self.portal.default.code:
            file.dest_uri = f"{language.code}/{file.dest_uri}"
            file.url = f"{language.code}/{default_url}"
        alternates = {}
        for lang in self.portal.languages:
            url = default_url if lang.code == self.portal.default.code else \
                f"{lang.code}/{default_url}"
            alternates[lang.code] = SimpleNamespace(url=url)
        # The attributes mkdocs-static-i18n gives its own files (language switcher, sitemap).
        file.alternates = alternates  # type: ignore[attr-defined]
        file.locale = language.code  # type: ignore[attr-defined]
        file.locale_alternate_of = language.code  # type: ignore[attr-defined]
        file.localization = language.code  # type: ignore[attr-defined]
        file.norm_src_uri = uri  # type: ignore[attr-defined]
        return file

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        assert self.portal is not None and self.templates is not None
        norm_uri, _ = split_language(page.file.src_uri)
        slug, _, rest = norm_uri.partition("/")
        module = pages.MODULE_BY_SLUG.get(slug)
        if module is None or rest != "index.md":
            return markdown
        return markdown.rstrip() + "\n" + pages.render_module_countries(
            self.templates, self.portal.countries, self.language, module, norm_uri)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        assert self.portal is not None
        language = self.language
        catalogs = self.portal.catalogs[language.code]
        env.loader = jinja2.ChoiceLoader([theme.language_loader(language), env.loader])
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(catalogs.portal, newstyle=True)  # type: ignore
        env.globals["gcm_ui_strings"] = theme.ui_strings(language, catalogs.portal.pgettext)
        env.globals["gcm"] = self._theme_context(language)
        env.filters["gcm_date"] = lambda value: formats.date(str(value), language.locale)
        return env

    def _theme_context(self, language: Language) -> dict[str, Any]:
        assert self.portal is not None
        gettext = self.portal.catalogs[language.code].portal.gettext
        return {
            "language": language,
            "sample_banner": self.portal.config.sample_banner,
            "publisher": self.portal.config.publisher,
            "help": [
                {"label": gettext(item.label), "phone": item.phone, "url": item.url,
                 "hours": gettext(item.hours) if item.hours else None}
                for item in self.portal.config.help
            ],
        }

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        language = self.language
        return theme.set_html_direction(output, language.code, language.direction)

    @event_priority(-200)  # after mkdocs-static-i18n has built every language
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        target = Path(config.site_dir) / "schema" / SCHEMA_NAME
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(schema_text(), encoding="utf-8")

    def on_build_error(self, *, error: Exception) -> None:
        # mkdocs serve rebuilds with a fresh config; a failed build must not stick.
        self.portal = None


def template_problem(exc: jinja2.TemplateError) -> Problem:
    """A broken country-page template (usually an override) as a path:line problem."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return Problem(display_path(exc.filename or exc.name or "template"), exc.lineno,
                       f"template error: {exc.message}")
    return Problem("country page template", None, f"template error: {exc}; check the "
                   "templates in overrides/gcm_portal/")


class _PortalI18n(I18n):
    """mkdocs-static-i18n, configured by gcm-portal rather than by hand in mkdocs.yml."""

