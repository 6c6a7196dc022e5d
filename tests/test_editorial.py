"""Rules across pages (anchors), facts without sources, and the demo against every rule."""

from pathlib import Path

from sites import TODAY, lint, page

from gcm_portal.checks import editorial
from gcm_portal.model.content import check_pages
from gcm_portal.model.countries import load_countries
from gcm_portal.model.freshness import ReviewPolicy

ROOT = Path(__file__).resolve().parent.parent


def test_anchors_must_name_a_heading_of_the_page_the_reader_gets(tmp_path, monkeypatch):
    files = {
        "index.md": page("[Fees](pathways/index.md#fees), [bad](pathways/index.md#nope), "
                         "[here](#intro), [generated](countries/de/index.md#x) and "
                         "[a file](doc.pdf#page=2).\n\n## Intro\n"),
        "pathways/index.md": page("## Fees and costs {#fees}\n\n## Vérifier les frais\n"),
        # French readers get the French page, which has no such heading.
        "index.fr.md": page("[Frais](pathways/index.md#vérifier-les-frais) et "
                            "[x](pathways/index.md#fees).\n"),
        "pathways/index.fr.md": page("## Frais {#fees}\n"),
    }
    assert lint(tmp_path, monkeypatch, files) == [
        "index.fr.md:6: error: broken link: 'pathways/index.md#vérifier-les-frais': "
        "'pathways/index.fr.md' has no heading with the id 'vérifier-les-frais'; use one of: "
        "fees",
        "index.md:6: error: broken link: 'pathways/index.md#nope': 'pathways/index.md' has no "
        "heading with the id 'nope'; use one of: fees, vérifier-les-frais",
    ]


def test_headings_keep_their_script_in_ids_as_on_the_site(tmp_path, monkeypatch):
    encoded = "%D8%A7%D9%84%D8%B5%D8%AD%D8%A9"  # "#الصحة", as a browser may copy it
    files = {"index.ar.md": page(f"## الصحة\n\n[هنا](#الصحة) و[هنا](#{encoded}) و"
                                 "[هناك](#health)\n"),
             "index.md": page("## Health\n")}
    assert lint(tmp_path, monkeypatch, files) == [
        "index.ar.md:8: error: broken link: '#health': 'index.ar.md' has no heading with the "
        "id 'health'; use one of: الصحة"]


def test_module_page_without_sources(tmp_path, monkeypatch):
    """Facts need a source: country sections by the schema, module pages by this rule."""
    (tmp_path / "pathways").mkdir()
    (tmp_path / "index.md").write_text(page("Home.\n"), encoding="utf-8")
    (tmp_path / "pathways/work.md").write_text(
        "---\ntitle: Work\nobjective: 3\nreviewed: 2026-11-20\n---\n\nText.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in check_pages(Path("."), ["en"], "en", set())] == [
        "pathways/work.md:2: error: front matter: missing 'sources'; list the official pages "
        "this text is based on (title and url)"]


def test_the_demo_content_passes_with_few_warnings(monkeypatch):
    monkeypatch.chdir(ROOT)
    countries, _ = load_countries(Path("content/countries"), ["DE", "CA", "AE"])
    problems = editorial.check(Path("content"), "en", countries, ReviewPolicy(TODAY))
    assert [p for p in problems if p.severity == "error"] == []
    assert len(problems) <= 3, [str(p) for p in problems]
