"""Copies of the demo portal for tests to break, and a digest to prove a site untouched."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

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


_THEME_BLOCK = re.compile(r"^theme:\n(?:[ #].*\n)*", re.M)


def use_theme(config: Path, name: str) -> None:
    """Build a project with another theme: its ``theme:`` block replaced by one naming
    ``name``, with the same custom_dir (the demo's has no overrides of Material's)."""
    text = config.read_text(encoding="utf-8")
    block = f"theme:\n  name: {name}\n  custom_dir: overrides\n"
    changed, count = _THEME_BLOCK.subn(block, text, count=1)
    assert count == 1, f"no theme: block in {config}"
    config.write_text(changed, encoding="utf-8")


def tree_digest(path: Path) -> str:
    """One hash over every file name and byte below ``path``."""
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        digest.update(file.relative_to(path).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def replace(path: Path, old: str, new: str) -> int:
    """Edit a file; returns the line of the edit."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    before = text[: text.index(old)]
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return before.count("\n") + 1


def add_override(po: Path, msgid: str, msgstr: str) -> int:
    """Add a portal's translation of one of gcm-portal's own strings (which override the
    package's) after the catalog's header; returns the line of its msgstr."""
    text = po.read_text(encoding="utf-8")
    end = text.index("\n\n") + 2
    po.write_text(f'{text[:end]}msgid "{msgid}"\nmsgstr "{msgstr}"\n\n{text[end:]}',
                  encoding="utf-8")
    return text[:end].count("\n") + 2


def run_cli(project: Path, *args: str,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`gcm-portal ARGS` in a fresh process, in the project's folder, as an editor runs it."""
    return subprocess.run([sys.executable, "-m", "gcm_portal.cli", *args], cwd=project,
                          capture_output=True, text=True, check=False, env=env)
