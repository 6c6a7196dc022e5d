"""What builds keep from one to the next, beside the site (``.site.gcm-cache/``, never
published): compiled templates, and compiled catalogs (i18n/catalogs.py).

Jinja compiles every template a build renders (Material's ``base.html`` pulls in some
forty partials): 0.3 to 0.5 s of every build, most of a one-page ``--dirty`` rebuild.

Jinja checks the template's source against the cache, but not the settings the code
was compiled with. Those change what the code does: whether a template escapes what it
prints above all. So each entry is keyed by the template's name and file, and by every
setting of its environment that the compiler reads, the template's own autoescape
decision included: an entry compiled under other settings is never loaded.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO

import jinja2
from jinja2.bccache import Bucket

from gcm_portal import __version__

SUFFIX = ".gcm-cache"


def cache_dir(site_dir: Path) -> Path:
    """Beside the site, like the build state, and left in place by every build.

    >>> cache_dir(Path("/p/site")).as_posix()
    '/p/.site.gcm-cache'
    """
    return site_dir.parent / f".{site_dir.name}{SUFFIX}"


def compiled_with(environment: jinja2.Environment, name: str) -> str:
    """What the compiled code of template ``name`` depends on besides its source."""
    autoescape = environment.autoescape
    settings = [
        __version__, jinja2.__version__,
        autoescape(name) if callable(autoescape) else bool(autoescape),
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks, environment.newline_sequence,
        environment.keep_trailing_newline, environment.optimized, environment.is_async,
        getattr(environment.finalize, "__qualname__", None),
        sorted(environment.extensions),
        # The i18n extension compiles another call with the new-style gettext.
        bool(getattr(environment, "newstyle_gettext", False)),
    ]
    return json.dumps(settings)


class TemplateCache(jinja2.BytecodeCache):
    """Jinja's bytecode, in files keyed as the module says."""

    def __init__(self, directory: Path, environment: jinja2.Environment) -> None:
        self.directory = directory
        self.environment = environment

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = json.dumps([name, filename, compiled_with(self.environment, name)])
        return hashlib.sha256(key.encode()).hexdigest()

    def _path(self, bucket: Bucket) -> Path:
        return self.directory / f"{bucket.key}.bytecode"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            with self._path(bucket).open("rb") as f:
                bucket.load_bytecode(f)
        except OSError:
            return  # not cached yet, or unreadable: compiled again

    def dump_bytecode(self, bucket: Bucket) -> None:
        # Written beside, then renamed: parallel shards share the folder.
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            f: IO[bytes]
            with os.fdopen(fd, "wb") as f:
                bucket.write_bytecode(f)
            os.replace(temporary, self._path(bucket))
        except OSError:
            return  # a read-only or full disk: the next build compiles again


def install(environment: jinja2.Environment, site_dir: Path) -> jinja2.Environment:
    """Give ``environment`` the cache of the site it builds (before it loads a template)."""
    environment.bytecode_cache = TemplateCache(cache_dir(site_dir) / "templates", environment)
    return environment


def catalogs_dir(site_dir: Path) -> Path:
    return cache_dir(site_dir) / "catalogs"
