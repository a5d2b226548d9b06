"""`--format markdown`: a summary fit for a pull-request comment or a GitHub job summary.

A heading, the summary line, a table with one row per file and city, then for every result that
is not a plain pass the failing, warning and waived findings, each with its quote.

Everything a proposal, a file name or a strategy says goes through `escape` or `code` (the shared
`escaping` helpers), so that a pull-request comment or job summary shows it without acting on it.

The plain-words helpers at the bottom (the summary line, a finding's citation, a waiver's note)
are shared by the other CI formats, so every format words these things alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, assert_never

from strategikoll import escaping, texts
from strategikoll.engine import Verdict
from strategikoll.errors import located
from strategikoll.strategies import NOT_STATED, Principle, SourceStatus
from strategikoll.wording import decision, message, not_judged_message
from strategikoll.wording import waived as waiver_note

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result
    from strategikoll.strategies import Strategy
    from strategikoll.waivers import WaiverIssue

MARK = {
    Verdict.PASS: "✅",
    Verdict.WARN: "⚠️",
    Verdict.FAIL: "❌",
    Verdict.ERROR: "🛑",
}
WAIVED_MARK = "ℹ️"
STATUS_MARK = {
    SourceStatus.ADOPTED: "",
    SourceStatus.REMISS: "‡",
    SourceStatus.SUMMARY: "§",
    SourceStatus.SECONDARY: "†",
}
"""The mark a strategy's name carries in a table when its source is not the adopted text."""


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


def not_judged_groups(result: Result) -> dict[str, list[Principle]]:
    """The principles a result could not judge, by the reason given: reason → principles."""
    groups: dict[str, list[Principle]] = {}
    for entry in result.not_judged:
        groups.setdefault(not_judged_message(entry), []).append(entry.principle)
    return groups


def verdict_word(verdict: Verdict) -> str:
    """A verdict as a word in running text: `Underkänd` rather than `UNDERKÄND`."""
    return texts.t(f"verdict_{verdict.value}").capitalize()


def escape(text: str) -> str:
    """Text that markdown shows as written, on one line: no markup, HTML, link or mention."""
    return escaping.markdown_text(text)


def code(text: str) -> str:
    """Text as an inline code span, whatever backticks it holds."""
    return escaping.markdown_code(text)


# Plain words shared by the CI formats.


def summary_line(report: Report) -> str:
    """The one-line summary of a run, as the text format ends with it."""
    counts, judged = report.counts(), report.judged()
    verdicts = ", ".join(texts.t(f"n_{v.value}", n=counts[v.value]) for v in Verdict)
    if judged == counts["files"]:
        return texts.t("summary", files=texts.t("n_files", n=counts["files"]), verdicts=verdicts)
    return texts.t(
        "summary_many",
        judged=texts.t("n_judged", n=judged),
        files=texts.t("n_files_of", n=counts["files"]),
        verdicts=verdicts,
    )


def unwaived(result: Result, verdict: Verdict) -> list[Finding]:
    """The findings of `result` with this verdict that no waiver covers."""
    return [f for f in result.findings if f.verdict is verdict and f.waiver is None]


def waived(result: Result) -> list[Finding]:
    """The findings of `result` that a valid waiver covers."""
    return [f for f in result.findings if f.waiver is not None]


def citation_text(principle: Principle | WaiverIssue) -> str:
    """`»quote« — avsnitt S (källa F)`: where in the source the principle comes from; for a
    waiver's issue, the decision it claims."""
    if not isinstance(principle, Principle):
        return decision(principle.waiver)
    citation = principle.spec.citation
    source = f"{texts.t('ci_source')} {citation.source}"
    return f"»{citation.quote}« — {texts.t('section')} {citation.section} ({source})"


def source_status(strategy: Strategy) -> str:
    """What the strategy's source is, as a phrase: `remissversion 2016-06-02, ej antagen …`."""
    spec = strategy.spec
    status = spec.source_status
    match status:
        case SourceStatus.ADOPTED | SourceStatus.SUMMARY | SourceStatus.SECONDARY:
            return texts.t(f"source_status_{status.value}")
        case SourceStatus.REMISS:
            if spec.document_date == NOT_STATED:
                return texts.t("source_status_remiss_undated")
            return texts.t("source_status_remiss", date=spec.document_date)
        case _:
            assert_never(status)


def source_notice(strategy: Strategy) -> str | None:
    """A sentence saying what the source is, where it is not the adopted text; else None."""
    status = strategy.spec.source_status
    if status is SourceStatus.ADOPTED:
        return None
    if status is SourceStatus.SECONDARY:
        return texts.t("secondary")
    return texts.t("source_notice", status=source_status(strategy))


def is_secondary(result: Result) -> bool:
    """Whether findings of this result rest on a secondary source: its strategy's, or one that
    principles it inherits (`extends`) come from."""
    strategy = result.strategy
    if strategy is None:
        return False
    return strategy.spec.secondary_source or any(f.principle.secondary for f in result.findings)


def source_notices(result: Result) -> list[str]:
    """What the head of a result says of its source, once for all its findings."""
    if result.strategy is None:
        return []
    notice = source_notice(result.strategy)
    notices = [notice] if notice else []
    if is_secondary(result) and not result.strategy.spec.secondary_source:
        notices.append(texts.t("secondary"))
    return notices


def status_mark(strategy: Strategy) -> str:
    """`†`, `‡` or `§` after a strategy's name in a table; nothing for an adopted text."""
    return STATUS_MARK[strategy.spec.source_status]


def status_legend(strategies: Iterable[Strategy]) -> list[str]:
    """The lines below a table that explain its marks: `† goteborg@undated: källan är …`."""
    return [f"{status_mark(s)} {s.ref}: {source_status(s)}" for s in strategies if status_mark(s)]
