"""Review dates: facts about visas and fees go stale, and stale facts cost readers.

Every page's front matter and every country section says when it was last
``reviewed``. Past ``review_warning_days`` the check warns; past
``review_error_days`` it stops the check and the build, so an unmaintained portal
does not go on publishing old fees as current. "Today" is a parameter, so the
result is the same on every machine and in tests.

Every check and every notice asks one clock, :func:`today`: ``SOURCE_DATE_EPOCH`` when
set, else the system date. ``check --today`` passes its date instead; nothing else reads
the wall clock, so a pinned build says the same thing next year as it does today.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

from gcm_portal.errors import PortalError, Problem
from gcm_portal.model.countries import SECTIONS, Country
from gcm_portal.model.yamlfile import PathKey, YamlDoc

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EPOCH = "SOURCE_DATE_EPOCH"


def today(environ: Mapping[str, str] | None = None) -> dt.date:
    """The date a check or build speaks for: ``SOURCE_DATE_EPOCH`` (UTC) when set, else today.

    The one place that reads the clock, so that a pinned run never depends on the day.

    >>> today({"SOURCE_DATE_EPOCH": "1795478400"})
    datetime.date(2026, 11, 24)
    >>> today({"SOURCE_DATE_EPOCH": "next week"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    gcm_portal.errors.PortalError: SOURCE_DATE_EPOCH: error: 'next week' is not a number ...
    """
    epoch = (os.environ if environ is None else environ).get(EPOCH, "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    except (ValueError, OverflowError, OSError):
        problem = Problem(EPOCH, None, f"{epoch!r} is not a number of seconds since "
                                       "1970-01-01 UTC; set it to one (date +%s) or unset it")
        raise PortalError([problem]) from None


@dataclass(frozen=True)
class ReviewPolicy:
    """How old a review may be, as of ``today``."""

    today: dt.date
    warning_days: int = 180
    error_days: int = 365


def review_problem(doc: YamlDoc, key: PathKey, label: str, value: object,
                   policy: ReviewPolicy) -> Problem | None:
    """The problem with one ``reviewed`` date, if any (malformed dates are reported elsewhere).

    >>> from pathlib import Path
    >>> doc = YamlDoc(Path("a.md"), {"reviewed": "2025-01-01"}, {("reviewed",): 3})
    >>> review_problem(doc, ("reviewed",), "reviewed", "2025-01-01",
    ...                ReviewPolicy(dt.date(2025, 9, 1))).message.split(";")[0]
    'reviewed: 2025-01-01 is 243 days old, more than review_warning_days (180)'
    """
    if not isinstance(value, str) or not _DATE.match(value):
        return None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return doc.problem(key, f"{label}: '{value}' is not a real date; write it as YYYY-MM-DD")
    age = (policy.today - date).days
    if age < -1:  # a day's grace for time zones
        return doc.problem(key, f"{label}: {value} is in the future; write the date of the "
                                "last review")
    fix = "check it against its sources, then set the date of your review"
    if age > policy.error_days:
        return doc.problem(key, f"{label}: {value} is {age} days old, more than "
                                f"review_error_days ({policy.error_days}); {fix}")
    if age > policy.warning_days:
        return doc.problem(key, f"{label}: {value} is {age} days old, more than "
                                f"review_warning_days ({policy.warning_days}); {fix}",
                           "warning")
    return None


def check_page(doc: YamlDoc, policy: ReviewPolicy) -> list[Problem]:
    """The review date in a page's front matter."""
    meta = doc.data if isinstance(doc.data, dict) else {}
    problem = review_problem(doc, ("reviewed",), "front matter: reviewed",
                             meta.get("reviewed"), policy)
    return [problem] if problem else []


def check_country(country: Country, policy: ReviewPolicy) -> list[Problem]:
    """The review date of every section of a country file."""
    problems = []
    for section in SECTIONS:
        value = country.data.get(section, {}).get("reviewed")
        problem = review_problem(country.doc, (section, "reviewed"), f"{section}.reviewed",
                                 value, policy)
        if problem:
            problems.append(problem)
    return problems + expired_licences(country, policy.today)


def expired_licences(country: Country, today: dt.date) -> list[Problem]:
    """Agencies shown as licensed whose licence ended before ``today``: readers would
    trust a recruiter the register no longer lists as licensed.

    >>> from pathlib import Path
    >>> data = {"recruiters": {"items": [{"licence": "A-1", "status": "licensed",
    ...                                   "valid_until": "2026-10-31"}]}}
    >>> doc = YamlDoc(Path("de.yml"), data, {("recruiters", "items", 0, "valid_until"): 9})
    >>> print(expired_licences(Country("DE", data, doc), dt.date(2026, 11, 24))[0])
    ... # doctest: +ELLIPSIS
    de.yml:9: error: recruiters.items.0.valid_until: licence A-1 ended on 2026-10-31, ...
    """
    section = country.data.get("recruiters")
    problems = []
    for i, item in enumerate(section.get("items", []) if isinstance(section, dict) else []):
        until = item.get("valid_until")
        if item.get("status") != "licensed" or not isinstance(until, str) \
                or not _DATE.match(until):
            continue
        try:
            ended = dt.date.fromisoformat(until)
        except ValueError:
            continue  # validation reports it
        if ended < today:
            key = ("recruiters", "items", i, "valid_until")
            problems.append(country.doc.problem(key, (
                f"recruiters.items.{i}.valid_until: licence {item.get('licence')} ended on "
                f"{until}, before today ({today.isoformat()}), but its status is 'licensed'; "
                "check the official register, then copy its new dates or its status "
                "(suspended, revoked), or remove the agency")))
    return problems
