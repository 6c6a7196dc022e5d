"""``gcm-portal``: a thin command line over the library.

Every command prints problems as ``path:line: error: message`` and exits 1,
never with a traceback. ``build`` writes the new site beside the old one and
swaps it in only when the whole build succeeded.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from gcm_portal import themes
from gcm_portal.adapter import runner
from gcm_portal.adapter.runner import Loaded
from gcm_portal.adapter.scope import Scope
from gcm_portal.authoring import newportal, scaffold
from gcm_portal.builds import shards, staging
from gcm_portal.checks import weblinks
from gcm_portal.errors import (
    FORMATS,
    PortalError,
    Problem,
    display_path,
    errors_in,
    format_problems,
)
from gcm_portal.i18n import catalogs, extract, translations
from gcm_portal.i18n import status as translation_status
from gcm_portal.model.countries import country_path
from gcm_portal.offline import manifest

log = logging.getLogger("gcm_portal.cli")


class _Handler(logging.Handler):
    """One line per log record; MkDocs' own errors reach the user without a traceback."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.WARNING and not message.startswith(
                ("error:", "warning:")) and not any(
                f": {severity}: " in message for severity in ("error", "warning")):
            message = f"{record.levelname.lower()}: {message}"
        print(message, file=sys.stderr)


class _KnownDirty(logging.Filter):
    """gcm-portal's --dirty builds give the clean build's output: MkDocs' warning misleads."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _setup_logging(verbose: bool) -> None:
    handler = _Handler()
    handler.addFilter(_KnownDirty())
    for name in ("mkdocs", "gcm_portal"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False
        logger.setLevel(logging.INFO if verbose else logging.WARNING)
    # Progress lines: one per language built.
    logging.getLogger("mkdocs.plugins.gcm_portal.adapter").setLevel(logging.INFO)


def check(args: argparse.Namespace) -> int:
    """The pull-request gate: every problem at once, in the form the reader's tool wants."""
    problems: list[Problem] = []
    loaded = read = None
    try:
        read = runner.read(args.config_file)
        loaded = runner.load(read, today=args.today)
        problems += loaded.warnings
    except PortalError as exc:
        problems += exc.problems
    if args.external and read is not None:
        docs_dir = read.project.docs_dir
        countries_dir = docs_dir / read.settings.countries_dir
        files = [path for code in read.settings.countries
                 if (path := country_path(countries_dir, code)).exists()]
        problems += weblinks.check(weblinks.collect(docs_dir, files), args.timeout)
    problems.sort(key=lambda p: (p.path, p.line or 0, p.message))
    if problems:
        print(format_problems(problems, args.format),
              file=sys.stdout if args.format == "github" else sys.stderr)
    errors = len(errors_in(problems))
    warnings = len(problems) - errors
    if errors or loaded is None:
        print(f"check failed: {errors} error{'s' * (errors != 1)}, {warnings} "
              f"warning{'s' * (warnings != 1)}", file=sys.stderr)
        return 1
    languages = ", ".join(lang.code for lang in loaded.languages)
    print(f"ok: {len(loaded.countries)} countries, languages {languages}"
          + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else ""))
    return 0


def build(args: argparse.Namespace) -> int:
    """The plugin checks everything before it writes; the new site is written beside the
    old one and swapped in only when the whole build succeeded (see staging.py)."""
    loaded = runner.read(args.config_file)
    scope = _scope(args)
    final = Path(args.site_dir or loaded.site_dir).resolve()
    codes = list(scope.languages or loaded.settings.languages)
    # A --dirty preview rebuilds only what changed since the last build (see staging.py).
    with staging.staged(final, incremental=args.dirty) as folder:
        if args.jobs > 1 and len(codes) > 1 and not args.dirty:
            _build_shards(folder, args, loaded, scope, codes)
        else:
            runner.build(loaded, folder, scope)
    print(f"built: {display_path(final)}")
    return 0


def _build_shards(site: Path, args: argparse.Namespace, loaded: Loaded, scope: Scope,
                  codes: list[str]) -> None:
    """Build the languages in ``args.jobs`` processes, merged into ``site``: checked once
    here, rather than once in every shard."""
    checked = scope.portal or (None if scope.checked else runner.load(loaded, scope))

    def build_here(shard: shards.Shard) -> None:
        runner.build(runner.read(args.config_file), shard.site, dataclasses.replace(
            scope, languages=shard.languages, checked=True, portal=checked))

    try:
        work = tempfile.TemporaryDirectory(dir=site.parent, prefix=f".{site.name}.shards-")
    except OSError as exc:
        raise PortalError([staging.fs_problem(site.parent, exc, "cannot create a folder "
                                              "for the shards")]) from None
    with work:
        for line in shards.build(args.config_file, site, codes,
                                 loaded.settings.default_language, args.jobs,
                                 list(scope.countries), Path(work.name), build_here,
                                 theme=loaded.theme_name):
            print(line, file=sys.stderr)


def merge(args: argparse.Namespace) -> int:
    """Merge shard sites built elsewhere (e.g. in CI jobs) into one site."""
    loaded = runner.read(args.config_file)
    final = Path(args.site_dir or loaded.site_dir).resolve()
    sites = [Path(s).resolve() for s in args.shards]
    missing = [Problem(display_path(site), None, "no such folder; pass the folders of shard "
                       "sites built with `gcm-portal build --lang`") for site in sites
               if not site.is_dir()]
    if missing:
        raise PortalError(missing)
    with staging.staged(final) as folder:
        shards.merge(sites, folder, loaded.settings.languages,
                     loaded.settings.default_language, theme=loaded.theme_name)
    print(f"merged {len(args.shards)} shards into {display_path(final)}")
    return 0


def _scope(args: argparse.Namespace) -> Scope:
    """--lang and --country build only part of the portal (previews and shards)."""
    return Scope(
        languages=tuple(code for value in args.lang or [] for code in value.split(",") if code),
        countries=tuple(code.upper() for code in args.country or []),
        dirty=bool(args.dirty), checked=bool(args.checked))


def bundle(args: argparse.Namespace) -> int:
    """Build once with links to files (for file://), then write every bundle from it.

    The bundles are written beside the output folder and moved into it only when every
    one of them is written: a failure leaves the bundles there as they were."""
    from gcm_portal.offline import bundle as offline_bundle  # ZIM and zip: this command only

    with tempfile.TemporaryDirectory(prefix="gcm-portal-bundle-") as work:
        site = str(Path(work) / "site")  # its build state, beside it, goes with the folder
        loaded = runner.read(args.config_file, site_dir=site, use_directory_urls=False)
        project = loaded.project.root.resolve()
        version = offline_bundle.content_version(project)
        out = (Path(args.output) if args.output else project / offline_bundle.OUTPUT).resolve()
        with staging.staged_files(out, last=[offline_bundle.SUMS]) as folder:
            built = runner.build(loaded, Path(site), Scope())
            written = offline_bundle.write_all(Path(site), built, folder, version)
    for item in written:
        path = out / item.path.name
        print(f"wrote {display_path(path)} ({path.stat().st_size:,} bytes, {item.files} files)")
    print(f"content version {version.describe()}; checksums in "
          f"{display_path(out / offline_bundle.SUMS)}")
    return 0


def verify(args: argparse.Namespace) -> int:
    """Compare a bundle with its manifest: every changed, missing or extra file."""
    path = Path(args.bundle)
    result = manifest.verify(path)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
        count = len(result.problems)
        print(f"verify failed: {count} problem{'s' * (count != 1)} in {display_path(path)}",
              file=sys.stderr)
        return 1
    about = result.manifest
    print(f"ok: {display_path(path)}: {result.files} files match {manifest.MANIFEST} "
          f"(content version {about.get('content_version') or 'none'}, "
          f"built {about.get('build_date')})")
    return 0


def serve(args: argparse.Namespace) -> int:
    """A live preview that keeps serving the last good pages after a failed rebuild."""
    def report(exc: PortalError) -> None:
        _report(exc)
        print("the preview shows the pages of the last build that succeeded; fix "
              "the error and save again", file=sys.stderr)

    runner.serve(args.config_file, args.dev_addr, report)
    print("stopped", file=sys.stderr)
    return 0


def init(args: argparse.Namespace) -> int:
    """A new portal in a new or empty folder, that checks and builds as it is."""
    request = newportal.NewPortal(
        languages=_codes(args.languages), default_language=args.default_language,
        countries=[code.upper() for code in _codes(args.countries)], publisher=args.publisher,
        site_name=args.site_name, package_spec=args.package_spec, today=args.today,
        theme=args.theme)
    created = newportal.create(Path(args.directory), request)
    for note in created.notes:
        print(f"note: {note}", file=sys.stderr)
    shown = display_path(created.path)
    print(f"wrote a new portal in {shown}; its README.md says what to fill in. Try it:\n\n"
          f"    cd {shown}\n    gcm-portal check\n    gcm-portal serve\n")
    return 0


def _codes(value: str) -> list[str]:
    return [code.strip() for code in value.split(",") if code.strip()]


def new_country(args: argparse.Namespace) -> int:
    loaded = runner.read(args.config_file)
    project = loaded.project.root.resolve()
    scaffold.write_schema(project)  # written when missing or outdated
    path = scaffold.new_country(loaded.project.docs_dir / loaded.settings.countries_dir,
                                args.code, project_dir=project)
    print(f"wrote {display_path(path)}; replace every [REPLACE] value (check lists them), then "
          f"add '{args.code.upper()}' to the countries in {args.config_file}")
    return 0


def new_page(args: argparse.Namespace) -> int:
    loaded = runner.read(args.config_file)
    path = scaffold.new_page(loaded.project.docs_dir, args.page)
    module = args.page.split("/", 1)[0]
    print(f"wrote {display_path(path)}; write the text and its sources, then link to it from "
          f"{module}/index.md (and add it to nav in {args.config_file} if it lists the pages)")
    return 0


def new_language(args: argparse.Namespace) -> int:
    loaded = runner.read(args.config_file)
    locales = loaded.project.root.resolve() / loaded.settings.locales_dir
    for path in scaffold.new_language(locales, args.code, loaded.settings.default_language):
        print(f"wrote {display_path(path)}")
    languages = list(loaded.settings.languages)
    if args.code in languages:
        print(f"'{args.code}' is already in the languages in {args.config_file}")
    else:
        print(f"now add '{args.code}' to the languages in {args.config_file}, so that the "
              f"line reads:\n\n    languages: [{', '.join([*languages, args.code])}]\n")
    print(f"then translate the .po files and add *.{args.code}.md pages, e.g. "
          f"index.{args.code}.md")
    return 0


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date; write YYYY-MM-DD") from None


def i18n(args: argparse.Namespace) -> int:
    read = runner.read(args.config_file)
    loaded = runner.load_content(read)
    locales = loaded.locales_dir
    others = [lang.code for lang in loaded.languages if lang != loaded.default]
    if args.action == "extract":
        config_file = Path(args.config_file).resolve()
        templates = extract.portal_templates(read.settings, loaded.countries,
                                             read.project.overrides, config_file,
                                             read.site_texts)
        for domain, catalog in templates.items():
            path = catalogs.pot_path(locales, domain)
            catalogs.write_catalog(path, catalog)
            print(f"wrote {display_path(path)} ({len(catalog)} strings)")
    elif args.action == "update":
        for domain in catalogs.DOMAINS:
            for path in catalogs.update(locales, others, domain):
                print(f"updated {display_path(path)}")
    elif args.action == "stamp":
        _stamp(loaded.docs_dir, others, loaded.default.code, args.files)
    else:
        for path in catalogs.compile_mo(locales, others):
            print(f"compiled {display_path(path)}")
    return 0


def _stamp(docs_dir: Path, languages: list[str], default: str, files: list[str]) -> None:
    """Record the current source hash in translations: named files, or all unstamped ones."""
    wanted = {Path(f).resolve() for f in files}
    for state in translations.page_states(docs_dir, [default, *languages], default):
        if state.path is None:
            continue
        if wanted and state.path.resolve() not in wanted:
            continue
        if not wanted and translations.recorded_hash(state.path) is not None:
            continue
        if translations.stamp(state.path, docs_dir / state.norm_uri):
            print(f"stamped {display_path(state.path)}")
        wanted.discard(state.path.resolve())
    for missing in sorted(wanted):
        raise PortalError([Problem(display_path(missing), None, "not a translated page of "
                                   "this portal (name.<lang>.md beside its source)")])


def status(args: argparse.Namespace) -> int:
    loaded = runner.load_content(runner.read(args.config_file))
    report = translation_status.collect(
        loaded.docs_dir, loaded.locales_dir, [lang.code for lang in loaded.languages],
        loaded.default.code)
    print(translation_status.as_text(report), end="")
    if args.write:
        out = Path(args.write)
        out.mkdir(parents=True, exist_ok=True)
        for name, render in (("status.md", translation_status.as_markdown),
                             ("status.json", translation_status.as_json),
                             ("status.svg", translation_status.as_svg)):
            (out / name).write_text(render(report), encoding="utf-8")
            print(f"wrote {display_path(out / name)}")
    outdated = [state for state in translations.page_states(
        loaded.docs_dir, [lang.code for lang in loaded.languages], loaded.default.code)
        if state.state is translations.State.OUTDATED]
    for state in outdated:
        print(f"{display_path(state.path)}: outdated: {state.norm_uri} changed since this "
              "translation; update it, then run `gcm-portal i18n stamp` on it")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="gcm-portal", description=__doc__.splitlines()[0])
    top.add_argument("-f", "--config-file", default="mkdocs.yml", help="default: mkdocs.yml")
    top.add_argument("-v", "--verbose", action="store_true", help="show MkDocs' progress too")
    commands = top.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="build the site; the old site stays on any error")
    b.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir)")
    b.add_argument("-j", "--jobs", type=int, default=1,
                   help="build languages in this many processes, then merge (default: 1)")
    b.add_argument("--lang", action="append", metavar="CODE[,CODE]",
                   help="build only these languages (a quick preview, or a shard)")
    b.add_argument("--country", action="append", metavar="CC",
                   help="generate only this country's pages (a quick preview)")
    b.add_argument("--dirty", action="store_true",
                   help="rebuild in place only what changed since the last build")
    b.add_argument("--checked", action="store_true", help=argparse.SUPPRESS)  # for shards
    b.set_defaults(run=build)
    mg = commands.add_parser("merge", help="merge shard sites built with --lang into one site")
    mg.add_argument("shards", nargs="+", help="the shard sites")
    mg.add_argument("-d", "--site-dir", help="where to write the site (default: site_dir)")
    mg.set_defaults(run=merge)
    s = commands.add_parser("serve", help="live preview at http://127.0.0.1:8000/")
    s.add_argument("-a", "--dev-addr", default="127.0.0.1:8000")
    s.set_defaults(run=serve)
    c = commands.add_parser("check", help="check content, data and catalogs without building")
    c.add_argument("--format", choices=FORMATS, default="text",
                   help="text (path:line: severity: message) or github (annotations)")
    c.add_argument("--external", action="store_true",
                   help="also request every external link once (warnings only)")
    c.add_argument("--timeout", type=float, default=weblinks.TIMEOUT,
                   help="seconds to wait for each external link (default: %(default)s)")
    c.add_argument("--today", type=_date, default=None,
                   help="check review dates as of this date, YYYY-MM-DD (default: today)")
    c.set_defaults(run=check)
    it = commands.add_parser("init", help="write a new portal of your own into a new folder")
    it.add_argument("directory", help="the folder to create (it must not exist, or be empty)")
    it.add_argument("--languages", default="en", metavar="CODE[,CODE]",
                    help="the portal's languages, e.g. en,am,ti,so,fa-AF,ur (default: en)")
    it.add_argument("--default-language", metavar="CODE",
                    help="the language pages are written in (default: the first language)")
    it.add_argument("--countries", default="", metavar="CC[,CC]",
                    help="countries to start sample data files for, e.g. SO,ET")
    it.add_argument("--publisher", default=newportal.DEFAULT_PUBLISHER,
                    help="who publishes the portal, e.g. 'Ministry of Labour'")
    it.add_argument("--site-name", default=newportal.DEFAULT_SITE_NAME,
                    help="the portal's name (default: %(default)s)")
    it.add_argument("--package-spec", metavar="SPEC",
                    help="the gcm-portal requirement for requirements.txt, e.g. 'gcm-portal "
                    "@ git+https://github.com/OWNER/gcm-portal@v0.1.0' (default: the "
                    "source this gcm-portal was installed from)")
    it.add_argument("--today", type=_date, default=None,
                    help="review date of the starting texts, YYYY-MM-DD (default: today)")
    it.add_argument("--theme", choices=themes.SUPPORTED, default=themes.MATERIAL,
                    help="the theme: Material for MkDocs, or gcm-portal's own, lighter one "
                    "(default: %(default)s)")
    it.set_defaults(run=init)
    n = commands.add_parser("new-country", help="write a starting data file for a country")
    n.add_argument("code", help="ISO 3166-1 alpha-2 code, e.g. DE")
    n.set_defaults(run=new_country)
    pg = commands.add_parser("new-page", help="write a starting page in a content module")
    pg.add_argument("page", help="MODULE/SLUG, e.g. pathways/finding-work")
    pg.set_defaults(run=new_page)
    lg = commands.add_parser("new-language", help="create a language's translation catalogs")
    lg.add_argument("code", help="ISO 639-1 code, optionally with a region, e.g. sw or fa-AF")
    lg.set_defaults(run=new_language)
    i = commands.add_parser("i18n", help="gettext catalogs: extract, update, compile")
    i.add_argument("action", choices=["extract", "update", "compile", "stamp"],
                   help="stamp: record that translations match their source now")
    i.add_argument("files", nargs="*", help="with stamp: the translations (default: all "
                   "that have no stamp yet)")
    i.set_defaults(run=i18n)
    st = commands.add_parser("status", help="how far each language is translated")
    st.add_argument("--write", metavar="DIR", help="also write status.md, .json and .svg")
    st.set_defaults(run=status)
    bd = commands.add_parser("bundle", help="offline bundles: a zip per language and one with "
                             "all, and a ZIM file per language for Kiwix")
    bd.add_argument("-o", "--output", metavar="DIR",
                    help="where to write them (default: bundles/ beside mkdocs.yml)")
    bd.set_defaults(run=bundle)
    vf = commands.add_parser("verify", help="check a bundle against its manifest.json")
    vf.add_argument("bundle", help="the bundle's .zip file, or the folder it was unzipped to")
    vf.set_defaults(run=verify)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    _setup_logging(args.verbose)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
    except BrokenPipeError:  # e.g. `gcm-portal status | head`
        sys.stderr.close()
        return 0
    except (PortalError, OSError) as exc:
        _report(exc)
    return 1


def _report(exc: PortalError | OSError) -> None:
    """One line per problem, never a traceback."""
    if isinstance(exc, PortalError):
        if not exc.logged:  # MkDocs logs what stopped a build itself
            print(format_problems(exc.problems), file=sys.stderr)
    else:  # one no command expected (a full disk, a folder removed...)
        print(staging.fs_problem(Path.cwd(), exc, "cannot read or write this"),
              file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
