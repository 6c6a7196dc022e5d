"""Per-country data files: loading, validation against the shipped JSON Schema.

One file per country, ``content/countries/<ISO 3166-1 alpha-2>.yml``. The
schema is the contract with editors: it ships in the package, is published
with the site, and drives which fields translators see (``$defs/text``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from babel import Locale
from babel.numbers import list_currencies

from gcm_portal.checks.textsafety import describe, findings
from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.model import hours
from gcm_portal.model.yamlfile import PathKey, YamlDoc, load, load_checked

SCHEMA_NAME = "country.schema.json"
# The schema's pattern for a helpline's languages (the codes the portal publishes in, with
# a script or a region, and three-letter codes): what CLDR is asked about.
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
TEXT_REF = "#/$defs/text"
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
SECTIONS = (
    "visas", "documents", "services", "local_services", "return", "embassies", "helplines",
    "living_costs", "procedures",
    "recruiters",  # optional: a country may publish no register of recruiters
)
# Where a list of language codes is written: helplines and local services.
_LANGUAGE_LISTS = ("helplines", "local_services")
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


def _where(path: PathKey) -> str:
    return ".".join(map(str, path)) or "the file"


def _describe(error: jsonschema.ValidationError) -> str:
    where = _where(tuple(error.absolute_path))
    validator = error.validator
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
            "date": "write the date as YYYY-MM-DD",
            "open": _TIME_HINT,
            "close": _TIME_HINT,
            "licence": "write the licence number as the register writes it: letters, "
                       "digits, spaces and . / _ -",
            "valid_from": "write the date as YYYY-MM-DD",
            "valid_until": "write the date as YYYY-MM-DD",
        }.get(str(error.absolute_path[-1]) if error.absolute_path else "", "")
        if not hint and error.absolute_path and "languages" in error.absolute_path:
            hint = "use language codes as the portal's languages are written, e.g. en, ar, " \
                "fa-AF"
        return f"{where}: {error.instance!r} is not valid" + (f"; {hint}" if hint else "")
    if error.absolute_path and error.absolute_path[-1] == "cost" \
            and validator in ("const", "type"):
        return f"{where}: {error.instance!r} is not valid; write free, or the fee as an " \
            "amount and a currency"
    if validator == "type" and error.absolute_path \
            and error.absolute_path[-1] in ("open", "close") and type(error.instance) is int:
        # Unquoted, YAML 1.1 reads 17:30 as a number in base 60 (1050).
        return f"{where}: YAML read this time as the number {error.instance}; {_TIME_HINT}"
    if validator == "type":
        return f"{where}: {error.instance!r} is not of type {error.validator_value!r}"
    if validator == "enum":
        allowed = ", ".join(map(str, error.validator_value))
        return f"{where}: {error.instance!r} is not allowed; use one of: {allowed}"
    return f"{where}: {error.message}"


_TIME_HINT = "write the time as HH:MM on the 24-hour clock, in quotes, e.g. '09:00' or " \
    "'17:30'"


def _leaves(errors: Iterator[jsonschema.ValidationError]) -> Iterator[jsonschema.ValidationError]:
    """The specific errors: every part of an allOf, the best-matching alternative of an
    anyOf or oneOf (the others only say what the value is not)."""
    for error in errors:
        if not error.context:
            yield error
        elif error.validator in ("anyOf", "oneOf"):
            best = jsonschema.exceptions.best_match(error.context)
            yield from _leaves(iter([best])) if best is not None else iter([error])
        else:
            yield from _leaves(iter(error.context))


def _declared(node: dict[str, Any]) -> set[str]:
    """Every property name ``node`` declares itself or through allOf and $ref."""
    root = schema()
    names = set(node.get("properties", {}))
    for sub in node.get("allOf", []) + node.get("anyOf", []) + node.get("oneOf", []):
        names |= _declared(sub)
    if isinstance(node.get("$ref"), str) and node["$ref"].startswith("#/$defs/"):
        names |= _declared(root["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    return names


def _schema_problems(doc: YamlDoc, flagged: Collection[PathKey]) -> list[Problem]:
    """One message per real problem, missing fields first.

    Values ``flagged`` already (an invisible character in a phone number, an unsafe
    link) are not reported again for the pattern they then fail.

    A missing field makes the schema's allOf fail, and JSON Schema then also calls every
    field of that part "unexpected": only fields the schema declares nowhere are reported
    as unexpected. A misspelt field (``purpos``) is one problem, not an unknown field plus a
    missing one.
    """
    missing: dict[PathKey, list[str]] = {}
    unexpected: dict[PathKey, list[str]] = {}
    wrong: dict[PathKey, str] = {}
    alternatives: set[PathKey] = set()
    validator = jsonschema.Draft202012Validator(schema())
    for error in validator.iter_errors(doc.data):
        if error.validator in ("anyOf", "oneOf"):
            alternatives.add(tuple(error.absolute_path))
        for leaf in _leaves(iter([error])):
            path = tuple(leaf.absolute_path)
            instance = leaf.instance
            if leaf.validator == "required" and isinstance(instance, dict):
                names = missing.setdefault(path, [])
                names += [n for n in leaf.validator_value if n not in instance and n not in names]
            elif leaf.validator in ("additionalProperties", "unevaluatedProperties") \
                    and isinstance(instance, dict):
                declared = _declared(leaf.schema)
                names = unexpected.setdefault(path, [])
                names += [n for n in instance if n not in declared and n not in names]
            elif path not in flagged:
                wrong.setdefault(path, _describe(leaf))
    problems: list[Problem] = []
    for path, names in unexpected.items():
        for name in names:
            match = get_close_matches(str(name), missing.get(path, []), n=1, cutoff=0.75)
            if match:
                missing[path].remove(match[0])  # one problem: the spelling
            fix = f"did you mean '{match[0]}'? Correct its spelling" if match else \
                "remove the field or correct its spelling"
            problems.append(doc.problem((*path, name), f"{_where(path)}: {name!r} was "
                                                       f"unexpected; {fix}"))
    problems[:0] = [doc.problem(path, f"{_where(path)}: missing required field '{name}'; add "
                                      "it (see the schema or `gcm-portal new-country XX` for "
                                      "an example)")
                    for path, names in missing.items() for name in names]
    for path, message in wrong.items():
        if path in alternatives and path in missing:
            continue  # the missing field is the problem; the alternatives only repeat it
        problems.append(doc.problem(path, message))
    return problems


_URL_FORBIDDEN = frozenset('"\'<>\\`')


def url_problem(url: str, schemes: Collection[str] = ("https",)) -> str | None:
    """Why ``url`` cannot be a link's address, or None when it can.

    A pattern such as ``^https://`` lets ``https://x" onmouseover="...`` through: the
    address must parse, with a host, and hold nothing that ends an HTML attribute.

    >>> url_problem("https://example.org/a?b=c")
    >>> print(url_problem('https://x.example/" onmouseover="alert(1)'))
    '"' is not allowed in an address; percent-encode it as %22, or remove it
    >>> url_problem("tel:+4930123", ("https", "tel"))
    """
    for char in url:
        if char.isspace() or unicodedata.category(char)[0] == "C":
            return f"{describe(char)} is not allowed in an address; remove it"
        if char in _URL_FORBIDDEN:
            return f"{char!r} is not allowed in an address; percent-encode it as " \
                   f"%{ord(char):02X}, or remove it"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as exc:
        return f"{url!r} is not a valid address ({exc})"
    shown = " or ".join(f"{s}:" + "//" * (s in ("https", "http")) for s in schemes)
    if parts.scheme not in schemes:
        return f"{url!r} must start with {shown}"
    if parts.scheme == "https" and not parts.hostname:
        return f"{url!r} has no host name; write a full address, e.g. https://example.org/"
    if parts.scheme == "mailto" and "@" not in parts.path:
        return f"{url!r} has no e-mail address; write e.g. mailto:editors@example.org"
    if parts.scheme == "tel" and not (parts.path and set(parts.path) <= set("+0123456789-.()")):
        return f"{url!r} is not a phone number; write e.g. tel:+49-30-1234567"
    return None


def _text_kinds(data: dict[str, Any]) -> set[PathKey]:
    """The paths of prose: the schema's translatable text (opening hours aside, they are
    times) and the titles of sources. Every other string is a literal."""
    prose = {key for key, _ in translatable_strings(data) if key[-1] != "hours"}
    for key, value in _walk(data, ()):
        if len(key) >= 3 and key[-1] == "title" and key[-3] == "sources" \
                and isinstance(value, str):
            prose.add(key)
    return prose


PLACEHOLDER = "[REPLACE]"
"""Starts every value ``new_country`` leaves for the editor to write. ``check`` refuses a
country file that still holds one (``placeholder_problem``), so an untouched
placeholder is never published. A fee is one too: 0 would read as "free"."""
PLACEHOLDER_URL = "https://replace-with-the-official-page.invalid/"
"""Written for every official page the editor must find: ``.invalid`` never resolves
(RFC 6761), and ``check`` refuses it."""


def placeholder_problem(value: str) -> str | None:
    """Why ``value`` cannot be published: a placeholder that ``gcm-portal new-country``
    wrote (it marks each one, see ``PLACEHOLDER``), or None.

    >>> placeholder_problem("[REPLACE] what the permit is for")
    'placeholder left from `gcm-portal new-country`: replace it with what the permit is for'
    >>> placeholder_problem("Work in a job that fits your training.")
    """
    if value.startswith(PLACEHOLDER_URL):
        what = "the https:// address of the official page"
    elif PLACEHOLDER in value:
        what = value.split(PLACEHOLDER, 1)[1].strip() or "the real value"
    else:
        return None
    return f"placeholder left from `gcm-portal new-country`: replace it with {what}"


def _language_problem(key: PathKey, code: str) -> str | None:
    """A helpline language CLDR does not know: readers would see the bare code.

    >>> _language_problem(("languages", 0), "fa-AF")
    >>> print(_language_problem(("languages", 0), "eng"))  # doctest: +ELLIPSIS
    languages.0: 'eng' is not a language code CLDR knows; write it as the portal's...
    """
    if code.split("-")[0] in Locale("en").languages:
        return None
    return f"{_where(key)}: '{code}' is not a language code CLDR knows; write it as the " \
        "portal's languages are written, e.g. en, ar, fa-AF"


def _string_problems(doc: YamlDoc) -> tuple[list[Problem], set[PathKey]]:
    """Placeholders left from the scaffold, invisible characters in every string and links
    that are not safe addresses, with the paths where they were found."""
    problems = []
    flagged: set[PathKey] = set()
    prose = _text_kinds(doc.data)
    for key, value in _walk(doc.data, ()):
        if not isinstance(value, str):
            continue
        placeholder = placeholder_problem(value)
        if placeholder:
            problems.append(doc.problem(key, f"{_where(key)}: {placeholder}"))
            flagged.add(key)  # a number or a date may be the placeholder's text
            continue
        if key and key[-1] in ("url", "register_url"):
            why = url_problem(value)
            messages = [why] if why else []
        else:
            kind = "prose" if key in prose else "literal"
            messages = [finding.message for finding in findings(value, kind)]
        problems += [doc.problem(key, f"{_where(key)}: {message}") for message in messages]
        if messages:
            flagged.add(key)
    return problems, flagged


def validate(doc: YamlDoc) -> list[Problem]:
    """Schema problems plus the rules a schema cannot say, each at its line."""
    data = doc.data
    if not isinstance(data, dict):
        return [doc.problem((), "a country file must be a mapping of fields; start from "
                                "`gcm-portal new-country XX`")]
    strings, flagged = _string_problems(doc)
    problems = _schema_problems(doc, flagged) + strings
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
        # Three capitals, as the schema's pattern asks (else it has said so already).
        if key and key[-1] == "currency" and isinstance(value, str) and len(value) == 3 \
                and value.isupper() and value not in currencies:
            problems.append(doc.problem(key, f"{_where(key)}: '{value}' is not an "
                                             "ISO 4217 currency code, e.g. EUR, USD, AED"))
        if len(key) == 5 and key[0] in _LANGUAGE_LISTS and key[3] == "languages" and \
                isinstance(value, str) and _LANGUAGE_CODE.match(value):
            why = _language_problem(key, value)
            if why:
                problems.append(doc.problem(key, why))
        # A visa's processing time, a procedure step's time.
        timed = key and (key[-1] == "processing_days"
                         or (key[0] == "procedures" and key[-1] == "days"))
        if timed and isinstance(value, dict):
            lo, hi = value.get("min"), value.get("max")
            if isinstance(lo, int) and isinstance(hi, int) and lo > hi:
                problems.append(doc.problem(key, f"{_where(key)}: min ({lo}) is "
                                                 f"greater than max ({hi}); swap them"))
    problems += hours.problems(doc)
    for key in _duplicate_ids(data):
        problems.append(doc.problem(key, f"{_where(key)}: this id is used twice in "
                                         "the list; ids must be unique"))
    problems += _recruiter_problems(doc)
    return problems


def _recruiter_problems(doc: YamlDoc) -> list[Problem]:
    """What the schema cannot say about the register: real dates, in order, and each
    licence number once (a reader looks an agency up by it)."""
    section = doc.data.get("recruiters")
    items = section.get("items") if isinstance(section, dict) else None
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue  # the schema reports it
        key: PathKey = ("recruiters", "items", i)
        dates = {}
        for name in ("valid_from", "valid_until"):
            value = item.get(name)
            if isinstance(value, str) and _ISO_DATE.match(value):
                try:
                    dates[name] = dt.date.fromisoformat(value)
                except ValueError:
                    problems.append(doc.problem((*key, name), f"{_where((*key, name))}: "
                                                f"'{value}' is not a real date; write it as "
                                                "YYYY-MM-DD"))
        if len(dates) == 2 and dates["valid_from"] > dates["valid_until"]:
            problems.append(doc.problem((*key, "valid_until"), f"{_where((*key, 'valid_until'))}"
                                        f": {item['valid_until']} is before valid_from "
                                        f"({item['valid_from']}); copy both dates from the "
                                        "register"))
        licence = item.get("licence")
        if isinstance(licence, str):
            number = " ".join(licence.split()).casefold()
            if number in seen:
                problems.append(doc.problem((*key, "licence"), f"{_where((*key, 'licence'))}: "
                                            f"licence number '{licence}' is listed twice; "
                                            "keep one entry per licence"))
            seen.add(number)
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
            if not isinstance(ident, str):  # the schema reports it
                continue
            if ident in seen:
                yield (section, "items", i, "id")
            seen.add(ident)


def load_country(path: Path, check: bool = True) -> tuple[Country | None, list[Problem]]:
    """``check`` off skips the schema: only for a file validated unchanged before."""
    try:
        doc = load(path) if check else load_checked(path)
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


def unlisted_countries(countries_dir: Path, listed: Collection[str]) -> list[Problem]:
    """Country files the settings do not list: checked all the same (they are published
    the day someone lists them), and a warning that they are not published now."""
    problems: list[Problem] = []
    codes = {code.upper() for code in listed}
    for path in sorted(countries_dir.glob("*.yml")) if countries_dir.is_dir() else []:
        code = path.stem.upper()
        if code in codes:
            continue
        _, found = load_country(path)
        problems += found
        problems.append(Problem(display_path(path), 1, "not listed in "
                                "plugins.gcm-portal.countries in mkdocs.yml, so it is not "
                                f"published; add '{code}' there, or delete the file",
                                "warning"))
    return problems


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
