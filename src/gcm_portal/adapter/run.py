"""One build's state, and how a build stops."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from gcm_portal.adapter import theme
from gcm_portal.adapter.localized import LanguageFiles, LocalizedFile
from gcm_portal.adapter.scope import current as building_scope
from gcm_portal.builds import incremental
from gcm_portal.errors import Problem, display_path, format_problems
from gcm_portal.i18n.uistrings import UIString
from gcm_portal.model.languages import Language
from gcm_portal.model.portal import Portal
from gcm_portal.render.bidi import Direction


@dataclass
class Run:
    """What one build knows, from ``on_config`` to ``on_post_build``: made by
    ``setup.start``, read and filled by the hooks' functions, dropped with the build."""

    portal: Portal
    templates: jinja2.Environment  # the country and search pages' templates
    plan: incremental.Plan
    state: incremental.BuildState | None  # the last build's, when there is one
    codes: list[str]  # the languages this build renders
    sources: tuple[str, dict[str, str], dict[str, str]]  # inputs, pages and data hashed
    staged: Path | None  # the site this build replaces, once it succeeded
    site: Path = Path()  # the site being replaced: the last build's, served meanwhile
    direction: Direction = field(default_factory=Direction)
    outdated: set[tuple[str, str]] = field(default_factory=set)  # (page, language)
    site_settings: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> set
    files: dict[str, LanguageFiles] = field(default_factory=dict)
    texts: dict[str, dict[UIString, str]] = field(default_factory=dict)  # per language
    strings: dict[str, dict[str, str]] = field(default_factory=dict)  # Material's, per language
    contexts: dict[str, dict[str, Any]] = field(default_factory=dict)  # template names
    sections: dict[str, dict[str, list[dict[str, str]]]] = field(default_factory=dict)
    rendered: list[tuple[Path, str]] = field(default_factory=list)  # page, its source
    loads: dict[str, list[str]] = field(default_factory=dict)  # page -> URLs it loads
    fonts_touched: bool = False
    dirty: bool = False  # an incremental build (`--dirty`)

    def language(self, code: str) -> Language:
        return self.portal.language(code)

    def interface(self, code: str) -> dict[UIString, str]:
        """The theme's interface strings as a language's pages show them."""
        if code not in self.texts:
            self.texts[code] = theme.interface_texts(self.language(code),
                                                     self.portal.catalogs[code].portal)
        return self.texts[code]

    def ui_strings(self, code: str) -> dict[str, str]:
        if code not in self.strings:
            self.strings[code] = theme.ui_strings(self.language(code), self.interface(code))
        return self.strings[code]

    def language_of(self, page: Page) -> Language:
        file = page.file
        code = file.language if isinstance(file, LocalizedFile) else self.portal.default.code
        return self.language(code)

    def fallback(self, page: Page) -> Language | None:
        """The language a page is shown in when it is not translated into its own."""
        file = page.file
        if isinstance(file, LocalizedFile) and file.shown_in != file.language:
            return self.language(file.shown_in)
        return None


def source_name(page: Page) -> str:
    """The file an editor changes for this page: its source, or the generated page's name."""
    if page.file.abs_src_path and not page.file.generated_by:
        return display_path(page.file.abs_src_path)
    return page.file.src_uri


def failed(problems: Iterable[Problem]) -> PluginError:
    """The error that stops a build: MkDocs logs its text; the command that ran the
    build gets the problems themselves (the preview shows them)."""
    problems = list(problems)
    building_scope()[1].problems = problems
    return PluginError(format_problems(problems))
