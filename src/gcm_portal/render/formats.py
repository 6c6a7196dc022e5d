"""Amounts, numbers, dates and times written for the reader's locale, as CLDR says.

Digits follow the locale's default numbering system, so a Bengali reader sees
Bengali digits and an Arabic reader Arabic-Indic digits, as CLDR prescribes.
"""

from __future__ import annotations

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_time, get_day_names
from babel.numbers import format_currency, format_decimal
from babel.units import format_unit, get_unit_name

NUMBERING = "default"

# The zero digit of each decimal numbering system, from CLDR's numberingSystems.xml.
# Babel formats with a system's symbols but always writes Latin digits, so the
# digits are swapped here; the system a locale uses still comes from CLDR.
_ZERO = {
    "arab": "\u0660", "arabext": "\u06f0", "beng": "\u09e6", "deva": "\u0966",
    "gujr": "\u0ae6", "guru": "\u0a66", "khmr": "\u17e0", "knda": "\u0ce6",
    "laoo": "\u0ed0", "mlym": "\u0d66", "mymr": "\u1040", "orya": "\u0b66",
    "tamldec": "\u0be6", "telu": "\u0c66", "thai": "\u0e50", "tibt": "\u0f20",
    "olck": "\u1c50", "mtei": "\uabf0",
}


def native_digits(text: str, locale: Locale | str) -> str:
    """Write ``text``'s Latin digits in the locale's default CLDR numbering system.

    >>> native_digits("2026", "bn"), native_digits("2026", "en")
    ('২০২৬', '2026')
    """
    system = Locale.parse(locale).default_numbering_system
    zero = _ZERO.get(system)
    if zero is None:
        return text
    return text.translate({ord("0") + i: ord(zero) + i for i in range(10)})


_MARK_DIRECTION = {"\u200e": "ltr", "\u200f": "rtl", "\u061c": "rtl"}


def without_marks(text: str) -> tuple[str | None, str]:
    """The direction CLDR's bidi marks give a formatted value, and the value without them.

    CLDR writes RIGHT-TO-LEFT MARK into some patterns (Arabic currency, the UAE dirham's
    symbol) so that the symbol sits where readers expect it. The site isolates every
    amount in its own ``<bdi>`` and gives it that direction instead, so that no control
    character is ever part of a number a reader copies, or a check reads.

    >>> without_marks("\u200f75.00\xa0د.إ.\u200f")
    ('rtl', '75.00\xa0د.إ.')
    >>> without_marks("€75.00")
    (None, '€75.00')
    """
    return _MARK_DIRECTION.get(text[:1]), text.translate({ord(m): None for m in _MARK_DIRECTION})


def money(amount: float, currency: str, locale: Locale | str) -> str:
    """A fee or cost in the locale's currency format.

    >>> money(75, "EUR", "fr")
    '75,00\\xa0€'
    >>> money(1200.5, "EUR", "en")
    '€1,200.50'
    >>> money(75, "EUR", "bn")
    '৭৫.০০€'
    """
    text = format_currency(amount, currency, locale=locale, numbering_system=NUMBERING)
    return native_digits(text, locale)


def number(value: float, locale: Locale | str) -> str:
    """A plain number with the locale's separators and digits.

    >>> number(1234, "ne")
    '१,२३४'
    """
    return native_digits(format_decimal(value, locale=locale, numbering_system=NUMBERING), locale)


def date(value: str | dt.date, locale: Locale | str) -> str:
    """A review date, written as CLDR's long date for the locale.

    >>> date("2026-11-20", "en")
    'November 20, 2026'
    >>> date("2026-11-20", "fr")
    '20 novembre 2026'
    """
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    return native_digits(format_date(value, format="long", locale=locale), locale)


def days(low: int, high: int, locale: Locale | str, fallback: str = "%(range)s days") -> str:
    """A processing time such as '15–60 days', with localized digits and unit.

    CLDR (as Babel ships it) has no 'day' unit for some languages, Bengali and
    Pashto among them; then ``fallback``, a translated pattern, is used.

    >>> days(15, 60, "en")
    '15–60 days'
    >>> days(7, 7, "en")
    '7 days'
    >>> days(15, 60, "bn", fallback="%(range)s দিন")
    '১৫–৬০ দিন'
    >>> "0–1 " in days(0, 1, "ar") and "2 " in days(2, 2, "ar")
    True
    """
    shown = number(high, locale) if low == high else f"{number(low, locale)}–{number(high, locale)}"
    if get_unit_name("duration-day", locale=locale) is None:
        return fallback % {"range": shown}
    # Some forms write no number: Arabic's "one day" is "يوم", its "two days" "يومان". A
    # range needs one, so those take the form of a number that is written.
    for value in (high, 100, 11, 5):
        unit = native_digits(
            format_unit(value, "duration-day", locale=locale, numbering_system=NUMBERING),
            locale)
        if number(value, locale) in unit:
            return unit.replace(number(value, locale), shown, 1)
    return fallback % {"range": shown}


def time(value: str, locale: Locale | str) -> str:
    """A time of day (``HH:MM``) in the locale's short time format: the 24-hour or the
    12-hour clock, as CLDR says the locale writes it.

    >>> time("17:30", "en"), time("17:30", "de")
    ('5:30\\u202fPM', '17:30')
    >>> time("09:00", "bn"), time("09:00", "ps")
    ('৯:০০ AM', '۹:۰۰')
    """
    hour, minute = value.split(":")
    return native_digits(format_time(dt.time(int(hour), int(minute)), format="short",
                                     locale=locale), locale)


def weekday(index: int, locale: Locale | str) -> str:
    """The name of a day of the week, Monday being 0, as the locale writes it on its own
    (CLDR's stand-alone form, for a table's row).

    >>> weekday(0, "en"), weekday(4, "ar"), weekday(6, "bn")
    ('Monday', 'الجمعة', 'রবিবার')
    """
    return get_day_names("wide", context="stand-alone", locale=locale)[index]


def interval_pattern(locale: Locale | str) -> str:
    """CLDR's pattern for a range of any two values, ``{0}`` to ``{1}``: a range of days
    or of times.

    >>> interval_pattern("en"), interval_pattern("fa-AF".replace("-", "_"))
    ('{0}\\u2009–\\u2009{1}', '{0} تا {1}')
    """
    return Locale.parse(locale).interval_formats.get(None) or "{0}–{1}"
