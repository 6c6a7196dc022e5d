"""An attacker's (or a tired editor's) inputs, through the command line, on a built portal:
each gives ``path:line: error:`` naming the real problem, exit status 1, no traceback, and
the previous site byte for byte."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from projects import add_override, replace, run_cli, tree_digest

Edit = Callable[[Path], str]  # makes the input bad; returns the error's expected start


def _setting(project: Path) -> str:
    line = replace(project / "mkdocs.yml", "sample_banner: true", "sample_banner: maybe")
    return f"mkdocs.yml:{line}: error: "


def _misspelt(project: Path) -> str:
    line = replace(project / "mkdocs.yml", "sample_banner: true", "sample_baner: true")
    return f"mkdocs.yml:{line}: error: plugins.gcm-portal.sample_baner: unknown setting; " \
           "did you mean 'sample_banner'?"


def _settings_bomb(project: Path) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "extra:\n" +
                      "".join(f"  {line}\n" for line in lines), encoding="utf-8")
    return "mkdocs.yml:"


def _duplicate_key(project: Path) -> str:
    line = replace(project / "content/countries/de.yml", "amount: 75",
                   "amount: 75\n        amount: 7500")
    return f"content/countries/de.yml:{line + 1}: error: duplicate key 'amount'"


def _data_bomb(project: Path) -> str:
    data = project / "content/countries/de.yml"
    line = replace(data, "sample: true", "sample: true\nx0: &x0 [a, a, a, a]\n"
                   "x1: &x1 [*x0, *x0, *x0, *x0]")
    return f"content/countries/de.yml:{line + 2}: error: YAML aliases (*x0) are not allowed"


def _unclosed_quote(project: Path) -> str:
    line = replace(project / "content/countries/de.yml", "rule: Most people",
                   "rule: \"Most people")
    return f"content/countries/de.yml:{line}: error: invalid YAML"


def _percent(project: Path) -> str:
    line = add_override(project / "locales/fr/LC_MESSAGES/portal.po",
                        "This page is not yet available in %(language)s. It is shown in "
                        "%(fallback)s.", "100% %(language)s %(fallback)s")
    return f"locales/fr/LC_MESSAGES/portal.po:{line}: error: "


def _added_placeholder(project: Path) -> str:
    line = add_override(project / "locales/ar/LC_MESSAGES/portal.po", "Need help?",
                        "هل تحتاج %(name)s إلى مساعدة؟")
    return f"locales/ar/LC_MESSAGES/portal.po:{line}: error: "


def _stray_catalog(project: Path) -> str:
    folder = project / "locales/de/LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "portal.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    return "locales/de"


def _oversized(project: Path) -> str:
    (project / "content/huge.md").write_text(
        "---\ntitle: Huge\nreviewed: 2026-11-20\n---\n\n" + "word " * 400_000,
        encoding="utf-8")
    return "content/huge.md: error: "


def _two_sources(project: Path) -> str:
    (project / "content/about").mkdir()
    (project / "content/about/index.md").write_text(
        "---\ntitle: Another about\nreviewed: 2026-11-20\n---\n\nText.\n", encoding="utf-8")
    return "content/about"


def _outside_link(project: Path) -> str:
    os.symlink("/etc/passwd", project / "content/passwd.md")
    return "content/passwd.md: error: a link to a file outside the project ('/etc/passwd')"


def _currency(project: Path) -> str:
    line = replace(project / "content/countries/ca.yml", "currency: CAD", "currency: XXXX")
    return f"content/countries/ca.yml:{line}: error: "


def _stray_staging_file(project: Path) -> str:
    (project / "site.building").write_text("not a folder", encoding="utf-8")
    return "site.building: error: "


CASES: dict[str, Edit] = {
    "a wrongly typed setting": _setting,
    "a misspelt setting": _misspelt,
    "an alias bomb in mkdocs.yml": _settings_bomb,
    "a duplicated key": _duplicate_key,
    "aliases in data": _data_bomb,
    "an unclosed quote": _unclosed_quote,
    "a percent sign in a translation": _percent,
    "a placeholder added by a translator": _added_placeholder,
    "catalogs of a language not configured": _stray_catalog,
    "a page over the size limit": _oversized,
    "two sources for one address": _two_sources,
    "a link out of the project": _outside_link,
    "a wrong currency code": _currency,
    "a file where the staging folder goes": _stray_staging_file,
}


@pytest.mark.parametrize("edit", CASES.values(), ids=CASES.keys())
@pytest.mark.parametrize("command", [["build"], ["build", "--dirty"]], ids=["build", "dirty"])
def test_bad_input_is_located_and_keeps_the_site(project, edit, command):
    before = tree_digest(project / "site")
    expected = edit(project)
    result = run_cli(project, *command)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert any(line.startswith(expected) for line in errors), result.stderr
    assert tree_digest(project / "site") == before
