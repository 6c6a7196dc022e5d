"""What each channel of editors' text may hold, and how it is made safe on output.

The trust model (README, "One trust boundary"): everything in ``content/``,
``locales/``, the country data and ``mkdocs.yml`` is untrusted.

- A **page body** is Markdown with the HTML of ``BODY_TAGS`` and ``BODY_ATTRIBUTES``.
  ``clean_body`` enforces it on every rendered page with nh3 (the ammonia
  sanitiser, on html5ever's parser); ``body_findings`` reports the same rules at
  ``gcm-portal check`` so an editor learns what would be dropped, and why.
- **Data text and front matter** are plain text: ``markdown_text`` makes a value
  safe to place in generated Markdown (escaped for HTML, Markdown syntax
  neutralised), ``html_text`` in a theme template.
- **URLs** may be ``https:``, or ``mailto:`` and ``tel:`` for links; images and
  other files a page loads come from the site itself.
"""

from __future__ import annotations

from collections.abc import Iterator

import nh3
import tinycss2
from lxml.html import HtmlElement
from markupsafe import Markup, escape

from gcm_portal.checks import htmlscan
from gcm_portal.checks.htmlscan import Finding

BODY_TAGS = frozenset({
    "a", "abbr", "aside", "audio", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite",
    "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd",
    "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s", "samp", "section", "small",
    "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "track", "u", "ul", "var", "video", "wbr",
})
GENERIC_ATTRIBUTES = frozenset({"class", "id", "dir", "lang", "title", "role", "translate"})
GENERIC_PREFIXES = frozenset({"aria-"})
BODY_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "hreflang", "type", "download"}),
    "img": frozenset({"src", "srcset", "sizes", "alt", "width", "height", "loading",
                      "decoding"}),
    "time": frozenset({"datetime"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open"}),
    "td": frozenset({"colspan", "rowspan", "headers", "style"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr", "style"}),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
    "video": frozenset({"src", "controls", "preload", "loop", "muted", "poster", "width",
                        "height", "playsinline"}),
    "source": frozenset({"src", "srcset", "type", "media", "sizes"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
}
# Python-Markdown's tables write column alignment as a style; nothing else may be styled.
STYLE_PROPERTIES = frozenset({"text-align"})
LINK_SCHEMES = frozenset({"https", "mailto", "tel"})


def _keep(tag: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute hook: what a page loads must come from the site itself."""
    if attribute in htmlscan.LOADED_ATTRIBUTES:
        urls = htmlscan.srcset_urls(value) if attribute in ("srcset", "imagesrcset") \
            else [value]
        if any(htmlscan.is_external(url) for url in urls):
            return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(BODY_TAGS),
    clean_content_tags={"script", "style", "template", "noscript", "iframe", "object",
                        "svg", "math", "textarea", "select", "title"},
    attributes={"*": set(GENERIC_ATTRIBUTES),
                **{tag: set(names) for tag, names in BODY_ATTRIBUTES.items()}},
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    attribute_filter=_keep,
    url_schemes=set(LINK_SCHEMES),
    filter_style_properties=set(STYLE_PROPERTIES),
    strip_comments=True,
    link_rel=None,
)


def clean_body(html: str) -> str:
    """A rendered page body with everything outside the allow-list removed.

    >>> clean_body('<p onclick="x()">Fee <script>alert(1)</script>'
    ...            '<a href="javascript:alert(1)">pay</a></p>')
    '<p>Fee <a>pay</a></p>'
    >>> clean_body('<img src="https://tracker.example/x.png" alt="x"><img src="map.png" alt="">')
    '<img alt="x"><img src="map.png" alt="">'
    """
    return _CLEANER.clean(html)


def _allowed(tag: str, attribute: str) -> bool:
    return attribute in GENERIC_ATTRIBUTES or attribute.startswith(tuple(GENERIC_PREFIXES)) \
        or attribute in BODY_ATTRIBUTES.get(tag, ())


def _style_properties(value: str) -> list[str]:
    return [d.lower_name for d in tinycss2.parse_blocks_contents(value, skip_comments=True,
                                                                  skip_whitespace=True)
            if d.type == "declaration"]


def body_findings(root: HtmlElement) -> Iterator[Finding]:
    """Everything in a rendered page body (``htmlscan.parse_fragment``) that ``clean_body``
    would remove or that is unsafe, each with what to do instead."""
    yield from htmlscan.dangers(root)
    for script in htmlscan.scripts(root):
        yield Finding(script.sourceline, "script", None, "<script> is not allowed in a page: "
                      "it runs code in every reader's browser; remove it")
    for element in htmlscan.elements(root):
        if element is root:
            continue
        tag, line = element.tag.lower(), element.sourceline
        if tag not in BODY_TAGS:
            if tag not in htmlscan.EMBEDDING and tag not in ("script", "base"):
                yield Finding(line, tag, None, f"<{tag}> is not allowed in a page and is "
                              "removed; use Markdown, or one of: " + _tag_list())
            continue
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on"):
                continue  # reported by dangers()
            if not _allowed(tag, name):
                yield Finding(line, tag, name, f"<{tag} {name}=...> is not allowed and is "
                              "removed; remove the attribute")
            elif name == "style":
                for prop in _style_properties(value):
                    if prop not in STYLE_PROPERTIES:
                        yield Finding(line, tag, name, f"<{tag} style> sets '{prop}'; pages "
                                      "take their look from the site's style sheets: remove "
                                      "it")
            elif name == "href" and htmlscan.scheme(value) not in ("", *LINK_SCHEMES) \
                    and not htmlscan.runs_code(value):
                found = htmlscan.scheme(value)
                hint = "write https://" if found == "http" else "link with https://, " \
                    "mailto: or tel:"
                yield Finding(line, tag, name, f"link '{value}' uses '{found}:'; {hint}", value)
        if tag == "img" and element.get("alt") is None:
            yield Finding(line, tag, "alt", "image without alt text; say what it shows "
                          "(alt=\"\" only for decoration)")


def _tag_list() -> str:
    return ", ".join(sorted(BODY_TAGS))


# Characters that open Markdown syntax inside a line: links and images, emphasis, code,
# attribute lists, tables, and the extensions' marks. Written as character references,
# which mean the same character in Markdown text, in raw HTML and in attribute values.
_MARKDOWN_SYNTAX = {ord(c): f"&#{ord(c)};" for c in "\\`*_{}[]!|~^"}


def markdown_text(value: object) -> Markup:
    """A plain value made safe for generated Markdown: HTML escaped (markupsafe), and every
    character that would open Markdown syntax (a link, an attribute list, emphasis) written
    as a character reference, so the reader sees exactly the text that was written.
    Markup (what gcm-portal's own filters build) is left as it is.

    >>> print(markdown_text("[x](javascript:alert(1)){: onclick=y} <b>&"))
    &#91;x&#93;(javascript:alert(1))&#123;: onclick=y&#125; &lt;b&gt;&amp;
    """
    if isinstance(value, Markup):
        return value
    return Markup(str(escape(value)).translate(_MARKDOWN_SYNTAX))


def html_text(value: object) -> Markup:
    """A plain value made safe for a theme template, which MkDocs does not auto-escape."""
    return escape(value)


_INLINE = nh3.Cleaner(tags={"bdi", "b", "code", "em", "i", "kbd", "small", "span", "strong",
                            "sub", "sup"},
                      clean_content_tags={"script", "style"},
                      attributes={"*": {"dir", "lang"}}, strip_comments=True, link_rel=None)


def clean_inline(html: str) -> str:
    """A heading's HTML as the navigation and table of contents show it: text and a few
    inline elements (a heading may hold raw HTML, which the page body's cleaning does not
    reach there)."""
    return _INLINE.clean(html)


PLAIN_META = ("title", "summary", "description")


def plain_meta(meta: dict[str, object]) -> dict[str, object]:
    """Front matter with its text fields escaped for the theme, which prints them raw
    (``<title>``, ``<meta name="description">``, the navigation).

    >>> plain_meta({"title": 'Fees" onmouseover="x', "reviewed": "2026-11-20"})["title"]
    Markup('Fees&#34; onmouseover=&#34;x')
    """
    return {key: html_text(value) if key in PLAIN_META and isinstance(value, str) else value
            for key, value in meta.items()}


def plain(value: object) -> str:
    """The text of an escaped value again, for channels that are not HTML (search, e-mail)."""
    return Markup(value).unescape() if isinstance(value, Markup) else str(value)


def page_findings(root: HtmlElement, refs: list[htmlscan.Reference] | None = None
                  ) -> Iterator[Finding]:
    """What a built page (``htmlscan.parse_document``) holds that is not the site's own:
    anything ``htmlscan.dangers`` finds, and inline scripts (the theme's scripts are files,
    which the Content-Security-Policy allows; it refuses every inline one)."""
    yield from htmlscan.dangers(root, refs)
    for script in htmlscan.scripts(root):
        if script.get("src") is None:
            yield Finding(script.sourceline, "script", None, "an inline <script>, which the "
                          "site's Content-Security-Policy refuses")
