import pytest

from gcm_portal.errors import PortalError, Problem, format_problems, raise_for


def test_problems_are_sorted_and_formatted_one_per_line():
    error = PortalError([Problem("b.yml", 3, "late"), Problem("a.yml", 9, "early")])
    assert str(error) == "a.yml:9: error: early\nb.yml:3: error: late"


def test_warnings_alone_do_not_raise():
    raise_for([Problem("a.md", 1, "long sentence", "warning")])
    with pytest.raises(PortalError):
        raise_for([Problem("a.md", 1, "long sentence", "warning"), Problem("a.md", 2, "bad")])


def test_github_format_is_one_annotation_per_problem():
    problems = [Problem("content/a.md", 3, "broken link: 'b.md'"),
                Problem("content/x, y.md", None, "100% long\nsentence", "warning")]
    assert format_problems(problems, "github") == (
        "::error file=content/a.md,line=3::broken link: 'b.md'\n"
        "::warning file=content/x%2C y.md::100%25 long%0Asentence")
