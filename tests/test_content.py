import os
from pathlib import Path

from sites import write_site

from gcm_portal.model.content import check_files, check_pages, check_urls, find_pages

PAGE = """---
title: Work
reviewed: 2026-11-20
objective: 3
sources:
  - title: The compact
    url: https://undocs.org/en/A/RES/73/195
---

Text with a [good link](../about.md).

And a [broken one](../missing.md).
"""


def _check(docs: Path) -> list[str]:
    return [str(p) for p in check_pages(docs, ["en", "fr"], "en", {"countries/index.md"})]


HOME = "---\ntitle: Home\nreviewed: 2026-11-20\n---\n\n[Countries](countries/index.md)\n"
ABOUT = "---\ntitle: About\nreviewed: 2026-11-20\n---\n\nAbout.\n"


def test_broken_link_is_reported_at_its_line(tmp_path):
    docs = write_site(tmp_path, {"index.md": HOME, "about.md": ABOUT, "pathways/index.md": PAGE})
    problems = _check(docs)
    assert len(problems) == 1
    assert problems[0].endswith("pathways/index.md:12: error: broken link: '../missing.md' "
                                "points to 'missing.md', which does not exist; link to an "
                                "existing .md file (relative to this page)")


def test_translation_without_default_page_and_unknown_language(tmp_path):
    docs = write_site(tmp_path, {"index.md": HOME, "about.md": ABOUT, "guide.fr.md": ABOUT,
                            "about.xx.md": ABOUT})
    problems = "\n".join(_check(docs))
    assert "guide.fr.md: error: translation without a default-language page: create " \
           "'guide.md' in 'en' first" in problems
    assert "about.xx.md: error: unknown language 'xx' in the file name" in problems


def test_front_matter_errors_point_at_their_lines(tmp_path):
    bad = PAGE.replace("reviewed: 2026-11-20", "reviewed: last week").replace(
        "objective: 3", "objective: 4").replace("[broken one](../missing.md)", "text")
    docs = write_site(tmp_path, {"index.md": HOME, "about.md": ABOUT, "pathways/index.md": bad})
    problems = _check(docs)
    assert any(p.endswith("pathways/index.md:3: error: front matter: reviewed: 'last week' "
                          "is not a date; write it as YYYY-MM-DD") for p in problems), problems
    assert any("pathways/index.md:4: error: front matter: objective: pages under pathways/ "
               "serve objective 3" in p for p in problems), problems


def test_missing_home_page(tmp_path):
    docs = write_site(tmp_path, {"about.md": ABOUT})
    assert any("no home page" in p for p in _check(docs))


def _files(project: Path) -> list[str]:
    return [str(p) for p in check_files(project / "content", project)]


def test_links_outside_the_project_are_refused_before_anything_reads_them(tmp_path,
                                                                          monkeypatch):
    project, outside = tmp_path / "portal", tmp_path / "elsewhere"
    docs = write_site(project / "content", {"index.md": HOME})
    write_site(outside, {"secret.md": ABOUT})
    write_site(project / "shared", {"inside.md": ABOUT})
    (docs / "passwd.md").symlink_to("/etc/passwd")
    (docs / "secrets").symlink_to(outside)
    (docs / "shared").symlink_to("../shared")  # inside the project: published, and checked
    (docs / "gone.md").symlink_to("nowhere.md")
    (docs / "loop").symlink_to(".")
    os.mkfifo(docs / "pipe.png")
    monkeypatch.chdir(project)
    assert _files(project) == [
        "content/gone.md: error: a link to 'content/nowhere.md', which does not exist; remove "
        "the link, or copy the file into content/ instead",
        "content/loop: error: a link to the folder 'content', which holds the link itself: "
        "MkDocs would read it again and again; remove the link",
        "content/passwd.md: error: a link to a file outside the project ('/etc/passwd'); copy "
        "the file into content/ instead",
        "content/pipe.png: error: not a regular file (a pipe, a socket or a device), which a "
        "build cannot read; remove it",
        f"content/secrets: error: a link to a folder outside the project ('{outside}'); copy "
        "the folder into content/ instead"]
    assert [p.src_uri for p in find_pages(docs)] == ["index.md", "passwd.md", "secrets/secret.md",
                                                      "shared/inside.md"]


def test_a_link_inside_a_linked_folder_is_checked_too(tmp_path, monkeypatch):
    project = tmp_path / "portal"
    docs = write_site(project / "content", {"index.md": HOME})
    (project / "shared").mkdir()
    (project / "shared/hosts.md").symlink_to("/etc/hosts")
    (docs / "shared").symlink_to(project / "shared")
    monkeypatch.chdir(project)
    assert _files(project) == [
        "content/shared/hosts.md: error: a link to a file outside the project ('/etc/hosts'); "
        "copy the file into content/ instead"]


def _urls(docs: Path, use_directory_urls: bool = True) -> list[str]:
    return [str(p) for p in sorted(check_urls(docs, {"countries/index.md",
                                                      "countries/de/index.md"},
                                              use_directory_urls))]


def test_two_sources_for_one_address_name_both_files(tmp_path, monkeypatch):
    docs = write_site(tmp_path / "content", {
        "index.md": HOME, "glossary.md": ABOUT, "glossary/index.md": ABOUT,
        "glossary.fr.md": ABOUT, "glossary/index.fr.md": ABOUT, "about.md": ABOUT,
        "about.fr.md": ABOUT, "guide/index.md": ABOUT, "guide/README.md": ABOUT,
        "countries/de.md": ABOUT, "countries/index.fr.md": ABOUT, "countries/index.md": ABOUT})
    monkeypatch.chdir(tmp_path)
    assert _urls(docs) == [
        "content/countries/de.md: error: published at the same address as the page generated "
        "from the country data ('countries/de/index.md', at countries/de/), which would "
        "replace it; rename or remove this file",
        "content/countries/index.fr.md: error: published at the same address as the page "
        "generated from the country data ('countries/index.md', at countries/ in 'fr'), which "
        "would replace it; rename or remove this file",
        "content/glossary.fr.md: error: published at the same address as "
        "'content/glossary/index.fr.md' (glossary/ in 'fr'), so one would replace the other; "
        "merge them into one file, or rename one",
        "content/glossary.md: error: published at the same address as "
        "'content/glossary/index.md' (glossary/), so one would replace the other; merge them "
        "into one file, or rename one",
        "content/guide/index.md: error: published at the same address as "
        "'content/guide/README.md' (guide/), so one would replace the other; merge them into "
        "one file, or rename one"]


def test_without_directory_urls_a_page_and_a_folder_index_differ(tmp_path, monkeypatch):
    docs = write_site(tmp_path / "content", {"index.md": HOME, "glossary.md": ABOUT,
                                             "glossary/index.md": ABOUT})
    monkeypatch.chdir(tmp_path)
    assert _urls(docs, use_directory_urls=False) == []
