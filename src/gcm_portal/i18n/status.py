"""``gcm-portal status``: how far each language is translated, in text, Markdown, JSON and SVG.

Pages come from ``translations.page_states``; data and interface strings from
the PO catalogs, where a fuzzy entry is one whose source text changed. Interface
strings are counted as the build uses them: the package's template and catalog with
the portal's over them, so a new portal shows gcm-portal's own strings as translated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from babel.messages.catalog import Catalog

from gcm_portal.i18n import catalogs
from gcm_portal.i18n.translations import State, page_states

KINDS = ("pages", "data", "interface")
STATES = ("translated", "outdated", "missing")
_COLOURS = {"translated": "#1b7f3b", "outdated": "#b25e00", "missing": "#767676"}


@dataclass(frozen=True)
class Counts:
    translated: int = 0
    outdated: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.outdated + self.missing

    def percent(self) -> int:
        return round(100 * self.translated / self.total) if self.total else 100


def _catalog_counts(templates: list[Catalog], catalogs_: list[Catalog]) -> Counts:
    """Count every string of the templates once, by its translation in the last catalog
    that has one: the portal's over the package's, as the build chooses."""
    seen: set[tuple[str, str | None]] = set()
    translated = outdated = total = 0
    for template in templates:
        for entry in template:
            key = (str(entry.id), entry.context)
            if not entry.id or key in seen:
                continue
            seen.add(key)
            total += 1
            found = (c.get(entry.id, context=entry.context) for c in reversed(catalogs_))
            message = next((m for m in found if m is not None and m.string), None)
            if message is None:
                continue
            if message.fuzzy:
                outdated += 1
            else:
                translated += 1
    return Counts(translated, outdated, total - translated - outdated)


def _templates(locales_dir: Path, domain: str) -> list[Catalog]:
    """The package's template of a domain (if it has one), then the portal's."""
    paths = [catalogs.pot_path(catalogs.package_locales(), domain),
             catalogs.pot_path(locales_dir, domain)]
    return [catalogs.read_catalog(path) for path in dict.fromkeys(paths) if path.exists()]


def collect(docs_dir: Path, locales_dir: Path, languages: list[str],
            default: str) -> dict[str, dict[str, Counts]]:
    """{language: {"pages"|"data"|"interface": Counts}} for every non-default language."""
    by_language: dict[str, dict[str, int]] = {}
    for state in page_states(docs_dir, languages, default):
        tally = by_language.setdefault(state.language, dict.fromkeys(STATES, 0))
        tally[state.state.value] += 1
    templates = {domain: _templates(locales_dir, domain) for domain in catalogs.DOMAINS}
    result = {}
    for language in languages:
        if language == default:
            continue
        tally = by_language.get(language, dict.fromkeys(STATES, 0))
        row = {"pages": Counts(tally[State.UP_TO_DATE.value], tally[State.OUTDATED.value],
                               tally[State.MISSING.value])}
        for kind, domain in (("data", "countries"), ("interface", "portal")):
            found = [catalogs.read_catalog(path, language, domain)
                     for path in catalogs.sources(locales_dir, language, domain)]
            row[kind] = _catalog_counts(templates[domain], found)
        result[language] = row
    return result


def as_text(report: dict[str, dict[str, Counts]]) -> str:
    header = f"{'language':<10}" + "".join(f"{kind:>28}" for kind in KINDS)
    lines = [header, " " * 10 + "".join(f"{'done / outdated / missing':>28}" for _ in KINDS)]
    for language, row in report.items():
        cells = "".join(
            f"{f'{c.translated} / {c.outdated} / {c.missing} ({c.percent()}%)':>28}"
            for c in (row[k] for k in KINDS))
        lines.append(f"{language:<10}{cells}")
    return "\n".join(lines) + "\n"


def as_markdown(report: dict[str, dict[str, Counts]]) -> str:
    lines = ["| language | " + " | ".join(KINDS) + " |", "|---" * (len(KINDS) + 1) + "|"]
    for language, row in report.items():
        cells = " | ".join(f"{row[k].translated} translated, {row[k].outdated} outdated, "
                           f"{row[k].missing} missing" for k in KINDS)
        lines.append(f"| {language} | {cells} |")
    return "\n".join(lines) + "\n"


def as_json(report: dict[str, dict[str, Counts]]) -> str:
    data = {language: {kind: {state: getattr(counts, state) for state in STATES}
                       for kind, counts in row.items()}
            for language, row in report.items()}
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def as_svg(report: dict[str, dict[str, Counts]]) -> str:
    """Stacked bars, one row per language and kind, readable in a README or a pull request."""
    bar, row_height, left = 300, 18, 150
    rows = [(language, kind, row[kind]) for language, row in report.items() for kind in KINDS]
    height = 40 + row_height * len(rows)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + bar + 60}" '
             f'height="{height}" role="img" aria-labelledby="title" '
             'font-family="system-ui, sans-serif" font-size="12">',
             '<title id="title">Translation status: translated, outdated and missing, '
             'per language</title>']
    for i, state in enumerate(STATES):
        parts.append(f'<rect x="{left + i * 100}" y="6" width="10" height="10" '
                     f'fill="{_COLOURS[state]}"/><text x="{left + 14 + i * 100}" y="15">'
                     f'{state}</text>')
    for i, (language, kind, counts) in enumerate(rows):
        y = 30 + i * row_height
        parts.append(f'<text x="0" y="{y + 12}">{escape(language)} {kind}</text>')
        x = float(left)
        for state in STATES:
            value = getattr(counts, state)
            width = bar * value / counts.total if counts.total else 0
            if width:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="14" '
                             f'fill="{_COLOURS[state]}"><title>{value} {state}</title></rect>')
            x += width
        parts.append(f'<text x="{left + bar + 6}" y="{y + 12}">{counts.percent()}%</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
