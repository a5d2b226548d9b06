"""`--format json`: one JSON object, the shape fixed by the command-line contract.

The values are exactly what the proposals and strategies say, for programs to read; the document
is written as `escaping.json_document` makes it, valid UTF-8 and free of raw control characters.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, ClassVar

from strategikoll import texts
from strategikoll.escaping import json_document, json_stream
from strategikoll.keeping import Kept
from strategikoll.reporters.base import MadeByWorkers, write_streaming
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

    from strategikoll.engine import Finding, NotJudged, Report, Result
    from strategikoll.proposal import Waiver


class JsonReporter(MadeByWorkers):
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
        """One result as compact JSON, as `result_dict` shapes it.

        Its findings are put together from parts made once per principle and why (`keeping`):
        a large run has hundreds of thousands, which differ in their line and column alone.
        """
        if result.error is not None:
            return _dumps(result_dict(result))
        head = _dumps(result_dict(result, findings=False))[:-1]  # open: the lists follow
        findings = ",".join([finding_json(f) for f in result.findings])
        not_judged = ",".join([not_judged_json(entry) for entry in result.not_judged])
        return f'{head},"findings":[{findings}],"not_judged":[{not_judged}]}}'

    def seen(self, result: Result) -> None:
        pass

    def end(self, report: Report, stream: TextIO) -> None:
        stream.write(f'],"summary":{_dumps(report.counts())}}}\n')


def _dumps(value: object) -> str:
    return json_document(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def result_dict(result: Result, *, findings: bool = True) -> dict[str, Any]:
    """One result as the contract shapes it, with what its strategy's source is; without
    `findings`, all but its findings and the principles not judged (which come last)."""
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
    if findings:
        out["findings"] = [finding_dict(f) for f in result.findings]
        out["not_judged"] = [not_judged_dict(entry) for entry in result.not_judged]
    return out


def not_judged_dict(entry: NotJudged) -> dict[str, Any]:
    """A principle not judged: which, why in words, its citation, what it reads and needs."""
    return {
        "principle": entry.principle.id,
        "title": str(entry.principle.spec.title),
        "topic": entry.principle.spec.topic,
        "message": not_judged_message(entry),
        "citation": citation_dict(entry.principle),
        "fields": list(entry.principle.reads),
        "missing": list(entry.why.gate or entry.why.missing),
    }


def not_judged_json(entry: NotJudged) -> str:
    """`not_judged_dict` as JSON, made once per principle and why."""
    also = texts.language()
    return _SAID.get((entry.principle, entry.why), also, lambda: _dumps(not_judged_dict(entry)))


def finding_json(finding: Finding) -> str:
    """`finding_dict` as JSON. All but the line and column is the same for every finding of a
    principle with the same why and verdict (and funders inferred): made once and kept."""
    subject = finding.principle
    if finding.waiver is not None or not isinstance(subject, Principle):
        return _dumps(finding_dict(finding))
    also = (finding.verdict, finding.inferred, texts.language())
    before, after = _PARTS.get((subject, finding.why), also, lambda: _parts(finding))
    return f'{before}{_number(finding.line)},"column":{_number(finding.column)}{after}'


def _parts(finding: Finding) -> tuple[str, str]:
    text = _dumps(finding_dict(finding._replace(line=0, column=0)))
    before, _, rest = text.partition(',"line":0,"column":0')
    return f'{before},"line":', rest


def _number(value: int | None) -> str:
    return "null" if value is None else str(int(value))


_SAID: Kept[str] = Kept()
_PARTS: Kept[tuple[str, str]] = Kept()


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
