"""Benchmark: how long an editor waits in a live preview, ours against the plain stack.

For the demo portal (the build-scale benchmark's 3 countries × 7 languages × 0 extra
pages, which is the demo itself) it starts, in one run:
  * ours: ``gcm-portal serve``;
  * the baseline: ``mkdocs serve`` of plain MkDocs + Material + mkdocs-static-i18n on
    the same Markdown (the build-scale benchmark's baseline, country pages pre-rendered).
Each serves on its own port of 127.0.0.1. Once the first build is served, one sentence
is appended to one translated page, ``EDITS`` times in a row, and the time is taken from
saving the file to the moment the page the server returns holds the sentence (polled
every 20 ms). That includes MkDocs' wait for more file events and the rebuild: what an
editor sees. Ours then gets as many edits of one fee in one country's data file (the
baseline has no data files: its country pages are Markdown). Only one server runs at a
time.

    python bench/serve_reload.py [--edits 5] [--out docs/serve-reload.md]

This is a benchmark, not a test: it reports numbers and ratios, it asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_scale  # the benchmark beside this one

ROOT = build_scale.ROOT
SIZE = build_scale.Size(3, 7, 0)  # the demo portal's countries and languages
EDITED = "content/services/index.fr.md"
PAGE = "fr/services/"
DATA = "content/countries/de.yml"
DATA_PAGE = "en/countries/de/pathways/"
STARTUP = 600.0  # seconds to wait for the first build
RELOAD = 120.0  # seconds to wait for one edit to show
POLL = 0.02
EDIT = "Phrase ajoutée par le banc d'essai de l'aperçu ({stamp})."


@dataclass
class Edit:
    """One kind of edit: which file, how, and where its result shows."""

    what: str
    path: Path
    page: str
    apply: Callable[[Path, int], str]  # edits the file the n-th time; returns what shows
    reloads: list[float] = field(default_factory=list)


def append_sentence(path: Path, n: int) -> str:
    sentence = EDIT.format(stamp=time.time_ns())
    with path.open("a", encoding="utf-8") as fp:
        fp.write(f"\n{sentence}\n")
    return sentence


def change_fee(path: Path, n: int) -> str:
    """The first fee becomes 1001, 1002...; English shows it as 1,001."""
    build_scale.set_first_fee(path, 1000 + n)
    return f"1,{n:03d}"


@dataclass
class Server:
    name: str
    command: list[str]
    cwd: Path
    edits: list[Edit]
    startup: float = float("nan")  # seconds until the first page was served
    error: str = ""


def wait_for(url: str, text: str | None, limit: float, process: subprocess.Popen) -> float:
    """Seconds until ``url`` answers (with ``text`` in it); NaN on timeout or exit."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        if process.poll() is not None:
            return float("nan")
        body = build_scale.fetch(url)
        if body is not None and (text is None or text in body):
            return time.perf_counter() - start
        time.sleep(POLL)
    return float("nan")


def run_server(server: Server, edits: int, log: Path) -> None:
    port = build_scale.free_port()
    url = f"http://127.0.0.1:{port}/{PAGE}"
    with log.open("wb") as out:
        process = subprocess.Popen([*server.command, "-a", f"127.0.0.1:{port}"],
                                   cwd=server.cwd, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        try:
            server.startup = wait_for(url, None, STARTUP, process)
            if server.startup != server.startup:  # NaN
                server.error = "the first build was never served"
                return
            time.sleep(1.0)  # let the watcher settle after the first build
            for edit in server.edits:
                for n in range(1, edits + 1):
                    expected = edit.apply(edit.path, n)
                    seconds = wait_for(f"http://127.0.0.1:{port}/{edit.page}", expected,
                                       RELOAD, process)
                    if seconds != seconds:
                        server.error = f"{edit.what}: an edit never reached the served page"
                        return
                    edit.reloads.append(seconds)
                    time.sleep(0.5)
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    if server.error:
        server.error += ": " + build_scale.tail(log.read_text(encoding="utf-8", errors="replace"))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(servers: list[Server], edits: int, version: str) -> str:
    fmt = build_scale.fmt
    lines = [
        "# Live preview: gcm-portal serve against plain mkdocs serve",
        "",
        f"Measured by `bench/serve_reload.py` on {dt.date.today().isoformat()} "
        f"({build_scale.machine()}), on the demo portal ({SIZE.countries} countries, "
        f"{SIZE.languages} languages), ours with a copy of `src/gcm_portal` (files digest "
        f"`{version}`). One sentence is appended to `{EDITED}` {edits} times; each time, "
        f"the wait from saving the file to `/{PAGE}` being served with the sentence. Then, "
        f"for ours, the first fee in `{DATA}` is changed {edits} times, and the wait is for "
        f"`/{DATA_PAGE}` to show it.",
        "",
        "- **ours**: `gcm-portal serve` (rebuilds only what the edit touched).",
        "- **baseline**: `mkdocs serve` with Material and mkdocs-static-i18n on the same "
        "Markdown (the build-scale benchmark's baseline): every language is rebuilt.",
        "",
        "| server | edit | first build served, s | reload, s (median) | fastest | slowest | "
        "edits |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for s in servers:
        for e in s.edits:
            lines.append(f"| {s.name} | {e.what} | {fmt(s.startup)} | "
                         f"{fmt(median(e.reloads), 2)} | "
                         f"{fmt(min(e.reloads, default=float('nan')), 2)} | "
                         f"{fmt(max(e.reloads, default=float('nan')), 2)} | "
                         f"{len(e.reloads)} of {edits} |")
    ours, base = (server.edits[0].reloads for server in servers)
    lines += ["", f"Baseline ÷ ours, median reload after a page edit: "
              f"**{fmt(build_scale.ratio(median(base), median(ours)), 1, '×')}**."]
    for s in servers:
        if s.error:
            lines += ["", f"{s.name}: {s.error}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=build_scale.positive, default=5)
    parser.add_argument("--out", default=str(ROOT / "docs" / "serve-reload.md"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gcm-serve-reload-") as tmp:
        work = Path(tmp)
        version = build_scale.snapshot_package(work / "code")
        portal = work / "portal"
        config = build_scale.make_portal(SIZE, portal)
        baseline = build_scale.make_baseline(portal, config, work / "baseline-src")
        page = "a translated page"
        servers = [
            Server("ours", [sys.executable, "-m", "gcm_portal.cli", "-f", "mkdocs.yml",
                            "serve"], portal,
                   [Edit(page, portal / EDITED, PAGE, append_sentence),
                    Edit("a fee in a country's data", portal / DATA, DATA_PAGE, change_fee)]),
            Server("baseline", [sys.executable, "-m", "mkdocs", "serve", "-f",
                                str(baseline)], baseline.parent,
                   [Edit(page, baseline.parent / "docs" / EDITED.removeprefix("content/"),
                         PAGE, append_sentence)]),
        ]
        for server in servers:
            print(f"{server.name}: serving and editing…", file=sys.stderr, flush=True)
            run_server(server, args.edits, work / f"{server.name}.log")
    text = report(servers, args.edits, version)
    print(text)
    Path(args.out).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
