"""Shared fixtures: the real demo portal, built once, and throwaway copies of it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from gcm_portal.cli import main

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "content", "locales", "overrides")


def copy_project(target: Path) -> Path:
    """A copy of the demo portal that a test may break; returns its mkdocs.yml."""
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("*.mo"))
        else:
            shutil.copy(source, target / part)
    return target / "mkdocs.yml"


def tree_digest(path: Path) -> str:
    """One hash over every file name and byte below ``path``."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo portal of this repository, built by `gcm-portal build`."""
    site = tmp_path_factory.mktemp("demo") / "site"
    assert main(["-f", str(ROOT / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    return site


@pytest.fixture(scope="session")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the demo project with a built site/, as a template for breaking."""
    root = tmp_path_factory.mktemp("project")
    config = copy_project(root)
    assert main(["-f", str(config), "build"]) == 0
    return root


@pytest.fixture
def project(built_copy: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built demo project, for one test to corrupt."""
    target = tmp_path / "portal"
    shutil.copytree(built_copy, target)
    return target
