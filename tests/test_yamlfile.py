from pathlib import Path

import pytest

from gcm_portal.errors import PortalError
from gcm_portal.yamlfile import parse

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
