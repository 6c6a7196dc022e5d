from pathlib import Path

from sites import write_site

from gcm_portal.content import check_pages

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
