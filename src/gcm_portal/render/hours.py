"""Local services' opening hours as each locale writes them, and the services grouped.

The data holds day names and ``HH:MM`` times (``model/hours.py``); a page shows them
with Babel's day names, CLDR's short time format (a 12-hour clock with its day periods
in English or Bengali, the 24-hour clock in German or Pashto), the locale's digits, and
CLDR's pattern for a range ("{0} – {1}", "{0} تا {1}"). Every time is a
``<time datetime="HH:MM">``, so a reader's tools know it whatever the script.

Consecutive days with the same hours share one row, and the days a service does not open
are listed too, as closed: a reader sees the whole week.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from babel import Locale
from markupsafe import Markup

from gcm_portal.checks.sanitize import markdown_text
from gcm_portal.model.countries import schema
from gcm_portal.model.hours import WEEKDAYS
from gcm_portal.render import formats

Ranges = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Row:
    """Days ``first`` to ``last`` (indices into ``WEEKDAYS``), open in ``ranges``, or
    closed when there are none."""

    first: int
    last: int
    ranges: Ranges


def _ranges(hours: Iterable[dict[str, str]]) -> Ranges:
    return tuple(sorted((r["open"], r["close"]) for r in hours))


def weekly_rows(weekly: list[dict[str, Any]]) -> list[Row]:
    """The week from Monday, consecutive days with the same hours in one row.

    >>> rows = weekly_rows([{"days": ["tuesday", "monday"],
    ...                      "hours": [{"open": "09:00", "close": "12:00"}]},
    ...                     {"days": ["friday"], "hours": [{"open": "09:00", "close": "12:00"}]}])
    >>> [(r.first, r.last, bool(r.ranges)) for r in rows]
    [(0, 1, True), (2, 3, False), (4, 4, True), (5, 6, False)]
    """
    by_day: dict[int, Ranges] = {}
    for entry in weekly:
        for day in entry["days"]:
            by_day[WEEKDAYS.index(day)] = _ranges(entry["hours"])
    rows: list[Row] = []
    for index in range(len(WEEKDAYS)):
        ranges = by_day.get(index, ())
        if rows and rows[-1].ranges == ranges:
            rows[-1] = Row(rows[-1].first, index, ranges)
        else:
            rows.append(Row(index, index, ranges))
    return rows


_SLOT = re.compile(r"\{([01])\}")


def interval(first: Markup, second: Markup, locale: Locale | str) -> Markup:
    """Two values joined by the locale's range pattern, its own text escaped.

    >>> print(interval(Markup("<b>1</b>"), Markup("2"), "en"))
    <b>1</b>\u2009–\u20092
    """
    values = (first, second)
    out = Markup()
    for i, part in enumerate(_SLOT.split(formats.interval_pattern(locale))):
        out += values[int(part)] if i % 2 else markdown_text(part)
    return out


def time_element(value: str, locale: Locale | str) -> Markup:
    """A time as the locale writes it, in a ``<time>`` that says it as HH:MM.

    >>> print(time_element("17:30", "ar"))
    <time datetime="17:30">5:30 م</time>
    """
    return Markup('<time datetime="{}">{}</time>').format(value, formats.time(value, locale))


def time_range(pair: tuple[str, str], locale: Locale | str) -> Markup:
    """Opening to closing time, kept on one line (gcm-a11y.css ``.gcm-nowrap``).

    >>> print(time_range(("09:00", "17:30"), "de"))  # doctest: +NORMALIZE_WHITESPACE
    <span class="gcm-nowrap"><time datetime="09:00">09:00</time>\u2009–\u2009<time
    datetime="17:30">17:30</time></span>
    """
    joined = interval(time_element(pair[0], locale), time_element(pair[1], locale), locale)
    return Markup('<span class="gcm-nowrap">{}</span>').format(joined)


def days(row: Row, locale: Locale | str) -> Markup:
    """A row's days: one day's name, or the first and the last joined as a range.

    >>> print(days(Row(0, 3, ()), "fa_AF"))
    دوشنبه تا پنجشنبه
    """
    first = markdown_text(formats.weekday(row.first, locale))
    if row.first == row.last:
        return first
    return interval(first, markdown_text(formats.weekday(row.last, locale)), locale)


TYPES: tuple[str, ...] = tuple(
    schema()["properties"]["local_services"]["properties"]["items"]["items"]["properties"]
    ["type"]["enum"])
"""The schema's types of local service, in the order a city's services are shown."""


@dataclass(frozen=True)
class City:
    """One city's services, by type in ``TYPES`` order; ``name`` is the data's text."""

    name: str
    types: list[tuple[str, list[dict[str, Any]]]]


def by_city(services: list[dict[str, Any]]) -> list[City]:
    """Services grouped by city, in the order the data first names each city, then by
    type; within a type, in the data's order.

    >>> [(c.name, [t for t, _ in c.types]) for c in by_city([
    ...     {"city": "Berlin", "type": "health"}, {"city": "Hamburg", "type": "shelter"},
    ...     {"city": "Berlin", "type": "information_centre"}])]
    [('Berlin', ['information_centre', 'health']), ('Hamburg', ['shelter'])]
    """
    cities: dict[str, list[dict[str, Any]]] = {}
    for service in services:
        cities.setdefault(service["city"], []).append(service)
    grouped = []
    for name, found in cities.items():
        types = [(kind, [s for s in found if s["type"] == kind]) for kind in TYPES]
        grouped.append(City(name, [(kind, items) for kind, items in types if items]))
    return grouped


def filters(locale: Locale) -> dict[str, Callable[..., Any]]:
    """The opening hours' template filters, bound to one locale."""
    return {
        "weekly_rows": weekly_rows,
        "time_range": lambda pair: time_range(pair, locale),
        "hour_ranges": _ranges,
        "day_range": lambda row: days(row, locale),
        "by_city": by_city,
    }
