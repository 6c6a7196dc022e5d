"""One clock: review dates are checked, and notices dated, against one "today".

``freshness.today()`` is ``SOURCE_DATE_EPOCH`` when set, else the system date; ``check
--today`` overrides it. The session pins ``SOURCE_DATE_EPOCH`` (tests/conftest.py). Here the
system clock itself is moved a year ahead with Debian's ``faketime`` (``make setup``
installs it), to show that nothing else reads it.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from projects import copy_project, run_cli

from gcm_portal.model import freshness

SRC = Path(freshness.__file__).parent
TODAY = dt.date(2026, 11, 24)  # the session's, set by tests/conftest.py
A_YEAR_AHEAD = "2027-11-24 12:00:00"  # every demo review date is then over a year old
# Old enough for the demo pages (reviewed 2026-11-20) to be stale, young enough for no error.
LATER = dt.date(2027, 6, 1)
CLOCK_READS = {"today", "now", "utcnow"}
TIME_READS = {"time", "time_ns", "localtime", "gmtime", "ctime"}


def _epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
                   .timestamp()))


def _faked(project: Path, *args: str,
           epoch: str | None) -> subprocess.CompletedProcess[str]:
    """`gcm-portal ARGS` with the system clock a year ahead, and SOURCE_DATE_EPOCH as given."""
    faketime = shutil.which("faketime")
    if faketime is None:
        pytest.fail("faketime is not installed: sudo apt-get install -y faketime "
                    "(make setup installs it)", pytrace=False)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.run([faketime, A_YEAR_AHEAD, sys.executable, "-m", "gcm_portal.cli",
                           *args], cwd=project, capture_output=True, text=True, check=False,
                          env=env)


def test_the_session_pins_the_date():
    assert os.environ["SOURCE_DATE_EPOCH"] == _epoch(TODAY)
    assert freshness.today() == TODAY
    inherited = subprocess.run(  # as every gcm-portal the tests start does
        [sys.executable, "-c", "from gcm_portal.model import freshness; print(freshness.today())"],
        capture_output=True, text=True, check=True)
    assert inherited.stdout == "2026-11-24\n"


def _reads_clock(node: ast.AST) -> bool:
    """A call such as dt.date.today(), datetime.now(tz) or time.time() (not ours)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return False
    name, owner = node.func.attr, node.func.value
    owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
    return (name in CLOCK_READS and owner_name in ("date", "datetime")) or \
        (name in TIME_READS and owner_name == "time")


def test_no_module_but_freshness_reads_the_clock():
    """Every clock read in the package, except the one clock's own."""
    reads = []
    for path in sorted(SRC.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        clock = next((node for node in tree.body if isinstance(node, ast.FunctionDef)
                      and path.name == "freshness.py" and node.name == "today"), None)
        allowed = {id(node) for node in ast.walk(clock)} if clock else set()
        reads += [f"{path.name}:{node.lineno}: {ast.unparse(node)}" for node in ast.walk(tree)
                  if _reads_clock(node) and id(node) not in allowed]
    assert reads == [], "use gcm_portal.model.freshness.today() instead:\n" + "\n".join(reads)


def test_a_malformed_source_date_epoch_stops_check(tmp_path):
    copy_project(tmp_path)
    result = run_cli(tmp_path, "check", env={**os.environ, "SOURCE_DATE_EPOCH": "soon"})
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH: error: 'soon' is not a number of seconds since 1970-01-01 " \
           "UTC; set it to one (date +%s) or unset it" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_year_on_the_system_clock_changes_nothing_a_pinned_run_says(tmp_path):
    copy_project(tmp_path)
    # The faked clock does reach the system date: unpinned, the demo is a year stale.
    unpinned = _faked(tmp_path, "check", epoch=None)
    assert unpinned.returncode == 1, unpinned.stdout
    assert re.search(r"content/about\.md:4: error: front matter: reviewed: 2026-11-20 is "
                     r"3\d\d days old, more than review_error_days \(365\)", unpinned.stderr)

    # --today and SOURCE_DATE_EPOCH both win over it, in check and in build.
    assert _faked(tmp_path, "check", "--today", TODAY.isoformat(), epoch=None).returncode == 0
    checked = _faked(tmp_path, "check", epoch=_epoch(LATER))
    assert checked.returncode == 0, checked.stderr
    assert "content/about.md:4: warning: front matter: reviewed: 2026-11-20 is 193 days old" \
        in checked.stderr
    built = _faked(tmp_path, "build", epoch=_epoch(LATER))
    assert built.returncode == 0, built.stderr

    # The readers' notices and the open data are dated by the same clock.
    page = (tmp_path / "site/en/about/index.html").read_text(encoding="utf-8")
    assert 'class="gcm-notice gcm-notice--stale"' in page
    index = json.loads((tmp_path / "site/data/index.json").read_text(encoding="utf-8"))
    assert index["generated"] == LATER.isoformat()
