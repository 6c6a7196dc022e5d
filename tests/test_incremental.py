"""What incremental builds rely on: which pages show which data, and the caches kept
between builds. (Whole incremental builds against clean ones: test_shards.py.)"""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

from gcm_portal.builds import buildcache, incremental
from gcm_portal.i18n import catalogs
from gcm_portal.model.countries import Country, load_countries
from gcm_portal.model.languages import Language
from gcm_portal.render import pages

ROOT = Path(__file__).resolve().parent.parent
DEMO_DATA = ROOT / "content" / "countries"
SECTIONS = [key for key, value in yaml.safe_load(
    (DEMO_DATA / "de.yml").read_text(encoding="utf-8")).items() if isinstance(value, dict)]


def _changed(value: Any) -> Any:
    """Every text, number and flag under ``value`` changed; its shape and its ids kept (a
    page named by a removed id makes the build a full one: test_procedures.py)."""
    if isinstance(value, dict):
        return {key: item if key == "id" else _changed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_changed(item) for item in value]
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    if isinstance(value, str) and _is_date(value):
        return "2001-01-01"
    if isinstance(value, str) and (" " in value or len(value) > 15):  # not a code or enum
        return value + " (changed)"
    return value


def _is_date(text: str) -> bool:
    return len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit()


def _rendered(countries: list[Country], language: Language) -> dict[str, str]:
    """Every page that shows country data, as the generator writes it."""
    env = pages.make_environment(None)
    compiled, _ = catalogs.load(ROOT / "locales", language.code)
    pages.bind(env, language, compiled, language)
    gettext = compiled.portal.gettext
    found = {pages.countries_index_uri(): pages.render_countries_index(
        env, countries, language, gettext)}
    for country in countries:
        found.update(pages.render_country(env, country, language, gettext,
                                          compiled.countries.gettext))
    for module in pages.MODULES:
        uri = f"{module.slug}/index.md"
        found[uri] = pages.render_module_countries(env, countries, language, module, uri)
    return found


@pytest.mark.parametrize("key", [*SECTIONS, "sample"])
def test_a_data_edit_rebuilds_every_page_that_shows_it(key):
    countries, problems = load_countries(DEMO_DATA, ["DE", "CA"])
    assert not problems
    language = Language.parse("fr")
    before = _rendered(countries, language)
    germany = countries[0]
    data = copy.deepcopy(germany.data)
    data[key] = _changed(data[key])
    edited = [dataclasses.replace(germany, data=data), countries[1]]
    after = _rendered(edited, language)
    changed = {uri for uri in before.keys() | after.keys() if before.get(uri) != after.get(uri)}
    assert changed, f"changing {key!r} changes no page: the test does not test it"
    assert changed <= pages.data_pages({"DE": {key}}, edited)


def test_a_section_shown_on_some_pages_rebuilds_only_those():
    assert pages.data_pages({"DE": {"documents"}}) == {
        "countries/de/documents.md", "countries/de/handout.md"}
    everything = pages.data_pages({"DE": None})
    assert {"countries/index.md", "pathways/index.md", "countries/de/index.md"} <= everything
    assert pages.data_pages({"DE": {"a_new_section"}}) == everything


def test_changed_keys_of_a_country_file():
    before = incremental.data_digests({"visas": {"fee": 75}, "sample": True})
    after = incremental.data_digests({"visas": {"fee": 80}, "sample": True, "new": []})
    assert incremental.changed_keys(before, after) == {"visas", "new"}
    assert incremental.changed_keys(None, after) is None


def test_a_template_compiled_under_other_settings_is_never_loaded(tmp_path):
    """Bytecode compiled without escaping, loaded where escaping is on, would print
    translators' and editors' text as HTML."""
    site = tmp_path / "site"
    loader = jinja2.DictLoader({"page.html": "<p>{{ text }}</p>"})

    def rendered(autoescape: bool) -> str:
        env = buildcache.install(jinja2.Environment(loader=loader, autoescape=autoescape),
                                 site)
        return env.get_template("page.html").render(text="<script>")

    assert rendered(False) == "<p><script></p>"
    assert rendered(True) == "<p>&lt;script&gt;</p>"
    assert rendered(False) == "<p><script></p>"
    cached = list((buildcache.cache_dir(site) / "templates").iterdir())
    assert len(cached) == 2  # one entry per setting, beside the site
    assert site.parent / ".site.gcm-cache" == buildcache.cache_dir(site)


def test_a_cached_template_is_used_and_follows_its_source(tmp_path):
    site = tmp_path / "site"
    sources = {"page.html": "one {{ x }}"}
    env = buildcache.install(jinja2.Environment(loader=jinja2.DictLoader(sources)), site)
    assert env.get_template("page.html").render(x=1) == "one 1"
    entry, = (buildcache.cache_dir(site) / "templates").iterdir()
    written = entry.stat().st_mtime_ns
    fresh = buildcache.install(jinja2.Environment(loader=jinja2.DictLoader(sources)), site)
    assert fresh.get_template("page.html").render(x=2) == "one 2"
    assert entry.stat().st_mtime_ns == written  # loaded, not compiled and written again
    sources["page.html"] = "two {{ x }}"
    again = buildcache.install(jinja2.Environment(loader=jinja2.DictLoader(sources)), site)
    assert again.get_template("page.html").render(x=3) == "two 3"


def test_cached_catalogs_translate_as_compiled_ones_and_follow_the_files(tmp_path):
    locales = tmp_path / "locales"
    po = locales / "fr" / "LC_MESSAGES" / "portal.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Search"\nmsgstr "Chercher"\n\n'
                  'msgid "Danger"\nmsgstr "<script>x</script>"\n', encoding="utf-8")
    cache = tmp_path / "cache"
    fresh, problems = catalogs.load(locales, "fr", cache)
    assert problems  # the unsafe translation is refused, and reported
    cached = catalogs.cached_load(locales, "fr", cache)
    for message in ("Search", "Danger", "Search results"):
        assert cached.portal.gettext(message) == fresh.portal.gettext(message)
    assert cached.portal.gettext("Search") == "Chercher"
    assert cached.portal.gettext("Danger") == "Danger"  # refused before it was cached
    assert cached.translated == fresh.translated
    po.write_text(po.read_text(encoding="utf-8").replace("Chercher", "Rechercher"),
                  encoding="utf-8")
    assert catalogs.cached_load(locales, "fr", cache).portal.gettext("Search") == "Rechercher"
    assert len([p for p in cache.iterdir() if p.name.startswith("fr.")]) == 1  # old dropped
