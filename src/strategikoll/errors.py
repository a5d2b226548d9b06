"""One base error, its located form, and the single mapping from errors to exit statuses.

Everything below the command line raises these; only `cli.py` turns them into an exit status.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class ExitStatus(IntEnum):
    """The exit statuses of the command-line contract."""

    OK = 0
    FINDINGS = 1
    ERROR = 2


@dataclass(frozen=True)
class Problem:
    """One located problem in an input file: what is wrong and where."""

    message: str
    line: int | None = None
    column: int | None = None
    path: str | None = None  # dotted field path inside the document, when there is one
    excerpt: str | None = None  # the line of the file it is on, as written

    def as_dict(self) -> dict[str, object]:
        """The JSON shape of the contract: message, line, column."""
        out: dict[str, object] = {"message": self.message, "line": self.line, "column": self.column}
        if self.path:
            out["field"] = self.path
        if self.excerpt is not None:
            out["excerpt"] = self.excerpt
        return out


_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def source_lines(text: str) -> list[str]:
    """The lines of a YAML text as YAML counts them (which `str.splitlines` does not: it also
    breaks at form feeds and other separators that YAML reads as text)."""
    return _LINE_BREAK.split(text)


EXCERPT_LENGTH = 200
"""At most this much of the line a problem is on is quoted with it."""


class StrategikollError(Exception):
    """Base of every error the program reports to a user instead of a traceback."""

    exit_status = ExitStatus.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(StrategikollError):
    """A command line that cannot be carried out: unknown city, missing option, bad value."""


@dataclass
class InputError(StrategikollError):
    """An input file (proposal or strategy) that could not be read or validated.

    Carries every problem found in the file, not only the first.
    """

    file: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def __reduce__(self) -> tuple[Any, ...]:
        """Rebuilt from its fields when sent to another process."""
        return (InputError, (self.file, self.problems))

    def with_excerpts(self, text: str) -> InputError:
        """The same error, each located problem quoting the line of `text` it is on."""
        lines = source_lines(text)
        problems = [
            dataclasses.replace(p, excerpt=lines[p.line - 1][:EXCERPT_LENGTH])
            if p.line is not None and p.excerpt is None and 0 < p.line <= len(lines)
            else p
            for p in self.problems
        ]
        return InputError(self.file, problems)

    def render(self) -> str:
        """`file:line:column: message`, one line per problem, each followed by the line it is
        on and a caret under its column, where those are known."""
        return "\n".join("\n".join([located(self.file, p), *excerpt(p)]) for p in self.problems)


def located(file: str, problem: Problem) -> str:
    """The one place that formats a problem with its location, compiler style."""
    where = file
    if problem.line is not None:
        where += f":{problem.line}"
        if problem.column is not None:
            where += f":{problem.column}"
    return f"{where}: {problem.message}"


def excerpt(problem: Problem) -> list[str]:
    """The line a problem is on, and a caret under its column (tabs kept, so that it lines up)."""
    if problem.excerpt is None:
        return []
    lines = [f"    {problem.excerpt}"]
    if problem.column is not None and problem.column >= 1:
        lead = "".join(c if c == "\t" else " " for c in problem.excerpt[: problem.column - 1])
        lines.append(f"    {lead}^")
    return lines
