"""Review dates: a warning after review_warning_days, an error after review_error_days."""

import datetime as dt
from pathlib import Path

from sites import lint, page

from gcm_portal.model.countries import SECTIONS, load_country
from gcm_portal.model.freshness import ReviewPolicy, check_country

ROOT = Path(__file__).resolve().parent.parent
FIX = "check it against its sources, then set the date of your review"


def test_page_review_dates(tmp_path, monkeypatch):
    files = {"fresh.md": page("Text.\n", reviewed="2026-06-01"),  # 176 days: fine
             "old.md": page("Text.\n", reviewed="2026-05-01"),
             "stale.md": page("Text.\n", reviewed="2025-11-01"),
             "future.md": page("Text.\n", reviewed="2027-01-01"),
             # Quoted: unquoted, YAML itself refuses the date (see yamlfile).
             "typo.md": page("Text.\n", reviewed="'2026-02-30'")}
    assert lint(tmp_path, monkeypatch, files) == [
        "future.md:3: error: front matter: reviewed: 2027-01-01 is in the future; write the "
        "date of the last review",
        "old.md:3: warning: front matter: reviewed: 2026-05-01 is 207 days old, more than "
        f"review_warning_days (180); {FIX}",
        "stale.md:3: error: front matter: reviewed: 2025-11-01 is 388 days old, more than "
        f"review_error_days (365); {FIX}",
        "typo.md:3: error: front matter: reviewed: '2026-02-30' is not a real date; write it "
        "as YYYY-MM-DD",
    ]


def test_every_country_section_has_its_own_review_date(monkeypatch):
    monkeypatch.chdir(ROOT)
    country, _ = load_country(Path("content/countries/de.yml"))
    policy = ReviewPolicy(dt.date(2027, 9, 20), warning_days=180, error_days=365)
    problems = [str(p) for p in check_country(country, policy)]
    assert len(problems) == len(SECTIONS)  # one per section: each has its own date
    assert problems[0] == (
        "content/countries/de.yml:8: error: visas.reviewed: 2026-09-15 is 370 days old, more "
        f"than review_error_days (365); {FIX}")
    assert check_country(country, ReviewPolicy(dt.date(2026, 11, 24))) == []
