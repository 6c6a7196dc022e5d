"""Whether each translated page is up to date with its source.

A translation records in its front matter which version of the source it
translates: ``source_hash``, a hash of the source's title, summary and text.
When the source changes, the hashes differ and the translation is outdated:
``gcm-portal status`` lists it and readers see a notice. Only the words
count, so re-wrapping lines or editing the review date outdates nothing.
Translators run ``gcm-portal i18n stamp FILE`` once they have caught up; a
translation never stamped counts as up to date until its source changes after it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from gcm_portal.model.content import Page, find_pages, front_matter

HASH_KEY = "source_hash"
_FRONT = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*\n", re.S)
_HASH_LINE = re.compile(rf"^{HASH_KEY}:.*\n", re.M)


class State(str, Enum):
    UP_TO_DATE = "translated"
    OUTDATED = "outdated"
    MISSING = "missing"


@dataclass(frozen=True)
class PageState:
    """One page in one language."""

    norm_uri: str  # the default-language file, e.g. pathways/index.md
    language: str
    state: State
    path: Path | None  # the translation, when there is one


def source_hash(path: Path) -> str:
    """The hash of what a translator translates: title, summary and text, words only."""
    text = path.read_text(encoding="utf-8")
    doc, _ = front_matter(path, text)
    meta = doc.data if isinstance(doc.data, dict) else {}
    match = _FRONT.match(text)
    body = text[match.end():] if match else text
    words = " ".join([str(meta.get("title", "")), str(meta.get("summary", "")), body]).split()
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()[:12]


def recorded_hash(path: Path) -> str | None:
    doc, _ = front_matter(path, path.read_text(encoding="utf-8"))
    value = doc.data.get(HASH_KEY) if isinstance(doc.data, dict) else None
    return str(value) if value is not None else None


def page_states(docs_dir: Path, languages: list[str], default: str,
                only: set[str] | None = None) -> list[PageState]:
    """Every (page, language) pair but the default language's, with its state; with
    ``only``, just those of these default-language pages."""
    pages = find_pages(docs_dir)
    sources = {p.norm_uri: p for p in pages if p.language is None
               and (only is None or p.norm_uri in only)}
    translations: dict[tuple[str, str], Page] = {
        (p.norm_uri, p.language): p for p in pages if p.language is not None}
    states = []
    for norm_uri, source in sorted(sources.items()):
        current = source_hash(source.path)
        source_date: dt.date | None = None  # asked of git once, and only if needed
        for language in languages:
            if language == default:
                continue
            page = translations.get((norm_uri, language))
            if page is None:
                states.append(PageState(norm_uri, language, State.MISSING, None))
                continue
            recorded = recorded_hash(page.path)
            fresh = recorded == current
            if recorded is None:
                # A translation never stamped is new: current unless its source changed since.
                source_date = source_date or last_changed(source.path)
                fresh = last_changed(page.path) >= source_date
            state = State.UP_TO_DATE if fresh else State.OUTDATED
            states.append(PageState(norm_uri, language, state, page.path))
    return states


def stamp(translation: Path, source: Path) -> bool:
    """Record that ``translation`` now translates the current ``source``; True if changed."""
    text = translation.read_text(encoding="utf-8")
    line = f"{HASH_KEY}: {source_hash(source)}\n"
    match = _FRONT.match(text)
    if match is None:
        new = f"---\n{line}---\n\n{text}"
    else:
        head = _HASH_LINE.sub("", match.group(1) or "")
        new = f"---\n{head}{line}---\n{text[match.end():]}"
    if new == text:
        return False
    translation.write_text(new, encoding="utf-8")
    return True


def last_changed(path: Path) -> dt.date:
    """When a page last changed: its last commit, or its file date when uncommitted."""
    try:
        dirty = subprocess.run(["git", "status", "--porcelain", "--", path.name], cwd=path.parent,
                               capture_output=True, text=True, check=True).stdout.strip()
        if not dirty:
            date = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path.name],
                                  cwd=path.parent, capture_output=True, text=True,
                                  check=True).stdout.strip()
            if date:
                return dt.date.fromisoformat(date)
    except (OSError, subprocess.CalledProcessError, ValueError):
        pass
    return dt.date.fromtimestamp(path.stat().st_mtime)
