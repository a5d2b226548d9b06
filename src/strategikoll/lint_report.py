"""What `strategikoll lint` prints: a `LintReport` as text, JSON or SARIF.

Each writer gets the report and a stream, and runs nothing again. What a strategy or source file
says is shown as `escaping` shows untrusted text: it could have been written to fool a terminal
or a CI log.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import strategikoll
from strategikoll import texts
from strategikoll.errors import Problem, located
from strategikoll.escaping import display_name, json_document, log_line, visible
from strategikoll.lint import Rule, sentence_text

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.lint import Coverage, LintFinding, LintReport


# text


def write_text(report: LintReport, stream: TextIO) -> None:
    """`lint --format text`: one line per finding, compiler style (`file:line:column: error:
    principle: message`), then the coverage and a summary."""
    strategy, source = display_name(report.strategy), display_name(report.source or "")
    lines = [texts.t("lint_heading", strategy=strategy, source=source)]
    for finding in report.findings:
        lines.append(_located(finding, strategy, source))
    if report.coverage is not None:
        lines.append(_coverage_line(report.coverage))
        if report.coverage.first_line is not None:
            lines.append(
                texts.t(
                    "lint_scope",
                    first=report.coverage.first_line,
                    last=report.coverage.last_line,
                )
            )
    lines.append(summary(report))
    stream.write("".join("".join(log_line([line])) + "\n" for line in lines))


def _located(finding: LintFinding, strategy: str, source: str) -> str:
    about = f"{finding.principle}: " if finding.principle else ""
    said = f"{texts.t(f'lint_{finding.level.value}')}: {about}{finding.message}"
    if finding.in_source:
        return located(source, Problem(said, finding.source_line))
    return located(strategy, Problem(said, finding.line, finding.column))


def _coverage_line(coverage: Coverage) -> str:
    return texts.t(
        "lint_coverage",
        covered=coverage.covered,
        normative=coverage.normative,
        percent=texts.number(coverage.percent),
    )


def summary(report: LintReport) -> str:
    """`0 fel, 2 varningar.`"""
    return texts.t(
        "lint_summary",
        errors=texts.t("lint_errors", n=report.errors),
        warnings=texts.t("lint_warnings", n=report.warnings),
    )


# json


def report_dict(report: LintReport) -> dict[str, Any]:
    """The report as data: the files, a count of each level, the findings and the coverage."""
    coverage = report.coverage
    return {
        "strategy": report.strategy,
        "source": report.source,
        "summary": {"errors": report.errors, "warnings": report.warnings},
        "findings": [finding_dict(finding) for finding in report.findings],
        "coverage": None if coverage is None else coverage_dict(coverage),
    }


def finding_dict(finding: LintFinding) -> dict[str, Any]:
    """One finding: which rule, how grave, about which principle, where, and what it says."""
    out: dict[str, Any] = {
        "rule": finding.rule.value,
        "severity": finding.level.value,
        "principle": finding.principle,
        "line": finding.line,
        "column": finding.column,
        "message": finding.message,
    }
    if finding.source_line is not None:
        out["source_line"] = finding.source_line
    return out


def coverage_dict(coverage: Coverage) -> dict[str, Any]:
    """The coverage: counts, share in per cent, the part of the source counted, and each
    sentence not covered with its line in the source."""
    scope = None
    if coverage.first_line is not None:
        scope = {"first_line": coverage.first_line, "last_line": coverage.last_line}
    return {
        "covered": coverage.covered,
        "normative": coverage.normative,
        "percent": coverage.percent,
        "scope": scope,
        "uncovered": [
            {"line": sentence.line, "sentence": sentence_text(sentence)}
            for sentence in coverage.uncovered
        ],
    }


def write_json(report: LintReport, stream: TextIO) -> None:
    """`lint --format json`: one indented object."""
    stream.write(json_document(json.dumps(report_dict(report), ensure_ascii=False, indent=2)))
    stream.write("\n")


# sarif


def rule_id(rule: Rule) -> str:
    """A lint rule's id in SARIF: `strategikoll.lint.quote`."""
    return f"strategikoll.lint.{rule.value}"


def sarif_log(report: LintReport) -> dict[str, Any]:
    """The report as a SARIF 2.1.0 log of one run: a rule per lint rule, a result per finding
    at its line of the strategy file (a sentence not covered: at its line of the source)."""
    from strategikoll.reporters.sarif import SCHEMA_URI, camel_case, location

    rules = [
        {
            "id": rule_id(rule),
            "name": camel_case(rule_id(rule)),
            "shortDescription": {"text": texts.t(f"lint_rule_{rule.value}")},
            "defaultConfiguration": {"level": "warning" if rule is Rule.COVERAGE else "error"},
        }
        for rule in Rule
    ]
    index = {rule: i for i, rule in enumerate(Rule)}
    results = []
    for finding in report.findings:
        if finding.in_source:
            at = location(report.source or report.strategy, finding.source_line, None)
        else:
            at = location(report.strategy, finding.line, finding.column)
        result: dict[str, Any] = {
            "ruleId": rule_id(finding.rule),
            "ruleIndex": index[finding.rule],
            "level": finding.level.value,
            "message": {"text": visible(finding.message)},
            "locations": [at],
        }
        if finding.principle is not None:
            result["properties"] = {"principle": finding.principle}
        results.append(result)
    properties: dict[str, Any] = {"strategy": report.strategy, "source": report.source}
    if report.coverage is not None:
        properties["coverage"] = coverage_dict(report.coverage)
    driver = {
        "name": "strategikoll",
        "version": strategikoll.__version__,
        "semanticVersion": strategikoll.__version__,
        "rules": rules,
    }
    run = {
        "tool": {"driver": driver},
        "language": texts.language(),
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": properties,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def write_sarif(report: LintReport, stream: TextIO) -> None:
    """`lint --format sarif`: the log as compact JSON."""
    from strategikoll.reporters.sarif import dumps

    stream.write(dumps(sarif_log(report)) + "\n")
