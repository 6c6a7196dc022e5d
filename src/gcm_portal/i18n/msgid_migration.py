"""Catalogs written before gcm-portal had its own interface msgids, read under the new ones.

Until 2026 the theme's strings were keyed by Material for MkDocs' names: ``msgctxt
"search.placeholder"`` with ``msgid "Search"``. They are now gcm-portal's own
(``uistrings``). A ``portal`` catalog with the old keys keeps working: reading it moves
each such entry to its new msgid and msgctxt, with its translation, flags, comments and
line, and warns once per file; ``gcm-portal i18n update`` then writes the file with the
new keys. Nothing is lost: an entry whose new key the file already translates is kept
as an obsolete entry (``#~``), and the two entries of Material's that no template shows
are left as they are, for ``update`` to make obsolete.
"""

from __future__ import annotations

from collections.abc import Sequence

from babel.messages.catalog import Catalog, Message

from gcm_portal.errors import Problem
from gcm_portal.i18n.uistrings import MATERIAL_KEYS

# Material's keys that gcm-portal's catalogs held and no longer do (nothing shows them).
RETIRED = frozenset({"meta.comments", "meta.source"})


def _legacy(message: Message) -> bool:
    return (message.context in MATERIAL_KEYS or message.context in RETIRED) and isinstance(
        message.id, str)


def legacy_entries(catalog: Catalog) -> list[Message]:
    """The entries keyed by one of Material's string names, in the file's order."""
    return [message for message in catalog if message.id and _legacy(message)]


def migrate(catalog: Catalog) -> list[Message]:
    """Move every entry keyed by a Material name to gcm-portal's msgid, in place; return the
    entries found with the old keys (their ``lineno`` is still the file's).

    The translation of an old English text (from an older Material) is kept but marked
    fuzzy, with the old text as its previous msgid, as ``msgmerge`` would do."""
    found = legacy_entries(catalog)
    for old in found:
        if old.context in RETIRED:
            continue
        new = MATERIAL_KEYS[str(old.context)]
        catalog.delete(old.id, context=old.context)
        present = catalog.get(new.msgid, context=new.context)
        if present is not None and present.string:
            # The file translates the new key already: that one wins, this one stays in it.
            catalog.obsolete[(old.id, str(old.context))] = old
            continue
        if present is not None:
            catalog.delete(new.msgid, context=new.context)
        flags = set(old.flags)
        previous = list(old.previous_id)
        if old.id != new.msgid and old.string:
            flags.add("fuzzy")
            previous = [old.id]
        catalog.add(new.msgid, old.string, locations=old.locations, flags=flags,
                    auto_comments=old.auto_comments, user_comments=old.user_comments,
                    previous_id=previous, lineno=old.lineno, context=new.context)
    return found


def _context_line(lines: Sequence[str], msgid_line: int | None) -> int | None:
    """The line of the msgctxt before an entry's msgid (Babel knows the msgid's)."""
    if msgid_line is None:
        return None
    for number in range(msgid_line - 1, max(msgid_line - 20, 0), -1):
        text = lines[number - 1].strip()
        if text.startswith("msgctxt"):
            return number
        if not text.startswith('"'):
            break
    return msgid_line


def warning(path: str, lines: Sequence[str], found: list[Message]) -> Problem:
    """One warning for a file with old keys, at the first one."""
    first = found[0]
    count = len(found)
    return Problem(
        path, _context_line(lines, first.lineno),
        f"{count} entr{'ies are' if count != 1 else 'y is'} keyed by Material for MkDocs' "
        f'string names (msgctxt "{first.context}"), which gcm-portal no longer uses: their '
        "translations are used under gcm-portal's own msgids for now; run `gcm-portal i18n "
        "update` to rewrite the file with them (every translation is kept)",
        "warning")
