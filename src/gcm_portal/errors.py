"""Problems found in an editor's files, and the one place they are formatted.

Exception tree::

    PortalError            one or more Problems; the CLI prints them and exits 1
    └── (mkdocs) PluginError   raised instead inside MkDocs hooks, same text

Everything that reads editors' files collects ``Problem`` values instead of
raising at the first one, so an editor can fix every mistake in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """Something wrong in a file, at a line an editor can jump to."""

    path: str
    line: int | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """Format as ``path:line: severity: message``, the form editors' tools link.

        >>> str(Problem("content/countries/de.yml", 12, "fee.amount must be a number"))
        'content/countries/de.yml:12: error: fee.amount must be a number'
        >>> str(Problem("mkdocs.yml", None, "no languages", "warning"))
        'mkdocs.yml: warning: no languages'
        """
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


def display_path(path: str | Path, root: str | Path | None = None) -> str:
    """Show a path relative to the project (or working directory) when it is inside it."""
    path = Path(path)
    for base in (root, Path.cwd()):
        if base is None:
            continue
        try:
            return path.resolve().relative_to(Path(base).resolve()).as_posix()
        except ValueError:
            continue
    return path.as_posix()


class PortalError(Exception):
    """One or more problems that stop a build or a check."""

    def __init__(self, problems: Iterable[Problem], *, logged: bool = False) -> None:
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
        self.logged = logged  # printed already (by MkDocs, which logs a plugin's errors)
        super().__init__(format_problems(self.problems))


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


FORMATS = ("text", "github")


def _escape(value: str, *, in_property: bool = False) -> str:
    """Escape a workflow command's data (or property value), as the Actions toolkit does."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if in_property else value


def github_annotation(problem: Problem) -> str:
    """Format as a GitHub Actions workflow command, so the problem shows on the pull request.

    >>> print(github_annotation(Problem("content/about.md", 12, "broken link: 'a.md'")))
    ::error file=content/about.md,line=12::broken link: 'a.md'
    >>> print(github_annotation(Problem("mkdocs.yml", None, "50% done, a:b", "warning")))
    ::warning file=mkdocs.yml::50%25 done, a:b
    """
    where = f"file={_escape(problem.path, in_property=True)}"
    if problem.line is not None:
        where += f",line={problem.line}"
    return f"::{problem.severity} {where}::{_escape(problem.message)}"


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    """One problem a line: ``path:line: severity: message``, or GitHub annotations."""
    line = github_annotation if style == "github" else str
    return "\n".join(line(p) for p in problems)


def raise_for(problems: Iterable[Problem]) -> None:
    """Raise a PortalError when any problem is an error; warnings alone pass."""
    problems = list(problems)
    if errors_in(problems):
        raise PortalError(problems)
