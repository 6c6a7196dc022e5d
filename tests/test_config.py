"""Settings that span fields: review ages, the data licence, the report link."""

import pytest

from gcm_portal.config import PortalConfig, check, report_link


def _problems(**settings: object) -> list[str]:
    config = PortalConfig()
    config.load_dict({"publisher": {"name": "Test"}, "languages": ["en"], **settings})
    assert config.validate() == ([], [])
    return [str(p) for p in check(config, None)]


def test_defaults_are_valid():
    config = PortalConfig()
    config.load_dict({"publisher": {"name": "Test"}, "languages": ["en"]})
    config.validate()
    assert (config.review_warning_days, config.review_error_days) == (180, 365)
    assert (config.data_license, config.report_url) == ("CC-BY-4.0", None)
    assert check(config, None) == []


def test_warning_age_must_not_exceed_error_age():
    assert _problems(review_warning_days=400) == [
        "mkdocs.yml: error: plugins.gcm-portal.review_warning_days: must be a number of days "
        "above 0 and at most review_error_days (365)"]


@pytest.mark.parametrize(("template", "why"), [
    ("http://tracker.example/new?u={url}", "'http://tracker.example/new?u={url}' must start "
                                           "with https:// or mailto:"),
    ("mailto:e@example.org?subject={page}", "unknown placeholder '{page}'; use {url} and "
                                            "{title}"),
    ("mailto:e@example.org?subject={title}", "add the placeholder {url}, so the report says "
                                             "which page is wrong"),
    ("https://t.example/new?body={url", "expected '}' before end of string; write '{{' and "
                                        "'}}' for a literal brace"),
])
def test_bad_report_urls(template, why):
    assert _problems(report_url=template) == [
        f"mkdocs.yml: error: plugins.gcm-portal.report_url: {why}"]


def test_report_link_encodes_the_page():
    template = "https://github.com/o/r/issues/new?title={title}&body={url}"
    assert _problems(report_url=template) == []
    assert report_link(template, "https://p.example/ar/", "الصحة") == (
        "https://github.com/o/r/issues/new?title=%D8%A7%D9%84%D8%B5%D8%AD%D8%A9"
        "&body=https%3A%2F%2Fp.example%2Far%2F")
