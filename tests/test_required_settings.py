"""Nothing a portal needs is left to chance: each required setting, deleted from a working
mkdocs.yml, stops `check` and `build` at a line of mkdocs.yml, never with a traceback; and
what the pages need (Markdown extensions, a way to the country pages) the plugin adds
itself."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from projects import copy_project, replace, run_cli

from gcm_portal.adapter.config import check_file
from gcm_portal.adapter.setup import enable_markdown, link_countries
from gcm_portal.render.markup import MARKDOWN_EXTENSIONS

PLUGIN_LINE = "  - gcm-portal:\n"
PUBLISHER = "      publisher:\n        name: gcm-portal demonstration (not a government website)\n"


def _line(text: str, needle: str) -> int:
    """The line of ``needle`` in ``text`` (its first line when it spans several)."""
    assert needle in text, needle
    return text[: text.index(needle)].count("\n") + 1


def _first_key(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.startswith("#"))


# (what is deleted or broken, the text, its replacement, where the error is, what it names)
CASES = [
    ("theme", re.compile(r"theme:\n(  .*\n)+\n"), "", _first_key, "theme: not set; "),
    ("theme.name", "  name: material\n", "", lambda t: _line(t, "theme:"),
     "theme.name: not set; "),
    ("unsupported theme", "  name: material", "  name: readthedocs",
     lambda t: _line(t, "  name: readthedocs"), "theme.name: 'readthedocs' is not supported; "),
    ("theme.custom_dir", "custom_dir: overrides", "custom_dir: overides",
     lambda t: _line(t, "custom_dir"), "theme.custom_dir: 'overides' is not a folder"),
    ("docs_dir", "docs_dir: content\n", "", _first_key,
     "docs_dir: not set, and MkDocs's default folder 'docs' does not exist"),
    ("wrong docs_dir", "docs_dir: content\n", "docs_dir: contnt\n",
     lambda t: _line(t, "docs_dir"), "docs_dir: 'contnt' is not a folder beside mkdocs.yml; "
                                     "did you mean 'content'?"),
    ("site_name", "site_name: gcm-portal demo\n", "", _first_key,
     "site_name: this setting is required; "),
    ("plugins", re.compile(r"plugins:\n(.*\n)+"), "", _first_key,
     "plugins: not set, so gcm-portal is not enabled; "),
    ("the plugin block", re.compile(r"  - gcm-portal:\n(      .*\n|        .*\n)+"),
     "  - search\n", lambda t: _line(t, "plugins:"), "plugins: gcm-portal is not listed; "),
    ("publisher", PUBLISHER, "", lambda t: _line(t, PLUGIN_LINE),
     "plugins.gcm-portal.publisher.name: this setting is required; "),
    ("publisher.name", PUBLISHER, "      publisher:\n        url: https://ministry.example/\n",
     lambda t: _line(t, "      publisher:"),
     "plugins.gcm-portal.publisher.name: this setting is required; "),
    ("languages", "      languages: [en, fr, es, ar, bn, ne, ps]\n", "",
     lambda t: _line(t, PLUGIN_LINE), "plugins.gcm-portal.languages: this setting is required; "),
    ("no languages", "languages: [en, fr, es, ar, bn, ne, ps]", "languages: []",
     lambda t: _line(t, "languages: []"), "plugins.gcm-portal.languages: list at least one "),
    ("the plugin's settings", re.compile(r"  - gcm-portal:\n(      .*\n|        .*\n)+"),
     "  - gcm-portal\n", lambda t: _line(t, "  - gcm-portal\n"),
     "plugins.gcm-portal.publisher.name: this setting is required; "),
]


def _broken(tmp_path: Path, old: str | re.Pattern[str], new: str) -> tuple[Path, str]:
    project = tmp_path / "portal"
    project.mkdir()
    config = copy_project(project)
    text = config.read_text(encoding="utf-8")
    changed = old.sub(new, text, count=1) if isinstance(old, re.Pattern) else \
        text.replace(old, new, 1)
    assert changed != text
    config.write_text(changed, encoding="utf-8")
    return project, changed


@pytest.mark.parametrize(("setting", "old", "new", "line", "message"), CASES,
                         ids=[case[0] for case in CASES])
def test_a_missing_or_wrong_required_setting_stops_check_and_build_at_its_line(
        tmp_path, setting, old, new, line, message):
    project, text = _broken(tmp_path, old, new)
    expected = f"mkdocs.yml:{line(text)}: error: {message}"
    for command in ("check", "build"):
        result = run_cli(project, command)
        assert result.returncode == 1, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        errors = [row for row in result.stderr.splitlines() if ": error: " in row]
        assert any(row.startswith(expected) for row in errors), (command, errors)
        assert all(re.match(r"mkdocs\.yml:\d+: error: ", row) for row in errors), errors
    assert not (project / "site").exists()


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _shown(problems: list) -> list[str]:
    return [f"{Path(p.path).name}:{p.line}: {p.message}" for p in problems]


def test_settings_inherited_from_another_file_are_not_missing(tmp_path):
    (tmp_path / "content").mkdir()
    _write(tmp_path, "base.yml", "site_name: Shared\ntheme:\n  name: material\n"
                                 "docs_dir: content\n")
    child = _write(tmp_path, "mkdocs.yml", "INHERIT: base.yml\nplugins:\n  - gcm-portal:\n"
                                           "      publisher: {name: Ministry}\n"
                                           "      languages: [en]\n")
    assert check_file(child) == []


def test_what_an_inherited_file_gets_wrong_is_reported_in_it(tmp_path):
    (tmp_path / "content").mkdir()
    _write(tmp_path, "base.yml", "site_name: Shared\ntheme:\n  name: mkdocs\n"
                                 "plugins:\n  - gcm-portal:\n      publisher: {name: M}\n")
    child = _write(tmp_path, "mkdocs.yml", "INHERIT: base.yml\ndocs_dir: content\n")
    assert _shown(check_file(child)) == [
        "base.yml:3: theme.name: 'mkdocs' is not supported; gcm-portal's pages are built with "
        "Material for MkDocs or with gcm-portal's own theme, the two themes it supports: "
        "write 'name: material' or 'name: gcm'",
        "base.yml:5: plugins.gcm-portal.languages: this setting is required; add it, e.g. "
        "'languages: [en, ar]'"]
    # The nearer file wins: its theme replaces the inherited one.
    _write(tmp_path, "mkdocs.yml", "INHERIT: base.yml\ndocs_dir: content\ntheme: material\n"
                                   "plugins:\n  - gcm-portal: {publisher: {name: M}, "
                                   "languages: [en]}\n")
    assert check_file(child) == []


def test_an_inherited_file_that_is_missing_is_an_error_at_its_line(tmp_path):
    child = _write(tmp_path, "mkdocs.yml", "site_name: P\nINHERIT: ../shared/base.yml\n")
    assert _shown(check_file(child)) == [
        "mkdocs.yml:2: INHERIT: '../shared/base.yml' does not exist beside mkdocs.yml; "
        "correct the path or remove the line"]


def test_mkdocs_own_errors_and_other_plugins_are_located(tmp_path):
    (tmp_path / "content").mkdir()
    path = _write(tmp_path, "mkdocs.yml",
                  "site_name: P\ndocs_dir: content\ntheme: {name: material}\n"
                  "use_directory_urls: maybe\nmarkdown_extensions:\n  - admonitionn\n"
                  "plugins:\n  - search: {lang: 5}\n  - i18n\n"
                  "  - gcm-portal: {publisher: {name: M}, languages: [en]}\n")
    shown = _shown(check_file(path))
    assert [row.split(":")[1] for row in shown] == ["4", "5", "7", "9"]
    assert shown[0].startswith("mkdocs.yml:4: use_directory_urls: Expected type: <class "
                               "'bool'>")
    assert shown[1].startswith("mkdocs.yml:5: markdown_extensions: Failed to load extension "
                               "'admonitionn'")
    assert "\n" not in shown[1]
    assert shown[2].startswith("mkdocs.yml:7: plugins: Plugin 'material/search' option "
                               "'lang'")
    assert shown[3] == ("mkdocs.yml:9: plugins: remove the 'i18n' plugin; gcm-portal "
                        "publishes every language itself, from its own 'languages' setting")


def test_values_mkdocs_computes_are_never_reported_missing(tmp_path):
    path = _write(tmp_path, "mkdocs.yml", "site_name: !ENV SITE\ndocs_dir: !ENV DOCS\n"
                                          "theme: !ENV THEME\nplugins:\n"
                                          "  - gcm-portal: {publisher: !ENV P, "
                                          "languages: !ENV L}\n")
    assert check_file(path) == []


def test_the_plugin_enables_the_markdown_its_pages_need_keeping_the_portals_settings():
    config = SimpleNamespace(markdown_extensions=["toc", "markdown.extensions.admonition"],
                             mdx_configs={"toc": {"permalink": True}})
    enable_markdown(config)  # type: ignore[arg-type]
    assert config.markdown_extensions == ["toc", "markdown.extensions.admonition",
                                          "attr_list", "md_in_html", "def_list"]
    assert config.mdx_configs == {"toc": {"permalink": True}}
    assert set(MARKDOWN_EXTENSIONS) == {"admonition", "attr_list", "md_in_html", "def_list",
                                        "toc"}


@pytest.mark.parametrize(("nav", "after"), [
    (["index.md", "pathways/index.md", {"Return": ["return/index.md"]}, "about.md"],
     ["index.md", "pathways/index.md", {"Return": ["return/index.md"]}, "countries/index.md",
      "about.md"]),
    (["index.md", "about.md"], ["index.md", "about.md", "countries/index.md"]),
    ([{"More": [{"Countries": "countries/index.md"}]}],
     [{"More": [{"Countries": "countries/index.md"}]}]),
    (None, None),
])
def test_the_countries_page_is_in_every_nav(nav, after):
    config = SimpleNamespace(nav=nav)
    link_countries(config)  # type: ignore[arg-type]
    assert config.nav == after


def _plain_portal(tmp_path: Path, nav: bool) -> Path:
    """The demo with none of its Markdown extensions listed, and a nav (or none) without
    the countries page."""
    project = tmp_path / "portal"
    project.mkdir()
    config = copy_project(project)
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"markdown_extensions:\n(  .*\n)+\n", "", text)
    text = text.replace("  - countries/index.md\n", "") if nav else \
        re.sub(r"nav:\n(  .*\n)+\n", "", text)
    assert "markdown_extensions" not in text and "countries/index.md" not in text
    config.write_text(text, encoding="utf-8")
    result = run_cli(project, "build", "--lang", "en", "--country", "DE")
    assert result.returncode == 0, result.stderr
    return project / "site" / "en"


def _country_page_renders(site: Path) -> None:
    page = (site / "countries/de/index.html").read_text(encoding="utf-8")
    assert "!!!" not in page and 'class="admonition warning"' in page
    assert "](https://" not in page
    assert '<a href="https://www.bamf.de/EN/"' in page  # a source, in Markdown in HTML
    glossary = (site / "glossary/index.html").read_text(encoding="utf-8")
    assert "<dl>" in glossary  # definition lists


def test_country_pages_render_and_are_reachable_with_a_nav_that_omits_them(tmp_path):
    site = _plain_portal(tmp_path, nav=True)
    _country_page_renders(site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="countries/" class="md-nav__link', home)


def test_country_pages_are_reachable_without_a_nav(tmp_path):
    site = _plain_portal(tmp_path, nav=False)
    _country_page_renders(site)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="countries/" class="md-nav__link', home)


def test_check_reads_pages_with_the_extensions_the_build_adds(tmp_path):
    """Without markdown_extensions in mkdocs.yml, `check` must still read an attribute list
    as the build will (attr_list is added by the plugin), and report its handler."""
    project = tmp_path / "portal"
    project.mkdir()
    config = copy_project(project)
    config.write_text(re.sub(r"markdown_extensions:\n(  .*\n)+\n", "",
                             config.read_text(encoding="utf-8")), encoding="utf-8")
    line = replace(project / "content/about.md", "## Who made this portal",
                   'A note.\n{: onclick="steal()" }\n\n## Who made this portal')
    result = run_cli(project, "check")
    assert result.returncode == 1
    assert f"content/about.md:{line + 1}: error: <p onclick=...> runs code when the reader " \
           "acts; remove the attribute" in result.stderr
