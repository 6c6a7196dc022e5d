"""The package as an organisation gets it: a wheel, installed in a clean virtual environment.

One slow test (about a minute: a venv, and gcm-portal's dependencies from the package index).
It builds the wheel from the files a fresh clone has (tracked and new files, nothing git
ignores: no compiled catalogs, no egg-info), installs it with pip into a new venv, starts a
portal with ``gcm-portal init`` in languages the demo does not have, and checks and builds
it with that venv's ``gcm-portal``. Nothing is kept between runs.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from projects import ROOT

SOURCES = ("pyproject.toml", "README.md", "LICENSE", "src")
LANGUAGES = ("en", "so", "fa-AF", "ti")
TIMEOUT = 600  # seconds: a step that takes longer has hung


def _run(*command: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True,
                          text=True, check=False, env=env, timeout=TIMEOUT)
    assert done.returncode == 0, f"{command}:\n{done.stdout}\n{done.stderr}"
    return done


def _copy_sources(target: Path) -> None:
    """What a fresh clone holds: git's tracked and untracked files, not the ignored ones."""
    if not (ROOT / ".git").exists():  # an unpacked release
        target.mkdir()
        for name in SOURCES:
            if (ROOT / name).is_dir():
                shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns(
                    "__pycache__", "*.egg-info", "*.mo"))
            else:
                shutil.copy2(ROOT / name, target / name)
        return
    listed = _run("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard",
                  "--", *SOURCES, cwd=ROOT).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # not a file deleted in the working tree
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


def test_the_wheel_installs_in_a_clean_venv_and_builds_a_new_portal(tmp_path):
    sources, dist = tmp_path / "gcm-portal", tmp_path / "dist"
    _copy_sources(sources)
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check",
         "-q", "-w", dist, sources, cwd=tmp_path)
    (wheel,) = dist.glob("gcm_portal-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith("/METADATA"))
        entry_points = next(archive.read(n).decode() for n in names
                            if n.endswith(".dist-info/entry_points.txt"))
    assert "License-Expression: Apache-2.0" in metadata.splitlines()
    shipped = {name.split("/")[1] for name in names if name.startswith("gcm_portal/")}
    assert {"py.typed", "schema", "templates", "theme", "fonts", "starter", "locales"} <= shipped
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert "gcm_portal/theme/main.html" in names
    # gcm-portal's own theme, found by MkDocs through its entry point, and what both share.
    assert {"gcm_portal/themes/gcm/mkdocs_theme.yml", "gcm_portal/themes/gcm/base.html",
            "gcm_portal/themes/gcm/assets/stylesheets/gcm-theme.css",
            "gcm_portal/themes/shared/partials/gcm-help.html",
            "gcm_portal/themes/shared/assets/javascripts/gcm-search.js"} <= names
    assert "[mkdocs.themes]\ngcm = gcm_portal.themes.gcm" in entry_points
    assert "gcm_portal/schema/country.schema.json" in names
    assert any(n.startswith("gcm_portal/fonts/") and n.endswith(".woff2") for n in names)

    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    _run(venv / "bin/python", "-m", "pip", "install", "-q", "--disable-pip-version-check",
         wheel, cwd=tmp_path)
    where = _run(venv / "bin/python", "-c", "import gcm_portal; print(gcm_portal.__file__)",
                 cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where  # the installed wheel, not this checkout

    gcm_portal = venv / "bin/gcm-portal"
    _run(gcm_portal, "init", "portal", "--languages", ",".join(LANGUAGES),
         "--countries", "SO,ET", cwd=tmp_path)
    portal = tmp_path / "portal"
    checked = _run(gcm_portal, "check", cwd=portal)
    assert checked.stdout.startswith("ok: 2 countries, languages en, so, fa-AF, ti"), \
        checked.stdout
    _run(gcm_portal, "build", cwd=portal)

    site = portal / "site"
    for lang in LANGUAGES:
        for page in ("index.html", "countries/so/index.html", "countries/et/index.html",
                     "documents/index.html"):
            assert (site / lang / page).is_file(), f"{lang}/{page}"
    assert (site / "data/so.json").is_file() and (site / "schema/country.schema.json").is_file()
    home = (site / "fa-AF/index.html").read_text(encoding="utf-8")
    assert 'lang="fa-AF"' in home and 'dir="rtl"' in home
    country = (site / "so/countries/et/index.html").read_text(encoding="utf-8")
    assert "!!! " not in country and "](https://" not in country  # rendered, not literal

    # The same with gcm-portal's own theme: none of Material's files in the site.
    _run(gcm_portal, "init", "portal-gcm", "--languages", "en,ti", "--theme", "gcm",
         cwd=tmp_path)
    _run(gcm_portal, "build", cwd=tmp_path / "portal-gcm")
    site = tmp_path / "portal-gcm" / "site"
    home = (site / "ti/index.html").read_text(encoding="utf-8")
    assert "gcm-theme.css" in home and "md-header" not in home, home[:2000]
    assert not list(site.glob("assets/stylesheets/main.*.css"))
