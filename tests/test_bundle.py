"""`gcm-portal bundle` and `verify`: zips that work from file://, always the same bytes."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from offline_bundles import (
    DEFAULT,
    LANGUAGES,
    ROOT,
    STEM,
    demo_bundles,
    manifest_of,
    members,
    unzip,
    write_bundles,
)

from gcm_portal.cli import main
from gcm_portal.errors import PortalError
from gcm_portal.offline import bundle, manifest
from gcm_portal.offline import local_copy as offline

HREFLANG = re.compile(r'hreflang="([^"]+)"')
SWITCHER_ITEM = re.compile(r'<li class="md-select__item">\s*<a [^>]*hreflang="([^"]+)"')


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_bundles(tmp_path_factory)


def zip_of(bundles: Path, label: str) -> Path:
    return bundles / f"{STEM}-{label}.zip"


def test_one_zip_per_language_one_with_all_and_a_zim_per_language(bundles):
    labels = [*LANGUAGES, "all"]
    assert sorted(p.name for p in bundles.glob("*.zip")) == sorted(
        f"{STEM}-{label}.zip" for label in labels)
    assert sorted(p.name for p in bundles.glob("*.zim")) == sorted(
        f"{STEM}-{code}.zim" for code in LANGUAGES)
    sums = dict(reversed(line.split("  ")) for line in
                (bundles / "SHA256SUMS").read_text(encoding="utf-8").splitlines())
    assert sums == {p.name: manifest.sha256(p.read_bytes())
                    for p in bundles.iterdir() if p.suffix in (".zip", ".zim")}


def test_two_builds_of_the_same_content_are_byte_identical(bundles, tmp_path):
    again = write_bundles(tmp_path / "again")
    for first in bundles.glob("*.zip"):
        assert (again / first.name).read_bytes() == first.read_bytes(), first.name


def test_entries_are_sorted_with_one_date_and_plain_file_modes(bundles):
    path = zip_of(bundles, "bn")
    date = dt.datetime.fromisoformat(manifest_of(path)["build_date"].replace("Z", "+00:00"))
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert all(name.startswith(f"{STEM}-bn/") for name in names)
    assert {info.date_time for info in infos} == {(*date.timetuple()[:5], date.second // 2 * 2)}
    assert {info.external_attr >> 16 for info in infos} == {0o100644}
    assert {info.create_system for info in infos} == {3}


def test_manifest_lists_every_file_with_its_sha256(bundles):
    path = zip_of(bundles, "bn")
    files = members(path)
    record = manifest_of(path)
    listed = record["files"]
    assert set(listed) == set(files) - {"manifest.json"}
    assert all(listed[name] == manifest.sha256(files[name]) for name in listed)
    assert record["languages"] == ["bn"]
    assert record["content_version"] is None or re.fullmatch(r"[0-9a-f]{40}",
                                                             record["content_version"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", record["build_date"])


def test_a_bundle_holds_what_file_urls_need_and_nothing_for_servers(bundles):
    files = members(zip_of(bundles, "all"))
    assert {"index.html", "README.txt", "schema/country.schema.json", "data/index.json"} \
        <= set(files)
    assert all(f"{code}/search/index.js" in files for code in LANGUAGES)
    assert not [name for name in files if name in ("404.html", "sitemap.xml")
                or name.endswith(".map")]
    readme = files["README.txt"].decode("utf-8")
    assert "index.html" in readme and f'"{STEM}-all"' in readme and "\r\n" in readme


@pytest.mark.parametrize("label", ["bn", "all"])
def test_every_reference_in_a_bundle_resolves_inside_it(bundles, label):
    assert offline.problems(members(zip_of(bundles, label))) == []


def test_the_open_data_is_dated_by_the_content_version(bundles):
    path = zip_of(bundles, "bn")
    day = manifest_of(path)["build_date"][:10]
    assert f'"generated": "{day}"' in members(path)["data/index.json"].decode("utf-8")


def test_a_single_language_bundle_links_to_no_other_language(bundles):
    files = members(zip_of(bundles, "bn"))
    assert sorted({name.split("/")[0] for name in files if "/" in name}) == \
        ["assets", "bn", "data", "schema"]
    pages = [name for name in files if name.startswith("bn/") and name.endswith(".html")]
    assert len(pages) > 20
    for name in pages:
        text = files[name].decode("utf-8")
        assert set(HREFLANG.findall(text)) == {"bn"}, name  # no x-default: 'en' is absent
        assert SWITCHER_ITEM.findall(text) == ["bn"], name
    chooser = files["index.html"].decode("utf-8")
    assert set(HREFLANG.findall(chooser)) == {"bn", "x-default"}
    assert set(re.findall(r'<(?:li|p) lang="([^"]+)"', chooser)) == {"bn"}
    assert 'href="bn/index.html"' in chooser


def test_the_all_languages_bundle_keeps_the_whole_switcher(bundles):
    files = members(zip_of(bundles, "all"))
    text = files["bn/about.html"].decode("utf-8")
    assert SWITCHER_ITEM.findall(text) == LANGUAGES
    # The alternates name the portal online (site_url): a copy's links are the switcher's.
    assert f'hreflang="x-default" href="https://gcm-portal.example/{DEFAULT}/about/"' in text
    chooser = files["index.html"].decode("utf-8")
    assert re.findall(r'<li lang="[^"]+"[^>]*><a href="([^"]+)"', chooser) == [
        f"{code}/index.html" for code in LANGUAGES]


# --- verify ---------------------------------------------------------------------------------


def test_verify_accepts_an_untouched_bundle_and_its_unzipped_folder(bundles, tmp_path, capsys):
    path = zip_of(bundles, "bn")
    assert main(["verify", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    files = len(manifest_of(path)["files"])
    assert len(out) == 1 and out[0].startswith("ok: ") and f"{files} files match" in out[0]
    assert main(["verify", str(unzip(path, tmp_path))]) == 0


def rezip(source: Path, target: Path, change: dict[str, bytes | None]) -> Path:
    """A copy of a bundle with some files replaced (bytes), removed (None) or added."""
    files = members(source)
    for name, data in change.items():
        if data is None:
            del files[name]
        else:
            files[name] = data
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"{source.stem}/{name}", data)
    return target


def test_verify_names_each_changed_missing_and_extra_file(bundles, tmp_path, capsys):
    source = zip_of(bundles, "bn")
    page = members(source)["bn/about.html"]
    changed = page[:100] + bytes([page[100] ^ 1]) + page[101:]
    path = rezip(source, tmp_path / f"{STEM}-bn.zip", {
        "bn/about.html": changed, "bn/index.html": None, "bn/extra.html": b"<p>hi</p>"})
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{STEM}-bn/bn/about.html: error: changed: its SHA-256 differs from the one in "
        "manifest.json",
        f"{STEM}-bn/bn/extra.html: error: extra: in the bundle but not listed in manifest.json",
        f"{STEM}-bn/bn/index.html: error: missing: listed in manifest.json but not in the "
        "bundle",
        f"verify failed: 3 problems in {path}",
    ]


def test_verify_notices_a_damaged_byte_inside_the_zip(bundles, tmp_path, capsys):
    data = bytearray(zip_of(bundles, "bn").read_bytes())
    with zipfile.ZipFile(zip_of(bundles, "bn")) as archive:
        info = archive.getinfo(f"{STEM}-bn/bn/about.html")
    # The entry's data starts after its local header (30 bytes, then name and extra field).
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    path = tmp_path / "damaged.zip"
    path.write_bytes(bytes(data))
    assert main(["verify", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{STEM}-bn/bn/about.html: error: changed: ")


def test_verify_in_an_unzipped_folder_names_files_by_their_path(bundles, tmp_path, capsys):
    folder = unzip(zip_of(bundles, "bn"), tmp_path)
    (folder / "bn/about.html").write_text("edited", encoding="utf-8")
    (folder / "Thumbs.db").write_bytes(b"\0")
    assert main(["verify", str(folder)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert [line.split(": error: ")[1].split(":")[0] for line in err[:-1]] == \
        ["extra", "changed"]
    assert err[0].endswith("Thumbs.db: error: extra: in the bundle but not listed in "
                           "manifest.json")


@pytest.mark.parametrize("content, message", [
    (b"not a zip", "not a zip file, or damaged"),
    (None, "No such file or directory"),
])
def test_verify_refuses_what_is_not_a_bundle(tmp_path, capsys, content, message):
    path = tmp_path / "x.zip"
    if content is not None:
        path.write_bytes(content)
    assert main(["verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: error: {message}" in err and "Traceback" not in err


def test_verify_needs_a_manifest(tmp_path, capsys):
    path = tmp_path / "plain.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("site/index.html", "<p>hi</p>")
    assert main(["verify", str(path)]) == 1
    assert "error: no manifest.json in the zip" in capsys.readouterr().err


# --- content version ----------------------------------------------------------------------


def test_the_date_comes_from_source_date_epoch(tmp_path):
    version = bundle.content_version(tmp_path, {"SOURCE_DATE_EPOCH": "1795000000"})
    assert version.commit is None
    assert version.date == dt.datetime(2026, 11, 18, 11, 6, 40, tzinfo=dt.timezone.utc)


def test_without_a_version_the_date_is_the_documented_fallback(tmp_path):
    version = bundle.content_version(tmp_path, {})
    assert (version.commit, version.date) == (None, bundle.FALLBACK_DATE)
    assert version.describe() == "no version, 1980-01-01"


def test_a_bad_source_date_epoch_is_an_error(tmp_path):
    with pytest.raises(PortalError, match="SOURCE_DATE_EPOCH: error: 'soon' is not a number"):
        bundle.content_version(tmp_path, {"SOURCE_DATE_EPOCH": "soon"})


@pytest.mark.skipif(not (ROOT / ".git").exists() or shutil.which("git") is None,
                    reason="the portal is not a git checkout here")
def test_the_content_version_is_the_portals_commit():
    version = bundle.content_version(ROOT, {})
    assert version.commit is not None and re.fullmatch(r"[0-9a-f]{40}", version.commit)
    assert version.date > bundle.FALLBACK_DATE
    assert isinstance(version.uncommitted_changes, bool)


def test_slug_is_a_safe_file_name():
    assert bundle.slug("Migrant Information — Côte d'Ivoire") == "migrant-information-cote-d-ivoire"
