"""`--format text`: a verdict headline per file, then the findings that matter with their quotes.

Readable without colour and when piped: symbols and words carry the meaning, colour only adds to it.
`-q` leaves out what passed and `-v` lists it, principle by principle, with the files skipped.
Each line is built once as styled segments. On a terminal rich prints them in colour; anywhere else
they are written as plain text in one go, since printing thousands of lines through rich can cost
as much as judging the files.

Either way every line passes `escaping.log_line` as it is written, whatever its segments hold: what
a proposal, a file name or a strategy says is shown, never acted on by the terminal or the CI log.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from strategikoll import escaping, texts
from strategikoll.engine import Rendered, Verdict
from strategikoll.errors import Problem, located
from strategikoll.reporters.base import DEFAULT_OPTIONS, ReporterOptions, Verbosity, write_rendered
from strategikoll.strategies import Principle
from strategikoll.wording import (
    MARK,
    WAIVED_MARK,
    message,
    not_judged_groups,
    source_notices,
    status_legend,
    status_mark,
    summary_line,
    title,
    unwaived,
    waived,
    waiver_note,
)

if TYPE_CHECKING:
    from rich.console import Console

    from strategikoll.engine import Finding, Report, Result, Spooled
    from strategikoll.reporters.base import Items
    from strategikoll.strategies import Strategy

COLOUR = {
    Verdict.PASS: "green",
    Verdict.WARN: "yellow",
    Verdict.FAIL: "red",
    Verdict.ERROR: "bold red",
}
STYLE = {verdict: (MARK[verdict], colour) for verdict, colour in COLOUR.items()}
WAIVED = (WAIVED_MARK, "cyan")
OVERVIEW_FILES = 1000
"""The largest run that gets the file-by-strategy overview table."""

Segment = tuple[str, str]  # text, rich style ("" for none)
Line = list[Segment]


def make_console(stream: TextIO, color: bool = True) -> Console:
    """A rich console on `stream`; lines are not wrapped when it is not a terminal.

    Without `color` it writes no colour, even on a terminal; with it, rich leaves colour out when
    `NO_COLOR` is set and takes a stream for a terminal when `FORCE_COLOR` is. Either way bold and
    dim stay on a terminal, as https://no-color.org allows.
    """
    from rich.console import Console

    no_color = None if color else True  # None: as the environment says
    console = Console(file=stream, highlight=False, emoji=False, no_color=no_color)
    if not console.is_terminal:  # a log or a file: no wrapping, no truncated table cells
        console = Console(
            file=stream, highlight=False, emoji=False, width=1000, soft_wrap=True, no_color=no_color
        )
    return console


def terminal(stream: TextIO | None) -> bool:
    """Whether rich could take `stream` for a terminal, told without loading rich: False is
    certain (rich would say so too), True is for rich to decide (`Console.is_terminal`). None
    stands for a file yet to be written, which only the environment can have taken for one.

    Output to a file, a pipe or a CI log is written as plain text, and rich is not imported.
    """
    if os.environ.get("TTY_COMPATIBLE", "") in ("0", "1"):
        return os.environ["TTY_COMPATIBLE"] == "1"
    if os.environ.get("FORCE_COLOR") is not None:
        return True
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty is not None and isatty())
    except ValueError:
        return False


def plain(line: Line) -> str:
    """A line as text, for a log or a file: every part shown `escaping.log_line`.

    A finding's requirement and quote are the same lines in file after file: the text of each
    line is kept (a few thousand of them), so a large run shows each once.
    """
    key = tuple(line)
    shown = _PLAIN.get(key)
    if shown is None:
        shown = "".join(escaping.log_line([text for text, _ in line])) + "\n"
        if len(_PLAIN) >= PLAIN_KEPT:
            _PLAIN.clear()
        _PLAIN[key] = shown
    return shown


PLAIN_KEPT = 4096
_PLAIN: dict[tuple[Segment, ...], str] = {}


def plain_items(options: ReporterOptions, results: Sequence[Result]) -> str:
    """The plain text of each result, as a worker makes it (see `TextReporter.worker_items`)."""
    reporter = TextReporter(options)
    quiet = options.verbosity is Verbosity.QUIET
    return "".join(
        plain(line)
        for result in results
        if not (quiet and result.verdict is Verdict.PASS)
        for line in reporter.result(result)
    )


def excerpt_lines(problem: Problem) -> Iterator[Line]:
    """The line a problem is on, and a caret under its column."""
    for text, style in zip(escaping.excerpt_lines(problem), ("dim", "bold red"), strict=False):
        yield [(text, style)]


class TextReporter:
    """Human-readable output for a terminal or a log."""

    def __init__(self, options: ReporterOptions = DEFAULT_OPTIONS) -> None:
        self.options = options

    def write(self, report: Report, stream: TextIO) -> None:
        """Write every result, the overview when there are several strategies, and a summary.

        What is not a terminal gets plain text, the results' made by the workers of a parallel
        run where they made it (`worker_items`); a terminal gets each line through rich.
        """
        lines = self.lines(report)
        console = make_console(stream, color=self.options.color) if terminal(stream) else None
        if console is not None and console.is_terminal:
            from rich.text import Text

            for line in lines:
                assert isinstance(line, list), "no worker makes the lines of a terminal"
                shown = escaping.log_line([text for text, _ in line])
                styles = [style for _, style in line]
                console.print(Text.assemble(*zip(shown, styles, strict=True)), soft_wrap=True)
        else:
            for line in lines:
                if isinstance(line, list):
                    stream.write(plain(line))
                else:
                    write_rendered(stream, "", line)

    def worker_items(self, *, to_terminal: bool, fail_on: Verdict | None = None) -> Items | None:
        """What the workers of a parallel run make of a batch of results: their plain text, as
        `write` writes it where the output is not a terminal; nothing where it may be one."""
        del fail_on  # the text is the same whatever fails the run
        return None if to_terminal else functools.partial(plain_items, self.options)

    def lines(self, report: Report) -> Iterator[Line | str | Spooled]:
        """Every line of the report, as styled segments, each result's as it comes, or the text
        a worker made of several results.

        Quiet, a result that passed and the overview are left out; verbose, the files skipped
        are listed before the summary.
        """
        quiet = self.options.verbosity is Verbosity.QUIET
        rows: dict[str, dict[str, Verdict]] = {}
        strategies: dict[str, Strategy] = {}
        for each in report.rendered():
            if isinstance(each, Rendered):
                result = each.result
                if each.text:
                    yield each.text
            else:
                result = each
                if not (quiet and result.verdict is Verdict.PASS):
                    yield from self.result(result)
            if result.strategy is not None:
                strategies[result.strategy.ref] = result.strategy
            if len(rows) <= OVERVIEW_FILES:  # beyond that a table helps nobody
                row = rows.setdefault(result.file, {})
                for ref in [result.strategy.ref] if result.strategy else ["*"]:
                    row[ref] = result.verdict
        if len(strategies) > 1 and len(rows) <= OVERVIEW_FILES and not quiet:
            yield from self.overview(rows, list(strategies.values()))
        if self.options.verbosity is Verbosity.VERBOSE:
            yield from self.skipped(report)
        yield [(summary_line(report), "bold")]

    def result(self, result: Result) -> Iterator[Line]:
        """The headline of one result, what its source is when not the adopted text, its findings.

        That the source is a news article or a remiss version is said once, under the headline,
        since it holds for every finding, the passes folded into one line included. Quiet, only
        the failures, warnings and errors follow the headline.
        """
        quiet = self.options.verbosity is Verbosity.QUIET
        label = texts.t(f"verdict_{result.verdict.value}")
        where = f"  ·  {result.strategy.ref}" if result.strategy else ""
        title = f"  ·  {result.title}" if result.title else ""
        yield [
            (label, f"bold {STYLE[result.verdict][1]}"),
            (f"  {result.file}{where}", "bold"),
            (title, ""),
        ]
        for notice in () if quiet else source_notices(result):
            yield [(f"  {notice}", "dim")]
        if result.error is not None:
            for problem in result.error.problems:
                yield [(f"  {located(result.file, problem)}", "")]
                yield from excerpt_lines(problem)
            yield []
            return
        # Failures first, then warnings, then what was waived; within each, the strategy's order.
        for finding in (*unwaived(result, Verdict.FAIL), *unwaived(result, Verdict.WARN)):
            yield from self.finding(result.file, finding)
        if quiet:
            yield []
            return
        for finding in waived(result):
            yield from self.finding(result.file, finding)
        yield from self.passed(result)
        yield from self.not_judged(result)
        if not result.findings and not result.not_judged:
            yield [(f"  {texts.t('principle_applies_none')}", "")]
        yield []

    def passed(self, result: Result) -> Iterator[Line]:
        """The principles met: one line that counts them, or with `-v` one line each."""
        passes = [f for f in result.findings if f.verdict is Verdict.PASS]
        mark, colour = STYLE[Verdict.PASS]
        if self.options.verbosity is Verbosity.VERBOSE:
            for finding in passes:
                subject = finding.principle
                yield [("  ", ""), (mark, colour), (f" {subject.id} — {title(subject)}", "")]
        elif passes:
            count = texts.t("passed_principles", n=len(passes))
            yield [("  ", ""), (mark, colour), (f" {count}", "")]

    def skipped(self, report: Report) -> Iterator[Line]:
        """The files met while walking that were not judged, each with why."""
        if not report.skipped:
            return
        yield [(texts.t("skipped_head"), "bold")]
        for name, reason in report.skipped:
            yield [("  – ", "dim"), (f"{name}: {reason}", "")]
        yield []

    def not_judged(self, result: Result) -> Iterator[Line]:
        """The principles that could not be judged yet, grouped by why, so none vanishes."""
        for reason, principles in not_judged_groups(result).items():
            named = "; ".join(f"{p.spec.title} ({p.id})" for p in principles)
            yield [("  – ", "dim"), (f"{texts.t('not_judged_head')}: {named}", "dim")]
            yield [(f"    {reason}", "dim")]

    def finding(self, file: str, finding: Finding) -> Iterator[Line]:
        """One unmet or unjudgeable principle, with its quote and section."""
        mark, colour = WAIVED if finding.waiver is not None else STYLE[finding.verdict]
        subject = finding.principle
        line = f":{finding.line}" if finding.line else ""
        yield [
            ("  ", ""),
            (mark, colour),
            (" ", ""),
            (subject.id, "bold"),
            (f" ({file}{line})", ""),
        ]
        yield [(f"    {message(finding)}", "")]
        if finding.waiver is not None:
            yield [(f"    {waiver_note(finding.waiver)}", "cyan")]
        if isinstance(subject, Principle):  # a waiver's issue cites the decision, not a strategy
            quote, section = subject.spec.citation.quote, subject.spec.citation.section
            yield [(f"    »{quote}« — {texts.t('section')} {section}", "dim")]

    def overview(
        self, rows: dict[str, dict[str, Verdict]], strategies: list[Strategy]
    ) -> Iterator[Line]:
        """When files were judged by several strategies: a file-by-strategy table of verdicts.

        A strategy whose source is not the adopted text carries a mark, explained below the table.
        """
        # Names shown as they will be written, so that the columns line up.
        cells = [
            (
                escaping.visible(file),
                [self.cell(verdicts.get(s.ref, verdicts.get("*"))) for s in strategies],
            )
            for file, verdicts in rows.items()
        ]
        labels = [escaping.visible(s.ref) + status_mark(s) for s in strategies]
        width = max(len(texts.t("file")), *(len(file) for file, _ in cells))
        widths = [
            max(len(label), *(len(each[i][0]) for _, each in cells))
            for i, label in enumerate(labels)
        ]
        yield [(texts.t("overview"), "bold")]
        header = "  ".join(label.ljust(w) for label, w in zip(labels, widths, strict=True))
        yield [(f"  {texts.t('file').ljust(width)}  {header}", "bold")]
        for file, row_cells in cells:
            line: Line = [(f"  {file.ljust(width)}", "")]
            for (text, colour), w in zip(row_cells, widths, strict=True):
                line += [("  ", ""), (text.ljust(w), colour)]
            yield line
        for legend in status_legend(strategies):
            yield [(f"  {legend}", "dim")]
        yield []

    def cell(self, verdict: Verdict | None) -> Segment:
        """One verdict as a table cell: its mark and word, or a dash."""
        if verdict is None:
            return ("–", "")
        mark, colour = STYLE[verdict]
        return (f"{mark} {texts.t(f'verdict_{verdict.value}')}", colour)
