"""The demo portal's offline bundles, written once per test session for every test file.

A build takes about five seconds; test_bundle.py, test_zim.py and the browser suite
all read the same bundles, so the first one to ask writes them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = next(p["gcm-portal"] for p in yaml.safe_load(
    (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    if isinstance(p, dict) and "gcm-portal" in p)
LANGUAGES: list[str] = SETTINGS["languages"]
DEFAULT: str = SETTINGS["default_language"]
STEM = "gcm-portal-demo"

_written: dict[str, Path] = {}


def write_bundles(out: Path, config: Path = ROOT / "mkdocs.yml") -> Path:
    """Run `gcm-portal bundle` on the demo portal (or the project of ``config``) into
    ``out``, as its own process.

    A process of its own, as when staff run it: builds run earlier in the test session
    leave nothing behind that could change the bundles.
    """
    done = subprocess.run([sys.executable, "-m", "gcm_portal.cli", "-f", str(config),
                           "bundle", "-o", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert f"wrote {out / (STEM + '-all.zip')} (" in done.stdout, done.stdout
    return out


def demo_bundles(factory: pytest.TempPathFactory) -> Path:
    """The folder holding the demo's bundles, written on first use in this session."""
    if "demo" not in _written:
        _written["demo"] = write_bundles(factory.mktemp("bundles"))
    return _written["demo"]


def gcm_demo_bundles(factory: pytest.TempPathFactory, config: Path) -> Path:
    """The bundles of the demo built with gcm-portal's own theme (``config``, the copy's
    mkdocs.yml), written on first use in this session."""
    if "gcm" not in _written:
        _written["gcm"] = write_bundles(factory.mktemp("gcm-bundles"), config)
    return _written["gcm"]


def members(bundle: Path) -> dict[str, bytes]:
    """A bundle's files by their path inside its folder (manifest.json included)."""
    with zipfile.ZipFile(bundle) as archive:
        top = bundle.stem + "/"
        return {info.filename.removeprefix(top): archive.read(info)
                for info in archive.infolist()}


def manifest_of(bundle: Path) -> dict:
    return json.loads(members(bundle)["manifest.json"])


def unzip(bundle: Path, target: Path) -> Path:
    """Unzip as staff would; returns the bundle's folder."""
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(target)
    return target / bundle.stem
