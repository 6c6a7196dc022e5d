"""Starting files that pass ``gcm-portal check`` as they are, for editors to fill in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from babel import Locale
from babel.numbers import get_territory_currencies

from gcm_portal import catalogs
from gcm_portal.countries import known_country_codes
from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.languages import check_code
from gcm_portal.pages import MODULE_BY_SLUG

COUNTRY = """\
# {name}: country data for gcm-portal.
# Text fields are written in the portal's default language; translators translate
# them in locales/<lang>/LC_MESSAGES/countries.po (run `gcm-portal i18n extract`).
# Every value below is a placeholder: replace it, then set `sample: false`.
# yaml-language-server: $schema=../../src/gcm_portal/schema/country.schema.json
code: {code}
currency: {currency}
sample: true

visas:
  reviewed: '{today}'
  sources:
    - title: Official immigration website (replace)
      url: https://example.org/replace-with-official-page
  items:
    - id: work
      purpose: Work (replace with the permit's purpose)
      requirements:
        - Replace with a requirement
      documents:
        - Valid passport
      fee: {{amount: 0, currency: {currency}}}
      processing_days: {{min: 0, max: 0}}
      where_to_apply: Replace with where to apply
      url: https://example.org/replace-with-official-page

documents:
  reviewed: '{today}'
  sources:
    - title: Official civil registry website (replace)
      url: https://example.org/replace-with-official-page
  items:
    - id: passport
      document: Passport renewal
      authority: Replace with the issuing authority
      requirements:
        - Replace with a requirement
      fee: {{amount: 0, currency: {currency}}}
      where: Replace with where to apply

services:
  reviewed: '{today}'
  sources:
    - title: Official services website (replace)
      url: https://example.org/replace-with-official-page
  health:
    rule: Replace with who can use health care and how.
    without_status: Replace with what people without regular status can use.
  education:
    rule: Replace with who can go to school and how.
    without_status: Replace with what children without regular status can use.
  housing:
    rule: Replace with the rules for renting a home.
    without_status: Replace with what people without regular status can use.
  social_protection:
    rule: Replace with who gets social protection.
    without_status: Replace with what people without regular status can use.
  complaints: Replace with where to complain when a service is refused.

return:
  reviewed: '{today}'
  sources:
    - title: Official return programme website (replace)
      url: https://example.org/replace-with-official-page
  items: []

embassies:
  reviewed: '{today}'
  sources:
    - title: Official list of embassies (replace)
      url: https://example.org/replace-with-official-page
  items: []

helplines:
  reviewed: '{today}'
  sources:
    - title: Official emergency numbers (replace)
      url: https://example.org/replace-with-official-page
  items: []
  emergency:
    - service: general
      number: '112'

living_costs:
  reviewed: '{today}'
  sources:
    - title: Official statistics (replace)
      url: https://example.org/replace-with-official-page
  items: []
"""


def new_country(countries_dir: Path, code: str, today: dt.date | None = None) -> Path:
    """Write ``<code>.yml`` for a new country; refuse unknown codes and existing files."""
    code = code.upper()
    path = countries_dir / f"{code.lower()}.yml"
    if code not in known_country_codes():
        raise PortalError([Problem(display_path(path), None,
                                   f"unknown country code '{code}'; use an ISO 3166-1 alpha-2 "
                                   "code such as DE or AE")])
    if path.exists():
        raise PortalError([Problem(display_path(path), None,
                                   "this file already exists; edit it instead")])
    currencies = get_territory_currencies(code) or ["USD"]
    text = COUNTRY.format(name=Locale("en").territories[code], code=code,
                          currency=currencies[0], today=(today or dt.date.today()).isoformat())
    countries_dir.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


PAGE = """\
---
title: {title}
summary: Replace with one sentence that says what the reader learns on this page.
objective: {objective}
reviewed: {today}
sources:
  - title: Replace with the title of the official page this text is based on
    url: https://example.org/replace-with-official-page
---

Replace this paragraph with the first lines of the page. Use short sentences and everyday words.

## Replace with the first heading

Replace with the text of this section. The title above is the page's only big heading.
"""
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def new_page(docs_dir: Path, target: str, today: dt.date | None = None) -> Path:
    """Write ``<module>/<slug>.md`` with the front matter the module's pages need."""
    module_slug, _, slug = target.removesuffix(".md").partition("/")
    module = MODULE_BY_SLUG.get(module_slug)
    modules = ", ".join(MODULE_BY_SLUG)
    if not slug or "/" in slug:
        raise PortalError([Problem(target, None, "write the page as MODULE/SLUG, e.g. "
                                   f"pathways/finding-work (modules: {modules})")])
    path = docs_dir / module_slug / f"{slug}.md"
    if module is None:
        raise PortalError([Problem(display_path(path), None, f"unknown module '{module_slug}'; "
                                   f"use one of: {modules}")])
    if not _SLUG.match(slug):
        raise PortalError([Problem(display_path(path), None, f"'{slug}' cannot be a page name; "
                                   "use lower-case letters, digits and hyphens, e.g. "
                                   "finding-work")])
    if path.exists():
        raise PortalError([Problem(display_path(path), None,
                                   "this file already exists; edit it instead")])
    text = PAGE.format(title=slug.replace("-", " ").capitalize(), objective=module.objective,
                       today=(today or dt.date.today()).isoformat())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def new_language(locales_dir: Path, code: str, default: str) -> list[Path]:
    """Create a language's catalogs from the templates; never touches existing ones."""
    shown = display_path(locales_dir / catalogs.locale_dir_name(code))
    why = check_code(code)
    if why or code == default:
        raise PortalError([Problem(shown, None, why or f"'{code}' is the default language; "
                                   "pages are written in it, so it needs no translations")])
    templates = [catalogs.pot_path(locales_dir, domain) for domain in catalogs.DOMAINS]
    problems = [Problem(display_path(pot), None, "missing template; run `gcm-portal i18n "
                        "extract` first") for pot in templates if not pot.exists()]
    missing = [domain for domain in catalogs.DOMAINS
               if not catalogs.po_path(locales_dir, code, domain).exists()]
    if not missing:
        problems.append(Problem(shown, None, "this language has its catalogs already; run "
                                "`gcm-portal i18n update` to bring them up to date"))
    if problems:
        raise PortalError(problems)
    return [path for domain in missing for path in catalogs.update(locales_dir, [code], domain)]
