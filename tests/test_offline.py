"""What a copy opened from file:// needs: links to files, only its languages, nothing remote."""

from __future__ import annotations

from gcm_portal.offline import local_copy as offline

SWITCHER = """<ul class="md-select__list">
          <li class="md-select__item">
            <a href="../en/about.html" hreflang="en" lang="en" class="md-select__link">English</a>
          </li>
          <li class="md-select__item">
            <a href="about.html" hreflang="bn" lang="bn" class="md-select__link">বাংলা</a>
          </li>
</ul>"""

HEAD = """<head>
  <link rel="alternate" href="../en/about.html" hreflang="en">
  <link rel="alternate" href="about.html" hreflang="bn">
  <link rel="alternate" hreflang="x-default" href="../en/about.html">
  <link rel="stylesheet" href="../assets/main.css">
</head>"""


def test_switcher_entries_of_left_out_languages_are_removed():
    assert offline.keep_languages("bn/about.html", SWITCHER, {"en"}) == """\
<ul class="md-select__list">
          <li class="md-select__item">
            <a href="about.html" hreflang="bn" lang="bn" class="md-select__link">বাংলা</a>
          </li>
</ul>"""


def test_alternates_into_left_out_languages_are_removed_x_default_included():
    assert offline.keep_languages("bn/about.html", HEAD, {"en"}) == """<head>
  <link rel="alternate" href="about.html" hreflang="bn">
  <link rel="stylesheet" href="../assets/main.css">
</head>"""


def test_nothing_is_removed_when_every_language_is_kept():
    assert offline.keep_languages("bn/about.html", SWITCHER + HEAD, set()) == SWITCHER + HEAD


def test_the_chooser_keeps_its_banner_and_items_for_kept_languages_only():
    chooser = ('<div class="sample">\n<p lang="en" dir="ltr">Sample.</p>\n'
               '<p lang="ar" dir="rtl">عينة.</p>\n</div>\n<ul>\n'
               '<li lang="en" dir="ltr"><a href="en/" hreflang="en">English</a></li>\n'
               '<li lang="ar" dir="rtl"><a href="ar/" hreflang="ar">العربية</a></li>\n</ul>')
    assert offline.keep_languages("index.html", chooser, {"en"}) == (
        '<div class="sample">\n<p lang="ar" dir="rtl">عينة.</p>\n</div>\n<ul>\n'
        '<li lang="ar" dir="rtl"><a href="ar/" hreflang="ar">العربية</a></li>\n</ul>')


def test_paragraphs_in_a_language_are_kept_on_content_pages():
    text = '<p lang="en">Shown in English.</p>'
    assert offline.keep_languages("bn/about.html", text, {"en"}) == text


def test_links_to_folders_point_at_their_index_page():
    files = {"index.html", "ar/index.html", "ar/about.html"}
    text = ('<link rel="alternate" hreflang="x-default" href="./">'
            '<a href="ar/?x=1#top">ar</a><a href="ar/about.html">about</a>'
            '<a href="https://example.org/">out</a><a href="#main">skip</a>')
    assert offline.link_files("index.html", text, files) == (
        '<link rel="alternate" hreflang="x-default" href="./index.html">'
        '<a href="ar/index.html?x=1#top">ar</a><a href="ar/about.html">about</a>'
        '<a href="https://example.org/">out</a><a href="#main">skip</a>')


def test_problems_names_remote_loads_folders_and_missing_files():
    files = {
        "index.html": b'<a href="https://example.org/">a source</a>'
                      b'<link rel="canonical" href="https://portal.example/">'
                      b'<img src="https://cdn.example/x.png" alt="">'
                      b'<a href="en/">English</a><a href="en/gone.html">gone</a>'
                      b'<a href="mailto:a@example.org">mail</a><a href="tel:112">112</a>',
        "en/index.html": b'<link rel="stylesheet" href="../style.css">'
                         b'<a href="../../up.html">x</a>',
        "style.css": b'body{background:url("data:image/png;base64,AA==")}'
                     b'@import "https://fonts.example/f.css";'
                     b".a{background:url(img/missing.png)}",
    }
    assert [str(p) for p in offline.problems(files)] == [
        "en/index.html: error: '../../up.html' points outside the copy",
        "index.html: error: 'en/' points to a folder; from file:// that opens a file listing, "
        "not the page",
        "index.html: error: 'en/gone.html' points to 'en/gone.html', which is not in the copy",
        "index.html: error: loads 'https://cdn.example/x.png' from another website; a copy "
        "without internet cannot, and it would tell that website what a reader opens",
        "style.css: error: 'img/missing.png' points to 'img/missing.png', which is not in the "
        "copy",
        "style.css: error: loads 'https://fonts.example/f.css' from another website; a copy "
        "without internet cannot, and it would tell that website what a reader opens",
    ]
