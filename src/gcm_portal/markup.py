"""What a page's Markdown may hold: one h1, no skipped heading levels, alt text on
every image, anchors that exist, and nothing that runs code or loads from elsewhere.

Raw HTML is allowed, but a portal for migrants must never run scripts or make a
request to another website: whoever runs that server learns who reads what. So
``<script>``, frames, event handlers, ``javascript:`` links and images or other
resources from http(s):// addresses are errors. Links to other websites are fine:
a reader follows them by choice.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote

import markdown

from gcm_portal.content import _SCHEMES, _links, is_fence, resolve_link
from gcm_portal.errors import Problem

UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed"})
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background"})
MARKDOWN_EXTENSIONS = ["toc", "attr_list"]
"""Enough to compute heading ids when there is no mkdocs.yml to take them from."""

_COMMENT = re.compile(r"<!--.*?-->", re.S)
# A code span ends with as many backticks as it starts with, within its paragraph.
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))*?(?<!`)\1(?!`)")
_ATX = re.compile(r"^(#{1,6})(?!#)[ \t]*(.*?)(?:[ \t]*#+)?[ \t]*$")  # as Python-Markdown
_UNDERLINE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_NOT_TEXT = re.compile(r"^\s*([-*+>|<]|\d+[.)]|!!!|\?\?\?|\{)|^ {4}")
_ATTR_LIST = re.compile(r"\s*\{:?[^}\n]*\}\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?([^)\s>]*)>?[^)]*\)")
_IMAGE_REF = re.compile(r"!\[([^\]]*)\]\[([^\]]*)\]")
_REFERENCE = re.compile(r"^ {0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_TAG = re.compile(r"<([a-zA-Z][\w-]*)(?=[\s/>])((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.S)
_ATTRIBUTE = re.compile(r"([^\s\"'=<>/`]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`]+)))?")
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style>", re.S | re.I)
_CSS_URL = re.compile(r"(?:url\(\s*|@import\s+)['\"]?((?:https?:)?//[^'\")\s]+)", re.I)
_ATTR_BLOCK = re.compile(r"\{:?([^}\n]*)\}")
_HANDLER = re.compile(r"(?:^|\s)(on[a-z]+)\s*=", re.I)
_ID = re.compile(r"\sid=\"([^\"]*)\"")
_EXTERNAL = ("http://", "https://", "//")
_LEAK = "would tell that website who reads this page; save the file under content/ and " \
        "link to it with a relative path"


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def mask(text: str, body_line: int) -> str:
    """The page with front matter, code and comments blanked out, lines kept in place.

    >>> masked = mask("---\\ntitle: A\\n---\\nSee `<script>`.", 4)
    >>> [" ".join(line.split()) for line in masked.split("\\n")], len(masked)
    (['', '', '', 'See .'], 32)
    """
    lines = text.split("\n")
    in_fence = False
    for i, line in enumerate(lines):
        fence = is_fence(line)
        if i < body_line - 1 or in_fence or fence:
            lines[i] = " " * len(line)
        if fence:
            in_fence = not in_fence
    return _CODE_SPAN.sub(_blank, _COMMENT.sub(_blank, "\n".join(lines)))


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def headings(masked: str) -> Iterator[tuple[int, int, str]]:
    """(line, level, text) of every ATX (``## A``) and setext (``A`` / ``===``) heading."""
    previous = ""
    for number, line in enumerate(masked.split("\n"), start=1):
        atx = _ATX.match(line)
        underline = _UNDERLINE.match(line)
        if atx:
            yield number, len(atx.group(1)), _ATTR_LIST.sub("", atx.group(2) or "").strip()
            line = ""
        elif underline and previous.strip() and not _NOT_TEXT.match(previous):
            level = 1 if underline.group(1).startswith("=") else 2
            yield number - 1, level, _ATTR_LIST.sub("", previous).strip()
            line = ""
        previous = line


def check_headings(path: str, masked: str, has_title: bool) -> list[Problem]:
    """One h1 (the title), and no level skipped on the way down: screen readers navigate by them."""
    problems = []
    previous, h1s = 1, 0
    for line, level, text in headings(masked):
        if level == 1:
            if has_title:
                problems.append(Problem(path, line, f"heading '# {text}': the front matter "
                                        "title is already this page's h1, and a page has only "
                                        f"one; make it '## {text}'"))
            elif h1s:
                problems.append(Problem(path, line, f"heading '# {text}': a page has only one "
                                        f"h1; make it '## {text}'"))
            h1s += 1
        elif level > previous + 1:
            problems.append(Problem(path, line, f"heading '{'#' * level} {text}' skips a level "
                                    f"(h{level} after h{previous}); make it "
                                    f"'{'#' * (previous + 1)} {text}'"))
        previous = level
    return problems


def _is_external(url: str) -> bool:
    return url.strip().lower().startswith(_EXTERNAL)


def check_images(path: str, masked: str) -> list[Problem]:
    """Markdown images: alt text, and no file from another website."""
    problems = []
    references = {label.lower(): url for label, url in _REFERENCE.findall(masked)}
    found = [(m.start(), m.group(), m.group(1), m.group(2)) for m in _IMAGE.finditer(masked)]
    for m in _IMAGE_REF.finditer(masked):
        label = (m.group(2) or m.group(1)).lower()
        found.append((m.start(), m.group(), m.group(1), references.get(label, "")))
    for offset, written, alt, url in sorted(found):
        line = _line(masked, offset)
        if not alt.strip():
            problems.append(Problem(path, line, f"image without alt text: '{written}'; say what "
                                    "it shows between the brackets, e.g. '![Map of the "
                                    "offices](map.png)'"))
        if _is_external(url):
            problems.append(Problem(path, line, f"image '{url}' is loaded from another website, "
                                    f"which {_LEAK}"))
    return problems


def _attributes(source: str) -> Iterator[tuple[str, str | None]]:
    for m in _ATTRIBUTE.finditer(source):
        value = next((v for v in m.group(2, 3, 4) if v is not None), None)
        yield m.group(1).lower(), None if value is None else html.unescape(value)


def _is_javascript(url: str) -> bool:
    return re.sub(r"[\s\x00-\x1f]", "", url).lower().startswith("javascript:")


def check_html(path: str, masked: str) -> list[Problem]:
    """Raw HTML and attribute lists: nothing that runs code or loads from elsewhere."""
    problems = []

    def report(offset: int, message: str) -> None:
        problems.append(Problem(path, _line(masked, offset), message))

    for tag in _TAG.finditer(masked):
        name = tag.group(1).lower()
        if name in UNSAFE_TAGS:
            report(tag.start(), f"<{name}> is not allowed in a page: it runs code or shows "
                                "another website's content; remove it")
        attributes = dict(_attributes(tag.group(2)))
        for attribute, value in attributes.items():
            if attribute.startswith("on"):
                report(tag.start(), f"<{name} {attribute}=...> runs code when the reader "
                                    "acts; remove the attribute")
            if value is None:
                continue
            if _is_javascript(value):
                report(tag.start(), f"<{name} {attribute}=\"javascript:...\"> runs code; "
                                    "link to a page instead")
            urls = [value] if attribute != "srcset" else [p.split()[0] for p in
                                                           value.split(",") if p.strip()]
            if attribute in RESOURCE_ATTRIBUTES or (name == "link" and attribute == "href"):
                for url in (u for u in urls if _is_external(u)):
                    report(tag.start(), f"<{name} {attribute}=\"{url}\"> loads a file from "
                                        f"another website, which {_LEAK}")
            if attribute == "style":
                for url in _CSS_URL.findall(value):
                    report(tag.start(), f"<{name} style> loads '{url}' from another website, "
                                        f"which {_LEAK}")
        if name == "img" and "alt" not in attributes:
            report(tag.start(), f"image without alt text: {tag.group()}; add alt=\"what it "
                                "shows\" (alt=\"\" only for decoration)")
    for style in _STYLE.finditer(masked):
        for url in _CSS_URL.findall(style.group(1)):
            report(style.start(), f"<style> loads '{url}' from another website, which {_LEAK}")
    for block in _ATTR_BLOCK.finditer(masked):
        for handler in _HANDLER.findall(block.group(1)):
            report(block.start(), f"attribute list sets '{handler}', which runs code; remove it")
    return problems


def check_links(path: str, masked: str, body_line: int) -> list[Problem]:
    """Markdown links and references to ``javascript:``, which run code when followed."""
    message = "a 'javascript:' link runs code; link to a page instead"
    problems = [Problem(path, line, message)
                for line, target in _links(masked, body_line) if _is_javascript(target)]
    problems += [Problem(path, _line(masked, m.start()), message)
                 for m in _REFERENCE.finditer(masked) if _is_javascript(m.group(2))]
    return problems


def element_ids(body: str, md: markdown.Markdown) -> list[str]:
    """Every id the page will have once rendered, in order (headings and ``{#custom}`` ids).

    >>> element_ids("## Your rights\\n\\n## Your rights\\n\\n## Costs {#fees}\\n",
    ...             markdown.Markdown(extensions=MARKDOWN_EXTENSIONS))
    ['your-rights', 'your-rights_1', 'fees']
    >>> element_ids("## الصحة\\n", markdown.Markdown(extensions=MARKDOWN_EXTENSIONS))
    ['_1']
    """
    rendered = md.reset().convert(body)
    return list(dict.fromkeys(html.unescape(i) for i in _ID.findall(rendered)))


def check_anchors(path: str, src_uri: str, norm_uri: str, masked: str, body_line: int,
                  ids_for: Callable[[str], tuple[str, list[str]] | None]) -> list[Problem]:
    """Links to ``page.md#id`` whose page has no such id.

    ``ids_for(uri)`` gives the file a reader of this page gets for ``uri`` (its translation,
    or the default page) and that file's ids; None for pages it cannot know (generated
    pages, other files), which are left alone.
    """
    problems = []
    for line, target in _links(masked, body_line):
        where, _, fragment = target.partition("#")
        if not fragment or _SCHEMES.match(target) or target.startswith(("//", "/")):
            continue
        where = where.split("?", 1)[0]
        uri = resolve_link(src_uri, where) if where else norm_uri
        found = ids_for(uri)
        fragment = unquote(fragment)
        if found is None or fragment in found[1]:
            continue
        file, ids = found
        shown = ", ".join(ids[:10]) + (", …" if len(ids) > 10 else "")
        hint = f"use one of: {shown}" if ids else "that page has no headings to link to"
        problems.append(Problem(path, line, f"broken link: '{target}': '{file}' has no heading "
                                f"with the id '{fragment}'; {hint}"))
    return problems


def check_page(path: str, masked: str, body_line: int, has_title: bool) -> list[Problem]:
    """Every rule of this module that needs only the page itself (``masked`` by ``mask``)."""
    return (check_headings(path, masked, has_title) + check_images(path, masked)
            + check_html(path, masked) + check_links(path, masked, body_line))
