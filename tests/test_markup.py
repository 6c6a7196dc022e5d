"""Each markup rule, tripped by a small page, reported as an exact `path:line` line."""

import pytest
from sites import lint, page

LEAK = ("would tell that website who reads this page; save the file under content/ and link "
        "to it with a relative path")


def test_a_clean_page_has_no_problems(tmp_path, monkeypatch):
    body = ("Intro.\n\n## Fees {#fees}\n\n### Who pays\n\n![Map of the offices](map.png)\n\n"
            '<img src="logo.png" alt="">\n\nSee [fees](#fees), [who pays](#who-pays) and '
            "[the law](https://example.org/law).\n\n```html\n<script>alert(1)</script>\n```\n\n"
            "Write `<iframe>` in code, or <!-- <script> --> in a comment.\n")
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == []


# --- headings -----------------------------------------------------------------------------

def test_h1_in_the_body_when_the_title_is_the_h1(tmp_path, monkeypatch):
    assert lint(tmp_path, monkeypatch, {"index.md": page("# Welcome\n\nText.\n")}) == [
        "index.md:6: error: heading '# Welcome': the front matter title is already this "
        "page's h1, and a page has only one; make it '## Welcome'"]


def test_second_h1_without_a_title(tmp_path, monkeypatch):
    text = "---\nreviewed: 2026-11-20\n---\n\n# One\n\nText.\n\nTwo\n===\n"
    assert lint(tmp_path, monkeypatch, {"index.md": text}) == [
        "index.md:9: error: heading '# Two': a page has only one h1; make it '## Two'"]


def test_skipped_heading_level(tmp_path, monkeypatch):
    body = "## Visas\n\n#### Fees\n\nText.\n\n## Work\n\n### Contracts\n"
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        "index.md:8: error: heading '#### Fees' skips a level (h4 after h2); make it "
        "'### Fees'"]


def test_first_heading_must_be_h2(tmp_path, monkeypatch):
    assert lint(tmp_path, monkeypatch, {"index.md": page("Intro.\n\n### Fees\n")}) == [
        "index.md:8: error: heading '### Fees' skips a level (h3 after h1); make it '## Fees'"]


# --- images -------------------------------------------------------------------------------

def test_markdown_image_without_alt_text(tmp_path, monkeypatch):
    assert lint(tmp_path, monkeypatch, {"index.md": page("Look: ![](map.png)\n")}) == [
        "index.md:6: error: image without alt text: '![](map.png)'; say what it shows "
        "between the brackets, e.g. '![Map of the offices](map.png)'"]


def test_html_image_without_alt_attribute(tmp_path, monkeypatch):
    assert lint(tmp_path, monkeypatch, {"index.md": page('Text.\n\n<img src="map.png">\n')}) == [
        'index.md:8: error: image without alt text: <img src="map.png">; add alt="what it '
        'shows" (alt="" only for decoration)']


# --- unsafe content -----------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["script", "iframe", "object", "embed"])
def test_tags_that_run_code_or_frame_other_sites(tmp_path, monkeypatch, tag):
    body = f"Text.\n\n<{tag} src=\"local.js\"></{tag}>\n"
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        f"index.md:8: error: <{tag}> is not allowed in a page: it runs code or shows another "
        "website's content; remove it"]


def test_event_handler_attributes(tmp_path, monkeypatch):
    body = '<a href="a.md"\n   onClick="steal()">A</a>\n\nText\n{ onmouseover="x()" }\n'
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        "index.md:6: error: <a onclick=...> runs code when the reader acts; remove the "
        "attribute",
        "index.md:10: error: attribute list sets 'onmouseover', which runs code; remove it",
    ]


def test_javascript_urls(tmp_path, monkeypatch):
    body = ("[Click](javascript:alert(1))\n\n<a href=\" JavaScript:go()\">Go</a>\n\n"
            "[ref]: javascript:void(0)\n")
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        "index.md:6: error: a 'javascript:' link runs code; link to a page instead",
        'index.md:8: error: <a href="javascript:..."> runs code; link to a page instead',
        "index.md:10: error: a 'javascript:' link runs code; link to a page instead",
    ]


def test_resources_from_other_websites(tmp_path, monkeypatch):
    body = ("![Map](https://maps.example/m.png)\n\n"
            '<video poster="//cdn.example/p.jpg" src="v.mp4"></video>\n\n'
            '<link rel="stylesheet" href="https://fonts.example/css">\n\n'
            '<div style="background: url(\'http://img.example/bg.png\')">x</div>\n\n'
            "<style>@import 'https://css.example/a.css';</style>\n\n"
            "![Logo][logo]\n\n[logo]: https://img.example/logo.svg\n")
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        f"index.md:6: error: image 'https://maps.example/m.png' is loaded from another "
        f"website, which {LEAK}",
        f"index.md:8: error: <video poster=\"//cdn.example/p.jpg\"> loads a file from another "
        f"website, which {LEAK}",
        f"index.md:10: error: <link href=\"https://fonts.example/css\"> loads a file from "
        f"another website, which {LEAK}",
        f"index.md:12: error: <div style> loads 'http://img.example/bg.png' from another "
        f"website, which {LEAK}",
        f"index.md:14: error: <style> loads 'https://css.example/a.css' from another website, "
        f"which {LEAK}",
        f"index.md:16: error: image 'https://img.example/logo.svg' is loaded from another "
        f"website, which {LEAK}",
    ]


def test_links_to_other_websites_are_fine(tmp_path, monkeypatch):
    body = "[Official site](https://example.org/) and <a href=\"https://example.org\">it</a>.\n"
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == []
