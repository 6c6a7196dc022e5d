"""``gcm-portal``: a thin command line over the library.

Every command prints problems as ``path:line: error: message`` and exits 1,
never with a traceback. ``build`` writes the new site beside the old one and
swaps it in only when the whole build succeeded.
"""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, MkDocsException

from gcm_portal import catalogs, extract, portal, scaffold
from gcm_portal.errors import PortalError, Problem, display_path, format_problems
from gcm_portal.plugin import PortalPlugin

PLUGIN = "gcm-portal"
log = logging.getLogger("gcm_portal.cli")


class _Handler(logging.Handler):
    """One line per log record; MkDocs' own errors reach the user without a traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and not message.startswith(
                ("error:", "warning:")) and ": error: " not in message:
            message = f"{record.levelname.lower()}: {message}"
        print(message, file=sys.stderr)


def _setup_logging(verbose: bool) -> None:
    handler = _Handler()
    for name in ("mkdocs", "gcm_portal"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
    # Progress lines: one per language built.
    logging.getLogger("mkdocs.plugins.gcm_portal.plugin").setLevel(logging.INFO)


def _load(config_file: str, **overrides: object) -> tuple[MkDocsConfig, PortalPlugin]:
    if not Path(config_file).exists():
        raise PortalError([Problem(config_file, None, "no such file; run gcm-portal in the "
                                   "folder that holds mkdocs.yml, or pass --config-file")])
    try:
        config = load_config(config_file, **overrides)  # type: ignore[arg-type]
    except ConfigurationError as exc:
        raise PortalError([Problem(config_file, None, str(exc).strip())]) from None
    plugin = config.plugins.get(PLUGIN)
    if not isinstance(plugin, PortalPlugin):
        raise PortalError([Problem(config_file, None, f"the '{PLUGIN}' plugin is not enabled; "
                                   f"add '- {PLUGIN}:' under 'plugins:'")])
    return config, plugin


def check(args: argparse.Namespace) -> int:
    config, plugin = _load(args.config_file)
    loaded = portal.load(plugin.config, config)
    for problem in loaded.warnings:
        print(problem, file=sys.stderr)
    languages = ", ".join(lang.code for lang in loaded.languages)
    print(f"ok: {len(loaded.countries)} countries, languages {languages}")
    return 0


def build(args: argparse.Namespace) -> int:
    config, plugin = _load(args.config_file)
    portal.load(plugin.config, config)  # every content error, before anything is written
    final = Path(args.site_dir or config.site_dir).resolve()
    staging = final.with_name(final.name + ".building")
    previous = final.with_name(final.name + ".previous")
    shutil.rmtree(staging, ignore_errors=True)
    config, plugin = _load(args.config_file, site_dir=str(staging))
    from mkdocs.commands.build import build as mkdocs_build

    try:
        mkdocs_build(config)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(previous, ignore_errors=True)
    if final.exists():
        final.rename(previous)
    staging.rename(final)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"built: {display_path(final)}")
    return 0


def serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    config, plugin = _load(args.config_file)
    portal.load(plugin.config, config)
    locales = Path(args.config_file).resolve().parent / plugin.config.locales_dir
    mkdocs_serve(args.config_file, dev_addr=args.dev_addr, watch=[str(locales)],
                 open_in_browser=False)
    return 0


def new_country(args: argparse.Namespace) -> int:
    config, plugin = _load(args.config_file)
    path = scaffold.new_country(Path(config.docs_dir) / plugin.config.countries_dir, args.code)
    print(f"wrote {display_path(path)}; fill it in, then add '{args.code.upper()}' to the "
          f"countries in {args.config_file}")
    return 0


def i18n(args: argparse.Namespace) -> int:
    config, plugin = _load(args.config_file)
    loaded = portal.load(plugin.config, config)
    locales = loaded.locales_dir
    others = [lang.code for lang in loaded.languages if lang != loaded.default]
    if args.action == "extract":
        overrides = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        config_file = Path(args.config_file).resolve()
        templates = {
            "portal": extract.portal_template(plugin.config, overrides, config_file),
            "countries": extract.countries_template(loaded.countries),
        }
        for domain, catalog in templates.items():
            path = catalogs.pot_path(locales, domain)
            catalogs.write_catalog(path, catalog)
            print(f"wrote {display_path(path)} ({len(catalog)} strings)")
    elif args.action == "update":
        for domain in catalogs.DOMAINS:
            for path in catalogs.update(locales, others, domain):
                print(f"updated {display_path(path)}")
    else:
        for path in catalogs.compile_mo(locales, others):
            print(f"compiled {display_path(path)}")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="gcm-portal", description=__doc__.splitlines()[0])
    top.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    top.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress too")
    commands = top.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build the site; the old site stays on any error")
    b.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir)")
    b.set_defaults(run=build)
    s = commands.add_parser("serve", help="live preview at http://127.0.0.1:8000/")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    s.set_defaults(run=serve)
    commands.add_parser("check", help="check content, data and catalogs without building"
                        ).set_defaults(run=check)
    n = commands.add_parser("new-country", help="write a starting data file for a country")
    n.add_argument("code", help="ISO 3166-1 alpha-2 code, e.g. DE")
    n.set_defaults(run=new_country)
    i = commands.add_parser("i18n", help="gettext catalogs: extract, update, compile")
    i.add_argument("action", choices=["extract", "update", "compile"])
    i.set_defaults(run=i18n)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return args.run(args)
    except PortalError as exc:
        print(format_problems(exc.problems), file=sys.stderr)
    except Abort as exc:
        # MkDocs has already logged the reason (a PluginError carries our problems).
        if "BuildError" not in str(exc):
            print(f"error: {exc}", file=sys.stderr)
    except MkDocsException as exc:
        print(f"error: {exc}", file=sys.stderr)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
