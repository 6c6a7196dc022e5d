"""axe-core on every page template, in every kind of script, on a phone and a desktop,
with both themes: Material for MkDocs and gcm-portal's own (left to right, right to left
and Ethiopic: en, ar, am).

The rules are all of WCAG 2.0, 2.1 and 2.2 at levels A and AA. axe-core comes bundled
with axe-playwright-python, so nothing is fetched. No rule is switched off.
"""

from __future__ import annotations

import pytest
from browser_checks import reach_state
from portal_pages import (
    LANGUAGES,
    STATES,
    TEMPLATE_BY_NAME,
    TEMPLATES,
    VIEWPORTS,
    path_of,
    search_word,
)

# gcm-portal's own theme, within the CI's time: the page templates and states in English on
# a phone, where most can go wrong; the main ones right to left (Arabic) and in Ethiopic
# script (Amharic, from a portal made by init, whose module pages are shown in English);
# and a desktop's layout in each.
_STATES = ["language-menu", "navigation-drawer"]
GCM_CASES = [
    *[(name, "en", "mobile") for name in ["home", "module", "country", "country-list",
                                          "search-results", "not-found", *_STATES]],
    *[(name, "ar", "mobile") for name in ["home", "module", "country", "local-services",
                                          "search-results", "fallback", *_STATES]],
    *[(name, "am", "mobile") for name in ["home", "country", "search-results",
                                          "language-menu"]],
    ("home", "en", "desktop"), ("home", "ar", "desktop"), ("country", "am", "desktop"),
    ("search-results", "en", "desktop"),
]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

CASES = [
    pytest.param("material", template, lang, viewport, id=f"{template.name}-{lang}-{viewport}")
    for template in TEMPLATES + STATES
    for lang in (LANGUAGES if template.per_language else ["en"])
    for viewport in VIEWPORTS
    # The drawer exists on small screens only: on a desktop the navigation is always shown,
    # and the home page cases above already check it there.
    if not (template.action == "drawer" and viewport == "desktop")
] + [
    pytest.param("gcm", TEMPLATE_BY_NAME[name], lang, viewport,
                 id=f"gcm-{name}-{lang}-{viewport}")
    for name, lang, viewport in GCM_CASES
]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{len(v['nodes'])}x: {targets}]")
        lines.append(f"    {v['nodes'][0]['failureSummary']}".replace("\n", " "))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.mark.parametrize(("theme", "template", "lang", "viewport"), CASES)
def test_no_wcag_violations(themed, axe, theme, template, lang, viewport):
    portal = themed(theme, lang)
    page = portal.visit.open(path_of(portal.site, lang, template), viewport)
    reach_state(page, template.action, search_word(portal.site, lang), portal.theme)
    results = axe.run(page, options={
        "runOnly": {"type": "tag", "values": WCAG_AA},
        "resultTypes": ["violations"],
    })
    # axe ran the rules: an empty answer because nothing was checked would prove nothing.
    assert results.response["testEngine"]["name"] == "axe-core"
    assert set(results.response["toolOptions"]["runOnly"]["values"]) == set(WCAG_AA)
    assert "target-size" in page.evaluate("axe.getRules(['wcag22aa']).map(r => r.ruleId)"), \
        "this axe-core does not know WCAG 2.2's rules: upgrade axe-playwright-python"
    assert len(results.response["passes"]) >= 10, "axe checked almost nothing"
    violations = results.response["violations"]
    assert not violations, describe(violations)
