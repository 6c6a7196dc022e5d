"""Benchmark: how build time and memory grow with countries and languages, ours against the
plain stack, and what an incremental rebuild after one edit costs.

For each size (N countries × L languages × P extra pages per module) it generates a
synthetic portal in a temporary directory from the demo:
  * content/, locales/, overrides/ and mkdocs.yml copied, translations of languages not
    in the size removed;
  * N country files cloned from the demo's (DE, CA, AE in turn) under other ISO 3166-1
    codes, only ``code`` changed, so every file stays valid against the schema;
  * L languages (CLDR-known two-letter codes mkdocs-static-i18n accepts); a language the
    demo does not translate gets copies of the French pages (English where there is no
    French) as ``<page>.<lang>.md`` and a copy of the French catalogs: translation quality
    does not matter for timing;
  * P extra pages per module (``<module>/page-<k>.md``, copies of the module page, with
    their translations);
  * the gcm-portal options set: ``languages``, ``countries``, ``page_weight_budget: 1000``.
Then it builds, in one run and on the same machine:
  * ours: ``python -m gcm_portal.cli -f mkdocs.yml build -d DIR --jobs J`` (plain ``build``
    when the CLI has no ``--jobs`` yet);
  * the baseline: plain MkDocs + Material + mkdocs-static-i18n (``docs_structure: suffix``,
    Material's ``search`` plugin, same nav and Markdown extensions) on the same Markdown.
    It has no generator for country data, so the country pages are pre-rendered as
    Markdown: for every page ours generates (``countries/index.md``, and per country
    ``index``, one per module, ``handout``, ``local-services``, ``recruiters`` and one per
    procedure) one ``<page>.<lang>.md`` holding the same
    sections of the country's YAML as nested bullet lists, text translated through that
    language's ``countries.po`` as ours does; each module page gets the same list of
    country links ours appends.
Each build runs in a fresh wrapper process (this script with ``--measure``) that reports:
wall time; CPU time (user + sys of the build and all its descendants, from
``getrusage(RUSAGE_CHILDREN)``); peak memory as the largest single process (``ru_maxrss``)
and as the peak sum over the whole process tree (RSS and PSS sampled from /proc every
0.1 s, which matters when ours runs parallel shards); and pages per second (HTML files
written ÷ wall time). Right after its full build, ours gets one sentence appended to one
translated page and ``build -d DIR --dirty`` is timed in the same directory (when the CLI
has ``--dirty``), checking that the sentence reached the built page; then one fee is
changed in one country's data file and ``--dirty`` is timed again. Every build of ours
in a run uses a copy of ``src/gcm_portal`` taken when the run starts, so edits made to it
meanwhile neither mix versions nor invalidate the incremental build's state.

    python bench/build_scale.py [--quick] [--sizes 40x20x3 ...] [--jobs 2] [--repeat 1]
                                [--out docs/build-scale.md] [--keep-logs DIR]

Sizes are COUNTRIESxLANGUAGESxPAGES. The default grid takes about 6 to 10 minutes on two
cores (depending on other load), ``--quick`` well under one. With ``--repeat R`` each
full build runs R times and the fastest is kept.

This is a benchmark, not a test: it reports numbers, ratios and targets, it asserts nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import platform
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "gcm-portal"
MODULES = ("pathways", "documents", "services", "return")
# The demo's languages first, then others CLDR knows under a two-letter code.
LANGUAGES = ("en", "fr", "es", "ar", "bn", "ne", "ps", "de", "it", "pt", "ru", "tr", "fa",
             "ur", "sw", "so", "am", "ti", "hi", "zh", "ja", "ko", "vi", "id", "th", "pl",
             "nl", "uk", "ro", "el")
DEMO_COUNTRIES = ("DE", "CA", "AE")
# CLDR territories that ISO 3166-1 only reserves (Ascension, Clipperton, Sark, Diego Garcia,
# Ceuta and Melilla, Canary Islands, Tristan da Cunha): not used as synthetic countries.
NOT_ISO = frozenset({"AC", "CP", "CQ", "DG", "EA", "IC", "TA"})
DEFAULT_SIZES = ("40x2x3", "40x5x3", "40x10x3", "40x20x3", "10x10x3")
QUICK_SIZES = ("10x2x1", "10x4x1", "5x4x1")
SAMPLE_EVERY = 0.1  # seconds between samples of the process tree's memory
TIMEOUT = 1800  # seconds, per build
EDIT = "This sentence was added by the build-scale benchmark ({stamp})."
TARGET_SPEEDUP = 2.0  # full build of the 20-language portal, baseline ÷ ours
TARGET_LANGUAGES = 20
TARGET_INCREMENTAL = 20.0  # full ÷ one-page incremental
MB = 1024 * 1024


# --- sizes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    countries: int
    languages: int
    pages: int

    @property
    def label(self) -> str:
        return f"{self.countries}×{self.languages}×{self.pages}"

    @classmethod
    def parse(cls, text: str) -> Size:
        match = re.fullmatch(r"(\d+)[x×](\d+)[x×](\d+)", text.strip())
        if not match:
            raise argparse.ArgumentTypeError(
                f"{text!r}: write a size as COUNTRIESxLANGUAGESxPAGES, e.g. 40x20x3")
        size = cls(*(int(group) for group in match.groups()))
        if not 1 <= size.languages <= len(LANGUAGES):
            raise argparse.ArgumentTypeError(f"{text!r}: 1 to {len(LANGUAGES)} languages")
        if size.countries < 1:
            raise argparse.ArgumentTypeError(f"{text!r}: at least one country")
        return size


# --- the synthetic portal ------------------------------------------------------------------


def country_codes(count: int) -> list[str]:
    """The demo's countries first, then other ISO 3166-1 alpha-2 codes CLDR names."""
    from gcm_portal.model.countries import known_country_codes

    others = sorted(known_country_codes() - set(DEMO_COUNTRIES) - NOT_ISO)
    codes = [*DEMO_COUNTRIES, *others]
    if count > len(codes):
        raise SystemExit(f"at most {len(codes)} countries")
    return codes[:count]


def write_countries(countries_dir: Path, codes: list[str]) -> None:
    """Clone the demo's country files under new codes; only ``code`` changes."""
    sources = [(countries_dir / f"{code.lower()}.yml").read_text(encoding="utf-8")
               for code in DEMO_COUNTRIES]
    for i, code in enumerate(codes):
        target = countries_dir / f"{code.lower()}.yml"
        if target.exists():
            continue
        text = re.sub(r"(?m)^code: [A-Z]{2}$", f"code: {code}", sources[i % len(sources)],
                      count=1)
        target.write_text(text, encoding="utf-8")


def page_language(path: Path) -> str | None:
    """``index.fr.md`` -> ``fr``; None for a default-language page."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) == 3 else None


def remove_other_languages(content: Path, languages: list[str]) -> None:
    """Translations of languages outside the size would be refused as unknown."""
    for path in content.rglob("*.md"):
        lang = page_language(path)
        if lang is not None and lang not in languages:
            path.unlink()


def add_pages(content: Path, count: int) -> None:
    """``<module>/page-<k>.md`` and its translations: copies of the module page."""
    for module in MODULES:
        folder = content / module
        for source in sorted(folder.glob("index*.md")):
            for k in range(1, count + 1):
                shutil.copyfile(source, folder / source.name.replace("index", f"page-{k}", 1))


def add_translations(content: Path, languages: list[str], default: str) -> None:
    """Every page in every language: copies of French (or English) for new languages."""
    for page in sorted(content.rglob("*.md")):
        if page_language(page) is not None or page.parts[-2:-1] == ("countries",):
            continue
        french = page.with_name(f"{page.stem}.fr.md")
        for lang in languages:
            target = page.with_name(f"{page.stem}.{lang}.md")
            if lang != default and not target.exists():
                shutil.copyfile(french if french.exists() else page, target)


def add_catalogs(locales: Path, languages: list[str], default: str) -> None:
    """A copy of the French catalogs for each language that has none."""
    source = locales / "fr" / "LC_MESSAGES"
    for lang in languages:
        target = locales / lang / "LC_MESSAGES"
        if lang == default or target.exists():
            continue
        target.mkdir(parents=True)
        for po in source.glob("*.po"):
            text = po.read_text(encoding="utf-8")
            text = re.sub(r'(?m)^"Language: fr\\n"$', f'"Language: {lang}\\\\n"', text)
            (target / po.name).write_text(text, encoding="utf-8")


def remove_other_catalogs(locales: Path, languages: list[str]) -> None:
    """Catalogs of a language the portal does not publish are an error (a stray folder)."""
    keep = {lang.replace("-", "_") for lang in languages}
    for folder in locales.iterdir():
        if folder.is_dir() and folder.name not in keep:
            shutil.rmtree(folder)


def portal_settings(config: dict[str, Any]) -> dict[str, Any]:
    return next(p[PLUGIN] for p in config["plugins"] if isinstance(p, dict) and PLUGIN in p)


def write_config(portal: Path, languages: list[str], codes: list[str]) -> dict[str, Any]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    settings = portal_settings(config)
    settings.update(languages=languages, countries=codes, page_weight_budget=1000)
    (portal / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True,
                                                      sort_keys=False), encoding="utf-8")
    return config


def make_portal(size: Size, portal: Path) -> dict[str, Any]:
    """Generate the synthetic portal; return its mkdocs.yml as a dict."""
    demo = portal_settings(yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    default = demo["default_language"]
    languages = [default, *(lang for lang in LANGUAGES if lang != default)][:size.languages]
    codes = country_codes(size.countries)
    shutil.copytree(ROOT / "content", portal / "content")
    shutil.copytree(ROOT / "locales", portal / "locales")
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", portal / "overrides")
    content = portal / "content"
    remove_other_languages(content, languages)
    write_countries(content / "countries", codes)
    add_pages(content, size.pages)
    add_translations(content, languages, default)
    add_catalogs(portal / "locales", languages, default)
    remove_other_catalogs(portal / "locales", languages)
    return write_config(portal, languages, codes)


# --- the baseline's equivalent Markdown ------------------------------------------------------


def read_translations(po: Path) -> dict[str, str]:
    from babel.messages.pofile import read_po

    if not po.exists():
        return {}
    with po.open("rb") as fp:
        catalog = read_po(fp)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy
            and isinstance(m.id, str) and isinstance(m.string, str)}


def bullets(value: Any, translate: Callable[[str], str], depth: int = 0) -> list[str]:
    """A YAML value as a nested Markdown bullet list."""
    indent = "    " * depth
    lines: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines.append(f"{indent}- {key.replace('_', ' ')}:")
                lines += bullets(item, translate, depth + 1)
            else:
                lines.append(f"{indent}- {key.replace('_', ' ')}: {translate(str(item))}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, (dict, list)):
                lines.append(f"{indent}- item:")
                lines += bullets(item, translate, depth + 1)
            else:
                lines.append(f"{indent}- {translate(str(item))}")
    else:
        lines.append(f"{indent}- {translate(str(value))}")
    return lines


def country_page(title: str, data: dict[str, Any], sections: Iterable[str],
                 translate: Callable[[str], str]) -> str:
    reviewed = min(str(data[s]["reviewed"]) for s in sections)
    body = [f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\nreviewed: '{reviewed}'\n---"]
    for section in sections:
        body += ["", f"## {section.replace('_', ' ').capitalize()}", ""]
        body += bullets(data[section], translate)
    return "\n".join(body) + "\n"


def suffixed(uri: str, lang: str, default: str) -> str:
    return uri if lang == default else uri.removesuffix(".md") + f".{lang}.md"


def write_baseline_countries(docs: Path, portal: Path, config: dict[str, Any]) -> None:
    """The pages ours generates from country data, pre-rendered as Markdown per language."""
    from babel import Locale

    from gcm_portal.render.pages import HANDOUT_SECTIONS, MODULES, OVERVIEW_SECTIONS

    settings = portal_settings(config)
    default, codes = settings["default_language"], settings["countries"]
    data = {code: yaml.safe_load((portal / "content" / "countries" / f"{code.lower()}.yml")
                                 .read_text(encoding="utf-8")) for code in codes}
    for lang in settings["languages"]:
        strings = read_translations(portal / "locales" / lang / "LC_MESSAGES" / "countries.po")

        def translate(text: str, strings: dict[str, str] = strings) -> str:
            return strings.get(text, text)

        names = Locale.parse(lang).territories
        links = "\n".join(f"- [{names.get(c, c)}]({c.lower()}/index.md)" for c in codes)
        write(docs / suffixed("countries/index.md", lang, default),
              f"---\ntitle: Countries\n---\n\n{links}\n")
        for code in codes:
            name, folder = names.get(code, code), f"countries/{code.lower()}"
            pages = {"index": OVERVIEW_SECTIONS, "handout": HANDOUT_SECTIONS}
            pages.update({m.slug: m.sections for m in MODULES})
            # The pages of the newer sections, where the country has them.
            pages.update({page: (section,) for page, section in (
                ("local-services", "local_services"), ("recruiters", "recruiters"))
                if section in data[code]})
            for page, sections in pages.items():
                write(docs / suffixed(f"{folder}/{page}.md", lang, default),
                      country_page(f"{name}: {page}", data[code], sections, translate))
            procedures = data[code].get("procedures") or {}
            for procedure in procedures.get("items", []):  # one page each, as ours
                one = {"procedure": {"reviewed": procedures["reviewed"], **procedure}}
                write(docs / suffixed(f"{folder}/procedures/{procedure['id']}.md", lang,
                                      default),
                      country_page(f"{name}: {procedure['id']}", one, ("procedure",),
                                   translate))
        for module in MODULES:
            page = docs / suffixed(f"{module.slug}/index.md", lang, default)
            links = "\n".join(f"- [{names.get(c, c)}](../countries/{c.lower()}/{module.slug}.md)"
                              for c in codes)
            with page.open("a", encoding="utf-8") as fp:
                fp.write(f"\n\n## Information by country\n\n{links}\n")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_baseline(portal: Path, config: dict[str, Any], work: Path) -> Path:
    """Plain MkDocs + Material + mkdocs-static-i18n on the same Markdown; return mkdocs.yml."""
    from babel import Locale

    settings = portal_settings(config)
    material = Path(__import__("material").__file__).parent / "templates/partials/languages"
    languages = []
    for code in settings["languages"]:
        # Material has no translation for some languages (the build aborts): English UI.
        # Every language gets the override, because mkdocs-static-i18n 1.3.1 resets
        # theme.language to the first overridden language's code for every later language.
        ui = code if (material / f"{code}.html").exists() else "en"
        languages.append({
            "locale": code, "name": Locale.parse(code).get_display_name(code) or code,
            "default": code == settings["default_language"], "build": True,
            "theme": {"language": ui}})
    docs = work / "docs"
    shutil.copytree(portal / "content", docs, ignore=shutil.ignore_patterns("*.yml"))
    write_baseline_countries(docs, portal, config)
    baseline = {
        "site_name": "baseline", "docs_dir": str(docs), "site_url": config.get("site_url"),
        "use_directory_urls": True, "nav": config.get("nav"),
        "theme": {"name": "material"},
        "markdown_extensions": config.get("markdown_extensions"),
        "plugins": ["search", {"i18n": {"docs_structure": "suffix", "languages": languages}}],
        "validation": {"links": {"not_found": "ignore", "unrecognized_links": "ignore",
                                 "anchors": "ignore"}},
    }
    path = work / "mkdocs.yml"
    path.write_text(yaml.safe_dump(baseline, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


# --- measuring one build ----------------------------------------------------------------------


def _parents() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{name}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(name))
    return children


def _tree(root: int) -> list[int]:
    children, found, todo = _parents(), [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def _memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in bytes; zeros once it has gone."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    fields = dict(re.findall(r"(?m)^(Rss|Pss):\s+(\d+) kB", rollup))
    return int(fields.get("Rss", 0)) * 1024, int(fields.get("Pss", 0)) * 1024


def _sample(root: int, stop: threading.Event, peak: dict[str, int]) -> None:
    while not stop.wait(SAMPLE_EVERY):
        rss = pss = 0
        for pid in _tree(root):
            r, p = _memory(pid)
            rss, pss = rss + r, pss + p
        peak["rss"], peak["pss"] = max(peak["rss"], rss), max(peak["pss"], pss)


def measure_main(log: str, command: list[str]) -> int:
    """The wrapper: run ``command`` once and print what it cost, as JSON."""
    peak = {"rss": 0, "pss": 0}
    stop = threading.Event()
    start = time.perf_counter()
    with open(log, "wb") as out:
        # The environment variable only silences Material's notice about MkDocs 2.
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        sampler = threading.Thread(target=_sample, args=(process.pid, stop, peak), daemon=True)
        sampler.start()
        try:
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"returncode": code, "wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
                      "max_rss": usage.ru_maxrss * 1024, "tree_rss": peak["rss"],
                      "tree_pss": peak["pss"]}))
    return 0


@dataclass
class Run:
    """One build: what it cost and what it wrote."""

    ok: bool
    wall: float = math.nan
    cpu: float = math.nan
    max_rss: int = 0  # largest single process, exact (ru_maxrss)
    tree_rss: int = 0  # peak sum over the process tree, sampled
    tree_pss: int = 0
    pages: int = 0
    error: str = ""
    load: float = math.nan  # the machine's 1-minute load average when the build started

    @property
    def peak(self) -> int:
        """Peak memory of the whole build: every concurrent process, at least the largest."""
        return max(self.max_rss, self.tree_rss)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.wall if self.ok and self.wall else math.nan


def measure(command: list[str], cwd: Path, log: Path) -> Run:
    """Run a build in a fresh wrapper process, so its rusage covers this build only."""
    load = os.getloadavg()[0]
    wrapper = [sys.executable, str(Path(__file__).resolve()), "--measure", str(log), "--",
               *command]
    done = subprocess.run(wrapper, cwd=cwd, capture_output=True, text=True, check=False)
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, json.JSONDecodeError):
        return Run(False, error=f"the measuring wrapper failed: {done.stderr.strip()[-2000:]}")
    output = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    run = Run(result["returncode"] == 0, result["wall"], result["cpu"], result["max_rss"],
              result["tree_rss"], result["tree_pss"], load=load)
    if not run.ok:
        run.error = f"exit status {result['returncode']}: " + tail(output)
    return run


def measure_best(command: list[str], cwd: Path, log: Path, site: Path, repeat: int) -> Run:
    """The fastest of ``repeat`` runs (the others were slowed down by other work)."""
    runs = []
    for _ in range(repeat):
        run = measure(command, cwd, log)
        run.pages = html_pages(site)
        runs.append(run)
        if not run.ok:
            return run
    return min(runs, key=lambda run: run.wall)


def tail(text: str, lines: int = 15) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(kept[-lines:])


def html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0


# --- ours and the baseline --------------------------------------------------------------------


@dataclass(frozen=True)
class Features:
    """What the CLI under test offers (the lead engineer is adding both flags)."""

    jobs: bool
    dirty: bool


def cli_features() -> Features:
    shown = subprocess.run([sys.executable, "-m", "gcm_portal.cli", "build", "--help"],
                           capture_output=True, text=True, check=False).stdout
    return Features(jobs="--jobs" in shown, dirty="--dirty" in shown)


def ours_command(config: Path, site: Path, jobs: int, features: Features,
                 dirty: bool = False) -> list[str]:
    command = [sys.executable, "-m", "gcm_portal.cli", "-f", str(config), "build",
               "-d", str(site)]
    if features.jobs and jobs > 1 and not dirty:
        command += ["--jobs", str(jobs)]
    if dirty:
        command.append("--dirty")
    return command


def baseline_command(config: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)]


@dataclass
class Incremental:
    run: Run | None = None
    edited: str = ""  # the page the sentence was appended to
    visible: bool | None = None  # did the sentence reach the built page?
    languages: int = 0  # languages the incremental build rebuilt
    note: str = ""


def edit_one_page(content: Path, lang: str, pages: int) -> tuple[Path, str, str]:
    """Append a sentence to one translated page; return it, the sentence, its built path."""
    slug = "page-1" if pages else "index"
    page = content / "pathways" / f"{slug}.{lang}.md"
    sentence = EDIT.format(stamp=time.time_ns())
    with page.open("a", encoding="utf-8") as fp:
        fp.write(f"\n{sentence}\n")
    return page, sentence, f"{lang}/pathways/{'' if slug == 'index' else slug + '/'}index.html"


def set_first_fee(path: Path, amount: int) -> None:
    """Set the first ``amount:`` of a country's data file (its first visa's fee)."""
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^(\s*amount: )\d+(\.\d+)?$", rf"\g<1>{amount}", text,
                           count=1), encoding="utf-8")


def edit_one_fee(content: Path, code: str, default: str) -> tuple[Path, str, str]:
    """Change the first fee in one country's data; return the file, the new amount as the
    default language shows it, and the page that shows it."""
    path = content / "countries" / f"{code.lower()}.yml"
    set_first_fee(path, 12345)
    return path, "12,345", f"{default}/countries/{code.lower()}/pathways/index.html"


def incremental(portal: Path, config: dict[str, Any], site: Path, size: Size,
                features: Features, logs: Path, data: bool = False) -> Incremental:
    """One page edited (or, with ``data``, one fee in one country's file), then `--dirty`."""
    if not features.dirty:
        return Incremental(note="`build --dirty` is not in the CLI yet: not measured")
    settings = portal_settings(config)
    others = [lang for lang in settings["languages"] if lang != settings["default_language"]]
    if data:
        edited, expected, built = edit_one_fee(portal / "content", settings["countries"][0],
                                               settings["default_language"])
    elif others:
        edited, expected, built = edit_one_page(portal / "content", others[0], size.pages)
    else:
        return Incremental(note="one language only: no translated page to edit")
    log_path = logs / f"ours-dirty-{'data' if data else 'page'}.log"
    run = measure(ours_command(portal / "mkdocs.yml", site, 1, features, dirty=True), portal,
                  log_path)
    run.pages = html_pages(site)
    target = site / built
    visible = target.exists() and expected in target.read_text(encoding="utf-8")
    log = log_path.read_text(encoding="utf-8", errors="replace")
    rebuilt = len(re.findall(r"(?m)building [a-z]{2}\S* \(", log))
    return Incremental(run, edited.relative_to(portal).as_posix(), visible, rebuilt)


# --- the live preview ---------------------------------------------------------------------------

REBUILT = re.compile(r"preview rebuilt in (\d+(?:\.\d+)?) s")  # ours, one line per rebuild
BUILT = re.compile(r"Documentation built in (\d+(?:\.\d+)?) seconds")  # MkDocs'
BASELINE_PREVIEW_LIMIT = 60.0  # s: plain `mkdocs serve` rebuilds the whole site after an edit


@dataclass
class Preview:
    """One edit in a running preview (`serve`): the rebuild it logs, and the time from the
    edit to the page served with it (which adds the preview's polling of the files)."""

    rebuild: float = math.nan
    seen: float = math.nan
    note: str = ""


@dataclass
class Previews:
    page: Preview = field(default_factory=Preview)
    data: Preview = field(default_factory=Preview)
    baseline: Preview = field(default_factory=Preview)  # plain `mkdocs serve`, one page edit


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _until(condition: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.02)
    return False


def fetch(url: str) -> str | None:
    """A page of a preview on 127.0.0.1, never through a proxy; None if none answers."""
    import urllib.error
    import urllib.request

    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=5) as answer:
            return answer.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


class _Server:
    """A preview server in the background, its log read as it grows."""

    def __init__(self, command: list[str], cwd: Path, log: Path, pattern: re.Pattern[str]):
        self.log, self.pattern = log, pattern
        with log.open("w", encoding="utf-8") as out:
            self.process = subprocess.Popen(command, cwd=cwd, stdout=out,
                                            stderr=subprocess.STDOUT, text=True,
                                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def started(self, timeout: float) -> bool:
        """Whether the first build is done (then the file watcher is given a second)."""
        if not _until(lambda: bool(self.rebuilds()) or self.process.poll() is not None,
                      timeout) or not self.rebuilds():
            return False
        time.sleep(1.0)
        return True

    def rebuilds(self) -> list[float]:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return [float(found) for found in self.pattern.findall(text)]

    def edit(self, change: Callable[[], tuple[str, str]], timeout: float) -> Preview:
        """Make an edit; wait for the next rebuild and for ``url`` to serve ``expected``."""
        done = len(self.rebuilds())
        started = time.perf_counter()
        url, expected = change()
        if not _until(lambda: expected in (fetch(url) or ""), timeout):
            return Preview(note="the edit never reached the served page")
        seen = time.perf_counter() - started
        if not _until(lambda: len(self.rebuilds()) > done, timeout):
            return Preview(seen=seen, note="no rebuild was logged")
        return Preview(self.rebuilds()[done], seen)

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()


def previews(portal: Path, config: dict[str, Any], size: Size, logs: Path,
             baseline_config: Path, baseline_wall: float) -> Previews:
    """One page edited, then one fee, in ours running ``serve``; one page edited in the
    plain stack's ``mkdocs serve`` when its full build is short enough to wait for twice."""
    settings = portal_settings(config)
    others = [lang for lang in settings["languages"] if lang != settings["default_language"]]
    found = Previews()
    if not others:
        found.page.note = "one language only: no translated page to edit"
        return found
    port = free_port()
    ours = _Server([sys.executable, "-m", "gcm_portal.cli", "-f", str(portal / "mkdocs.yml"),
                    "serve", "-a", f"127.0.0.1:{port}"], portal, logs / "ours-serve.log",
                   REBUILT)
    root = f"http://127.0.0.1:{port}/"
    try:
        if not ours.started(TIMEOUT):
            found.page.note = "the preview did not start: " + tail(
                ours.log.read_text(encoding="utf-8", errors="replace"))
            return found

        def page() -> tuple[str, str]:
            _, sentence, built = edit_one_page(portal / "content", others[0], size.pages)
            return root + built, sentence

        def fee() -> tuple[str, str]:
            code, default = settings["countries"][0], settings["default_language"]
            set_first_fee(portal / "content" / "countries" / f"{code.lower()}.yml", 23456)
            return root + f"{default}/countries/{code.lower()}/pathways/index.html", "23,456"

        found.page = ours.edit(page, TIMEOUT)
        found.data = ours.edit(fee, TIMEOUT)
    finally:
        ours.stop()
    if math.isnan(baseline_wall) or baseline_wall > BASELINE_PREVIEW_LIMIT:
        found.baseline.note = (f"not measured: plain `mkdocs serve` rebuilds the whole site "
                               f"after an edit, as long as its full build "
                               f"({fmt(baseline_wall)} s)")
        return found
    port = free_port()
    plain = _Server([sys.executable, "-m", "mkdocs", "serve", "-f", str(baseline_config),
                     "-a", f"127.0.0.1:{port}"], baseline_config.parent,
                    logs / "baseline-serve.log", BUILT)
    root = f"http://127.0.0.1:{port}/"
    try:
        if not plain.started(TIMEOUT):
            found.baseline.note = "the plain preview did not start"
            return found

        def plain_page() -> tuple[str, str]:
            _, sentence, built = edit_one_page(baseline_config.parent / "docs", others[0],
                                               size.pages)
            return root + built, sentence

        found.baseline = plain.edit(plain_page, TIMEOUT)
    finally:
        plain.stop()
    return found


def snapshot_package(target: Path) -> str:
    """Copy gcm-portal's package to ``target`` and put it first on every build's path.

    Every build of the run then uses the code as it was when the run started, even while
    someone edits src/: versions do not mix between sizes, and an edit cannot invalidate the
    state an incremental build relies on. Returns a digest of the copied files.
    """
    import gcm_portal

    package = Path(gcm_portal.__file__).parent
    shutil.copytree(package, target / "gcm_portal",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    hasher = hashlib.sha256()
    for path in sorted((target / "gcm_portal").rglob("*")):
        if path.is_file():
            hasher.update(path.relative_to(target).as_posix().encode() + path.read_bytes())
    # Compiled now, so that the first build does not pay for it.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(target / "gcm_portal")],
                   check=True)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(target), os.environ.get("PYTHONPATH")]))
    return hasher.hexdigest()[:12]


@dataclass
class Result:
    size: Size
    ours: Run
    baseline: Run
    incremental: Incremental  # one translated page edited
    data: Incremental  # one fee edited in one country's data
    previews: Previews = field(default_factory=Previews)  # the same edits in `serve`


def bench_size(size: Size, jobs: int, features: Features, keep: Path | None,
               repeat: int) -> Result:
    with tempfile.TemporaryDirectory(prefix="gcm-build-scale-") as tmp:
        work = Path(tmp)
        portal = work / "portal"
        config = make_portal(size, portal)
        baseline_config = make_baseline(portal, config, work / "baseline-src")
        site, base_site = work / "ours-site", work / "baseline-site"
        (work / "logs").mkdir()
        ours = measure_best(ours_command(portal / "mkdocs.yml", site, jobs, features), portal,
                            work / "logs" / "ours.log", site, repeat)
        failed = Incremental(note="the full build failed")
        step = incremental(portal, config, site, size, features, work / "logs") if ours.ok \
            else failed
        data = incremental(portal, config, site, size, features, work / "logs", data=True) \
            if ours.ok else failed
        baseline = measure_best([*baseline_command(baseline_config), "-d", str(base_site)],
                                work / "baseline-src", work / "logs" / "baseline.log",
                                base_site, repeat)
        shutil.rmtree(base_site, ignore_errors=True)
        served = previews(portal, config, size, work / "logs", baseline_config,
                          baseline.wall if baseline.ok else math.nan) if ours.ok else Previews()
        if keep is not None:
            shutil.copytree(work / "logs", keep / size.label.replace("×", "x"),
                            dirs_exist_ok=True)
        return Result(size, ours, baseline, step, data, served)


# --- report -----------------------------------------------------------------------------------


def ratio(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else math.nan


def fmt(value: float, digits: int = 1, suffix: str = "") -> str:
    return "–" if math.isnan(value) else f"{value:.{digits}f}{suffix}"


def mb(value: int) -> str:
    return f"{value / MB:.0f}" if value else "–"


def main_table(results: list[Result]) -> list[str]:
    lines = [
        "| N×L×P | HTML pages (ours / base) | wall s (ours / base) | base ÷ ours | "
        "CPU s (ours / base) | base ÷ ours | peak MB, all processes (ours / base) | "
        "ours ÷ base | largest process MB (ours / base) | pages/s (ours / base) | "
        "load at start (ours / base) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        o, b = r.ours, r.baseline
        lines.append(
            f"| {r.size.label} | {o.pages} / {b.pages} | {fmt(o.wall)} / {fmt(b.wall)} | "
            f"{fmt(ratio(b.wall, o.wall), 2, '×')} | {fmt(o.cpu)} / {fmt(b.cpu)} | "
            f"{fmt(ratio(b.cpu, o.cpu), 2, '×')} | {mb(o.peak)} / {mb(b.peak)} | "
            f"{fmt(ratio(o.peak, b.peak), 2, '×')} | {mb(o.max_rss)} / {mb(b.max_rss)} | "
            f"{fmt(o.pages_per_second, 0)} / {fmt(b.pages_per_second, 0)} | "
            f"{fmt(o.load)} / {fmt(b.load)} |")
    return lines


def incremental_table(results: list[Result], data: bool = False) -> list[str]:
    lines = ["| N×L×P | edited file | wall s (full / `--dirty`) | full ÷ incremental | "
             "CPU s (full / `--dirty`) | full ÷ incremental | languages rebuilt | "
             "edit in the built page | HTML pages after |",
             "|---|---|---:|---:|---:|---:|---:|---|---:|"]
    for r in results:
        step = r.data if data else r.incremental
        if step.run is None:
            lines.append(f"| {r.size.label} | – | {fmt(r.ours.wall)} / – | – | "
                         f"{fmt(r.ours.cpu)} / – | – | – | {step.note} | – |")
            continue
        if not step.run.ok:
            lines.append(f"| {r.size.label} | {step.edited} | {fmt(r.ours.wall)} / failed "
                         f"| – | {fmt(r.ours.cpu)} / failed | – | – | – | {step.run.pages} |")
            continue
        shown = "yes" if step.visible else "**no**"
        o, d = r.ours, step.run
        rebuilt = f"{step.languages} of {r.size.languages}" + (
            f" ({step.note})" if step.note else "")
        lines.append(f"| {r.size.label} | {step.edited} | {fmt(o.wall)} / {fmt(d.wall)} | "
                     f"{fmt(ratio(o.wall, d.wall), 1, '×')} | {fmt(o.cpu)} / {fmt(d.cpu)} | "
                     f"{fmt(ratio(o.cpu, d.cpu), 1, '×')} | {rebuilt} | {shown} | "
                     f"{d.pages} |")
    return lines


def preview_table(results: list[Result]) -> list[str]:
    lines = ["| N×L×P | page edit: rebuild s | edit to page served s | data edit: rebuild s | "
             "edit to page served s | plain `mkdocs serve`: rebuild s | edit to page "
             "served s |", "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        cells = []
        for preview in (r.previews.page, r.previews.data, r.previews.baseline):
            if math.isnan(preview.rebuild) and preview.note:
                cells += [preview.note, "–"]
            else:
                cells += [fmt(preview.rebuild, 2), fmt(preview.seen, 2)]
        lines.append(f"| {r.size.label} | " + " | ".join(cells) + " |")
    return lines


def slope(points: list[tuple[float, float]]) -> float:
    """Least-squares slope of y over x."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else math.nan


def exponent(points: list[tuple[float, float]]) -> float:
    """Growth exponent between the smallest and the largest x: y ∝ x^k."""
    (x0, y0), (x1, y1) = min(points), max(points)
    if x0 == x1 or y0 <= 0 or y1 <= 0:
        return math.nan
    return math.log(y1 / y0) / math.log(x1 / x0)


def series(results: list[Result], axis: str) -> list[tuple[tuple[int, ...], list[Result]]]:
    """Groups of sizes that differ only along ``axis`` (countries or languages)."""
    others = [f for f in ("countries", "languages", "pages") if f != axis]
    groups: dict[tuple[int, ...], list[Result]] = {}
    for r in results:
        groups.setdefault(tuple(getattr(r.size, f) for f in others), []).append(r)
    return [(key, sorted(group, key=lambda r: getattr(r.size, axis)))
            for key, group in groups.items()
            if len({getattr(r.size, axis) for r in group}) >= 2]


def scaling(results: list[Result]) -> list[str]:
    lines: list[str] = []
    for axis, unit in (("languages", "language"), ("countries", "country")):
        units = axis
        for key, group in series(results, axis):
            fixed = dict(zip([f for f in ("countries", "languages", "pages") if f != axis],
                             key, strict=True))
            xs = ", ".join(str(getattr(r.size, axis)) for r in group)
            lines.append(f"- **{axis.capitalize()} {xs}** "
                         f"({', '.join(f'{k} {v}' for k, v in fixed.items())}):")
            for name in ("ours", "baseline"):
                runs = [(getattr(r.size, axis), getattr(r, name)) for r in group]
                ok = [(float(x), run) for x, run in runs if run.ok]
                if len(ok) < 2:
                    lines.append(f"    - {name}: not enough successful builds")
                    continue
                wall = [(x, run.wall) for x, run in ok]
                memory = [(x, run.peak / MB) for x, run in ok]
                lines.append(
                    f"    - {name}: {fmt(slope(wall), 2)} s per extra {unit} "
                    f"(wall ∝ {units}^{fmt(exponent(wall), 2)}), "
                    f"{fmt(slope(memory), 1)} MB per extra {unit} "
                    f"(peak ∝ {units}^{fmt(exponent(memory), 2)}); "
                    f"pages/s from {fmt(ok[0][1].pages_per_second, 0)} to "
                    f"{fmt(ok[-1][1].pages_per_second, 0)}")
    return lines or ["- The grid has no two sizes that differ in one dimension only."]


def incremental_ratio(result: Result) -> float:
    run = result.incremental.run
    return ratio(result.ours.wall, run.wall) if run is not None and run.ok else math.nan


def verdict(met: bool | None) -> str:
    return {True: "**met**", False: "**not met**", None: "**not measured**"}[met]


def split_target(results: list[Result]) -> tuple[list[Result], list[Result]]:
    """The sizes the targets are about (the 20-language portal), and the others."""
    at = [r for r in results if r.size.languages == TARGET_LANGUAGES]
    return at, [r for r in results if r not in at]


def listed(results: list[Result], value: Callable[[Result], str], empty: str = "none") -> str:
    return ", ".join(f"{r.size.label}: {value(r)}" for r in results) or empty


NO_TARGET_SIZE = f"no {TARGET_LANGUAGES}-language size in this grid"


def speedup(result: Result) -> str:
    return fmt(ratio(result.baseline.wall, result.ours.wall), 2, "×")


def speed_target(results: list[Result], parallel: int) -> str:
    at, others = split_target(results)
    built = [r for r in at if r.ours.ok and r.baseline.ok]
    met = all(ratio(r.baseline.wall, r.ours.wall) >= TARGET_SPEEDUP for r in built) \
        if built else None
    line = (f"- Full build of the {TARGET_LANGUAGES}-language portal at least "
            f"{TARGET_SPEEDUP:g}× faster than the baseline (wall time, baseline ÷ ours): "
            f"{verdict(met)} ({listed(at, speedup, NO_TARGET_SIZE)}).")
    for r in built:
        floor = r.ours.cpu / parallel
        line += (f" Whatever the load, ours used {fmt(r.ours.cpu)} s of CPU at {r.size.label}, so "
                 f"with {parallel} process{'es' * (parallel > 1)} busy all the time its wall "
                 f"time cannot go below {fmt(floor)} s, against the single-process baseline's "
                 f"{fmt(r.baseline.cpu)} s of CPU: at best "
                 f"{fmt(ratio(r.baseline.cpu, floor), 2, '×')} on this machine.")
    return line + f" Other sizes: {listed(others, speedup)}."


def memory_target(results: list[Result]) -> str:
    at, others = split_target(results)
    built = [r for r in at if r.ours.ok and r.baseline.ok]
    met = all(r.ours.peak <= r.baseline.peak for r in built) if built else None

    def shown(r: Result) -> str:
        return (f"{fmt(ratio(r.ours.peak, r.baseline.peak), 2, '×')} (PSS "
                f"{fmt(ratio(r.ours.tree_pss, r.baseline.tree_pss), 2, '×')}, largest process "
                f"{fmt(ratio(r.ours.max_rss, r.baseline.max_rss), 2, '×')})")

    return (f"- Peak memory of the {TARGET_LANGUAGES}-language build, all its processes "
            f"together (RSS sum), no more than the baseline's: {verdict(met)} "
            f"(ours ÷ baseline: {listed(at, shown, NO_TARGET_SIZE)}). Other sizes: "
            f"{listed(others, shown)}.")


def incremental_target(results: list[Result]) -> str:
    at, others = split_target(results)
    tried = [r for r in at if r.incremental.run is not None]
    met = all(incremental_ratio(r) >= TARGET_INCREMENTAL and r.incremental.visible
              for r in tried) if tried else None

    def shown(r: Result) -> str:
        step = r.incremental
        if step.run is None:
            return step.note or "not measured"
        if not step.run.ok:
            return "failed"
        return (f"{fmt(incremental_ratio(r), 1, '×')} (CPU "
                f"{fmt(ratio(r.ours.cpu, step.run.cpu), 1, '×')})"
                + ("" if step.visible else ", **edit missing from the built page**")
                + (f", {step.note}" if step.note else ""))

    return (f"- One-page incremental rebuild of the {TARGET_LANGUAGES}-language portal at "
            f"least {TARGET_INCREMENTAL:g}× faster than its full build (wall time), with the "
            f"edit in the built page: {verdict(met)} ({listed(at, shown, NO_TARGET_SIZE)}). "
            "Other sizes: "
            f"{listed(others, shown)}.")


def targets(results: list[Result], parallel: int) -> list[str]:
    return [speed_target(results, parallel), memory_target(results),
            incremental_target(results), *small_portal_targets(results)]


PAGE_EDIT_TARGET = 0.5  # s, a one-page `--dirty` rebuild, at every size
DATA_EDIT_TARGET = 2.0  # s, a one-country-file `--dirty` rebuild, at 40 countries × 20 languages


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def small_portal_targets(results: list[Result]) -> list[str]:
    """Small portals pay nothing for the machinery: at no size more CPU or memory than
    the plain stack, a one-page edit in at most 0.5 s at every size, a data edit in at most
    2 s at 40 × 20 (wall time)."""
    done = [r for r in results if r.ours.ok and r.baseline.ok]
    lines = []
    if done:
        rows = [f"{r.size.label}: CPU {r.ours.cpu / r.baseline.cpu:.2f}×, memory "
                f"{r.ours.peak / max(r.baseline.peak, 1):.2f}×" for r in done]
        ok = all(r.ours.cpu <= r.baseline.cpu and r.ours.peak <= r.baseline.peak
                 for r in done)
        lines.append(f"- At no size more CPU time or memory (all processes) than the plain "
                     f"stack (ours ÷ baseline): {_met(ok)} ({'; '.join(rows)}).")
    served = [r for r in results if not math.isnan(r.previews.page.rebuild)]
    if served:
        rows = [f"{r.size.label}: {fmt(r.previews.page.rebuild, 2)} s (page served "
                f"{fmt(r.previews.page.seen, 2)} s after the edit)" for r in served]
        ok = all(r.previews.page.rebuild <= PAGE_EDIT_TARGET for r in served)
        lines.append(f"- A one-page edit rebuilt in at most {PAGE_EDIT_TARGET} s at every "
                     f"size, in the live preview (`serve`): {_met(ok)} ({'; '.join(rows)}).")
    edits = [r for r in results if r.incremental.run is not None and r.incremental.run.ok]
    if edits:
        rows = [f"{r.size.label}: {fmt(r.incremental.run.wall)} s" for r in edits
                if r.incremental.run is not None]
        ok = all(r.incremental.run is not None
                 and r.incremental.run.wall <= PAGE_EDIT_TARGET for r in edits)
        lines.append(f"- The same with `build --dirty`, a new process each time (Python, "
                     f"MkDocs and the theme loaded again: about 0.4 s before any work): "
                     f"{_met(ok)} ({'; '.join(rows)}).")
    large = [r for r in results if r.size.countries >= 40 and r.size.languages >= 20
             and r.data.run is not None and r.data.run.ok]
    if large:
        rows = [f"{r.size.label}: {fmt(r.data.run.wall)} s" for r in large
                if r.data.run is not None]
        ok = all(r.data.run is not None and r.data.run.wall <= DATA_EDIT_TARGET
                 for r in large)
        previewed = [r for r in large if not math.isnan(r.previews.data.rebuild)]
        if previewed:
            shown = [f"{r.size.label}: {fmt(r.previews.data.rebuild, 2)} s" for r in previewed]
            met = all(r.previews.data.rebuild <= DATA_EDIT_TARGET for r in previewed)
            lines.append(f"- A data edit rebuilt in at most {DATA_EDIT_TARGET} s at 40 × 20, "
                         f"in the live preview: {_met(met)} ({'; '.join(shown)}).")
        lines.append(f"- A data edit rebuilt in at most {DATA_EDIT_TARGET} s at 40 × 20, with "
                     f"`build --dirty`: {_met(ok)} ({'; '.join(rows)}).")
    else:
        lines.append(f"- A data edit rebuilt in at most {DATA_EDIT_TARGET} s at 40 × 20: "
                     "**not measured** (no such size in this grid).")
    return lines


def problems(results: list[Result]) -> list[str]:
    lines = []
    for r in results:
        for name, run in (("ours", r.ours), ("baseline", r.baseline),
                          ("ours --dirty", r.incremental.run),
                          ("ours --dirty, data", r.data.run)):
            if run is not None and not run.ok:
                lines += [f"- {r.size.label}, {name}:", "", "```text", run.error, "```", ""]
        if r.incremental.run is not None and r.incremental.run.ok and not r.incremental.visible:
            lines.append(f"- {r.size.label}: after `--dirty`, the sentence appended to "
                         f"{r.incremental.edited} is not in the built page.")
        if r.data.run is not None and r.data.run.ok and not r.data.visible:
            lines.append(f"- {r.size.label}: after `--dirty`, the fee changed in "
                         f"{r.data.edited} is not in the built page.")
    return lines


def versions() -> str:
    names = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "babel")
    found = []
    for name in names:
        with contextlib.suppress(metadata.PackageNotFoundError):
            found.append(f"{name} {metadata.version(name)}")
    return ", ".join(found)


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024 ** 3
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} CPUs, {memory:.0f} GiB, Python {platform.python_version()}, "
            f"{versions()}; load average at the end {load}")


def report(results: list[Result], features: Features, jobs: int, repeat: int, version: str,
           elapsed: float) -> str:
    ours_cmd = "build -d DIR" + (f" --jobs {jobs}" if features.jobs and jobs > 1 else "")
    parallel = max(1, min(jobs, os.cpu_count() or 1)) if features.jobs else 1
    lines = [
        "# Build time and memory at scale: gcm-portal against plain MkDocs + Material + "
        "mkdocs-static-i18n",
        "",
        f"Measured by `bench/build_scale.py` on {dt.date.today().isoformat()} ({machine()}); "
        f"the whole run took {elapsed / 60:.1f} minutes. N×L×P is countries × languages × "
        "extra pages per module of a synthetic portal generated from the demo (country files "
        "cloned under other ISO codes, pages and catalogs copied for new languages). "
        + (f"Each full build ran {repeat} times; the fastest is shown. " if repeat > 1 else
           "One full build per size and tool. ")
        + "The last column is the machine's 1-minute load average when the build started: "
        "above the number of CPUs, other work competed with the build, and wall times (more "
        "than CPU times) are inflated.",
        "",
        f"- **ours**: `python -m gcm_portal.cli -f mkdocs.yml {ours_cmd}`"
        + ("" if features.jobs else " — **the CLI has no `--jobs` yet: a plain, serial "
           "`build`**") + ", every build of the run with a copy of `src/gcm_portal` taken "
        f"when the run started (files digest `{version}`), so that edits made meanwhile do "
        "not mix versions.",
        "- **baseline**: `mkdocs build` with Material (its `search` plugin on), "
        "mkdocs-static-i18n (`docs_structure: suffix`, the same languages; Material's English "
        "interface for languages it has no translation for, set explicitly for every "
        "language because mkdocs-static-i18n 1.3.1 otherwise gives every language after the "
        "first overridden one that language's `theme.language`), the same nav, Markdown "
        "extensions and pages. It has no generator for country data, so for every page ours "
        "generates from the YAML files the baseline gets a pre-rendered Markdown page per "
        "language (`countries/<cc>/<page>.<lang>.md`) with the same sections of the YAML as "
        "nested bullet lists, text translated through the language's `countries.po`, and "
        "each module page gets the same list of country links. Pre-rendering is free for the "
        "baseline: the time to turn data into pages is counted for ours only.",
        "- **wall**: elapsed time of the build command. **CPU**: user + system time of the "
        "build and all its processes (`getrusage(RUSAGE_CHILDREN)` in a fresh wrapper "
        "process). **Peak MB, all processes**: the highest sum of RSS over the build's "
        "process tree, sampled every 0.1 s (at least the largest process): pages shared by "
        "forked processes count once per process, which is against ours. **Largest "
        "process**: `ru_maxrss`, exact. **Pages/s**: HTML files written ÷ wall time.",
        "",
        *main_table(results),
        "",
        "PSS (shared pages split between processes) at the peak, ours / baseline: "
        + ", ".join(f"{r.size.label} {mb(r.ours.tree_pss)} / {mb(r.baseline.tree_pss)} MB"
                    for r in results) + ".",
        "",
        "## How they scale",
        "",
        "Slopes are least-squares over the sizes of one series; the exponent compares the "
        "smallest and the largest size (1 is linear).",
        "",
        *scaling(results),
        "",
        "## Incremental rebuilds (ours)",
        "",
        "Right after the full build, one sentence is appended to one translated page and "
        "`build -d DIR --dirty` runs on the same directory. *Languages rebuilt* counts the "
        "build's `building <lang>` lines: 1 when only the edited language is rebuilt.",
        "",
        *incremental_table(results),
        "",
        "Then the first fee in the first country's data file is set to 12345 and `build -d DIR "
        "--dirty` runs again: the country's pages that show the changed section (its "
        "visas: the pathways page and the handout) are rebuilt, in every language. *Edit "
        "in the built page*: the new amount on the country's page for the default language.",
        "",
        *incremental_table(results, data=True),
        "",
        "## Live preview",
        "",
        "Editors see their edits in `gcm-portal serve`, which stays running: the same two "
        "edits (a sentence in one translated page, then the fee set to 23456), each timed "
        "twice: the rebuild the preview logs (`preview rebuilt in … s`), and from the edit "
        "to the page served with it, which adds MkDocs' polling of the files (every 0.5 s) "
        "and its 0.1 s wait for more edits. The plain stack's `mkdocs serve` rebuilds the "
        "whole site after an edit (`Documentation built in … seconds`).",
        "",
        *preview_table(results),
        "",
        "## Targets",
        "",
        *targets(results, parallel),
        "",
    ]
    found = problems(results)
    if found:
        lines += ["## Problems", "", *found]
    return "\n".join(lines).rstrip() + "\n"


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 1")
    return value


def main() -> int:
    if len(sys.argv) > 3 and sys.argv[1] == "--measure" and sys.argv[3] == "--":
        return measure_main(sys.argv[2], sys.argv[4:])
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--quick", action="store_true",
                        help=f"a tiny grid ({', '.join(QUICK_SIZES)})")
    parser.add_argument("--sizes", nargs="+", type=Size.parse, metavar="NxLxP",
                        help="countries x languages x extra pages per module, e.g. 40x20x3 "
                             f"(default: {' '.join(DEFAULT_SIZES)})")
    parser.add_argument("--jobs", type=positive, default=2, help="ours: build --jobs (default: 2)")
    parser.add_argument("--repeat", type=positive, default=1,
                        help="full builds per size and tool; the fastest is kept (default: 1)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "build-scale.md"),
                        help="the Markdown report (default: docs/build-scale.md)")
    parser.add_argument("--keep-logs", metavar="DIR", help="copy every build's output here")
    args = parser.parse_args()
    sizes = args.sizes or [Size.parse(s) for s in (QUICK_SIZES if args.quick else DEFAULT_SIZES)]
    snapshot = tempfile.TemporaryDirectory(prefix="gcm-build-scale-code-")
    version = snapshot_package(Path(snapshot.name))
    features = cli_features()
    if not features.jobs:
        print("note: `gcm-portal build` has no --jobs yet: ours is a plain, serial build",
              file=sys.stderr)
    if not features.dirty:
        print("note: `gcm-portal build` has no --dirty yet: no incremental measurement",
              file=sys.stderr)
    keep = Path(args.keep_logs).resolve() if args.keep_logs else None
    start = time.perf_counter()
    results = []
    for size in sizes:
        print(f"{size.label}: generating and building…", file=sys.stderr, flush=True)
        result = bench_size(size, args.jobs, features, keep, args.repeat)
        print(f"{size.label}: ours {fmt(result.ours.wall)} s, baseline "
              f"{fmt(result.baseline.wall)} s", file=sys.stderr, flush=True)
        results.append(result)
    snapshot.cleanup()
    text = report(results, features, args.jobs, args.repeat, version,
                  time.perf_counter() - start)
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
