"""The portal's settings and its project, as plain values the core reads.

mkdocs.yml is the adapter's to read and validate (``adapter/config.py``); what it
found reaches the rest of gcm-portal as these dataclasses, so nothing below the
adapter knows how MkDocs stores a setting, and a test builds one in a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Publisher:
    name: str
    country: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class HelpLine:
    label: str
    phone: str | None = None
    url: str | None = None
    hours: str | None = None


@dataclass(frozen=True)
class PortalSettings:
    """The ``gcm-portal`` options of mkdocs.yml (their meaning: ``adapter/config.py``)."""

    publisher: Publisher
    languages: list[str]
    default_language: str = "en"
    countries: list[str] = field(default_factory=list)
    countries_dir: str = "countries"
    locales_dir: str = "locales"
    help: list[HelpLine] = field(default_factory=list)
    sample_banner: bool = True
    theme_javascript: bool = False
    page_weight_budget: int = 100
    review_warning_days: int = 180
    review_error_days: int = 365
    data_license: str = "CC-BY-4.0"
    report_url: str | None = None
    only_languages: list[str] = field(default_factory=list)
    only_countries: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Project:
    """Where a portal's files are and how its pages are published: what the core needs
    of mkdocs.yml's own settings."""

    root: Path  # the folder of mkdocs.yml: locales_dir and the like are relative to it
    config_file: Path | None
    docs_dir: Path
    use_directory_urls: bool = True
    site_url: str | None = None
    site_name: str = ""
    site_description: str | None = None
    overrides: Path | None = None  # the theme's custom_dir: the portal's own templates
    markdown_extensions: list[Any] = field(default_factory=list)
    mdx_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
