"""`--format github`: GitHub Actions workflow commands, shown as annotations on the changed files.

One `::error` or `::warning` per failing or warning finding and per input problem, a `::notice`
per waived finding; a finding from a secondary source (a news article) says so in its message.
When `GITHUB_STEP_SUMMARY` names a file, the markdown report is appended to it as the job summary.
A plain summary line ends the output.

Every part of a command is shown `visible` and escaped as GitHub's toolkit escapes it, so that what
a proposal, a file name or a strategy says stays inside its command: it cannot end the line, start
a command of its own, or reach the log as a control sequence.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import TYPE_CHECKING

from strategikoll import texts
from strategikoll.engine import Verdict
from strategikoll.escaping import workflow_data, workflow_property
from strategikoll.reporters.markdown import MarkdownReporter, headline
from strategikoll.reporters.sarif import INPUT_ERROR, message_text
from strategikoll.runner import STDIN
from strategikoll.wording import summary_line, waiver_note

if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result

COMMAND = {Verdict.FAIL: "error", Verdict.WARN: "warning"}
SUMMARY_LIMIT = 1024 * 1024
"""GitHub drops a job summary larger than this (1 MiB a step) as a whole."""


class GithubReporter:
    """Annotations for the log, a job summary for the run's page."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the commands, append the job summary, end with the summary line.

        The commands are written as the results come; only a job summary, which needs every
        result twice (a table, then details), makes the report keep them.
        """
        results = report.results if os.environ.get("GITHUB_STEP_SUMMARY") else report
        # Findings about a waiver repeat for every city checked, word for word: one annotation.
        # A file's results come together, so remembering one file's lines is enough.
        file: str | None = None
        written: set[str] = set()
        for result in results:
            if result.file != file:
                file, written = result.file, set()
            for line in commands(result):
                if line not in written:
                    written.add(line)
                    stream.write(line + "\n")
        append_job_summary(report, stream)
        stream.write(summary_line(report) + "\n")


def commands(result: Result) -> Iterator[str]:
    """A workflow command per input problem and per finding that is not a pass."""
    if result.error is not None:
        for problem in result.error.problems:
            where = (result.file, problem.line, problem.column)
            yield command("error", where, INPUT_ERROR, problem.message)
    else:
        yield from finding_commands(result)


def finding_commands(result: Result) -> Iterator[str]:
    """`::error`/`::warning` for open findings, `::notice` for waived ones."""
    for finding in result.findings:
        if finding.verdict not in COMMAND:
            continue
        kind, said = kind_and_message(finding)
        where = (result.file, finding.line, finding.column)
        if result.title:  # which proposal, in its own words, first
            said = f"{result.title} — {said}"
        yield command(kind, where, finding.principle.id, said)


def kind_and_message(finding: Finding) -> tuple[str, str]:
    """The command a finding becomes, and its message (naming the waiver if one covers it, and
    saying so when the principle rests on a secondary source)."""
    said = message_text(finding)
    if finding.waiver is None:
        return COMMAND[finding.verdict], said
    return "notice", f"{said} {waiver_note(finding.waiver)}"


def command(
    kind: str,
    where: tuple[str, int | None, int | None],
    title: str,
    message: str,
) -> str:
    """`::kind file=…,line=…,col=…,title=…::message`, each part shown and escaped."""
    file, line, column = where
    properties = {"file": file if file != STDIN else None, "line": line, "col": column}
    if line is None:
        properties["col"] = None
    pairs = [f"{k}={workflow_property(str(v))}" for k, v in properties.items() if v is not None]
    pairs.append(f"title={workflow_property(title)}")
    return f"::{kind} {','.join(pairs)}::{workflow_data(message)}"


def append_job_summary(report: Report, stream: TextIO) -> None:
    """Append the markdown report to `$GITHUB_STEP_SUMMARY`, never truncating what is there.

    Rendered first, written in one go: a failing write leaves no half summary behind, and is
    reported as a warning rather than failing the check.
    """
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    buffer = io.StringIO()
    MarkdownReporter().write(report, buffer)
    text = buffer.getvalue()
    if len(text.encode("utf-8", "backslashreplace")) > SUMMARY_LIMIT:
        text = f"{headline(report)}\n{texts.t('ci_summary_too_large')}\n"
    try:
        with Path(target).open("a", encoding="utf-8", errors="backslashreplace") as summary:
            summary.write("\n" + text)
    except OSError as exc:
        reason = texts.t("ci_summary_unwritable", path=target, reason=exc.strerror or exc)
        stream.write(f"::warning::{workflow_data(reason)}\n")
