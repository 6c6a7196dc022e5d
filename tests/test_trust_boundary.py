"""Hostile text on every channel reaches readers as text: nothing of it runs, loads or links.

Each test writes an attacker's input into a copy of the demo portal, builds it, and reads
every built page with the same scanner the build uses (``htmlscan``): no event handler,
no ``javascript:`` link, no script but the site's own, nothing loaded from elsewhere.
Inputs that can only be mistakes are refused at ``check`` instead, with ``path:line``.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
from projects import add_override, copy_project, replace, run_cli, tree_digest

from gcm_portal.checks import htmlscan, textsafety

PAYLOAD = ('[click](javascript:alert(1)){: onmouseover="alert(2)"} <img src=x onerror=alert(3)> '
           "*bold* &amp; <script>alert(4)</script>")


def _live(site: Path) -> list[str]:
    """Everything in the built pages that would run or load from elsewhere."""
    found = []
    for page in sorted(site.rglob("*.html")):
        root = htmlscan.parse_document(page.read_bytes())
        found += [f"{page.relative_to(site)}: {f.message}" for f in htmlscan.dangers(root)]
        found += [f"{page.relative_to(site)}: inline script {(s.text or '')[:30]!r}"
                  for s in htmlscan.scripts(root) if s.get("src") is None]
    return found


def _text(page: Path) -> str:
    return lxml.html.document_fromstring(page.read_bytes()).text_content()


def test_hostile_data_text_front_matter_and_sources_are_shown_as_text(tmp_path):
    config = copy_project(tmp_path)
    data = tmp_path / "content/countries/de.yml"
    replace(data, "rule: Most people must have health insurance. Your employer often helps you "
            "sign up. Rules vary. This is sample text.", f"rule: '{PAYLOAD}'")
    replace(data, "- title: Federal Office for Migration and Refugees",
            "- title: 'Office \"><script>alert(5)</script>'")
    about = tmp_path / "content/about.md"
    replace(about, "title: About this portal",
            "title: 'About </title><script>alert(6)</script> \"x\" onmouseover=\"alert(7)'\n"
            "description: 'x\" http-equiv=\"refresh\" content=\"0;url=https://evil.example/'")
    result = run_cli(tmp_path, "-f", str(config), "build", "--lang", "en", "--country", "DE")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert _live(site) == []
    services = _text(site / "en/countries/de/services/index.html")
    assert "[click](javascript:alert(1)){: onmouseover=\"alert(2)\"}" in services
    assert "*bold* &amp; <script>alert(4)</script>" in services
    documents = _text(site / "en/countries/de/documents/index.html")
    assert 'Office "><script>alert(5)</script>' in documents
    built = (site / "en/about/index.html").read_text(encoding="utf-8")
    head = lxml.html.document_fromstring(built).find("head")
    assert head.findtext("title").startswith("About </title><script>alert(6)</script>")
    assert [m.get("content") for m in head.iter("meta") if m.get("name") == "description"] == [
        'x" http-equiv="refresh" content="0;url=https://evil.example/']


def test_a_page_that_hides_a_script_stops_every_build_and_keeps_the_site(project):
    assert run_cli(project, "build", "--dirty").returncode == 0
    before = tree_digest(project / "site")
    line = replace(project / "content/about.md", "## Who made this portal",
                   "Text <!-- a --!> <script>alert(1)</script> -->\n\n## Who made this portal")
    for args in (["check"], ["build", "--dirty"], ["build"]):
        result = run_cli(project, *args)
        assert result.returncode == 1, args
        assert f"content/about.md:{line}: error: <script> is not allowed in a page" in \
            result.stderr
        assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_a_template_override_that_loads_a_third_party_script_fails_the_build(tmp_path):
    config = copy_project(tmp_path)
    override = tmp_path / "overrides/partials/gcm-skip.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    override.write_text('<script src="https://cdn.example/track.js"></script>\n',
                        encoding="utf-8")
    result = run_cli(tmp_path, "-f", str(config), "build", "--lang", "en", "--country", "DE")
    assert result.returncode == 1
    # The first page built names it: the 404 page or the home page, by MkDocs' order.
    assert ": error: the page built from this file (" in result.stderr
    assert ") would hold <script src> loads 'https://cdn.example/track.js' from another " \
           "website" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_no_bidi_control_in_any_page_of_the_demo(demo_site):
    """Numbers are isolated by markup (<bdi dir>), never by control characters, so a reader
    who copies an amount, and every check that reads one, gets the digits alone."""
    found = {}
    for page in demo_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        bad = [f.char for f in textsafety.findings(text, "prose")]
        if bad:
            found[page.relative_to(demo_site).as_posix()] = sorted(set(bad))
    assert found == {}
    fee = (demo_site / "ar/countries/de/pathways/index.html").read_text(encoding="utf-8")
    assert '<bdi dir="rtl">75.00&nbsp;€</bdi>' in fee


def test_a_spoofed_fee_is_refused_wherever_it_is_written(project):
    before = tree_digest(project / "site")
    rlo = "\u202e"
    data = replace(project / "content/countries/de.yml", "rule: Most people",
                   f"rule: The fee is {rlo}57 EUR. Most people")
    page = replace(project / "content/about.md", "## Who made this portal",
                   "Open 9:00\u2067–17:00.\n\n## Who made this portal")
    po_line = add_override(project / "locales/ar/LC_MESSAGES/portal.po", "Need help?",
                           f"{rlo}هل تحتاج إلى مساعدة؟")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert f"content/countries/de.yml:{data}: error: " in result.stderr
    assert "U+202E RIGHT-TO-LEFT OVERRIDE" in result.stderr
    assert f"content/about.md:{page}: error: U+2067 RIGHT-TO-LEFT ISOLATE is never closed" \
        in result.stderr
    assert f"locales/ar/LC_MESSAGES/portal.po:{po_line}: error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_markdown_in_a_translation_is_shown_as_text(tmp_path):
    config = copy_project(tmp_path)
    po = tmp_path / "locales/ar/LC_MESSAGES/countries.po"
    replace(po, 'msgstr "يجب على المستشفيات تقديم العلاج في حالات الطوارئ.',
            'msgstr "[اضغط](javascript:alert(1)){: onclick=\\"alert(2)\\"} يجب على المستشفيات '
            'تقديم العلاج في حالات الطوارئ.')
    result = run_cli(tmp_path, "-f", str(config), "build", "--lang", "ar", "--country", "DE")
    assert result.returncode == 0, result.stderr
    assert _live(tmp_path / "site") == []
    assert '[اضغط](javascript:alert(1)){: onclick="alert(2)"}' in _text(
        tmp_path / "site/ar/countries/de/services/index.html")


def test_a_translated_site_name_the_theme_cannot_show_as_it_is_is_left_out(tmp_path):
    """Material prints site_name raw: a translation with a quote is refused, with a
    warning, and mkdocs.yml's name is shown on every channel, marked as English."""
    config = copy_project(tmp_path)
    replace(tmp_path / "locales/ar/LC_MESSAGES/portal.po",
            'msgstr "العرض التجريبي لـ gcm-portal"', 'msgstr "العرض \\"التجريبي\\""')
    result = run_cli(tmp_path, "-f", str(config), "build", "--lang", "ar", "--country", "DE")
    assert result.returncode == 0, result.stderr
    assert "translation of site_name: \" cannot be part of this text" in result.stderr
    html = (tmp_path / "site/ar/index.html").read_text(encoding="utf-8")
    assert "<title>مرحبًا بك - gcm-portal demo</title>" in html
    assert "التجريبي" not in html[html.index("<header"):html.index("</header>")]
    assert '<span lang="en" dir="ltr">gcm-portal demo</span>' in html


def test_markup_in_a_translation_is_refused_at_its_line(project):
    before = tree_digest(project / "site")
    line = add_override(project / "locales/ar/LC_MESSAGES/portal.po", "Need help?",
                        '<a href=\\"javascript:alert(1)\\">هل تحتاج إلى مساعدة؟</a>')
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert f"locales/ar/LC_MESSAGES/portal.po:{line}: error: " in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_material_features_with_inline_scripts_come_from_files(tmp_path):
    """Material writes an inline script where the palette is not one mapping (a list of
    palettes to choose from): gcm-portal loads it from a file, and only with Material's
    JavaScript on, so the policy's 'no inline script' holds whatever the theme settings."""
    config = copy_project(tmp_path)
    replace(config, "  palette:\n    scheme: default\n    primary: indigo\n    accent: indigo\n",
            "  palette:\n    - scheme: default\n    - scheme: slate\n")
    result = run_cli(tmp_path, "-f", str(config), "build", "--lang", "en", "--country", "DE")
    assert result.returncode == 0, result.stderr
    assert _live(tmp_path / "site") == []
