"""Each page's HTML on its way out (``on_page_content``, ``on_post_page``): editors'
HTML within the allow-list, the search sections taken, the theme's repairs, and the
last check that no built page loads or sends anything that is not the site's own."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from mkdocs.structure.pages import Page

from gcm_portal.adapter import theme
from gcm_portal.adapter.context import not_found_language
from gcm_portal.adapter.localized import LocalizedFile
from gcm_portal.adapter.run import Run, failed, source_name
from gcm_portal.builds import fonts
from gcm_portal.checks import htmlscan, sanitize
from gcm_portal.errors import Problem
from gcm_portal.model.layout import language_free_url
from gcm_portal.render import search


def _changes_served_characters(run: Run, path: Path, output: str) -> bool:
    """Whether a page rendered again changes what served fonts draw, compared with the
    page of the last build (``path``)."""
    languages = run.portal.languages
    if not fonts.served_scripts(languages):
        return False
    before = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
    return fonts.served_characters(before, languages) != \
        fonts.served_characters(output, languages)


def clean_content(run: Run, html: str, page: Page) -> str:
    language = run.language_of(page)
    url = language_free_url(page.url, language.code)
    if not (isinstance(page.file, LocalizedFile) and page.file.generated_by
            and page.file.norm_uri == search.SEARCH_PAGE):
        # Editors' HTML, and whatever Markdown made of data text, within the allow-list;
        # only the search page's form is gcm-portal's own.
        html = sanitize.clean_body(html)
    for item in _toc_items(page.toc):
        item.title = sanitize.clean_inline(item.title)
    found: list[search.Section] = []
    if run.fallback(page) is None and not page.meta.get("gcm_search"):
        # A fallback page is not this language's content: keep it out of its search.
        found = search.sections(html, url, sanitize.plain(page.title or ""))
    run.sections.setdefault(language.code, {})[url] = [asdict(s) for s in found]
    run.rendered.append((Path(page.file.abs_dest_path), source_name(page)))
    return html


def finish_page(run: Run, output: str, page: Page) -> str:
    language = run.language_of(page)
    output = theme.drop_toggle_autocomplete(output)
    output = theme.set_html_direction(output, language.code, language.direction)
    root = htmlscan.parse_document(output)
    refs = list(htmlscan.references(root))
    _raise_for_built(root, refs, source_name(page), page.file.dest_uri)
    run.loads[page.file.abs_dest_path] = [ref.url for ref in refs if ref.loaded]
    if not run.plan.full and not run.fonts_touched:
        run.fonts_touched = _changes_served_characters(run, run.site / page.file.dest_uri,
                                                       output)
    return output


def finish_template(run: Run | None, output: str, template_name: str) -> str:
    language = not_found_language(run, template_name)
    if language is not None:
        output = theme.drop_toggle_autocomplete(output)
        output = theme.set_html_direction(output, language.code, language.direction)
        root = htmlscan.parse_document(output)
        _raise_for_built(root, list(htmlscan.references(root)), template_name,
                         template_name)
    return output


def _raise_for_built(root: Any, refs: list[htmlscan.Reference], source: str,
                     built: str) -> None:
    """The last line of defence: no built page runs, loads or sends anything that is not
    the site's own, whichever setting, template override or translation put it there."""
    found = list(sanitize.page_findings(root, refs))
    if found:
        raise failed([
            Problem(source, None, f"the page built from this file ({built}) would hold "
                    f"{f.message}; check mkdocs.yml, the template overrides and the "
                    "translations")
            for f in found])


def _toc_items(items: Any) -> Any:
    for item in items:
        yield item
        yield from _toc_items(item.children)
