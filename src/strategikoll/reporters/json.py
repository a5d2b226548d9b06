"""`--format json`: one JSON object, the shape fixed by the command-line contract.

The values are exactly what the proposals and strategies say, for programs to read; the document
is written as `escaping.json_document` makes it, valid UTF-8 and free of raw control characters.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from strategikoll.escaping import json_document, json_stream
from strategikoll.reporters.base import write_streaming
from strategikoll.strategies import Principle
from strategikoll.wording import (
    is_secondary,
    message,
    not_judged_message,
    reason_data,
    severity,
    title,
    topic,
)

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result
    from strategikoll.proposal import Waiver


class JsonReporter:
    """Summary counts and one object per file and city, written as they come (`Streaming`).

    Each result is written by json's C encoder, compactly (it serves only that), and the summary,
    complete only then, after the results: the order of keys means nothing.
    """

    separator: ClassVar[str] = ","

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the whole report as one JSON document."""
        write_streaming(self, report, json_stream(stream))

    def begin(self, stream: TextIO) -> None:
        stream.write('{"results":[')

    @staticmethod
    def item(result: Result) -> str:
        """One result as compact JSON."""
        return _dumps(result_dict(result))

    def seen(self, result: Result) -> None:
        pass

    def end(self, report: Report, stream: TextIO) -> None:
        stream.write(f'],"summary":{_dumps(report.counts())}}}\n')


def _dumps(value: object) -> str:
    return json_document(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def result_dict(result: Result) -> dict[str, Any]:
    """One result as the contract shapes it, with what its strategy's source is."""
    if result.error is not None:
        problems = [p.as_dict() for p in result.error.problems]
        return {"file": result.file, "verdict": "error", "error": problems[0], "errors": problems}
    assert result.strategy is not None
    out: dict[str, Any] = {
        "file": result.file,
        "title": result.title,
        "city": result.strategy.city,
        "strategy": result.strategy.ref,
        "source_status": result.strategy.spec.source_status.value,
    }
    if is_secondary(result):
        out["secondary_source"] = True
    out["verdict"] = result.verdict.value
    out["findings"] = [finding_dict(f) for f in result.findings]
    out["not_judged"] = [
        {
            "principle": entry.principle.id,
            "title": str(entry.principle.spec.title),
            "topic": entry.principle.spec.topic,
            "message": not_judged_message(entry),
            "citation": citation_dict(entry.principle),
            "fields": list(entry.principle.reads),
            "missing": list(entry.why.gate or entry.why.missing),
        }
        for entry in result.not_judged
    ]
    return out


def finding_dict(finding: Finding) -> dict[str, Any]:
    """One finding: the principle, its verdict and message, its citation and line."""
    subject, why = finding.principle, finding.why
    out: dict[str, Any] = {
        "principle": subject.id,
        "title": title(subject),
        "topic": topic(subject),
        "severity": severity(subject).value,
        "verdict": finding.verdict.value,
        "message": message(finding),
        "citation": citation_dict(subject) if isinstance(subject, Principle) else None,
        "line": finding.line,
        "column": finding.column,
        "fields": list(finding.fields),
        "reasons": reason_data(why.reasons),
        "missing": list(why.missing or why.gate),
    }
    if not isinstance(subject, Principle):  # a waiver's issue: the decision it claims
        out["fields"] = ["waivers"]
        out["decision"] = waiver_dict(subject.waiver)
    if subject.secondary:
        out["secondary_source"] = True
    if finding.waiver is not None:
        out["waived"] = waiver_dict(finding.waiver)
    return out


def waiver_dict(waiver: Waiver) -> dict[str, str]:
    """A waiver as JSON: which principle, why, who decided, the decision's reference, until when."""
    return {
        "principle": waiver.principle,
        "reason": waiver.reason,
        "decided_by": waiver.decided_by.value,
        "reference": waiver.reference,
        "expires": waiver.expires.isoformat(),
    }


def citation_dict(principle: Principle) -> dict[str, str]:
    """The citation: source file, section and the verbatim quote."""
    return principle.spec.citation.model_dump()
