"""Page weight: measured on the real demo build, and the budget enforced by the build."""

from __future__ import annotations

from pathlib import Path

from projects import run_cli

from gcm_portal.builds import weight


def test_demo_pages_are_within_budget_and_load_nothing_from_elsewhere(demo_site):
    weights = weight.measure_site(demo_site)
    assert len(weights) > 100
    assert weight.over_budget(weights, 100) == []
    assert all(w.external == () for w in weights)
    module = next(w for w in weights if w.page == "ar/services/index.html")
    assert "ar/services/index.html" in module.parts
    assert "assets/stylesheets/gcm.css" in module.parts
    # Material's JavaScript is not loaded: pages work without it.
    assert not any("bundle" in part for part in module.parts)
    # The search index is part of the search page only.
    search = next(w for w in weights if w.page == "ar/search/index.html")
    assert "ar/search/index.js" in search.parts
    assert not any("search/index.js" in p for p in module.parts)


def test_fonts_count_only_where_their_script_is_shown(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "font.woff2").write_bytes(b"wOF2" + bytes(5000))
    (tmp_path / "css/f.css").write_text(
        '@font-face { font-family: x; src: url("../font.woff2"); '
        "unicode-range: U+1200-139F; }", encoding="utf-8")
    head = '<link rel="stylesheet" href="css/f.css">'
    (tmp_path / "ti.html").write_text(f"<html><head>{head}</head><body>ሰላም</body></html>",
                                      encoding="utf-8")
    (tmp_path / "en.html").write_text(f"<html><head>{head}</head><body>Hello</body></html>",
                                      encoding="utf-8")
    assert "font.woff2" in weight.measure(tmp_path, tmp_path / "ti.html").parts
    assert "font.woff2" not in weight.measure(tmp_path, tmp_path / "en.html").parts


def test_a_page_over_budget_fails_the_build_and_keeps_the_old_site(project):
    from projects import tree_digest

    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "sample_banner: true", "sample_banner: true\n      page_weight_budget: 20"),
        encoding="utf-8")
    before = tree_digest(project / "site")
    result = run_cli(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "content/services/index.ar.md: error: the page built from this file " \
        "(ar/services/index.html) is" in result.stderr
    assert "over the budget of 20 KB" in result.stderr
    assert tree_digest(project / "site") == before


def test_script_tags_for_other_sites_are_reported(tmp_path: Path):
    (tmp_path / "p.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script>', encoding="utf-8")
    assert weight.measure(tmp_path, tmp_path / "p.html").external == (
        "https://cdn.example.org/x.js",)
