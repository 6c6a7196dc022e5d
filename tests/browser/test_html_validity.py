"""The Nu HTML Checker (vnu.jar, the W3C validator) finds no errors in any built page.

vnu.jar comes from npm (``vnu-jar``) and needs Java. ``.ci/run`` installs it under
.venv/vnu/; elsewhere set $VNU_JAR, or the run stops with the command that installs it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
JAR_IN_VENV = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_command() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("no Java: install a JRE (apt-get install default-jre-headless) to run "
                    "the Nu HTML Checker", pytrace=False)
    jar = Path(os.environ.get("VNU_JAR", JAR_IN_VENV))
    if not jar.is_file():
        pytest.fail(f"no vnu.jar at {jar}: npm install --no-save --ignore-scripts --prefix "
                    ".venv/vnu vnu-jar (as .ci/run does), or set VNU_JAR", pytrace=False)
    return [java, "-Xss4m", "-jar", str(jar)]


@pytest.mark.parametrize("theme", ["material", "gcm"])
def test_every_page_is_valid_html(request, theme):
    """Every page of the demo with Material; with gcm-portal's own theme, every page in a
    language of each direction (the CI's time: the JVM reads about 30 pages a second)."""
    command = vnu_command()
    demo_site = request.getfixturevalue("demo_site" if theme == "material" else
                                        f"{theme}_demo_site")
    pages = sorted(demo_site.rglob("*.html")) if theme == "material" else \
        sorted([*demo_site.glob("*.html"), *(demo_site / "en").rglob("*.html"),
                *(demo_site / "ar").rglob("*.html")])
    assert len(pages) > 50, "the demo site should have all its pages"
    # One run over the whole site: the JVM starts once, so this takes seconds.
    run = subprocess.run([*command, "--errors-only", "--format", "json", "--exit-zero-always",
                          *map(str, pages)], capture_output=True, text=True, check=True)
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]
    # The checker really read the files: a page it could not read is itself an error.
    assert not [m for m in messages if m["type"] == "non-document-error"], messages[:5]
    summary = Counter(m["message"] for m in errors)
    examples = {m["message"]: f"{m['url'].partition(demo_site.name + '/')[2]}:"
                f"{m.get('lastLine')}" for m in errors}
    report = "\n".join(f"{n} x {message}\n    e.g. {examples[message]}"
                       for message, n in summary.most_common())
    if errors:
        pytest.fail(f"{len(errors)} HTML errors in {len(pages)} pages:\n{report}")
