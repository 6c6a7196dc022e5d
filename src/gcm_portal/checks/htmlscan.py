"""What a piece of HTML runs, loads or sends: the one scanner every check uses.

The editors' gate (a page's rendered body), the page-weight count and the
offline-bundle check (built pages) and the last check of every built page all
ask this module, so they cannot disagree about what a page loads. HTML is read
with lxml, whose parser (libxml2 2.14 and later) tokenizes as the HTML standard
says: a ``--!>`` ends a comment, ``</script >`` ends a script, as in a browser.
CSS (``style`` attributes and ``<style>``) is read with tinycss2.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urlsplit

import lxml.html
import tinycss2
from lxml import etree
from lxml.html import HtmlElement

# Attributes whose URL the browser fetches by itself, as soon as the page is shown.
LOADED_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "imagesrcset",
                               "lowsrc", "dynsrc"})
# Attributes that hold a URL the reader may follow, or a form sends to.
FOLLOWED_ATTRIBUTES = frozenset({"href", "xlink:href", "action", "formaction", "cite",
                                 "longdesc", "ping", "manifest", "codebase", "usemap"})
# <link rel=...> values that only name another address; nothing is fetched.
NAMING_RELS = frozenset({"alternate", "canonical", "author", "help", "license", "next", "prev",
                         "search", "bookmark", "me", "external", "nofollow", "noopener",
                         "noreferrer", "tag"})
# Elements whose href the browser fetches (SVG sprites, images, filters).
LOADING_HREF = frozenset({"use", "image", "feimage"})
# Elements that show another document or run a plug-in.
EMBEDDING = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal",
                       "fencedframe"})
CODE_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
WEB_SCHEMES = frozenset({"http", "https"})
_SPACE = " \t\n\r\f\x00"


@dataclass(frozen=True)
class Reference:
    """A URL in HTML: where, on which element and attribute, and whether it is fetched."""

    line: int | None
    element: str
    attribute: str  # "style" and "<style>" for URLs in CSS
    url: str
    loaded: bool


@dataclass(frozen=True)
class Finding:
    """Something in HTML that runs code, loads from elsewhere or sends data away."""

    line: int | None
    element: str
    attribute: str | None
    message: str  # what it does and what to do instead
    value: str | None = None  # the URL or value it is about, to find where it was written


def parse_fragment(text: str) -> HtmlElement:
    """A piece of HTML (a page body) as the children of one ``<div>``."""
    return lxml.html.fragment_fromstring(text or " ", create_parent="div")


def parse_document(text: str | bytes) -> HtmlElement:
    """A whole page."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    if not text.strip():
        return parse_fragment("")
    return lxml.html.document_fromstring(text)


def elements(root: HtmlElement) -> Iterator[HtmlElement]:
    """Every element (comments and processing instructions are not)."""
    return root.iter(etree.Element)


def clean_url(url: str) -> str:
    """A URL as a browser reads it: tabs and newlines removed anywhere, spaces and control
    characters trimmed, backslashes read as slashes.

    >>> clean_url(" java\\tscript:alert(1)"), clean_url("/\\\\evil.example/x")
    ('javascript:alert(1)', '//evil.example/x')
    """
    return url.translate(_TABS_AND_NEWLINES).strip(_C0_AND_SPACE).replace("\\", "/")


_TABS_AND_NEWLINES = {ord(c): None for c in "\t\n\r"}
_C0_AND_SPACE = "".join(chr(i) for i in range(0x21))


def scheme(url: str) -> str:
    """The URL's scheme in lower case, '' for a relative URL.

    >>> scheme("JavaScript:x"), scheme("../a.html"), scheme("//cdn.example/x.js")
    ('javascript', '', '')
    """
    try:
        return urlsplit(clean_url(url)).scheme.lower()
    except ValueError:
        return "invalid"


def is_external(url: str) -> bool:
    """Whether a URL points to another website (or to anything but a file of this site).

    >>> [is_external(u) for u in ("https://x.example/", "//x.example/", "a/b.png", "#top")]
    [True, True, False, False]
    """
    cleaned = clean_url(url)
    return cleaned.startswith("//") or scheme(cleaned) != ""


def runs_code(url: str) -> bool:
    """``javascript:`` and its kin, and ``data:`` documents, which run in the page."""
    found = scheme(url)
    if found in CODE_SCHEMES:
        return True
    return found == "data" and not clean_url(url)[5:].lstrip().lower().startswith("image/")


def srcset_urls(value: str) -> list[str]:
    return [part.split()[0] for part in value.split(",") if part.strip()]


def css_urls(css: str, declarations: bool = False) -> list[str]:
    """Every URL a piece of CSS loads: ``url(...)``, ``image-set("...")``, ``@import "..."``.

    >>> css_urls('a{background:url( "https://x.example/a.png" )} @import "b.css";')
    ['https://x.example/a.png', 'b.css']
    >>> css_urls("color: red; background: URL(x.png)", declarations=True)
    ['x.png']
    """
    found: list[str] = []

    def walk(tokens: list[object]) -> None:
        for token in tokens:
            kind = getattr(token, "type", None)
            if kind == "url":
                found.append(token.value)  # type: ignore[attr-defined]
            elif kind == "function":
                name = token.lower_name  # type: ignore[attr-defined]
                arguments = token.arguments  # type: ignore[attr-defined]
                if name in ("url", "src", "image-set", "-webkit-image-set", "image"):
                    found.extend(a.value for a in arguments if getattr(a, "type", "") == "string")
                walk(arguments)
            elif kind == "at-rule":
                if token.lower_at_keyword == "import":  # type: ignore[attr-defined]
                    found.extend(a.value for a in token.prelude  # type: ignore[attr-defined]
                                 if getattr(a, "type", "") == "string")
                walk(list(token.prelude) + list(token.content or []))  # type: ignore
            elif kind in ("qualified-rule",):
                walk(list(token.prelude) + list(token.content))  # type: ignore[attr-defined]
            elif kind in ("() block", "[] block", "{} block", "declaration"):
                walk(list(getattr(token, "content", None) or getattr(token, "value", [])))

    parse = tinycss2.parse_blocks_contents if declarations else tinycss2.parse_stylesheet
    walk(parse(css, skip_comments=True, skip_whitespace=True))
    return found


def _rels(element: HtmlElement) -> set[str]:
    return set((element.get("rel") or "").lower().split())


def references(root: HtmlElement) -> Iterator[Reference]:
    """Every URL in the HTML, with whether the browser fetches it without the reader acting."""
    for element in elements(root):
        tag, line = element.tag.lower(), element.sourceline
        for name, value in element.attrib.items():
            name = name.lower()
            if name == "style":
                for url in css_urls(value, declarations=True):
                    yield Reference(line, tag, "style", url, True)
            elif name in ("srcset", "imagesrcset"):
                for url in srcset_urls(value):
                    yield Reference(line, tag, name, url, True)
            elif name in LOADED_ATTRIBUTES:
                yield Reference(line, tag, name, value, True)
            elif name in ("href", "xlink:href"):
                loaded = tag in LOADING_HREF or (tag == "link" and not _rels(element)
                                                 <= NAMING_RELS)
                yield Reference(line, tag, name, value, loaded)
            elif name in FOLLOWED_ATTRIBUTES:
                yield Reference(line, tag, name, value, name == "ping")
            elif name == "content" and tag == "meta" and \
                    (element.get("http-equiv") or "").lower() == "refresh":
                _, _, url = value.partition("=")
                yield Reference(line, tag, name, url.strip(" '\""), True)
        if tag == "style":
            for url in css_urls(element.text or ""):
                yield Reference(line, tag, "<style>", url, True)


def scripts(root: HtmlElement) -> Iterator[HtmlElement]:
    """Every ``<script>`` the browser would run (JSON and other data blocks are not run)."""
    for element in elements(root):
        if element.tag.lower() != "script":
            continue
        kind = (element.get("type") or "").strip().lower()
        if kind in ("", "module", "text/javascript", "application/javascript") or \
                "javascript" in kind or "ecmascript" in kind:
            yield element


_LEAK = "would tell that website who reads this page; save the file in the site and use a " \
        "relative path"


def dangers(root: HtmlElement, refs: list[Reference] | None = None) -> Iterator[Finding]:
    """What runs code, loads from another website or sends the reader's data away, scripts
    aside (``scripts`` lists them, and the caller knows which are its own); ``refs`` are
    ``references(root)`` when the caller has them already."""
    for element in elements(root):
        tag, line = element.tag.lower(), element.sourceline
        for name in element.attrib:
            if name.lower().startswith("on"):
                yield Finding(line, tag, name, f"<{tag} {name}=...> runs code when the reader "
                              "acts; remove the attribute")
        if tag in EMBEDDING:
            yield Finding(line, tag, None, f"<{tag}> shows another document or runs a plug-in "
                          "inside the page; link to it instead")
        elif tag == "base":
            yield Finding(line, tag, None, "<base> changes where every link of the page "
                          "points; remove it")
        elif tag == "meta" and (element.get("http-equiv") or "").lower() in (
                "refresh", "set-cookie"):
            yield Finding(line, tag, "http-equiv", f"<meta http-equiv=\""
                          f"{element.get('http-equiv')}\"> sends the reader elsewhere or sets "
                          "a cookie; remove it")
        elif tag in ("animate", "set", "animatemotion", "animatetransform") and \
                (element.get("attributeName") or "").lower() in ("href", "xlink:href"):
            yield Finding(line, tag, "attributeName", f"<{tag}> rewrites a link while the page "
                          "is shown; remove it")
    for ref in references(root) if refs is None else refs:
        if runs_code(ref.url):
            yield Finding(ref.line, ref.element, ref.attribute, f"<{ref.element} "
                          f"{ref.attribute}=\"{clean_url(ref.url)[:40]}\"> runs code; link to "
                          "a page instead", ref.url.strip())
        elif ref.attribute in ("action", "formaction") and is_external(ref.url):
            yield Finding(ref.line, ref.element, ref.attribute, f"<{ref.element} "
                          f"{ref.attribute}=\"{ref.url}\"> sends what the reader types to "
                          "another website; remove the form", ref.url.strip())
        elif ref.loaded and is_external(ref.url) and scheme(ref.url) != "data":
            yield Finding(ref.line, ref.element, ref.attribute, f"<{ref.element} "
                          f"{ref.attribute}> loads '{ref.url}' from another website, which "
                          f"{_LEAK}", ref.url.strip())
