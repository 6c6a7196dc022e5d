"""What a build writes once every page is written (``on_post_build``): the language
chooser, each language's search index, the sitemap, robots.txt, the security headers,
the schema and open data, the fonts; then the weight check, and the swap of the new
site for the old one."""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import get_plugin_logger

from gcm_portal import themes
from gcm_portal.adapter.run import Run, failed
from gcm_portal.builds import fonts, headers, incremental, sitemap, staging, weight
from gcm_portal.builds.opendata import write_open_data
from gcm_portal.errors import PortalError, Problem
from gcm_portal.i18n import uistrings
from gcm_portal.model.countries import SCHEMA_NAME, schema_text
from gcm_portal.model.languages import Language
from gcm_portal.model.portal import build_date
from gcm_portal.render import formats, pages, search

log = get_plugin_logger(__name__)


def _check_weight(run: Run, site: Path, previous: Path | None) -> None:
    """Print the weights of the pages built; fail the build when one breaks the budget,
    naming the file the editor can change. (What a page loads from other websites has
    stopped the build before, in ``_raise_for_built``.)"""
    budget = run.portal.config.page_weight_budget
    measured = [(weight.measure(site, page, run.loads.get(str(page)), previous), source)
                for page, source in run.rendered if page.is_file()]
    if not measured:
        return
    log.info(weight.summary([w for w, _ in measured], budget))
    over = {w.page for w in weight.over_budget([w for w, _ in measured], budget)}
    problems = [
        Problem(source, None, f"the page built from this file ({w.page}) is "
                f"{w.total / 1024:.1f} KB on a first visit (compressed), over the budget of "
                f"{budget} KB; make the page or its images lighter, or raise "
                "page_weight_budget in mkdocs.yml")
        for w, source in measured if w.page in over]
    if problems:
        raise failed(problems)


def _write_chooser(run: Run, site: Path, config: MkDocsConfig) -> None:
    portal = run.portal
    sample = "Sample content, not official information."
    samples: dict[str, Language] = {}
    for lang in portal.languages:
        text = portal.catalogs[lang.code].portal.gettext(sample)
        samples.setdefault(text, lang if text != sample else pages.SOURCE_LANGUAGE)
    html = run.templates.get_template("chooser.html.j2").render(
        index="" if config.use_directory_urls else "index.html",
        site_name=config.site_name, description=config.site_description,
        favicon=config.theme.get("favicon") or "assets/images/favicon.png",
        default=portal.default, csp=headers.policy(),
        sample_banner=portal.config.sample_banner, samples=list(samples.items()),
        languages=[{"language": lang} for lang in portal.languages])
    (site / "index.html").write_text(html, encoding="utf-8")


def _write_search_indexes(run: Run, site: Path) -> incremental.BuildState:
    """The index of each language built, from its pages' sections: those of this build,
    over the last build's for the pages an incremental build did not render."""
    portal = run.portal
    folder = incremental.state_dir(site)
    previous = run.state if not run.plan.full else None
    if previous is None:
        shutil.rmtree(folder, ignore_errors=True)
    urls = dict(previous.urls) if previous else {}
    for lang in portal.languages:
        if lang.code not in run.sections:
            continue  # not built here: its index stays as it is
        sections = incremental.load_sections(folder, lang.code) if previous else {}
        sections.update(run.sections[lang.code])
        incremental.save_sections(folder, lang.code, sections)
        urls[lang.code] = sorted(sections)
        texts = run.interface(lang.code)
        entries = [section for url in sorted(sections) for section in sections[url]]
        search.write_index(
            site / lang.code / "search" / "index.js", lang.code, entries,
            {"none": texts[uistrings.NO_RESULTS], "one": texts[uistrings.ONE_RESULT],
             "other": texts[uistrings.RESULTS],
             "digits": formats.native_digits("0123456789", lang.locale)})
    # The digests of the data this build read: of every country in a full build, of those
    # whose data changed in an incremental one (the others' are the last build's).
    keys = dict(previous.keys) if previous else {}
    keys.update((country.code, incremental.data_digests(country.data))
                for country in portal.countries
                if previous is None or country.code in run.plan.countries)
    return incremental.BuildState(*run.sources, urls, keys)


def _write_sitemap(run: Run, site: Path, config: MkDocsConfig,
                   state: incremental.BuildState) -> None:
    portal = run.portal
    for name in ("sitemap.xml", "sitemap.xml.gz"):
        (site / name).unlink(missing_ok=True)
    if not config.site_url:
        log.info("no site_url in mkdocs.yml: sitemap.xml is not written")
        return
    codes = [lang.code for lang in portal.languages]
    (site / "sitemap.xml").write_text(sitemap.render(
        config.site_url, sorted({url for urls in state.urls.values() for url in urls}),
        codes, portal.default.code),
        encoding="utf-8")


def write_site_files(run: Run, config: MkDocsConfig) -> None:
    """Everything but the pages, then the new site swapped in for the old one."""
    portal = run.portal
    site = Path(config.site_dir)
    target = site / "schema" / SCHEMA_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_text(), encoding="utf-8")
    write_open_data(site, portal.countries, portal.config.data_license,
                    today=build_date())
    if run.plan.full:  # otherwise its settings and catalogs are those it was built from
        _write_chooser(run, site, config)
    headers.write(site)
    (site / "robots.txt").write_text(sitemap.robots(config.site_url), encoding="utf-8")
    state = _write_search_indexes(run, site)
    _write_sitemap(run, site, config, state)
    # An incremental build wrote only what changed; the rest of the site is the last one.
    previous = None if run.plan.full else run.site
    if previous:
        staging.mark_overlay(site)
    if run.plan.full or run.fonts_touched:  # after the indexes: fonts draw them too
        fonts.write(site, portal.languages, themes.font_hooks(config.theme.name), previous)
    _check_weight(run, site, previous)
    # Saved last: after a failed build, the next one compares with the last good one.
    state.save(incremental.state_dir(site))
    try:
        staging.commit_build(config, run.staged)
    except PortalError as exc:
        raise failed(exc.problems) from None
