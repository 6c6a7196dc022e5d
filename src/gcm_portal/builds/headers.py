"""The Content-Security-Policy and the other security headers, defined once.

Every page carries the policy in a ``<meta http-equiv="Content-Security-Policy">`` (the
templates read it from the ``gcm_csp`` Jinja global), so that it holds wherever the
pages are served from, offline copies on file:// included. Static hosts also get it as
response headers, with what a ``<meta>`` cannot carry (``frame-ancestors``) and the
headers that have no ``<meta>`` form at all: ``_headers`` for Netlify and Cloudflare
Pages, ``nginx-headers.conf`` for nginx.

The policy is the trust boundary's last line: text from content/, locales/ and country
data is escaped and sanitised before it reaches a page, and should anything slip through,
the browser still runs no inline script, loads nothing from another site and sends no
form anywhere else.
"""

from __future__ import annotations

from pathlib import Path

# What the pages need, and nothing more: the site's own scripts, styles, fonts, images,
# audio and video; data: images because Material's CSS draws its icons as SVG data: URLs.
# Nothing inline: Material's inline scripts are replaced by files (theme/partials/
# javascripts/), and the language chooser's style is a stylesheet. The search form sends
# its words to the site's own search page; a form that posts anywhere else is blocked.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'none'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "media-src": ("'self'",),
    "manifest-src": ("'self'",),
    "form-action": ("'self'",),
    "base-uri": ("'none'",),
    "object-src": ("'none'",),
    "frame-src": ("'none'",),
}

# Directives that browsers ignore in a <meta> element (CSP Level 3, section 3.3): they
# are sent as a header only. No page may be framed, so no other site can dress one up.
HEADER_ONLY: dict[str, tuple[str, ...]] = {
    "frame-ancestors": ("'none'",),
}

# The other headers, sent with every file. No Referer leaves the site: which page a reader
# came from is nobody else's business. Features the portal never uses are switched off for
# every frame, so that nothing can ask the reader for them.
OTHER_HEADERS: dict[str, str] = {
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Permissions-Policy": ", ".join(f"{feature}=()" for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation",
        "gyroscope", "magnetometer", "microphone", "payment", "usb")),
    "Cross-Origin-Opener-Policy": "same-origin",
}

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-headers.conf"
# The files ``write`` puts at the site root: server configuration, not pages, and of no
# use in an offline copy.
FILES = (HEADERS_FILE, NGINX_FILE)


def _join(directives: dict[str, tuple[str, ...]]) -> str:
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def policy() -> str:
    """The policy for a page's ``<meta http-equiv="Content-Security-Policy">``.

    >>> policy().split("; ")[:3]
    ["default-src 'none'", "script-src 'self'", "style-src 'self'"]
    >>> "frame-ancestors" in policy()
    False
    """
    return _join(POLICY)


def header_policy() -> str:
    """The policy as a response header: the page's, plus the header-only directives.

    >>> header_policy().endswith("; frame-ancestors 'none'")
    True
    """
    return _join({**POLICY, **HEADER_ONLY})


def security_headers() -> dict[str, str]:
    """Every header, by name, as both server files send them."""
    return {"Content-Security-Policy": header_policy(), **OTHER_HEADERS}


_ORIGIN = "Written by gcm-portal (headers.py) at each build: edit the policy there, not here."


def netlify_headers() -> str:
    """The ``_headers`` file that Netlify and Cloudflare Pages read: every path, every header.

    >>> netlify_headers().splitlines()[1:2]
    ['/*']
    >>> netlify_headers().splitlines()[3]
    '  Referrer-Policy: no-referrer'
    """
    lines = [f"# {_ORIGIN}", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers().items()]
    return "\n".join(lines) + "\n"


def nginx_headers() -> str:
    """``add_header`` lines for nginx, to ``include`` in the site's ``server`` block.

    ``always`` sends them with error responses too (the 404 page is a page).

    >>> nginx_headers().splitlines()[-1]
    'add_header Cross-Origin-Opener-Policy "same-origin" always;'
    """
    lines = [f"# {_ORIGIN}",
             "# include it in the site's server block. nginx forgets every add_header of",
             "# an enclosing block in a location that has an add_header of its own: include",
             "# it again in such a location."]
    lines += [f'add_header {name} "{value}" always;'
              for name, value in security_headers().items()]
    return "\n".join(lines) + "\n"


def write(site: Path) -> None:
    """Write ``_headers`` and ``nginx-headers.conf`` at the root of a built site."""
    (site / HEADERS_FILE).write_text(netlify_headers(), encoding="utf-8")
    (site / NGINX_FILE).write_text(nginx_headers(), encoding="utf-8")
