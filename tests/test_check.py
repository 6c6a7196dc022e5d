"""`gcm-portal check`, the pull-request gate, through its command line."""

from __future__ import annotations

import os
import ssl
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from projects import run_cli

TODAY = "2026-11-24"


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # Requests to the test's own server on 127.0.0.1 never go through a proxy.
    return run_cli(project, *args, env={**os.environ, "no_proxy": "127.0.0.1,localhost"})


def test_the_demo_passes_with_few_warnings(project):
    result = run(project, "check", "--today", TODAY)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 3 countries, languages en, fr, es, ar, bn, ne, ps")
    assert len(result.stderr.splitlines()) <= 3, result.stderr
    assert all(": warning: " in line for line in result.stderr.splitlines())


def _break(project: Path) -> None:
    about = project / "content/about.md"
    text = about.read_text("utf-8")
    about.write_text(text.replace("## Your privacy", "# Your privacy\n\n![](map.png)\n\n"
                                  "[Sources](index.md#nowhere)\n\n## Your privacy"),
                     encoding="utf-8")


def test_errors_are_all_reported_and_the_exit_status_is_1(project):
    _break(project)
    line = next(i for i, row in enumerate(
        (project / "content/about.md").read_text("utf-8").splitlines(), 1)
        if row == "# Your privacy")
    result = run(project, "check", "--today", "2027-06-01")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    rows = result.stderr.splitlines()
    assert f"content/about.md:{line}: error: heading '# Your privacy': the front matter " \
           "title is already this page's h1, and a page has only one; make it " \
           "'## Your privacy'" in rows
    assert f"content/about.md:{line + 2}: error: image without alt text: '![](map.png)'; say " \
           "what it shows between the brackets, e.g. '![Map of the offices](map.png)'" in rows
    assert f"content/about.md:{line + 4}: error: broken link: 'index.md#nowhere': 'index.md' " \
           "has no heading with the id 'nowhere'; use one of: choose-a-topic, stay-safe, " \
           "sample-data-on-this-portal" in rows
    assert "content/about.md:4: warning: front matter: reviewed: 2026-11-20 is 193 days old, " \
           "more than review_warning_days (180); check it against its sources, then set the " \
           "date of your review" in rows
    assert rows[-1].startswith("check failed: 3 errors, ")


def test_github_annotations_go_to_stdout(project):
    _break(project)
    result = run(project, "check", "--format", "github", "--today", TODAY)
    assert result.returncode == 1
    annotations = result.stdout.splitlines()
    assert any(a.startswith("::error file=content/about.md,line=") and
               a.endswith("::image without alt text: '![](map.png)'; say what it shows between "
                          "the brackets, e.g. '![Map of the offices](map.png)'")
               for a in annotations), annotations
    assert all(a.startswith(("::error ", "::warning ")) for a in annotations)


def test_a_date_that_is_not_a_date(project):
    result = run(project, "check", "--today", "tomorrow")
    assert result.returncode == 2
    assert "argument --today: 'tomorrow' is not a date; write YYYY-MM-DD" in result.stderr


class _Site(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200 if self.path == "/ok" else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An https:// site on 127.0.0.1 (pages may link to https:// only), with a certificate of
    its own that the checked process trusts through SSL_CERT_FILE."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    os.environ["SSL_CERT_FILE"] = str(cert)
    yield f"https://127.0.0.1:{httpd.server_address[1]}"
    del os.environ["SSL_CERT_FILE"]
    httpd.shutdown()
    httpd.server_close()


def test_external_links_only_when_asked(tmp_path, local_site):
    (tmp_path / "content").mkdir()
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ndocs_dir: content\ntheme: {name: material}\nplugins:\n"
        "  - gcm-portal:\n      publisher:\n        name: T\n      languages: [en]\n",
        encoding="utf-8")
    (tmp_path / "content/index.md").write_text(
        f"---\ntitle: Home\nreviewed: {TODAY}\n---\n\n[Fine]({local_site}/ok) and "
        f"[gone]({local_site}/gone).\n", encoding="utf-8")
    offline = run(tmp_path, "check", "--today", TODAY)
    assert (offline.returncode, offline.stderr) == (0, "")
    online = run(tmp_path, "check", "--external", "--today", TODAY, "--timeout", "5")
    assert online.returncode == 0, online.stderr
    assert online.stderr == (f"content/index.md:6: warning: external link '{local_site}/gone': "
                             "HTTP 404 Not Found; check the address, or link to where the page "
                             "has moved\n")
    assert online.stdout == "ok: 0 countries, languages en, 1 warning\n"
