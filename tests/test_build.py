"""End to end: the real demo portal, built by the CLI, read as HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
import pytest
import yaml

from gcm_portal.model.languages import Language
from gcm_portal.render import formats

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = next(p["gcm-portal"] for p in yaml.safe_load(
    (ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"]
    if isinstance(p, dict) and "gcm-portal" in p)
LANGUAGES = SETTINGS["languages"]
DEFAULT = SETTINGS["default_language"]
COUNTRIES = SETTINGS["countries"]
PAGES = ["", "about/", "pathways/", "documents/", "services/", "return/", "countries/"]


def page(site: Path, lang: str, path: str) -> str:
    """Every language, the default one included, lives in its own folder."""
    return (site / lang / path / "index.html").read_text(encoding="utf-8")


def html_tag(html: str) -> str:
    return re.search(r"<html\b[^>]*>", html).group(0)


def test_demo_has_the_languages_and_countries_the_issue_asks_for():
    assert {"en", "fr", "es", "ar", "bn", "ne", "ps"} <= set(LANGUAGES)
    assert len(COUNTRIES) >= 3


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_page_with_lang_and_dir(demo_site, lang):
    direction = Language.parse(lang).direction
    for path in PAGES + [f"countries/{c.lower()}/{p}" for c in COUNTRIES
                         for p in ("", "pathways/", "documents/", "services/", "return/")]:
        html = page(demo_site, lang, path)
        assert f'lang="{lang}"' in html_tag(html), path
        assert f'dir="{direction}"' in html_tag(html), path
        assert f'<body dir="{direction}"' in html, path


def test_arabic_and_pashto_are_right_to_left(demo_site):
    for lang in ("ar", "ps"):
        assert 'dir="rtl"' in html_tag(page(demo_site, lang, ""))


def test_pashto_interface_strings_come_from_the_catalog(demo_site):
    html = page(demo_site, "ps", "")
    label = re.search(r'class="md-header__button md-icon gcm-search-link"[^>]*aria-label="([^"]+)"',
                      html)
    assert label, "search link missing"
    assert re.search(r"[\u0600-\u06ff]", label.group(1)), label.group(1)
    skip = re.search(r'class="md-skip"[^>]*>\s*([^<]+)<', html).group(1)
    assert re.search(r"[\u0600-\u06ff]", skip), skip


def test_nepali_interface_strings_are_not_english(demo_site):
    html = page(demo_site, "ne", "")
    skip = re.search(r'class="md-skip"[^>]*>\s*([^<]+)<', html).group(1).strip()
    assert re.search(r"[\u0900-\u097f]", skip), skip


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fees_are_formatted_for_each_locale(demo_site, lang):
    data = yaml.safe_load((ROOT / "content/countries/de.yml").read_text(encoding="utf-8"))
    fee = data["visas"]["items"][0]["fee"]
    html = page(demo_site, lang, "countries/de/pathways/")
    direction, expected = formats.without_marks(
        formats.money(fee["amount"], fee["currency"], Language.parse(lang).locale))
    # The page body is serialised by the sanitiser, which writes a no-break space as &nbsp;.
    shown = expected.replace("\xa0", "&nbsp;")
    assert (f'<bdi dir="{direction}">{shown}</bdi>' if direction else f"<bdi>{shown}</bdi>") \
        in html


def test_fee_formats_differ_by_locale(demo_site):
    fr = page(demo_site, "fr", "countries/de/pathways/")
    bn = page(demo_site, "bn", "countries/de/pathways/")
    assert re.search(r"<bdi>[0-9\u202f\xa0 ]+,00&nbsp;€</bdi>", fr)
    assert re.search(r"<bdi>[\u09e6-\u09ef,]+\.[\u09e6-\u09ef]{2}€</bdi>", bn)


def test_country_data_and_sample_labels_appear(demo_site):
    data = yaml.safe_load((ROOT / "content/countries/ca.yml").read_text(encoding="utf-8"))
    html = page(demo_site, "en", "countries/ca/")
    assert data["helplines"]["emergency"][0]["number"] in html
    assert "Canada" in html
    assert "invented sample data" in html
    for lang in LANGUAGES:
        assert 'class="gcm-sample"' in page(demo_site, lang, "about/")


def test_country_names_are_localized_from_cldr(demo_site):
    assert "Allemagne" in page(demo_site, "fr", "countries/")
    assert "ألمانيا" in page(demo_site, "ar", "countries/")


def test_module_pages_link_their_country_pages(demo_site):
    html = page(demo_site, "fr", "documents/")
    for code in COUNTRIES:
        assert f'href="../countries/{code.lower()}/documents/"' in html


def test_phone_numbers_keep_left_to_right_order_in_rtl(demo_site):
    html = page(demo_site, "ar", "countries/ae/")
    assert re.search(r'<a href="tel:\+?[0-9]+"><bdi dir="ltr">[+0-9 ]+</bdi></a>', html)


def test_reviewed_date_and_sources_are_shown_localized(demo_site):
    html = page(demo_site, "es", "pathways/")
    assert 'class="gcm-page-meta"' in html
    assert "de noviembre de 2026" in html
    assert "https://undocs.org/en/A/RES/73/195" in html


def test_language_switcher_points_to_the_same_page(demo_site):
    html = page(demo_site, "ar", "countries/de/services/")
    assert 'href="../../../../ps/countries/de/services/" hreflang="ps" lang="ps" dir="rtl"' \
        in html


def test_help_block_is_on_every_page(demo_site):
    for lang in LANGUAGES:
        for path in PAGES:
            assert 'class="gcm-help"' in page(demo_site, lang, path)


def test_schema_is_published_with_the_site(demo_site):
    published = json.loads((demo_site / "schema/country.schema.json").read_text())
    assert published["title"] == "gcm-portal country data"


def test_no_third_party_fonts_or_scripts(demo_site):
    for html_file in demo_site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
        assert not re.search(r'<script[^>]+src="https?://', text), html_file
        assert not re.search(r'<link[^>]+href="https?://[^"]+"[^>]*rel="stylesheet"', text)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_processing_times_are_words_not_cldr_keys(demo_site, lang):
    html = page(demo_site, lang, "countries/de/pathways/")
    assert "duration-day" not in html
    assert "–" in html  # a range such as 15–60 days


def test_ltr_runs_in_rtl_content_are_isolated(demo_site):
    """Numbers and Latin names that editors write in Arabic or Pashto text keep their order."""
    html = page(demo_site, "ar", "services/")
    assert '<bdi dir="ltr">15</bdi>' in html  # "Objective 15" in the Arabic text
    assert '<bdi dir="ltr">' not in page(demo_site, "fr", "services/").split(
        'class="gcm-page-meta"')[0]  # nothing to isolate in left-to-right pages


@pytest.mark.parametrize("path", ["countries/", "pathways/", "return/"])
def test_each_country_is_its_own_list_item(demo_site, path):
    """Jinja's trim_blocks once ate the newline after an inline {% endif %}: every country
    ran into one bullet ("Germany (sample data)- Canada (sample data)- …")."""
    root = lxml.html.document_fromstring(page(demo_site, "en", path))
    items = [li for li in root.iter("li") if li.find("a") is not None and
             li.find("a").get("href", "").rstrip("/").split("/")[-1] in ("de", "ca", "ae",
                                                                          "pathways", "return")]
    # A country's own text, not that of the procedures listed under it; on the pathways
    # page each country also links its licensed recruiters.
    countries = ["".join(li.xpath("./text() | ./*[not(self::ul)]//text()")).strip()
                 .removesuffix(" · Licensed recruitment agencies")
                 for li in items if "(sample data)" in li.text_content()]
    assert countries == ["Germany (sample data)", "Canada (sample data)",
                         "United Arab Emirates (sample data)"]
