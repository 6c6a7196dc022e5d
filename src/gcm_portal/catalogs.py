"""Gettext catalogs in ``locales/``: the interface strings and the country data text.

Two domains, each a standard PO file that Weblate, Crowdin and Pootle read::

    locales/portal.pot                      interface strings (ours and Material's)
    locales/countries.pot                   text fields of content/countries/*.yml
    locales/<lang>/LC_MESSAGES/<domain>.po  one translation per language

Catalogs are compiled in memory at build time, so no ``.mo`` file is committed
and a translator's change shows on the next build. Fuzzy entries are not used.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po, write_po
from babel.support import NullTranslations, Translations

from gcm_portal.errors import PortalError, Problem, display_path

DOMAINS = ("portal", "countries")
PROJECT = "gcm-portal"


def locale_dir_name(code: str) -> str:
    """Gettext writes regions with an underscore: ``pt-BR`` lives in ``pt_BR``."""
    return code.replace("-", "_")


def po_path(locales_dir: Path, code: str, domain: str) -> Path:
    return locales_dir / locale_dir_name(code) / "LC_MESSAGES" / f"{domain}.po"


def pot_path(locales_dir: Path, domain: str) -> Path:
    return locales_dir / f"{domain}.pot"


def read_catalog(path: Path, code: str | None = None, domain: str | None = None) -> Catalog:
    try:
        with path.open("rb") as fp:
            return read_po(fp, locale=code.replace("-", "_") if code else None,
                           domain=domain, abort_invalid=True)
    except PoFileError as exc:
        line = getattr(exc, "lineno", None)  # Babel counts from 0 here
        reason = re.sub(r" on \d+$", "", str(exc))
        raise PortalError([Problem(display_path(path), None if line is None else line + 1,
                                   f"invalid PO file: {reason}; check the quotes and the "
                                   "msgid/msgstr pairs")]) from None


def check_catalog(path: Path, catalog: Catalog) -> list[Problem]:
    """Placeholders a translation lost or added, which would break a page at build time."""
    problems = []
    for message, errors in catalog.check():
        for error in errors:
            problems.append(Problem(display_path(path), message.lineno,
                                    f"translation of {message.id!r}: {error}"))
    return problems


@dataclass(frozen=True)
class LanguageCatalogs:
    """The compiled translations of one language, one per domain."""

    portal: NullTranslations
    countries: NullTranslations


def _compile(catalog: Catalog, domain: str) -> Translations:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def load(locales_dir: Path, code: str) -> tuple[LanguageCatalogs, list[Problem]]:
    """Compile a language's catalogs; a missing catalog means the strings stay untranslated."""
    compiled: dict[str, NullTranslations] = {}
    problems: list[Problem] = []
    for domain in DOMAINS:
        path = po_path(locales_dir, code, domain)
        if not path.exists():
            compiled[domain] = NullTranslations()
            continue
        try:
            catalog = read_catalog(path, code, domain)
        except PortalError as exc:
            problems.extend(exc.problems)
            compiled[domain] = NullTranslations()
            continue
        problems.extend(check_catalog(path, catalog))
        compiled[domain] = _compile(catalog, domain)
    return LanguageCatalogs(**compiled), problems


class Compiled(dict[str, LanguageCatalogs]):
    """Each language's catalogs, compiled when first asked for if not loaded before: an
    incremental build needs only those of the languages it rebuilds."""

    def __init__(self, locales_dir: Path) -> None:
        super().__init__()
        self.locales_dir = locales_dir

    def __missing__(self, code: str) -> LanguageCatalogs:
        self[code], _ = load(self.locales_dir, code)
        return self[code]


def new_template(domain: str) -> Catalog:
    return Catalog(project=PROJECT, domain=domain, charset="utf-8",
                   creation_date=dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc),
                   fuzzy=False)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """Write a PO/POT file without volatile dates, so it changes only when strings change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog.revision_date = catalog.creation_date
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, sort_output=False, omit_header=False,
             include_previous=True)
    path.write_bytes(buffer.getvalue())


def update(locales_dir: Path, codes: Iterable[str], domain: str) -> list[Path]:
    """Merge a domain's template into every language's catalog, creating missing ones."""
    template = read_catalog(pot_path(locales_dir, domain))
    written = []
    for code in codes:
        path = po_path(locales_dir, code, domain)
        if path.exists():
            catalog = read_catalog(path, code, domain)
            catalog.update(template, update_header_comment=False)
        else:
            catalog = Catalog(locale=Locale.parse(code, sep="-"), domain=domain,
                              project=PROJECT, charset="utf-8",
                              creation_date=template.creation_date, fuzzy=False)
            catalog.update(template)
        write_catalog(path, catalog)
        written.append(path)
    return written


def compile_mo(locales_dir: Path, codes: Iterable[str]) -> list[Path]:
    """Write .mo files for tools that want them (the build itself compiles in memory)."""
    written = []
    for code in codes:
        for domain in DOMAINS:
            path = po_path(locales_dir, code, domain)
            if not path.exists():
                continue
            mo = path.with_suffix(".mo")
            with mo.open("wb") as fp:
                write_mo(fp, read_catalog(path, code, domain), use_fuzzy=False)
            written.append(mo)
    return written
