"""YAML loading that remembers where each value was written.

JSON Schema reports a path such as ``visas/items/0/fee/amount``; editors need
the line in their file. ``load`` returns the data together with a map from
each path to its line, so every later error can point at the right place.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gcm_portal.errors import PortalError, Problem, display_path

PathKey = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """A parsed YAML file with the line (1-based) of every mapping key and list item."""

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    @property
    def shown_path(self) -> str:
        return display_path(self.path)

    def line_of(self, key: PathKey) -> int | None:
        """The line of ``key``, or of its nearest parent that has one."""
        key = tuple(key)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), 1)

    def problem(self, key: PathKey, message: str, severity: str = "error") -> Problem:
        return Problem(self.shown_path, self.line_of(key), message, severity)  # type: ignore[arg-type]


# libyaml's parser when PyYAML was built with it (PyPI's wheels are): it reads the hundreds
# of front matters and country files of a large portal several times faster. Same marks,
# same errors; the constructors (which keep dates as text) are PyYAML's either way.
_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that keeps dates as ISO strings, so JSON Schema sees plain JSON types."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        value = loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except ValueError:  # 2026-02-30 looks like a date but is none: let the checks say so
        return loader.construct_scalar(node)  # type: ignore[arg-type]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value.isoformat() if isinstance(value, dt.date) else value


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)


def _walk(loader: _Loader, node: yaml.Node, key: PathKey, lines: dict[PathKey, int]) -> Any:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            name = loader.construct_object(key_node, deep=True)
            lines[(*key, name)] = key_node.start_mark.line + 1
            result[name] = _walk(loader, value_node, (*key, name), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_walk(loader, item, (*key, i), lines) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def parse(text: str, path: Path) -> YamlDoc:
    """Parse YAML text; a syntax error becomes a Problem at its line."""
    lines: dict[PathKey, int] = {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = None if node is None else _walk(loader, node, (), lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        raise PortalError(
            [Problem(display_path(path), line, f"invalid YAML: {what}; check indentation, "
                     "colons and quotes on this line or the one before it")]
        ) from None
    except yaml.YAMLError as exc:
        raise PortalError([Problem(display_path(path), None, f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, lines)


def load(path: Path) -> YamlDoc:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PortalError(
            [Problem(display_path(path), None, f"not UTF-8 text ({exc.reason}); save it as UTF-8")]
        ) from None
    return parse(text, path)
