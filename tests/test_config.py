"""Settings that span fields: review ages, the data licence, the report link."""

import time
from dataclasses import replace
from pathlib import Path

import pytest

from gcm_portal.adapter.config import (
    PortalConfig,
    check,
    check_file,
    check_report_url,
    config_errors,
    located,
    read_settings,
    report_link,
)

ROOT = Path(__file__).resolve().parent.parent


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


def _write(tmp_path: Path, options: str, top: str = "site_name: Demo\n") -> Path:
    """mkdocs.yml with these plugin options, and the theme and pages' folder a portal needs
    (written last, so that the lines of the rest are those of the text given)."""
    path = tmp_path / "mkdocs.yml"
    (tmp_path / "content").mkdir(exist_ok=True)
    path.write_text(f"{top}plugins:\n  - search\n  - gcm-portal:\n{options}"
                    "theme: {name: material}\ndocs_dir: content\n", encoding="utf-8")
    return path


def _file_problems(path: Path) -> list[str]:
    return [str(replace(p, path=Path(p.path).name)) for p in check_file(path)]


def test_the_demo_settings_have_no_problem():
    assert check_file(ROOT / "mkdocs.yml") == []


def test_an_unknown_option_is_an_error_at_its_line_with_a_suggestion(tmp_path):
    path = _write(tmp_path, "      languages: [en]\n      publisher:\n        name: Test\n"
                            "      sample_baner: false\n")
    assert _file_problems(path) == [
        "mkdocs.yml:8: error: plugins.gcm-portal.sample_baner: unknown setting; did you mean "
        "'sample_banner'?"]


def test_unknown_sub_options_and_unrelated_names(tmp_path):
    path = _write(tmp_path, "      languages: [en]\n      publisher:\n        name: Test\n"
                            "        urll: https://example.org\n      help:\n"
                            "        - label: Help\n          phone: '112'\n          hourz: x\n"
                            "      frobnicate: 1\n")
    problems = _file_problems(path)
    assert problems[:2] == [
        "mkdocs.yml:8: error: plugins.gcm-portal.publisher.urll: unknown setting; did you "
        "mean 'url'?",
        "mkdocs.yml:12: error: plugins.gcm-portal.help.0.hourz: unknown setting; did you "
        "mean 'hours'?"]
    assert problems[2].startswith("mkdocs.yml:13: error: plugins.gcm-portal.frobnicate: "
                                  "unknown setting; remove it; the settings here are: "
                                  "countries, countries_dir, data_license")
    assert len(problems) == 3


def test_wrongly_typed_values_are_errors_at_their_lines(tmp_path):
    path = _write(tmp_path, "      languages: [en]\n      publisher:\n        name: 5\n"
                            "      sample_banner: maybe\n      review_error_days: soon\n"
                            "      help:\n        - label: Emergency\n          phone: 112\n"
                            "        - phone: '113'\n")
    assert _file_problems(path) == [
        "mkdocs.yml:7: error: plugins.gcm-portal.publisher.name: 5 is not valid (Expected "
        "type: <class 'str'> but received: <class 'int'>); put it in quotes: '5'",
        "mkdocs.yml:8: error: plugins.gcm-portal.sample_banner: 'maybe' is not valid "
        "(Expected type: <class 'bool'> but received: <class 'str'>); write true or false",
        "mkdocs.yml:9: error: plugins.gcm-portal.review_error_days: 'soon' is not valid "
        "(Expected type: <class 'int'> but received: <class 'str'>); write a whole number",
        "mkdocs.yml:12: error: plugins.gcm-portal.help.0.phone: 112 is not valid (Expected "
        "type: <class 'str'> but received: <class 'int'>); put it in quotes: '112'",
        "mkdocs.yml:13: error: plugins.gcm-portal.help.1.label: this setting is required; add "
        "it"]


def test_mkdocs_config_errors_become_located_problems(tmp_path):
    path = _write(tmp_path, "      languages: en\n      sample_banner: maybe\n")
    settings, problems = read_settings(path)
    assert settings is not None and problems == []
    # MkDocs stops at the first failing option; config_errors finds every one.
    config = PortalConfig()
    config.load_dict(settings.options)
    assert len(config.validate()[0]) == 1
    errors = config_errors(PortalConfig, settings.options)
    assert [name for name, _ in errors] == ["publisher", "languages", "sample_banner"]
    assert [(p.line, p.message.split(":")[0]) for p in located(errors, settings)] == [
        (4, "plugins.gcm-portal.publisher"), (5, "plugins.gcm-portal.languages"),
        (6, "plugins.gcm-portal.sample_banner")]
    # check_file reports a required setting that is not written (publisher.name) at the
    # plugin's line (a file named by INHERIT may hold it: see test_required_settings).
    assert [(p.line, p.message.split(":")[0]) for p in check_file(path)] == [
        (4, "plugins.gcm-portal.publisher.name"), (5, "plugins.gcm-portal.languages"),
        (6, "plugins.gcm-portal.sample_banner")]


def test_mkdocs_tags_and_aliases_are_left_to_mkdocs(tmp_path):
    path = _write(tmp_path, "      languages: *langs\n      publisher:\n        name: !ENV NAME\n"
                            "      sample_banner: !ENV [SAMPLE, true]\n"
                            "      countries: !ENV COUNTRIES\n",
                  top="site_name: !ENV SITE\nextra:\n  languages: &langs [en, fr]\n")
    assert _file_problems(path) == []


def test_an_alias_bomb_in_the_settings_is_refused_fast(tmp_path):
    bomb = "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n" + "".join(
        f"x{n}: &x{n} [" + ", ".join([f"*x{n - 1}"] * 10) + "]\n" for n in range(1, 9))
    path = _write(tmp_path, "      languages: [en]\n", top=bomb)
    started = time.perf_counter()
    (problem,) = _file_problems(path)
    assert time.perf_counter() - started < 2
    assert problem.startswith("mkdocs.yml:5: error: the aliases (*name) here expand to more "
                              "than 100,000 values")


@pytest.mark.parametrize(("top", "message"), [
    ("site_name: Demo <b>portal</b>\n",
     "mkdocs.yml:1: error: site_name: < > cannot be part of this text, which every page shows "
     "as it is; write it without < > \" and `"),
    ("site_name: Demo\ncopyright: '\"(c)\" 2026'\n",
     "mkdocs.yml:2: error: copyright: \" cannot be part of this text, which every page shows "
     "as it is; write it without < > \" and `"),
    ("site_name: Demo\nnav:\n  - Home: index.md\n  - More:\n      - '`About`': about.md\n",
     "mkdocs.yml:5: error: nav title '`About`': ` cannot be part of this text, which every "
     "page shows as it is; write it without < > \" and `"),
    ("site_name: Demo\nsite_description: \"Fees \\u202e57\"\n",
     "mkdocs.yml:2: error: site_description: U+202E RIGHT-TO-LEFT OVERRIDE reorders the text "
     "after it (a fee of 57 can be shown as 75); delete it (retype the text around it if your "
     "editor does not show it); the site sets the text direction itself"),
])
def test_site_text_settings_are_plain_text(tmp_path, top, message):
    path = _write(tmp_path, "      languages: [en]\n      publisher:\n        name: Test\n",
                  top=top)
    assert _file_problems(path) == [message]


def _checked(tmp_path: Path, options: str) -> list[str]:
    path = _write(tmp_path, options)
    settings, problems = read_settings(path)
    assert settings is not None and problems == []
    config = PortalConfig()
    config.load_dict(settings.options)
    assert config.validate()[0] == []
    return [str(replace(p, path=Path(p.path).name)) for p in check(config, path)]


def test_portal_text_and_link_settings(tmp_path):
    problems = _checked(tmp_path, (
        "      languages: [en]\n      publisher:\n        name: Ministry <i>of</i> Labour\n"
        "        url: http://ministry.example\n      help:\n"
        "        - label: \"Call \\u202e112\"\n          phone: \"11\\u200c2\"\n"
        "          hours: Mon–Fri\n"
        "        - label: Write to us\n"
        "          url: 'https://help.example/\" onmouseover=\"alert(1)'\n"
        "        - label: Call us\n          url: tel:+49-30-1234\n"))
    assert [p.split(": U+")[0].split(" cannot")[0] for p in problems] == [
        "mkdocs.yml:7: error: plugins.gcm-portal.publisher.name: < >",
        "mkdocs.yml:10: error: plugins.gcm-portal.help.0.label",
        "mkdocs.yml:11: error: plugins.gcm-portal.help.0.phone",
        "mkdocs.yml:8: error: plugins.gcm-portal.publisher.url: 'http://ministry.example' "
        "must start with https://",
        "mkdocs.yml:14: error: plugins.gcm-portal.help.1.url: '\"' is not allowed in an "
        "address; percent-encode it as %22, or remove it"]
    assert "in a number, phone number, code or address" in problems[2]


def test_cross_setting_problems_are_at_their_lines(tmp_path):
    problems = _checked(tmp_path, "      publisher:\n        name: Test\n"
                                  "      languages:\n        - en\n        - fr\n        - fr\n"
                                  "      countries: [DE, de]\n      review_warning_days: 400\n")
    assert problems == [
        "mkdocs.yml:10: error: plugins.gcm-portal.languages: 'fr' is listed twice",
        "mkdocs.yml:11: error: plugins.gcm-portal.countries: unknown country code 'de'; write "
        "it in capitals: 'DE'",
        "mkdocs.yml:12: error: plugins.gcm-portal.review_warning_days: must be a number of days "
        "above 0 and at most review_error_days (365)"]


@pytest.mark.parametrize(("template", "why"), [
    ('https://t.example/new?u={url}" onmouseover="alert(1)',
     "'\"' is not allowed in an address; percent-encode it as %22, or remove it"),
    ("https://t.example/new?u={url:999999999}",
     "write the placeholders as {url} and {title}, with nothing after the name"),
    ("https://t.example/new?u={url!r}",
     "write the placeholders as {url} and {title}, with nothing after the name"),
    ("https:///new?u={url}", "'https:///new?u={url}' has no host name; write a full address, "
                             "e.g. https://example.org/"),
    ("{url}", "'{url}' must start with https:// or mailto:"),
    ("javascript:alert(1)//{url}", "'javascript:alert(1)//{url}' must start with https:// or "
                                   "mailto:"),
])
def test_the_report_link_cannot_leave_its_attribute(template, why):
    assert check_report_url(template) == why
