"""The MkDocs plugin: ``plugins: [gcm-portal: {...}]`` in mkdocs.yml.

A thin set of hooks: each hands the build's ``Run`` (run.py) to the module that
does the job. ``setup`` loads and checks the portal before anything is written;
``generation`` adds every language's pages (localized.py) and the pages generated
from the data; ``context`` gives the theme each page's language; ``pagehtml``
cleans and checks each page; ``writers`` writes the chooser, the search indexes,
the sitemap and the rest once the pages are written.
"""

from __future__ import annotations

from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from gcm_portal.adapter import context as contexts
from gcm_portal.adapter import generation, pagehtml, setup, writers
from gcm_portal.adapter.config import PortalConfig
from gcm_portal.adapter.run import Run
from gcm_portal.builds import staging


class PortalPlugin(BasePlugin[PortalConfig]):
    """Turns content modules, country data and catalogs into a localized site."""

    def __init__(self) -> None:
        self.serve_dirty = False  # `mkdocs serve --dirty` (MkDocs says so in on_startup)
        self._run: Run | None = None

    @property
    def run(self) -> Run:
        if self._run is None:
            raise PluginError("gcm-portal: a build event came before on_config")
        return self._run

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serve_dirty = dirty

    def on_shutdown(self) -> None:
        self.serve_dirty = False

    @event_priority(100)  # before the theme's and other plugins' (Material's search)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._run = None
        self._run = setup.start(config, self.config, self.serve_dirty)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return generation.add_pages(self.run, files, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return generation.name_navigations(self.run, nav, files)

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig,
               files: Files) -> jinja2.Environment:
        return contexts.prepare_env(self.run, env, config.theme.name)

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        return generation.module_markdown(self.run, markdown, page)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        return pagehtml.clean_content(self.run, html, page)

    def on_page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> dict[str, Any]:
        return contexts.page_context(self.run, context, page, config)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return pagehtml.finish_page(self.run, output, page)

    def on_template_context(self, context: dict[str, Any], *, template_name: str,
                            config: MkDocsConfig) -> dict[str, Any]:
        return contexts.template_context(self._run, context, template_name, config)

    def on_post_template(self, output: str, *, template_name: str,
                         config: MkDocsConfig) -> str:
        return pagehtml.finish_template(self._run, output, template_name)

    @event_priority(-200)  # after other plugins have written their files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        writers.write_site_files(self.run, config)

    def on_build_error(self, *, error: Exception) -> None:
        # The next build (a serve reload) starts afresh, even if this one stopped mid-way.
        if self._run is not None:
            staging.discard_build(self._run.staged)

