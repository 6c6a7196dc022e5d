"""What gcm-portal's commands run through MkDocs: reading mkdocs.yml, loading the
portal, a build, a live preview.

The commands call these functions and never touch the plugin: what a build is to
do beyond mkdocs.yml goes in a ``Scope`` (see scope.py), and what it loaded comes
back in its outcome.
"""

from __future__ import annotations

import datetime as dt
import socket
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException
from mkdocs.plugins import get_plugin_logger

from gcm_portal.adapter import config as options_check
from gcm_portal.adapter.config import PLUGIN
from gcm_portal.adapter.plugin import PortalPlugin
from gcm_portal.adapter.project import load_portal, project_of, scoped_settings, settings_of
from gcm_portal.adapter.scope import Scope, building
from gcm_portal.builds import staging
from gcm_portal.errors import PortalError, Problem, raise_for
from gcm_portal.model.portal import Portal
from gcm_portal.model.settings import PortalSettings, Project

log = get_plugin_logger(__name__)


@dataclass(frozen=True)
class Loaded:
    """mkdocs.yml as MkDocs read it, and as the core sees it."""

    config: MkDocsConfig  # for this module's functions: a build changes it
    settings: PortalSettings
    project: Project

    @property
    def site_dir(self) -> Path:
        return Path(self.config.site_dir)

    @property
    def theme_name(self) -> str:
        return str(self.config.theme.name)

    @property
    def site_texts(self) -> dict[str, str | None]:
        return options_check.site_settings(self.config)


def read(config_file: str, **overrides: object) -> Loaded:
    """mkdocs.yml checked line by line, then read by MkDocs with the plugin enabled."""
    if not Path(config_file).exists():
        raise PortalError([Problem(config_file, None, "no such file; run gcm-portal in the "
                                   "folder that holds mkdocs.yml, or pass --config-file")])
    # Before MkDocs reads it: an alias bomb would hang MkDocs, and its errors have no line.
    raise_for(options_check.check_file(Path(config_file)))
    try:
        config = load_config(config_file, **overrides)  # type: ignore[arg-type]
    except ConfigurationError as exc:
        raise PortalError([Problem(config_file, None, str(exc).strip())]) from None
    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, PortalPlugin):
        raise PortalError([Problem(config_file, None, f"the '{PLUGIN}' plugin is not enabled; "
                                   f"add '- {PLUGIN}:' under 'plugins:'")])
    return Loaded(config, settings_of(plugin.config), project_of(config))


def load(loaded: Loaded, scope: Scope | None = None, today: dt.date | None = None) -> Portal:
    """The portal of a ``read`` mkdocs.yml, checked as ``gcm-portal check`` checks it."""
    settings = scoped_settings(loaded.settings, scope) if scope else loaded.settings
    return load_portal(settings, loaded.project, today=today)


def load_content(loaded: Loaded) -> Portal:
    """The portal as the translators' commands need it (``i18n``, ``status``): settings,
    countries and catalogs checked, the editors' gate left to ``check`` and ``build``, so
    that they go on working while a page has an editorial error."""
    return load_portal(loaded.settings, loaded.project, editorial_checks=False)


def build(loaded: Loaded, site: Path, scope: Scope, **build_options: Any) -> Portal:
    """One MkDocs build of mkdocs.yml as ``read`` read it, into ``site`` (read it again
    for another build: a build changes the configuration). Returns the portal it built."""
    loaded.config["site_dir"] = str(site)
    with building(scope) as outcome:
        try:
            mkdocs_build(loaded.config, dirty=scope.dirty, **build_options)
        except Abort as exc:  # MkDocs has logged why: our problems, or its own error
            raise PortalError(outcome.problems or [Problem("mkdocs", None, str(exc))],
                              logged=True) from None
        except MkDocsException as exc:
            raise PortalError([Problem("mkdocs", None, str(exc))]) from None
    if outcome.portal is None:  # the plugin's on_config always sets it
        raise PortalError([Problem(str(loaded.project.config_file), None,
                                   "the build loaded no portal")])
    return outcome.portal


def serve(config_file: str, dev_addr: str | None, report: Callable[[PortalError], None],
          ) -> None:
    """A live preview. Each reload rebuilds only what an edit touched (see incremental.py),
    in a new version of the served site that replaces it only when the rebuild succeeded:
    after a
    failed one, the error is reported and the last good pages are served until the next
    edit. (MkDocs' own serve holds every request back after a failed rebuild.) While no
    build has succeeded yet, every address shows what to fix."""
    from mkdocs.livereload import LiveReloadServer

    first = read(config_file, dev_addr=dev_addr)
    host, port = first.config.dev_addr
    failures: list[PortalError] = []
    with tempfile.TemporaryDirectory(prefix="gcm-portal-serve-") as work:
        site = Path(work) / "site"
        mount_path = urlsplit(first.config.site_url or "/").path

        def rebuild() -> None:
            with staging.staged(site, incremental=True) as folder:
                loaded = read(config_file, dev_addr=dev_addr)
                loaded.config.plugins.on_startup(command="serve", dirty=True)
                loaded.config.site_url = server.url
                build(loaded, folder, Scope(dirty=True), serve_url=server.url)

        def reload() -> None:
            started = time.perf_counter()
            try:
                rebuild()
                failures.clear()
                log.info(f"preview rebuilt in {time.perf_counter() - started:.2f} s")
            except PortalError as exc:
                failures[:] = [exc]
                report(exc)

        _probe(host, port)  # before the first build, which can take minutes
        server = LiveReloadServer(builder=reload, host=host, port=port, root=str(site),
                                  mount_path=mount_path)
        server.error_handler = lambda code: error_page(site, code, failures)
        site.mkdir()
        reload()
        watched = [first.project.docs_dir, first.config.config_file_path,
                   first.project.root / first.settings.locales_dir, *first.config.watch]
        for path in watched:
            server.watch(str(path))
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        except OSError as exc:  # taken since the probe
            raise _address_problem(host, port, exc) from None
        finally:
            server.shutdown()


def _address_problem(host: str, port: int, exc: OSError) -> PortalError:
    return PortalError([Problem(f"{host}:{port}", None, f"cannot serve the preview at this "
                                f"address ({exc.strerror or exc}); stop the program that "
                                "uses it, or choose another address with --dev-addr")])


def _probe(host: str, port: int) -> None:
    """Fail now if the preview cannot listen at ``host:port`` (another server has it)."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        with socket.socket(family, kind) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            probe.bind(address)
    except OSError as exc:
        raise _address_problem(host, port, exc) from None


def error_page(site: Path, code: int, failures: list[PortalError]) -> bytes | None:
    """What the preview shows at an address it has no page for: while the last rebuild
    failed, its problems (escaped: they quote editors' text); else the site's 404 page."""
    if failures:
        items = "".join(f"<li><code>{escape(str(problem))}</code></li>"
                        for failure in failures for problem in failure.problems)
        return ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">"
                "<title>The preview could not be built</title>"
                "<h1>The preview could not be built</h1><p>Fix these problems and save "
                f"again; the page reloads by itself.</p><ul>{items}</ul></html>").encode()
    page = site / "404.html"
    return page.read_bytes() if code == 404 and page.is_file() else None
