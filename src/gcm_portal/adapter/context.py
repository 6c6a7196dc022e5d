"""What each page's templates are given (``on_page_context``, ``on_env``, 404 pages):
its language's navigation, strings and switcher, the site's texts in that language,
and the notices a reader must see (fallback, stale review, outdated translation)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from gcm_portal.adapter import theme
from gcm_portal.adapter.config import report_link, site_settings
from gcm_portal.adapter.generation import search_probe
from gcm_portal.adapter.localized import LocalizedFile
from gcm_portal.adapter.run import Run
from gcm_portal.builds import buildcache, headers
from gcm_portal.checks import sanitize
from gcm_portal.i18n import translations
from gcm_portal.model.languages import Language
from gcm_portal.model.layout import language_free_url, localize_url
from gcm_portal.model.portal import build_date
from gcm_portal.render import formats, pages, printing
from gcm_portal.render.pages import N_


def language_context(run: Run, context: dict[str, Any], config: MkDocsConfig,
                     language: Language, url: str) -> None:
    """What a page's templates need of its language (one environment renders all)."""
    code = language.code
    if code not in run.contexts:
        run.contexts[code] = _theme_names(run, config, language)
    context.update(run.contexts[code])
    language_files = run.files.get(code)
    if language_files is not None and language_files.nav is not None:
        context["nav"] = language_files.nav
    context["config"] = theme.page_config(
        config, language, run.site_settings.get(code, {}),
        alternates(run.portal.languages, url, config.site_url))


def _theme_names(run: Run, config: MkDocsConfig, language: Language) -> dict[str, Any]:
    portal = run.portal
    catalogs = portal.catalogs[language.code]
    names: dict[str, Any] = dict(pages.gettext_callables(catalogs, sanitize.html_text,
                                                         language))
    names["gcm"] = _theme_context(run, config, language)
    # The portal's name and copyright in this language (translated_site_settings);
    # mkdocs.yml's own text shown on another language's pages is marked as the
    # default language's.
    default = portal.default
    translated = run.site_settings.get(language.code, {})
    for name, original in site_settings(config).items():
        shown = translated.get(name, original)
        if shown:
            text = sanitize.html_text(shown)
            untranslated = name not in translated and language.locale.language != \
                default.locale.language
            names[f"gcm_{name}"] = pages.in_language(text, default) \
                if untranslated else text
    return names


def _stale_notice(run: Run, reviewed: object, language: Language) -> Markup | None:
    """Past the portal's review age, readers are told the page may be out of date."""
    portal = run.portal
    try:
        checked = dt.date.fromisoformat(str(reviewed))
    except ValueError:
        return None
    if (build_date() - checked).days <= portal.config.review_warning_days:
        return None
    gettext = portal.catalogs[language.code].portal.gettext
    return _notice(run,
        language, N_("This information was last checked on %(date)s and may be out of "
                     "date. Check the official sources below, or ask %(publisher)s."),
        date=checked, publisher=gettext(portal.config.publisher.name))


def _outdated_notice(run: Run, norm_uri: str, language: Language) -> Markup:
    portal = run.portal
    changed = translations.last_changed(portal.docs_dir / norm_uri)
    return _notice(run,
        language, N_("This translation may be out of date: the %(language)s page "
                     "changed on %(date)s."), language=portal.default, date=changed)


def _notice(run: Run, reader_language: Language, message: str,
            **values: Language | dt.date | str) -> Markup:
    """A notice in the reader's language; until it is translated, all of it in English,
    the languages and dates it names too (not English with Urdu words in it)."""
    catalogs = run.portal.catalogs[reader_language.code]
    translated = message in catalogs.translated.get("portal", ())
    reader = reader_language if translated else pages.SOURCE_LANGUAGE
    shown = {key: value.name_in(reader.locale) if isinstance(value, Language)
             else formats.date(value, reader.locale) if isinstance(value, dt.date)
             else value for key, value in values.items()}
    return pages.marked_gettext(catalogs, "portal", sanitize.html_text,
                                reader_language)(message, **shown)


def _theme_context(run: Run, config: MkDocsConfig, language: Language) -> dict[str, Any]:
    portal = run.portal
    # The help block's texts are mkdocs.yml's, in the default language until translated.
    gettext = pages.marked_gettext(portal.catalogs[language.code], "portal",
                                   sanitize.html_text, language, portal.default)
    return {
        "language": language,
        "root": f"{language.code}/",
        "search_url": search_probe(run, config, language).url,
        "sample_banner": portal.config.sample_banner,
        "theme_javascript": portal.config.theme_javascript,
        "publisher": portal.config.publisher,
        "help": [
            {"label": gettext(item.label), "phone": item.phone, "url": item.url,
             "hours": gettext(item.hours) if item.hours else None}
            for item in portal.config.help
        ],
    }


def not_found_language(run: Run | None, template_name: str) -> Language | None:
    """The language of a 404 page (None for any other template, or outside a build): the
    root's is the default language's."""
    if run is None:
        return None
    if template_name == "404.html":
        return run.portal.default
    code = template_name.removesuffix("/404.html")
    if template_name == theme.not_found_page(code) and code in run.codes:
        return run.language(code)
    return None


def page_context(run: Run, context: dict[str, Any], page: Page,
                 config: MkDocsConfig) -> dict[str, Any]:
    """The page's language: its navigation, strings and switcher; its notices."""
    portal = run.portal
    language = run.language_of(page)
    url = language_free_url(page.url, language.code)
    language_context(run, context, config, language, url)
    home = url == "./"
    x_default = "" if home else localize_url(url, portal.default.code)
    context["gcm_x_default"] = absolute(config.site_url, x_default)
    fallback = run.fallback(page)
    if fallback is not None:
        context["gcm_fallback"] = {
            "language": fallback,
            "notice": _notice(run, language, N_("This page is not yet available in "
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
    stale = _stale_notice(run, page.meta.get("reviewed"), language)
    if stale:
        context["gcm_stale"] = stale
    norm_uri = page.file.norm_uri if isinstance(page.file, LocalizedFile) else ""
    if (norm_uri, language.code) in run.outdated:
        context["gcm_outdated"] = _outdated_notice(run, norm_uri, language)
    return context


def template_context(run: Run | None, context: dict[str, Any], template_name: str,
                     config: MkDocsConfig) -> dict[str, Any]:
    """A 404 page is in its folder's language, and links to every language's home. It is
    shown at any address: its links start from the site's root, as MkDocs's own
    404.html does (the path of site_url)."""
    language = not_found_language(run, template_name)
    if language is not None:
        language_context(run, context, config, language, "./")
        if template_name != "404.html":
            context["base_url"] = urlsplit(config.site_url or "/").path
    return context


def prepare_env(run: Run, env: jinja2.Environment, theme_name: str) -> jinja2.Environment:
    env.loader = jinja2.ChoiceLoader([theme.language_loader(run.codes), env.loader])
    # MkDocs does not escape what templates print; gcm-portal's templates and the
    # interface strings are escaped (Material's own stay as they are).
    env.autoescape = theme.autoescape_for(theme_name)
    env.add_extension("jinja2.ext.i18n")
    env.newstyle_gettext = True  # type: ignore[attr-defined]  # ours fill in variables
    env.globals["gcm_strings"] = run.ui_strings
    env.globals["gcm_csp"] = headers.policy()
    env.filters["gcm_date"] = _page_date
    return buildcache.install(env, run.site)


@jinja2.pass_context
def _page_date(context: Any, value: object) -> str:
    """A date as the page's language writes it."""
    return formats.date(str(value), context["gcm"]["language"].locale)


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
