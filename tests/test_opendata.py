"""The open-data export validates against the schema it points to."""

import datetime as dt
import json
from pathlib import Path

import jsonschema

from gcm_portal.builds.opendata import write_open_data
from gcm_portal.model.countries import load_countries, schema

ROOT = Path(__file__).resolve().parent.parent
DAY = dt.date(2026, 11, 24)


def test_every_country_file_validates_and_the_index_lists_them(tmp_path):
    countries, _ = load_countries(ROOT / "content/countries", ["DE", "CA", "AE"])
    written = write_open_data(tmp_path, countries, "CC-BY-4.0", today=DAY)
    names = [p.relative_to(tmp_path).as_posix() for p in written]
    assert names == ["data/de.json", "data/ca.json", "data/ae.json", "data/index.json"]
    validator = jsonschema.Draft202012Validator(schema())
    for country in countries:
        data = json.loads((tmp_path / f"data/{country.code.lower()}.json").read_text("utf-8"))
        assert list(validator.iter_errors(data)) == []
        assert data["$schema"] == "../schema/country.schema.json"
        assert (data["license"], data["generated"]) == ("CC-BY-4.0", "2026-11-24")
        assert data["visas"] == country.data["visas"]
    index = json.loads((tmp_path / "data/index.json").read_text("utf-8"))
    assert index["license"] == "CC-BY-4.0"
    assert index["countries"][0] == {"code": "DE", "name": "Germany", "file": "de.json",
                                     "sample": True, "reviewed": "2026-09-15"}
    assert [c["code"] for c in index["countries"]] == ["DE", "CA", "AE"]


def test_no_countries_still_writes_an_index(tmp_path):
    assert write_open_data(tmp_path / "site", [], "CC0-1.0", today=DAY) == [
        tmp_path / "site/data/index.json"]
