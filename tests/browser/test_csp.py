"""The Content-Security-Policy holds on every page template, and the check of it can fail.

Each page is opened with a ``securitypolicyviolation`` listener registered before any of
its own scripts, and with Chromium's console watched for "Content Security Policy"
messages: any violation, of any directive, fails the test. The last tests serve a page
with injected inline script, style, a third-party image, a <base> and a form posting
elsewhere, and expect every one to be reported and blocked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from browser_checks import reach_state
from portal_pages import MISSING, TEMPLATE_BY_NAME, TEMPLATES, path_of, search_word

from gcm_portal.builds import headers

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page

# One left-to-right and one right-to-left language.
DIRECTIONS = {"en": "ltr", "ar": "rtl"}

CASES = [
    pytest.param("material", template, lang, id=f"{template.name}-{lang}")
    for template in TEMPLATES
    for lang in (DIRECTIONS if template.per_language else ["en"])
] + [
    # gcm-portal's own theme: its templates (the others are the same Markdown).
    pytest.param("gcm", TEMPLATE_BY_NAME[name], lang, id=f"gcm-{name}-{lang}")
    for name in ("home", "country", "search-results", "not-found", "fallback")
    for lang in DIRECTIONS
]

# Registered before the page's own scripts run (Playwright's init scripts are not subject
# to the page's policy), so that no violation can happen unseen.
LISTEN = """
window.__gcmViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__gcmViolations.push({
    directive: event.effectiveDirective, blocked: event.blockedURI,
    source: event.sourceFile, line: event.lineNumber, sample: event.sample,
  });
}, true);
"""

# Where the policy sits in <head>: it governs only what comes after it.
POLICY_POSITION = """() => {
  const children = [...document.head.children];
  const meta = children.findIndex(
    el => el.matches('meta[http-equiv="Content-Security-Policy" i]'));
  const governed = children.findIndex(
    el => el.matches('script, style, link[rel~="stylesheet"], link[rel~="icon"], base'));
  return {meta, governed, policy: meta < 0 ? null : children[meta].content};
}"""


class Watched:
    """A page whose policy violations are recorded, by the page and by the console."""

    def __init__(self, context: BrowserContext) -> None:
        context.add_init_script(LISTEN)
        self.page: Page = context.new_page()
        self.console: list[str] = []
        self.failed: dict[str, str | None] = {}
        self.page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def violations(self) -> list[dict]:
        # Violation events are queued as tasks: let those of the last actions arrive.
        self.page.evaluate("() => new Promise(done => setTimeout(done, 100))")
        return self.page.evaluate("() => window.__gcmViolations")


def assert_governed(page: Page) -> None:
    """The page carries the portal's policy, before anything the policy governs."""
    found = page.evaluate(POLICY_POSITION)
    assert found["policy"] == headers.policy()
    assert 0 <= found["meta"] < found["governed"], found


@pytest.mark.parametrize(("theme", "template", "lang"), CASES)
def test_no_policy_violation(themed, theme, template, lang):
    portal = themed(theme, lang)
    visit, demo_site = portal.visit, portal.site
    watched = Watched(visit.context())
    visit.go(watched.page, path_of(demo_site, lang, template))
    reach_state(watched.page, template.action, search_word(demo_site, lang), portal.theme)
    # The site has one 404 page, in the default language, whatever the address.
    if template.per_language and template.path != MISSING:
        assert watched.page.get_attribute("html", "dir") == DIRECTIONS[lang]
    assert_governed(watched.page)
    assert watched.violations() == []
    assert watched.console == []
    assert visit.foreign() == []


def test_every_page_of_the_demo_loads_under_its_policy(visit, demo_site):
    """Not one template per language: every page the demo has, in every language."""
    watched = Watched(visit.context())
    pages = sorted(p.relative_to(demo_site).as_posix() for p in demo_site.rglob("*.html"))
    assert len(pages) > 150
    failures = {}
    for page in pages:
        folder = page.removesuffix("index.html")
        visit.go(watched.page, folder if page.endswith("index.html") else page)
        assert_governed(watched.page)
        found = watched.violations() + [{"console": line} for line in watched.console]
        if found:
            failures[page] = found
        watched.page.evaluate("() => { window.__gcmViolations = []; }")
        watched.console.clear()
    assert failures == {}
    assert visit.foreign() == []


def test_no_policy_violation_from_file_urls(browser, demo_site):
    """Copies opened from a folder (file://): 'self' covers the files beside the page."""
    context = browser.new_context()
    try:
        watched = Watched(context)
        page = watched.page
        page.goto((demo_site / "en" / "search" / "index.html").as_uri())
        assert page.evaluate("() => document.fonts.ready.then(() => document.styleSheets"
                             ".length)") >= 3, "the page's own stylesheets did not load"
        reach_state(page, "search", search_word(demo_site, "en"))
        assert page.url.startswith((demo_site / "en" / "search").as_uri() + "/index.html?q=")
        assert_governed(page)
        assert watched.violations() == []
        assert watched.console == []
    finally:
        context.close()


# What the policy must stop, injected into a real page: each line breaks one directive.
INJECTED_HEAD = '<base href="https://example.invalid/">'
INJECTED_BODY = """
<script>window.__gcmInjectedRan = true;</script>
<img id="gcm-injected-img" src="https://example.invalid/x.png" alt="">
<style>body { background: rgb(255, 0, 0) !important; }</style>
<p id="gcm-injected-style" style="color: rgb(255, 0, 0)">styled</p>
<form id="gcm-injected-form" action="https://example.invalid/collect" method="post">
<input name="q" value="secret"><button>send</button></form>
"""


@pytest.fixture
def injected(demo_site, site_url, visit) -> tuple[Watched, str, list[str]]:
    """A built page with forbidden things in it, served from the site's own origin, and
    the requests that reached example.invalid (there must be none)."""
    path = path_of(demo_site, "en", next(t for t in TEMPLATES if t.name == "about"))
    html = (demo_site / path / "index.html").read_text(encoding="utf-8")
    assert "</title>" in html and "</body>" in html
    html = html.replace("</title>", "</title>" + INJECTED_HEAD, 1)
    html = html.replace("</body>", INJECTED_BODY + "</body>", 1)
    address = site_url + path + "injected/"
    context = visit.context()
    context.route(address, lambda route: route.fulfill(
        status=200, content_type="text/html; charset=utf-8", body=html))
    sent: list[str] = []
    context.route("https://example.invalid/**",
                  lambda route: (sent.append(route.request.url), route.abort()))
    watched = Watched(context)
    watched.page.on("requestfailed", lambda request: watched.failed.update(
        {request.url: request.failure}))
    watched.page.goto(address)
    return watched, address, sent


def test_the_check_reports_what_the_policy_blocks(injected):
    watched, address, sent = injected
    page = watched.page
    assert_governed(page)
    # Inline <script>: blocked, and it did not run.
    assert page.evaluate("() => window.__gcmInjectedRan === undefined")
    # The third-party image was never requested, so it did not load either.
    assert page.evaluate("() => document.getElementById('gcm-injected-img').naturalWidth") == 0
    # Neither inline style applied.
    assert page.evaluate("() => getComputedStyle(document.getElementById("
                         "'gcm-injected-style')).color") != "rgb(255, 0, 0)"
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") \
        != "rgb(255, 0, 0)"
    # The <base> was ignored: the page's own links still resolve on its own origin.
    assert page.evaluate("() => document.baseURI") == address
    # The form that posts elsewhere is not sent.
    page.evaluate("() => document.getElementById('gcm-injected-form').requestSubmit()")
    page.wait_for_timeout(200)
    assert page.url == address
    violations = watched.violations()
    directives = {v["directive"] for v in violations}
    assert {"script-src-elem", "img-src", "style-src-elem", "style-src-attr", "base-uri",
            "form-action"} <= directives, violations
    assert "https://example.invalid/x.png" in {v["blocked"] for v in violations}
    assert any("Content Security Policy" in text for text in watched.console)
    # Chromium stopped the image itself ("csp" is how it reports net::ERR_BLOCKED_BY_CSP):
    # nothing reached the network, not even the route above.
    assert watched.failed.get("https://example.invalid/x.png") == "csp"
    assert sent == []
