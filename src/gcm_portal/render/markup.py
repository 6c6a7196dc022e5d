"""What a page's Markdown may hold: one h1, no skipped heading levels, alt text on
every image, anchors that exist, no invisible characters that reorder text, and
nothing that runs code or loads from elsewhere.

Raw HTML is allowed within the allow-list of ``sanitize`` (which the build enforces
on every page), but a portal for migrants must never run scripts or make a request
to another website: whoever runs that server learns who reads what. The safety
rules are checked on the page as Markdown renders it, read by ``htmlscan`` as a
browser reads it, so a ``<script>`` hidden after ``--!>`` or between escaped
backticks is found too. Links to other websites are fine: a reader follows them by
choice.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from urllib.parse import unquote

import markdown

from gcm_portal.checks import htmlscan, sanitize, textsafety
from gcm_portal.checks.htmlscan import Finding
from gcm_portal.errors import Problem
from gcm_portal.model.content import _SCHEMES, _links, is_fence, resolve_link

MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "md_in_html", "def_list", "toc")
"""What the country pages' templates and the starter pages are written with: notices
(``!!! warning``), Markdown inside HTML (the sources' links), definition lists (the
glossary), attributes and heading anchors. Every build has them, listed in mkdocs.yml or
not, and the editors' gate renders pages with them too."""


def missing_extensions(listed: Iterable[object]) -> list[str]:
    """The extensions of ``MARKDOWN_EXTENSIONS`` that a list of extensions lacks.

    >>> missing_extensions(["toc", "markdown.extensions.admonition", object()])
    ['attr_list', 'md_in_html', 'def_list']
    """
    names = {name.removeprefix("markdown.extensions.") for name in listed
             if isinstance(name, str)}
    return [name for name in MARKDOWN_EXTENSIONS if name not in names]

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


def check_images(path: str, masked: str) -> list[Problem]:
    """Markdown images need alt text (``<img>`` in HTML is checked in the rendered page)."""
    problems = []
    references = {label.lower(): url for label, url in _REFERENCE.findall(masked)}
    found = [(m.start(), m.group(), m.group(1)) for m in _IMAGE.finditer(masked)]
    found += [(m.start(), m.group(), m.group(1)) for m in _IMAGE_REF.finditer(masked)
              if (m.group(2) or m.group(1)).lower() in references]
    for offset, written, alt in sorted(found):
        if not alt.strip():
            problems.append(Problem(path, _line(masked, offset), f"image without alt text: "
                                    f"'{written}'; say what it shows between the brackets, "
                                    "e.g. '![Map of the offices](map.png)'"))
    return problems


def _source_line(text: str, body_line: int, finding: Finding) -> int:
    """Where in the Markdown an editor wrote what the rendered page holds: the first body
    line with the URL or value it is about, else with its tag, else the body's first."""
    lines = text.split("\n")
    value = finding.value or ""
    cleaned = htmlscan.clean_url(value)
    needles = [n for n in (value, cleaned, cleaned.partition(":")[2],
                           f"<{finding.element}", finding.attribute) if n]
    for needle in needles:
        needle = needle.lower()
        for number in range(body_line, len(lines) + 1):
            if needle in lines[number - 1].lower():
                return number
    return body_line


def check_rendered(path: str, text: str, body_line: int, rendered: str) -> list[Problem]:
    """The page as Markdown renders it: what runs, loads from elsewhere, or falls outside
    the allow-list (``sanitize.body_findings``), each at the line that wrote it."""
    root = htmlscan.parse_fragment(rendered)
    found = {(_source_line(text, body_line, f), f.message) for f in sanitize.body_findings(root)}
    return [Problem(path, line, message) for line, message in sorted(found)]


def check_characters(path: str, text: str) -> list[Problem]:
    """Bidi controls and invisible characters anywhere in the file, code and front matter
    included (a reordered command in a code block misleads as much as a reordered fee)."""
    return [Problem(path, textsafety.line_of(text, f.offset), f.message)
            for f in textsafety.findings(text, "prose")]


def render(body: str, md: markdown.Markdown) -> str:
    return md.reset().convert(body)


def element_ids(rendered: str) -> list[str]:
    """Every id the rendered page has, in order (headings and ``{#custom}`` ids).

    >>> md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    >>> element_ids(render("## Your rights\\n\\n## Your rights\\n\\n## Costs {#fees}\\n", md))
    ['your-rights', 'your-rights_1', 'fees']
    >>> element_ids(render("## الصحة\\n", md))
    ['_1']
    """
    return list(dict.fromkeys(element.get("id") for element in
                              htmlscan.elements(htmlscan.parse_fragment(rendered))
                              if element.get("id") is not None))


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


def check_page(path: str, text: str, masked: str, body_line: int, has_title: bool,
               rendered: str) -> list[Problem]:
    """Every rule of this module that needs only the page itself: its text, the same
    ``mask``ed, and its body as Markdown renders it."""
    return (check_headings(path, masked, has_title) + check_images(path, masked)
            + check_rendered(path, text, body_line, rendered) + check_characters(path, text))
