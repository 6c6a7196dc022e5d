import datetime as dt
import os
from pathlib import Path

from gcm_portal.i18n.translations import (
    State,
    page_states,
    recorded_hash,
    source_hash,
    stamp,
)

SOURCE = "---\ntitle: Work\nreviewed: 2026-11-20\n---\n\nFind work safely.\nNever pay fees.\n"
TRANSLATION = "---\ntitle: Travail\n---\n\nTrouvez un travail sûr.\n"


def _docs(tmp_path: Path) -> Path:
    (tmp_path / "work.md").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "work.fr.md").write_text(TRANSLATION, encoding="utf-8")
    return tmp_path


def test_only_words_change_the_hash(tmp_path):
    docs = _docs(tmp_path)
    before = source_hash(docs / "work.md")
    rewrapped = SOURCE.replace("safely.\nNever", "safely. Never").replace(
        "2026-11-20", "2026-12-01")
    (docs / "work.md").write_text(rewrapped, encoding="utf-8")
    assert source_hash(docs / "work.md") == before
    (docs / "work.md").write_text(SOURCE.replace("Never pay", "Do not pay"), encoding="utf-8")
    assert source_hash(docs / "work.md") != before


def _touch(path: Path, day: str) -> None:
    stamp_time = dt.datetime.fromisoformat(f"{day}T12:00:00").timestamp()
    os.utime(path, (stamp_time, stamp_time))


def test_a_brand_new_translation_is_up_to_date_until_its_source_changes(tmp_path):
    """Nobody has run ``i18n stamp`` on a translation just added: it is not out of date
    for that, only once its source changes after it."""
    docs = _docs(tmp_path)
    _touch(docs / "work.md", "2026-11-01")
    _touch(docs / "work.fr.md", "2026-11-20")
    assert [s.state for s in page_states(docs, ["en", "fr", "ps"], "en")] == [
        State.UP_TO_DATE, State.MISSING]  # no Pashto file
    _touch(docs / "work.md", "2026-11-22")
    assert page_states(docs, ["en", "fr"], "en")[0].state is State.OUTDATED


def test_a_source_edit_outdates_its_translations(tmp_path):
    docs = _docs(tmp_path)
    _touch(docs / "work.fr.md", "2026-11-01")
    _touch(docs / "work.md", "2026-11-20")
    assert [s.state for s in page_states(docs, ["en", "fr", "ps"], "en")] == [
        State.OUTDATED, State.MISSING]  # never stamped, older than its source
    assert stamp(docs / "work.fr.md", docs / "work.md")
    assert not stamp(docs / "work.fr.md", docs / "work.md")  # already current
    assert recorded_hash(docs / "work.fr.md") == source_hash(docs / "work.md")
    assert page_states(docs, ["en", "fr"], "en")[0].state is State.UP_TO_DATE
    (docs / "work.md").write_text(SOURCE + "\nA new rule.\n", encoding="utf-8")
    assert page_states(docs, ["en", "fr"], "en")[0].state is State.OUTDATED


def test_stamping_keeps_the_rest_of_the_front_matter(tmp_path):
    docs = _docs(tmp_path)
    stamp(docs / "work.fr.md", docs / "work.md")
    text = (docs / "work.fr.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: Travail\nsource_hash: ")
    assert text.endswith("---\n\nTrouvez un travail sûr.\n")
