"""What a procedure page adds up: the known fees, by currency, and the known times.

A step without a fee or a time is one the editors do not know: it is left out of the
total, and the page says so, so that a reader never takes a partial sum for the cost
of the whole procedure. A fee of 0 is known: the step is free.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Totals:
    """A procedure's known fees (``{"amount", "currency"}`` mappings, one per currency, in
    the order the steps name them) and known days, and whether some steps lack either."""

    fees: tuple[dict[str, Any], ...]
    fees_unknown: bool
    days: tuple[int, int] | None
    days_unknown: bool


def totals(steps: list[dict[str, Any]]) -> Totals:
    """The sums of the steps' fees and days.

    >>> t = totals([{"fee": {"amount": 0, "currency": "EUR"}, "days": {"min": 0, "max": 1}},
    ...             {"days": {"min": 7, "max": 21}},
    ...             {"fee": {"amount": 200, "currency": "EUR"}}])
    >>> t.fees, t.fees_unknown, t.days, t.days_unknown
    (({'amount': 200, 'currency': 'EUR'},), True, (7, 22), True)
    >>> totals([{"action": "Ask"}]).fees, totals([{"action": "Ask"}]).days
    ((), None)
    """
    fees: dict[str, float] = {}
    low = high = 0
    timed = False
    for step in steps:
        fee = step.get("fee")
        if fee is not None:
            fees[fee["currency"]] = fees.get(fee["currency"], 0) + fee["amount"]
        days = step.get("days")
        if days is not None:
            low, high, timed = low + days["min"], high + days["max"], True
    return Totals(
        fees=tuple({"amount": amount, "currency": currency} for currency, amount in fees.items()),
        fees_unknown=any(step.get("fee") is None for step in steps),
        days=(low, high) if timed else None,
        days_unknown=any(step.get("days") is None for step in steps),
    )


def of_module(data: dict[str, Any], module: str | None = None) -> list[dict[str, Any]]:
    """A country's procedures, or those that belong to one content module.

    >>> of_module({"procedures": {"items": [{"id": "a", "module": "pathways"}]}}, "return")
    []
    >>> of_module({})
    []
    """
    items = data.get("procedures", {}).get("items", [])
    return [p for p in items if module is None or p["module"] == module]
