"""`--format markdown`: a summary fit for a pull-request comment or a GitHub job summary.

A heading, the summary line, a table with one row per file and city, then for every result that
is not a plain pass the failing, warning and waived findings, each with its quote.

Everything a proposal, a file name or a strategy says goes through `escape` or `code` (the shared
`escaping` helpers), so that a pull-request comment or job summary shows it without acting on it.

The plain-words helpers at the bottom (the summary line, a finding's citation, a waiver's note)
are shared by the other CI formats, so every format words these things alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strategikoll import escaping, texts
from strategikoll.engine import Verdict
from strategikoll.errors import located
from strategikoll.strategies import Principle
from strategikoll.wording import (
    message,
    not_judged_groups,
    source_notices,
    status_legend,
    status_mark,
    summary_line,
    unwaived,
    verdict_word,
    waived,
    waiver_note,
)

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result

MARK = {
    Verdict.PASS: "✅",
    Verdict.WARN: "⚠️",
    Verdict.FAIL: "❌",
    Verdict.ERROR: "🛑",
}
WAIVED_MARK = "ℹ️"


class MarkdownReporter:
    """GitHub-flavoured markdown for people who review proposals, not for machines."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Heading, summary, the table of verdicts, then the findings of each result."""
        stream.write(headline(report))
        if not report.results:
            return
        stream.write("\n" + "\n".join(table(report.results)) + "\n")
        strategies = {r.strategy.ref: r.strategy for r in report.results if r.strategy}
        legend = status_legend(strategies.values())
        if legend:
            stream.write("\n" + " \\\n".join(map(escape, legend)) + "\n")
        for result in report.results:
            lines = details(result)
            if lines:
                stream.write("\n" + "\n".join(lines) + "\n")


def headline(report: Report) -> str:
    """The heading and the summary line: the part of the report that always fits."""
    heading = f"## strategikoll · {texts.t('ci_title')}\n\n"
    if not report.judged():
        return f"{heading}{texts.t('ci_no_results')}\n"
    return f"{heading}**{escape(summary_line(report))}**\n"


def table(results: list[Result]) -> list[str]:
    """The table: one row per file and city, with the verdict and the counts of what is open."""
    headings = ("file", "ci_strategy", "ci_verdict", "ci_failed", "ci_warned")
    lines = [
        "| " + " | ".join(texts.t(key).capitalize() for key in headings) + " |",
        "| --- | --- | --- | ---: | ---: |",
    ]
    for result in results:
        cells = [escaping.markdown_cell_code(result.file)]
        strategy = result.strategy
        cells.append(escape(strategy.ref) + status_mark(strategy) if strategy else "–")
        cells.append(f"{MARK[result.verdict]} {verdict_word(result.verdict)}")
        if result.error is None:
            cells += [str(len(unwaived(result, v))) for v in (Verdict.FAIL, Verdict.WARN)]
        else:
            cells += ["–", "–"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def details(result: Result) -> list[str]:
    """A heading and a list of the findings that are not passes; nothing for a plain pass."""
    heading = f"#### {MARK[result.verdict]} {code(result.file)}"
    if result.title:
        heading += f" · {escape(result.title)}"
    if result.error is not None:
        return [
            heading,
            "",
            *(f"- {escape(located(result.file, p))}" for p in result.error.problems),
        ]
    items = [item(MARK[v], f) for v in (Verdict.FAIL, Verdict.WARN) for f in unwaived(result, v)]
    items += [item(WAIVED_MARK, f, waived=True) for f in waived(result)]
    items += [
        f"- – {escape(texts.t('not_judged_head'))}: "
        f"{'; '.join(f'{escape(str(p.spec.title))} (**{escape(p.id)}**)' for p in principles)}"
        f" \\\n  {escape(reason)}"
        for reason, principles in not_judged_groups(result).items()
    ]
    if not items:
        return []
    assert result.strategy is not None
    notices = [f"*{escape(notice)}*" for notice in source_notices(result)]
    head = [f"{heading} · {escape(result.strategy.ref)}", ""]
    return [*head, *([" \\\n".join(notices), ""] if notices else []), *items]


def item(mark: str, finding: Finding, *, waived: bool = False) -> str:
    """One finding as a list item: id, line and message; its quote on a line of its own."""
    where = f" ({texts.t('ci_line', line=finding.line)})" if finding.line else ""
    first = f"- {mark} **{escape(finding.principle.id)}**{where}: {escape(message(finding))}"
    if waived and finding.waiver is not None:
        first += f" \\\n  {escape(waiver_note(finding.waiver))}"
    if not isinstance(finding.principle, Principle):  # a waiver's issue: no quote of a strategy
        return first
    citation = finding.principle.spec.citation
    quote = f"*»{escape(citation.quote)}«* — {texts.t('section')} {escape(citation.section)}"
    return f"{first} \\\n  {quote}"


def escape(text: str) -> str:
    """Text that markdown shows as written, on one line: no markup, HTML, link or mention."""
    return escaping.markdown_text(text)


def code(text: str) -> str:
    """Text as an inline code span, whatever backticks it holds."""
    return escaping.markdown_code(text)
