"""The package's layering, checked on its imports: MkDocs stays behind the adapter,
Material behind the theme adapter, and the core never reaches up into the adapter,
the commands or the authoring tools."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "gcm_portal"
ADAPTER = "gcm_portal.adapter"
THEME_ADAPTER = "gcm_portal.adapter.theme"
CORE = ("model", "checks", "i18n", "render", "builds", "offline")
ABOVE_CORE = ("gcm_portal.adapter", "gcm_portal.cli", "gcm_portal.authoring")


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(source: str) -> Iterator[str]:
    """Every module a source imports, at any depth (imports inside functions too)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            yield from (f"{node.module}.{alias.name}" for alias in node.names)


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(f"{package}.")


def violations(package: Path = PACKAGE) -> list[str]:
    """Each import that breaks the layering, as ``module imports name: why``."""
    found = []
    for path in sorted(package.rglob("*.py")):
        module = module_name(path, package)
        core = any(_within(module, f"gcm_portal.{part}") for part in CORE)
        broken: dict[str, str] = {}  # the first import that breaks each rule
        for name in sorted(set(imports(path.read_text(encoding="utf-8")))):
            if _within(name, "mkdocs") and not _within(module, ADAPTER):
                broken.setdefault("mkdocs", f"{name}: only {ADAPTER} may import MkDocs")
            if _within(name, "material") and module != THEME_ADAPTER:
                broken.setdefault("material", f"{name}: only {THEME_ADAPTER} knows Material")
            if core and any(_within(name, above) for above in ABOVE_CORE):
                broken.setdefault("core", f"{name}: the core does not depend on the adapter, "
                                  "the command line or the authoring tools")
        found += [f"{module} imports {why}" for why in broken.values()]
    return found


def test_the_package_keeps_its_layering():
    assert violations() == []


def test_every_module_is_in_a_subpackage_by_role():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "cli", "errors"]


@pytest.mark.parametrize(("module", "source", "why"), [
    ("model/portal.py", "from mkdocs.config.defaults import MkDocsConfig\n",
     "only gcm_portal.adapter may import MkDocs"),
    ("render/pages.py", "def f():\n    import mkdocs.utils\n",
     "only gcm_portal.adapter may import MkDocs"),
    ("adapter/plugin.py", "import material.plugins.search\n",
     "only gcm_portal.adapter.theme knows Material"),
    ("checks/editorial.py", "from gcm_portal.adapter import runner\n",
     "the core does not depend on the adapter"),
    ("builds/fonts.py", "from gcm_portal import cli\n",
     "the core does not depend on the adapter, the command line"),
])
def test_the_contract_fails_on_an_import_across_the_layers(tmp_path, module, source, why):
    package = tmp_path / "gcm_portal"
    path = package / module
    path.parent.mkdir(parents=True)
    path.write_text(source, encoding="utf-8")
    (package / "adapter").mkdir(exist_ok=True)
    (package / "adapter" / "runner.py").write_text("import mkdocs\n", encoding="utf-8")
    found = violations(package)
    assert len(found) == 1 and why in found[0], found


def test_the_adapter_may_import_mkdocs(tmp_path):
    package = tmp_path / "gcm_portal"
    (package / "adapter").mkdir(parents=True)
    (package / "adapter" / "runner.py").write_text("from mkdocs import plugins\n")
    (package / "adapter" / "theme.py").write_text("import material\n")
    assert violations(package) == []
