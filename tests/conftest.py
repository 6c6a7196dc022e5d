"""Shared fixtures: the real demo portal, built once, and throwaway copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from projects import ROOT, copy_project

from gcm_portal.cli import main


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
