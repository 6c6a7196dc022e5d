"""Offline bundles: the built portal as zip files that information centres hand out.

Staff copy a bundle to a PC, a USB stick or a phone, unzip it and open
``index.html``: no server, no internet. There is one zip per language and one
with every language; each holds a README.txt and a ``manifest.json`` (see
``manifest.py``), and each single-language bundle also becomes a ZIM file for
Kiwix (see ``zim.py``).

The same content always gives the same bytes: entries are sorted, every entry
has the same timestamp and permissions, and the date is the content version's
(``SOURCE_DATE_EPOCH``, else the git commit time, else ``FALLBACK_DATE``), never
the clock. So a centre can compare its copy with the publisher's checksum.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gcm_portal import __version__
from gcm_portal.builds.opendata import write_open_data
from gcm_portal.errors import PortalError, Problem
from gcm_portal.model.languages import Language
from gcm_portal.model.portal import Portal
from gcm_portal.offline import local_copy as offline
from gcm_portal.offline import manifest, zim

OUTPUT = "bundles"  # beside mkdocs.yml, unless the command is told otherwise
README = "README.txt"
ALL = "all"
SUMS = "SHA256SUMS"
# The first moment a zip file can record: the date of content that has no version.
FALLBACK_DATE = dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)
# Not for a copy: the web server's error pages (their links start at the server's root),
# the sitemap and robots.txt for search engines, and source maps, which only developer
# tools read.
_LEFT_OUT = {"sitemap.xml", "sitemap.xml.gz", "robots.txt"}
_LEFT_OUT_NAMES = {"404.html"}
_LEFT_OUT_SUFFIXES = (".map",)
# Already compressed: stored as they are.
_STORED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".gz", ".zip")
_LEVEL = 6  # zlib's usual level, named so that a new default cannot change the bytes
_FILE_MODE = 0o100644  # a regular file, readable by everyone, executable by nobody


@dataclass(frozen=True)
class ContentVersion:
    """Which content a bundle holds, and the date that stands for it."""

    commit: str | None
    date: dt.datetime
    uncommitted_changes: bool | None = None

    def describe(self) -> str:
        """e.g. ``b7e9c15ac3c6 of 2026-11-24`` or ``no version, 1980-01-01``."""
        day = self.date.date().isoformat()
        if self.commit is None:
            return f"no version, {day}"
        return f"{self.commit[:12]}{' with uncommitted changes' * bool(self.uncommitted_changes)}" \
            f" of {day}"


def _git(root: Path, *args: str) -> str | None:
    """Output of a read-only git command, or None without git or outside a repository."""
    try:
        # --no-optional-locks: never take the index lock someone committing may need.
        done = subprocess.run(["git", "--no-optional-locks", "-C", str(root), *args],
                              capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def content_version(root: Path, environ: Mapping[str, str] | None = None) -> ContentVersion:
    """The git commit of the portal at ``root`` and its date (or SOURCE_DATE_EPOCH's)."""
    environ = os.environ if environ is None else environ
    commit, date, uncommitted = None, None, None
    found = _git(root, "log", "-1", "--format=%H %ct")
    if found:
        commit, seconds = found.split()
        date = dt.datetime.fromtimestamp(int(seconds), dt.timezone.utc)
        status = _git(root, "status", "--porcelain", "--", ".")
        uncommitted = None if status is None else bool(status)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            date = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise PortalError([Problem("SOURCE_DATE_EPOCH", None, f"{epoch!r} is not a "
                                       "number of seconds since 1970-01-01 UTC")]) from None
    return ContentVersion(commit, max(date or FALLBACK_DATE, FALLBACK_DATE), uncommitted)


def slug(name: str) -> str:
    """A file name from the site name, safe on every file system and phone.

    >>> slug("gcm-portal demo"), slug("Portail d'information : Sénégal"), slug("بوابة")
    ('gcm-portal-demo', 'portail-d-information-senegal', 'portal')
    """
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "portal"


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site that a copy needs, by its path in the site."""
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*"))
            if path.is_file() and path.relative_to(site).as_posix() not in _LEFT_OUT
            and path.name not in _LEFT_OUT_NAMES
            and not path.name.endswith(_LEFT_OUT_SUFFIXES)}


def select(files: Mapping[str, bytes], keep: Sequence[str],
           languages: Sequence[str]) -> dict[str, bytes]:
    """The files of a bundle of the ``keep`` languages, with pages rewritten for file://."""
    dropped = set(languages) - set(keep)
    chosen = {path: data for path, data in files.items()
              if path.split("/", 1)[0] not in dropped}
    names = set(chosen)

    def rewrite(path: str, data: bytes) -> bytes:
        if not path.endswith(".html"):
            return data
        text = offline.link_files(path, data.decode("utf-8"), names)
        return offline.keep_languages(path, text, dropped).encode("utf-8")

    return {path: rewrite(path, data) for path, data in chosen.items()}


def readme(site_name: str, stem: str, languages: Sequence[Language], version: ContentVersion,
           zim_example: str) -> bytes:
    """How to open the bundle, for the centre's staff (Windows line ends, for Notepad)."""
    names = ", ".join(f"{lang.autonym} ({lang.code})" for lang in languages)
    text = f"""{site_name}: offline copy
Languages: {names}
Content version: {version.describe()}

HOW TO OPEN IT ON A COMPUTER
1. Unzip the whole zip file first. On Windows: right-click it, choose
   "Extract All...". Opening index.html from inside the zip does not work.
2. Open the folder "{stem}" and double-click index.html.
   It opens in the web browser.

Everything works without internet: the pages, search, the choice of
language and printing. The pages load nothing from any other website.
To copy it to a USB stick or another computer, copy the whole folder.

ON A PHONE
Open the .zim file of your language (for example {zim_example}) in the
free Kiwix app.

IS MY COPY COMPLETE?
manifest.json lists every file with its SHA-256. To check that no file was
changed, lost or added: gcm-portal verify {stem}.zip
"""
    return text.replace("\n", "\r\n").encode("utf-8")


def write_zip(path: Path, top: str, members: Mapping[str, bytes], when: dt.datetime) -> None:
    """Write a zip whose bytes depend on its members and ``when`` only."""
    stamp = max(when, FALLBACK_DATE).astimezone(dt.timezone.utc).timetuple()[:6]
    partial = path.with_name(path.name + ".part")
    with zipfile.ZipFile(partial, "w") as archive:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=stamp)
            info.create_system = 3  # Unix, wherever it is built, so the mode below is read
            info.external_attr = _FILE_MODE << 16
            stored = name.lower().endswith(_STORED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, members[name], compresslevel=None if stored else _LEVEL)
    partial.replace(path)


@dataclass(frozen=True)
class Planned:
    """One bundle, ready to write: its name, languages and files."""

    stem: str
    languages: tuple[Language, ...]
    members: dict[str, bytes]
    single: bool  # one of the per-language bundles (these also become ZIM files)


def plan(files: Mapping[str, bytes], portal: Portal,
         version: ContentVersion) -> list[Planned]:
    """Every bundle with its files; raises PortalError when a copy would be broken."""
    codes = [lang.code for lang in portal.languages]
    config = portal.project
    name = slug(config.site_name)
    sets = [(lang.code, (lang,)) for lang in portal.languages] + [(ALL, tuple(portal.languages))]
    planned, problems = [], []
    for label, languages in sets:
        stem = f"{name}-{label}"
        members = select(files, [lang.code for lang in languages], codes)
        problems += [Problem(f"{stem}/{p.path}", p.line, p.message)
                     for p in offline.problems(members)]
        members[README] = readme(config.site_name, stem, languages, version,
                                 f"{name}-{languages[0].code}.zim")
        members[manifest.MANIFEST] = manifest.render(members, {
            "bundle": stem,
            "site_name": config.site_name,
            "languages": [lang.code for lang in languages],
            "content_version": version.commit,
            "uncommitted_changes": version.uncommitted_changes,
            "build_date": version.date.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "generator": f"gcm-portal {__version__}",
        })
        planned.append(Planned(stem, languages, members, label != ALL))
    if problems:
        raise PortalError(problems)
    return planned


def book(portal: Portal, language: Language, stem: str,
         version: ContentVersion) -> zim.Book:
    """The Kiwix library entry of a language's ZIM file, in that language.

    The site's name and description go through the portal's catalog of the language (their
    msgids are mkdocs.yml's values). A name left untranslated gets the language's own name,
    so that the books of one portal differ in a library. ``Name`` follows openZIM's naming
    convention, ``{project}_{language}_{selection}`` in lower case: stable across versions.
    """
    publisher = portal.config.publisher.name
    config = portal.project
    gettext = portal.catalogs[language.code].portal.gettext
    title = " ".join(gettext(config.site_name).split())
    if title == " ".join(config.site_name.split()):
        title = zim.labelled(title, language.autonym)
    description = " ".join(gettext(config.site_description or config.site_name).split())
    project = stem.removesuffix(f"-{language.code}")
    return zim.Book(
        name=f"{project}_{language.code.lower()}_all", title=title, description=description,
        language=zim.iso639_3(language.code), creator=publisher, publisher=publisher,
        date=version.date.date(), main_path=f"{language.code}/{offline.INDEX}",
        source=config.site_url or None)


@dataclass(frozen=True)
class Written:
    """A file ``write_all`` wrote, for the command to report."""

    path: Path
    languages: tuple[str, ...]
    files: int


def write_all(site: Path, portal: Portal, out: Path,
              version: ContentVersion) -> list[Written]:
    """Write every bundle of a site built with ``use_directory_urls: false`` into ``out``.

    Also writes ``SHA256SUMS``: the checksum of each file, for the publisher to announce.
    """
    # The open data says when it was generated: the content's date, not today's.
    write_open_data(site, portal.countries, portal.config.data_license,
                    today=version.date.date())
    bundles = plan(site_files(site), portal, version)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for bundle in bundles:
        codes = tuple(lang.code for lang in bundle.languages)
        path = out / f"{bundle.stem}.zip"
        write_zip(path, bundle.stem, bundle.members, version.date)
        written.append(Written(path, codes, len(bundle.members)))
        if bundle.single:
            pages = {p: d for p, d in bundle.members.items()
                     if p not in (README, manifest.MANIFEST)}
            language = bundle.languages[0]
            path = zim.write(out / f"{bundle.stem}.zim", pages,
                             book(portal, language, bundle.stem, version),
                             search_index=f"{language.code}/search/index.js")
            written.append(Written(path, codes, len(pages)))
    sums = "".join(f"{manifest.sha256(w.path.read_bytes())}  {w.path.name}\n"
                   for w in sorted(written, key=lambda w: w.path.name))
    (out / SUMS).write_text(sums, encoding="utf-8")
    return written
