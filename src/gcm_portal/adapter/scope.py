"""What one build is asked to do beyond mkdocs.yml, handed to the plugin without
touching it.

MkDocs creates the plugin from mkdocs.yml and may hand back an instance of an
earlier build, so gcm-portal's commands never set flags on it: ``runner`` runs a
build inside ``building(scope)``, and the plugin reads the scope in ``on_config``
and reports what it loaded in the outcome. A plain ``mkdocs build`` has no scope
and builds everything mkdocs.yml lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from gcm_portal.errors import Problem
from gcm_portal.model.portal import Portal


@dataclass(frozen=True)
class Scope:
    languages: tuple[str, ...] = ()  # only these languages (``--lang``); empty: all
    countries: tuple[str, ...] = ()  # only these countries' pages (``--country``)
    dirty: bool = False  # rebuild only what changed since the last build
    checked: bool = False  # the caller has checked everything (a shard of a parallel build)
    portal: Portal | None = None  # loaded and checked by the caller already


@dataclass
class Outcome:
    portal: Portal | None = None  # what the build loaded, for the caller (bundle writes it)
    problems: list[Problem] = field(default_factory=list)  # why the build stopped, if it did


_current: ContextVar[tuple[Scope, Outcome] | None] = ContextVar("gcm_portal_scope",
                                                                default=None)


@contextmanager
def building(scope: Scope) -> Iterator[Outcome]:
    outcome = Outcome()
    token = _current.set((scope, outcome))
    try:
        yield outcome
    finally:
        _current.reset(token)


def current() -> tuple[Scope, Outcome]:
    """The scope of the build running now, or the default one (and an outcome no one reads)."""
    return _current.get() or (Scope(), Outcome())
