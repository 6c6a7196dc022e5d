"""Everything a portal is made of, loaded and checked in one pass before anything is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from gcm_portal.checks import editorial
from gcm_portal.errors import Problem, raise_for
from gcm_portal.i18n import catalogs
from gcm_portal.i18n.catalogs import LanguageCatalogs
from gcm_portal.model import content
from gcm_portal.model.countries import Country, country_path, load_countries, unlisted_countries
from gcm_portal.model.freshness import ReviewPolicy
from gcm_portal.model.freshness import today as build_date  # the one clock, the plugin's too
from gcm_portal.model.languages import Language
from gcm_portal.model.settings import PortalSettings, Project
from gcm_portal.render.pages import generated_uris
from gcm_portal.render.search import SEARCH_PAGE


@dataclass
class Portal:
    """A loaded portal: its languages, countries and compiled catalogs."""

    config: PortalSettings
    project: Project
    languages: list[Language]
    default: Language
    countries: list[Country]
    catalogs: dict[str, LanguageCatalogs]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.project.root

    @property
    def docs_dir(self) -> Path:
        return self.project.docs_dir

    @property
    def locales_dir(self) -> Path:
        return self.root / self.config.locales_dir

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def load(config: PortalSettings, project: Project, setting_problems: list[Problem],
         today: dt.date | None = None, editorial_checks: bool = True,
         recheck: frozenset[str] | None = None, cache_dir: Path | None = None) -> Portal:
    """Load and check the whole portal; raise PortalError listing every error found.

    ``setting_problems`` are those the adapter found in mkdocs.yml, reported with the rest.

    ``today`` is the date review dates are checked against (``check --today``); by
    default the build's date, :func:`build_date`, which the notices use too.
    ``editorial_checks`` off skips the editors' gate (safety, headings, plain language...):
    only for the shards of a build whose parent process has just run it.
    ``recheck`` is for inputs checked already: by the last successful build, for an
    incremental build whose other inputs (settings, catalogs, the list of pages) are
    exactly that build's; or by the parent process of a shard. Only these files (pages
    and country data, relative to the docs folder) are checked again, and a language's
    catalogs are compiled when first used. ``cache_dir`` keeps compiled catalogs for the
    next builds (catalogs.cached_load).
    """
    root, docs_dir = project.root, project.docs_dir
    problems = list(setting_problems)
    # Before anything reads the content: MkDocs follows links.
    problems += content.check_files(docs_dir, root)
    raise_for(problems)  # the rest needs valid languages and countries, and readable files

    checked = recheck is not None
    languages = [Language.parse(code) for code in config.languages]
    default = next(lang for lang in languages if lang.code == config.default_language)
    unchanged = [code for code in config.countries if checked and
                 country_path(Path(config.countries_dir), code).as_posix() not in recheck]
    countries, found = load_countries(docs_dir / config.countries_dir, config.countries,
                                      unchecked=unchanged)
    problems += found
    if recheck is None:  # a file not listed is not published, but still checked
        problems += unlisted_countries(docs_dir / config.countries_dir, config.countries)
    generated = generated_uris(config.countries, countries) | {SEARCH_PAGE}
    problems += content.check_urls(docs_dir, generated, project.use_directory_urls)
    problems += content.check_pages(docs_dir, config.languages, config.default_language,
                                    generated, only=recheck)
    clock = build_date()  # always: a wrong SOURCE_DATE_EPOCH stops check as it stops build
    policy = ReviewPolicy(today or clock, config.review_warning_days, config.review_error_days)
    if editorial_checks:
        problems += editorial.check(docs_dir, config.default_language, countries, policy,
                                    editorial.markdown_for(project), only=recheck)
    compiled: dict[str, LanguageCatalogs] = catalogs.Compiled(root / config.locales_dir,
                                                              cache_dir)
    if not checked:  # every catalog now, to report every problem in them
        for language in languages:
            compiled[language.code], found = catalogs.load(root / config.locales_dir,
                                                           language.code, cache_dir)
            problems += found
        problems += catalogs.stray_catalogs(root / config.locales_dir, list(config.languages))
    raise_for(problems)
    return Portal(config, project, languages, default, countries, compiled,
                  warnings=[p for p in problems if p.severity == "warning"])
