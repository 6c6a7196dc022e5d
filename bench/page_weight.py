"""Benchmark: what one page costs a reader on a first visit, ours against the plain stack.

Builds, in one run and from the same Markdown:
  * the demo portal with gcm-portal and gcm-portal's own theme (``theme: {name: gcm}``);
  * the demo portal with gcm-portal and Material for MkDocs (the demo's mkdocs.yml);
  * the baseline: plain MkDocs + Material + mkdocs-static-i18n (search plugin on,
    Material's defaults), the way a portal is usually set up with those tools.
Then it opens the same pages of both in real Chromium (Debian's, via Playwright),
records every request the browser makes on a first visit, and adds up the gzip
size (level 6) of every file the site serves; requests to other websites are
blocked and counted. Without Chromium it falls back to reading the HTML.

    python bench/page_weight.py [--out docs/page-weight.md]

This is a benchmark, not a test: it reports numbers and ratios, it asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["", "pathways/", "documents/", "services/", "return/", "about/"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def settings() -> dict:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return next(p["gcm-portal"] for p in config["plugins"]
                if isinstance(p, dict) and "gcm-portal" in p)


def build_ours(target: Path, config: Path = ROOT / "mkdocs.yml") -> None:
    subprocess.run([sys.executable, "-m", "gcm_portal.cli", "-f", str(config),
                    "build", "-d", str(target)], check=True, capture_output=True)


def build_gcm_theme(target: Path, work: Path) -> None:
    """The demo with gcm-portal's own theme: a copy of the project, its theme: block
    replaced by one naming gcm (with the demo's custom_dir)."""
    for part in ("content", "locales", "overrides"):
        if (ROOT / part).is_dir():
            shutil.copytree(ROOT / part, work / part)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text, found = re.subn(r"^theme:\n(?:[ #].*\n)*",
                          "theme:\n  name: gcm\n  custom_dir: overrides\n", text, count=1,
                          flags=re.M)
    assert found == 1, "no theme: block in mkdocs.yml"
    (work / "mkdocs.yml").write_text(text, encoding="utf-8")
    build_ours(target, work / "mkdocs.yml")


def build_baseline(target: Path, work: Path) -> None:
    """The same Markdown with plain MkDocs + Material + mkdocs-static-i18n."""
    from babel import Locale

    portal = settings()
    material = Path(__import__("material").__file__).parent / "templates/partials/languages"
    languages = []
    for code in portal["languages"]:
        entry = {"locale": code, "name": Locale.parse(code).get_display_name(code),
                 "default": code == portal["default_language"], "build": True}
        if not (material / f"{code}.html").exists():
            # Material has no such translation and the build would abort: use English UI.
            entry["theme"] = {"language": "en"}
        languages.append(entry)
    docs = work / "docs"
    shutil.copytree(ROOT / "content", docs, ignore=shutil.ignore_patterns("countries"))
    config = {
        "site_name": "baseline", "docs_dir": str(docs), "site_dir": str(target),
        "theme": {"name": "material"},
        "markdown_extensions": ["admonition", "attr_list", "md_in_html", "toc"],
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": languages}}],
        "validation": {"links": {"not_found": "ignore", "unrecognized_links": "ignore"}},
    }
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                     encoding="utf-8")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f",
                    str(work / "mkdocs.yml")], check=True, capture_output=True)


@functools.cache
def compressed(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _route(base: str, local: set[str], external: list[str], route) -> None:
    """Let the site's own requests through and record them; block every other one."""
    if route.request.url.startswith(base):
        local.add(route.request.url.split("#")[0].split("?")[0])
        route.continue_()
    else:
        external.append(route.request.url)
        route.abort()


def first_visit_browser(site: Path, urls: list[str]) -> dict[str, tuple[int, int]]:
    """{url: (compressed bytes served by the site, requests to other websites)}."""
    from playwright.sync_api import sync_playwright

    server, base = serve(site)
    results = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for url in urls:
                context = browser.new_context(viewport={"width": 360, "height": 740})
                page = context.new_page()
                local: set[str] = set()
                external: list[str] = []
                page.route("**/*", functools.partial(_route, base, local, external))
                page.goto(base + url, wait_until="networkidle")
                size = 0
                for requested in local:
                    path = site / requested[len(base):]
                    if requested.endswith("/"):
                        path = path / "index.html"
                    if path.is_file():
                        size += compressed(path)
                results[url] = (size, len(external))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results


def first_visit_static(site: Path, urls: list[str]) -> dict[str, tuple[int, int]]:
    sys.path.insert(0, str(ROOT / "src"))
    from gcm_portal.builds import weight

    results = {}
    for url in urls:
        measured = weight.measure(site, site / url / "index.html")
        size = measured.total
        # Material's search requests its index when the page loads.
        index = site / "search" / "search_index.json"
        if (site / url / "index.html").read_text(encoding="utf-8").count('name="search"') \
                and index.exists():
            size += compressed(index)
        results[url] = (size, len(measured.external))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "page-weight.md"))
    parser.add_argument("--static", action="store_true", help="do not use Chromium")
    args = parser.parse_args()
    portal = settings()
    default = portal["default_language"]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_ours(work / "ours")
        build_gcm_theme(work / "gcm", work / "gcm-src")
        build_baseline(work / "baseline", work / "baseline-src")
        ours_urls = [f"{lang}/{page}" for lang in portal["languages"] for page in PAGES]
        base_urls = [("" if lang == default else f"{lang}/") + page
                     for lang in portal["languages"] for page in PAGES]
        use_browser = not args.static and Path(CHROMIUM).exists()
        try:
            measure = first_visit_browser if use_browser else first_visit_static
            ours = measure(work / "ours", ours_urls)
            gcm = measure(work / "gcm", ours_urls)
            base = measure(work / "baseline", base_urls)
        except ImportError:
            use_browser = False
            ours = first_visit_static(work / "ours", ours_urls)
            gcm = first_visit_static(work / "gcm", ours_urls)
            base = first_visit_static(work / "baseline", base_urls)
    rows = []
    for ours_url, base_url in zip(ours_urls, base_urls, strict=True):
        (g, g_ext), (o, o_ext), (b, b_ext) = gcm[ours_url], ours[ours_url], base[base_url]
        rows.append((ours_url, g, o, b, g_ext, o_ext, b_ext))
    method = "Chromium, first visit, 360×740" if use_browser else "static reading of the HTML"
    lines = [
        "# Page weight: gcm-portal's own theme and Material, against plain MkDocs + "
        "Material + mkdocs-static-i18n",
        "",
        f"Measured by `bench/page_weight.py` ({method}): bytes the site serves for one page on "
        "a first visit, gzip level 6, the same Markdown for all three. \"gcm theme\" is the "
        "demo built with gcm-portal's own theme (`theme: {name: gcm}`), \"Material\" the demo "
        "as it is (gcm-portal with Material for MkDocs), \"baseline\" plain MkDocs + Material + "
        "mkdocs-static-i18n. Requests to other websites (Google Fonts, for the baseline) were "
        "blocked and are counted, not sized: their bytes come on top of the baseline's "
        "figures.",
        "",
        "| page | gcm theme (KB) | Material (KB) | baseline (KB) | Material ÷ gcm | "
        "baseline ÷ gcm | third-party requests (gcm / Material / baseline) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for url, g, o, b, g_ext, o_ext, b_ext in rows:
        lines.append(f"| {url} | {g / 1024:.1f} | {o / 1024:.1f} | {b / 1024:.1f} | "
                     f"{o / g:.1f}× | {b / g:.1f}× | {g_ext} / {o_ext} / {b_ext} |")

    def median(column: int) -> float:
        return statistics.median(r[column] for r in rows) / 1024

    heaviest = max(rows, key=lambda r: max(r[1], r[2]))
    lines += ["",
              f"Median first visit: gcm theme {median(1):.1f} KB, Material {median(2):.1f} KB, "
              f"baseline {median(3):.1f} KB. Material transfers "
              f"{statistics.median(r[2] / r[1] for r in rows):.1f}× as much as the gcm theme, "
              f"the baseline {statistics.median(r[3] / r[1] for r in rows):.1f}×. Heaviest "
              f"page: {heaviest[0]} ({heaviest[1] / 1024:.1f} KB with the gcm theme, "
              f"{heaviest[2] / 1024:.1f} KB with Material), against a budget of 100 KB.", ""]
    text = "\n".join(lines)
    print(text)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
