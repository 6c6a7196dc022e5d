"""The portal's settings: one place, under the ``gcm-portal`` plugin in ``mkdocs.yml``.

The language list here drives the language folders, the theme language and the
text direction, so there is no second list to keep in sync.
"""

from __future__ import annotations

import copy
import string
import tempfile
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ConfigErrors
from mkdocs.config.defaults import MkDocsConfig

from gcm_portal.adapter.theme import THEME_NAME
from gcm_portal.checks.textsafety import Kind, findings
from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.model.countries import known_country_codes, url_problem
from gcm_portal.model.languages import check_code
from gcm_portal.model.settings import PortalSettings
from gcm_portal.model.yamlfile import PathKey, YamlDoc, load_settings
from gcm_portal.themes import SUPPORTED


class Publisher(Config):
    name = c.Type(str)
    """Who publishes the portal, e.g. 'Ministry of Labour of <state>'."""
    country = c.Optional(c.Type(str))
    """ISO 3166-1 alpha-2 code of the publishing state."""
    url = c.Optional(c.Type(str))
    """The publisher's own website."""


class HelpLine(Config):
    label = c.Type(str)
    """What the line is for, in the default language; translated in locales/*/portal.po."""
    phone = c.Optional(c.Type(str))
    """Number with country code, or a short emergency number."""
    url = c.Optional(c.Type(str))
    """A contact page, when there is no phone number."""
    hours = c.Optional(c.Type(str))
    """When someone answers, in the default language; translated like the label."""


class PortalConfig(Config):
    publisher = c.SubConfig(Publisher)
    """The publishing state or organisation, shown in the footer."""
    default_language = c.Type(str, default="en")
    """The language pages are written in first; every other language falls back to it."""
    languages = c.ListOfItems(c.Type(str))
    """Every language the portal is published in, default included, e.g. [en, ar, ps]."""
    countries = c.ListOfItems(c.Type(str), default=[])
    """Country codes (ISO 3166-1 alpha-2) whose data files in content/countries/ are shown."""
    countries_dir = c.Type(str, default="countries")
    """Folder of the country data files, inside the docs (content) folder."""
    locales_dir = c.Type(str, default="locales")
    """Folder of the gettext catalogs, beside mkdocs.yml."""
    help = c.ListOfItems(c.SubConfig(HelpLine), default=[])
    """The help block shown in the same place on every page (WCAG 3.2.6 Consistent Help)."""
    sample_banner = c.Type(bool, default=True)
    """Show the 'sample content, not official information' banner on every page."""
    theme_javascript = c.Type(bool, default=False)
    """Load Material's JavaScript (about 35 KB compressed). Pages read and work fully without
    it, so it is off: readers on costly data download a third less per first visit."""
    page_weight_budget = c.Type(int, default=100)
    """The most a content page may transfer on a first visit, in KB compressed (gzip), HTML,
    stylesheets, scripts and images together. The build fails when a page exceeds it."""
    review_warning_days = c.Type(int, default=180)
    """Warn when a page's or country section's 'reviewed' date is older than this."""
    review_error_days = c.Type(int, default=365)
    """Stop the check and the build when a 'reviewed' date is older than this: stale facts
    about visas or fees can cost readers money or status."""
    data_license = c.Type(str, default="CC-BY-4.0")
    """Licence of the country data published as open data in data/*.json (an SPDX id)."""
    report_url = c.Optional(c.Type(str))
    """Where readers report a mistake: an https:// or mailto: link with the placeholders
    {url} and {title} of the page, e.g. 'mailto:editors@example.org?subject={title}'."""
    only_languages = c.ListOfItems(c.Type(str), default=[])
    """Build only these of the languages (quick previews, shards of a parallel build); usually
    set by `gcm-portal build --lang`, not in mkdocs.yml. Empty: every language."""
    only_countries = c.ListOfItems(c.Type(str), default=[])
    """Generate only these countries' pages (quick previews); set by `--country`."""


PLUGIN = "gcm-portal"
SETTING = f"plugins.{PLUGIN}"
# Sub-settings read with their own Config class, to report each at its own line.
_PARTS: dict[str, type[Config]] = {"publisher": Publisher, "help": HelpLine}
# Valid stand-ins for required settings, so that one setting can be validated at a time
# (MkDocs's Config.validate stops at the first failing option).
_STAND_INS: dict[type[Config], dict[str, Any]] = {
    PortalConfig: {"publisher": {"name": "-"}, "languages": ["en"]},
    Publisher: {"name": "-"}, HelpLine: {"label": "-"},
}
# Shown raw by the theme (site_name in <title>, copyright in the footer...): plain text only.
# Translators translate them too (their msgid is the text in mkdocs.yml).
PLAIN_TEXT_SETTINGS = ("site_name", "site_description", "copyright")
_NOT_PLAIN = frozenset('<>"`')


def option_names(config_class: type[Config]) -> frozenset[str]:
    """The settings a Config class declares, read from its public class attributes.

    >>> sorted(option_names(Publisher))
    ['country', 'name', 'url']
    """
    return frozenset(name for name, value in vars(config_class).items()
                     if isinstance(value, BaseConfigOption))


@dataclass(frozen=True)
class Settings:
    """mkdocs.yml as written, with its lines, and where in it the plugin's options are."""

    doc: YamlDoc
    base: PathKey
    """The path of the gcm-portal options, e.g. ('plugins', 2, 'gcm-portal')."""
    options: dict[str, Any]

    def problem(self, key: PathKey, message: str) -> Problem:
        return self.doc.problem((*self.base, *key), message)

    def tagged(self, key: PathKey) -> bool:
        """Whether MkDocs computes this value itself (``!ENV``...), so its text is not it."""
        full = (*self.base, *key)
        return any(full[:n] in self.doc.tagged for n in range(len(full) + 1))


def read_settings(config_file: Path) -> tuple[Settings | None, list[Problem]]:
    """mkdocs.yml read safely (see ``yamlfile.load_settings``), or why it cannot be."""
    try:
        doc = load_settings(config_file)
    except PortalError as exc:
        return None, exc.problems
    plugins = doc.data.get("plugins") if isinstance(doc.data, dict) else None
    base: PathKey = ("plugins",)
    options: Any = {}
    if isinstance(plugins, dict) and PLUGIN in plugins:
        base, options = ("plugins", PLUGIN), plugins[PLUGIN]
    for i, entry in enumerate(plugins if isinstance(plugins, list) else []):
        if isinstance(entry, dict) and PLUGIN in entry:
            base, options = ("plugins", i, PLUGIN), entry[PLUGIN]
            break
        if entry == PLUGIN:
            base = ("plugins", i)
            break
    return Settings(doc, base, options if isinstance(options, dict) else {}), []


@dataclass(frozen=True)
class Layers:
    """mkdocs.yml and the files it inherits (``INHERIT``), as MkDocs merges them: mappings
    key by key, any other value (a list, a text) taken whole from the file nearest
    mkdocs.yml. Each value is found with the file and line it is written at."""

    docs: tuple[YamlDoc, ...]
    """mkdocs.yml first, then the file it inherits, and so on."""

    def _stack(self, key: PathKey) -> list[tuple[YamlDoc, Any]]:
        """The values merged at ``key``, nearest file first; empty when none is written."""
        found = [(doc, doc.data) for doc in self.docs]
        for part in key:
            inside = [(doc, value[part]) for doc, value in found
                      if (isinstance(value, dict) and part in value and part != "INHERIT")
                      or (isinstance(value, list) and isinstance(part, int)
                          and 0 <= part < len(value))]
            count = 1  # the nearest value, and the mappings merged with it
            while count < len(inside) and all(isinstance(v, dict) for _, v in inside[:count + 1]):
                count += 1
            found = inside[:count]
        return found

    def written(self, key: PathKey) -> bool:
        return bool(self._stack(key))

    def value(self, key: PathKey) -> Any:
        """The value MkDocs will see at ``key`` (None when it is not written)."""
        stack = self._stack(key)
        if not stack:
            return None
        if not isinstance(stack[0][1], dict):
            return stack[0][1]
        merged: dict[Any, Any] = {}
        for name in dict.fromkeys(k for _, v in reversed(stack) for k in v):
            if name != "INHERIT":
                merged[name] = self.value((*key, name))
        return merged

    def _nearest(self, key: PathKey) -> tuple[YamlDoc, PathKey]:
        """The file holding ``key``, or its nearest parent that is written."""
        for n in range(len(key), 0, -1):
            stack = self._stack(key[:n])
            if stack:
                return stack[0][0], key[:n]
        return self.docs[0], ()

    def tagged(self, key: PathKey) -> bool:
        """Whether MkDocs computes the value (``!ENV``...), so its text here is not it."""
        doc, written = self._nearest(key)
        return any(written[:n] in doc.tagged for n in range(len(written) + 1))

    def problem(self, key: PathKey, message: str) -> Problem:
        doc, written = self._nearest(key)
        return doc.problem(written, message)

    @property
    def folder(self) -> Path:
        """Where MkDocs reads relative folders from: the folder of mkdocs.yml."""
        return self.docs[0].path.parent


_MAX_INHERIT = 10


def inherited(doc: YamlDoc) -> tuple[Layers | None, list[Problem]]:
    """``doc`` with the files it inherits, or why they cannot be read (None when a file
    cannot be read: what is missing may be written in it)."""
    docs = [doc]
    while isinstance(docs[-1].data, dict) and "INHERIT" in docs[-1].data:
        child = docs[-1]
        name = child.data["INHERIT"]
        if ("INHERIT",) in child.tagged or not isinstance(name, str) or not name:
            return None, []  # MkDocs resolves it; nothing can be said of what it holds
        path = Path(child.path).parent / name
        if not path.is_file():
            return None, [child.problem(("INHERIT",), f"INHERIT: '{name}' does not exist "
                                        f"beside {child.path.name}; correct the path or "
                                        "remove the line")]
        if len(docs) > _MAX_INHERIT or any(path.resolve() == d.path.resolve() for d in docs):
            return None, [child.problem(("INHERIT",), f"INHERIT: '{name}' leads back to a file "
                                        "that inherits it; remove one of the INHERIT lines")]
        try:
            docs.append(load_settings(path))
        except PortalError as exc:
            return None, exc.problems
    return Layers(tuple(docs)), []


# What MkDocs itself needs and has no default for.
_MKDOCS_REQUIRED = {"site_name": "site_name: Migration information"}
# Examples for the plugin's settings that have no default, shown when one is missing.
_EXAMPLES = {"languages": "languages: [en, ar]",
             "publisher.name": "publisher: {name: Ministry of Labour}"}
SUPPORTED_THEMES = SUPPORTED
"""The themes gcm-portal's templates are written for: Material for MkDocs, and gcm-portal's
own theme, ``gcm``."""


def _plugin_entry(layers: Layers) -> tuple[PathKey | None, list[Problem]]:
    """Where the plugin's settings are in the merged settings, or why they are not there."""
    plugins = layers.value(("plugins",))
    add = f"add '- {PLUGIN}:' under 'plugins:', with the portal's settings below it"
    if layers.tagged(("plugins",)):
        return None, []
    if plugins is None:
        return None, [layers.problem(("plugins",), f"plugins: not set, so {PLUGIN} is not "
                                     f"enabled; {add}")]
    entries = list(plugins.items()) if isinstance(plugins, dict) else \
        [(next(iter(e)), e[next(iter(e))]) if isinstance(e, dict) and len(e) == 1 else (e, {})
         for e in plugins] if isinstance(plugins, list) else []
    found: PathKey | None = None
    problems = []
    for i, (name, _) in enumerate(entries):
        key: PathKey = ("plugins", name) if isinstance(plugins, dict) else \
            ("plugins", i) if name == plugins[i] else ("plugins", i, name)
        if name == PLUGIN:
            found = key
        elif name == "i18n":
            problems.append(layers.problem(key, "plugins: remove the 'i18n' plugin; "
                                           f"{PLUGIN} publishes every language itself, "
                                           "from its own 'languages' setting"))
    if found is None:
        problems.append(layers.problem(("plugins",), f"plugins: {PLUGIN} is not listed; {add}"))
    elif layers.value((*found, "enabled")) is False and not layers.tagged((*found, "enabled")):
        problems.append(layers.problem((*found, "enabled"), f"{SETTING}.enabled: the portal "
                                       f"cannot be built with {PLUGIN} switched off; remove "
                                       "'enabled: false'"))
    return found, problems


def _theme_problems(layers: Layers) -> list[Problem]:
    supported = " or ".join(f"'name: {name}'" for name in SUPPORTED_THEMES)
    why = "gcm-portal's pages are built with Material for MkDocs or with gcm-portal's own " \
          "theme, the two themes it supports"
    if layers.tagged(("theme",)):
        return []
    theme = layers.value(("theme",))
    if theme is None:
        return [layers.problem(("theme",), f"theme: not set; {why}: add 'theme:' with "
                               f"{supported} under it")]
    key: PathKey = ("theme",) if isinstance(theme, str) else ("theme", "name")
    name = theme if isinstance(theme, str) else theme.get("name") \
        if isinstance(theme, dict) else None
    problems = []
    if layers.tagged(key):
        pass
    elif name is None:
        problems.append(layers.problem(key, f"theme.name: not set; {why}: add {supported}"))
    elif name not in SUPPORTED_THEMES:
        problems.append(layers.problem(key, f"{'.'.join(map(str, key))}: {name!r} is not "
                                       f"supported; {why}: write {supported}"))
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and not layers.tagged(("theme", "custom_dir")) and \
            not (layers.folder / custom).is_dir():
        problems.append(layers.problem(("theme", "custom_dir"), f"theme.custom_dir: {custom!r} "
                                       "is not a folder beside mkdocs.yml; create it (template "
                                       "overrides go there) or remove the setting"))
    return problems


def _docs_dir_problems(layers: Layers) -> list[Problem]:
    key: PathKey = ("docs_dir",)
    if layers.tagged(key):
        return []
    value = layers.value(key)
    folders = sorted(p.name for p in layers.folder.iterdir() if p.is_dir()
                     and not p.name.startswith(".")) if layers.folder.is_dir() else []
    if value is None:
        if (layers.folder / "docs").is_dir():
            return []
        fix = "add 'docs_dir: content'" if "content" in folders else \
            "add 'docs_dir:' with the folder that holds the pages, e.g. 'docs_dir: content'"
        return [layers.problem(key, "docs_dir: not set, and MkDocs's default folder 'docs' "
                               f"does not exist beside mkdocs.yml; {fix}")]
    if not isinstance(value, str) or not value.strip():
        return [layers.problem(key, f"docs_dir: {value!r} is not a folder name; write the "
                               "folder of the pages, e.g. 'docs_dir: content'")]
    folder = layers.folder / value
    if not folder.is_dir():
        match = get_close_matches(value, folders, n=1, cutoff=0.6)
        fix = f"did you mean '{match[0]}'?" if match else \
            "create it, or write the folder that holds the pages, e.g. 'docs_dir: content'"
        return [layers.problem(key, f"docs_dir: '{value}' is not a folder beside mkdocs.yml; "
                               f"{fix}")]
    if folder.resolve() == layers.folder.resolve():
        return [layers.problem(key, "docs_dir: the pages must be in a folder of their own, "
                               "not beside mkdocs.yml; write e.g. 'docs_dir: content'")]
    return []


def required_problems(layers: Layers) -> list[Problem]:
    """Every setting a portal cannot be built without, at the line of the key it belongs
    under when it is missing: the theme, the pages' folder, the site's name, the plugin
    and its settings that have no default (``publisher.name``, ``languages``)."""
    problems = _theme_problems(layers) + _docs_dir_problems(layers)
    for name, example in _MKDOCS_REQUIRED.items():
        if not layers.written((name,)):
            problems.append(layers.problem((name,), f"{name}: this setting is required; add "
                                           f"it, e.g. '{example}'"))
    base, found = _plugin_entry(layers)
    problems += found
    if base is None:
        return problems
    for name, _ in config_errors(PortalConfig, {}):
        part = _PARTS.get(name)
        inner = [f"{name}.{sub}" for sub, _ in config_errors(part, {})] if part else [name]
        if layers.written((*base, name)) or layers.tagged((*base, name)):
            continue  # written: ``_option_problems`` says what is wrong with it
        for where in inner:
            example = f", e.g. '{_EXAMPLES[where]}'" if where in _EXAMPLES else ""
            problems.append(layers.problem((*base, *where.split(".")),
                                           f"{SETTING}.{where}: this setting is required; "
                                           f"add it{example}"))
    return problems


# Checked by ``required_problems``, or read by code (hooks) that MkDocs runs: not validated
# again here.
_NOT_VALIDATED = frozenset({"theme", "docs_dir", "plugins", "hooks", "INHERIT"})


def mkdocs_problems(layers: Layers, reported: Collection[str] = ()) -> list[Problem]:
    """MkDocs's own validation of its settings, each error at its line. Settings already
    ``reported`` (their names) are not validated again, nor are those MkDocs computes."""
    top = layers.value(())
    if not isinstance(top, dict):
        return []
    values = {name: value for name, value in top.items() if isinstance(name, str)
              and name not in _NOT_VALIDATED and name not in reported
              and not layers.tagged((name,))}
    problems = []
    with tempfile.TemporaryDirectory(prefix="gcm-portal-check-") as stand_in:
        for name, value in (("docs_dir", top.get("docs_dir")), ("theme", top.get("theme"))):
            if name not in reported and value is not None and not layers.tagged((name,)):
                values[name] = value
        others = _other_plugins(top.get("plugins"))
        if others is not None and not layers.tagged(("plugins",)):
            values["plugins"] = others
        try:
            errors = config_errors(MkDocsConfig, values,
                                   config_file_path=str(layers.docs[0].path),
                                   stand_ins={"site_name": "-", "docs_dir": stand_in,
                                              "theme": THEME_NAME, "plugins": []})
        except Exception:  # a failure of MkDocs's own validation (not a ValidationError):
            return []  # MkDocs meets it again when it reads the file, and says so itself
    for name, error in errors:
        if name not in values:
            continue  # left out: ``required_problems`` has said so
        text = "; ".join(line.strip() for line in str(error).splitlines() if line.strip())
        problems.append(layers.problem((name,), f"{name}: {text.rstrip('.')}"))
    return problems


def _other_plugins(plugins: Any) -> Any:
    """The plugins besides gcm-portal (whose settings are checked on their own) and i18n
    (which it configures), for MkDocs to validate their options."""
    def other(entry: Any) -> bool:
        name = next(iter(entry), None) if isinstance(entry, dict) and len(entry) == 1 else entry
        return name not in (PLUGIN, "i18n")

    if isinstance(plugins, list):
        return [entry for entry in plugins if other(entry)]
    if isinstance(plugins, dict):
        return {name: value for name, value in plugins.items() if other(name)}
    return None


def _hint(config_class: type[Config], name: str, value: Any) -> str:
    """How to write ``name``'s value, from the type of its default."""
    default = config_class()
    default.load_dict({})
    expected = default.get(name)
    if isinstance(value, (int, float)) and not isinstance(expected, (bool, int)):
        return f"; put it in quotes: '{value}'"
    return {bool: "; write true or false", int: "; write a whole number",
            list: "; write a list, e.g. [a, b]", str: "; write it as text"}.get(type(expected), "")


def _raw(settings: Settings, key: PathKey) -> tuple[bool, Any]:
    """Whether ``key`` is written among the plugin's options in mkdocs.yml, and its value."""
    value: Any = settings.options
    for part in key:
        inside = part in value if isinstance(value, dict) else \
            isinstance(value, list) and isinstance(part, int) and part < len(value)
        if not inside:
            return False, None
        value = value[part]
    return True, value


def config_errors(config_class: type[Config], values: dict[str, Any], *,
                  config_file_path: str | None = None,
                  stand_ins: dict[str, Any] | None = None) -> ConfigErrors:
    """Every setting of ``values`` that MkDocs's validation refuses, not only the first.

    ``Config.validate`` stops at the first failing option: each one found is set back to
    a valid stand-in (or its default), and the rest validated again. ``config_file_path``
    is the file relative paths (``docs_dir``) are read from.
    """
    values = dict(values)
    stand_ins = {**_STAND_INS.get(config_class, {}), **(stand_ins or {})}
    found: ConfigErrors = []
    for _ in range(len(values) + len(option_names(config_class)) + 1):
        config = config_class(config_file_path=config_file_path)
        config.load_dict(copy.deepcopy(values))  # validation changes some values in place
        failed, _warnings = config.validate()
        if not failed or any(name == failed[0][0] for name, _ in found):
            break
        name, error = failed[0]
        found.append((name, error))
        if name in stand_ins:
            values[name] = stand_ins[name]
        else:
            values.pop(name, None)
    return found


def located(errors: ConfigErrors, settings: Settings, key: PathKey = (),
            config_class: type[Config] = PortalConfig) -> list[Problem]:
    """MkDocs's config errors (what ``Config.validate`` returns) at their lines in mkdocs.yml.

    ``key`` is where the validated options sit below the plugin's, e.g. ('help', 0).
    """
    problems = []
    for name, error in errors:
        where = ".".join(map(str, (SETTING, *key, name)))
        written, value = _raw(settings, (*key, name))
        message = f"{where}: this setting is required; add it" if not written else \
            f"{where}: {value!r} is not valid ({str(error).rstrip('.')})" \
            f"{_hint(config_class, name, value)}"
        problems.append(settings.problem((*key, name), message))
    return problems


def _unknown(names: Collection[Any], config_class: type[Config], settings: Settings,
             key: PathKey) -> list[Problem]:
    known = sorted(option_names(config_class) | ({"enabled"} if not key else set()))
    problems = []
    for name in names:
        if name in known:
            continue
        match = get_close_matches(str(name), known, n=1, cutoff=0.6)
        fix = f"did you mean '{match[0]}'?" if match else \
            f"remove it; the settings here are: {', '.join(known)}"
        where = ".".join(map(str, (SETTING, *key, name)))
        problems.append(settings.problem((*key, name), f"{where}: unknown setting; {fix}"))
    return problems


def _option_problems(settings: Settings) -> list[Problem]:
    """Unknown and wrongly typed plugin options, each at its line."""
    options = settings.options
    problems = _unknown(options, PortalConfig, settings, ())
    values = {name: value for name, value in options.items()
              if name in option_names(PortalConfig) and not settings.tagged((name,))}
    for name, error in config_errors(PortalConfig, values):
        if name not in values:
            continue  # tagged (MkDocs resolves it), or not written: MkDocs says so itself,
            # and a file named by INHERIT may hold it
        part = _PARTS.get(name)
        value = values[name]
        items = list(enumerate(value)) if name == "help" and isinstance(value, list) else \
            [(None, value)]
        inner = []
        for i, item in items:
            item_key: PathKey = (name,) if i is None else (name, i)
            if part is None or not isinstance(item, dict):
                continue
            sub = {k: v for k, v in item.items() if k in option_names(part)
                   and not settings.tagged((*item_key, k))}
            # A sub-setting missing from what is written is reported; a tagged one is not.
            found = [(k, e) for k, e in config_errors(part, sub) if k in sub or k not in item]
            inner += located(found, settings, item_key, part)
        problems += inner or located([(name, error)], settings)
    for name, part in _PARTS.items():
        value = options.get(name)
        for item, item_key in ([(v, ("help", i)) for i, v in enumerate(value)]
                               if isinstance(value, list) else [(value, (name,))]):
            if isinstance(item, dict):
                problems += _unknown(item, part, settings, item_key)
    return problems


def plain_text_problems(text: str, where: str, kind: Kind = "prose") -> list[str]:
    """Why ``text`` cannot be shown as it is by the theme: markup characters, and the
    invisible characters ``textsafety`` refuses.

    >>> [m.split(";")[0] for m in plain_text_problems('Ministry <b>of</b> "Labour"', "site_name")]
    ['site_name: " < > cannot be part of this text, which every page shows as it is']
    """
    problems = []
    bad = sorted({char for char in text if char in _NOT_PLAIN})
    if bad:
        problems.append(f"{where}: {' '.join(bad)} cannot be part of this text, which every "
                        "page shows as it is; write it without < > \" and `")
    problems += [f"{where}: {finding.message}" for finding in findings(text, kind)]
    return problems


def site_settings(config: Any) -> dict[str, str | None]:
    """mkdocs.yml's texts that translators translate too (their msgid is the text)."""
    return {name: config.get(name) for name in PLAIN_TEXT_SETTINGS}


def translated_site_settings(config: Any, gettext: Callable[[str], str],
                             where: str) -> tuple[dict[str, str], list[str]]:
    """A language's translations of ``site_settings``, and why any was left out: the theme
    shows them as they are, so a translation is held to the rules of the setting."""
    translated: dict[str, str] = {}
    refused: list[str] = []
    for name, text in site_settings(config).items():
        translation = gettext(text) if text else text
        if translation == text:
            continue
        problems = plain_text_problems(translation, f"{where}: translation of {name}")
        refused += problems
        if not problems:
            translated[name] = translation
    return translated, refused


def _nav_titles(items: Any, key: PathKey) -> Iterator[tuple[PathKey, Any]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):
            for title, value in item.items():
                yield (*key, i, title), title
                yield from _nav_titles(value, (*key, i, title))


def _site_text_problems(settings: Settings) -> list[Problem]:
    """MkDocs's own text settings that the theme shows raw, and the nav's titles."""
    doc, problems = settings.doc, []
    data = doc.data if isinstance(doc.data, dict) else {}
    texts = [((name,), data[name]) for name in PLAIN_TEXT_SETTINGS if name in data]
    texts += list(_nav_titles(data.get("nav"), ("nav",)))
    for key, text in texts:
        if isinstance(text, str) and not any(key[:n] in doc.tagged for n in range(1, len(key) + 1)):
            where = ".".join(map(str, key[:1])) + (f" title {text!r}" if key[0] == "nav" else "")
            problems += [doc.problem(key, message) for message in plain_text_problems(text, where)]
    return problems


def check_file(config_file: Path) -> list[Problem]:
    """What mkdocs.yml holds that must stop before MkDocs reads it: unsafe YAML (duplicate
    keys, alias bombs), a required setting left out (see ``required_problems``), unknown
    and wrongly typed options (the plugin's and MkDocs's own), text settings that are not
    plain text. Each at its line; MkDocs's own messages have none."""
    settings, problems = read_settings(config_file)
    if settings is None:
        return problems
    layers, problems = inherited(settings.doc)
    if layers is not None:
        required = required_problems(layers)
        problems += required + mkdocs_problems(
            layers, {p.message.split(":")[0].split(".")[0] for p in required})
    return sorted(_option_problems(settings) + _site_text_problems(settings) + problems,
                  key=lambda p: (p.path, p.line or 0))


def _portal_text_problems(config: PortalSettings, settings: Settings | None,
                          shown: str) -> list[Problem]:
    """The plugin's own text and link settings, as validated (``!ENV`` values resolved)."""
    def at(key: PathKey, message: str) -> Problem:
        return settings.problem(key, message) if settings else Problem(shown, None, message)

    problems = []
    texts: list[tuple[PathKey, str | None, Kind]] = [(("publisher", "name"),
                                                      config.publisher.name, "prose")]
    urls: list[tuple[PathKey, str | None, tuple[str, ...]]] = [
        (("publisher", "url"), config.publisher.url, ("https",))]
    for i, item in enumerate(config.help):
        texts += [(("help", i, "label"), item.label, "prose"),
                  (("help", i, "hours"), item.hours, "prose"),
                  (("help", i, "phone"), item.phone, "literal")]
        urls.append((("help", i, "url"), item.url, ("https", "tel", "mailto")))
    for key, text, kind in texts:
        if isinstance(text, str):
            where = ".".join(map(str, (SETTING, *key)))
            problems += [at(key, message) for message in plain_text_problems(text, where, kind)]
    for key, url, schemes in urls:
        why = url_problem(url, schemes) if isinstance(url, str) else None
        if why:
            problems.append(at(key, f"{'.'.join(map(str, (SETTING, *key)))}: {why}"))
    return problems


def check(config: PortalSettings, config_file: Path | None) -> list[Problem]:
    """Rules that span several settings, each reported at its line in mkdocs.yml, with
    ``check_file``'s when the file is given."""
    shown = display_path(config_file) if config_file else "mkdocs.yml"
    problems: list[Problem] = []
    settings = None
    if config_file is not None and config_file.exists():
        settings, problems = read_settings(config_file)
        if settings is None:
            return problems
        problems += _option_problems(settings) + _site_text_problems(settings)
        layers, found = inherited(settings.doc)
        problems += found + (required_problems(layers) if layers is not None else [])

    def problem(key: PathKey, message: str) -> None:
        problems.append(settings.problem(key, message) if settings
                        else Problem(shown, None, message))

    for code in config.only_languages:
        if code not in config.languages:
            problems.append(Problem(shown, None, f"--lang {code}: not one of the portal's "
                                    f"languages ({', '.join(config.languages)})"))
    for code in config.only_countries:
        if code not in config.countries:
            problems.append(Problem(shown, None, f"--country {code}: not one of the portal's "
                                    f"countries ({', '.join(config.countries)})"))
    if not config.languages:
        problem(("languages",), f"{SETTING}.languages: list at least one language, e.g. [en]")
    seen: set[str] = set()
    for i, code in enumerate(config.languages):
        why = check_code(code)
        if why:
            problem(("languages", i), f"{SETTING}.languages: {why}")
        if code in seen:
            problem(("languages", i), f"{SETTING}.languages: '{code}' is listed twice")
        seen.add(code)
    if config.languages and config.default_language not in config.languages:
        problem(("default_language",),
                f"{SETTING}.default_language: '{config.default_language}' is not in "
                f"languages; add it there or choose one of: {', '.join(config.languages)}")
    known = known_country_codes()
    for i, code in enumerate(config.countries):
        if code not in known:
            hint = f"; write it in capitals: '{code.upper()}'" if code.upper() in known else \
                "; use an ISO 3166-1 alpha-2 code such as DE or AE"
            problem(("countries", i),
                    f"{SETTING}.countries: unknown country code '{code}'{hint}")
    if config.publisher.country and config.publisher.country not in known:
        problem(("publisher", "country"), f"{SETTING}.publisher.country: unknown "
                f"country code '{config.publisher.country}'")
    for i, item in enumerate(config.help):
        if not item.phone and not item.url:
            problem(("help", i), f"{SETTING}.help: '{item.label}' needs a phone or a url")
    if not 0 < config.review_warning_days <= config.review_error_days:
        problem(("review_warning_days",), f"{SETTING}.review_warning_days: must be a "
                f"number of days above 0 and at most review_error_days "
                f"({config.review_error_days})")
    if not config.data_license.strip():
        problem(("data_license",), f"{SETTING}.data_license: write the data's licence as "
                                   "an SPDX id, e.g. CC-BY-4.0")
    if config.report_url is not None:
        why = check_report_url(config.report_url)
        if why:
            problem(("report_url",), f"{SETTING}.report_url: {why}")
    problems += _portal_text_problems(config, settings, shown)
    return problems


_REPORT_FIELDS = frozenset({"url", "title"})


def check_report_url(template: str) -> str | None:
    """Why ``template`` cannot be the report link, or None when it can.

    The template must itself be a safe address (see ``countries.url_problem``): the
    values put into it are percent-encoded, so they cannot end the attribute either.

    >>> check_report_url("https://github.com/o/r/issues/new?title={title}&body={url}")
    >>> check_report_url("mailto:editors@example.org?subject={page}")
    "unknown placeholder '{page}'; use {url} and {title}"
    >>> print(check_report_url('https://t.example/?u={url}" onclick="alert(1)'))
    '"' is not allowed in an address; percent-encode it as %22, or remove it
    """
    why = url_problem(template, ("https", "mailto"))
    if why:
        return why
    try:
        parts = [(name, spec, conversion) for _, name, spec, conversion
                 in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        return f"{exc}; write '{{{{' and '}}}}' for a literal brace"
    fields = {name for name, _, _ in parts}
    unknown = sorted(fields - _REPORT_FIELDS)
    if unknown:
        return f"unknown placeholder '{{{unknown[0]}}}'; use {{url}} and {{title}}"
    if any(spec or conversion for _, spec, conversion in parts):
        return "write the placeholders as {url} and {title}, with nothing after the name"
    if "url" not in fields:
        return "add the placeholder {url}, so the report says which page is wrong"
    return None


def report_link(template: str, url: str, title: str) -> str:
    """The report link for one page, its values percent-encoded for a query or mailto.

    >>> report_link("mailto:e@example.org?subject={title}&body={url}",
    ...             "https://portal.example/fr/", "Santé & école")
    'mailto:e@example.org?subject=Sant%C3%A9%20%26%20%C3%A9cole&body=https%3A%2F%2Fportal.example%2Ffr%2F'
    """
    return template.format(url=quote(url, safe=""), title=quote(title, safe=""))
