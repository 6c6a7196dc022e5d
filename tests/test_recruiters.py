"""The register of licensed recruitment agencies (GCM Objective 6): data, check, pages.

A country's ``recruiters`` section copies the official register; each country gets a page
``countries/<cc>/recruiters/`` in every language, a plain sorted list that needs no
script (tests/browser/test_recruiters.py runs its search box offline and without
JavaScript).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from babel.dates import format_date
from projects import ROOT, copy_project, replace, run_cli

from gcm_portal.authoring import scaffold
from gcm_portal.cli import main
from gcm_portal.model import freshness
from gcm_portal.model.countries import load_country
from gcm_portal.render import formats

DE = ROOT / "content/countries/de.yml"
TODAY = dt.date(2026, 11, 24)  # the session's (tests/conftest.py)
NAMES = ["Sample Recruiting Agency A", "Sample Recruiting Agency B",
         "Sample Recruiting Agency C", "Sample Recruiting Agency D"]


def _country_file(tmp_path: Path) -> Path:
    path = tmp_path / "de.yml"
    shutil.copy(DE, path)
    return path


def _problems(path: Path) -> list[str]:
    _, problems = load_country(path)
    return [f"{p.line}: {p.message}" for p in problems]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("      status: suspended\n", "      status: expired\n",
     "recruiters.items.0.status: 'expired' is not allowed; use one of: licensed, suspended, "
     "revoked"),
    ("      licence: SAMPLE-DE-0003\n", "      licence: SAMPLE#DE#0003\n",
     "recruiters.items.0.licence: 'SAMPLE#DE#0003' is not valid; write the licence number as "
     "the register writes it: letters, digits, spaces and . / _ -"),
    ("      licence: SAMPLE-DE-0001\n", "      licence: sample-de-0003\n",
     "recruiters.items.1.licence: licence number 'sample-de-0003' is listed twice; keep one "
     "entry per licence"),
    ("      valid_until: '2028-12-31'\n", "      valid_until: '2024-12-31'\n",
     "recruiters.items.1.valid_until: 2024-12-31 is before valid_from (2025-01-01); copy both "
     "dates from the register"),
    ("      valid_from: '2025-01-01'\n", "      valid_from: '2025-02-30'\n",
     "recruiters.items.1.valid_from: '2025-02-30' is not a real date; write it as YYYY-MM-DD"),
    ("      valid_from: '2025-01-01'\n", "      valid_from: 1 January 2025\n",
     "recruiters.items.1.valid_from: '1 January 2025' is not valid; write the date as "
     "YYYY-MM-DD"),
    ("  register_url: https://recruiter-register.example.org/de/\n",
     "  register_url: http://recruiter-register.example.org/de/\n",
     "recruiters.register_url: 'http://recruiter-register.example.org/de/' must start with "
     "https://"),
    ("    prohibited: true\n", "    prohibited: yes please\n",
     "recruiters.fees_prohibited.prohibited: 'yes please' is not of type 'boolean'"),
    ("      licence: SAMPLE-DE-0004\n", "      licenc: SAMPLE-DE-0004\n",
     "recruiters.items.2: 'licenc' was unexpected; did you mean 'licence'? Correct its "
     "spelling"),
])
def test_a_wrong_register_entry_is_reported_at_its_line(tmp_path, old, new, message):
    path = _country_file(tmp_path)
    line = replace(path, old, new)
    assert _problems(path) == [f"{line}: {message}"]


def test_a_register_without_its_required_fields_names_them(tmp_path):
    path = _country_file(tmp_path)
    line = replace(path, "  fees_prohibited:\n    prohibited: true\n    source:\n"
                         "      title: Sample law on recruitment fees (invented, not official)\n"
                         "      url: https://recruiter-register.example.org/de/fees\n", "")
    replace(path, "  register_url: https://recruiter-register.example.org/de/\n", "")
    replace(path, "    phone: +49 30 0000 0200\n", "")
    problems = _problems(path)
    start = line - 9  # the section's own line
    assert f"{start}: recruiters: missing required field 'register_url'; add it (see the " \
           "schema or `gcm-portal new-country XX` for an example)" in problems
    assert f"{start}: recruiters: missing required field 'fees_prohibited'; add it (see the " \
           "schema or `gcm-portal new-country XX` for an example)" in problems
    # Where to report needs a way to reach it: a page or a phone number.
    assert f"{start + 5}: recruiters.report: missing required field 'url'; add it (see the " \
           "schema or `gcm-portal new-country XX` for an example)" in problems
    assert len(problems) == 3, problems


def test_a_country_may_publish_no_register(tmp_path):
    path = _country_file(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("\nrecruiters:")] + "\n", encoding="utf-8")
    assert _problems(path) == []


def test_a_licence_past_its_end_still_licensed_is_an_error_of_today():
    country, _ = load_country(DE)
    data = json.loads(json.dumps(country.data))
    data["recruiters"]["items"][1]["valid_until"] = "2026-11-23"  # agency A, licensed
    data["recruiters"]["items"][0]["valid_until"] = "2026-01-31"  # agency C, suspended
    changed = type(country)(country.code, data, country.doc)
    line = country.doc.line_of(("recruiters", "items", 1, "valid_until"))
    (problem,) = freshness.expired_licences(changed, TODAY)
    assert str(problem) == (
        f"content/countries/de.yml:{line}: error: recruiters.items.1.valid_until: licence "
        "SAMPLE-DE-0001 ended on 2026-11-23, before today (2026-11-24), but its status is "
        "'licensed'; check the official register, then copy its new dates or its status "
        "(suspended, revoked), or remove the agency")
    assert freshness.expired_licences(changed, dt.date(2026, 11, 23)) == []  # its last day


def test_check_reports_an_expired_licence_with_the_pinned_date(tmp_path):
    copy_project(tmp_path)
    data = tmp_path / "content/countries/de.yml"
    line = replace(data, "      valid_until: '2028-12-31'\n", "      valid_until: '2026-11-23'\n")
    result = run_cli(tmp_path, "check")
    assert result.returncode == 1
    assert f"content/countries/de.yml:{line}: error: recruiters.items.1.valid_until: licence " \
           "SAMPLE-DE-0001 ended on 2026-11-23, before today (2026-11-24), but its status " \
           "is 'licensed'" in result.stderr
    assert "Traceback" not in result.stderr
    # The same file, checked as of the licence's last day: no problem.
    earlier = run_cli(tmp_path, "check", "--today", "2026-11-23")
    assert earlier.returncode == 0, earlier.stderr
    replace(data, "      status: licensed\n", "      status: revoked\n")
    assert run_cli(tmp_path, "check").returncode == 0


def test_the_sample_scaffold_lists_sample_agencies(tmp_path):
    path = scaffold.new_country(tmp_path / "content/countries", "NP", TODAY, sample=True)
    country, problems = load_country(path)
    assert problems == []
    register = country.data["recruiters"]
    assert [a["licence"] for a in register["items"]] == ["SAMPLE-NP-0001", "SAMPLE-NP-0002"]
    assert all("not a real agency" in a["name"] for a in register["items"])
    assert {a["status"] for a in register["items"]} == {"licensed", "suspended"}
    assert freshness.expired_licences(country, TODAY) == []


def _main_text(page: str) -> str:
    end = page.find("gcm-page-meta")  # a page with no review date has none
    body = page[page.index("<h1"):end if end > 0 else page.index("gcm-help")]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _names_in_order(page: str) -> list[str]:
    return re.findall(r'class="gcm-agency__name"><strong><bdi>([^<]+)</bdi>', page)


def test_the_page_lists_the_register_sorted_in_english(demo_site):
    page = (demo_site / "en/countries/de/recruiters/index.html").read_text(encoding="utf-8")
    assert "<h1>Germany: licensed recruitment agencies</h1>" in page
    assert _names_in_order(page) == NAMES  # written C, A, D, B in de.yml
    text = " ".join(_main_text(page).split())
    assert "Licence number: SAMPLE-DE-0003 Valid from: February 1, 2024 Valid until: " \
           "January 31, 2029 Status: Suspended: may not recruit for now City: Berlin" in text
    assert "Status: Revoked: may not recruit" in text
    assert '<time datetime="2028-12-31">December 31, 2028</time>' in page
    # What a licence proves and does not, the warning signs, the fees, where to report.
    for heading in ("What a licence proves", "What a licence does not prove",
                    "Warning signs of fraud", "Recruitment fees", "Where to report"):
        assert f">{heading}</h2>" in page
    assert "The law in Germany prohibits recruiters from charging recruitment fees to " \
           "workers." in text
    assert "Source: Sample law on recruitment fees (invented, not official)" in text
    assert 'href="tel:+493000000200"' in page
    assert "The facts about Germany on this page are invented sample data" in page
    # The search box's texts are there for the script, in a box it alone shows.
    assert '<aside class="gcm-filter" role="search">' in page
    assert "<input" not in page[page.index("<h1"):page.index("gcm-page-meta")]
    assert re.search(r'<script src="[./]*assets/javascripts/gcm-filter\.js"></script>', page)


def test_the_page_lists_the_register_sorted_in_arabic(demo_site):
    page = (demo_site / "ar/countries/de/recruiters/index.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="ar"[^>]* dir="rtl"', page) or \
        re.search(r'<html[^>]* dir="rtl"[^>]* lang="ar"', page)
    assert _names_in_order(page) == NAMES
    assert "<h1>ألمانيا: وكالات التوظيف المرخّصة</h1>" in page
    until = formats.date("2029-01-31", "ar")
    assert until == formats.native_digits(format_date(dt.date(2029, 1, 31), "long",
                                                      locale="ar"), "ar")
    assert f'<time datetime="2029-01-31">{until}</time>' in page
    assert '<bdi dir="ltr">SAMPLE-DE-0003</bdi>' in page
    text = _main_text(page)
    assert "موقوفة: لا يحق لها التوظيف حاليًا" in text and "ملغاة: لا يحق لها التوظيف" in text
    assert "رقم الترخيص:" in text


def test_every_language_and_country_has_the_page_linked(demo_site):
    for code in ("en", "fr", "es", "ar", "bn", "ne", "ps"):
        for country in ("de", "ca", "ae"):
            page = demo_site / code / "countries" / country / "recruiters/index.html"
            assert len(_names_in_order(page.read_text(encoding="utf-8"))) == 4, page
            overview = (demo_site / code / "countries" / country / "index.html").read_text(
                encoding="utf-8")
            assert 'href="recruiters/"' in overview
            pathways = (demo_site / code / "countries" / country / "pathways/index.html"
                        ).read_text(encoding="utf-8")
            assert 'href="../recruiters/"' in pathways
        module = (demo_site / code / "pathways/index.html").read_text(encoding="utf-8")
        assert module.count('recruiters/">') == 3, code
        documents = (demo_site / code / "documents/index.html").read_text(encoding="utf-8")
        assert "recruiters/" not in documents


def test_open_data_and_search_hold_the_register(demo_site):
    data = json.loads((demo_site / "data/de.json").read_text(encoding="utf-8"))
    register = data["recruiters"]
    assert register["register_url"] == "https://recruiter-register.example.org/de/"
    assert register["fees_prohibited"]["prohibited"] is True
    assert {a["licence"]: a["status"] for a in register["items"]} == {
        "SAMPLE-DE-0001": "licensed", "SAMPLE-DE-0002": "licensed",
        "SAMPLE-DE-0003": "suspended", "SAMPLE-DE-0004": "revoked"}
    index = (demo_site / "bn/search/index.js").read_text(encoding="utf-8")
    sections = json.loads(index.removeprefix("window.gcmSearchIndex=").rstrip(";\n"))
    found = [s for s in sections["sections"] if "SAMPLE-DE-0003" in s["text"]]
    assert [(s["url"].split("#")[0], s["heading"]) for s in found] == [
        ("countries/de/recruiters/", "নিবন্ধন তালিকায় থাকা এজেন্সি")]
    assert "Sample Recruiting Agency C" in found[0]["text"]
    assert "{shown}" not in found[0]["text"]  # the search box's texts are not content


def test_a_country_without_a_register_gets_the_advice_and_no_list(tmp_path):
    config = copy_project(tmp_path)
    data = tmp_path / "content/countries/ca.yml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text[:text.index("\nrecruiters:")] + "\n", encoding="utf-8")
    assert main(["-f", str(config), "build", "--lang", "en", "--country", "CA"]) == 0
    page = (tmp_path / "site/en/countries/ca/recruiters/index.html").read_text(encoding="utf-8")
    text = " ".join(_main_text(page).split())
    assert "This portal has no list of licensed recruitment agencies for Canada yet." in text
    assert "This portal has no source on recruitment fees in Canada." in text
    assert "Warning signs of fraud" in text and "gcm-agencies" not in page
    assert "Official register" not in text
    assert "If you are not sure whom to tell, call a helpline: Canada: emergency numbers, " \
           "helplines and embassies" in text


def test_an_edit_of_the_register_rebuilds_its_page_in_a_dirty_build(project):
    page = project / "site/fr/countries/de/recruiters/index.html"
    other = project / "site/fr/countries/ca/recruiters/index.html"
    before = other.stat().st_mtime_ns
    replace(project / "content/countries/de.yml", "    - name: Sample Recruiting Agency B\n",
            "    - name: Sample Recruiting Agency Zed\n")
    result = run_cli(project, "build", "--dirty")
    assert result.returncode == 0, result.stderr
    names = _names_in_order(page.read_text(encoding="utf-8"))
    assert names == [NAMES[0], NAMES[2], NAMES[3], "Sample Recruiting Agency Zed"]
    assert other.stat().st_mtime_ns == before  # another country's page is kept
