"""`--format junit`: JUnit XML, for CI systems that show test results.

One test suite per strategy (and one for unreadable files), one test case per file and city. A
failing principle is a `<failure>`; warnings and waived findings are listed in `<system-out>`, and
each case carries its verdict as a property so a warning can be told from a pass. A case judged by
a strategy whose source is not the adopted text (a news article, a remiss version) says so in its
`<system-out>`, a passing case too, and at the end of its failure.

What a proposal, a file name or a strategy says is shown `visible`, one field at a time (every line
of a message is one), and every text and attribute is made fit for XML 1.0 as a last step.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING
from xml.sax.saxutils import quoteattr

from strategikoll import texts
from strategikoll.engine import Verdict
from strategikoll.errors import located
from strategikoll.escaping import visible, xml_line, xml_text
from strategikoll.wording import (
    citation_text,
    message,
    source_notices,
    unwaived,
    waived,
    waiver_note,
)

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result

INPUT_SUITE = "input-errors"


class JunitReporter:
    """JUnit XML in the shape most CI systems read (Jenkins, GitLab, Azure, test-reporter)."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the XML document, one test case at a time.

        The counts are known before the cases are built, so no tree of a whole large run is
        ever held: each case is built, written and let go.
        """
        suites = grouped(report.results)
        level = report.fail_on
        stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        stream.write(start_tag("testsuites", "strategikoll", report.results, level) + "\n")
        for name, results in suites.items():
            stream.write(xml_line(f"  {start_tag('testsuite', name, results, level)}") + "\n")
            for result in results:
                case = testcase(result, level)
                ET.indent(case, level=2)
                text = f"    {ET.tostring(case, encoding='unicode').rstrip()}"
                stream.write("\n".join(map(xml_line, text.split("\n"))) + "\n")
            stream.write("  </testsuite>\n")
        stream.write("</testsuites>\n")


def grouped(results: list[Result]) -> dict[str, list[Result]]:
    """The results by suite: the strategies in the order met, the input errors last."""
    suites: dict[str, list[Result]] = {}
    for result in results:
        suites.setdefault(suite_name(result), []).append(result)
    return {name: suites[name] for name in sorted(suites, key=lambda name: name == INPUT_SUITE)}


def suite_name(result: Result) -> str:
    """The suite a result belongs to: its strategy's ref, or the input errors."""
    return result.strategy.ref if result.strategy is not None else INPUT_SUITE


def start_tag(tag: str, name: str, results: list[Result], level: Verdict = Verdict.FAIL) -> str:
    """`<testsuite name=… tests=… failures=… errors=… skipped="0">` for these results."""
    counts = {
        "name": visible(name),
        "tests": len(results),
        "failures": sum(bool(failing(r, level)) for r in results if r.error is None),
        "errors": sum(r.error is not None for r in results),
        "skipped": 0,
    }
    return f"<{tag} " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in counts.items()) + ">"


def failing(result: Result, level: Verdict = Verdict.FAIL) -> list[Finding]:
    """What makes a case fail: the findings at or above the run's `--fail-on` level that no waiver
    covers, so that the report agrees with the exit status."""
    found = unwaived(result, Verdict.FAIL)
    return [*found, *unwaived(result, Verdict.WARN)] if level is Verdict.WARN else found


def testcase(result: Result, level: Verdict) -> ET.Element:
    """One file judged by one strategy: a failure, an error, or neither; the rest in output."""
    case = ET.Element("testcase", name=visible(result.file), classname=visible(suite_name(result)))
    properties = ET.SubElement(case, "properties")
    ET.SubElement(properties, "property", name="verdict", value=result.verdict.value)
    if result.title:
        ET.SubElement(properties, "property", name="title", value=visible(result.title))
    if result.error is not None:
        problems = [visible(located(result.file, p)) for p in result.error.problems]
        error = ET.SubElement(case, "error", type="input", message=problems[0])
        error.text = clean("\n".join(problems))
        return case
    failures = failing(result, level)
    if failures:
        failure = ET.SubElement(case, "failure", type="fail", message=failure_message(failures))
        notices = shown_notices(result)
        failure.text = clean("\n\n".join([*(describe(f) for f in failures), *notices]))
    output = system_out(result)
    if output:
        ET.SubElement(case, "system-out").text = clean(output)
    return case


def failure_message(failures: list[Finding]) -> str:
    """`2 principer uppfylls inte: id, id`."""
    head = texts.t("ci_failures", n=len(failures))
    return visible(f"{head}: {', '.join(f.principle.id for f in failures)}")


def system_out(result: Result) -> str:
    """What the source is when not the adopted text; the warnings and the waived findings of a
    result, each under its own heading."""
    notices = shown_notices(result)
    sections = ["\n".join(notices)] if notices else []
    warnings = unwaived(result, Verdict.WARN)
    if warnings:
        sections.append(f"{texts.t('ci_warnings')}:\n" + "\n\n".join(map(describe, warnings)))
    exceptions = waived(result)
    if exceptions:
        sections.append(f"{texts.t('ci_waived')}:\n" + "\n\n".join(map(describe, exceptions)))
    return "\n\n".join(sections)


def shown_notices(result: Result) -> list[str]:
    """What the source of a result's strategy is, where it is not the adopted text."""
    return [visible(notice) for notice in source_notices(result)]


def describe(finding: Finding) -> str:
    """`id (rad 3): message`, then the waiver if any, then the quote."""
    where = f" ({texts.t('ci_line', line=finding.line)})" if finding.line else ""
    lines = [f"{finding.principle.id}{where}: {message(finding)}"]
    if finding.waiver is not None:
        lines.append(f"  {waiver_note(finding.waiver)}")
    lines.append(f"  {citation_text(finding.principle)}")
    return "\n".join(map(visible, lines))


def clean(text: str) -> str:
    """Text XML 1.0 can hold, lines kept: anything else is shown as an escape. (Attributes are
    shown `visible`, which leaves nothing XML cannot hold.)"""
    return xml_text(text)
