"""Which strings translators see: the package's ``portal.pot``, a portal's ``portal.pot``
and ``countries.pot``.

The package's ``portal.pot`` (``gcm_portal/locales/``) holds gcm-portal's own interface
strings, from its templates and code, and the theme's (``uistrings``: plain English
msgids, with a msgctxt where the English is ambiguous); the package translates them. A
portal's ``portal.pot`` holds only what the package does not carry: the help block labels
and hours from mkdocs.yml and the strings of the portal's template overrides, so its
translators never retranslate the interface. ``countries.pot`` holds every text field of
the country files, with its file and line as location.

Regenerate the package's template and merge it into its catalogs with
``python -m gcm_portal.i18n.extract`` (which also moves catalogs keyed by Material's string
names to gcm-portal's msgids, see ``msgid_migration``).
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from gcm_portal.errors import display_path
from gcm_portal.i18n import catalogs, uistrings
from gcm_portal.i18n.catalogs import new_template
from gcm_portal.model.countries import Country, translatable_strings
from gcm_portal.model.settings import PortalSettings

_JINJA = "jinja2.ext:babel_extract"
_METHODS = [("**.py", "python"), ("**.html", _JINJA), ("**.j2", _JINJA)]
_OPTIONS = {"**.html": {"extensions": "jinja2.ext.i18n"},
            "**.j2": {"extensions": "jinja2.ext.i18n"}}
# Templates' _m() is _() for text between tags (pages.marked_gettext).
_KEYWORDS = {**DEFAULT_KEYWORDS, "_m": None}


def _carried(catalog: Catalog | None, message: str, context: str | None) -> bool:
    return catalog is not None and catalog.get(message, context=context) is not None


def _add_from_dir(catalog: Catalog, directory: Path, shown_prefix: str,
                  skip: Catalog | None = None) -> None:
    for filename, lineno, message, comments, context in extract_from_dir(
        str(directory), method_map=_METHODS, options_map=_OPTIONS, keywords=_KEYWORDS,
    ):
        if not _carried(skip, message, context):
            catalog.add(message, locations=[(f"{shown_prefix}/{filename}", lineno)],
                        auto_comments=comments, context=context)


def package_template() -> Catalog:
    """gcm-portal's own interface strings: what ``gcm_portal/locales/portal.pot`` holds."""
    catalog = new_template("portal")
    _add_from_dir(catalog, Path(str(resources.files("gcm_portal"))), "gcm_portal")
    for string in uistrings.STRINGS:
        catalog.add(string.msgid, context=string.context,
                    locations=[("gcm_portal/i18n/uistrings.py", 0)], auto_comments=[string.comment])
    return catalog


def carried_template() -> Catalog:
    """The package's committed template: the strings its own catalogs translate."""
    path = catalogs.pot_path(catalogs.package_locales(), "portal")
    return catalogs.read_catalog(path) if path.is_file() else package_template()


def portal_template(config: PortalSettings, overrides: Path | None,
                    config_file: Path | None,
                    site: Mapping[str, str | None] | None = None) -> Catalog:
    """A portal's own interface strings: its name, description, copyright and publisher,
    its help block and its template overrides, less what the package already carries (and
    translates). ``site`` holds mkdocs.yml's PLAIN_TEXT_SETTINGS."""
    carried = carried_template()
    catalog = new_template("portal")
    root = config_file.parent if config_file else None  # locations that do not depend on cwd
    if overrides is not None and overrides.is_dir():
        _add_from_dir(catalog, overrides, display_path(overrides, root), skip=carried)
    shown_config = display_path(config_file, root) if config_file else "mkdocs.yml"
    named = [(text, f"The portal's {name}") for name, text in (site or {}).items()]
    named.append((config.publisher.name, "The publisher's name"))
    for text, comment in named:
        if text and not _carried(carried, text, None):
            catalog.add(text, locations=[(shown_config, 0)], auto_comments=[comment])
    for item in config.help:
        for text in (item.label, item.hours):
            if text and not _carried(carried, text, None):
                catalog.add(text, locations=[(shown_config, 0)],
                            auto_comments=["Help block shown on every page"])
    return catalog


def countries_template(countries: list[Country], root: Path | None = None) -> Catalog:
    """The country data's text, each at its file (relative to ``root``, the project's
    folder, when given) and line."""
    catalog = new_template("countries")
    for country in countries:
        shown = display_path(country.doc.path, root)
        for key, text in translatable_strings(country.data):
            catalog.add(text, locations=[(shown, country.doc.line_of(key) or 0)],
                        auto_comments=[".".join(map(str, key))])
    return catalog


def portal_templates(config: PortalSettings, countries: list[Country], overrides: Path | None,
                     config_file: Path | None,
                     site: Mapping[str, str | None] | None = None) -> dict[str, Catalog]:
    """Both of a portal's templates by domain, as ``gcm-portal i18n extract`` writes them
    (and ``gcm-portal init``), with locations that do not depend on the working folder."""
    root = config_file.parent if config_file else None
    return {"portal": portal_template(config, overrides, config_file, site),
            "countries": countries_template(countries, root)}


def package_languages() -> list[str]:
    """The languages the package has interface catalogs for, as codes (``fa-AF``)."""
    root = catalogs.package_locales()
    return sorted(catalogs.language_of_dir(path.parent.parent.name)
                  for path in root.glob("*/LC_MESSAGES/portal.po"))


def write_package_catalogs() -> list[Path]:
    """Regenerate the package's template and merge it into each of its catalogs."""
    root = catalogs.package_locales()
    catalogs.write_catalog(catalogs.pot_path(root, "portal"), package_template())
    return [catalogs.pot_path(root, "portal"),
            *catalogs.update(root, package_languages(), "portal")]


if __name__ == "__main__":
    for written in write_package_catalogs():
        print(f"wrote {display_path(written)}")
