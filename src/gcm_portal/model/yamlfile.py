"""YAML loading that remembers where each value was written, and refuses what misleads.

JSON Schema reports a path such as ``visas/items/0/fee/amount``; editors need
the line in their file. ``load`` returns the data together with a map from
each path to its line, so every later error can point at the right place.

Country files and front matter are untrusted text, so the reader also refuses
what YAML allows but no editor means:

- a key written twice (``amount: 75`` ... ``amount: 7500``): YAML keeps the last
  one silently, and a reviewer reading the first publishes the wrong fee;
- aliases (``*name``): nine lines of them ("billion laughs") expand to a billion
  values, and an alias inside its own anchor never ends;
- files over ``MAX_BYTES``, and nesting deeper than ``MAX_DEPTH``.

``mkdocs.yml`` (``load_settings``) may use aliases and MkDocs's own tags
(``!ENV``, ``!!python/name:``): there, unknown tags read as plain values and
aliases are allowed up to ``MAX_SETTINGS_NODES`` values once expanded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gcm_portal.errors import PortalError, Problem, display_path

PathKey = tuple[str | int, ...]

MAX_BYTES = 1_000_000
"""Largest country file, front matter or mkdocs.yml read; real ones are under 50 KB."""
MAX_DEPTH = 50
"""Deepest nesting of lists and mappings; country data nests six levels."""
MAX_SETTINGS_NODES = 100_000
"""Most values mkdocs.yml may expand to through its aliases; real ones have a few hundred."""

_YAML = "tag:yaml.org,2002:"
_MERGE = _YAML + "merge"
# Tags PyYAML's safe loader reads itself; any other tag in mkdocs.yml is MkDocs's business.
_STANDARD = frozenset(_YAML + name for name in (
    "null", "bool", "int", "float", "binary", "timestamp", "omap", "pairs", "set", "str",
    "seq", "map", "merge", "value"))
_NO_ALIAS = "YAML aliases (*{name}) are not allowed here; write the value out"


@dataclass
class YamlDoc:
    """A parsed YAML file with the line (1-based) of every mapping key and list item.

    ``tagged`` (mkdocs.yml only) holds the paths whose value carries a tag the safe
    loader does not know, such as ``!ENV``: MkDocs resolves them, so their text here is
    not the value MkDocs will use.
    """

    path: Path
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)
    tagged: set[PathKey] = field(default_factory=set)

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


class _SettingsLoader(_Loader):
    """The same, reading MkDocs's own tags (``!ENV``, ``!relative``, ``!!python/name:``) as
    plain values: MkDocs resolves them itself when it loads the file."""


def _timestamp_as_text(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        value = loader.construct_yaml_timestamp(node)  # type: ignore[arg-type]
    except (ValueError, AttributeError):  # 2026-02-30 looks like a date but is none: let
        return loader.construct_scalar(node)  # type: ignore[arg-type]  # the checks say so
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value.isoformat() if isinstance(value, dt.date) else value


def _plain(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor(_YAML + "timestamp", _timestamp_as_text)
_SettingsLoader.add_constructor(None, _plain)


@dataclass
class _Reader:
    """One walk over a composed document: values, their lines, and what is wrong."""

    loader: Any
    shown: str
    settings: bool
    lines: dict[PathKey, int] = field(default_factory=dict)
    tagged: set[PathKey] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)
    seen: set[int] = field(default_factory=set)
    aliased: bool = False

    def error(self, node: yaml.Node, message: str) -> None:
        self.problems.append(Problem(self.shown, node.start_mark.line + 1, message))

    def value(self, node: yaml.Node, key: PathKey, depth: int = 0) -> Any:
        if not self.settings:
            # An alias is the node of its anchor once more: refuse it before expanding it.
            if id(node) in self.seen:
                self.aliased = True
                return None
            self.seen.add(id(node))
        self.lines.setdefault(key, node.start_mark.line + 1)
        if self.settings and node.tag not in _STANDARD:
            self.tagged.add(key)
        if depth > MAX_DEPTH:
            self.error(node, f"nested more than {MAX_DEPTH} levels deep; a data file never "
                             "needs that many: check the indentation")
            return None
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, key, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(item, (*key, i), depth + 1) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: yaml.Node) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.MarkedYAMLError as exc:
            self.error(node, f"invalid YAML: {exc.problem}; remove the tag before the value "
                             "or write the value plainly")
        except Exception as exc:  # PyYAML's constructors raise what int(),
            # float() or base64 raise on a value an explicit tag (!!int abc) forces on them
            self.error(node, f"invalid YAML: {node.value!r} cannot be read as "
                             f"{node.tag.removeprefix(_YAML)} ({exc}); remove the tag "
                             "before the value or correct the value")
        return None

    def mapping(self, node: yaml.MappingNode, key: PathKey, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        first: dict[Any, int] = {}
        merged: list[yaml.Node] = []
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == _MERGE and isinstance(key_node, yaml.ScalarNode):
                if self.settings:
                    merged.append(value_node)
                else:
                    self.error(key_node, "merge keys (<<) are not allowed here; write the "
                                         "fields out")
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.error(key_node, "a key must be a plain name, not a list or a mapping; "
                                     "write 'name: value'")
                continue
            name = self.scalar(key_node)
            try:
                known = name in first
            except TypeError:  # unhashable, e.g. !!binary in mkdocs.yml's tolerant reading
                self.error(key_node, "a key must be a plain name; write 'name: value'")
                continue
            if known:
                self.problems.append(Problem(
                    self.shown, line, f"duplicate key '{name}': it is set already on line "
                    f"{first[name]}, and YAML would silently keep only this one; delete one "
                    "of the two"))
                continue
            first[name] = line
            self.lines[(*key, name)] = line
            result[name] = self.value(value_node, (*key, name), depth + 1)
        for value_node in merged:  # mkdocs.yml: '<<: *defaults', written keys win
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) \
                else [value_node]
            for source in sources:
                extra = self.value(source, key, depth + 1)
                if isinstance(extra, dict):
                    for name, value in extra.items():
                        result.setdefault(name, value)
        return result


def _alias_problems(text: str, shown: str) -> list[Problem]:
    """Every alias in ``text`` at its own line (the composed nodes only know the anchor's)."""
    found = {Problem(shown, event.start_mark.line + 1, _NO_ALIAS.format(name=event.anchor))
             for event in yaml.parse(text, Loader=_Loader)
             if isinstance(event, yaml.AliasEvent)}
    return sorted(found)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


@dataclass
class _Expansion:
    """How many values each node expands to through aliases (capped just past the limit),
    how often each node is referred to, and a node that contains itself, if one does."""

    sizes: dict[int, int] = field(default_factory=dict)
    uses: dict[int, int] = field(default_factory=dict)
    loop: yaml.Node | None = None

    def size(self, node: yaml.Node, open_: set[int], depth: int = 0) -> int:
        self.uses[id(node)] = self.uses.get(id(node), 0) + 1
        if id(node) in self.sizes:
            return self.sizes[id(node)]
        if id(node) in open_ or self.loop is not None:
            self.loop = self.loop or node
            return 0
        if depth > MAX_DEPTH:  # the walk that follows reports it
            return 1
        open_.add(id(node))
        total = 1
        for child in _children(node):
            total = min(total + self.size(child, open_, depth + 1), MAX_SETTINGS_NODES + 1)
        open_.discard(id(node))
        self.sizes[id(node)] = total
        return total

    def culprit(self, root: yaml.Node) -> int:
        """The line of the innermost key, outside anchors used again, that expands too far."""
        node, line = root, 1
        while True:
            pairs = node.value if isinstance(node, yaml.MappingNode) else \
                [(None, item) for item in _children(node)]
            big = next(((k, v) for k, v in pairs
                        if self.sizes.get(id(v), 0) > MAX_SETTINGS_NODES), None)
            if big is None:
                return line
            key_node, node = big
            if key_node is not None:
                line = key_node.start_mark.line + 1
            if self.uses.get(id(node), 0) > 1:
                return line


def _syntax_problem(exc: yaml.YAMLError, text: str, shown: str) -> Problem:
    if isinstance(exc, yaml.MarkedYAMLError):
        # A scanner error's context is where the trouble starts (the opening quote of an
        # unclosed string); its problem mark is where the scanner gave up (often the end).
        if isinstance(exc, yaml.scanner.ScannerError) and exc.context_mark is not None:
            mark = exc.context_mark
        else:
            mark = exc.problem_mark or exc.context_mark
        what = exc.problem or exc.context or "invalid YAML"
        if exc.context and "quoted scalar" in exc.context:
            return Problem(shown, mark.line + 1 if mark else None,
                           "invalid YAML: the quoted text that starts here is never closed; "
                           "add the closing quote")
        return Problem(shown, mark.line + 1 if mark else None,
                       f"invalid YAML: {what}; check indentation, colons and quotes on this "
                       "line or the one before it")
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or " ")
        return Problem(shown, line, f"invalid YAML: the control character U+{char:04X} is not "
                                    "allowed in a text file; delete it")
    return Problem(shown, None, f"invalid YAML: {exc}")


def _too_big(size: int, shown: str) -> Problem:
    return Problem(shown, None, f"{-(-size // 1000):,} KB is too large: a page, a data file "
                                "or mkdocs.yml may hold at most "
                                f"{MAX_BYTES // 1000:,} KB (real ones hold a few KB); check "
                                "that this is the right file")


def parse(text: str, path: Path, *, settings: bool = False) -> YamlDoc:
    """Parse YAML text; a syntax error, a duplicate key or an alias becomes a Problem at its
    line, all of them raised together as one PortalError.

    ``settings`` reads mkdocs.yml: unknown tags are plain values, aliases are allowed
    while the document stays under ``MAX_SETTINGS_NODES`` values once expanded.
    """
    shown = display_path(path)
    if len(text) > MAX_BYTES:
        raise PortalError([_too_big(len(text.encode("utf-8", "replace")), shown)])
    loader = (_SettingsLoader if settings else _Loader)(text)
    try:
        node = loader.get_single_node()
        reader = _Reader(loader, shown, settings)
        if node is not None and settings:
            expansion = _Expansion()
            count = expansion.size(node, set())
            if expansion.loop is not None:
                raise PortalError([Problem(shown, expansion.loop.start_mark.line + 1,
                                           "an alias (*name) is used inside its own anchor, "
                                           "so the value never ends; write it out")])
            if count > MAX_SETTINGS_NODES:
                raise PortalError([Problem(shown, expansion.culprit(node), "the aliases "
                                           f"(*name) here expand to more than "
                                           f"{MAX_SETTINGS_NODES:,} values; write the values "
                                           "out or use fewer aliases")])
        data = None if node is None else reader.value(node, ())
    except yaml.YAMLError as exc:
        raise PortalError([_syntax_problem(exc, text, shown)]) from None
    except RecursionError:  # PyYAML's pure-Python composer, without libyaml's depth limit
        raise PortalError([Problem(shown, None, f"nested more than {MAX_DEPTH} levels deep; "
                                   "check the indentation")]) from None
    finally:
        loader.dispose()
    problems = reader.problems
    if reader.aliased:
        problems += _alias_problems(text, shown)
    if problems:
        raise PortalError(problems)
    return YamlDoc(path, data, reader.lines, reader.tagged)


def size_problem(path: Path) -> Problem | None:
    """A file over ``MAX_BYTES``, found before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return _too_big(size, display_path(path)) if size > MAX_BYTES else None


def _read(path: Path) -> str:
    too_big = size_problem(path)
    if too_big:
        raise PortalError([too_big])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PortalError(
            [Problem(display_path(path), None, f"not UTF-8 text ({exc.reason}); save it as UTF-8")]
        ) from None
    except OSError as exc:
        raise PortalError([Problem(display_path(path), None, f"cannot be read: "
                                   f"{exc.strerror or exc}")]) from None


def load(path: Path) -> YamlDoc:
    """A country file (or any data file): see ``parse``."""
    return parse(_read(path), path)


def load_checked(path: Path) -> YamlDoc:
    """A data file checked, unchanged, by the last build: its values as ``load`` reads
    them, without their lines (nothing in it is reported again), several times faster.
    Anything unexpected falls back to ``load``."""
    text = _read(path)
    loader = _Loader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError:
        return load(path)
    finally:
        loader.dispose()
    return YamlDoc(path, data)


def load_settings(path: Path) -> YamlDoc:
    """mkdocs.yml with its lines, tolerating MkDocs's tags and bounded aliases."""
    return parse(_read(path), path, settings=True)


def check_settings_file(path: Path) -> list[Problem]:
    """What makes mkdocs.yml unsafe to hand to MkDocs: duplicate keys, alias bombs, syntax.

    Call it before MkDocs reads the file: MkDocs's own loader expands every alias.
    """
    try:
        load_settings(path)
    except PortalError as exc:
        return exc.problems
    return []
