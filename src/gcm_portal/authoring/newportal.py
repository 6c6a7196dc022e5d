"""``gcm-portal init``: a new portal of an organisation's own, that checks and builds as written.

What it writes comes from ``starter/`` in the package: ``starter/project/`` holds the
files rendered with the options (``%%name`` placeholders; a leading ``dot-`` in a name
stands for ``.``, since package data skips hidden files), ``starter/content/`` the four
modules' starting pages in every language gcm-portal has them in. Country files, the
schema and the catalogs are written by the library functions behind ``new-country`` and
``i18n extract``/``update``.

The portal is written in a hidden folder and moved into place only once it checks: a
failed ``init`` leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import string
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata, resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from babel.numbers import get_territory_currencies
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from gcm_portal import themes
from gcm_portal.adapter import runner
from gcm_portal.adapter.config import PLUGIN, check_file
from gcm_portal.authoring import scaffold
from gcm_portal.checks.textsafety import findings
from gcm_portal.errors import PortalError, Problem, display_path, raise_for
from gcm_portal.i18n import catalogs, extract, translations
from gcm_portal.model import freshness
from gcm_portal.model.content import front_matter
from gcm_portal.model.countries import known_country_codes
from gcm_portal.model.languages import Language, check_code

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

DISTRIBUTION = "gcm-portal"
DEFAULT_PUBLISHER = "The publisher of this portal (write its name in mkdocs.yml)"
DEFAULT_SITE_NAME = "Migration information"
DRAFT_KEY = "draft"
DRAFT_NOTE = "machine translation, to review"
_DOT = "dot-"


class _Starter(string.Template):
    """``%%name`` placeholders: ``$`` and ``{{ }}`` mean something in the files rendered."""

    delimiter = "%%"


@dataclass(frozen=True)
class NewPortal:
    """What ``init`` is asked for; every field has a default that checks and builds."""

    languages: Sequence[str] = ("en",)
    default_language: str | None = None
    """None: the first of ``languages``."""
    countries: Sequence[str] = ()
    publisher: str = DEFAULT_PUBLISHER
    site_name: str = DEFAULT_SITE_NAME
    package_spec: str | None = None
    """The requirement written in requirements.txt; None: :func:`installed_spec`."""
    today: dt.date | None = None
    """The review date of the starting texts; None: :func:`freshness.today`."""
    theme: str = themes.MATERIAL
    """The theme mkdocs.yml names: Material for MkDocs (the default until gcm-portal's own
    theme, ``gcm``, does all it does), or ``gcm``."""

    @property
    def default(self) -> str:
        return self.default_language or (self.languages[0] if self.languages else "en")


@dataclass
class Created:
    """The portal ``init`` wrote, and what its publisher should know about it."""

    path: Path
    notes: list[str] = field(default_factory=list)


def installed_spec() -> tuple[str, str | None]:
    """The requirement that installs the gcm-portal running now, and a note when CI
    cannot install it as it is (a local checkout, or a version not published).

    PEP 610's ``direct_url.json`` says where pip got the package: a git URL and commit
    is what a workflow can install again, byte for byte.
    """
    try:
        dist = metadata.distribution(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return DISTRIBUTION, "gcm-portal is not installed as a package; requirements.txt " \
            "names it without a version: write the source you install it from"
    try:
        direct = json.loads(dist.read_text("direct_url.json") or "null")
    except ValueError:
        direct = None
    if isinstance(direct, dict) and isinstance(direct.get("url"), str):
        url, vcs = direct["url"], direct.get("vcs_info")
        if isinstance(vcs, dict) and vcs.get("vcs") and vcs.get("commit_id"):
            return f"{DISTRIBUTION} @ {vcs['vcs']}+{url}@{vcs['commit_id']}", None
        if "archive_info" in direct and url.startswith("https://"):
            return f"{DISTRIBUTION} @ {url}", None
    pinned = f"{DISTRIBUTION}=={dist.version}"
    return pinned, (f"requirements.txt pins {pinned}, which pip installs only from an index "
                    "that has it (gcm-portal is not on PyPI); write the source you install "
                    "gcm-portal from in requirements.txt, e.g. 'gcm-portal @ "
                    "git+https://github.com/OWNER/gcm-portal@v0.1.0', or run init with "
                    "--package-spec")


def check_request(target: Path, request: NewPortal) -> list[Problem]:
    """Every reason the options cannot make a portal, each naming the option to change."""
    problems: list[Problem] = []
    shown = display_path(target)
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        what = "a folder that is not empty" if target.is_dir() else "a file"
        problems.append(Problem(shown, None, f"this is {what}; init writes a new portal into "
                                "a new or empty folder, and never over existing files: "
                                "name another folder"))
    if not request.languages:
        problems.append(Problem("--languages", None, "no language; name at least one, "
                                "e.g. --languages en"))
    for code in request.languages:
        if why := check_code(code):
            problems.append(Problem("--languages", None, why))
    if len(set(request.languages)) != len(request.languages):
        problems.append(Problem("--languages", None, "a language is named twice; name each "
                                "once"))
    if request.languages and request.default not in request.languages:
        problems.append(Problem("--default-language", None, f"'{request.default}' is not "
                                "one of --languages; add it there, or choose one of them"))
    known = known_country_codes()
    for code in request.countries:
        if code.upper() not in known:
            problems.append(Problem("--countries", None, f"unknown country code '{code}'; "
                                    "use ISO 3166-1 alpha-2 codes such as SO or ET"))
    if len({c.upper() for c in request.countries}) != len(request.countries):
        problems.append(Problem("--countries", None, "a country is named twice; name each "
                                "once"))
    for option, text in (("--publisher", request.publisher), ("--site-name", request.site_name)):
        problems += _text_problems(option, text)
    if request.package_spec is not None:
        problems += _spec_problems(request.package_spec)
    if request.theme not in themes.SUPPORTED:
        problems.append(Problem("--theme", None, f"unknown theme '{request.theme}'; choose "
                                + " or ".join(themes.SUPPORTED)))
    return problems


def _text_problems(option: str, text: str) -> list[Problem]:
    """A name shown on every page: one line of plain text, with nothing hidden in it."""
    if not text.strip():
        return [Problem(option, None, "empty; write the name")]
    if "\n" in text or "\r" in text or set(text) & set('<>"`'):
        return [Problem(option, None, "write the name as one line of plain text, without "
                        "< > \" or `")]
    return [Problem(option, None, f"{finding}; write the name without it")
            for finding in findings(text, "prose")]


def _spec_problems(spec: str) -> list[Problem]:
    try:
        requirement = Requirement(spec)
    except InvalidRequirement as exc:
        return [Problem("--package-spec", None, f"not a requirement pip reads ({exc}); "
                        "write e.g. 'gcm-portal==0.1.0' or "
                        "'gcm-portal @ git+https://github.com/OWNER/gcm-portal@v0.1.0'")]
    if canonicalize_name(requirement.name) != DISTRIBUTION:
        return [Problem("--package-spec", None, f"names '{requirement.name}'; the portal is "
                        "built with gcm-portal: write e.g. 'gcm-portal==0.1.0'")]
    return []


def create(target: Path, request: NewPortal) -> Created:
    """Write a new portal into ``target`` (a new or empty folder); raise PortalError with
    every reason it cannot."""
    raise_for(check_request(target, request))
    spec, note = (request.package_spec, None) if request.package_spec else installed_spec()
    today = request.today or freshness.today()
    target = target.absolute()
    created = not target.exists()
    target.mkdir(parents=True, exist_ok=True)
    # Inside the target, not beside it: `init .` keeps the folder the shell is in, and
    # needs no right to write in its parent.
    work = Path(tempfile.mkdtemp(dir=target, prefix=".gcm-portal-init-"))
    try:
        notes = _write(work, request, spec, today)
        for entry in sorted(work.iterdir()):
            entry.rename(target / entry.name)
        work.rmdir()
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        if created:
            shutil.rmtree(target, ignore_errors=True)
        raise
    return Created(target, [*notes, *([note] if note else [])])


def _write(project: Path, request: NewPortal, spec: str, today: dt.date) -> list[str]:
    languages = list(request.languages)
    countries = [code.upper() for code in request.countries]
    values = _values(request, spec, today, countries)
    starter = resources.files("gcm_portal") / "starter"
    for relative, source in _files(starter / "project"):
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_Starter(source.read_text(encoding="utf-8")).substitute(values),
                        encoding="utf-8")
    _check_settings(project / "mkdocs.yml", request, countries)
    notes = _write_pages(project / "content", starter / "content", languages, request.default,
                         today)
    countries_dir = project / "content" / "countries"
    scaffold.write_schema(project)
    for code in countries:  # labelled sample data that checks, for editors to replace
        scaffold.new_country(countries_dir, code, today, sample=True, project_dir=project,
                             languages=languages)
    _write_catalogs(project, today)
    return notes


def _values(request: NewPortal, spec: str, today: dt.date,
            countries: list[str]) -> dict[str, str]:
    """The placeholders' values: YAML scalars built by the YAML library, never by hand."""
    others = [code for code in request.languages if code != request.default]
    country = countries[0].lower() if countries else "xx"
    currencies = get_territory_currencies(countries[0]) if countries else []
    names = [Language.parse(code).english_name() for code in request.languages]
    return {
        "site_name": _scalar(request.site_name),
        "site_description": _scalar(f"Information on regular migration, identity documents, "
                                    f"basic services and return, from {request.publisher}"),
        "publisher": _scalar(request.publisher),
        "default_language": _scalar(request.default),
        "languages": _flow(list(request.languages)),
        "countries": _flow(countries),
        "today": today.isoformat(),
        "package_spec": spec,
        "lang": others[0] if others else "xx",
        "country_file": f"content/countries/{country}.yml",
        "country_name": f"{country}.yml",
        "currency": currencies[0] if currencies else "EUR",
        "language_names": ", ".join(names),
        "default_name": Language.parse(request.default).english_name(),
        "theme_block": THEME_BLOCKS[request.theme],
    }


# mkdocs.yml's theme: block for each theme, with what to know about its settings.
_OVERRIDES = """\
  # To change a template, create a folder overrides/ beside this file, put your version
  # of the template in it, and remove the # below.
  # custom_dir: overrides
"""
THEME_BLOCKS = {
    themes.MATERIAL: """\
theme:
  # gcm-portal works with Material for MkDocs, which it installs. (gcm-portal's own
  # theme, lighter and without Material, is 'name: gcm'.)
  name: material
  # No fonts from Google: readers' privacy, and less data to download.
  font: false
  # The colours. Names Material knows: indigo, blue, teal, green, deep orange, brown...
  palette:
    scheme: default
    primary: indigo
    accent: indigo
  features:
    - navigation.footer
""" + _OVERRIDES,
    themes.GCM: """\
theme:
  # gcm-portal's own theme: light pages, system fonts, no JavaScript but the search
  # page's. (Material for MkDocs is 'name: material'.)
  name: gcm
""" + _OVERRIDES,
}


def _scalar(value: str) -> str:
    """One YAML scalar on one line, quoted whenever YAML needs it.

    >>> _scalar("Ministry of X"), _scalar("Ministry: Labour # 2"), _scalar("yes")
    ('Ministry of X', "'Ministry: Labour # 2'", "'yes'")
    """
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.removesuffix("\n").removesuffix("\n...")


def _flow(values: list[str]) -> str:
    """A YAML list on one line.

    >>> _flow(["en", "fa-AF", "no"])
    "[en, fa-AF, 'no']"
    """
    return _scalar(values)  # type: ignore[arg-type]


def _check_settings(path: Path, request: NewPortal, countries: list[str]) -> None:
    """mkdocs.yml read back as MkDocs will read it: it must say what was asked, exactly."""
    raise_for(check_file(path))
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    options = next(entry[PLUGIN] for entry in data["plugins"]
                   if isinstance(entry, dict) and PLUGIN in entry)
    read = (data["site_name"], options["publisher"]["name"], options["default_language"],
            options["languages"], options["countries"], data["theme"]["name"])
    wanted = (request.site_name, request.publisher, request.default, list(request.languages),
              countries, request.theme)
    if read != wanted:
        raise PortalError([Problem(display_path(path), None, f"init wrote {read!r} instead "
                                   f"of {wanted!r}; please report this to gcm-portal")])


def _files(root: Traversable, prefix: Path = Path()) -> Iterator[tuple[Path, Traversable]]:
    """Every file under ``root``, with its path in the portal (``dot-x`` written ``.x``)."""
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        name = "." + entry.name.removeprefix(_DOT) if entry.name.startswith(_DOT) else entry.name
        if entry.is_dir():
            yield from _files(entry, prefix / name)
        elif entry.is_file():
            yield prefix / name, entry


def _shipped(module: Traversable) -> dict[str, Traversable]:
    """A module's starting pages by language: ``index.md`` is English."""
    pages = {}
    for entry in module.iterdir():
        parts = entry.name.split(".")
        if entry.is_file() and parts[0] == "index" and parts[-1] == "md" and len(parts) <= 3:
            pages[parts[1] if len(parts) == 3 else "en"] = entry
    return pages


def _pick(shipped: dict[str, Traversable], code: str) -> Traversable | None:
    """The shipped page for a language, or for its base language (``fr`` for ``fr-CA``)."""
    return shipped.get(code) or shipped.get(code.split("-")[0])


def _write_pages(docs_dir: Path, starter: Traversable, languages: list[str], default: str,
                 today: dt.date) -> list[str]:
    """The modules' starting pages in the portal's languages; translations are drafts."""
    notes = []
    for module in sorted(starter.iterdir(), key=lambda e: e.name):
        if not module.is_dir():
            continue
        shipped = _shipped(module)
        source_page = _pick(shipped, default)
        if source_page is None:
            source_page = shipped["en"]
            notes.append(f"content/{module.name}/index.md is in English: gcm-portal has no "
                         f"starting text in '{default}'; translate it")
        folder = docs_dir / module.name
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / "index.md"
        # Every text but the English one was drafted by machine translation.
        source.write_text(_page(source, source_page.read_text(encoding="utf-8"), today,
                                draft=source_page != shipped["en"]), encoding="utf-8")
        for code in languages:
            page = _pick(shipped, code) if code != default else None
            if page is None or page == source_page:
                continue
            path = folder / f"index.{code}.md"
            path.write_text(_page(path, page.read_text(encoding="utf-8"), today,
                                  draft=page != shipped["en"]), encoding="utf-8")
            translations.stamp(path, source)
    untranslated = [code for code in languages
                    if code != default and _pick(_shipped(starter / "pathways"), code) is None]
    if untranslated:
        notes.append("gcm-portal has no starting pages in " + ", ".join(untranslated)
                     + ": those languages show the pages in the default language, with a "
                     "note, until you add translations (content/<module>/index.<lang>.md)")
    return notes


def _page(path: Path, text: str, today: dt.date, draft: bool) -> str:
    """A shipped page with today's review date; a translation is marked as a draft."""
    doc, body_line = front_matter(path, text)
    meta: dict[str, Any] = dict(doc.data) if isinstance(doc.data, dict) else {}
    meta.pop(translations.HASH_KEY, None)  # stamped again against this portal's source
    meta["reviewed"] = today.isoformat()
    if draft:
        meta = {DRAFT_KEY: DRAFT_NOTE, **meta}
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10**6)
    body = "".join(text.splitlines(keepends=True)[body_line - 1:])
    return f"---\n{head}---\n{body}"


def _write_catalogs(project: Path, today: dt.date) -> None:
    """What ``gcm-portal i18n extract`` and ``update`` write, so translators start at once.

    Loading the portal checks it as ``gcm-portal check`` does: init never writes a portal
    that does not pass it."""
    config_file = project / "mkdocs.yml"
    read = runner.read(str(config_file))
    loaded = runner.load(read, today=today)
    templates = extract.portal_templates(read.settings, loaded.countries, None, config_file,
                                         read.site_texts)
    for domain, catalog in templates.items():
        catalogs.write_catalog(catalogs.pot_path(loaded.locales_dir, domain), catalog)
    others = [lang.code for lang in loaded.languages if lang != loaded.default]
    for domain in catalogs.DOMAINS:
        catalogs.update(loaded.locales_dir, others, domain)
