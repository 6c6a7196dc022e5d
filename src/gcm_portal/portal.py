"""Everything a portal is made of, loaded and checked in one pass before anything is built."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from gcm_portal import catalogs, content, editorial
from gcm_portal.catalogs import LanguageCatalogs
from gcm_portal.config import PortalConfig
from gcm_portal.config import check as check_config
from gcm_portal.countries import Country, country_path, load_countries, unlisted_countries
from gcm_portal.errors import Problem, raise_for
from gcm_portal.freshness import ReviewPolicy
from gcm_portal.freshness import today as build_date  # the one clock, the plugin's too
from gcm_portal.languages import Language
from gcm_portal.pages import generated_uris
from gcm_portal.search import SEARCH_PAGE


@dataclass
class Portal:
    """A loaded portal: its languages, countries and compiled catalogs."""

    config: PortalConfig
    root: Path
    docs_dir: Path
    languages: list[Language]
    default: Language
    countries: list[Country]
    catalogs: dict[str, LanguageCatalogs]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def locales_dir(self) -> Path:
        return self.root / self.config.locales_dir

    def language(self, code: str) -> Language:
        return next(lang for lang in self.languages if lang.code == code)


def project_root(mkdocs_config: MkDocsConfig) -> Path:
    """The folder of mkdocs.yml, which settings such as ``locales_dir`` are relative to."""
    path = mkdocs_config.config_file_path
    return Path(path).parent if path else Path.cwd()


def load(config: PortalConfig, mkdocs_config: MkDocsConfig,
         today: dt.date | None = None, editorial_checks: bool = True,
         recheck: frozenset[str] | None = None) -> Portal:
    """Load and check the whole portal; raise PortalError listing every error found.

    ``today`` is the date review dates are checked against (``check --today``); by
    default the build's date, :func:`build_date`, which the notices use too.
    ``editorial_checks`` off skips the editors' gate (safety, headings, plain language...):
    only for the shards of a build whose parent process has just run it.
    ``recheck`` is for inputs checked already: by the last successful build, for an
    incremental build whose other inputs (settings, catalogs, the list of pages) are
    exactly that build's; or by the parent process of a shard. Only these files (pages
    and country data, relative to the docs folder) are checked again, and a language's
    catalogs are compiled when first used.
    """
    root = project_root(mkdocs_config)
    config_file = Path(mkdocs_config.config_file_path) if mkdocs_config.config_file_path \
        else None
    docs_dir = Path(mkdocs_config.docs_dir)
    problems = check_config(config, config_file)
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
    generated = generated_uris(config.countries) | {SEARCH_PAGE}
    problems += content.check_urls(docs_dir, generated, mkdocs_config.use_directory_urls)
    problems += content.check_pages(docs_dir, config.languages, config.default_language,
                                    generated, only=recheck)
    clock = build_date()  # always: a wrong SOURCE_DATE_EPOCH stops check as it stops build
    policy = ReviewPolicy(today or clock, config.review_warning_days, config.review_error_days)
    if editorial_checks:
        problems += editorial.check(docs_dir, config.default_language, countries, policy,
                                    editorial.markdown_for(mkdocs_config), only=recheck)
    compiled: dict[str, LanguageCatalogs] = catalogs.Compiled(root / config.locales_dir)
    if not checked:  # every catalog now, to report every problem in them
        for language in languages:
            compiled[language.code], found = catalogs.load(root / config.locales_dir,
                                                           language.code)
            problems += found
        problems += catalogs.stray_catalogs(root / config.locales_dir, list(config.languages))
    raise_for(problems)
    return Portal(config, root, docs_dir, languages, default, countries, compiled,
                  warnings=[p for p in problems if p.severity == "warning"])
