"""Country data as open data: ``<site>/data/<cc>.json`` and ``<site>/data/index.json``.

The same facts readers see, for anyone to reuse (journalists, researchers, other
information services), under the portal's ``data_license``. Each file is the
validated country data as written, in the default language, and validates against
the schema published beside it at ``/schema/country.schema.json``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from babel import Locale

from gcm_portal.model import freshness
from gcm_portal.model.countries import SCHEMA_NAME, SECTIONS, Country

DATA_DIR = "data"
SCHEMA_REF = f"../schema/{SCHEMA_NAME}"


def country_record(country: Country, license: str, generated: dt.date) -> dict[str, Any]:
    """One country's published data: a reference to its schema, the data, licence and date."""
    return {"$schema": SCHEMA_REF, **country.data, "license": license,
            "generated": generated.isoformat()}


def index_record(countries: list[Country], license: str, generated: dt.date) -> dict[str, Any]:
    """The list of published countries, so a reuser needs to know no file name in advance."""
    return {
        "license": license,
        "generated": generated.isoformat(),
        "country_schema": SCHEMA_REF,
        "countries": [
            {
                "code": country.code,
                "name": Locale("en").territories.get(country.code, country.code),
                "file": f"{country.code.lower()}.json",
                "sample": country.sample,
                "reviewed": min(country.data[s]["reviewed"] for s in SECTIONS
                                if s in country.data),
            }
            for country in countries
        ],
    }


def _write(path: Path, record: dict[str, Any]) -> Path:
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def write_open_data(site_dir: Path, countries: list[Country], license: str, *,
                    today: dt.date | None = None) -> list[Path]:
    """Write every country's JSON file and the index; returns the files written."""
    generated = today or freshness.today()
    target = Path(site_dir) / DATA_DIR
    target.mkdir(parents=True, exist_ok=True)
    written = [_write(target / f"{c.code.lower()}.json", country_record(c, license, generated))
               for c in countries]
    written.append(_write(target / "index.json", index_record(countries, license, generated)))
    return written
