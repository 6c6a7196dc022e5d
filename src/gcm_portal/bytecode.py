"""Compiled theme templates, kept for every language a build renders.

mkdocs-static-i18n runs one MkDocs build per language, and each makes a new
Jinja environment that compiles the theme's templates again (about thirty for
Material). A bytecode cache shared by those environments compiles each template
once per process. Jinja checks a template's source against the cached code, so
a template whose text differs by language (the generated UI strings) is
compiled for each language, as it must be.
"""

from __future__ import annotations

import jinja2


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Jinja bytecode in memory, for the life of one process."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()
