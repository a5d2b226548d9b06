"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other static-analysis viewers.

Every principle of every strategy in the report is a rule, its quote the rule's help; every
warning or failure is a result at the line it concerns. Passes produce no result. A waived finding
is reported with a suppression, so viewers show it as accepted rather than hide it.

A principle from a secondary source (a news article) says so in its rule's help and tags, which
every strategy judged contributes whatever its verdicts, and each of its results says so in its
message and with the property `secondarySource`. What each strategy's source is (adopted text,
remiss version, …) is listed in the run's properties.

Texts meant for people (messages, rule descriptions) show what a proposal or a strategy says
`visible`; the log as a whole is written as `escaping.json_document` makes it, valid UTF-8 whatever
the input.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
from json.encoder import encode_basestring as encode_string
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import quote

import strategikoll
from strategikoll import texts
from strategikoll.engine import Verdict
from strategikoll.escaping import json_document, json_stream, visible
from strategikoll.reporters.base import MadeByWorkers, write_streaming
from strategikoll.reporters.markdown import code, escape
from strategikoll.strategies import Principle, Severity
from strategikoll.waivers import EXPIRED, UNKNOWN, UNREGISTERED
from strategikoll.wording import citation_text, message, source_notice, waiver_note

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result
    from strategikoll.errors import Problem
    from strategikoll.strategies import Strategy
    from strategikoll.waivers import WaiverIssue

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INPUT_ERROR = "strategikoll.input-error"
FINGERPRINT = "strategikoll/v1"
"""Our own key: `primaryLocationLineHash` is GitHub's, computed from the file's text on upload."""

LEVEL = {Severity.FAIL: "error", Severity.WARN: "warning"}
RESULT_LEVEL = {Verdict.FAIL: "error", Verdict.WARN: "warning"}

Json = dict[str, Any]


class SarifReporter(MadeByWorkers):
    """One SARIF log with one run: the results as they come (`Streaming`), then the rules the
    report's strategies define.

    Each result is written by json's C encoder (which neither indents nor streams), so a run of
    any size needs the same memory. The rules follow the results (the order of a run's properties
    means nothing): only then is every strategy known.
    """

    separator: ClassVar[str] = ","

    def __init__(self) -> None:
        self.book = RuleBook()

    def write(self, report: Report, stream: TextIO) -> None:
        """Write the SARIF log as compact JSON."""
        write_streaming(self, report, json_stream(stream))

    def begin(self, stream: TextIO) -> None:
        log = {"$schema": SCHEMA_URI, "version": "2.1.0"}
        stream.write(f'{dumps(log)[:-1]},"runs":[{{"results":[')

    @staticmethod
    def item(result: Result) -> str:
        """The SARIF results of one file and city, comma-separated.

        Results name their rule by `ruleId` alone (`ruleIndex` is optional in SARIF): a worker
        process cannot know the place a rule will have in the log's list.
        """
        return ",".join(sarif_results(result))

    def seen(self, result: Result) -> None:
        if result.strategy is not None:
            self.book.add(result.strategy)

    def end(self, report: Report, stream: TextIO) -> None:
        driver = {
            "name": "strategikoll",
            "version": strategikoll.__version__,
            "semanticVersion": strategikoll.__version__,
            "rules": self.book.rules,
        }
        run = {
            "tool": {"driver": driver},
            "language": texts.language(),
            "columnKind": "unicodeCodePoints",
            "properties": {"strategies": self.book.strategies},
        }
        stream.write(f"],{dumps(run)[1:]}]}}\n")


class RuleBook:
    """The rules of a log, numbered as they first appear: strategikoll's own, then each strategy's.

    Ids are unique across the bundled strategies; should a strategy of one's own reuse an id, the
    first strategy to define it names the rule.
    """

    def __init__(self) -> None:
        self.rules: list[Json] = []
        self.index: dict[str, int] = {}
        self.seen: set[str] = set()
        self.strategies: list[Json] = []
        """What the source of each strategy is, in the order met."""
        for rule in own_rules():
            self.put(rule)

    def add(self, strategy: Strategy) -> None:
        """Every principle of `strategy` as a rule, once per strategy."""
        if strategy.ref in self.seen:
            return
        self.seen.add(strategy.ref)
        self.strategies.append(strategy_properties(strategy))
        for principle in strategy.principles:
            if principle.id not in self.index:
                self.put(principle_rule(principle, strategy))

    def put(self, rule: Json) -> None:
        self.index[rule["id"]] = len(self.rules)
        self.rules.append(rule)


def dumps(value: Any) -> str:
    """Compact JSON, non-ASCII characters as they are but for those `json_document` escapes."""
    return json_document(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def principle_rule(principle: Principle, strategy: Strategy) -> Json:
    """A principle as a rule: its title, its message, and its quote as help."""
    spec = principle.spec
    tags = ["strategikoll", spec.topic, strategy.city]
    if principle.secondary:
        tags.append("secondary-source")
    return {
        "id": spec.id,
        "name": camel_case(spec.id),
        "shortDescription": {"text": visible(str(spec.title))},
        "fullDescription": {"text": visible(str(spec.message))},
        "help": {"text": help_text(principle), "markdown": help_markdown(principle)},
        "defaultConfiguration": {"level": LEVEL[spec.severity]},
        "properties": {"topic": spec.topic, "strategy": strategy.ref, "tags": tags},
    }


def strategy_properties(strategy: Strategy) -> Json:
    """A strategy in the run's properties: which, what its source is, and a note where that is
    not the adopted text."""
    spec = strategy.spec
    out: Json = {"strategy": strategy.ref, "sourceStatus": spec.source_status.value}
    if spec.secondary_source:
        out["secondarySource"] = True
    notice = source_notice(strategy)
    if notice is not None:
        out["note"] = visible(notice)
    return out


def own_rules() -> list[Json]:
    """The rules that are not principles: waivers that expired or name no principle, bad input."""
    return [
        own_rule(EXPIRED, "waiver_expired_title", "ci_waiver_expired_help", "warning", "waivers"),
        own_rule(UNKNOWN, "waiver_unknown_title", "ci_waiver_unknown_help", "error", "waivers"),
        own_rule(
            UNREGISTERED,
            "waiver_unregistered_title",
            "ci_waiver_unregistered_help",
            "error",
            "waivers",
        ),
        own_rule(INPUT_ERROR, "ci_input_error", "ci_input_error_help", "error", "input"),
    ]


def own_rule(rule_id: str, title_key: str, help_key: str, level: str, topic: str) -> Json:
    """A rule of strategikoll's own, described in the words of the current language."""
    return {
        "id": rule_id,
        "name": camel_case(rule_id),
        "shortDescription": {"text": texts.t(title_key)},
        "fullDescription": {"text": texts.t(help_key)},
        "help": {"text": texts.t(help_key), "markdown": texts.t(help_key)},
        "defaultConfiguration": {"level": level},
        "properties": {"topic": topic, "tags": ["strategikoll", topic]},
    }


def help_text(principle: Principle) -> str:
    """The verbatim quote with its section and source file, and any note on the source."""
    lines = [citation_text(principle)]
    if principle.spec.note is not None:
        lines.append(f"{texts.t('note')}: {principle.spec.note}")
    if principle.secondary:
        lines.append(texts.t("secondary"))
    return "\n".join(map(visible, lines))


def help_markdown(principle: Principle) -> str:
    """The help as markdown: the quote as a block quote, then where it is from."""
    citation = principle.spec.citation
    where = (
        f"— {texts.t('section')} *{escape(citation.section)}*, "
        f"{texts.t('ci_source')} {code(citation.source or '')}"
    )
    paragraphs = [f"> {escape(citation.quote)}", where]
    if principle.spec.note is not None:
        paragraphs.append(f"{texts.t('note')}: {escape(str(principle.spec.note))}")
    if principle.secondary:
        paragraphs.append(escape(texts.t("secondary")))
    return "\n\n".join(paragraphs)


def camel_case(rule_id: str) -> str:
    """`sthlm16.no-twin-towns` → `Sthlm16NoTwinTowns`, the `name` SARIF viewers show."""
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", rule_id))


def sarif_results(result: Result) -> list[str]:
    """The SARIF results of one file and city, as JSON: its warnings and failures, or its input
    errors."""
    file = result.file
    if result.error is not None:
        return [dumps(input_error(file, problem)) for problem in result.error.problems]
    strategy = result.strategy
    where = (strategy.ref, strategy.city) if strategy is not None else None
    # A large run has hundreds of thousands of results, which differ in file, line, column and
    # message only: the rest of each is made once per principle and verdict, and reused.
    encoded = file.encode("utf-8", "surrogatepass")
    location = f'"locations":[{{"physicalLocation":{{"artifactLocation":{{"uri":{_uri_json(file)}}}'
    regions: dict[tuple[int | None, int | None], str] = {}
    # The title is the file's, in every result's properties, after the city.
    titled = f',"title":{dumps(visible(result.title))}' if result.title is not None else ""
    out = []
    for finding in result.findings:
        if finding.verdict not in RESULT_LEVEL:
            continue
        if finding.waiver is not None or not isinstance(finding.principle, Principle):
            out.append(dumps(finding_result(file, finding, strategy, result.title)))
            continue
        citation = finding.principle.spec.citation
        secondary = finding.principle.secondary
        head, fingerprinted, fingerprint_tail, tail = _result_parts(
            finding.principle.id,
            citation.source,
            citation.quote,
            finding.verdict,
            where,
            secondary=secondary,
        )
        digest = fingerprinted.copy()
        digest.update(encoded)
        digest.update(fingerprint_tail)
        at = (finding.line, finding.column)
        region = regions.get(at)
        if region is None:
            region = regions[at] = _region(*at)
        out.append(
            f"{head}{_escaped(message_text(finding))}}},{location}{region}}}}}],"
            f'"partialFingerprints":{{"{FINGERPRINT}":"{digest.hexdigest()[:32]}"}}'
            f"{tail[0]}{titled}{tail[1]}"
        )
    return out


def _region(line: int | None, column: int | None) -> str:
    """The JSON of `location`'s region, after the artifact location: empty without a line."""
    if line is None or line < 1:
        return ""
    start = f',"startColumn":{column}' if column is not None and column >= 1 else ""
    return f',"region":{{"startLine":{line}{start}}}'


@functools.lru_cache(maxsize=4096)
def _escaped(message: str) -> str:
    return encode_string(visible(message))


@functools.lru_cache(maxsize=1024)
def _result_parts(
    rule_id: str,
    source: str,
    quote: str,
    verdict: Verdict,
    where: tuple[str, str] | None,
    *,
    secondary: bool,
) -> tuple[str, Any, bytes, tuple[str, str]]:
    """What the results of one principle with one verdict share: the text before the message,
    the fingerprint's hash so far and its bytes after the file, and the text after it, in two
    parts: before and after the file's title."""
    head = f'{{"ruleId":{dumps(rule_id)},"level":"{RESULT_LEVEL[verdict]}","message":{{"text":'
    fingerprinted = hashlib.sha256(f"{rule_id}\0".encode("utf-8", "surrogatepass"))
    fingerprint_tail = f"\0{source}\0{quote}".encode("utf-8", "surrogatepass")
    properties: Json = {"verdict": verdict.value}
    if where is not None:
        properties.update(strategy=where[0], city=where[1])
    properties_json = dumps(properties)[:-1]  # open, for the title to follow
    secondary_json = ',"secondarySource":true' if secondary else ""
    tail = (f',"properties":{properties_json}', f"{secondary_json}}}}}")
    return head, fingerprinted, fingerprint_tail, tail


@functools.lru_cache(maxsize=256)
def _uri_json(file: str) -> str:
    return dumps(file_uri(file))


def finding_result(
    file: str, finding: Finding, strategy: Strategy | None, title: str | None = None
) -> Json:
    """One warning or failure, at its line; suppressed when a waiver covers it."""
    rule_id = finding.principle.id
    source, quote = cited(finding.principle)
    out: Json = {
        "ruleId": rule_id,
        "level": RESULT_LEVEL[finding.verdict],
        "message": {"text": visible(message_text(finding))},
        "locations": [location(file, finding.line, finding.column)],
        # Not the line: a fingerprint must survive edits above it. The citation tells two
        # findings about waivers apart (it is the waiver's decision and reason).
        "partialFingerprints": fingerprint(rule_id, file, source, quote),
        "properties": {"verdict": finding.verdict.value},
    }
    if strategy is not None:
        out["properties"].update(strategy=strategy.ref, city=strategy.city)
    if title is not None:
        out["properties"]["title"] = visible(title)
    if finding.principle.secondary:
        out["properties"]["secondarySource"] = True
    if finding.waiver is not None:
        # "inSource": the waiver is written in the proposal file itself.
        suppression = {"kind": "inSource", "status": "accepted"}
        justification = visible(waiver_note(finding.waiver))
        out["suppressions"] = [{**suppression, "justification": justification}]
    return out


def cited(subject: Principle | WaiverIssue) -> tuple[str, str]:
    """What a finding is about, for its fingerprint: the principle's source and quote, or the
    decision and reason a waiver claims."""
    if isinstance(subject, Principle):
        return subject.spec.citation.source or "", subject.spec.citation.quote
    return subject.waiver.reference, subject.waiver.reason


def message_text(finding: Finding) -> str:
    """A finding's message, saying so when its principle rests on a secondary source."""
    if finding.principle.secondary:
        return f"{message(finding)} {texts.t('secondary')}"
    return message(finding)


def input_error(file: str, problem: Problem) -> Json:
    """A file that could not be read or validated, at the place of the problem."""
    return {
        "ruleId": INPUT_ERROR,
        "level": "error",
        "message": {"text": visible(problem.message)},
        "locations": [location(file, problem.line, problem.column)],
        "partialFingerprints": fingerprint(INPUT_ERROR, file, problem.path or problem.message),
    }


def location(file: str, line: int | None, column: int | None) -> Json:
    """The file as a URI, with the line and column where they are known (both 1-based)."""
    physical: Json = {"artifactLocation": {"uri": file_uri(file)}}
    if line is not None and line >= 1:
        region = {"startLine": line}
        if column is not None and column >= 1:
            region["startColumn"] = column
        physical["region"] = region
    return {"physicalLocation": physical}


@functools.lru_cache(maxsize=256)
def file_uri(file: str) -> str:
    """A relative path stays relative, with forward slashes; an absolute one becomes `file:`."""
    path = PurePath(file)
    if path.is_absolute():
        return path.as_uri()
    # Encoded as the file system encodes names, every byte a URI may not hold percent-escaped.
    return quote(os.fsencode(file.replace(os.sep, "/")), safe="/")


def fingerprint(*parts: str) -> dict[str, str]:
    """A stable identity for a result across runs, from what it is about rather than where."""
    digest = hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return {FINGERPRINT: digest[:32]}
