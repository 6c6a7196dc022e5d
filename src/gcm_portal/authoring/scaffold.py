"""Starting files for editors: pages and catalogs that pass ``gcm-portal check`` as they
are, and country files whose placeholders ``check`` refuses until they are written (or
labelled sample data, which passes)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

from babel import Locale
from babel.numbers import get_territory_currencies

from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.i18n import catalogs
from gcm_portal.model import freshness
from gcm_portal.model.countries import (
    PLACEHOLDER,
    PLACEHOLDER_URL,
    SCHEMA_NAME,
    known_country_codes,
    schema_text,
)
from gcm_portal.model.languages import check_code
from gcm_portal.render.pages import MODULE_BY_SLUG

SCHEMA_FOLDER = "schema"
"""Where a portal keeps the country files' schema, beside mkdocs.yml (``write_schema``)."""
GCM_TEXT = "https://undocs.org/en/A/RES/73/195"
"""The Global Compact for Safe, Orderly and Regular Migration: the real source of the
sample files, whose facts are invented."""

COUNTRY = """\
# {name}: country data for gcm-portal, from `gcm-portal new-country {code}`.
# Write every value marked {mark} from official sources, in the portal's default
# language: `gcm-portal check` refuses the file while one is left. Set each section's
# `reviewed` to the date you checked its sources. The currency is CLDR's: check it.
# Translators translate the texts in locales/<lang>/LC_MESSAGES/countries.po.
# yaml-language-server: $schema={schema}
code: {code}
currency: {currency}
sample: false

visas:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official page on visas and permits"
      url: {url}
  items:
    - id: work
      purpose: "{mark} what the permit is for, e.g. Work in a job that fits your training"
      requirements:
        - "{mark} a requirement, e.g. You have a job offer"
      documents:
        - "{mark} a document to bring, e.g. Valid passport"
      fee:
        amount: "{mark} the fee, as a number (0 when it is free)"
        currency: {currency}
      processing_days:
        min: "{mark} the fewest days it takes, as a number"
        max: "{mark} the most days it takes, as a number"
      where_to_apply: "{mark} where to apply"
      url: {url}

documents:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official page on identity and civil documents"
      url: {url}
  items:
    - id: passport
      document: Passport renewal
      authority: "{mark} the authority that issues it"
      requirements:
        - "{mark} a requirement, e.g. Your old passport"
      fee:
        amount: "{mark} the fee, as a number (0 when it is free)"
        currency: {currency}
      where: "{mark} where to apply"

procedures:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official page on the procedure"
      url: {url}
  items:
    - id: recognition
      title: "{mark} what the procedure achieves, e.g. Get a foreign qualification recognised"
      module: pathways  # or documents, services, return: the module whose pages link it
      steps:  # in order; where, documents, fee, days and result are each optional
        - action: "{mark} what to do first, e.g. Find the office that decides on your profession"
          where:  # an office; or online: and url: for an online service
            office: "{mark} the office to go to"
          documents:
            - "{mark} a document to bring, e.g. Valid passport"
          fee:  # leave it out when the fee is not known
            amount: "{mark} the fee, as a number (0 when it is free)"
            currency: {currency}
          days:
            min: "{mark} the fewest days it takes, as a number"
            max: "{mark} the most days it takes, as a number"
          result: "{mark} what the reader receives at the end of the step"

services:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official page on basic services"
      url: {url}
  health:
    rule: "{mark} who can use health care, and how"
    without_status: "{mark} what people without regular status can use"
  education:
    rule: "{mark} who can go to school, and how"
    without_status: "{mark} what children without regular status can use"
  housing:
    rule: "{mark} the rules for renting a home"
    without_status: "{mark} what people without regular status can use"
  social_protection:
    rule: "{mark} who gets social protection"
    without_status: "{mark} what people without regular status can use"
  complaints: "{mark} where to complain when a service is refused"

local_services:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official list of local services"
      url: {url}
  # add services: id, name, type, city, address, opening_hours, languages, cost,
  # asks_residence_status, contact (see the schema)
  items: []

return:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official page on return programmes"
      url: {url}
  items: []  # add programmes: id, name, provider, eligibility, support, contact

embassies:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official list of embassies"
      url: {url}
  items: []  # add embassies: id, name, city, address, phone, hours

helplines:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official page of emergency numbers"
      url: {url}
  items: []  # add helplines: id, name, phone, hours, languages
  emergency:
    - service: general
      number: "{mark} the general emergency number"

living_costs:
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official statistics"
      url: {url}
  items: []  # add costs: id, item, amount, per

recruiters:  # leave the section out if the country keeps no register of recruiters
  reviewed: '{today}'
  sources:
    - title: "{mark} the title of the official register of licensed recruitment agencies"
      url: {url}
  register_url: {url}
  report:
    name: "{mark} the authority that receives complaints about recruiters"
    url: {url}
  fees_prohibited:
    prohibited: "{mark} true if the law prohibits recruitment fees charged to workers, else false"
    source:
      title: "{mark} the title of the law or official page that says so"
      url: {url}
  items: []  # add agencies from the register: name, licence, valid_from, valid_until, status
"""

SAMPLE_COUNTRY = """\
# {name}: SAMPLE country data for gcm-portal, to show what its pages look like.
# Every fact about {code} below is invented; the sources are real pages (the Global
# Compact's text), not the sources of these facts. While `sample: true`, every page
# says so. Replace the facts from official sources, then set `sample: false`.
# yaml-language-server: $schema={schema}
code: {code}
currency: {currency}
sample: true

visas:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: work
      purpose: Work in a job that fits your training (sample entry).
      requirements:
        - You have a job offer. This is sample text.
      documents:
        - Valid passport. This is sample text.
      fee:  # invented
        amount: 100
        currency: {currency}
      processing_days: {{min: 30, max: 90}}  # invented
      where_to_apply: Sample text. The real entry names the office or website.
      url: {gcm}

documents:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: passport
      document: Passport renewal
      authority: Sample text. The real entry names the authority.
      requirements:
        - Your old passport. This is sample text.
      fee:  # invented
        amount: 50
        currency: {currency}
      where: Sample text. The real entry says where to apply.

procedures:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: work-permit
      title: Apply for a work permit (sample entry)
      module: pathways
      steps:
        - action: Collect your documents. This is sample text.
          documents:
            - Valid passport. This is sample text.
          result: A full set of documents (sample).
        - action: Apply at the office. This is sample text.
          where:
            office: Sample text. The real entry names the office.
          fee:  # invented
            amount: 100
            currency: {currency}
          days: {{min: 30, max: 90}}  # invented
          result: A work permit (sample).

services:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  health:
    rule: Sample text. The real entry says who can use health care, and how.
    without_status: Sample text. The Global Compact asks states to give all migrants
      safe access to basic services (Objective 15).
  education:
    rule: Sample text. The real entry says who can go to school, and how.
    without_status: Sample text. The real entry says what children without regular status can use.
  housing:
    rule: Sample text. The real entry gives the rules for renting a home.
    without_status: Sample text. The real entry says what people without regular status can use.
  social_protection:
    rule: Sample text. The real entry says who gets social protection.
    without_status: Sample text. The real entry says what people without regular status can use.
  complaints: Sample text. The real entry says where to complain when a service is refused.

local_services:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: sample-information-centre
      name: Information centre for migrants (sample entry)
      type: information_centre
      city: Sample city
      address: Sample Street 2
      opening_hours:  # invented
        weekly:
          - days: [monday, tuesday, wednesday, thursday, friday]
            hours:
              - {{open: '09:00', close: '12:00'}}
              - {{open: '13:00', close: '17:00'}}
        exceptions:
          - date: '{today}'
            closed: true
            note: Sample text. The real entry says why, e.g. a public holiday.
      languages: {languages}
      cost: free
      asks_residence_status: false  # invented: say whether the real service asks
      contact:
        phone: +00 0000 0200  # not a real number

return:
  reviewed: '{today}'
  sources:
    - title: IOM – Assisted voluntary return and reintegration
      url: https://www.iom.int/assisted-voluntary-return-and-reintegration
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: assisted-voluntary-return
      name: Assisted voluntary return (sample entry)
      provider: Sample text. The real entry names who runs the programme.
      eligibility:
        - You want to go back to your country of origin. This is sample text.
      support:
        - Help with the journey home. This is sample text.
      contact:
        url: https://www.iom.int/assisted-voluntary-return-and-reintegration

embassies:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: sample-consulate
      name: Sample consulate (not a real office)
      city: Sample city
      address: Sample Street 1
      phone: +00 0000 0001  # not a real number
      hours: Monday to Friday, 9:00–13:00 (sample)

helplines:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: sample-advice-line
      name: Migrant advice line (sample entry)
      phone: +00 0000 0100  # not a real number
      hours: Monday to Friday, 9:00–17:00 (sample)
      languages: {languages}
  emergency:
    - service: general
      number: +00 0000 0000  # sample: not {name}'s emergency number; write the real one

living_costs:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  items:
    - id: room-rent
      item: Rent for a room (sample entry)
      amount:  # invented
        amount: 100
        currency: {currency}
      per: month

recruiters:
  reviewed: '{today}'
  sources:
    - title: Global Compact for Safe, Orderly and Regular Migration (A/RES/73/195)
      url: {gcm}
  register_url: {gcm}  # sample: the real entry is the official register's page
  fees_prohibited:  # sample: the real entry says what the law says, with its source
    prohibited: true
    source:
      title: Global Compact for Safe, Orderly and Regular Migration, Objective 6 (A/RES/73/195)
      url: {gcm}
  items:
    - name: Sample Recruiting Agency A (not a real agency)
      licence: SAMPLE-{code}-0001
      valid_from: '{today}'
      valid_until: '{until}'
      status: licensed
    - name: Sample Recruiting Agency B (not a real agency)
      licence: SAMPLE-{code}-0002
      valid_from: '{today}'
      valid_until: '{until}'
      status: suspended
"""


def write_schema(project_dir: Path) -> Path:
    """Write ``schema/country.schema.json`` into a portal, so that the ``$schema`` of its
    country files resolves in editors' tools. Rewritten when the installed gcm-portal's
    schema differs: it is the one ``check`` holds the files to."""
    path = project_dir / SCHEMA_FOLDER / SCHEMA_NAME
    text = schema_text()
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


def _project_of(countries_dir: Path) -> Path:
    """The portal a countries folder belongs to: the nearest folder above it that holds
    mkdocs.yml, else the folder above the docs folder (content/countries/..)."""
    folder = countries_dir.absolute()
    for parent in [folder, *folder.parents]:
        if (parent / "mkdocs.yml").is_file():
            return parent
    return folder.parent.parent


def new_country(countries_dir: Path, code: str, today: dt.date | None = None, *,
                sample: bool = False, project_dir: Path | None = None,
                languages: Sequence[str] = ("en",)) -> Path:
    """Write ``<code>.yml`` for a new country; refuse unknown codes and existing files.

    By default every value is a placeholder (``PLACEHOLDER``) that ``check`` refuses until
    the editor writes it. ``sample`` writes labelled sample data that passes ``check``
    instead: invented facts, fictitious phone numbers (``+00``), real sources, and a
    helpline speaking ``languages``. Its ``$schema`` names ``schema/country.schema.json`` of
    ``project_dir`` (see ``write_schema``; default: the folder of mkdocs.yml)."""
    code = code.upper()
    path = countries_dir / f"{code.lower()}.yml"
    if code not in known_country_codes():
        raise PortalError([Problem(display_path(path), None,
                                   f"unknown country code '{code}'; use an ISO 3166-1 alpha-2 "
                                   "code such as DE or AE")])
    if path.exists():
        raise PortalError([Problem(display_path(path), None,
                                   "this file already exists; edit it instead")])
    schema = (project_dir or _project_of(countries_dir)).absolute() / SCHEMA_FOLDER / SCHEMA_NAME
    currencies = get_territory_currencies(code) or ["USD"]
    today = today or freshness.today()
    text = (SAMPLE_COUNTRY if sample else COUNTRY).format(
        name=Locale("en").territories[code], code=code, currency=currencies[0],
        today=today.isoformat(), mark=PLACEHOLDER, url=PLACEHOLDER_URL,
        until=dt.date(today.year + 3, 12, 31).isoformat(),
        gcm=GCM_TEXT, languages=json.dumps(list(languages)),
        schema=Path(os.path.relpath(schema, countries_dir.absolute())).as_posix())
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
                       today=(today or freshness.today()).isoformat())
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
