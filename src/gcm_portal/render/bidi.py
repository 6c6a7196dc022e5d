"""Left-to-right runs inside right-to-left text keep their order.

In Arabic or Pashto text, a phone number, a URL, an amount or a Latin name
can be reordered by the Unicode bidi algorithm: "+49 30 1234" may show as
"1234 30 49+", and a closing parenthesis may flip. Each such run is isolated
in ``<bdi dir="ltr">``. Country pages do this in their templates; this
Markdown extension does it for what editors write.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# A run that starts and ends with a Latin letter or digit (or a leading + of a phone
# number) and may hold spaces and punctuation that belong to it: "+49 30 1234 567",
# "https://example.org/a-b", "IOM (sample entry)", "9:00–17:00".
LTR_RUN = re.compile(
    r"(?:https?://[^\s<>\u0600-\u06ff]+"
    r"|\+?[A-Za-z0-9][A-Za-z0-9 .,:/@+_()\u2013-]*[A-Za-z0-9)])"
)
_SKIP = {"code", "pre", "bdi", "script", "style", "kbd", "samp"}


@dataclass
class Direction:
    """The direction of the page being rendered; the plugin sets it before each page."""

    rtl: bool = False


_PLACEHOLDER = re.compile("\x02[^\x03]*\x03")  # Python-Markdown's stashed raw HTML


def isolate(text: str) -> list[str | etree.Element]:
    """Split text into plain strings and <bdi dir="ltr"> elements.

    >>> [getattr(p, "text", p) for p in isolate("اتصل على +49 30 1234 الآن")]
    ['اتصل على ', '+49 30 1234', ' الآن']
    """
    parts: list[str | etree.Element] = []
    position = 0
    for stash in _PLACEHOLDER.finditer(text):
        parts += _isolate_plain(text[position:stash.start()])
        parts.append(stash.group(0))  # raw HTML is left exactly as written
        position = stash.end()
    parts += _isolate_plain(text[position:])
    merged: list[str | etree.Element] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif not isinstance(part, str) or part:
            merged.append(part)
    return merged


def _isolate_plain(text: str) -> list[str | etree.Element]:
    parts: list[str | etree.Element] = []
    position = 0
    for match in LTR_RUN.finditer(text):
        if not re.search(r"[A-Za-z0-9]", match.group(0)):
            continue
        parts.append(text[position:match.start()])
        run = etree.Element("bdi", {"dir": "ltr"})
        run.text = match.group(0)
        parts.append(run)
        position = match.end()
    parts.append(text[position:])
    return parts


class _Isolate(Treeprocessor):
    def __init__(self, md: Markdown, direction: Direction) -> None:
        super().__init__(md)
        self.direction = direction

    def run(self, root: etree.Element) -> None:
        if self.direction.rtl:
            self._element(root)

    def _element(self, element: etree.Element) -> None:
        if element.tag in _SKIP:
            return
        for child in list(element):
            self._element(child)
            self._tail(element, child)
        if element.text:
            parts = isolate(element.text)
            if any(not isinstance(p, str) for p in parts):
                element.text = parts[0] if isinstance(parts[0], str) else ""
                start = 1 if isinstance(parts[0], str) else 0
                self._insert(element, 0, parts[start:])

    def _tail(self, parent: etree.Element, child: etree.Element) -> None:
        if not child.tail:
            return
        parts = isolate(child.tail)
        if all(isinstance(p, str) for p in parts):
            return
        child.tail = parts[0] if isinstance(parts[0], str) else ""
        start = 1 if isinstance(parts[0], str) else 0
        self._insert(parent, list(parent).index(child) + 1, parts[start:])

    @staticmethod
    def _insert(parent: etree.Element, index: int, parts: list[str | etree.Element]) -> None:
        last: etree.Element | None = None
        for part in parts:
            if isinstance(part, str):
                if last is not None:
                    last.tail = (last.tail or "") + part
            else:
                parent.insert(index, part)
                index += 1
                last = part


class BidiExtension(Extension):
    """Register with a shared ``Direction`` that says when the page is right-to-left."""

    def __init__(self, direction: Direction, **kwargs: object) -> None:
        self.direction = direction
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        # After inline processing (priority 20), before prettify (10).
        md.treeprocessors.register(_Isolate(md, self.direction), "gcm_bidi", 15)
