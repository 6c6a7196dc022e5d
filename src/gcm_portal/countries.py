"""Per-country data files: loading, validation against the shipped JSON Schema.

One file per country, ``content/countries/<ISO 3166-1 alpha-2>.yml``. The
schema is the contract with editors: it ships in the package, is published
with the site, and drives which fields translators see (``$defs/text``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from babel import Locale
from babel.numbers import list_currencies

from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.yamlfile import PathKey, YamlDoc, load

SCHEMA_NAME = "country.schema.json"
TEXT_REF = "#/$defs/text"
SECTIONS = (
    "visas", "documents", "services", "return", "embassies", "helplines", "living_costs",
)
# Fields the schema allows for the open-data export (data/<cc>.json), never in YAML.
EXPORT_ONLY = ("license", "generated")


@cache
def schema() -> dict[str, Any]:
    return json.loads(resources.files("gcm_portal.schema").joinpath(SCHEMA_NAME).read_text())


def schema_text() -> str:
    return resources.files("gcm_portal.schema").joinpath(SCHEMA_NAME).read_text()


@dataclass(frozen=True)
class Country:
    """A validated country file; ``data`` follows the schema."""

    code: str
    data: dict[str, Any]
    doc: YamlDoc

    @property
    def sample(self) -> bool:
        return bool(self.data.get("sample"))

    def name(self, locale: Locale | str) -> str:
        """The country's name from CLDR, in the reader's language."""
        return Locale.parse(locale).territories.get(self.code, self.code)


def known_country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes CLDR names (no numeric regions, no 'ZZ')."""
    return frozenset(
        code for code in Locale("en").territories if len(code) == 2 and code.isalpha()
        and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}
    )


def _describe(error: jsonschema.ValidationError) -> str:
    where = ".".join(str(p) for p in error.absolute_path) or "the file"
    validator = error.validator
    if validator == "required":
        missing = error.message.split("'")[1]
        return f"{where}: missing required field '{missing}'; add it (see the schema or " \
               "`gcm-portal new-country XX` for an example)"
    if validator in ("additionalProperties", "unevaluatedProperties"):
        return f"{where}: {error.message}; remove the field or correct its spelling"
    if validator == "pattern":
        hint = {
            "currency": "use an ISO 4217 code in capitals, e.g. EUR",
            "reviewed": "write the date as YYYY-MM-DD",
            "url": "use a full https:// address",
            "phone": "write the number with its country code, e.g. +49 30 1234567",
            "number": "write the number with its country code, e.g. +49 30 1234567",
            "id": "use lower-case letters, digits and hyphens",
            "code": "use the two-letter ISO 3166-1 code in capitals",
            "email": "write a full e-mail address",
        }.get(str(error.absolute_path[-1]) if error.absolute_path else "", "")
        if not hint and error.absolute_path and "languages" in error.absolute_path:
            hint = "use language codes such as en, ar, ps"
        return f"{where}: {error.instance!r} is not valid" + (f"; {hint}" if hint else "")
    if validator == "type":
        return f"{where}: {error.instance!r} is not of type {error.validator_value!r}"
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{where}: {error.instance!r} is not allowed; use one of: {allowed}"
    return f"{where}: {error.message}"


def validate(doc: YamlDoc) -> list[Problem]:
    """Schema problems plus the rules a schema cannot say, each at its line."""
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), "a country file must be a mapping of fields; start from "
                                "`gcm-portal new-country XX`")]
    validator = jsonschema.Draft202012Validator(schema())
    problems = []
    for error in validator.iter_errors(data):
        # Report the deepest, most specific error of an allOf/anyOf group.
        leaves = list(error.context) if error.context else [error]
        for leaf in leaves:
            problems.append(doc.problem(tuple(leaf.absolute_path), _describe(leaf)))
    for name in EXPORT_ONLY:
        if name in data:
            problems.append(doc.problem((name,), f"{name}: gcm-portal writes this field only "
                                                 "in the published open data; remove it"))
    stem = doc.path.stem
    code = data.get("code")
    if isinstance(code, str) and code != stem.upper():
        problems.append(doc.problem(("code",), f"code: '{code}' does not match the file name "
                                               f"'{doc.path.name}'; rename the file to "
                                               f"{code.lower()}.yml or correct the code"))
    if stem.upper() not in known_country_codes() or stem != stem.lower():
        problems.append(doc.problem((), f"'{doc.path.name}' is not named after an ISO 3166-1 "
                                        "alpha-2 country code in lower case, e.g. de.yml"))
    currencies = list_currencies()
    for key, value in _walk(data, ()):
        if key and key[-1] == "currency" and isinstance(value, str) and value not in currencies:
            problems.append(doc.problem(key, f"{'.'.join(map(str, key))}: '{value}' is not an "
                                             "ISO 4217 currency code, e.g. EUR, USD, AED"))
        if key and key[-1] == "processing_days" and isinstance(value, dict):
            lo, hi = value.get("min"), value.get("max")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                problems.append(doc.problem(key, f"{'.'.join(map(str, key))}: min ({lo}) is "
                                                 f"greater than max ({hi}); swap them"))
    for key in _duplicate_ids(data):
        problems.append(doc.problem(key, f"{'.'.join(map(str, key))}: this id is used twice in "
                                         "the list; ids must be unique"))
    return problems


def _walk(value: Any, key: PathKey) -> Iterator[tuple[PathKey, Any]]:
    yield key, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, (*key, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, (*key, i))


def _duplicate_ids(data: dict[str, Any]) -> Iterator[PathKey]:
    for section in SECTIONS:
        items = data.get(section, {}).get("items") if isinstance(data.get(section), dict) else None
        seen: set[str] = set()
        for i, item in enumerate(items if isinstance(items, list) else []):
            ident = item.get("id") if isinstance(item, dict) else None
            if ident in seen:
                yield (section, "items", i, "id")
            seen.add(ident)


def load_country(path: Path, check: bool = True) -> tuple[Country | None, list[Problem]]:
    """``check`` off skips the schema: only for a file validated unchanged before."""
    try:
        doc = load(path)
    except PortalError as exc:
        return None, exc.problems
    problems = validate(doc) if check else []
    if any(p.severity == "error" for p in problems):
        return None, problems
    return Country(doc.data["code"], doc.data, doc), problems


def country_path(countries_dir: Path, code: str) -> Path:
    return countries_dir / f"{code.lower()}.yml"


def load_countries(countries_dir: Path, codes: list[str],
                   unchecked: Collection[str] = ()) -> tuple[list[Country], list[Problem]]:
    """Load the configured countries, in the configured order; those ``unchecked`` (whose
    files were validated unchanged before) without validating them again."""
    countries, problems = [], []
    for code in codes:
        path = country_path(countries_dir, code)
        if not path.exists():
            problems.append(Problem(display_path(path), None,
                                    f"no data file for country '{code}'; create it with "
                                    f"`gcm-portal new-country {code}` or remove '{code}' from "
                                    "the countries list in mkdocs.yml"))
            continue
        country, found = load_country(path, check=code not in unchecked)
        problems.extend(found)
        if country:
            countries.append(country)
    return countries, problems


def translatable_strings(data: Any, node: dict[str, Any] | None = None,
                         key: PathKey = ()) -> Iterator[tuple[PathKey, str]]:
    """Yield (path, text) for every field the schema marks as translatable text.

    >>> list(translatable_strings({"services": {"complaints": "Ask the ombudsperson",
    ...     "reviewed": "2026-01-01"}}))
    [(('services', 'complaints'), 'Ask the ombudsperson')]
    """
    root = schema()
    node = root if node is None else node
    if "$ref" in node:
        if node["$ref"] == TEXT_REF:
            if isinstance(data, str):
                yield key, data
            return
        name = node["$ref"].rsplit("/", 1)[-1]
        yield from translatable_strings(data, root["$defs"][name], key)
        return
    for sub in node.get("allOf", []):
        yield from translatable_strings(data, sub, key)
    if isinstance(data, dict):
        for name, sub in node.get("properties", {}).items():
            if name in data:
                yield from translatable_strings(data[name], sub, (*key, name))
    elif isinstance(data, list) and isinstance(node.get("items"), dict):
        for i, item in enumerate(data):
            yield from translatable_strings(item, node["items"], (*key, i))
