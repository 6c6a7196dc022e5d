"""A parallel build: one process per group of languages, merged into one site.

One build renders every language in one process (localized.py). Each
language's pages depend only on the sources, never on another language's
output, so languages can also be built in separate processes (here, or in separate
CI jobs: see the README) and the results merged: the language folders side by
side, the shared files (assets, chooser, sitemap, schema, open data) from the
shard that built the default language, fonts recomputed over the whole site.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from gcm_portal import themes
from gcm_portal.builds import fonts, incremental
from gcm_portal.errors import PortalError, Problem, display_path
from gcm_portal.model.languages import Language


@dataclass(frozen=True)
class Shard:
    languages: tuple[str, ...]
    site: Path


def groups(codes: list[str], jobs: int) -> list[tuple[str, ...]]:
    """Languages dealt round-robin into at most ``jobs`` groups, the default first.

    >>> groups(["en", "fr", "es", "ar", "bn"], 2)
    [('en', 'es', 'bn'), ('fr', 'ar')]
    """
    jobs = max(1, min(jobs, len(codes)))
    return [tuple(codes[i::jobs]) for i in range(jobs)]


def _run(config_file: str, shard: Shard, countries: list[str]) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "gcm_portal.cli", "-f", config_file, "build",
               "-d", str(shard.site), "--lang", ",".join(shard.languages), "--checked"]
    for code in countries:
        command += ["--country", code]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def build(config_file: str, target: Path, codes: list[str], default: str, jobs: int,
          countries: list[str], work: Path, build_here: Callable[[Shard], None],
          theme: str | None = None) -> list[str]:
    """Build ``codes`` in ``jobs`` processes and merge them into ``target``.

    This process builds the first shard itself (``build_here``) while the others run:
    one process fewer to hold in memory. Returns the other shards' progress lines;
    raises PortalError with their errors.
    """
    here, *elsewhere = [Shard(group, work / f"shard-{i}")
                        for i, group in enumerate(groups(codes, jobs))]
    with ThreadPoolExecutor(max_workers=max(1, len(elsewhere))) as pool:
        running = [pool.submit(_run, config_file, shard, countries) for shard in elsewhere]
        build_here(here)
        results = [future.result() for future in running]
    failed = [r for r in results if r.returncode != 0]
    if failed:
        lines = [line for r in failed for line in r.stderr.splitlines()
                 if ": error: " in line or line.startswith("error:")]
        raise PortalError([Problem("build", None, line) for line in dict.fromkeys(lines)] or
                          [Problem("build", None, failed[0].stderr.strip()[-2000:])])
    merge([here.site, *(shard.site for shard in elsewhere)], target, codes, default, move=True,
          theme=theme)
    return [line for r in results for line in r.stderr.splitlines()]


def merge(sites: list[Path], target: Path, codes: list[str], default: str,
          move: bool = False, theme: str | None = None) -> None:
    """Merge shard sites (built with --lang) into ``target``, an empty folder (a staging
    folder: see staging.py); also used by `gcm-portal merge`.

    ``move`` moves the shards' files rather than copying them: for shards of this build,
    in a folder of its own on the same disk. ``theme`` is the theme's name (its menu is
    named in the fonts' style sheet).
    """
    place = shutil.move if move else shutil.copytree
    present = {site: [code for code in codes if (site / code).is_dir()] for site in sites}
    base = next((site for site, found in present.items() if default in found), None)
    if base is None:
        raise PortalError([Problem(display_path(sites[0]) if sites else "merge", None,
                                   f"no shard holds the default language '{default}'; build "
                                   f"it with --lang {default},...")])
    if move:
        target.rmdir()  # the shard's folder takes the place of the empty one
        shutil.move(base, target)
    else:
        shutil.copytree(base, target, dirs_exist_ok=True)
    state_dir = incremental.state_dir(target)
    shutil.rmtree(state_dir, ignore_errors=True)
    merged = incremental.BuildState.load(incremental.state_dir(base))
    for site, found in present.items():
        state = incremental.BuildState.load(incremental.state_dir(site))
        for code in found:
            if site != base:
                shutil.rmtree(target / code, ignore_errors=True)
                place(site / code, target / code)
            if merged and state and code in state.urls:
                merged.urls[code] = state.urls[code]
                incremental.copy_sections(incremental.state_dir(site), state_dir, code)
    # Served fonts are cut to the characters of the whole site, not of one shard.
    fonts.write(target, [Language.parse(code) for code in codes], themes.font_hooks(theme))
    if merged:
        merged.save(state_dir)
