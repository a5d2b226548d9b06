"""`--format text`: a verdict headline per file, then the findings that matter with their quotes.

Readable without colour and when piped: symbols and words carry the meaning, colour only adds to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape

from strategikoll import texts
from strategikoll.engine import Verdict
from strategikoll.errors import located

if TYPE_CHECKING:
    from strategikoll.engine import Finding, Report, Result

STYLE = {
    Verdict.PASS: ("✓", "green"),
    Verdict.WARN: ("!", "yellow"),
    Verdict.FAIL: ("✗", "red"),
    Verdict.ERROR: ("✗", "bold red"),
}


def make_console(stream: TextIO) -> Console:
    """A rich console on `stream`; lines are not wrapped when it is not a terminal."""
    console = Console(file=stream, highlight=False, emoji=False)
    if not console.is_terminal:  # a log or a file: no wrapping, no truncated table cells
        console = Console(file=stream, highlight=False, emoji=False, width=1000, soft_wrap=True)
    return console


class TextReporter:
    """Human-readable output for a terminal or a log."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write every result, then one summary line."""
        console = make_console(stream)
        for result in report.results:
            self.result(console, result)
        self.overview(console, report)
        counts = report.counts()
        judged = len(report.results)
        key = "summary" if judged == counts["files"] else "summary_many"
        console.print(texts.t(key, judged=judged, **counts), style="bold")

    def overview(self, console: Console, report: Report) -> None:
        """When files were judged by several strategies: a file-by-strategy table of verdicts."""
        strategies = list(dict.fromkeys(r.strategy.ref for r in report.results if r.strategy))
        if len(strategies) < 2:
            return
        from rich.table import Table

        table = Table(title=texts.t("overview"), title_justify="left", box=None, padding=(0, 2))
        table.add_column(texts.t("file"))
        for ref in strategies:
            table.add_column(ref)
        rows: dict[str, dict[str, Verdict]] = {}
        for r in report.results:
            row = rows.setdefault(r.file, {})
            for ref in [r.strategy.ref] if r.strategy else strategies:
                row[ref] = r.verdict
        for file, verdicts in rows.items():
            cells = [self.cell(verdicts.get(ref)) for ref in strategies]
            table.add_row(escape(file), *cells)
        console.print(table)
        console.print()

    def cell(self, verdict: Verdict | None) -> str:
        """One verdict as a table cell: its mark and word, or a dash."""
        if verdict is None:
            return "–"
        mark, colour = STYLE[verdict]
        return f"[{colour}]{mark} {texts.t(f'verdict_{verdict.value}')}[/]"

    def result(self, console: Console, result: Result) -> None:
        """The headline of one result and its findings."""
        label = texts.t(f"verdict_{result.verdict.value}")
        colour = STYLE[result.verdict][1]
        where = f"  ·  {result.strategy.ref}" if result.strategy else ""
        console.print(f"[{colour}]{label}[/]  {escape(result.file)}{where}", style="bold")
        if result.error is not None:
            for problem in result.error.problems:
                console.print(f"  {escape(located(result.file, problem))}")
            console.print()
            return
        passed = [f for f in result.findings if f.verdict is Verdict.PASS]
        # Failures first, then warnings, then what was waived; within each, the strategy's order.
        for verdict in (Verdict.FAIL, Verdict.WARN):
            for finding in result.findings:
                if finding.verdict is verdict and finding.waiver is None:
                    self.finding(console, result.file, finding)
        for finding in result.findings:
            if finding.waiver is not None:
                self.finding(console, result.file, finding)
        if passed:
            mark, colour = STYLE[Verdict.PASS]
            console.print(
                f"  [{colour}]{mark}[/] {texts.t('passed_principles', count=len(passed))}"
            )
        if not result.findings:
            console.print(f"  {texts.t('principle_applies_none')}")
        console.print()

    def finding(self, console: Console, file: str, finding: Finding) -> None:
        """One unmet or unjudgeable principle, with its quote and section."""
        mark, colour = STYLE[finding.verdict]
        if finding.waiver is not None:
            mark, colour = "~", "cyan"
        spec = finding.principle.spec
        line = f":{finding.line}" if finding.line else ""
        console.print(f"  [{colour}]{mark}[/] [bold]{escape(spec.id)}[/] ({escape(file)}{line})")
        console.print(f"    {escape(finding.message)}")
        if finding.waiver is not None:
            waiver = finding.waiver
            waived = texts.t(
                "waived",
                body=texts.value_word(waiver.decided_by),
                reference=waiver.reference,
                expires=waiver.expires,
                reason=waiver.reason,
            )
            console.print(f"    [cyan]{texts.t('verdict_waived')}: {escape(waived)}[/]")
        quote = escape(spec.citation.quote)
        section = escape(spec.citation.section)
        console.print(f"    [dim]»{quote}« — {texts.t('section')} {section}[/]")
        if finding.principle.secondary:
            console.print(f"    [dim]{texts.t('secondary')}[/]")
