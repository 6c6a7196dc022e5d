import pytest

from gcm_portal.render import formats


@pytest.mark.parametrize(("locale", "expected"), [
    ("en", "€75.00"),
    ("fr", "75,00\xa0€"),
    ("es", "75,00\xa0€"),
    ("bn", "৭৫.০০€"),
    ("ne", "€\xa0७५.००"),
])
def test_fees_follow_cldr_for_each_locale(locale, expected):
    assert formats.money(75, "EUR", locale) == expected


def test_pashto_uses_extended_arabic_indic_digits_and_separators():
    text = formats.money(1200.5, "AED", "ps")
    assert "۱" in text and "۲" in text and "٬" in text
    assert not any(ch.isascii() and ch.isdigit() for ch in text)


def test_arabic_keeps_latin_digits_as_cldr_says():
    assert "1,200.50" in formats.money(1200.5, "EUR", "ar")


def test_dates_are_long_cldr_dates():
    assert formats.date("2026-11-20", "es") == "20 de noviembre de 2026"
    assert formats.date("2026-11-20", "bn").endswith("২০২৬")


def test_day_ranges_are_localized():
    assert formats.days(15, 60, "fr") == "15–60\xa0jours"
    assert "१५" in formats.days(15, 60, "ne")
