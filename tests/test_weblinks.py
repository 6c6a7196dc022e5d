"""External links, against a web server on 127.0.0.1 only: no test leaves this machine."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from sites import page, write_site

from gcm_portal.checks import weblinks


class _Handler(BaseHTTPRequestHandler):
    requests: ClassVar[list[tuple[str, str]]] = []

    def _answer(self, body: bool) -> None:
        self.requests.append((self.command, self.path))
        if self.path == "/no-head" and self.command == "HEAD":
            self.send_error(405)
            return
        code = 404 if self.path == "/missing" else 200
        self.send_response(code)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            self.wfile.write(b"ok")

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    _Handler.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_each_address_is_requested_once_and_failures_are_warnings(tmp_path, monkeypatch,
                                                                   server):
    dead = f"http://127.0.0.1:{_closed_port()}/"
    body = (f"[ok]({server}/ok), [gone]({server}/missing), [again]({server}/missing),\n"
            f"[head refused]({server}/no-head) and [down]({dead}).\n")
    write_site(tmp_path, {"index.md": page(body)})
    country = tmp_path / "countries/xx.yml"
    country.parent.mkdir()
    country.write_text(f"code: XX\nvisas:\n  url: {server}/missing\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    links = weblinks.collect(Path("."), [Path("countries/xx.yml")])
    problems = [str(p) for p in weblinks.check(links, timeout=5)]
    gone = f"'{server}/missing': HTTP 404 Not Found; check the address, or link to where " \
           "the page has moved"
    refused = problems.pop(2)  # the reason's wording depends on the operating system
    assert refused.startswith(f"index.md:7: warning: external link '{dead}': could not be "
                              "reached (")
    assert refused.endswith("); check the address, or link to where the page has moved")
    assert problems == [
        f"index.md:6: warning: external link {gone}",
        f"index.md:6: warning: external link {gone}",
        f"countries/xx.yml:3: warning: external link {gone}",
    ]
    assert sorted(_Handler.requests) == [("GET", "/missing"), ("GET", "/no-head"),
                                         ("HEAD", "/missing"), ("HEAD", "/no-head"),
                                         ("HEAD", "/ok")]


def test_sources_in_front_matter_are_collected_at_their_line(tmp_path, monkeypatch):
    text = ("---\ntitle: A\nreviewed: 2026-11-20\nsources:\n  - title: Law\n"
            "    url: https://example.org/law\n---\n\nNo links.\n")
    write_site(tmp_path, {"a.md": text})
    monkeypatch.chdir(tmp_path)
    assert weblinks.collect(Path("."), []) == [
        weblinks.WebLink("https://example.org/law", "a.md", 6)]
