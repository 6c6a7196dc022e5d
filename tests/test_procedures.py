"""Procedures: step-by-step routes in the country data, checked at their lines, each on a
page of its own in every language, linked from its country and its module, in the open
data and the search, and rebuilt when its country's data changes."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from projects import ROOT

from gcm_portal.authoring import scaffold
from gcm_portal.builds.opendata import write_open_data
from gcm_portal.cli import main
from gcm_portal.model.countries import load_country, translatable_strings, validate
from gcm_portal.model.yamlfile import load
from gcm_portal.render import formats, procedures

DE = ROOT / "content/countries/de.yml"
RECOGNITION = "countries/de/procedures/recognition-of-qualification/"


def _broken(tmp_path: Path, old: str, new: str) -> tuple[list[str], list[str]]:
    """de.yml with one edit: the problems as editors see them, and the file's lines."""
    text = DE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "de.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    shown = [str(replace(p, path=Path(p.path).name)) for p in validate(load(path))]
    return shown, path.read_text(encoding="utf-8").splitlines()


def _line(lines: list[str], needle: str, after: str = "") -> int:
    start = next(i for i, line in enumerate(lines) if after in line) if after else 0
    return next(i for i, line in enumerate(lines[start:], start + 1) if needle in line)


# --- the data -------------------------------------------------------------------------

def test_every_demo_country_has_a_procedure_and_germany_recognition_in_four_steps_or_more():
    for code in ("de", "ca", "ae"):
        country, problems = load_country(ROOT / f"content/countries/{code}.yml")
        assert problems == [] and country is not None and country.sample
        assert procedures.of_module(country.data), code
    country, _ = load_country(DE)
    (recognition,) = [p for p in procedures.of_module(country.data)
                      if p["id"] == "recognition-of-qualification"]
    steps = recognition["steps"]
    assert len(steps) >= 4
    assert sum("fee" in s for s in steps) >= 2 and sum("days" in s for s in steps) >= 3


def test_a_module_that_does_not_exist_is_named_with_the_ones_that_do(tmp_path):
    problems, lines = _broken(tmp_path, "module: pathways", "module: jobs")
    line = _line(lines, "module: jobs")
    assert problems == [f"de.yml:{line}: error: procedures.items.0.module: 'jobs' is not "
                        "allowed; use one of: pathways, documents, services, return"]


def test_a_procedure_without_steps_is_refused_at_its_line(tmp_path):
    problems, lines = _broken(tmp_path, "      steps:\n        - action: Find the office",
                              "      steps: []\n      later:\n        - action: Find the office")
    assert f"de.yml:{_line(lines, 'steps: []')}: error: procedures.items.0.steps: [] should " \
        "be non-empty" in problems
    assert f"de.yml:{_line(lines, 'later:')}: error: procedures.items.0: 'later' was " \
        "unexpected; remove the field or correct its spelling" in problems


def test_an_online_service_needs_its_address(tmp_path):
    problems, lines = _broken(
        tmp_path, "            online: Recognition Finder\n"
                  "            url: https://www.anerkennung-in-deutschland.de/en/\n",
        "            online: Recognition Finder\n")
    line = _line(lines, "online: Recognition Finder") - 1  # the line of `where:`
    assert problems == [f"de.yml:{line}: error: procedures.items.0.steps.0.where: missing "
                        "required field 'url'; add it (see the schema or `gcm-portal "
                        "new-country XX` for an example)"]


def test_a_step_needs_something_to_do(tmp_path):
    problems, lines = _broken(tmp_path, "        - action: Send your application to the office.",
                              "        - acton: Send your application to the office.")
    line = _line(lines, "acton:")
    assert problems == [f"de.yml:{line}: error: procedures.items.0.steps.2: 'acton' was "
                        "unexpected; did you mean 'action'? Correct its spelling"]


def test_a_step_that_takes_longer_at_least_than_at_most_is_refused(tmp_path):
    problems, lines = _broken(tmp_path, "days: {min: 30, max: 90}", "days: {min: 90, max: 30}")
    line = _line(lines, "days: {min: 90, max: 30}")
    assert problems == [f"de.yml:{line}: error: procedures.items.0.steps.3.days: min (90) is "
                        "greater than max (30); swap them"]


def test_a_fee_in_no_currency_and_an_unsafe_address_are_errors_at_their_lines(tmp_path):
    text = DE.read_text(encoding="utf-8")
    start = text.index("procedures:")
    section = text[start:text.index("\nservices:")]
    broken = section.replace("currency: EUR", "currency: EUX", 1).replace(
        "url: https://www.anerkennung-in-deutschland.de/en/\n          fee",
        "url: 'https://x.example/\" onmouseover=\"alert(1)'\n          fee", 1)
    path = tmp_path / "de.yml"
    path.write_text(text.replace(section, broken), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    problems = [str(replace(p, path="de.yml")) for p in validate(load(path))]
    assert problems == [
        f"de.yml:{_line(lines, 'onmouseover')}: error: procedures.items.0.steps.0.where.url: "
        "'\"' is not allowed in an address; percent-encode it as %22, or remove it",
        f"de.yml:{_line(lines, 'EUX')}: error: procedures.items.0.steps.0.fee.currency: 'EUX' "
        "is not an ISO 4217 currency code, e.g. EUR, USD, AED"]


def test_a_procedure_id_used_twice_is_an_error(tmp_path):
    text = DE.read_text(encoding="utf-8")
    start = text.index("    - id: recognition-of-qualification")
    item = text[start:text.index("\nservices:")]
    path = tmp_path / "de.yml"
    path.write_text(text.replace(item, item.rstrip("\n") + "\n" + item), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    second = [i for i, line in enumerate(lines, 1) if "id: recognition-of-qualification" in line]
    problems = [str(replace(p, path="de.yml")) for p in validate(load(path))]
    assert problems == [f"de.yml:{second[1]}: error: procedures.items.1.id: this id is used "
                        "twice in the list; ids must be unique"]


def test_a_country_without_procedures_is_still_valid(tmp_path):
    text = DE.read_text(encoding="utf-8")
    path = tmp_path / "de.yml"
    path.write_text(text[:text.index("procedures:")] + text[text.index("services:"):],
                    encoding="utf-8")
    assert validate(load(path)) == []


def test_every_text_of_a_procedure_is_extracted_and_no_code_or_number():
    country, _ = load_country(DE)
    texts = {key: text for key, text in translatable_strings(country.data)
             if key[0] == "procedures"}
    steps = country.data["procedures"]["items"][0]["steps"]
    assert texts[("procedures", "items", 0, "title")] == "Get a foreign qualification recognised"
    assert texts[("procedures", "items", 0, "steps", 0, "where", "online")] == \
        "Recognition Finder"
    assert texts[("procedures", "items", 0, "steps", 1, "where", "office")] == \
        steps[1]["where"]["office"]
    assert texts[("procedures", "items", 0, "steps", 2, "documents", 3)] == \
        "The certified copies and translations."
    assert texts[("procedures", "items", 0, "steps", 4, "result")] == steps[4]["result"]
    assert not [key for key in texts if key[-1] in ("id", "module", "url", "currency")]
    assert "Recognition Finder" in (ROOT / "locales/countries.pot").read_text(encoding="utf-8")


def test_totals_count_only_what_is_known():
    steps = [{"action": "a", "fee": {"amount": 0, "currency": "EUR"}},
             {"action": "b", "fee": {"amount": 20.5, "currency": "EUR"}, "days": {"min": 1,
                                                                                  "max": 2}},
             {"action": "c", "fee": {"amount": 10, "currency": "USD"}, "days": {"min": 3,
                                                                                "max": 5}}]
    totals = procedures.totals(steps)
    assert totals.fees == ({"amount": 20.5, "currency": "EUR"}, {"amount": 10, "currency": "USD"})
    assert not totals.fees_unknown
    assert totals.days == (4, 7) and totals.days_unknown


# --- the pages ------------------------------------------------------------------------

def _page(site: Path, lang: str, path: str) -> str:
    return (site / lang / path / "index.html").read_text(encoding="utf-8")


def _steps(page: str) -> list[str]:
    (steps,) = re.findall(r'<ol class="gcm-procedure">(.*?)\n</ol>', page, re.S)
    return re.findall(r'<p class="gcm-procedure__action">(.*?)</p>', steps)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_the_procedure_page_lists_its_steps_in_order_with_their_facts(demo_site):
    page = _page(demo_site, "en", RECOGNITION)
    assert "<h1>Germany: Get a foreign qualification recognised</h1>" in page
    assert _steps(page) == [
        "Find the office that decides on your profession.",
        "Have your certificates translated and copies certified.",
        "Send your application to the office.",
        "Wait for the decision and answer questions from the office.",
        "If the recognition is partial, take a course or an exam to close the gap."]
    step = '<li class="gcm-procedure__step">'
    first = page[page.index(step):page.index(step, page.index(step) + 1)]
    assert '<a href="https://www.anerkennung-in-deutschland.de/en/">Recognition Finder</a>' \
        in first
    assert "<strong>Fee:</strong> Free" in first
    assert "<strong>You receive:</strong> The name and address of the office" in first
    assert "<li>A CV in table form.</li>" in page  # the documents to bring, as a list
    assert "<strong>Fee:</strong> <bdi>€200.00</bdi>" in page
    assert page.count("<strong>Fee:</strong> Not known") == 3
    assert '<span class="gcm-nowrap">30–90</span> days' in page
    assert "invented sample data" in page
    assert '<time datetime="2026-09-15">September 15, 2026</time>' in page
    assert 'class="gcm-page gcm-page--handout"' in page  # the one-sheet print layout


def test_the_totals_add_the_known_fees_and_times_and_say_what_is_missing(demo_site):
    page = _page(demo_site, "en", RECOGNITION)
    total = page[page.index('id="in-total"'):]
    assert "<strong>Known fees:</strong> <bdi>€200.00</bdi>" in total
    assert '<strong>Known time:</strong> <span class="gcm-nowrap">38–119</span> days' in total
    assert "the totals do not include them" in total
    canada = _page(demo_site, "en", "countries/ca/procedures/social-insurance-number/")
    assert "<strong>Known fees:</strong> Free" in canada  # every known fee is 0


@pytest.mark.parametrize("lang", ["ar", "ps", "bn"])
def test_the_fee_total_is_written_as_the_locale_writes_it(demo_site, lang):
    page = _page(demo_site, lang, RECOGNITION)
    _, expected = formats.without_marks(formats.money(200, "EUR", lang))
    assert f'<html lang="{lang}"' in page
    (total,) = re.findall(r'<ul class="gcm-procedure__totals">\n<li><strong>[^<]+</strong> '
                          r'(.*?)</li>', page)
    assert _text(total) == expected
    assert formats.native_digits("200", lang) in _text(total)  # the locale's own digits
    days = formats.days(38, 119, lang)
    assert formats.native_digits("38", lang) in days
    assert formats.native_digits("119", lang) in _text(page)


def test_pashto_fee_total_uses_pashto_digits_and_separators(demo_site):
    page = _page(demo_site, "ps", RECOGNITION)
    assert "€\u00a0۲۰۰٫۰۰" in html.unescape(page)  # Babel's ps pattern, Extended Arabic-Indic


def test_the_steps_are_translated(demo_site):
    arabic = _page(demo_site, "ar", RECOGNITION)
    assert 'dir="rtl"' in arabic
    assert _steps(arabic)[0] == "ابحث عن المكتب الذي يقرّر في مهنتك."
    assert "<strong>الرسوم:</strong> مجاني" in arabic
    canada = _page(demo_site, "ar", "countries/ca/procedures/social-insurance-number/")
    assert _steps(canada)[0] == "جهّز مستنداتك."


def test_the_country_and_the_modules_link_their_procedures(demo_site):
    for lang in ("en", "ar"):
        index = _page(demo_site, lang, "countries/de/")
        assert 'href="procedures/recognition-of-qualification/"' in index
        module = _page(demo_site, lang, "countries/de/pathways/")
        assert 'href="../procedures/recognition-of-qualification/"' in module
    assert 'href="../countries/de/procedures/recognition-of-qualification/"' in \
        _page(demo_site, "en", "pathways/")
    assert 'href="../countries/ca/procedures/social-insurance-number/"' in \
        _page(demo_site, "en", "documents/")
    assert 'href="../countries/ae/procedures/labour-complaint/"' in \
        _page(demo_site, "en", "services/")
    # A module lists only its own procedures.
    assert "procedures/recognition-of-qualification" not in _page(demo_site, "en", "documents/")
    assert "procedures/" not in _page(demo_site, "en", "countries/de/documents/")
    # And the procedure links back to its country's module page.
    assert 'See also: <a href="../../pathways/">Germany: visas, permits and living costs</a>' \
        in _page(demo_site, "en", RECOGNITION)


def test_the_procedures_are_in_the_open_data_and_the_search(demo_site):
    data = json.loads((demo_site / "data/de.json").read_text(encoding="utf-8"))
    assert data["procedures"]["items"][0]["steps"][2]["fee"] == {"amount": 200,
                                                                 "currency": "EUR"}
    index = json.loads((demo_site / "data/index.json").read_text(encoding="utf-8"))
    assert {c["code"] for c in index["countries"]} == {"DE", "CA", "AE"}
    script = (demo_site / "en/search/index.js").read_text(encoding="utf-8")
    sections = json.loads(script.removeprefix("window.gcmSearchIndex=").rstrip(";\n"))
    found = [s for s in sections["sections"] if s["url"].startswith(RECOGNITION)]
    assert found and any("Recognition Finder" in s["text"] for s in found)


def test_the_page_works_in_the_gcm_theme(gcm_demo_site):
    page = _page(gcm_demo_site, "bn", RECOGNITION)
    assert len(_steps(page)) == 5
    assert 'gcm-page--handout' in page


def test_a_changed_procedure_is_rebuilt_by_a_dirty_build(project):
    data = project / "content/countries/de.yml"
    data.write_text(data.read_text(encoding="utf-8").replace(
        "Wait for the decision and answer questions from the office.",
        "Wait for the written decision."), encoding="utf-8")
    assert main(["-f", str(project / "mkdocs.yml"), "build", "--dirty"]) == 0
    assert "Wait for the written decision." in _steps(_page(project / "site", "en", RECOGNITION))
    # Not translated yet: shown as written, and marked so.
    assert '<span lang="en" dir="ltr">Wait for the written decision.</span>' in \
        _steps(_page(project / "site", "ar", RECOGNITION))
    assert "Wait for the written decision." not in \
        _page(project / "site", "en", "countries/ca/procedures/social-insurance-number/")


def test_a_new_procedure_gets_its_page_and_its_links_in_a_dirty_build(project):
    data = project / "content/countries/de.yml"
    last = "          result: Full recognition of your qualification.\n"
    new = ("    - id: register-birth\n      title: Register a birth\n      module: documents\n"
           "      steps:\n        - action: Go to the registry office.\n")
    data.write_text(data.read_text(encoding="utf-8").replace(last, last + new, 1),
                    encoding="utf-8")
    assert main(["-f", str(project / "mkdocs.yml"), "build", "--dirty"]) == 0
    site = project / "site"
    assert _steps(_page(site, "fr", "countries/de/procedures/register-birth/")) == \
        ['<span lang="en" dir="ltr">Go to the registry office.</span>']
    assert 'href="../countries/de/procedures/register-birth/"' in _page(site, "en", "documents/")


def test_a_page_may_link_a_procedure_page(project):
    page = project / "content/pathways/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[Recognition]"
                    "(../countries/de/procedures/recognition-of-qualification.md)\n",
                    encoding="utf-8")
    assert main(["-f", str(project / "mkdocs.yml"), "check"]) == 0



def test_a_removed_procedure_leaves_the_search_index(project):
    """A dirty build that no longer renders the page still forgets it: a full build."""
    data = project / "content/countries/ca.yml"
    text = data.read_text(encoding="utf-8")
    start = text.index("procedures:")
    data.write_text(text[:start] + text[text.index("services:"):], encoding="utf-8")
    assert main(["-f", str(project / "mkdocs.yml"), "build", "--dirty"]) == 0
    script = (project / "site/en/search/index.js").read_text(encoding="utf-8")
    assert "countries/ca/procedures/" not in script
    assert RECOGNITION in script
    assert "countries/ca/procedures/" not in \
        (project / "site/sitemap.xml").read_text(encoding="utf-8")


def test_new_country_starts_a_procedure_and_its_sample_passes(tmp_path):
    day = dt.date(2026, 11, 24)
    path = scaffold.new_country(tmp_path / "placeholders", "NP", day)
    text = path.read_text(encoding="utf-8")
    assert text.index("\nprocedures:") > text.index("\ndocuments:")
    assert text.index("\nprocedures:") < text.index("\nservices:")
    problems = [p.message for p in validate(load(path)) if "procedures" in p.message]
    assert any(m.startswith("procedures.items.0.steps.0.action: placeholder left") for m in
               problems)
    sample = scaffold.new_country(tmp_path / "sample", "NP", day, sample=True)
    country, problems = load_country(sample)
    assert problems == [] and country is not None
    assert [len(p["steps"]) for p in procedures.of_module(country.data, "pathways")] == [2]


def test_open_data_of_a_country_without_procedures(tmp_path):
    text = DE.read_text(encoding="utf-8")
    path = tmp_path / "de.yml"
    path.write_text(text[:text.index("procedures:")] + text[text.index("services:"):],
                    encoding="utf-8")
    country, _ = load_country(path)
    write_open_data(tmp_path / "site", [country], "CC-BY-4.0", today=dt.date(2026, 11, 24))
    index = json.loads((tmp_path / "site/data/index.json").read_text(encoding="utf-8"))
    assert index["countries"][0]["reviewed"] == "2026-09-15"
    assert "procedures" not in json.loads((tmp_path / "site/data/de.json").read_text("utf-8"))
