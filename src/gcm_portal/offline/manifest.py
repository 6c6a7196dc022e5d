"""``manifest.json``: what an offline bundle holds, so a copy can be checked later.

A bundle is copied from PC to USB stick to phone, by people who cannot tell a
damaged or edited page from a good one. The manifest lists the SHA-256 of every
file with the content version and build date; ``gcm-portal verify`` names each
file that changed, went missing or was added since. It proves integrity, not
origin: whoever can edit the files can edit the manifest too, so compare the
zip's own SHA-256 with the one its publisher announces (``SHA256SUMS``).
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gcm_portal.errors import Problem, display_path

MANIFEST = "manifest.json"
FORMAT = "gcm-portal-bundle/1"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes.

    >>> sha256(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def render(files: dict[str, bytes], about: dict[str, Any]) -> bytes:
    """The manifest of ``files`` (which it does not list itself), as stable JSON bytes."""
    record = {"format": FORMAT, **about,
              "files": {path: sha256(files[path]) for path in sorted(files)}}
    return (json.dumps(record, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass
class Verified:
    """What ``verify`` found: the manifest as read, the files it lists, the problems."""

    manifest: dict[str, Any] = field(default_factory=dict)
    files: int = 0
    problems: list[Problem] = field(default_factory=list)


def _read_zip(path: Path, result: Verified) -> tuple[str, dict[str, bytes | None]]:
    """The bundle's files by path inside its folder (None: unreadable), and that folder."""
    with zipfile.ZipFile(path) as archive:
        infos = [info for info in archive.infolist() if not info.is_dir()]
        names = [info.filename for info in infos]
        manifests = [n for n in names if n.rsplit("/", 1)[-1] == MANIFEST and n.count("/") <= 1]
        if len(manifests) != 1:
            found = "no" if not manifests else "more than one"
            raise ValueError(f"{found} {MANIFEST} in the zip; only bundles written by "
                             "`gcm-portal bundle` can be verified")
        top = manifests[0][: -len(MANIFEST)]
        members: dict[str, bytes | None] = {}
        for info in infos:
            name = info.filename
            inside = name[len(top):] if name.startswith(top) else f"../{name}"
            if inside in members:
                result.problems.append(Problem(name, None, "extra: a second entry with this "
                                               "name"))
                continue
            try:
                members[inside] = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, EOFError):
                members[inside] = None
        return top, members


def _read_folder(path: Path) -> dict[str, bytes | None]:
    return {p.relative_to(path).as_posix(): p.read_bytes()
            for p in sorted(path.rglob("*")) if p.is_file()}


def verify(path: Path) -> Verified:
    """Compare a bundle (the zip, or the folder it was unzipped to) with its manifest."""
    result = Verified()
    shown = display_path(path)
    try:
        if path.is_dir():
            prefix, members = f"{shown}/", _read_folder(path)
        else:
            top, members = _read_zip(path, result)
            prefix = top
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        why = "not a zip file, or damaged" if isinstance(exc, zipfile.BadZipFile) else \
            str(exc) if isinstance(exc, ValueError) else (exc.strerror or str(exc))
        result.problems.append(Problem(shown, None, why))
        return result
    present = MANIFEST in members
    raw = members.pop(MANIFEST, None)
    try:
        manifest = json.loads(raw) if raw is not None else None
    except ValueError:
        manifest = None
    listed = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(listed, dict) or not isinstance(manifest, dict):
        why = "missing: only bundles written by `gcm-portal bundle` can be verified" \
            if not present else \
            "changed: damaged, not a manifest written by `gcm-portal bundle`"
        result.problems.append(Problem(f"{prefix}{MANIFEST}", None, why))
        return result
    result.manifest = manifest
    result.files = len(listed)
    for name in sorted(set(listed) | set(members)):
        where = f"{prefix}{name}" if not name.startswith("../") else name[3:]
        if name not in members:
            result.problems.append(Problem(where, None, f"missing: listed in {MANIFEST} but "
                                           "not in the bundle"))
        elif name not in listed:
            result.problems.append(Problem(where, None, f"extra: in the bundle but not "
                                           f"listed in {MANIFEST}"))
        elif members[name] is None:
            result.problems.append(Problem(where, None, "changed: damaged, its bytes no "
                                           "longer match the zip's own check (CRC-32)"))
        elif sha256(members[name] or b"") != listed[name]:
            result.problems.append(Problem(where, None, f"changed: its SHA-256 differs from "
                                           f"the one in {MANIFEST}"))
    result.problems.sort()
    return result
