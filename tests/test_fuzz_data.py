"""Fuzzing the data loader: whatever an editor (or an attacker) writes in a country file or
front matter, the answer is Problems, never a traceback, and never a hang."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcm_portal.adapter.config import check_file
from gcm_portal.errors import PortalError, Problem
from gcm_portal.model.countries import load_countries, validate
from gcm_portal.model.yamlfile import YamlDoc, parse

ROOT = Path(__file__).resolve().parent.parent
DEMO = (ROOT / "content" / "countries" / "de.yml").read_text(encoding="utf-8")
DEMO_DATA = yaml.safe_load(DEMO)
FUZZ = settings(max_examples=150, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of YAML syntax, so that random text reaches the parser's corners quickly.
FRAGMENTS = st.sampled_from([
    "code: DE", "visas:", "  items:", "    - id: a", "amount: 75", "amount: 7500", ": ", "- ",
    "  ", "\n", "&a ", "*a", "&b [*a, *a]", "!!int ", "!!float ", "!!binary ", "!!timestamp ",
    "!!set ", "!!python/name:os.system", "!ENV ", "<<: ", "? ", '"', "'", "[", "]", "{", "}",
    ",", "|", ">", "#", "---", "...", "%YAML 1.1", "2026-02-30", "~", ".nan", "0x1F", "1e999",
    "\u202e", "\u2066", "\u200c", "\ufeff", "\t", "\x00", "\r",
    "url: 'https://x.example/\" onmouseover=\"x'",
])
YAMLISH = st.lists(st.one_of(FRAGMENTS, st.text(max_size=8)), max_size=40).map("".join)

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                    st.text(max_size=20))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=10), children, max_size=4)),
    max_leaves=25)


def _only_problems(problems: list[Problem]) -> None:
    assert all(isinstance(p, Problem) and p.message for p in problems), problems


def _parse(text: str, **options: bool) -> YamlDoc | None:
    try:
        return parse(text, Path("de.yml"), **options)
    except PortalError as exc:
        _only_problems(exc.problems)
        return None


@FUZZ
@given(YAMLISH)
def test_yamlish_text_gives_data_or_problems(text):
    doc = _parse(text)
    _parse(text, settings=True)
    if doc is not None:
        _only_problems(validate(doc))


def _paths(value: Any, key: tuple = ()) -> list[tuple]:
    found = [key]
    if isinstance(value, dict):
        for name, item in value.items():
            found += _paths(item, (*key, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found += _paths(item, (*key, i))
    return found


def _replaced(data: Any, key: tuple, new: Any) -> Any:
    if not key:
        return new
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[key[0]] = _replaced(copy[key[0]], key[1:], new)
    return copy


def _load(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "de.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
        countries, problems = load_countries(Path(folder), ["DE"])
    _only_problems(problems)
    assert len(countries) <= 1


@FUZZ
@given(st.data())
def test_the_demo_file_with_any_value_anywhere_gives_problems(data):
    """A real country file with one value swapped for a random structure."""
    paths = _paths(DEMO_DATA)
    key = data.draw(st.sampled_from(paths))
    new = data.draw(VALUES)
    _load(yaml.safe_dump(_replaced(DEMO_DATA, key, new), allow_unicode=True))


@FUZZ
@given(st.data())
def test_the_demo_file_with_its_text_cut_and_spliced_gives_problems(data):
    """The real file's text with a line removed, repeated or mangled: duplicate keys,
    broken indentation, unclosed quotes."""
    lines = DEMO.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1))
    action = data.draw(st.sampled_from(["drop", "repeat", "insert"]))
    if action == "drop":
        del lines[i]
    elif action == "repeat":
        lines.insert(i, lines[i])
    else:
        at = data.draw(st.integers(0, len(lines[i])))
        lines[i] = lines[i][:at] + data.draw(YAMLISH) + lines[i][at:]
    _load("".join(lines))


@FUZZ
@given(VALUES)
def test_any_structure_as_a_whole_file_gives_problems(value):
    _load(yaml.safe_dump(value, allow_unicode=True))


OPTION_NAMES = st.sampled_from(["publisher", "languages", "help", "sample_banner", "report_url",
                                "countries", "name", "url", "label", "phone", "hours"])
OPTIONS = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=3),
                               st.dictionaries(st.one_of(OPTION_NAMES, st.text(max_size=6)),
                                               children, max_size=4)),
    max_leaves=20)


@FUZZ
@given(OPTIONS, st.one_of(OPTIONS, st.lists(st.text(max_size=5))))
def test_any_plugin_options_in_mkdocs_yml_give_problems(options, nav):
    settings_text = yaml.safe_dump({"site_name": "Demo", "nav": nav,
                                    "plugins": [{"gcm-portal": options}]}, allow_unicode=True)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "mkdocs.yml"
        path.write_text(settings_text, encoding="utf-8", errors="surrogatepass")
        _only_problems(check_file(path))
