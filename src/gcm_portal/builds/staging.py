"""New output is written beside the last good one and swapped in only when complete.

A build can stop half-way: a page over its weight budget is found only once it
is written, a disk fills up, an editor presses Ctrl-C. The site being served
must stay as it was. So every command that writes a site (``build``, ``build
--dirty``, ``merge``, the reloads of ``serve``) writes it into a staging folder
beside it, ``site.building``, and only a complete site replaces the old one:
``site`` becomes ``site.previous``, ``site.building`` becomes ``site``, and the
previous site is removed. Bundles are written into ``bundles.building`` and
moved into ``bundles/`` file by file once every one of them is written.

An incremental build starts from a copy of the build state
(``incremental.state_dir``) and an empty folder, and writes only what it
rebuilds (``mark_overlay``): ``commit`` then moves each of its files into the
site, one by one, each replacing the old one at once, rather than swapping a
whole copy of the site in, which at thousands of pages costs more than the
rebuild. While the files move, a reader may get one page new and another old;
an interruption then leaves the site without a build state, so that the next
build is a full one.

A file system error (a read-only folder, a file where a folder should go, a
full disk) becomes one ``path: error:`` problem that says what to do.

``stage_build``, ``commit_build`` and ``discard_build`` are the same for the
plugin's hooks, so that a plain ``mkdocs build`` or ``mkdocs serve`` is atomic
too; they leave a site_dir that is a staging folder already (gcm-portal's own
commands stage the site themselves) to whoever staged it.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from gcm_portal.builds import incremental as build_state
from gcm_portal.errors import PortalError, Problem, display_path

STAGING = ".building"
PREVIOUS = ".previous"
OVERLAY = "overlay"  # in a staging folder's build state: the folder holds only changes


def staging_dir(target: Path) -> Path:
    """Where the new version of ``target`` is written.

    >>> staging_dir(Path("/p/site")).as_posix()
    '/p/site.building'
    """
    return target.with_name(target.name + STAGING)


def target_of(folder: Path) -> Path:
    """The folder a staging folder (or any other) is the new version of.

    >>> target_of(Path("/p/site.building")).as_posix(), target_of(Path("/p/site")).as_posix()
    ('/p/site', '/p/site')
    """
    return folder.with_name(folder.name.removesuffix(STAGING)) if is_staging(folder) \
        else folder


def previous_dir(target: Path) -> Path:
    """Where the last good ``target`` waits while the new one takes its place."""
    return target.with_name(target.name + PREVIOUS)


def is_staging(path: Path) -> bool:
    """Whether a folder is a staging folder: whoever chose it commits it.

    >>> is_staging(Path("site.building")), is_staging(Path("site"))
    (True, False)
    """
    return path.name.endswith(STAGING)


def _fix(exc: OSError, where: Path) -> str:
    """What to do about a file system error, in an editor's words."""
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"make the folder '{display_path(where.parent)}' writable, or choose another " \
               "folder (site_dir in mkdocs.yml, or -d)"
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some disk space, then try again"
    return "check this folder, or choose another one (site_dir in mkdocs.yml, or -d)"


def _shown(path: Path) -> str:
    """A path as named, a link where it is rather than where it leads."""
    parent = display_path(path.parent)
    return path.name if parent == "." else f"{parent}/{path.name}"


def fs_problem(path: Path, exc: OSError, doing: str) -> Problem:
    """An OSError met while ``doing`` something to ``path``, as a problem naming the path
    the system refused (a part of ``path``, or a file in it)."""
    if isinstance(exc, shutil.Error) and exc.args and isinstance(exc.args[0], list):
        source, _, reason = exc.args[0][0]  # copytree's first failure of several
        return Problem(_shown(Path(source)), None, f"{doing} ({reason}); check this file")
    where = Path(os.fsdecode(exc.filename)) if exc.filename else path
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        blocker = next((p for p in (where, *where.parents) if p.exists() and not p.is_dir()),
                       None)
        if blocker is not None:
            return Problem(display_path(blocker), None, f"a file where a folder is needed, for "
                           f"'{display_path(path)}'; remove or rename this file, or choose "
                           "another folder")
    reason = exc.strerror or str(exc)
    return Problem(_shown(where), None, f"{doing} ({reason}); {_fix(exc, where)}")


def _in_the_way(path: Path, role: str) -> PortalError:
    return PortalError([Problem(_shown(path), None, f"a file is in the way: "
                                f"gcm-portal {role}; remove or rename this file")])


def _clear(path: Path, role: str) -> None:
    """Remove a folder an interrupted run left behind; refuse to remove anything else."""
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise _in_the_way(path, role)
    if path.is_dir():
        try:
            shutil.rmtree(path)
        except OSError as exc:
            raise PortalError([fs_problem(path, exc, "cannot remove this folder, left by an "
                                          "interrupted build")]) from None


def prepare(target: Path, *, incremental: bool = False) -> Path:
    """An empty staging folder beside ``target``; with ``incremental``, beside it a copy
    of ``target``'s build state, for an incremental build to compare with and update."""
    folder = staging_dir(target)
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise PortalError([Problem(_shown(target), None, "not a folder; remove or "
                                   "rename this file, or choose another folder")])
    _clear(folder, f"writes the new version of '{target.name}' here before it replaces it")
    _clear(build_state.state_dir(folder), f"keeps the build state of '{folder.name}' here")
    _clear(previous_dir(target), f"keeps the last '{target.name}' here while it swaps in "
                                 "the new one")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir()
        if target.is_dir():
            shutil.copymode(target, folder)
        state = build_state.state_dir(target)
        if incremental and target.is_dir() and state.is_dir():
            shutil.copytree(state, build_state.state_dir(folder))
    except OSError as exc:
        discard(target)
        raise PortalError([fs_problem(folder, exc, "cannot write the new version of "
                                      f"'{target.name}'")]) from None
    return folder


def mark_overlay(folder: Path) -> None:
    """Say that a staging folder holds only what an incremental build wrote again: the
    rest of the site stays as it is (``commit`` moves the new files into it)."""
    state = build_state.state_dir(folder)
    state.mkdir(parents=True, exist_ok=True)
    (state / OVERLAY).touch()


def _commit_overlay(folder: Path, target: Path) -> None:
    state, new_state = build_state.state_dir(target), build_state.state_dir(folder)
    try:
        if state.is_dir():  # first: an interruption leaves a site the next build redoes
            shutil.rmtree(state)
        for root, _, names in os.walk(folder):
            here = target / Path(root).relative_to(folder)
            here.mkdir(exist_ok=True)
            for name in names:
                os.replace(Path(root) / name, here / name)
        (new_state / OVERLAY).unlink()
        new_state.rename(state)
    except OSError as exc:
        raise PortalError([fs_problem(target, exc, f"cannot move the rebuilt files from "
                                      f"'{folder.name}' into '{target.name}'")]) from None
    shutil.rmtree(folder, ignore_errors=True)


def commit(target: Path) -> None:
    """Swap the staging folder in for ``target`` (and its build state for ``target``'s), or
    move the files of an overlay into it."""
    folder, previous = staging_dir(target), previous_dir(target)
    if (build_state.state_dir(folder) / OVERLAY).is_file():
        _commit_overlay(folder, target)
        return
    state, new_state = build_state.state_dir(target), build_state.state_dir(folder)
    try:
        # The old state goes first: an interruption now leaves the last site without a
        # state (the next build is a full one), never the new site with the old state.
        if state.is_dir():
            shutil.rmtree(state)
        if target.exists():
            target.rename(previous)
        try:
            folder.rename(target)
        except OSError:
            if previous.exists() and not target.exists():
                previous.rename(target)
            raise
        if new_state.is_dir():
            new_state.rename(state)
    except OSError as exc:
        raise PortalError([fs_problem(target, exc, f"cannot replace '{target.name}' with "
                                      f"the new version in '{folder.name}'")]) from None
    shutil.rmtree(previous, ignore_errors=True)  # the next prepare reports what is left


def commit_files(target: Path, last: Sequence[str] = ()) -> list[Path]:
    """Move every file of the staging folder into ``target``, replacing files of the same
    name and leaving others; the names in ``last`` (checksums of the others) move last."""
    folder = staging_dir(target)
    names = sorted((p.name for p in folder.iterdir() if p.is_file()),
                   key=lambda name: (name in last, name))
    in_the_way = [Problem(display_path(target / name), None, "a folder where gcm-portal "
                          "writes a file; remove or rename this folder")
                  for name in names if (target / name).is_dir()]
    if in_the_way:  # found before any file is moved: the folder stays as it was
        raise PortalError(in_the_way)
    moved = []
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            os.replace(folder / name, target / name)
            moved.append(target / name)
    except OSError as exc:
        raise PortalError([fs_problem(target, exc, "cannot move the new files into this "
                                      "folder")]) from None
    discard(target)
    return moved


def discard(target: Path) -> None:
    """Remove the staging folder of ``target`` and its state; ``target`` stays as it was."""
    folder = staging_dir(target)
    for path in (folder, build_state.state_dir(folder)):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)


@contextmanager
def staged(target: Path, *, incremental: bool = False) -> Iterator[Path]:
    """A staging folder for a new ``target``, swapped in when the block succeeds and
    removed when it raises (Ctrl-C included)."""
    folder = prepare(target, incremental=incremental)
    try:
        yield folder
        commit(target)
    except BaseException:
        discard(target)
        raise


@contextmanager
def staged_files(target: Path, last: Sequence[str] = ()) -> Iterator[Path]:
    """A staging folder whose files are moved into ``target`` when the block succeeds."""
    folder = prepare(target)
    try:
        yield folder
        commit_files(target, last)
    except BaseException:
        discard(target)
        raise


# --- the plugin's hooks: one MkDocs build ---------------------------------------------------


def stage_build(config: MutableMapping[str, Any], *, dirty: bool) -> Path | None:
    """In ``on_config``: point the build's ``site_dir`` at a staging folder and return the
    real site; None when ``site_dir`` is a staging folder already (its owner commits it)."""
    site = Path(config["site_dir"])
    if is_staging(site):
        return None
    target = Path(os.path.realpath(site))
    config["site_dir"] = str(prepare(target, incremental=dirty))
    return target


def commit_build(config: MutableMapping[str, Any], target: Path | None) -> None:
    """At the very end of ``on_post_build``: swap the new site in, and point ``site_dir``
    back at it (``mkdocs gh-deploy`` publishes ``site_dir`` after the build)."""
    if target is None:
        return
    try:
        commit(target)
    except PortalError:
        discard(target)
        raise
    config["site_dir"] = str(target)


def discard_build(target: Path | None) -> None:
    """In ``on_build_error``: forget the half-written site; the last good one stays."""
    if target is not None:
        discard(target)
