"""sitemap.xml with every page in every language and its ``hreflang`` alternates; robots.txt."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from gcm_portal.model.layout import localize_url

_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
         'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def render(site_url: str, pages: list[str], codes: list[str], default: str) -> str:
    """One <url> per page and language, each listing all alternates and x-default.

    ``pages`` are language-free URLs (``./``, ``about/``); the home page's
    x-default is the language chooser at the root, other pages' the default language.

    >>> print(render("https://x.example/", ["./"], ["en"], "en"))  # doctest: +NORMALIZE_WHITESPACE
    <?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">
    <url><loc>https://x.example/en/</loc>
    <xhtml:link rel="alternate" hreflang="en" href="https://x.example/en/"/>
    <xhtml:link rel="alternate" hreflang="x-default" href="https://x.example/"/>
    </url>
    </urlset>
    """
    base = site_url if site_url.endswith("/") else site_url + "/"
    out = [_HEAD]
    for page in sorted(set(pages)):
        links = [(code, base + localize_url(page, code)) for code in codes]
        x_default = base if page in ("./", "") else base + localize_url(page, default)
        links.append(("x-default", x_default))
        alternates = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(href)}/>\n'
            for code, href in links)
        for code in codes:
            out.append(f"<url><loc>{escape(base + localize_url(page, code))}</loc>\n"
                       f"{alternates}</url>\n")
    out.append("</urlset>\n")
    return "".join(out)


def robots(site_url: str | None) -> str:
    """robots.txt: every page may be indexed (a portal exists to be found), and where the
    sitemap is. Without one, crawlers ask for it anyway and log a 404 on every visit.

    >>> print(robots("https://x.example/portal/"), end="")
    User-agent: *
    Allow: /
    Sitemap: https://x.example/portal/sitemap.xml
    """
    lines = ["User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url.rstrip('/')}/sitemap.xml")
    return "\n".join(lines) + "\n"
