"""Shared fixtures: the real demo portal, built once, and throwaway copies of it.

Also the run's two rules: one date for every test, and no skip that goes unsaid.

- "Today" is pinned for the whole session, in this process and every process it starts:
  ``SOURCE_DATE_EPOCH`` is 2026-11-24, the date the demo's review dates and the tests are
  written for, so the suite passes next year as it does today.
- Every skipped test is listed with its reason at the end of the run, and under ``CI=true``
  a skip fails the run: a test that cannot run there is a missing tool, not a pass.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from projects import ROOT, copy_project, use_theme

from gcm_portal.cli import main

TODAY = dt.date(2026, 11, 24)
EPOCH = str(int(dt.datetime(TODAY.year, TODAY.month, TODAY.day,
                            tzinfo=dt.timezone.utc).timestamp()))


def pytest_configure(config: pytest.Config) -> None:
    """Pin the build date before any fixture builds; subprocesses inherit os.environ."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _skips(config: pytest.Config) -> dict[str, list[str]]:
    """Skipped tests by reason."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    by_reason: dict[str, list[str]] = defaultdict(list)
    for report in getattr(reporter, "stats", {}).get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        by_reason[reason.removeprefix("Skipped: ")].append(report.nodeid)
    return by_reason


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI, a run with a skipped test has failed, even if every test that ran passed."""
    if in_ci() and _skips(session.config) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, exitstatus: int,
                            config: pytest.Config) -> None:
    """Every skipped test with its reason, and why the run fails for them in CI."""
    skips = _skips(config)
    if not skips:
        return
    count = sum(map(len, skips.values()))
    terminalreporter.section(f"{count} skipped", sep="=", yellow=True)
    for reason, nodeids in sorted(skips.items()):
        terminalreporter.line(f"{len(nodeids)} skipped: {reason}")
        for nodeid in nodeids:
            terminalreporter.line(f"    {nodeid}")
    if in_ci():
        terminalreporter.line(f"CI=true: {count} skipped tests fail this run; install what "
                              "they need (make setup) so that they run", red=True, bold=True)


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal of this repository, built by `gcm-portal build`."""
    site = tmp_path_factory.mktemp("demo") / "site"
    assert main(["-f", str(ROOT / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def gcm_demo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo project with gcm-portal's own theme (``theme: {name: gcm}``); its
    mkdocs.yml."""
    config = copy_project(tmp_path_factory.mktemp("gcm-demo"))
    use_theme(config, "gcm")
    return config


@pytest.fixture(scope="session")
def gcm_demo_site(gcm_demo_project: Path) -> Path:
    """The demo portal built with gcm-portal's own theme: the same pages as demo_site."""
    site = gcm_demo_project.parent / "site"
    assert main(["-f", str(gcm_demo_project), "build", "-d", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo project with a built site/, as a template for breaking."""
    root = tmp_path_factory.mktemp("project")
    config = copy_project(root)
    assert main(["-f", str(config), "build"]) == 0
    return root


@pytest.fixture
def project(built_copy: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built demo project, for one test to corrupt."""
    target = tmp_path / "portal"
    shutil.copytree(built_copy, target)
    return target
