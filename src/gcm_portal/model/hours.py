"""Local services' opening hours: the rules a schema cannot say.

The schema (``$defs/opening_hours``) holds each time to HH:MM and each day to its name;
here, each range closes after it opens and overlaps no other, each day has its hours once
and each exceptional date is listed once, either closed or with its hours. Days and times
are data, never text: the pages write them for each locale (``render/hours.py``).
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from typing import Any

from gcm_portal.errors import Problem
from gcm_portal.model.yamlfile import PathKey, YamlDoc

# The days of the weekly hours as the schema writes them, Monday first (ISO 8601), the
# order in which Babel indexes its day names.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")  # the schema's $defs/time
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")  # the schema's $defs/date


def _where(key: PathKey) -> str:
    return ".".join(map(str, key))


def _ranges(doc: YamlDoc, key: PathKey, ranges: list[Any]) -> Iterator[Problem]:
    """A day's ranges of hours: each closes after it opens, none overlaps another. Times
    the schema refuses (not HH:MM) are left to it."""
    valid = [(i, r["open"], r["close"]) for i, r in enumerate(ranges)
             if isinstance(r, dict) and all(isinstance(r.get(name), str) and TIME.match(r[name])
                                            for name in ("open", "close"))]
    for i, opens, closes in valid:
        if closes <= opens:  # HH:MM strings sort as the times do
            where = _where((*key, i, "close"))
            yield doc.problem((*key, i, "close"), f"{where}: {closes} is not later than open "
                                                  f"({opens}); a range closes after it opens, "
                                                  "on the same day")
    ordered = sorted((opens, closes, i) for i, opens, closes in valid if opens < closes)
    for (_, until, before), (opens, _, i) in itertools.pairwise(ordered):
        if opens < until:
            where = _where((*key, i, "open"))
            yield doc.problem((*key, i, "open"), f"{where}: {opens} is within the range "
                                                 f"{_where((*key, before))} (until {until}); "
                                                 "correct the times, or join the two ranges")


def _weekly(doc: YamlDoc, key: PathKey, weekly: list[Any]) -> Iterator[Problem]:
    """Each day in one entry only (else the page would show two sets of hours for it)."""
    seen: dict[str, PathKey] = {}
    for j, entry in enumerate(weekly):
        if not isinstance(entry, dict):
            continue
        days = entry.get("days")
        for k, day in enumerate(days if isinstance(days, list) else []):
            at = (*key, j, "days", k)
            if isinstance(day, str) and day in seen:
                yield doc.problem(at, f"{_where(at)}: {day} has its hours in "
                                      f"{_where(seen[day])} already; list each day once, "
                                      "with all its hours")
            elif isinstance(day, str):
                seen[day] = at
        if isinstance(entry.get("hours"), list):
            yield from _ranges(doc, (*key, j, "hours"), entry["hours"])


def _exceptions(doc: YamlDoc, key: PathKey, exceptions: list[Any]) -> Iterator[Problem]:
    """Each date real and listed once, either closed or with its hours."""
    dates: dict[str, PathKey] = {}
    for j, entry in enumerate(exceptions):
        if not isinstance(entry, dict):
            continue
        at = (*key, j)
        date = entry.get("date")
        if isinstance(date, str) and DATE.match(date):  # else the schema says so
            try:
                dt.date.fromisoformat(date)
            except ValueError:
                yield doc.problem((*at, "date"), f"{_where((*at, 'date'))}: '{date}' is not "
                                                 "a real date; write it as YYYY-MM-DD")
            if date in dates:
                yield doc.problem((*at, "date"), f"{_where((*at, 'date'))}: {date} is listed "
                                                 f"in {_where(dates[date])} already; list "
                                                 "each date once")
            dates.setdefault(date, at)
        closed, ranges = entry.get("closed") is True, entry.get("hours")
        if closed and ranges is not None:
            yield doc.problem((*at, "hours"), f"{_where(at)}: closed, yet with hours; remove "
                                              "closed: true or the hours")
        elif not closed and ranges is None:
            yield doc.problem(at, f"{_where(at)}: say what changes on this date: add "
                                  "closed: true, or its hours")
        if isinstance(ranges, list):
            yield from _ranges(doc, (*at, "hours"), ranges)


def problems(doc: YamlDoc) -> list[Problem]:
    """Every local service's opening hours, checked as the module's docstring says."""
    section = doc.data.get("local_services")
    items = section.get("items") if isinstance(section, dict) else None
    found: list[Problem] = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        hours = item.get("opening_hours") if isinstance(item, dict) else None
        if not isinstance(hours, dict):
            continue  # the schema reports it
        key: PathKey = ("local_services", "items", i, "opening_hours")
        if isinstance(hours.get("weekly"), list):
            found += _weekly(doc, (*key, "weekly"), hours["weekly"])
        if isinstance(hours.get("exceptions"), list):
            found += _exceptions(doc, (*key, "exceptions"), hours["exceptions"])
    return found
