"""Translation status and outdated translations, on a copy of the demo portal."""

import datetime as dt
import json
import os
import re

from projects import run_cli as run

from gcm_portal.render import formats


def test_editing_an_english_page_outdates_its_translations(project):
    fresh = run(project, "status", "--write", "report")
    assert fresh.returncode == 0, fresh.stderr
    assert "outdated:" not in fresh.stdout
    report = json.loads((project / "report/status.json").read_text(encoding="utf-8"))
    assert report["ps"]["pages"] == {"translated": 6, "outdated": 0, "missing": 1}

    page = project / "content/documents/index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nKeep a photo of your passport.\n",
                    encoding="utf-8")
    # Not in git here, so the change date is the file's: set, so that midnight changes nothing.
    changed = dt.datetime(2026, 11, 23, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(page, (changed, changed))
    result = run(project, "status", "--write", "report")
    assert result.returncode == 0, result.stderr
    for lang in ("fr", "es", "ar", "bn", "ne", "ps"):
        assert (f"content/documents/index.{lang}.md: outdated: documents/index.md changed "
                "since this translation") in result.stdout
    report = json.loads((project / "report/status.json").read_text(encoding="utf-8"))
    assert report["ps"]["pages"] == {"translated": 5, "outdated": 1, "missing": 1}
    svg = (project / "report/status.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and "<title>1 outdated</title>" in svg
    assert "| ps | 5 translated, 1 outdated, 1 missing" in \
        (project / "report/status.md").read_text(encoding="utf-8")

    built = run(project, "build")
    assert built.returncode == 0, built.stderr
    html = (project / "site/fr/documents/index.html").read_text(encoding="utf-8")
    notice = re.search(r'<p class="gcm-notice gcm-notice--outdated" role="note" dir="auto">'
                       r'([^<]+)</p>', html)
    assert notice, "no outdated notice"
    # The file's date, written the French way (in local time, as the notice reads it).
    assert formats.date(dt.date.fromtimestamp(changed), "fr") in notice.group(1)
    assert "gcm-notice--outdated" not in \
        (project / "site/fr/about/index.html").read_text(encoding="utf-8")

    stamped = run(project, "i18n", "stamp", "content/documents/index.fr.md")
    assert stamped.returncode == 0, stamped.stderr
    assert "content/documents/index.fr.md: outdated" not in run(project, "status").stdout
