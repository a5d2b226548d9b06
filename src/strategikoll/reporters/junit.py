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

import functools
import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar
from xml.sax.saxutils import quoteattr

from strategikoll import texts
from strategikoll.engine import Verdict, at_least
from strategikoll.errors import located
from strategikoll.escaping import visible, xml_line, xml_text
from strategikoll.reporters.base import every_item, with_items
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
    from strategikoll.reporters.base import Items

INPUT_SUITE = "input-errors"


class JunitReporter:
    """JUnit XML in the shape most CI systems read (Jenkins, GitLab, Azure, test-reporter).

    The cases of each suite are written to a spool of their own as they come, made by the workers
    of a parallel run where they made them; the counts are known once every result has passed,
    and the document is then put together: suites in the order met, the input errors last.
    """

    separator: ClassVar[str] = "\x00"  # between cases a worker made: no XML text holds it

    def worker_items(self, *, to_terminal: bool, fail_on: Verdict | None = None) -> Items:
        """What the workers of a parallel run make of a batch of results: their test cases, as
        `write` makes them for the run's `--fail-on`."""
        del to_terminal  # XML is the same wherever it goes
        return every_item(functools.partial(case_text, fail_on or Verdict.FAIL), self.separator)

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the XML document, one test case at a time: no tree of a run is ever held."""
        level = report.fail_on
        suites: dict[str, Suite] = {}
        made_here = functools.partial(case_text, level)
        try:
            for result, case in with_items(report.rendered(), self.separator, made_here):
                name = suite_name(result)
                if name not in suites:
                    suites[name] = Suite()
                suites[name].add(result, case, level)
            order = sorted(suites, key=lambda name: name == INPUT_SUITE)
            total = Counts()
            for suite in suites.values():
                total.merge(suite.counts)
            stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
            stream.write(total.start_tag("testsuites", "strategikoll") + "\n")
            for name in order:
                suite = suites[name]
                stream.write(xml_line(f"  {suite.counts.start_tag('testsuite', name)}") + "\n")
                suite.spool.seek(0)
                shutil.copyfileobj(suite.spool, stream, 1 << 20)
                stream.write("  </testsuite>\n")
            stream.write("</testsuites>\n")
        finally:
            for suite in suites.values():
                suite.spool.close()


SPOOL_IN_MEMORY = 4 << 20
"""Characters of a suite's cases kept in memory before its spool goes to a temporary file."""


@dataclass
class Counts:
    """What a suite's start tag says: its cases, failures and errors."""

    tests: int = 0
    failures: int = 0
    errors: int = 0

    def add(self, result: Result, level: Verdict) -> None:
        """Count one case. (A result's verdict counts what no waiver covers, so a case fails
        exactly when its verdict is at the run's `--fail-on` level.)"""
        self.tests += 1
        if result.verdict is Verdict.ERROR:
            self.errors += 1
        elif at_least(result.verdict, level):
            self.failures += 1

    def merge(self, other: Counts) -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors

    def start_tag(self, tag: str, name: str) -> str:
        """`<testsuite name=… tests=… failures=… errors=… skipped="0">`."""
        counts = {
            "name": visible(name),
            "tests": self.tests,
            "failures": self.failures,
            "errors": self.errors,
            "skipped": 0,
        }
        return f"<{tag} " + " ".join(f"{k}={quoteattr(str(v))}" for k, v in counts.items()) + ">"


@dataclass
class Suite:
    """One suite's counts, and its cases as written so far."""

    counts: Counts = field(default_factory=Counts)
    spool: Any = field(
        default_factory=lambda: tempfile.SpooledTemporaryFile(  # noqa: SIM115 - `write` closes it
            max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", newline=""
        )
    )

    def add(self, result: Result, case: str, level: Verdict) -> None:
        self.counts.add(result, level)
        self.spool.write(case)


def case_text(level: Verdict, result: Result) -> str:
    """One result's test case as the document holds it: indented, each line fit for XML."""
    case = testcase(result, level)
    ET.indent(case, level=2)
    text = f"    {ET.tostring(case, encoding='unicode').rstrip()}"
    return "\n".join(map(xml_line, text.split("\n"))) + "\n"


def suite_name(result: Result) -> str:
    """The suite a result belongs to: its strategy's ref, or the input errors."""
    return result.strategy.ref if result.strategy is not None else INPUT_SUITE


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
