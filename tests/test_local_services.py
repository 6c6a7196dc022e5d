"""Local services: their data checked at its line, their page written as each locale writes
days and times, grouped by city and type, with the firewall said plainly."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from pathlib import Path

import lxml.html
import pytest
from babel.dates import get_day_names, get_time_format
from projects import ROOT, run_cli

from gcm_portal.authoring import scaffold
from gcm_portal.checks.sanitize import clean_body
from gcm_portal.i18n import catalogs
from gcm_portal.model.countries import load_country, translatable_strings, validate
from gcm_portal.model.languages import Language
from gcm_portal.model.yamlfile import load
from gcm_portal.render import hours, pages

DE = ROOT / "content" / "countries" / "de.yml"
PAGE = "countries/de/local-services.md"
TODAY = dt.date(2026, 11, 24)


def _broken(tmp_path: Path, old: str, new: str) -> list[str]:
    text = DE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "de.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(replace(p, path=Path(p.path).name)) for p in validate(load(path))]


WELCOME = "local_services.items.0"
HOURS = f"{WELCOME}.opening_hours"
TIME_HINT = "write the time as HH:MM on the 24-hour clock, in quotes, e.g. '09:00' or '17:30'"
LATE = "- {open: '13:30', close: '17:00'}"


@pytest.mark.parametrize(("old", "new", "needle", "message"), [
    (LATE, "- {open: '13:30', close: '12:00'}", "close: '12:00'",
     f"{HOURS}.weekly.0.hours.1.close: 12:00 is not later than open (13:30); a range closes "
     "after it opens, on the same day"),
    (LATE, "- {open: '12:00', close: '17:00'}", "open: '12:00', close: '17:00'",
     f"{HOURS}.weekly.0.hours.1.open: 12:00 is within the range {HOURS}.weekly.0.hours.0 "
     "(until 12:30); correct the times, or join the two ranges"),
    (LATE, "- {open: 13:30, close: '17:00'}", "open: 13:30,",
     f"{HOURS}.weekly.0.hours.1.open: YAML read this time as the number 810; {TIME_HINT}"),
    (LATE, "- {open: '25:00', close: '17:00'}", "'25:00'",
     f"{HOURS}.weekly.0.hours.1.open: '25:00' is not valid; {TIME_HINT}"),
    (LATE, "- {open: '1:30 pm', close: '17:00'}", "'1:30 pm'",
     f"{HOURS}.weekly.0.hours.1.open: '1:30 pm' is not valid; {TIME_HINT}"),
    ("days: [friday]", "days: [fri]", "days: [fri]",
     f"{HOURS}.weekly.1.days.0: 'fri' is not allowed; use one of: monday, tuesday, wednesday, "
     "thursday, friday, saturday, sunday"),
    ("days: [friday]", "days: [thursday]", "days: [thursday]",
     f"{HOURS}.weekly.1.days.0: thursday has its hours in {HOURS}.weekly.0.days.3 already; "
     "list each day once, with all its hours"),
    ("languages: [de, en, ar, fa-AF, ps]", "languages: [de, eng]", "languages: [de, eng]",
     f"{WELCOME}.languages.1: 'eng' is not a language code CLDR knows; write it as the "
     "portal's languages are written, e.g. en, ar, fa-AF"),
    ("languages: [de, en, ar, fa-AF, ps]", "languages: [de, fa-af]", "languages: [de, fa-af]",
     f"{WELCOME}.languages.1: 'fa-af' is not valid; use language codes as the portal's "
     "languages are written, e.g. en, ar, fa-AF"),
    ("cost: free", "cost: gratis", "cost: gratis",
     f"{WELCOME}.cost: 'gratis' is not valid; write free, or the fee as an amount and a "
     "currency"),
    ("type: information_centre", "type: advice", "type: advice",
     f"{WELCOME}.type: 'advice' is not allowed; use one of: information_centre, one_stop_shop, "
     "health, legal_aid, shelter, education, language_course, complaints"),
    ("      asks_residence_status: false\n      contact:\n        phone: +49 30 0000 0200",
     "      contact:\n        phone: +49 30 0000 0200", "- id: berlin-welcome-centre",
     f"{WELCOME}: missing required field 'asks_residence_status'; add it (see the schema or "
     "`gcm-portal new-country XX` for an example)"),
    ("            closed: true\n            note: Christmas Eve\n          - date: '2026-12-31'",
     "            note: Christmas Eve\n          - date: '2026-12-31'", "- date: '2026-12-24'",
     f"{HOURS}.exceptions.0: say what changes on this date: add closed: true, or its hours"),
    ("            closed: true\n            note: Christmas Eve\n          - date: '2026-12-31'",
     "            closed: true\n            hours: [{open: '09:00', close: '10:00'}]\n"
     "            note: Christmas Eve\n          - date: '2026-12-31'", "hours: [{open: '09:00'",
     f"{HOURS}.exceptions.0: closed, yet with hours; remove closed: true or the hours"),
    ("- date: '2026-12-31'", "- date: '2026-12-24'", "- date: '2026-12-24'",
     f"{HOURS}.exceptions.1.date: 2026-12-24 is listed in {HOURS}.exceptions.0 already; list "
     "each date once"),
    ("- date: '2026-12-31'", "- date: '2026-02-30'", "- date: '2026-02-30'",
     f"{HOURS}.exceptions.1.date: '2026-02-30' is not a real date; write it as YYYY-MM-DD"),
    ("- date: '2026-12-31'", "- date: 31.12.2026", "- date: 31.12.2026",
     f"{HOURS}.exceptions.1.date: '31.12.2026' is not valid; write the date as YYYY-MM-DD"),
])
def test_a_wrong_service_is_one_error_at_its_line(tmp_path, old, new, needle, message):
    problems = _broken(tmp_path, old, new)
    assert problems == [f"de.yml:{_edit_line(old, new, needle)}: error: {message}"]


def _edit_line(old: str, new: str, needle: str) -> int:
    """The line of ``needle`` in de.yml edited as ``_broken`` does: inside the edit when it
    is there, else its first line in the local services."""
    text = DE.read_text(encoding="utf-8")
    start = text.index(old)
    if needle in new:
        return text[: start + new.index(needle)].count("\n") + 1
    section = text.index("\nlocal_services:\n")
    return text[: text.index(needle, section)].count("\n") + 1


def test_every_country_file_needs_the_section(tmp_path):
    text = DE.read_text(encoding="utf-8")
    start, end = text.index("\nlocal_services:\n"), text.index("\nreturn:\n")
    (tmp_path / "de.yml").write_text(text[:start] + text[end:], encoding="utf-8")
    assert [str(replace(p, path="de.yml")) for p in validate(load(tmp_path / "de.yml"))] == [
        "de.yml:3: error: the file: missing required field 'local_services'; add it (see the "
        "schema or `gcm-portal new-country XX` for an example)"]


def test_names_cities_and_notes_are_text_for_translators_and_the_rest_is_not():
    doc = load(DE)
    found = {key: text for key, text in translatable_strings(doc.data)
             if key[0] == "local_services"}
    assert found[("local_services", "items", 0, "name")] == \
        "Welcome centre for migrants (sample)"
    assert found[("local_services", "items", 3, "city")] == "Hamburg"
    assert found[("local_services", "items", 0, "opening_hours", "exceptions", 0, "note")] \
        == "Christmas Eve"
    assert not any(key[-1] in {"type", "address", "open", "close", "date", "phone", "email",
                               "cost", "asks_residence_status"} or "languages" in key
                   or "days" in key for key in found)


def _rendered(code: str) -> str:
    country, problems = load_country(DE)
    assert country is not None and problems == []
    language = Language.parse(code)
    loaded, problems = catalogs.load(ROOT / "locales", code)
    assert problems == []
    env = pages.make_environment(None)
    pages.bind(env, language, loaded, Language.parse("en"))
    return pages.render_country(env, country, language, loaded.portal.gettext)[PAGE]


def test_english_writes_the_12_hour_clock_as_cldr_says():
    assert get_time_format("short", locale="en").pattern == "h:mm\u202fa"
    text = _rendered("en")
    assert '<tr><th scope="row">Monday – Thursday</th><td><span class="gcm-nowrap">' \
           '<time datetime="09:00">9:00\u202fAM</time> – <time datetime="12:30">12:30\u202fPM' \
           '</time></span> and <span class="gcm-nowrap"><time datetime="13:30">1:30\u202fPM' \
           '</time> – <time datetime="17:00">5:00\u202fPM</time></span></td></tr>' \
           .replace(" – ", "\u2009–\u2009") in text
    assert '<tr><th scope="row">Saturday\u2009–\u2009Sunday</th><td>Closed</td></tr>' in text


def test_french_writes_the_24_hour_clock():
    assert get_time_format("short", locale="fr").pattern == "HH:mm"
    text = _rendered("fr")
    assert '<time datetime="13:30">13:30</time>\u2009–\u2009<time datetime="17:00">17:00' \
           '</time>' in text
    assert "lundi\u2009–\u2009jeudi" in text


def test_arabic_writes_its_day_names_and_day_periods():
    text = _rendered("ar")
    monday, thursday = (get_day_names("wide", context="stand-alone", locale="ar")[i]
                        for i in (0, 3))
    assert (monday, thursday) == ("الاثنين", "الخميس")
    assert f'<th scope="row">{monday} – {thursday}</th>' in text
    assert '<time datetime="09:00">9:00 ص</time> – <time datetime="12:30">12:30 م</time>' in text
    assert "<caption>ساعات العمل</caption>" in text  # translated, so not marked as English
    assert "لا يسأل عن وضع إقامتك." in text


def test_bengali_writes_its_day_names_and_digits():
    text = _rendered("bn")
    monday = get_day_names("wide", context="stand-alone", locale="bn")[0]
    assert monday == "সোমবার"
    assert f'<th scope="row">{monday} – ' in text
    assert '<time datetime="09:00">৯:০০ AM</time> – <time datetime="12:30">১২:৩০ PM</time>' \
        in text
    # The date of an exception, in Bengali digits too, says its ISO date to machines.
    assert re.search(r'<time datetime="2026-12-24">[^<]*২০২৬</time>', text)


def test_services_are_grouped_by_city_then_type_with_the_firewall_said_plainly():
    text = _rendered("en")
    headings = re.findall(r"^(#{2,4}) (.+)$", text, re.M)
    assert headings == [
        ("##", "Berlin"),
        ("###", "Information centres"), ("####", "Welcome centre for migrants (sample)"),
        ("###", "Health care"), ("####", "Free health clinic (sample)"),
        ("###", "Legal aid"), ("####", "Legal advice on residence and work (sample)"),
        ("##", "Hamburg"),
        ("###", "One-stop shops"), ("####", "One-stop shop for newcomers (sample)"),
        ("###", "Language courses"), ("####", "German course for beginners (sample)"),
    ]
    sections = re.split(r"^#### ", text, flags=re.M)[1:]
    firewall = {s.splitlines()[0]: ("Does not ask about your residence status." in s,
                                    "May ask about your residence status." in s)
                for s in sections}
    assert firewall["Welcome centre for migrants (sample)"] == (True, False)
    assert firewall["Legal advice on residence and work (sample)"] == (False, True)
    assert "**Cost:** Free of charge" in sections[0]
    assert "**Cost:** <bdi>€10.00</bdi>" in sections[2]
    assert "</bdi><br>Christmas Eve</th><td>Closed</td>" in sections[0]


def test_days_with_the_same_hours_share_a_row_and_the_week_is_whole():
    rows = hours.weekly_rows([
        {"days": ["saturday", "monday"], "hours": [{"open": "10:00", "close": "12:00"}]},
        {"days": ["tuesday"], "hours": [{"open": "10:00", "close": "12:00"}]},
    ])
    assert [(r.first, r.last, r.ranges) for r in rows] == [
        (0, 1, (("10:00", "12:00"),)), (2, 4, ()), (5, 5, (("10:00", "12:00"),)), (6, 6, ())]


def test_the_sanitiser_keeps_a_time_and_its_datetime_only():
    assert clean_body('<time datetime="09:00" onclick="x()" style="color:red">9:00</time>') \
        == '<time datetime="09:00">9:00</time>'


def test_a_change_of_the_data_rebuilds_the_page():
    # The pages a dirty build renders again when DE's data changes (adapter/setup.py).
    assert PAGE in pages.data_pages({"DE": {"local_services"}})
    assert PAGE in pages.data_pages({"DE": None})
    assert PAGE in pages.generated_uris(["DE"])


@pytest.mark.parametrize(("lang", "direction", "monday"), [
    ("en", "ltr", "Monday"), ("ar", "rtl", "الاثنين"), ("bn", "ltr", "সোমবার")])
def test_the_built_page_in_each_language(demo_site, lang, direction, monday):
    path = demo_site / lang / "countries/de/local-services/index.html"
    root = lxml.html.parse(str(path)).getroot()
    assert root.get("dir") == direction and root.get("lang") == lang
    tables = root.xpath("//article//table | //main//table")
    assert len(tables) == 7  # 5 services' weeks, 2 with exceptions
    first = tables[0]
    assert [th.get("scope") for th in first.xpath(".//thead//th")] == ["col", "col"]
    assert first.xpath(".//tbody/tr/th")[0].text_content().startswith(monday)
    assert first.xpath(".//time/@datetime")[:2] == ["09:00", "12:30"]
    assert [h.text_content().strip() for h in root.xpath("//h2")][:2] == \
        [pages_city(lang, "Berlin"), pages_city(lang, "Hamburg")]
    # Nothing is loaded from anyone else: no map tiles, no frames.
    assert not root.xpath("//iframe | //img[starts-with(@src, 'http')] | "
                          "//script[starts-with(@src, 'http')]")


def pages_city(lang: str, city: str) -> str:
    loaded, _ = catalogs.load(ROOT / "locales", lang)
    return loaded.countries.gettext(city)


def test_the_page_is_linked_searched_and_published_as_open_data(demo_site):
    index = (demo_site / "en/countries/de/index.html").read_text(encoding="utf-8")
    assert 'href="local-services/"' in index
    services = (demo_site / "en/countries/de/services/index.html").read_text(encoding="utf-8")
    assert 'href="../local-services/"' in services
    module = lxml.html.parse(str(demo_site / "en/services/index.html")).getroot()
    assert "../countries/de/local-services/" in module.xpath("//a/@href")
    search = (demo_site / "en/search/index.js").read_text(encoding="utf-8")
    entries = json.loads(search.removeprefix("window.gcmSearchIndex=").rstrip().rstrip(";"))
    found = [s for s in entries["sections"] if s["url"].startswith("countries/de/local-services/")]
    assert any("Welcome centre for migrants" in s["text"] and "Monday" in s["text"]
               for s in found)
    data = json.loads((demo_site / "data/de.json").read_text(encoding="utf-8"))
    assert [s["city"] for s in data["local_services"]["items"]] == \
        ["Berlin", "Berlin", "Berlin", "Hamburg", "Hamburg"]


def test_a_new_country_has_the_section_and_its_sample_passes(tmp_path):
    path = scaffold.new_country(tmp_path, "KE", TODAY, sample=True, languages=["en", "sw"])
    doc = load(path)
    assert validate(doc) == []
    (service,) = doc.data["local_services"]["items"]
    assert service["languages"] == ["en", "sw"] and service["contact"]["phone"].startswith("+00")
    blank = load(scaffold.new_country(tmp_path / "blank", "KE", TODAY))
    assert blank.data["local_services"]["items"] == []


def test_the_gcm_theme_shows_the_same_tables(gcm_demo_site):
    root = lxml.html.parse(str(gcm_demo_site / "ar/countries/de/local-services/index.html"))
    page = root.getroot()
    assert page.get("dir") == "rtl"
    cells = page.xpath("//table//tbody/tr/td")
    assert cells and page.xpath("//table//time[@datetime='09:00']")
    assert "مغلق" in [cell.text_content() for cell in cells]


def test_a_dirty_build_after_an_edit_of_the_data_rebuilds_the_page(project):
    data = project / "content/countries/de.yml"
    about = project / "site/en/about/index.html"
    untouched = about.stat().st_mtime_ns
    data.write_text(data.read_text(encoding="utf-8").replace(
        "name: Welcome centre for migrants (sample)", "name: Welcome office for migrants (sample)"),
        encoding="utf-8")
    result = run_cli(project, "build", "--dirty")
    assert result.returncode == 0, result.stderr
    for lang in ("en", "ar"):
        page = project / f"site/{lang}/countries/de/local-services/index.html"
        assert "Welcome office for migrants" in page.read_text(encoding="utf-8")
    assert about.stat().st_mtime_ns == untouched  # an incremental build, not a full one
