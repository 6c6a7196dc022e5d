"""An editorial error stops `check` and `build`, not the tools editors and translators
use while they fix it: `serve` shows what to fix, `i18n` and `status` go on working."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from projects import replace, run_cli
from test_atomic import _free_port, _wait

BROKEN = "[the compact](#no-such-heading)"


def _break(project: Path) -> int:
    return replace(project / "content/about.md", "## Who made this portal\n",
                   f"## Who made this portal\n\nSee {BROKEN}.\n")


def test_check_and_build_stop_at_an_editorial_error(project):
    line = _break(project)
    for command in (("check",), ("build",)):
        result = run_cli(project, *command)
        assert result.returncode == 1, result.stderr
        assert re.search(rf"^content/about\.md:{line + 2}: error: broken link", result.stderr,
                         re.M), result.stderr


def test_translators_commands_work_while_a_page_has_an_editorial_error(project):
    _break(project)
    status = run_cli(project, "status")
    assert status.returncode == 0, status.stderr
    assert "Traceback" not in status.stderr
    pot = project / "locales/portal.pot"
    pot.unlink()
    extract = run_cli(project, "i18n", "extract")
    assert extract.returncode == 0, extract.stderr
    assert 'msgid "Ask a migrant information centre (sample number)"' in \
        pot.read_text(encoding="utf-8")


def test_serve_starts_on_a_broken_page_shows_what_to_fix_then_the_fixed_site(project,
                                                                              tmp_path):
    line = _break(project)
    port = _free_port()
    log = tmp_path / "serve.log"

    def get(path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gcm_portal.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, text=True)
    try:
        assert _wait(lambda: "could not be built" in get("/en/about/")[1]), \
            log.read_text(encoding="utf-8")
        status, page = get("/en/about/")
        assert status == 404
        assert f"content/about.md:{line + 2}: error: broken link" in page
        assert "&#39;#no-such-heading&#39;" in page  # the problems are text, escaped
        replace(project / "content/about.md", f"See {BROKEN}.\n", "")
        assert _wait(lambda: get("/en/about/")[0] == 200), log.read_text(encoding="utf-8")
        assert "Who made this portal" in get("/en/about/")[1]
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    assert "Traceback" not in log.read_text(encoding="utf-8")
    assert re.search(r"^gcm_portal: preview rebuilt in \d+\.\d\d s$",
                     log.read_text(encoding="utf-8"), re.M)  # after the fix: how long it took


def test_serve_at_a_taken_address_says_so_before_it_builds(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli(project, "serve", "-a", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert f"127.0.0.1:{port}: error: cannot serve the preview at this address" in result.stderr
    assert "--dev-addr" in result.stderr
    assert "building" not in result.stderr and "Traceback" not in result.stderr
