"""Tiny content folders for tests: write a few pages, run the editorial checks on them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gcm_portal.checks import editorial
from gcm_portal.model.countries import Country
from gcm_portal.model.freshness import ReviewPolicy

TODAY = dt.date(2026, 11, 24)


def page(body: str, title: str = "Work", reviewed: str = "2026-11-20") -> str:
    """A page whose body starts on line 6."""
    return f"---\ntitle: {title}\nreviewed: {reviewed}\n---\n\n{body}"


def write_site(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def lint(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str],
         countries: list[Country] | None = None, today: dt.date = TODAY) -> list[str]:
    """The editorial problems of ``files``, with paths relative to the content folder."""
    write_site(root, files)
    monkeypatch.chdir(root)
    problems = editorial.check(Path("."), "en", countries or [], ReviewPolicy(today))
    return [str(p) for p in sorted(problems)]
