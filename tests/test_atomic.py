"""A failed command leaves the last good output byte for byte as it was (staging.py).

Each test hashes every file of the site (and of its build state), the bundle folder
or the merge target before and after a command that fails, and requires exit 1, a
``path[:line]: error:`` line and no traceback.
"""

from __future__ import annotations

import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import time
import urllib.request
import zlib
from pathlib import Path

import pytest
from projects import replace, run_cli, tree_digest

from gcm_portal.builds import staging
from gcm_portal.builds.incremental import state_dir
from gcm_portal.errors import PortalError


def snapshot(project: Path, name: str = "site") -> tuple[str, str]:
    """Every byte of the site and of its build state."""
    return tree_digest(project / name), tree_digest(state_dir(project / name))


def assert_refused(result: subprocess.CompletedProcess[str], where: str, message: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    line = re.compile(rf"{re.escape(where)}(:\d+)?: error: .*{re.escape(message)}")
    assert any(line.match(row) for row in result.stderr.splitlines()), result.stderr


def assert_no_leftovers(project: Path, name: str = "site") -> None:
    assert not (project / f"{name}.building").exists()
    assert not state_dir(project / f"{name}.building").exists()
    assert not (project / f"{name}.previous").exists()


def heavy_png(path: Path) -> None:
    """A valid PNG of noise (300 KB), over the page weight budget: a build notices it only
    once it has written the page."""
    noise = random.Random(0)
    rows = b"".join(b"\0" + noise.randbytes(900) for _ in range(300))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + \
            struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 300, 300, 8,
                                                                       2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def add_heavy_image(project: Path) -> None:
    heavy_png(project / "content/office.png")
    page = project / "content/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![The office](office.png)\n",
                    encoding="utf-8")


# --- build -----------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [(), ("--dirty",), ("--jobs", "2")],
                         ids=["full", "dirty", "jobs"])
def test_a_build_that_fails_after_writing_pages_leaves_the_site(project, args):
    add_heavy_image(project)
    before = snapshot(project)
    result = run_cli(project, "build", *args)
    assert_refused(result, "content/about.md", "over the budget")
    assert snapshot(project) == before
    assert_no_leftovers(project)


def test_a_dirty_build_with_a_broken_link_leaves_the_site(project):
    before = snapshot(project)
    line = replace(project / "content/about.md", "\n\n", "\n\nSee [this](nowhere.md).\n\n")
    result = run_cli(project, "build", "--dirty")
    assert_refused(result, f"content/about.md:{line + 2}", "broken link: 'nowhere.md'")
    assert snapshot(project) == before
    assert_no_leftovers(project)


def test_a_dirty_build_with_a_third_party_image_leaves_the_site(project):
    before = snapshot(project)
    page = project / "content/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n![x](https://example.org/x.png)\n",
                    encoding="utf-8")
    result = run_cli(project, "build", "--dirty")
    assert_refused(result, "content/about.md", "https://example.org/x.png")
    assert snapshot(project) == before
    assert not any(p.name == "x.png" for p in (project / "site").rglob("*"))


def test_a_dirty_build_after_a_good_one_still_updates_the_site(project):
    page = project / "content/about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                    encoding="utf-8")
    result = run_cli(project, "build", "--dirty")
    assert result.returncode == 0, result.stderr
    assert "One more sentence." in (project / "site/en/about/index.html").read_text(
        encoding="utf-8")
    assert (state_dir(project / "site") / "build.json").is_file()
    assert_no_leftovers(project)


@pytest.mark.parametrize("name", ["site.building", "site.previous",
                                  ".site.building.gcm-state"])
@pytest.mark.parametrize("dirty", [False, True], ids=["full", "dirty"])
def test_a_stray_file_where_staging_goes_is_reported_and_kept(project, name, dirty):
    (project / name).write_text("an editor's notes\n", encoding="utf-8")
    before = snapshot(project)
    result = run_cli(project, "build", *(["--dirty"] if dirty else []))
    assert_refused(result, name, "a file is in the way")
    assert "remove or rename this file" in result.stderr
    assert snapshot(project) == before
    assert (project / name).read_text(encoding="utf-8") == "an editor's notes\n"


def test_a_site_under_a_file_is_reported(project):
    (project / "notes").write_text("not a folder\n", encoding="utf-8")
    result = run_cli(project, "build", "-d", "notes/site")
    assert_refused(result, "notes", "a file where a folder is needed")


def _immutable(folder: Path, on: bool) -> bool:
    """chattr +i: even root cannot create or rename anything in the folder."""
    done = subprocess.run(["chattr", "+i" if on else "-i", str(folder)], capture_output=True,
                          check=False) if shutil.which("chattr") else None
    return done is not None and done.returncode == 0


def test_a_read_only_folder_of_the_site_is_reported(project):
    public = project / "public"
    shutil.copytree(project / "site", public / "site")
    before = tree_digest(public)
    if _immutable(public, True):
        try:
            result = run_cli(project, "build", "-d", "public/site")
        finally:
            _immutable(public, False)
        assert_refused(result, "public/site.building", "make the folder 'public' writable")
    else:  # no chattr here (or not allowed): a path under a file is the other way to fail
        (public / "site.building").write_text("", encoding="utf-8")
        before = tree_digest(public)
        result = run_cli(project, "build", "-d", "public/site")
        assert_refused(result, "public/site.building", "a file is in the way")
    assert tree_digest(public) == before


# --- merge and bundle ------------------------------------------------------------------------


def test_a_failed_merge_leaves_the_site(project, tmp_path):
    shard = tmp_path / "shard-fr"
    (shard / "fr").mkdir(parents=True)
    (shard / "fr/index.html").write_text("<p>fr</p>", encoding="utf-8")
    (shard / "fr/gone.html").symlink_to(shard / "nowhere.html")  # copying it fails
    shutil.copytree(project / "site", tmp_path / "shard-all")
    before = snapshot(project)
    result = run_cli(project, "merge", str(tmp_path / "shard-all"), str(shard))
    assert_refused(result, str(shard / "fr/gone.html"), "No such file or directory")
    assert snapshot(project) == before
    assert_no_leftovers(project)


def test_a_merge_without_the_default_language_leaves_the_site(project, tmp_path):
    (tmp_path / "shard/fr").mkdir(parents=True)
    before = snapshot(project)
    result = run_cli(project, "merge", str(tmp_path / "shard"))
    assert_refused(result, str(tmp_path / "shard"), "no shard holds the default language 'en'")
    assert snapshot(project) == before


def test_a_failed_bundle_leaves_the_bundles_there(project):
    bundles = project / "bundles"
    bundles.mkdir()
    (bundles / "gcm-portal-demo-en.zip").write_bytes(b"last week's bundle")
    (bundles / "SHA256SUMS").write_text("last week's sums\n", encoding="utf-8")
    (bundles / "gcm-portal-demo-fr.zip").mkdir()  # in the way of a new bundle
    before = tree_digest(bundles), sorted(p.name for p in bundles.iterdir())
    result = run_cli(project, "bundle")
    assert_refused(result, "bundles/gcm-portal-demo-fr.zip", "a folder where gcm-portal "
                   "writes a file")
    assert (tree_digest(bundles), sorted(p.name for p in bundles.iterdir())) == before
    assert not (project / "bundles.building").exists()


# --- serve -----------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(condition, seconds: float = 90) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if condition():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_a_failed_reload_keeps_serving_the_last_good_pages(project, tmp_path):
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "gcm_portal.cli", "serve", "-a", f"127.0.0.1:{port}"],
            cwd=project, stdout=out, stderr=subprocess.STDOUT, text=True)

    def get(path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=20) as answer:
            page = answer.read()
        return page[:page.rfind(b"<script>")]  # without the live-reload script, new each time

    try:
        assert _wait(lambda: get("/en/about/")), log.read_text(encoding="utf-8")
        before = get("/en/about/")
        add_heavy_image(project)
        assert _wait(lambda: "the last build that succeeded" in log.read_text(
            encoding="utf-8")), log.read_text(encoding="utf-8")
        assert get("/en/about/") == before
        with pytest.raises(urllib.error.HTTPError):
            get("/office.png")
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text
    assert re.search(r"^content/about\.md(:\d+)?: error: .*over the budget", text, re.M), text


# --- plain MkDocs, and what only the plugin can check ----------------------------------------


def test_a_plain_mkdocs_build_that_fails_after_writing_leaves_the_site(project):
    add_heavy_image(project)
    before = snapshot(project)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert snapshot(project) == before
    assert_no_leftovers(project)


def test_a_link_to_a_file_outside_the_project_is_refused(project):
    (project / "content/passwords.md").symlink_to("/etc/passwd")
    before = snapshot(project)
    result = run_cli(project, "build")
    assert_refused(result, "content/passwords.md", "a link to a file outside the project "
                   "('/etc/passwd'); copy the file into content/ instead")
    assert snapshot(project) == before


def test_a_link_to_a_folder_outside_the_project_is_refused(project, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.md").write_text("---\ntitle: Secret\nreviewed: 2026-11-20\n---\n\n"
                                       "Not for publishing.\n", encoding="utf-8")
    (project / "content/extra").symlink_to(outside)
    before = snapshot(project)
    result = run_cli(project, "build", "--dirty")
    assert_refused(result, "content/extra", f"a link to a folder outside the project "
                   f"('{outside}'); copy the folder into content/ instead")
    assert snapshot(project) == before


@pytest.mark.parametrize("page", ["glossary/index.md", "glossary/README.md"])
def test_two_sources_for_one_address_are_refused(project, page):
    (project / "content" / page).parent.mkdir()
    shutil.copy(project / "content/glossary.md", project / "content" / page)
    before = snapshot(project)
    result = run_cli(project, "build")
    assert_refused(result, "content/glossary.md", f"published at the same address as "
                   f"'content/{page}' (glossary/)")
    assert snapshot(project) == before


# --- staging.py itself -----------------------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_a_staged_block_swaps_in_its_folder_with_its_state(tmp_path):
    site = _tree(tmp_path / "site", {"index.html": "old", "gone.html": "old"})
    _tree(state_dir(site), {"build.json": "old state"})
    with staging.staged(site) as folder:
        assert folder == tmp_path / "site.building" and not any(folder.iterdir())
        _tree(folder, {"index.html": "new"})
        _tree(state_dir(folder), {"build.json": "new state"})
        assert (site / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert (state_dir(site) / "build.json").read_text(encoding="utf-8") == "new state"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.gcm-state", "site"]


def test_an_incremental_staging_folder_moves_only_what_it_rebuilt_into_the_site(tmp_path):
    site = _tree(tmp_path / "site", {"a/index.html": "old a", "b/index.html": "old b"})
    _tree(state_dir(site), {"build.json": "state"})
    with staging.staged(site, incremental=True) as folder:
        assert not any(folder.iterdir())  # nothing copied: it holds what is rebuilt
        assert (state_dir(folder) / "build.json").read_text(encoding="utf-8") == "state"
        _tree(folder, {"a/index.html": "new a", "c/new/index.html": "new c"})
        _tree(state_dir(folder), {"build.json": "new state"})
        staging.mark_overlay(folder)
        assert (site / "a/index.html").read_text(encoding="utf-8") == "old a"
    assert {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8")
            for p in site.rglob("*.html")} == {
        "a/index.html": "new a", "b/index.html": "old b", "c/new/index.html": "new c"}
    assert sorted(p.name for p in state_dir(site).iterdir()) == ["build.json"]
    assert (state_dir(site) / "build.json").read_text(encoding="utf-8") == "new state"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.gcm-state", "site"]


def test_an_interrupted_incremental_staging_leaves_the_site_and_its_state(tmp_path):
    site = _tree(tmp_path / "site", {"a/index.html": "old"})
    _tree(state_dir(site), {"build.json": "state"})
    with pytest.raises(KeyboardInterrupt), staging.staged(site, incremental=True) as folder:
        _tree(folder, {"a/index.html": "half"})
        staging.mark_overlay(folder)
        raise KeyboardInterrupt
    assert (site / "a/index.html").read_text(encoding="utf-8") == "old"
    assert (state_dir(site) / "build.json").read_text(encoding="utf-8") == "state"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".site.gcm-state", "site"]


def test_without_a_site_an_incremental_staging_takes_no_state(tmp_path):
    """A state left without its site would make the next build rebuild too little."""
    _tree(state_dir(tmp_path / "site"), {"build.json": "state"})
    folder = staging.prepare(tmp_path / "site", incremental=True)
    assert not state_dir(folder).exists()


def test_prepare_refuses_to_remove_what_it_did_not_make(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "site.building").symlink_to(tmp_path / "precious")
    (tmp_path / "precious").mkdir()
    with pytest.raises(PortalError) as caught:
        staging.prepare(tmp_path / "site")
    assert [str(p) for p in caught.value.problems] == [
        "site.building: error: a file is in the way: gcm-portal writes the new version of "
        "'site' here before it replaces it; remove or rename this file"]
    staging.discard(tmp_path / "site")
    assert (tmp_path / "precious").is_dir() and (tmp_path / "site.building").is_symlink()


def test_a_leftover_staging_folder_is_replaced(tmp_path):
    _tree(tmp_path / "site.building", {"half.html": "from a build that was killed"})
    _tree(tmp_path / "site.previous", {"index.html": "from a swap that was killed"})
    assert not any(staging.prepare(tmp_path / "site").iterdir())
    assert not (tmp_path / "site.previous").exists()


def test_files_move_into_the_folder_only_when_all_are_written(tmp_path):
    out = _tree(tmp_path / "bundles", {"a.zip": "old a", "other.txt": "kept"})
    with pytest.raises(PortalError), staging.staged_files(out, last=["SUMS"]) as folder:
        _tree(folder, {"a.zip": "new a"})
        raise PortalError([])
    assert (out / "a.zip").read_text(encoding="utf-8") == "old a"
    with staging.staged_files(out, last=["SUMS"]) as folder:
        _tree(folder, {"a.zip": "new a", "SUMS": "sums", "b.zip": "new b"})
    assert {p.name: p.read_text(encoding="utf-8") for p in out.iterdir()} == {
        "a.zip": "new a", "b.zip": "new b", "SUMS": "sums", "other.txt": "kept"}
    assert not (tmp_path / "bundles.building").exists()


def test_the_plugin_hooks_stage_a_build_and_leave_a_staged_one_to_its_owner(tmp_path):
    class Config(dict):
        @property
        def site_dir(self) -> str:
            return self["site_dir"]

    site = _tree(tmp_path / "site", {"index.html": "old"})
    config = Config(site_dir=str(site))
    target = staging.stage_build(config, dirty=True)  # type: ignore[arg-type]
    assert target == site and config["site_dir"] == str(tmp_path / "site.building")
    assert staging.stage_build(config, dirty=False) is None  # type: ignore[arg-type]
    _tree(Path(config["site_dir"]), {"index.html": "new"})
    staging.commit_build(config, target)  # type: ignore[arg-type]
    assert config["site_dir"] == str(site)
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
    assert staging.stage_build(config, dirty=False) == site  # type: ignore[arg-type]
    staging.discard_build(site)
    assert not (tmp_path / "site.building").exists()
    assert (site / "index.html").read_text(encoding="utf-8") == "new"
