"""The portal's settings: one place, under the ``gcm-portal`` plugin in ``mkdocs.yml``.

The language list here drives mkdocs-static-i18n, the theme language and the
text direction, so there is no second list to keep in sync.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from gcm_portal.countries import known_country_codes
from gcm_portal.errors import Problem, display_path
from gcm_portal.languages import check_code


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


def _line_of(config_file: Path | None, value: str) -> int | None:
    """The first line of mkdocs.yml that mentions ``value``, so errors point at it."""
    if config_file is None or not config_file.exists():
        return None
    pattern = re.compile(rf"(?<![\w-]){re.escape(value)}(?![\w-])")
    for number, line in enumerate(config_file.read_text(encoding="utf-8").splitlines(), 1):
        if pattern.search(line.split("#", 1)[0]):
            return number
    return None


def check(config: PortalConfig, config_file: Path | None) -> list[Problem]:
    """Rules that span several settings, each reported at its line in mkdocs.yml."""
    shown = display_path(config_file) if config_file else "mkdocs.yml"
    problems = []

    def problem(value: str, message: str) -> None:
        problems.append(Problem(shown, _line_of(config_file, value), message))

    for code in config.only_languages:
        if code not in config.languages:
            problems.append(Problem(shown, None, f"--lang {code}: not one of the portal's "
                                    f"languages ({', '.join(config.languages)})"))
    for code in config.only_countries:
        if code not in config.countries:
            problems.append(Problem(shown, None, f"--country {code}: not one of the portal's "
                                    f"countries ({', '.join(config.countries)})"))
    if not config.languages:
        problem("languages", "plugins.gcm-portal.languages: list at least one language, "
                             "e.g. [en]")
    seen: set[str] = set()
    for code in config.languages:
        why = check_code(code)
        if why:
            problem(code, f"plugins.gcm-portal.languages: {why}")
        if code in seen:
            problem(code, f"plugins.gcm-portal.languages: '{code}' is listed twice")
        seen.add(code)
    if config.languages and config.default_language not in config.languages:
        problem(config.default_language,
                f"plugins.gcm-portal.default_language: '{config.default_language}' is not in "
                f"languages; add it there or choose one of: {', '.join(config.languages)}")
    known = known_country_codes()
    for code in config.countries:
        if code not in known:
            hint = f"; write it in capitals: '{code.upper()}'" if code.upper() in known else \
                "; use an ISO 3166-1 alpha-2 code such as DE or AE"
            problem(code, f"plugins.gcm-portal.countries: unknown country code '{code}'{hint}")
    if config.publisher.country and config.publisher.country not in known:
        problem(config.publisher.country, "plugins.gcm-portal.publisher.country: unknown "
                f"country code '{config.publisher.country}'")
    for item in config.help:
        if not item.phone and not item.url:
            problem(item.label, f"plugins.gcm-portal.help: '{item.label}' needs a phone or a url")
    if not 0 < config.review_warning_days <= config.review_error_days:
        problem("review_warning_days", "plugins.gcm-portal.review_warning_days: must be a "
                f"number of days above 0 and at most review_error_days "
                f"({config.review_error_days})")
    if not config.data_license.strip():
        problem("data_license", "plugins.gcm-portal.data_license: write the data's licence as "
                                "an SPDX id, e.g. CC-BY-4.0")
    if config.report_url is not None:
        why = check_report_url(config.report_url)
        if why:
            problem("report_url", f"plugins.gcm-portal.report_url: {why}")
    return problems


_REPORT_FIELDS = frozenset({"url", "title"})


def check_report_url(template: str) -> str | None:
    """Why ``template`` cannot be the report link, or None when it can.

    >>> check_report_url("https://github.com/o/r/issues/new?title={title}&body={url}")
    >>> check_report_url("mailto:editors@example.org?subject={page}")
    "unknown placeholder '{page}'; use {url} and {title}"
    """
    if not template.startswith(("https://", "mailto:")):
        return f"{template!r} must start with https:// or mailto:"
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        return f"{exc}; write '{{{{' and '}}}}' for a literal brace"
    unknown = sorted(fields - _REPORT_FIELDS)
    if unknown:
        return f"unknown placeholder '{{{unknown[0]}}}'; use {{url}} and {{title}}"
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
