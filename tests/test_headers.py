"""The Content-Security-Policy and the server header files (headers.py), and the built pages
that must carry the policy and need nothing it forbids."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from gcm_portal.builds import headers


def directives(policy: str) -> dict[str, list[str]]:
    """A policy string as {directive: sources}; a directive named twice fails the test."""
    parsed: dict[str, list[str]] = {}
    for part in policy.split(";"):
        name, *sources = part.split()
        assert name not in parsed, f"{name} is given twice"
        parsed[name] = sources
    return parsed


def test_the_page_policy_loads_nothing_from_elsewhere_and_nothing_inline():
    policy = directives(headers.policy())
    assert policy["default-src"] == ["'none'"]
    for name in ("script-src", "style-src", "font-src", "connect-src", "form-action"):
        assert policy[name] == ["'self'"], name
    # Images: the site's own, and data: (Material's CSS icons), from no other host.
    assert policy["img-src"] == ["'self'", "data:"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-src"] == ["'none'"]
    every_source = {source for sources in policy.values() for source in sources}
    assert every_source == {"'self'", "'none'", "data:"}


def test_the_page_policy_has_nothing_a_meta_element_would_ignore():
    # CSP Level 3: frame-ancestors, report-uri and sandbox are not honoured in <meta>.
    assert not {"frame-ancestors", "report-uri", "report-to", "sandbox"} & \
        set(directives(headers.policy()))


def test_the_header_policy_is_the_page_policy_and_forbids_framing():
    header = directives(headers.header_policy())
    assert header.pop("frame-ancestors") == ["'none'"]
    assert header == directives(headers.policy())


def read_netlify(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    assert lines[0] == "/*", "the headers must apply to every path"
    found = {}
    for line in lines[1:]:
        assert line.startswith("  ") and not line.startswith("   "), repr(line)
        name, _, value = line.strip().partition(": ")
        found[name] = value
    return found


def read_nginx(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        assert line.startswith("add_header ") and line.endswith('" always;'), repr(line)
        name, _, quoted = line.removeprefix("add_header ").removesuffix(" always;") \
            .partition(" ")
        assert quoted[0] == quoted[-1] == '"' and '"' not in quoted[1:-1], line
        found[name] = quoted[1:-1]
    return found


EXPECTED = {
    "Content-Security-Policy": headers.header_policy(),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def test_write_puts_the_same_headers_in_both_server_files(tmp_path):
    headers.write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(headers.FILES)
    netlify = read_netlify((tmp_path / "_headers").read_text(encoding="utf-8"))
    nginx = read_nginx((tmp_path / "nginx-headers.conf").read_text(encoding="utf-8"))
    assert netlify == nginx == headers.security_headers()
    assert EXPECTED.items() <= netlify.items()
    permissions = dict(item.split("=") for item in netlify["Permissions-Policy"].split(", "))
    assert {"camera", "microphone", "geolocation"} <= set(permissions)
    assert set(permissions.values()) == {"()"}  # switched off, for every origin


class Head(HTMLParser):
    """What a page's policy governs: where its <meta> sits, and anything inline."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.head: list[str] = []
        self.policies: list[str] = []
        self.inline: list[str] = []
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "head":
            self.in_head = True
        elif self.in_head:
            self.head.append(tag if tag != "meta" or "http-equiv" not in values else "csp")
        if tag == "meta" and (values.get("http-equiv") or "").lower() == \
                "content-security-policy":
            self.policies.append(values.get("content") or "")
        if tag == "script" and "src" not in values:
            self._script = values.get("type") or "text/javascript"
        if tag == "style":
            self.inline.append("<style>")
        self.inline += [f"{tag} {name}=" for name, _ in attrs
                        if name == "style" or name.startswith("on")]

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self.in_head = False
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        # A JSON data block (Material's configuration) is not run, so not governed.
        if self._script not in (None, "application/json") and data.strip():
            self.inline.append(f"<script> {data.strip()[:40]}")


def scan(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text(encoding="utf-8"))
    return head


def test_every_built_page_carries_the_policy_first_and_needs_nothing_inline(demo_site):
    pages = sorted(demo_site.rglob("*.html"))
    assert len(pages) > 50
    # The language chooser, the 404 page and the search pages among them.
    assert {"index.html", "404.html", "en/search/index.html"} <= \
        {page.relative_to(demo_site).as_posix() for page in pages}
    for page in pages:
        found = scan(page)
        where = page.relative_to(demo_site).as_posix()
        assert found.policies == [headers.policy()], where
        # Only <meta charset> may come first: it must be in the first 1024 bytes.
        assert found.head.index("csp") <= 1, (where, found.head[:3])
        assert found.inline == [], (where, found.inline[:5])


def test_the_built_site_has_both_server_files(demo_site):
    assert (demo_site / "_headers").read_text(encoding="utf-8") == headers.netlify_headers()
    assert (demo_site / "nginx-headers.conf").read_text(encoding="utf-8") == \
        headers.nginx_headers()
