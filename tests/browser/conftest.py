"""The browser suite: the built demo portal, served on localhost, in a real Chromium.

Chromium is Debian's (``apt-get install chromium``), driven by Playwright for Python;
Playwright's own browser downloads are never used. The HTML validity test runs the Nu HTML
Checker (``vnu.jar`` from npm, on Java). Nothing here is skipped: when a selected test needs
a tool that is missing, the run stops before the first test, with the command that installs
it (``make setup``, which ``make test`` runs by itself as root, and ``.ci/run`` too).
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest
from portal_pages import ALL_LANGUAGES, THEMES, VIEWPORTS, Theme

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SCREENSHOTS = Path(__file__).resolve().parents[1] / "screenshots"

# Flags that work in containers and keep Chromium from calling home on its own: a request
# to another origin must come from the page, never from the browser.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_path() -> str | None:
    """Debian's Chromium, or the one named by $GCM_CHROMIUM."""
    if os.environ.get("GCM_CHROMIUM"):
        named = os.environ["GCM_CHROMIUM"]
        return named if Path(named).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


ROOT = Path(__file__).resolve().parents[2]
# Fonts for every script the demo is written in: one file stands for Debian's fonts-noto-core.
NOTO = Path("/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf")
JAR_IN_VENV = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_jar() -> Path:
    """The Nu HTML Checker: $VNU_JAR, else where ``make setup`` puts it."""
    return Path(os.environ.get("VNU_JAR", JAR_IN_VENV))


def _setup_commands(packages: list[str], vnu: bool) -> list[str]:
    """The commands ``make setup`` runs for what is missing, with the Makefile's versions."""
    commands = []
    if packages:
        commands.append("sudo apt-get install -y --no-install-recommends " + " ".join(packages))
    if vnu:
        version = re.search(r"^VNU_VERSION := (\S+)$",
                            (ROOT / "Makefile").read_text(encoding="utf-8"), re.MULTILINE)
        commands.append("npm install --no-save --no-audit --no-fund --ignore-scripts --prefix "
                        f".venv/vnu vnu-jar@{version.group(1) if version else 'latest'}")
    return commands


def missing_tools(chromium: bool, validator: bool) -> tuple[list[str], list[str]]:
    """What the selected tests need and this machine lacks, and the commands that install it."""
    missing, packages, vnu = [], [], False
    if chromium:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing.append("Playwright for Python (pip install -e '.[test]', as make test does)")
        if chromium_path() is None:
            missing.append("Chromium (Debian's, or set GCM_CHROMIUM to a Chromium binary)")
            packages.append("chromium")
        if not NOTO.is_file():
            missing.append(f"the Noto fonts ({NOTO} is missing)")
            packages.append("fonts-noto-core")
    if validator:
        if shutil.which("java") is None:
            missing.append("Java, for the Nu HTML Checker")
            packages.append("default-jre-headless")
        if not vnu_jar().is_file():
            missing.append(f"the Nu HTML Checker ({vnu_jar()}; or set VNU_JAR)")
            vnu = True
            if shutil.which("npm") is None:
                packages.append("npm")
    return missing, _setup_commands(packages, vnu)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Stop before the first test when a selected browser test could not run, never skip it."""
    here = Path(__file__).parent
    chosen = [item for item in items if here in item.path.parents]
    missing, commands = missing_tools(
        chromium=any("browser" in getattr(item, "fixturenames", ()) for item in chosen),
        validator=any(item.path.name == "test_html_validity.py" for item in chosen))
    if missing:
        pytest.exit("the browser tests need what this machine does not have:\n  - "
                    + "\n  - ".join(missing) + "\nInstall it with `make setup` (as root, or "
                    "with sudo for apt-get), or by hand:\n  " + "\n  ".join(commands)
                    + "\nor leave the browser tests out: pytest --ignore=tests/browser",
                    returncode=pytest.ExitCode.USAGE_ERROR)


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static hosting as on many web servers: files, and for the rest the nearest 404.html
    up the path (a language's own, else the site's)."""

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _not_found_page(self) -> Path:
        root = Path(self.directory)
        parts = [p for p in urlsplit(self.path).path.split("/") if p and p != ".."]
        for depth in range(len(parts), -1, -1):
            page = root.joinpath(*parts[:depth], "404.html")
            if page.is_file():
                return page
        return root / "404.html"

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        page = self._not_found_page()
        if code != 404 or not page.exists():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def site_url(demo_site: Path) -> Iterator[str]:
    """The demo portal on http://127.0.0.1:<random port>/."""
    handler = functools.partial(_SiteHandler, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Chromium, once for the whole run (its absence has stopped the run before any test)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Visit:
    """Opens pages of the portal in fresh browser contexts, and records every request."""

    def __init__(self, browser: Browser, site_url: str) -> None:
        self.browser = browser
        self.site_url = site_url
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(site_url))
        self.requests: list[str] = []
        self.contexts: list[BrowserContext] = []

    def context(self, viewport: str | dict[str, int] = "desktop",
                **options: Any) -> BrowserContext:
        size = VIEWPORTS[viewport] if isinstance(viewport, str) else viewport
        context = self.browser.new_context(viewport=size, **options)
        context.on("request", lambda request: self.requests.append(request.url))
        self.contexts.append(context)
        return context

    def open(self, path: str, viewport: str | dict[str, int] = "desktop",
             context: BrowserContext | None = None, **options: Any) -> Page:
        page = (context or self.context(viewport, **options)).new_page()
        self.go(page, path)
        return page

    def go(self, page: Page, path: str) -> None:
        page.goto(self.site_url + path)
        # Text is measured and photographed in its real fonts, not in fallbacks.
        page.evaluate("document.fonts.ready.then(() => true)")

    def foreign(self) -> list[str]:
        """Requests that left the portal's origin (data: URLs never leave the page)."""
        return [url for url in self.requests
                if not url.startswith((self.origin + "/", "data:", "blob:"))]

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def visit(browser: Browser, site_url: str) -> Iterator[Visit]:
    opened = Visit(browser, site_url)
    yield opened
    opened.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    def save(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return save


# A portal made by `gcm-portal init` in languages the demo does not have: Ethiopic script
# (am, ti), Latin (so) and two right-to-left ones (fa-AF, ur).
INIT_LANGUAGES = ["en", "am", "ti", "so", "fa-AF", "ur"]
INIT_COUNTRIES = ["SO", "ET"]


def _init_portal(tmp_path_factory: pytest.TempPathFactory, theme: str) -> Path:
    from gcm_portal.cli import main

    project = tmp_path_factory.mktemp(f"init-{theme}") / "portal"
    assert main(["init", str(project), "--languages", ",".join(INIT_LANGUAGES),
                 "--default-language", "en", "--countries", ",".join(INIT_COUNTRIES),
                 "--publisher", "Ministry of X", "--today", "2026-11-24",
                 "--theme", theme]) == 0
    site = project / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def init_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new portal, as `gcm-portal init` writes it for these languages, built."""
    return _init_portal(tmp_path_factory, "material")


@pytest.fixture(scope="session")
def gcm_init_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same new portal with gcm-portal's own theme (`init --theme gcm`)."""
    return _init_portal(tmp_path_factory, "gcm")


@pytest.fixture(scope="session")
def serve() -> Iterator[Callable[[Path], str]]:
    """Serves more built sites as site_url serves the demo; returns each one's address."""
    servers: list[http.server.ThreadingHTTPServer] = []

    def start(site: Path) -> str:
        handler = functools.partial(_SiteHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


# Which built site holds a theme's pages in a language: the demo's languages are the demo's,
# the others (Amharic, Dari...) a portal made by `gcm-portal init`.
_SITE_FIXTURES = {("material", "demo"): "demo_site", ("gcm", "demo"): "gcm_demo_site",
                  ("material", "init"): "init_site", ("gcm", "init"): "gcm_init_site"}


@pytest.fixture(scope="session")
def theme_sites(request: pytest.FixtureRequest,
                serve: Callable[[Path], str]) -> Callable[[str, str], tuple[Path, str]]:
    """The built site and its address for a theme and a language, built and served on
    first use."""
    found: dict[tuple[str, str], tuple[Path, str]] = {}

    def get(theme: str, lang: str) -> tuple[Path, str]:
        key = (theme, "demo" if lang in ALL_LANGUAGES else "init")
        if key not in found:
            site = request.getfixturevalue(_SITE_FIXTURES[key])
            found[key] = (site, serve(site))
        return found[key]

    return get


class Themed:
    """One theme's site in one language: its pages, the theme's selectors, a Visit."""

    def __init__(self, theme: Theme, site: Path, visit: Visit) -> None:
        self.theme, self.site, self.visit = theme, site, visit


@pytest.fixture
def themed(browser: Browser,
           theme_sites: Callable[[str, str], tuple[Path, str]]) -> Iterator[Callable[..., Themed]]:
    """``themed(theme, lang)``: the site that has ``lang`` built with ``theme``."""
    opened: list[Visit] = []

    def open_for(theme: str, lang: str) -> Themed:
        site, url = theme_sites(theme, lang)
        opened.append(Visit(browser, url))
        return Themed(THEMES[theme], site, opened[-1])

    yield open_for
    for visit in opened:
        visit.close()
