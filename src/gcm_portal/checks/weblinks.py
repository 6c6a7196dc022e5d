"""Links to other websites, checked only when asked: ``gcm-portal check --external``.

A normal check never touches the network, so it is fast and gives the same answer
offline. A failing external link is a warning, not an error: the other website may
be down for an hour, and that is no reason to hold back a correction.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.model.content import _links, read_pages
from gcm_portal.model.countries import _walk
from gcm_portal.model.yamlfile import load
from gcm_portal.render import markup

USER_AGENT = "gcm-portal-link-check/0.1"
TIMEOUT = 10.0
"""Seconds to wait for each website."""
_WEB = ("http://", "https://")


@dataclass(frozen=True)
class WebLink:
    """An external address, where an editor wrote it."""

    url: str
    path: str
    line: int | None


def collect(docs_dir: Path, country_files: Iterable[Path]) -> list[WebLink]:
    """Every http(s) address in pages (links and sources) and in country files."""
    found = []
    for page, text, doc, body_line in read_pages(docs_dir):
        shown = display_path(page.path)
        sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
        for i, source in enumerate(sources if isinstance(sources, list) else []):
            url = source.get("url") if isinstance(source, dict) else None
            if isinstance(url, str) and url.startswith(_WEB):
                found.append(WebLink(url, shown, doc.line_of(("sources", i, "url"))))
        for line, target in _links(markup.mask(text, body_line), body_line):
            if target.startswith(_WEB):
                found.append(WebLink(target, shown, line))
    for path in country_files:
        try:
            data = load(path)
        except PortalError:
            continue
        for key, value in _walk(data.data, ()):
            if isinstance(value, str) and value.startswith(_WEB):
                found.append(WebLink(value, data.shown_path, data.line_of(key)))
    return found


def failure(url: str, timeout: float = TIMEOUT) -> str | None:
    """Why ``url`` does not answer, or None when it does. HEAD first; GET when refused."""
    why = None
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            why = f"HTTP {exc.code} {exc.reason}"  # some servers refuse HEAD: try GET
        except urllib.error.URLError as exc:
            return f"could not be reached ({exc.reason})"
        except (OSError, http.client.HTTPException, ValueError) as exc:
            return f"could not be reached ({exc or type(exc).__name__})"
    return why


def check(links: list[WebLink], timeout: float = TIMEOUT, workers: int = 8) -> list[Problem]:
    """Request each address once (a few at a time), and warn wherever a failing one is used."""
    urls = list(dict.fromkeys(link.url for link in links))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        failures = dict(zip(urls, pool.map(lambda url: failure(url, timeout), urls), strict=True))
    return [
        Problem(link.path, link.line, f"external link '{link.url}': {failures[link.url]}; check "
                "the address, or link to where the page has moved", "warning")
        for link in links if failures[link.url]
    ]
