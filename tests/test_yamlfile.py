import time
from pathlib import Path

import pytest
import yaml

from gcm_portal.errors import PortalError
from gcm_portal.model import yamlfile
from gcm_portal.model.yamlfile import MAX_BYTES, check_settings_file, load, load_settings, parse

TEXT = """\
code: DE
visas:
  items:
    - id: work
      fee:
        amount: 75
reviewed: 2026-11-20
"""


def test_every_key_and_item_knows_its_line():
    doc = parse(TEXT, Path("de.yml"))
    assert doc.line_of(("visas", "items", 0)) == 4
    assert doc.line_of(("visas", "items", 0, "fee", "amount")) == 6
    # A path that does not exist falls back to its nearest parent.
    assert doc.line_of(("visas", "items", 0, "fee", "currency")) == 5


def test_dates_stay_text_for_json_schema():
    assert parse(TEXT, Path("de.yml")).data["reviewed"] == "2026-11-20"


def test_syntax_error_names_the_line():
    with pytest.raises(PortalError) as caught:
        parse("code: DE\nvisas:\n  items: [\n    - id: work\n", Path("de.yml"))
    (problem,) = caught.value.problems
    assert problem.path == "de.yml"
    assert problem.line == 4
    assert "invalid YAML" in problem.message


def test_an_impossible_date_stays_text_for_the_checks_to_report():
    doc = parse("reviewed: 2026-02-30\n", Path("page.md"))
    assert doc.data == {"reviewed": "2026-02-30"}


def _problems(text: str, **options: bool) -> list[str]:
    with pytest.raises(PortalError) as caught:
        parse(text, Path("de.yml"), **options)
    return [str(p) for p in caught.value.problems]


def test_a_duplicate_key_is_an_error_at_the_second_key_naming_the_first():
    text = "visas:\n  fee:\n    amount: 75\n    currency: EUR\n    amount: 7500\n"
    assert _problems(text) == [
        "de.yml:5: error: duplicate key 'amount': it is set already on line 3, and YAML "
        "would silently keep only this one; delete one of the two"]


def test_the_same_key_in_two_mappings_is_no_duplicate():
    doc = parse("a:\n  amount: 1\nb:\n  amount: 2\n", Path("de.yml"))
    assert doc.data == {"a": {"amount": 1}, "b": {"amount": 2}}


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [" + ", ".join([f"*{before}"] * 9) + "]\n"
    for before, name in zip("abcdefgh", "bcdefghi", strict=True))


def test_billion_laughs_is_refused_at_once_at_each_alias_line():
    started = time.perf_counter()
    problems = _problems(BILLION_LAUGHS)
    assert time.perf_counter() - started < 1
    assert problems[0] == ("de.yml:2: error: YAML aliases (*a) are not allowed here; write the "
                           "value out")
    assert [p.split(":")[1] for p in problems] == [str(n) for n in range(2, 10)]


def test_a_recursive_alias_is_an_error_not_a_recursion_error():
    assert _problems("code: DE\nitems: &x\n  - *x\n") == [
        "de.yml:3: error: YAML aliases (*x) are not allowed here; write the value out"]


def test_an_alias_of_a_scalar_is_refused_at_the_alias_line():
    assert _problems("fee: &fee 75\nother:\n  amount: *fee\n") == [
        "de.yml:3: error: YAML aliases (*fee) are not allowed here; write the value out"]


def test_merge_keys_are_refused_in_data():
    assert _problems("a:\n  <<: {x: 1}\n") == [
        "de.yml:2: error: merge keys (<<) are not allowed here; write the fields out"]


def test_an_unclosed_quote_is_reported_where_it_opens():
    text = "".join(f"k{n}: v\n" for n in range(1, 16)) + 'name: "Ministry\n' + \
        "".join(f"m{n}: v\n" for n in range(10))
    assert _problems(text) == [
        "de.yml:16: error: invalid YAML: the quoted text that starts here is never closed; "
        "add the closing quote"]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, monkeypatch):
    path = tmp_path / "de.yml"
    path.write_text("a: '" + "x" * (1_200_000 - 6) + "'\n", encoding="utf-8")
    assert path.stat().st_size == 1_200_000
    monkeypatch.setattr(yamlfile, "parse", None)  # never reached
    with pytest.raises(PortalError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.line is None
    assert problem.message == (
        "1,200 KB is too large: a page, a data file or mkdocs.yml may hold at most "
        "1,000 KB (real ones hold a few KB); check that this is the right file")
    with pytest.raises(PortalError):
        parse("x" * (MAX_BYTES + 1), Path("page.md"))


def test_deep_nesting_is_an_error():
    problems = _problems("a: " + "[" * 200 + "]" * 200 + "\n")
    assert problems == ["de.yml:1: error: nested more than 50 levels deep; a data file never "
                        "needs that many: check the indentation"]


@pytest.mark.parametrize(("text", "message"), [
    ("a: !!int abc\n", "de.yml:1: error: invalid YAML: 'abc' cannot be read as int (invalid "
                       "literal for int() with base 10: 'abc'); remove the tag before the "
                       "value or correct the value"),
    ("a: !foo x\n", "de.yml:1: error: invalid YAML: could not determine a constructor for the "
                    "tag '!foo'; remove the tag before the value or write the value plainly"),
    ("? [a, b]\n: 1\n", "de.yml:1: error: a key must be a plain name, not a list or a mapping; "
                        "write 'name: value'"),
    ("a: 1\nb: \x00\n", "de.yml:2: error: invalid YAML: the control character U+0000 is not "
                        "allowed in a text file; delete it"),
])
def test_values_yaml_cannot_build_are_problems_at_their_line(text, message):
    assert _problems(text) == [message]


def test_every_problem_of_a_file_at_once():
    problems = _problems("a: 1\na: 2\nb: !!int x\nb: 3\n")
    assert [p.split(": error: ")[0] for p in problems] == ["de.yml:2", "de.yml:3", "de.yml:4"]


def test_the_libyaml_parser_is_used_when_there():
    assert issubclass(yamlfile._Loader, getattr(yaml, "CSafeLoader", yaml.SafeLoader))


MKDOCS_YML = """\
site_name: Demo
extra: &extra
  x: 1
copy: *extra
markdown_extensions:
  - pymdownx.emoji:
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
plugins:
  - gcm-portal:
      sample_banner: !ENV [SAMPLE, true]
"""


def test_settings_accept_mkdocs_tags_and_aliases(tmp_path):
    path = tmp_path / "mkdocs.yml"
    path.write_text(MKDOCS_YML, encoding="utf-8")
    assert check_settings_file(path) == []
    doc = load_settings(path)
    assert doc.data["copy"] == {"x": 1}
    assert doc.line_of(("plugins", 0, "gcm-portal", "sample_banner")) == 10
    # MkDocs resolves these itself: their text here is not their value.
    assert ("plugins", 0, "gcm-portal", "sample_banner") in doc.tagged
    assert ("site_name",) not in doc.tagged


def test_settings_merge_keys_keep_the_written_keys(tmp_path):
    doc = parse("d: &d {x: 1, y: 1}\ne:\n  <<: *d\n  y: 2\n", Path("mkdocs.yml"),
                settings=True)
    assert doc.data["e"] == {"x": 1, "y": 2}


@pytest.mark.parametrize(("text", "message"), [
    (BILLION_LAUGHS, "mkdocs.yml:6: error: the aliases (*name) here expand to more than "
                     "100,000 values; write the values out or use fewer aliases"),
    ("nav: &n\n  - *n\n", "mkdocs.yml:1: error: an alias (*name) is used inside its own "
                          "anchor, so the value never ends; write it out"),
    ("site_name: a\nsite_name: b\n", "mkdocs.yml:2: error: duplicate key 'site_name': it is "
                                     "set already on line 1, and YAML would silently keep "
                                     "only this one; delete one of the two"),
])
def test_settings_refuse_alias_bombs_and_duplicates(tmp_path, text, message):
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    assert [str(p).replace(str(tmp_path) + "/", "") for p in check_settings_file(path)] == [
        message]
    assert time.perf_counter() - started < 1
