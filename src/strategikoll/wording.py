"""A judgement in words: what each finding says, in the run's language, made at the edge.

The engine gives its findings as data (`engine.Why`: the state, the reasons, the facts missing);
every format words them here, so that a requirement, what the proposal states and what to add
read the same in the terminal, in JSON, in SARIF and in Markdown:

    Ett samarbetsavtal ska ha ett start- och slutdatum. I förslaget saknas slutdatum (`end_date`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, assert_never

from strategikoll import texts
from strategikoll.conditions import Reason, asked, code
from strategikoll.engine import Verdict
from strategikoll.keeping import Kept
from strategikoll.strategies import (
    NOT_STATED,
    SEVERITY_OF_MODAL,
    Principle,
    Severity,
    SourceStatus,
    city_names,
)

if TYPE_CHECKING:
    from strategikoll.engine import Finding, NotJudged, Report, Result
    from strategikoll.funders import Inference
    from strategikoll.proposal import Waiver
    from strategikoll.strategies import Strategy
    from strategikoll.waivers import WaiverIssue


def message(finding: Finding) -> str:
    """What a finding says: the requirement as the strategy states it, then what the proposal
    states against it, or what to add to it.

    The engine gives the findings of a principle the same `why` for the same facts, so a large
    run words each once (`keeping.Kept`).
    """
    also = (finding.inferred, texts.language())
    return _SAID.get((finding.principle, finding.why), also, lambda: _message(finding))


_SAID: Kept[str] = Kept()


def _message(finding: Finding) -> str:
    subject, why = finding.principle, finding.why
    if not isinstance(subject, Principle):
        return issue_message(subject)
    if why.state == "met":
        return f"{subject.spec.title}: {texts.t('met')}"
    parts = [str(subject.spec.message)]
    if why.state == "unmet":
        parts.append(reasons(why.reasons))
    elif why.state == "unknown":
        parts.append(texts.t("unknown", n=len(why.missing), missing=missing(why.missing)))
    elif why.state == "gate":
        parts.append(gate(subject, why.gate, "when_unknown"))
        if why.reasons:
            parts.append(texts.t("unmet_if_applies", reasons=reasons(why.reasons)))
    parts.append(inferred(finding.inferred))
    return " ".join(part for part in parts if part)


def not_judged_message(entry: NotJudged) -> str:
    """Why a principle was not judged, and what to state for it to be."""
    why = entry.why
    if why.state == "not_ready":
        return texts.t("not_judged_ready", code=code("decision.ready", True))
    words = gate(entry.principle, why.gate, "not_judged")
    if why.reasons:
        words += " " + texts.t("unmet_if_applies", reasons=reasons(why.reasons))
    return words


def gate(principle: Principle, paths: Sequence[str], key: str) -> str:
    when = principle.when.describe() if principle.when is not None else ""
    return texts.t(key, n=len(paths), when=when, missing=missing(paths))


def reasons(found: Iterable[Reason]) -> str:
    """What the proposal states against each part that was not met: one sentence each."""
    return " ".join(dict.fromkeys(capital(r.node.says(r)) for r in found))


def reason_data(found: Iterable[Reason]) -> list[dict[str, Any]]:
    """The reasons as plain data: form, fields read, value stated and what is required."""
    return [r.data() for r in found]


def missing(paths: Sequence[str]) -> str:
    """Facts to state, each with the field that states it: "slutdatum (`end_date`) och om
    avtalet avser ett konkret utbyte (`concrete_exchange`)"."""
    return texts.listed([f"{asked(path)} ({code(path)})" for path in dict.fromkeys(paths)])


def inferred(found: Sequence[Inference]) -> str:
    """What the register of funders inferred, in words; empty when it inferred nothing."""
    if not found:
        return ""
    words = "; ".join(
        texts.t("inferred_external" if i.external else "inferred_own", name=i.name) for i in found
    )
    return texts.t("inferred", inferences=words)


def capital(words: str) -> str:
    """Words with a capital first letter: a sentence, or a catalogue's word as a label."""
    return words[:1].upper() + words[1:]


def city_name(strategy: Strategy) -> str:
    """The city as it is written, capitalised: `malmo` → Malmö (its spelling with å, ä, ö where
    the city has one), any other city with a capital first letter."""
    city = strategy.city
    written = [name for name, canonical in city_names().items() if canonical == city]
    own = [name for name in written if _folded(name) == city and not name.isascii()]
    name = own[0] if own else city
    return capital(name)


def _folded(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# ---------------------------------------------------------------------------------------------
# Subjects: a principle of a strategy, or a waiver in the proposal


def title(subject: Principle | WaiverIssue) -> str:
    """The subject's title in the run's language."""
    if isinstance(subject, Principle):
        return str(subject.spec.title)
    return texts.t(subject.title_key)


def topic(subject: Principle | WaiverIssue) -> str:
    return subject.spec.topic if isinstance(subject, Principle) else "waivers"


def severity(subject: Principle | WaiverIssue) -> Severity:
    return subject.spec.severity if isinstance(subject, Principle) else subject.severity


def decision(waiver: Waiver) -> str:
    """A waiver as a documented departure: »Undantag beslutat av kommunstyrelsen (dnr KS
    2025/123), gäller till och med 2026-12-31: skäl«."""
    reference = waiver.reference
    if not reference.casefold().startswith(("dnr", "reg")):
        reference = texts.t("registration", reference=reference)
    return texts.t(
        "waived",
        body=texts.value_word(waiver.decided_by),
        reference=reference,
        expires=waiver.expires,
        reason=waiver.reason,
    )


def issue_message(issue: WaiverIssue) -> str:
    """What is wrong with a waiver, and the decision it claims."""
    waiver = issue.waiver
    said = texts.t(
        issue.message_key,
        principle=waiver.principle,
        reference=waiver.reference,
        expires=waiver.expires,
        hint=issue.hint,
    )
    return f"{said} {texts.t('claimed', decision=decision(waiver).rstrip('.'))}"


def waiver_note(waiver: Waiver) -> str:
    """`UNDANTAGEN: Undantag beslutat av … (dnr …), gäller till och med …: skäl`."""
    return f"{texts.t('verdict_waived')}: {decision(waiver)}"


def severity_line(principle: Principle) -> str:
    """What kind of requirement it is and what follows when it is not met, in words a reader
    understands: »krav (ska): underkänns om det inte uppfylls«."""
    return texts.t(f"modal_{principle.spec.modal.value}")


def departure(principle: Principle) -> str | None:
    """Where the severity departs from the modal verb: what follows instead, and why."""
    spec = principle.spec
    if spec.severity_reason is None or spec.severity is SEVERITY_OF_MODAL[spec.modal]:
        return None
    consequence = texts.t(f"consequence_{spec.severity.value}")
    return f"{texts.t('severity_departs', consequence=consequence)} {spec.severity_reason}"


def kinds_words(principle: Principle) -> str:
    """The kinds of engagement a principle applies to, by their names."""
    if principle.kinds is None:
        return texts.t("all_kinds")
    return ", ".join(sorted(texts.value_word(kind.value) for kind in principle.kinds))


# ---------------------------------------------------------------------------------------------
# A result in words, shared by every format: its summary, its source, what is open and waived


MARK = {
    Verdict.PASS: "✓",
    Verdict.WARN: "!",
    Verdict.FAIL: "✗",
    Verdict.ERROR: "✗",
}
"""The mark beside a verdict's word in the text and HTML reports: never colour alone."""
WAIVED_MARK = "~"
"""The mark of a finding a documented waiver covers."""

STATUS_MARK = {
    SourceStatus.ADOPTED: "",
    SourceStatus.REMISS: "‡",
    SourceStatus.SUMMARY: "§",
    SourceStatus.SECONDARY: "†",
}
"""The mark a strategy's name carries in a table when its source is not the adopted text."""


def not_judged_groups(result: Result) -> dict[str, list[Principle]]:
    """The principles a result could not judge, by the reason given: reason → principles."""
    groups: dict[str, list[Principle]] = {}
    for entry in result.not_judged:
        groups.setdefault(not_judged_message(entry), []).append(entry.principle)
    return groups


def verdict_word(verdict: Verdict) -> str:
    """A verdict as a word in running text: `Underkänd` rather than `UNDERKÄND`."""
    return texts.t(f"verdict_{verdict.value}").capitalize()


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
