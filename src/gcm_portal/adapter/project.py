"""mkdocs.yml as the core sees it: plain settings, the project's folders, the portal."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from gcm_portal.adapter import config as options_check
from gcm_portal.adapter.config import PortalConfig
from gcm_portal.adapter.scope import Scope
from gcm_portal.model import portal
from gcm_portal.model.portal import Portal
from gcm_portal.model.settings import HelpLine, PortalSettings, Project, Publisher


def settings_of(options: PortalConfig) -> PortalSettings:
    """The validated options as the core's plain values."""
    names = {f.name for f in dataclasses.fields(PortalSettings)} - {"publisher", "help"}
    return PortalSettings(
        publisher=Publisher(options.publisher.name, options.publisher.country,
                            options.publisher.url),
        help=[HelpLine(item.label, item.phone, item.url, item.hours)
              for item in options.help],
        **{name: copy.copy(options[name]) for name in names})


def project_of(config: MkDocsConfig) -> Project:
    """What the core needs of MkDocs' own settings."""
    config_file = Path(config.config_file_path) if config.config_file_path else None
    return Project(
        root=config_file.parent if config_file else Path.cwd(),
        config_file=config_file, docs_dir=Path(config.docs_dir),
        use_directory_urls=config.use_directory_urls, site_url=config.site_url,
        site_name=config.site_name, site_description=config.site_description,
        overrides=Path(config.theme.custom_dir) if config.theme.custom_dir else None,
        markdown_extensions=list(config.markdown_extensions),
        mdx_configs={name: dict(value) for name, value in config.mdx_configs.items()})


def scoped_settings(settings: PortalSettings, scope: Scope) -> PortalSettings:
    """The settings a scoped build checks: ``--lang`` and ``--country`` among them."""
    return dataclasses.replace(
        settings, only_languages=list(scope.languages) or settings.only_languages,
        only_countries=list(scope.countries) or settings.only_countries)


def load_portal(settings: PortalSettings, project: Project, today: dt.date | None = None,
                editorial_checks: bool = True,
                recheck: frozenset[str] | None = None,
                cache_dir: Path | None = None) -> Portal:
    """The portal checked and loaded, its settings' problems (at their lines) included."""
    problems = options_check.check(settings, project.config_file)
    return portal.load(settings, project, problems, today=today,
                       editorial_checks=editorial_checks, recheck=recheck,
                       cache_dir=cache_dir)


