"""The seam to the theme: everything that knows Material's files lives here.

Material 9 reaches end of life in May 2027. gcm-portal's own theme, ``gcm``
(``themes/gcm/``), needs none of Material's files; both themes share
``themes/shared/`` (see ``themes``). The rest of gcm-portal
speaks only of languages, directions and translated strings, and the catalogs
only of gcm-portal's own msgids (``uistrings``), which this module hands to
Material's templates under Material's keys. Material's settings that are not
text (``language``, ``direction``, ``search.config.*``) never reach a catalog.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from functools import cache
from gettext import NullTranslations
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import jinja2
from babel import Locale
from babel.core import get_global
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from gcm_portal import themes
from gcm_portal.i18n.uistrings import MATERIAL_KEYS, UIString
from gcm_portal.model.languages import Language

THEME_NAME = themes.MATERIAL
_LANGUAGES = "partials/languages"
_ENTRY = re.compile(r'^\s*"([a-z][a-z0-9._-]*)":\s*"((?:[^"\\]|\\.)*)",?\s*$', re.M)


def own_theme_dir() -> str:
    """gcm-portal's template overrides, layered between the portal's and Material's."""
    return str(resources.files("gcm_portal") / "theme")


def _material_dir() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


@cache
def material_strings(code: str) -> dict[str, str]:
    """Material's own interface strings for a language, or {} when it ships none."""
    path = _material_dir() / _LANGUAGES / f"{code}.html"
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    return {key: json.loads(f'"{value}"') for key, value in _ENTRY.findall(text)}


def shipped_strings(language: Language) -> dict[str, str]:
    """Material's translation for the language, or for its base language when that is
    written in the same script: Serbian (``sr``) is Cyrillic, so ``sr-Latn`` gets none."""
    found = material_strings(language.code)
    base = language.locale.language
    if found or base == language.code:
        return found
    script = language.locale.script
    likely = get_global("likely_subtags").get(base, "")
    if script and Locale.parse(likely or base).script != script:
        return {}
    return material_strings(base)


def interface_texts(language: Language,
                    translations: NullTranslations) -> dict[UIString, str]:
    """What each of the theme's strings reads in ``language``: our catalogs' translation,
    else Material's own translation, else the English."""
    shipped = shipped_strings(language)
    texts = {}
    for key, string in MATERIAL_KEYS.items():
        translated = string.translate(translations)
        texts[string] = translated if translated != string.msgid else shipped.get(
            key, string.msgid)
    return texts


def ui_strings(language: Language, texts: Mapping[UIString, str]) -> dict[str, str]:
    """Every Material string for ``language`` under Material's key, as its templates ask
    for them: ``texts`` (``interface_texts``) for ours, Material's for the rest.

    Direction and language code come from CLDR, so right-to-left is never left
    to a translation file.
    """
    shipped = shipped_strings(language)
    strings = {k: shipped.get(k, v) for k, v in material_strings("en").items()}
    strings.update((key, texts[string]) for key, string in MATERIAL_KEYS.items())
    strings["language"] = language.code
    strings["direction"] = language.direction
    return strings


def install(config: MkDocsConfig) -> None:
    """Put our templates under the portal's overrides and switch off third-party fonts:
    for Material, gcm-portal's overrides, then the shared templates, above Material's own;
    for the gcm theme, the shared templates below its own."""
    theme = config.theme
    position = 1 if theme.custom_dir else 0
    if theme.name == THEME_NAME:
        layers = [own_theme_dir(), themes.shared_dir()]
    else:
        layers = [themes.shared_dir()]
        position += 1  # after the theme's own folder
    for layer in layers:
        if layer not in theme.dirs:
            theme.dirs.insert(position, layer)
        position = theme.dirs.index(layer) + 1
    # Google Fonts would tell a third party who reads what: never load them.
    theme["font"] = False


def unused_assets(theme_javascript: bool) -> Callable[[str], bool]:
    """Which of Material's files no page loads: its search (replaced by ours), and its
    JavaScript when the portal does not load it. About 1 MB a site and a bundle."""
    prefixes = ["assets/javascripts/lunr/", "assets/javascripts/workers/"]
    if not theme_javascript:
        prefixes.append("assets/javascripts/bundle.")

    def unused(src_uri: str) -> bool:
        return src_uri.startswith(tuple(prefixes))

    return unused


@cache
def _own_templates() -> frozenset[str]:
    return frozenset(p.relative_to(root).as_posix()
                     for root in (Path(own_theme_dir()), Path(themes.shared_dir()))
                     for p in root.rglob("*.html"))


def autoescaped(name: str | None) -> bool:
    """Which theme templates Jinja escapes: gcm-portal's own (and a portal's overrides of
    them), and the interface strings' partials, so every translation is printed as text.
    Material's other templates print HTML they are given (the page, the navigation) and
    are left as they are; what they print from editors is escaped before it reaches them.

    >>> [autoescaped(n) for n in ("main.html", "partials/languages/ps.html", "base.html")]
    [True, True, False]

    With the gcm theme, every template is escaped (``autoescape_for``).
    """
    return name is not None and name not in _RAW_OVERRIDES and (
        name in _own_templates() or name in _EXTENDING_MAIN
        or name.startswith(f"{_LANGUAGES}/") or name.endswith("/404.html"))


def autoescape_for(name: str | None) -> Callable[[str | None], bool]:
    """Which templates Jinja escapes with the theme ``name``: all of them with gcm-portal's
    own theme, whose templates mark what they print as markup (the page's cleaned HTML);
    with Material, ``autoescaped``.

    >>> autoescape_for("gcm")("base.html"), autoescape_for("material")("base.html")
    (True, False)
    """
    if name == themes.GCM:
        return lambda template: True
    return autoescaped


# Our copies of Material's partials that print the navigation's HTML (macros of Material's
# unescaped templates): left unescaped like Material's; what they print of ours is markup.
_RAW_OVERRIDES = frozenset({"partials/header.html", "partials/nav.html"})


# Material's templates that extend main.html, whose blocks (ours) escape what they print:
# a block's super() is markup only when the page's own template is escaped too. And the
# partial that passes the interface strings on.
_EXTENDING_MAIN = frozenset({"404.html", "blog.html", "blog-post.html", "blog-archive.html",
                             "blog-category.html", "partials/language.html"})


def not_found_page(code: str) -> str:
    """The name of a language's 404 page: a static template written to ``<code>/404.html``,
    for hosts that serve the nearest 404 page of a folder."""
    return f"{code}/404.html"


def language_loader(codes: list[str]) -> jinja2.BaseLoader:
    """Serve Material's per-language partial from our catalogs, for any CLDR language, and
    each language's 404 page (the theme's 404.html).

    Material imports the partial without the page's context: its ``t`` macro asks the
    ``gcm_strings`` global for the strings of the language it is named after."""
    sources: dict[str, str] = {}
    for code in codes:
        name = json.dumps(code)  # a BCP 47 tag (letters, digits, hyphens): a plain literal
        sources[f"{_LANGUAGES}/{code}.html"] = \
            f'{{% macro t(key) %}}{{{{ gcm_strings({name}).get(key, "") }}}}{{% endmacro %}}'
        sources[not_found_page(code)] = '{% extends "404.html" %}'

    def load(template: str) -> tuple[str, None, Callable[[], bool]] | None:
        return (sources[template], None, lambda: True) if template in sources else None

    return jinja2.FunctionLoader(load)


class _View:
    """A settings object as one language's pages see it: some values replaced."""

    def __init__(self, base: Any, replaced: dict[str, Any]) -> None:
        self._base, self._replaced = base, replaced

    def __getattr__(self, name: str) -> Any:
        if name in self._replaced:
            return self._replaced[name]
        try:
            return getattr(self._base, name)
        except AttributeError:
            try:
                return self._base[name]
            except (KeyError, TypeError):
                raise AttributeError(name) from None

    def __getitem__(self, name: str) -> Any:
        if name in self._replaced:
            return self._replaced[name]
        return self._base[name]

    def get(self, name: str, default: Any = None) -> Any:
        try:
            return self[name]
        except KeyError:
            return default

    def __contains__(self, name: str) -> bool:
        return name in self._replaced or name in self._base


def page_config(config: MkDocsConfig, language: Language, settings: dict[str, str],
                alternate: list[dict[str, str]]) -> Any:
    """``config`` as Material's templates read it on a page of ``language``: the theme's
    language, the site's name, description and copyright in it (``settings``), and the
    language switcher's entries (``extra.alternate``). mkdocs.yml's values stay as they are
    for everything else the build writes."""
    theme = _View(config.theme, {"language": language.code})
    # The logo leads to the language's home, unless mkdocs.yml names another homepage.
    extra = {"homepage": f"{language.code}/", **config.extra, "alternate": alternate}
    return _View(config, {**settings, "theme": theme, "extra": extra})


_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input\b[^>]*\btype="checkbox"[^>]*?)\s+autocomplete="off"', re.I)


def drop_toggle_autocomplete(html: str) -> str:
    """Material's toggles carry autocomplete="off", which HTML forbids on checkboxes.

    >>> drop_toggle_autocomplete('<input type="checkbox" id="__drawer" autocomplete="off">')
    '<input type="checkbox" id="__drawer">'
    """
    return _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)


_HTML_TAG = re.compile(r"<html\b([^>]*)>", re.I)


def set_html_direction(html: str, language: str, direction: str) -> str:
    """Material puts ``dir`` on <body>; screen readers and CSS want it on <html> too.

    >>> set_html_direction('<html lang="x" class="no-js"><body>', "ar", "rtl")
    '<html lang="ar" dir="rtl" class="no-js"><body>'
    """
    def repl(match: re.Match[str]) -> str:
        attrs = re.sub(r'\s(lang|dir)="[^"]*"', "", match.group(1))
        return f'<html lang="{language}" dir="{direction}"{attrs}>'

    return _HTML_TAG.sub(repl, html, count=1)


SEARCH_PLUGINS = ("search", "material/search")


def own_search(config: MkDocsConfig) -> list[str]:
    """Turn Material's search off through its documented ``enabled`` option: it loads one
    index of every language on every page, where gcm-portal writes one per language."""
    turned_off = []
    for name in SEARCH_PLUGINS:
        if name in config.plugins and "enabled" in config.plugins[name].config:
            config.plugins[name].config["enabled"] = False
            turned_off.append("gcm-portal provides per-language search: Material's search "
                              "is off")
    return turned_off


class NavTitle(Protocol):
    @property
    def title(self) -> Markup: ...


def mark_nav_title(page: Page, title: NavTitle) -> None:
    """Show a navigation entry with ``title`` (markup, read when the navigation is
    rendered): Material prints a nav item's ``typeset.title``, the markup its typeset
    plugin would give, in place of its plain title."""
    page.typeset = title  # type: ignore[attr-defined]
