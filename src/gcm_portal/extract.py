"""Which strings translators see: ``portal.pot`` and ``countries.pot``.

``portal.pot`` holds gcm-portal's own interface strings (from its templates and
code, and the portal's overrides), Material's strings (with their Material key
as context), and the help block labels from mkdocs.yml. ``countries.pot`` holds
every text field of the country files, with its file and line as location.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir

from gcm_portal import theme
from gcm_portal.catalogs import new_template
from gcm_portal.config import PortalConfig
from gcm_portal.countries import Country, translatable_strings
from gcm_portal.errors import display_path

_JINJA = "jinja2.ext:babel_extract"
_METHODS = [("**.py", "python"), ("**.html", _JINJA), ("**.j2", _JINJA)]
_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n"},
            "**.j2": {"extensions": "jinja2.ext.i18n"}}


def _add_from_dir(catalog: Catalog, directory: Path, shown_prefix: str) -> None:
    for filename, lineno, message, comments, context in extract_from_dir(
        str(directory), method_map=_METHODS, options_map=_OPTIONS,
    ):
        catalog.add(message, locations=[(f"{shown_prefix}/{filename}", lineno)],
                    auto_comments=comments, context=context)


def portal_template(config: PortalConfig, overrides: Path | None,
                    config_file: Path | None) -> Catalog:
    catalog = new_template("portal")
    package = Path(str(resources.files("gcm_portal")))
    _add_from_dir(catalog, package, "gcm_portal")
    if overrides is not None and overrides.is_dir():
        _add_from_dir(catalog, overrides, display_path(overrides))
    shown_config = display_path(config_file) if config_file else "mkdocs.yml"
    for item in config.help:
        for text in (item.label, item.hours):
            if text:
                catalog.add(text, locations=[(shown_config, 0)],
                            auto_comments=["Help block shown on every page"])
    for key, english in theme.interface_keys().items():
        catalog.add(english, context=key, locations=[("material", 0)],
                    auto_comments=[f"Material for MkDocs interface string '{key}'"])
    return catalog


def countries_template(countries: list[Country]) -> Catalog:
    catalog = new_template("countries")
    for country in countries:
        for key, text in translatable_strings(country.data):
            catalog.add(text, locations=[(country.doc.shown_path, country.doc.line_of(key) or 0)],
                        auto_comments=[".".join(map(str, key))])
    return catalog
