"""Parallel and incremental builds give exactly the site a clean single build gives."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from projects import replace, run_cli, tree_digest

from gcm_portal.builds.incremental import state_dir


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli(project, *args)
    assert result.returncode == 0, result.stderr
    return result


def differences(a: Path, b: Path) -> list[str]:
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    changed = [str(p) for p in files_a & files_b if (a / p).read_bytes() != (b / p).read_bytes()]
    return sorted(changed + [f"only in one: {p}" for p in files_a ^ files_b])


def test_sharded_build_equals_single_process_build(project, tmp_path):
    run(project, "build", "-d", str(tmp_path / "single"))
    result = run(project, "build", "-d", str(tmp_path / "sharded"), "--jobs", "3")
    assert "building ps" in result.stderr  # the shards' progress reaches the user
    assert differences(tmp_path / "single", tmp_path / "sharded") == []


def test_incremental_rebuild_of_a_translation_equals_a_clean_build(project, tmp_path):
    assert (state_dir(project / "site") / "build.json").exists()
    page = project / "content/services/index.fr.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nUne phrase de plus.\n",
                    encoding="utf-8")
    before = (project / "site/ps/services/index.html").stat().st_mtime_ns
    result = run(project, "build", "--dirty")
    assert "languages fr" in result.stderr  # only the edited page's language
    assert "1 pages" in result.stderr  # and in it, only the edited page
    assert (project / "site/ps/services/index.html").stat().st_mtime_ns == before
    run(project, "build", "-d", str(tmp_path / "clean"))
    assert differences(project / "site", tmp_path / "clean") == []
    assert "Une phrase de plus." in (project / "site/fr/search/index.js").read_text(
        encoding="utf-8")


def test_an_incremental_build_checks_the_edited_page_and_keeps_the_site(project):
    before = tree_digest(project / "site")
    page = project / "content/services/index.fr.md"
    text = page.read_text(encoding="utf-8").rstrip("\n") + "\n\nVoir [ceci](nulle-part.md).\n"
    page.write_text(text, encoding="utf-8")
    result = run_cli(project, "build", "--dirty")
    assert result.returncode == 1
    line = text.count("\n")
    assert f"content/services/index.fr.md:{line}: error: broken link: 'nulle-part.md'" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def rebuild_after_edit(project: Path, tmp_path: Path, name: str, old: str, new: str) -> None:
    """Edit a source, rebuild incrementally, and require exactly the clean build's site."""
    replace(project / name, old, new)
    run(project, "build", "--dirty")
    run(project, "build", "-d", str(tmp_path / "clean"))
    assert differences(project / "site", tmp_path / "clean") == []


def test_incremental_rebuild_of_a_source_page_updates_every_language(project, tmp_path):
    rebuild_after_edit(project, tmp_path, "content/about.md", "---\n\n",
                       "---\n\nOne more sentence.\n\n")
    # The translations of the edited page now say they may be out of date.
    assert "gcm-notice--outdated" in (project / "site/fr/about/index.html").read_text(
        encoding="utf-8")


def test_incremental_rebuild_after_a_parallel_build_equals_a_clean_build(project, tmp_path):
    run(project, "build", "--jobs", "2")  # the state is merged from both shards
    rebuild_after_edit(project, tmp_path, "content/services/index.ar.md", "---\n\n",
                       "---\n\nجملة أخرى للاختبار.\n\n")
    assert "جملة أخرى للاختبار." in (project / "site/ar/search/index.js").read_text(
        encoding="utf-8")


def test_a_served_font_gets_new_characters_in_an_incremental_build(project, tmp_path):
    # Tigrinya's Ethiopic font is served from the site, cut to the characters it uses.
    replace(project / "mkdocs.yml", "languages: [en,", "languages: [en, ti,")
    home = (project / "content/index.md").read_text(encoding="utf-8")
    (project / "content/index.ti.md").write_text(
        home.replace("title: Welcome", "title: እንቋዕ ብደሓን መጻእኩም"), encoding="utf-8")
    run(project, "build")
    font = project / "site/assets/fonts/NotoSansEthiopic-subset.woff2"
    before = font.read_bytes()
    rebuild_after_edit(project, tmp_path, "content/index.ti.md", "---\n\n",
                       "---\n\nቐ ጰ ፀ ፘ\n\n")  # letters no page had
    assert font.read_bytes() != before


def test_a_data_change_rebuilds_that_countrys_pages(project, tmp_path):
    other = project / "site/fr/countries/ca/index.html"
    before = other.stat().st_mtime_ns
    rebuild_after_edit(project, tmp_path, "content/countries/de.yml", "amount: 75", "amount: 80")
    assert "<bdi>80,00&nbsp;€</bdi>" in (project / "site/fr/countries/de/pathways/index.html") \
        .read_text(encoding="utf-8")
    assert other.stat().st_mtime_ns == before  # another country's page is kept as built


def test_a_sample_flag_change_rebuilds_the_pages_that_list_countries(project, tmp_path):
    # The module pages and the list of countries mark sample data next to each country.
    rebuild_after_edit(project, tmp_path, "content/countries/de.yml", "sample: true",
                       "sample: false")


def test_an_incremental_build_checks_changed_data_and_keeps_the_site(project):
    before = tree_digest(project / "site")
    data = project / "content/countries/de.yml"
    line = replace(data, "amount: 75", "amount: free")
    result = run_cli(project, "build", "--dirty")
    assert result.returncode == 1
    assert f"content/countries/de.yml:{line}: error:" in result.stderr
    assert "'free' is not of type 'number'" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_preview_of_one_language_and_one_country(project, tmp_path):
    run(project, "build", "-d", str(tmp_path / "preview"), "--lang", "ps", "--country", "AE")
    site = tmp_path / "preview"
    assert (site / "ps/countries/ae/index.html").exists()
    assert not (site / "ps/countries/de").exists()
    assert not (site / "fr").exists()
    shutil.rmtree(site)


def test_state_lives_beside_the_site_not_in_it(project):
    assert not any("gcm-state" in p.name for p in (project / "site").rglob("*"))
    assert tree_digest(project / "site")


def test_shards_built_elsewhere_merge_into_the_same_site(project, tmp_path):
    run(project, "build", "-d", str(tmp_path / "single"))
    run(project, "build", "-d", str(tmp_path / "a"), "--lang", "en,fr,es")
    run(project, "build", "-d", str(tmp_path / "b"), "--lang", "ar,bn,ne,ps")
    run(project, "merge", str(tmp_path / "a"), str(tmp_path / "b"), "-d",
        str(tmp_path / "merged"))
    assert differences(tmp_path / "single", tmp_path / "merged") == []
