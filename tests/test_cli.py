"""Bad input: a clear `path:line` error, exit status 1, no traceback, site/ untouched."""

from __future__ import annotations

import subprocess
import sys

import pytest
from projects import replace, tree_digest
from projects import run_cli as run

from gcm_portal.cli import main

# name: (file, text, replacement, message, lines from the edit to the reported line)
CASES = {
    # YAML notices the unclosed bracket on the next line, and says so.
    "malformed YAML": ("content/countries/de.yml", "  items:\n", "  items: [\n",
                       "invalid YAML", 1),
    "schema violation": ("content/countries/ca.yml", "amount: ", "amount: free #",
                         "is not of type 'number'", 0),
    "unknown language": ("mkdocs.yml", "languages: [en,", "languages: [en, xx,",
                         "'xx' is not a language CLDR knows", 0),
    "unknown country": ("mkdocs.yml", "countries: [DE,", "countries: [QQ, DE,",
                        "unknown country code 'QQ'", 0),
    "broken link": ("content/about.md", "\n\n", "\n\nSee [this](nowhere.md).\n\n",
                    "broken link: 'nowhere.md'", 2),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_reported_and_the_site_is_left_intact(project, case):
    name, old, new, message, offset = CASES[case]
    line = replace(project / name, old, new)
    before = tree_digest(project / "site")
    result = run(project, "build")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    location = f"{name}:{line + offset}: error:"
    assert any(location in row and message in row for row in result.stderr.splitlines()), \
        result.stderr
    assert tree_digest(project / "site") == before


def test_missing_default_language_page(project):
    (project / "content/services/index.md").rename(project / "content/services/moved.md")
    (project / "content/services/moved.md").unlink()
    result = run(project, "check")
    assert result.returncode == 1
    assert "content/services/index.fr.md: error: translation without a default-language " \
           "page: create 'services/index.md' in 'en' first" in result.stderr


def test_plain_mkdocs_build_also_stops_before_touching_site(project):
    replace(project / "content/countries/de.yml", "currency: EUR", "currency: 42")
    before = tree_digest(project / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "content/countries/de.yml:4: error: currency: 42 is not of type 'string'" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before


def test_check_passes_on_the_demo(project):
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 3 countries")


def test_a_new_country_file_stops_check_until_its_placeholders_are_replaced(project):
    result = run(project, "new-country", "np")
    assert result.returncode == 0, result.stderr
    assert (project / "content/countries/np.yml").exists()
    assert (project / "schema/country.schema.json").exists()  # which the file names
    replace(project / "mkdocs.yml", "countries: [DE,", "countries: [NP, DE,")
    checked = run(project, "check")
    assert checked.returncode == 1
    errors = [line for line in checked.stderr.splitlines() if ": error: " in line]
    assert errors and all(line.startswith("content/countries/np.yml:") and
                          "placeholder left from `gcm-portal new-country`" in line
                          for line in errors), checked.stderr
    assert run(project, "new-country", "np").returncode == 1  # never overwrites


def test_unknown_country_for_scaffold(project, capsys):
    assert main(["-f", str(project / "mkdocs.yml"), "new-country", "QQ"]) == 1
    assert "unknown country code 'QQ'" in capsys.readouterr().err


def test_plain_mkdocs_build_works_on_mkdocs_yml(project):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", "plain"],
                            cwd=project, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert 'dir="rtl"' in (project / "plain/ps/index.html").read_text(encoding="utf-8")


def test_overrides_replace_country_templates_and_banner_can_be_off(project):
    override = project / "overrides/gcm_portal/country/services.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("Our own services text for {{ country_name }}.\n", encoding="utf-8")
    replace(project / "mkdocs.yml", "sample_banner: true", "sample_banner: false")
    result = run(project, "build")
    assert result.returncode == 0, result.stderr
    html = (project / "site/fr/countries/de/services/index.html").read_text(encoding="utf-8")
    assert "Our own services text for Allemagne." in html
    assert 'class="gcm-sample"' not in html


def test_broken_override_template_is_reported_with_its_line(project):
    override = project / "overrides/gcm_portal/country/return.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("fine\n{% for x in %}\n", encoding="utf-8")
    before = tree_digest(project / "site")
    result = run(project, "build")
    assert result.returncode == 1
    assert "overrides/gcm_portal/country/return.md.j2:2: error: template error:" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert tree_digest(project / "site") == before
