"""`strategikoll lint`: a strategy file checked against the text of its source, and against itself.

A strategy is only as trustworthy as its quotes. `lint` reads the strategy file and the plain text
of the document it is encoded from, and reports, each finding at its line of the strategy file:

- `quote`: a quote (of a principle, or of an `omitted:` entry) that is not in the source text.
  White space and line breaks, soft hyphens, end-of-line hyphenation and the `*` of emphasis do not
  count; every other character does.
- `section`: a quote that does not stand under the heading its `section` names (see `SourceText`
  for what a heading is).
- `severity` and `modal`: a severity that does not follow the modal verb of the quote (of the
  sentence it is cut from, where the quote has none) and gives no reason (`severity_reason`, or a
  note that says how the sentence is read); a quote with no modal verb whose note does not say how
  it is read.
- `coverage`: a sentence of the source with a normative verb that no principle quotes and no
  `omitted:` entry sets aside with a reason; and the share of such sentences covered.
- `never-fails`, `never-passes`, `never-applies`, `always-agree`: principles that no proposal can
  break (or meet), whose `when` excludes every kind they are for, or that judge exactly as an
  earlier one does; found with the witness search of `strategikoll diff`.
- `todo`: a principle still a draft (`todo:`), and every value a draft left `TODO` (an `omitted:`
  reason, the publisher). Nothing else is said about a draft principle or a `TODO` omission.
- `invalid`: what the loader refuses (an unknown field, a bad condition), as a finding.
- `source`: a citation that names another file than the strategy's source, and a `source.scope`
  whose words are not in the text. `scope: {from: "first words", to: "last words"}` in the
  `source:` mapping says which part of the text is the strategy (Stockholm's remiss package holds
  a cover letter and a report before it); only that part counts for coverage.

The analysis is pure: it reads files and returns a `LintReport`; `lint_report` writes it.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from strategikoll import texts

if TYPE_CHECKING:
    from strategikoll.errors import Problem
    from strategikoll.loader import Document
    from strategikoll.strategies import Principle, Strategy


class Level(StrEnum):
    """How much a finding weighs: an error makes `lint` exit 1, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


class Rule(StrEnum):
    """What a finding is about; each rule's id is what the JSON and SARIF output name it by."""

    INVALID = "invalid"
    SOURCE = "source"
    QUOTE = "quote"
    SECTION = "section"
    SEVERITY = "severity"
    MODAL = "modal"
    COVERAGE = "coverage"
    NEVER_FAILS = "never-fails"
    NEVER_PASSES = "never-passes"
    NEVER_APPLIES = "never-applies"
    ALWAYS_AGREE = "always-agree"
    TODO = "todo"


@dataclass(frozen=True)
class LintFinding:
    """One thing `lint` found: where in the strategy file, about which principle, how grave."""

    rule: Rule
    level: Level
    message: str
    principle: str | None = None
    line: int | None = None
    column: int | None = None
    source_line: int | None = None
    """The line of the source text it is about (a sentence no principle quotes)."""

    @property
    def in_source(self) -> bool:
        """Whether it is about a line of the source text, not of the strategy file."""
        return self.line is None and self.source_line is not None


# ---------------------------------------------------------------------------------------------
# The source text: folded, cut into headings and sentences


_DROPPED = str.maketrans("", "", "*\u00ad")
_LINE_HYPHEN = re.compile(r"(?<=\w)-[ \t]*\r?\n\s*(?=[a-zåäöéü])")


def fold(text: str) -> str:
    """Text as quotes are compared: `*` and soft hyphens dropped, a word hyphenated at the end of
    a line joined (`interna-⏎tionella`), white space and line breaks one space."""
    return " ".join(_LINE_HYPHEN.sub("", text.translate(_DROPPED)).split())


def words(text: str) -> tuple[str, ...]:
    """The words of a text, in lower case, without punctuation: what headings are compared by."""
    return tuple(re.findall(r"\w+", text.casefold()))


@dataclass(frozen=True)
class Heading:
    """A heading of the source text: where it starts in the folded text, its level, its words."""

    start: int
    level: int
    text: str
    certain: bool = True
    """Marked as a heading (`##`, a section number), or followed by prose or by such a heading;
    a short line before a list, a label or a name may be a heading, or may not."""

    @property
    def words(self) -> tuple[str, ...]:
        return words(self.text)


@dataclass(frozen=True)
class Sentence:
    """A sentence of the source text: its place in the folded text and the line it starts on."""

    start: int
    end: int
    line: int
    text: str


_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+\S")
_BULLET = re.compile(r"^\s*[-–•]\s")
_LIST_ITEM = re.compile(r"^\s*(?:[-–•]\s|\d+\.\s)")
_ENDS_SENTENCE = re.compile(r"[.!?:;…]\W*$")
_MAX_HEADING_WORDS = 10
_MAX_HEADING_LENGTH = 90


def _plain_heading(line: str) -> bool:
    """Whether a line standing alone between blank lines reads as a heading: short, starting
    with a capital or a section number, without the punctuation that ends a sentence or follows
    a label (`Ämne: …`), and not a list item, a table row or a line of a tab-separated list."""
    text = line.strip()
    if not text or len(text) > _MAX_HEADING_LENGTH or len(text.split()) > _MAX_HEADING_WORDS:
        return False
    if not (text[0].isupper() or _NUMBERED.match(text)):
        return False
    if any(mark in text for mark in (":", "\t", "|", "@")) or _BULLET.match(text):
        return False
    return not re.search(r"[.,;!?]$", text)


@dataclass
class _Block:
    """Lines that belong together: a heading, a paragraph or a list item."""

    lines: list[tuple[int, str]]
    level: int = 0  # a heading's level; 0 for text
    marked: bool = False  # a heading marked as one: `##`, or a section number

    def assembled(self) -> tuple[str, list[int]]:
        """The block's text on one line, and where in it each of its lines starts."""
        text, starts = "", []
        for _, line in self.lines:
            joined = _joined(text, line)
            starts.append(len(joined) - len(line))
            text = joined
        return text, starts


def _joined(before: str, after: str) -> str:
    """Two pieces of text as one: a word hyphenated at the break joined, else a space between."""
    if not before:
        return after
    if re.search(r"\w-$", before) and after[:1].islower():
        return before[:-1] + after
    return f"{before} {after}"


_ABBREVIATION = re.compile(
    r"(?:\b(?:t\.ex|bl\.a|s\.k|m\.m|d\.v\.s|t\.f|dvs|ca|nr|tfn|dnr|jfr|resp))$"
)
_SENTENCE_END = re.compile(r"[.!?][\"”»)']*\s+(?=[\"“”»–-]?\s*[A-ZÅÄÖÉÜ0-9])")


class SourceText:
    """The plain text of a source document, folded as quotes are (`fold`), with its headings and
    sentences, and the line of the file each part of it is on.

    A heading is read as the five sources write them. A text that marks headings the markdown way
    (`## Bakgrund`) has those and no others, since its other short lines are lead-ins ("Detta gör
    vi genom"). Otherwise a heading is a short line that stands alone between blank lines, starts
    with a capital or a section number and ends with no punctuation (`Verksamhetsutveckling`,
    `3.3 Samverkan`); a numbered heading's level is its number of parts (`3` above `3.3`), every
    other heading is at the top level. Such a line is a heading for certain when it is numbered or
    followed by prose or by a heading for certain; before a list, a label or a name it may not be
    one (`Heading.certain`). A paragraph broken by a page (the blank lines of a page break, text
    going on in lower case) is read as one.
    """

    def __init__(self, text: str, name: str) -> None:
        self.name = name
        blocks = _merged_page_breaks(_blocks(text.replace("\r\n", "\n").split("\n")))
        pieces: list[str] = []
        self._starts: list[int] = []  # offsets in the folded text where a line's text starts
        self._lines: list[int] = []
        self.headings: list[Heading] = []
        self.sentences: list[Sentence] = []
        certain = _certain_headings(blocks)
        offset = 0
        for index, block in enumerate(blocks):
            text_of_block, starts = block.assembled()
            if not text_of_block:
                continue
            for (number, _), start in zip(block.lines, starts, strict=True):
                self._starts.append(offset + start)
                self._lines.append(number)
            if block.level:
                heading = Heading(offset, block.level, text_of_block, index in certain)
                self.headings.append(heading)
            else:
                self.sentences += self._sentences(text_of_block, offset)
            pieces.append(text_of_block)
            offset += len(text_of_block) + 1
        self.flat = " ".join(pieces)

    def _sentences(self, paragraph: str, offset: int) -> list[Sentence]:
        found, start = [], 0
        for match in _SENTENCE_END.finditer(paragraph):
            if _ABBREVIATION.search(paragraph[start : match.start()].casefold()):
                continue
            end = match.start() + 1
            found.append(self._sentence(paragraph, offset, start, end))
            start = match.end()
        if paragraph[start:].strip():
            found.append(self._sentence(paragraph, offset, start, len(paragraph)))
        return found

    def _sentence(self, paragraph: str, offset: int, start: int, end: int) -> Sentence:
        text = paragraph[start:end].strip()
        return Sentence(offset + start, offset + end, self.line_at(offset + start), text)

    def line_at(self, offset: int) -> int:
        """The line of the file the folded text's `offset` is on."""
        index = bisect.bisect_right(self._starts, offset) - 1
        return self._lines[max(index, 0)] if self._lines else 1

    def find(self, quote: str) -> list[int]:
        """Every offset of the folded text where the quote, folded, stands."""
        wanted = fold(quote)
        if not wanted:
            return []
        found = _occurrences(self.flat, wanted)
        if not found:  # a quote that itself splits a word at a line break: "interna- tionella"
            joined = re.sub(r"(?<=\w)- (?=[a-zåäöéü])", "", wanted)
            if joined != wanted:
                found = _occurrences(self.flat, joined)
        return found

    def chain(self, offset: int) -> list[Heading]:
        """The headings the text at `offset` stands under, the nearest first: the last heading
        before it, and each heading of a higher level before that."""
        chain: list[Heading] = []
        level = None
        for heading in reversed(self.headings):
            if heading.start >= offset:
                continue
            if level is None or heading.level < level:
                chain.append(heading)
                level = heading.level
        return chain

    def sentences_over(self, start: int, end: int) -> list[Sentence]:
        """The sentences that the text from `start` to `end` overlaps."""
        return [s for s in self.sentences if s.start < end and start < s.end]

    def lead_in(self, start: int, end: int) -> str:
        """The last line ending in a colon between `start` and `end`: what introduces a list
        ("Utifrån inriktningen om positionering läggs följande riktlinjer fast för arbetet:")."""
        for sentence in reversed(self.sentences):
            if start <= sentence.start < end and sentence.text.endswith(":"):
                return sentence.text
        return ""


def _occurrences(text: str, wanted: str) -> list[int]:
    found, at = [], text.find(wanted)
    while at >= 0:
        found.append(at)
        at = text.find(wanted, at + 1)
    return found


def _blocks(lines: Sequence[str]) -> list[_Block]:
    """The lines cut into headings, paragraphs and list items."""
    markdown = any(_MARKDOWN_HEADING.match(line) for line in lines)
    blank = [not line.strip() for line in lines]
    blocks: list[_Block] = []
    current: _Block | None = None
    for index, raw in enumerate(lines):
        line = " ".join(raw.translate(_DROPPED).split())
        if not line:
            current = None
            continue
        level = _heading_level(raw, line, index, blank, markdown=markdown)
        if level:
            marked = markdown or bool(_NUMBERED.match(line))
            blocks.append(_Block([(index + 1, _heading_text(line))], level, marked))
            current = None
            continue
        if current is None or _LIST_ITEM.match(raw) or line.startswith("|"):
            current = _Block([])
            blocks.append(current)
        current.lines.append((index + 1, line))
    return blocks


def _heading_level(raw: str, line: str, index: int, blank: list[bool], *, markdown: bool) -> int:
    if markdown:
        found = _MARKDOWN_HEADING.match(raw)
        return len(found.group(1)) if found else 0
    alone = (index == 0 or blank[index - 1]) and (index + 1 == len(blank) or blank[index + 1])
    if not alone or not _plain_heading(line):
        return 0
    numbered = _NUMBERED.match(line)
    return numbered.group(1).count(".") + 1 if numbered else 1


def _heading_text(line: str) -> str:
    return line.lstrip("#").strip()


def _certain_headings(blocks: Sequence[_Block]) -> set[int]:
    """The blocks that are headings for certain: marked as one, or followed by prose (a
    paragraph that ends a sentence) or by a heading that is certain itself."""
    certain: set[int] = set()
    for index in reversed(range(len(blocks))):
        block = blocks[index]
        if not block.level:
            continue
        after = blocks[index + 1] if index + 1 < len(blocks) else None
        prose = (
            after is not None
            and not after.level
            and bool(_ENDS_SENTENCE.search(after.assembled()[0]))
        )
        if block.marked or prose or (after is not None and index + 1 in certain):
            certain.add(index)
    return certain


def _merged_page_breaks(blocks: list[_Block]) -> list[_Block]:
    """Paragraphs broken by a page put together: one that does not end a sentence, followed by
    one that goes on in lower case."""
    merged: list[_Block] = []
    for block in blocks:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and not previous.level
            and not block.level
            and block.lines[0][1][:1].islower()
            and not _ENDS_SENTENCE.search(previous.lines[-1][1])
        ):
            previous.lines.extend(block.lines)
            continue
        merged.append(block)
    return merged


# ---------------------------------------------------------------------------------------------
# Modal verbs: how a sentence binds


class Reading(StrEnum):
    """How a sentence of a source binds, and so what an unmet principle does (README: ska / bör
    / kan … då/om, and the present tense that allocates authority)."""

    BINDING = "binding"  # ska, skall, ska inte, måste, får inte; beslutar, ansvarar för, …
    PERMISSION = "permission"  # kan … då/om: allowed under the condition, forbidden outside it
    RECOMMENDATION = "recommendation"  # bör, i möjligaste/görligaste mån, eftersträvas


SEVERITY_OF_READING = {
    Reading.BINDING: "fail",
    Reading.PERMISSION: "fail",
    Reading.RECOMMENDATION: "warn",
}

READING_OF_MODAL = {
    "ska": Reading.BINDING,
    "ska_inte": Reading.BINDING,
    "kan": Reading.PERMISSION,
    "bor": Reading.RECOMMENDATION,
    "i_mojligaste_man": Reading.RECOMMENDATION,
}
"""What each `modal:` of a principle says about the sentence."""

_SOFTENED = re.compile(r"\bi\s+(?:möjligaste|görligaste)\s+mån\b|\beftersträvas\b", re.IGNORECASE)
_SHOULD = re.compile(r"\bbör\b", re.IGNORECASE)
_SHALL = re.compile(r"\b(?:ska|skall|måste)\b(?:\s+inte\b)?|\bfår\s+inte\b", re.IGNORECASE)
_CONDITION = (
    r"\b(?:då|om(?=\s+(?:det|den|de|detta|dessa|man|vi|ni|han|hon|inte|tillfälle|behov)\b))\b"
)
_MAY = re.compile(rf"\bkan\b(?=[^.;:]*?{_CONDITION})", re.IGNORECASE)
"""*Kan … då/om*: a permission under a condition. An "om" that opens a clause ("om det är ett
särskilt prioriterat besök") is a condition; one that follows the verb or noun it belongs to
("besluta om sådana projekt", "konkurrensen om kvalificerad arbetskraft") is not."""
_AUTHORITY = re.compile(
    r"\bbeslutar\b|\bansvarar\s+för\b|\bär\s+delegerat\b|\bär\s+delegerade?\b|\bfordras\b",
    re.IGNORECASE,
)
_SUBORDINATE = re.compile(
    r"\b(?:för\s+att|så\s+att|hur|vad|vilka|vilken|vilket)\s+(?:[^\s,;:.]+\s+){0,3}$",
    re.IGNORECASE,
)
"""What makes a modal verb part of a purpose or an indirect question, not a rule: "för att
staden ska nå framgång", "klargör hur det internationella arbetet ska bedrivas"."""


@dataclass(frozen=True)
class Modal:
    """The modal verb found in a text, as written, and how it binds."""

    word: str
    reading: Reading


def modal_of(text: str) -> Modal | None:
    """The modal verb that decides how `text` binds, or None when it has none.

    A softener wins over the verb it softens (`ska … i möjligaste mån` is a recommendation);
    then the first of *ska*-like and *bör*; then a permission (*kan … då/om*); then the present
    tense that allocates authority (*beslutar*, *ansvarar för*, *är delegerat*, *fordras*). A
    modal verb inside a purpose clause or an indirect question does not count.
    """
    softened = _SOFTENED.search(text)
    if softened:
        return Modal(" ".join(softened.group().split()), Reading.RECOMMENDATION)
    verbs = sorted(
        [
            *((m, Reading.BINDING) for m in _SHALL.finditer(text)),
            *((m, Reading.RECOMMENDATION) for m in _SHOULD.finditer(text)),
        ],
        key=lambda found: found[0].start(),
    )
    for match, reading in verbs:
        if not _subordinate(text, match.start()):
            return Modal(" ".join(match.group().split()), reading)
    permission = _MAY.search(text)
    if permission:
        condition = re.search(_CONDITION, text[permission.end() :], re.IGNORECASE)
        return Modal(f"kan … {condition.group() if condition else ''}".strip(), Reading.PERMISSION)
    authority = _AUTHORITY.search(text)
    if authority:
        return Modal(" ".join(authority.group().split()), Reading.BINDING)
    return None


def _subordinate(text: str, at: int) -> bool:
    clause = re.split(r"[,;:.]", text[:at])[-1]
    return bool(_SUBORDINATE.search(clause))


_NOTE_READING = re.compile(
    r"\b(?:läs(?:es|t|as)|read)\s+(?:\w+\s+){0,2}?(?:som|as)\b([^.;:]{0,60})", re.IGNORECASE
)
_READING_WORDS: tuple[tuple[str, Reading], ...] = (
    (r"\bska\b|\bbindande\b|\bkrav\b|\bshall\b|\bbinding\b|\brequirement\b", Reading.BINDING),
    (r"\btillstånd\b|\bpermission\b", Reading.PERMISSION),
    (
        r"\bbör\b|\brekommendation\b|\bambition(?:er)?\b|\bshould\b|\brecommendation\b"
        r"|\baspirations?\b",
        Reading.RECOMMENDATION,
    ),
)


def note_readings(note: object) -> set[Reading]:
    """How a principle's note says its sentence is read: "läses som bindande", "läst som en
    ambition (bör, varning)", "read as a recommendation", "'Kan' läses som ett tillstånd". The
    first word naming a reading after each "läses som" counts."""
    found: set[Reading] = set()
    for text in _note_texts(note):
        for match in _NOTE_READING.finditer(text):
            window = match.group(1)
            hits = [
                (hit.start(), reading)
                for pattern, reading in _READING_WORDS
                for hit in re.finditer(pattern, window, re.IGNORECASE)
            ]
            if hits:
                found.add(min(hits, key=lambda hit: hit[0])[1])
    return found


def _note_texts(note: object) -> list[str]:
    if isinstance(note, str):
        return [note]
    if isinstance(note, Mapping):
        return [value for value in note.values() if isinstance(value, str)]
    return []


# ---------------------------------------------------------------------------------------------
# The report


@dataclass(frozen=True)
class Coverage:
    """How many sentences of the source with a normative verb the strategy accounts for: quoted
    by a principle (a draft's too), or set aside under `omitted:` with a reason."""

    normative: int
    covered: int
    uncovered: tuple[Sentence, ...]
    first_line: int | None = None
    last_line: int | None = None
    """The lines the strategy's part of the source spans, where it says (`scope`)."""

    @property
    def percent(self) -> float:
        return round(100 * self.covered / self.normative, 1) if self.normative else 100.0


@dataclass(frozen=True)
class LintReport:
    """Everything `lint` found in one strategy file."""

    strategy: str
    source: str | None
    findings: tuple[LintFinding, ...]
    coverage: Coverage | None

    def count(self, level: Level) -> int:
        return sum(1 for finding in self.findings if finding.level is level)

    @property
    def errors(self) -> int:
        return self.count(Level.ERROR)

    @property
    def warnings(self) -> int:
        return self.count(Level.WARNING)


# ---------------------------------------------------------------------------------------------
# Linting a strategy file

Path_ = tuple[str | int, ...]

LEAD_NAMES = {("ingress",)}
"""Section names for the text before a source's first heading: a news article's lead."""

QUOTE_SHOWN = 90
"""At most this much of a quote or sentence is repeated in a message."""


@dataclass(frozen=True)
class _Entry:
    """A quote of the strategy file as written: a principle's, or an `omitted:` entry's."""

    path: Path_
    raw: Mapping[str, Any]

    @property
    def principle(self) -> str | None:
        value = self.raw.get("id") if self.path[0] == "principles" else None
        return value if isinstance(value, str) else None

    @property
    def citation(self) -> Mapping[str, Any]:
        if self.path[0] == "omitted":
            return self.raw
        citation = self.raw.get("citation")
        return citation if isinstance(citation, Mapping) else {}

    @property
    def citation_path(self) -> Path_:
        return self.path if self.path[0] == "omitted" else (*self.path, "citation")

    def text_of(self, key: str) -> str | None:
        value = self.citation.get(key)
        return value if isinstance(value, str) and value.strip() else None

    @property
    def draft(self) -> bool:
        """Whether it is still a draft, of which lint only says so: a principle with `todo`, an
        `omitted:` entry whose reason is still `TODO` (as `strategikoll draft` writes them)."""
        if self.path[0] == "principles":
            return isinstance(self.raw.get("todo"), str)
        return bool(TODO.match(self.text_of("reason") or ""))

    @property
    def covers(self) -> bool:
        """Whether it accounts for its sentence: a principle does, an `omitted:` entry with a
        reason."""
        return self.path[0] == "principles" or self.text_of("reason") is not None


def lint_strategy(
    path: Path, source: Path | None = None, *, root: Path | None = None
) -> LintReport:
    """Lint the strategy file at `path` against the text of its source: `source` when given,
    else the file its `source` names, found as `strategies.source_file` finds it.

    A file that cannot be read as YAML is an `InputError`, and a source text that cannot be found
    or read a `UsageError` (both exit 2); what the loader refuses in a file that can be read is
    reported as findings, and the other checks go on where they can.
    """
    from strategikoll.config import leads_outside
    from strategikoll.errors import InputError, Problem
    from strategikoll.loader import load_file

    if root is not None and leads_outside(path, root):  # as `load_strategy` refuses it: unread
        raise InputError(str(path), [Problem(texts.t("link_outside"))])
    document = load_file(path, display=str(path))
    raw = document.data if isinstance(document.data, Mapping) else {}
    strategy, problems = _compiled(path, document, root)
    entries = _entries(raw)
    findings = [_invalid(problem, raw) for problem in problems]
    refused = {problem.path for problem in problems if problem.path}
    findings += [_todo(e, document) for e in entries if e.draft and e.path[0] == "principles"]
    findings += _left_to_do(raw, document)
    text_path = _text_path(path, raw, source)
    text = SourceText(_read_text(text_path), text_path.name)
    scope, scope_findings = _scope(raw, text, document)
    findings += scope_findings
    checking = _Checking(_text_name(raw), scope, refused)
    spans: list[tuple[int, int]] = []
    for entry in entries:
        found, occurrences = _quote_findings(entry, text, document, checking)
        if entry.covers:
            spans += occurrences
        if not entry.draft:
            findings += found
    if strategy is not None:
        own = {e.principle for e in entries if e.principle is not None and not e.draft}
        findings += _behaviour_findings(strategy, own, document)
    coverage = _coverage(text, scope, spans)
    findings += [_uncovered(sentence) for sentence in coverage.uncovered]
    ordered = sorted(findings, key=_order)
    return LintReport(str(path), _shown_path(text_path), tuple(ordered), coverage)


def _shown_path(path: Path) -> str:
    """A path as a report names it: relative to the working directory where that is at most one
    folder up (`../shared/seeds/…`), else as found."""
    import os

    if not path.is_absolute():
        return str(path)
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive
        return str(path)
    return str(path) if Path(relative).parts[:2] == (os.pardir, os.pardir) else relative


def _order(finding: LintFinding) -> tuple[int, int, int, int]:
    """Findings about the strategy file by line; then those about the source text, by its line."""
    if finding.in_source:
        return (1, finding.source_line or 0, 0, 0)
    return (0, finding.line or 0, finding.column or 0, list(Rule).index(finding.rule))


def _entries(raw: Mapping[str, Any]) -> list[_Entry]:
    """Every quote of the file: each principle's, then each `omitted:` entry's."""
    out: list[_Entry] = []
    for key in ("principles", "omitted"):
        items = raw.get(key)
        if isinstance(items, list):
            out += [
                _Entry((key, i), item) for i, item in enumerate(items) if isinstance(item, Mapping)
            ]
    return out


def _at(document: Document, path: Path_) -> tuple[int, int]:
    return document.position(path)


def _compiled(
    path: Path, document: Document, root: Path | None
) -> tuple[Strategy | None, list[Problem]]:
    """The strategy compiled as `check` would (drafts left out), or the problems that keep it
    from compiling."""
    from strategikoll.errors import InputError
    from strategikoll.strategies import load_strategy

    try:
        return load_strategy(path, root=root, drafts=True), []
    except InputError as error:
        if error.file != document.file:  # a problem in the strategy it extends
            raise
        return None, list(error.problems)


def _invalid(problem: Problem, raw: Mapping[str, Any]) -> LintFinding:
    """What the loader refused, as a finding at its place, naming the principle it is in."""
    principle = None
    parts = (problem.path or "").split(".")
    principles = raw.get("principles")
    if (
        len(parts) > 1
        and parts[0] == "principles"
        and parts[1].isdigit()
        and isinstance(principles, list)
    ):
        index = int(parts[1])
        item = principles[index] if index < len(principles) else None
        found = item.get("id") if isinstance(item, Mapping) else None
        principle = found if isinstance(found, str) else None
    return LintFinding(
        Rule.INVALID, Level.ERROR, problem.message, principle, problem.line, problem.column
    )


def _todo(entry: _Entry, document: Document) -> LintFinding:
    line, column = _at(document, (*entry.path, "todo"))
    message = texts.t("lint_todo", todo=" ".join(str(entry.raw["todo"]).split()))
    return LintFinding(Rule.TODO, Level.WARNING, message, entry.principle, line, column)


TODO = re.compile(r"^\s*TODO\b")
"""A value `strategikoll draft` left for a person to fill in."""


def _left_to_do(raw: Mapping[str, Any], document: Document) -> list[LintFinding]:
    """Every value still `TODO` (a draft's title, publisher, reason to omit, …), outside the
    draft principles, which are listed once each."""
    found: list[LintFinding] = []
    for path, value in _values(raw, ()):
        if path[:1] == ("principles",) and len(path) > 1 and _is_draft(raw, path[1]):
            continue
        if isinstance(value, str) and TODO.match(value):
            line, column = _at(document, path)
            where = ".".join(map(str, path))
            message = texts.t("lint_todo_value", field=where, value=_shown(value))
            found.append(LintFinding(Rule.TODO, Level.WARNING, message, None, line, column))
    return found


def _values(value: Any, path: Path_) -> Iterator[tuple[Path_, Any]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _values(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _values(item, (*path, index))
    else:
        yield path, value


def _is_draft(raw: Mapping[str, Any], index: str | int) -> bool:
    principles = raw.get("principles")
    if not isinstance(principles, list) or not isinstance(index, int) or index >= len(principles):
        return False
    item = principles[index]
    return isinstance(item, Mapping) and isinstance(item.get("todo"), str)


def _text_name(raw: Mapping[str, Any]) -> str | None:
    source = raw.get("source")
    if isinstance(source, Mapping):
        source = source.get("text")
    return source if isinstance(source, str) and source.strip() else None


def _text_path(path: Path, raw: Mapping[str, Any], given: Path | None) -> Path:
    """The file of the source's text, or a `UsageError` that says what to do."""
    from strategikoll import strategies
    from strategikoll.errors import UsageError

    if given is not None:
        return given
    name = _text_name(raw)  # read from the file itself: found even where the loader refuses it
    found = strategies.text_file_named(name, path)
    if found is not None:
        return found
    if name is None:
        raise UsageError(texts.t("lint_no_text_named", path=path))
    raise UsageError(
        texts.t("lint_text_not_found", name=name, variable=strategies.SOURCES_VARIABLE)
    )


def _read_text(path: Path) -> str:
    from strategikoll.errors import UsageError

    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise UsageError(texts.t("lint_text_unreadable", path=path, reason=reason)) from None


def _scope(
    raw: Mapping[str, Any], text: SourceText, document: Document
) -> tuple[tuple[int, int] | None, list[LintFinding]]:
    """The part of the folded text that is the strategy, where the file says (`source.scope`:
    `from` its first words, `to` its last), and findings for words not found."""
    source = raw.get("source")
    scope = source.get("scope") if isinstance(source, Mapping) else None
    if not isinstance(scope, Mapping):
        return None, []
    start, end, findings = 0, len(text.flat), []
    first, last = scope.get("from"), scope.get("to")
    if isinstance(first, str):
        found = text.find(first)
        if found:
            start = found[0]
        else:
            findings.append(_scope_missing(document, "from", first))
    if isinstance(last, str):
        found = [at for at in text.find(last) if at >= start]
        if found:
            end = found[0] + len(fold(last))
        else:
            findings.append(_scope_missing(document, "to", last))
    return (start, end), findings


def _scope_missing(document: Document, key: str, wanted: str) -> LintFinding:
    line, column = _at(document, ("source", "scope", key))
    message = texts.t("lint_scope_missing", key=key, words=_shown(wanted))
    return LintFinding(Rule.SOURCE, Level.ERROR, message, None, line, column)


def _shown(text: str, limit: int = QUOTE_SHOWN) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# ---------------------------------------------------------------------------------------------
# Quotes, sections and modal verbs


@dataclass(frozen=True)
class _Checking:
    """What the check of each quote needs to know about the file as a whole."""

    text_name: str | None  # the file of the source's text, as the strategy names it
    scope: tuple[int, int] | None  # the strategy's part of the folded text
    refused: set[str]  # the dotted paths the loader refused


def _quote_findings(
    entry: _Entry, text: SourceText, document: Document, checking: _Checking
) -> tuple[list[LintFinding], list[tuple[int, int]]]:
    """What is wrong with one quote, and the places in the source it covers. The modal verb is
    not compared with a `modal` or `severity` the loader has refused already."""
    quote = entry.text_of("quote")
    if quote is None:
        return [], []  # the loader says so
    findings: list[LintFinding] = []
    quote_at = (*entry.citation_path, "quote")
    cited, own, scope = entry.text_of("source"), checking.text_name, checking.scope
    if entry.path[0] == "principles" and cited and own and cited != own:
        message = texts.t("lint_cited_file", cited=cited, source=own)
        findings.append(
            _finding(Rule.SOURCE, Level.WARNING, message, entry, _at(document, quote_at))
        )
    occurrences = text.find(quote)
    length = len(fold(quote))
    if not occurrences:
        message = texts.t("lint_quote_missing", quote=_shown(quote), source=text.name)
        findings.append(_finding(Rule.QUOTE, Level.ERROR, message, entry, _at(document, quote_at)))
    elif scope is not None and not any(scope[0] <= at < scope[1] for at in occurrences):
        message = texts.t("lint_quote_outside_scope", line=text.line_at(occurrences[0]))
        findings.append(
            _finding(Rule.QUOTE, Level.WARNING, message, entry, _at(document, quote_at))
        )
    section = entry.text_of("section")
    if occurrences and section is not None and not TODO.match(section):  # a TODO is listed
        problem = _section_problem(text, section, occurrences)
        if problem is not None:
            at = (*entry.citation_path, "section")
            findings.append(
                _finding(Rule.SECTION, problem[0], problem[1], entry, _at(document, at))
            )
    dotted = ".".join(map(str, entry.path))
    refused = checking.refused & {f"{dotted}.modal", f"{dotted}.severity"}
    if entry.path[0] == "principles" and not refused:
        findings += _modal_findings(entry, quote, text, occurrences, document)
    return findings, [(at, at + length) for at in occurrences]


def _finding(
    rule: Rule, level: Level, message: str, entry: _Entry, place: tuple[int, int]
) -> LintFinding:
    return LintFinding(rule, level, message, entry.principle, *place)


def _section_problem(
    text: SourceText, section: str, occurrences: list[int]
) -> tuple[Level, str] | None:
    """None when some place of the quote stands under the section; else how grave the
    mismatch is and what to say: the least grave of the places."""
    problems = []
    for at in occurrences:
        problem = _section_at(text, section, at)
        if problem is None:
            return None
        problems.append(problem)
    return min(problems, key=lambda problem: problem[0] is Level.ERROR)


def _section_at(text: SourceText, section: str, at: int) -> tuple[Level, str] | None:
    """Whether the quote at `at` stands under `section`.

    The section is accepted when its words are those of a heading the quote stands under, or a
    run of them ("Principer för stadens internationella arbete" for "4. Principer …"). A section
    of several parts ("Kommunens nämnder och styrelser – Ansvarsfördelning", "Övergripande mål …
    (inriktningen positionering)") is accepted part by part: a part names a heading the quote
    stands under, or words of the line that introduces the list it is in. A part that is exactly
    another heading is an error; a part that only resembles one, or that nothing confirms, a
    warning (the source's layout is a guess, and a guess should not fail a strategy).
    """
    chain = text.chain(at)
    here = chain[0].text if chain else texts.t("lint_before_first_heading")
    whole = words(section)
    if whole in LEAD_NAMES:
        if not chain:
            return None
        return _elsewhere(section, [], chain, here)
    if any(heading.words == whole for heading in chain):
        return None
    named = [heading for heading in text.headings if heading.words == whole]
    if named:
        return _elsewhere(section, named, chain, here)
    confirmed = False
    doubts: list[str] = []
    for part in _parts(section):
        wanted = words(part)
        if any(_within(heading.words, wanted) for heading in chain):
            confirmed = True
            continue
        exact = [h for h in text.headings if h.words == wanted]
        if exact:
            return _elsewhere(section, exact, chain, here)
        like = [h for h in text.headings if _within(h.words, wanted)]
        if like:
            doubts.append(texts.t("lint_section_like", part=part, other=like[0].text, heading=here))
            continue
        lead = text.lead_in(chain[0].start if chain else 0, at)
        if not set(wanted) <= set(words(lead)):
            doubts.append(texts.t("lint_section_part", part=part, heading=here))
    if not confirmed:
        return Level.WARNING, texts.t("lint_section_unknown", section=section, heading=here)
    return (Level.WARNING, doubts[0]) if doubts else None


def _elsewhere(
    section: str, named: list[Heading], chain: list[Heading], here: str
) -> tuple[Level, str]:
    """A section that names another heading than the quote's: an error where both are headings
    for certain, a warning where either may not be one (a name, a subject line, a list's
    title)."""
    sure = all(h.certain for h in named) and (not chain or chain[0].certain)
    message = texts.t("lint_section_elsewhere", section=section, heading=here)
    return (Level.ERROR if sure else Level.WARNING), message


def _parts(section: str) -> list[str]:
    """A section's parts: split at a dash between words, and each parenthesis its own part."""
    parts = []
    for piece in re.split(r"\s[–—-]\s", section):
        inner = re.findall(r"\(([^()]*)\)", piece)
        outer = re.sub(r"\([^()]*\)", " ", piece)
        parts += [p.strip() for p in (outer, *inner) if p.strip()]
    return parts


def _within(heading: tuple[str, ...], wanted: tuple[str, ...]) -> bool:
    """Whether `wanted` is a run of the heading's words (all of them, or some in a row)."""
    size = len(wanted)
    return bool(size) and any(
        heading[i : i + size] == wanted for i in range(len(heading) - size + 1)
    )


def _modal_findings(
    entry: _Entry, quote: str, text: SourceText, occurrences: list[int], document: Document
) -> list[LintFinding]:
    """Whether the principle's severity follows the modal verb of its quote (of the sentence it
    is cut from, where the quote has none), or says why it does not."""
    modal, severity = entry.raw.get("modal"), entry.raw.get("severity")
    if modal not in READING_OF_MODAL or severity not in ("fail", "warn"):
        return []  # the loader says what is wrong
    found = modal_of(fold(quote))
    if found is None and occurrences:
        over = text.sentences_over(occurrences[0], occurrences[0] + len(fold(quote)))
        found = modal_of(" ".join(sentence.text for sentence in over))
    readings = note_readings(entry.raw.get("note"))
    explained = entry.raw.get("severity_reason") is not None or any(
        SEVERITY_OF_READING[reading] == severity for reading in readings
    )
    at = (*entry.path, "severity")
    if found is None:
        if not readings:
            message = texts.t("lint_no_modal")
            place = _at(document, (*entry.path, "modal"))
            return [_finding(Rule.MODAL, Level.WARNING, message, entry, place)]
        if explained:
            return []
        reading = sorted(readings)[0]
        message = texts.t(
            "lint_note_departs",
            reading=texts.t(f"lint_reading_{reading.value}"),
            expected=SEVERITY_OF_READING[reading],
            severity=severity,
        )
        return [_finding(Rule.SEVERITY, Level.ERROR, message, entry, _at(document, at))]
    expected = SEVERITY_OF_READING[found.reading]
    if expected != severity:
        if explained:
            return []
        message = texts.t(
            "lint_severity_departs",
            modal=found.word,
            reading=texts.t(f"lint_reading_{found.reading.value}"),
            expected=expected,
            severity=severity,
        )
        return [_finding(Rule.SEVERITY, Level.ERROR, message, entry, _at(document, at))]
    written = READING_OF_MODAL[modal]
    if written is not found.reading and written not in readings:
        message = texts.t(
            "lint_modal_differs",
            modal=found.word,
            reading=texts.t(f"lint_reading_{found.reading.value}"),
            written=modal,
        )
        place = _at(document, (*entry.path, "modal"))
        return [_finding(Rule.MODAL, Level.WARNING, message, entry, place)]
    return []


# ---------------------------------------------------------------------------------------------
# Coverage


def _coverage(
    text: SourceText, scope: tuple[int, int] | None, spans: Sequence[tuple[int, int]]
) -> Coverage:
    start, end = scope or (0, len(text.flat))
    normative = [s for s in text.sentences if start <= s.start < end and modal_of(s.text)]
    uncovered = tuple(
        sentence
        for sentence in normative
        if not any(a < sentence.end and sentence.start < b for a, b in spans)
    )
    lines = (text.line_at(start), text.line_at(max(end - 1, start))) if scope else (None, None)
    return Coverage(len(normative), len(normative) - len(uncovered), uncovered, *lines)


def _uncovered(sentence: Sentence) -> LintFinding:
    modal = modal_of(sentence.text)
    message = texts.t(
        "lint_uncovered",
        modal=modal.word if modal else "",
        sentence=_shown(sentence_text(sentence)),
    )
    return LintFinding(Rule.COVERAGE, Level.WARNING, message, source_line=sentence.line)


def sentence_text(sentence: Sentence) -> str:
    """A sentence as shown: without the bullet of a list item."""
    return re.sub(r"^[-–•]\s+", "", sentence.text)


# ---------------------------------------------------------------------------------------------
# Behaviour: principles that cannot fail, cannot pass, never apply, or judge as another does


def _behaviour_findings(strategy: Strategy, own: set[str], document: Document) -> list[LintFinding]:
    """What the witness search finds about each of the file's own principles, and which of
    them judge exactly as an earlier one does."""
    from strategikoll.proposal import Kind

    findings: list[LintFinding] = []
    index = _principle_index(document)
    seen: dict[Any, str] = {}
    for principle in strategy.principles:
        if principle.id not in own:
            continue  # a principle of the strategy it extends: lint that file for it
        at: Path_ = ("principles", index.get(principle.id, 0))
        kinds = (
            list(Kind) if principle.kinds is None else sorted(principle.kinds, key=list(Kind).index)
        )
        if principle.when is not None and all(
            principle.when.evaluate({"kind": kind.value}).met is False for kind in kinds
        ):
            message = texts.t("lint_never_applies", kinds=", ".join(kind.value for kind in kinds))
            place = _at(document, (*at, "when"))
            findings.append(_behaviour(Rule.NEVER_APPLIES, Level.ERROR, message, principle, place))
            continue
        findings += _can_fail_and_pass(principle, kinds, _at(document, (*at, "condition")))
        key = (  # what decides what it finds: a `bör` copy of a `ska` judges otherwise
            principle.condition.signature(),
            principle.kinds,
            principle.when.signature() if principle.when is not None else None,
            principle.spec.severity,
            principle.spec.when_unknown,
        )
        if key in seen:
            message = texts.t("lint_always_agree", other=seen[key])
            place = _at(document, at)
            findings.append(_behaviour(Rule.ALWAYS_AGREE, Level.WARNING, message, principle, place))
        else:
            seen[key] = principle.id
    return findings


def _can_fail_and_pass(
    principle: Principle, kinds: Sequence[Any], place: tuple[int, int]
) -> list[LintFinding]:
    """A warning for a principle no proposal tried can break, and one for a principle none can
    meet; a prohibition (`condition: never`) is meant never to be met."""
    if principle.is_prohibition:
        return []
    can_break, can_pass, tried = _tried(principle, kinds)
    found = []
    if not can_break:
        verdict = texts.t(f"lint_verdict_{principle.spec.severity.value}")
        message = texts.t("lint_never_fails", n=tried, verdict=verdict)
        found.append(_behaviour(Rule.NEVER_FAILS, Level.WARNING, message, principle, place))
    if not can_pass:
        message = texts.t("lint_never_passes", n=tried)
        found.append(_behaviour(Rule.NEVER_PASSES, Level.WARNING, message, principle, place))
    return found


def _principle_index(document: Document) -> dict[str, int]:
    items = document.data.get("principles") if isinstance(document.data, dict) else None
    if not isinstance(items, list):
        return {}
    return {
        item["id"]: i
        for i, item in enumerate(items)
        if isinstance(item, dict) and isinstance(item.get("id"), str)
    }


def _behaviour(
    rule: Rule, level: Level, message: str, principle: Principle, place: tuple[int, int]
) -> LintFinding:
    return LintFinding(rule, level, message, principle.id, *place)


def _tried(principle: Principle, kinds: Sequence[Any]) -> tuple[bool, bool, int]:
    """Whether some proposal makes the principle give its own verdict (fail, or warn for a
    recommendation) while it applies, and whether some proposal meets it, among those the witness
    search proposes for its condition and its `when`, with each fact it reads left out or stated
    as none besides; and how many valid proposals were tried.

    Each is a proposal ready for decision (`decision.ready: true`), so that the duties of the
    organisation are judged in full; the kind of engagement is varied only where the principle
    reads it.
    """
    from pydantic import ValidationError

    from strategikoll.engine import Verdict, verdict_of
    from strategikoll.proposal import Proposal
    from strategikoll.strategies import READY, Severity
    from strategikoll.witnesses import candidates, facts_as_data

    own = Verdict.FAIL if principle.spec.severity is Severity.FAIL else Verdict.WARN
    allowed = {kind.value for kind in kinds}
    tried_kinds = kinds if "kind" in principle.reads else kinds[:1]
    conditions = _distinct([{}, *candidates(principle.condition), *_absent(principle)])
    gates = _distinct([{}, *candidates(principle.when)]) if principle.when is not None else [{}]
    can_break = can_pass = False
    tried = 0
    for kind in tried_kinds:
        for gate in gates:
            for condition in conditions:
                facts = _merged({"title": "lint", "kind": kind.value, READY: True}, gate, condition)
                if (
                    facts is None
                    or str(getattr(facts["kind"], "value", facts["kind"])) not in allowed
                ):
                    continue
                data = facts_as_data(facts)
                try:
                    Proposal.model_validate(data)
                except ValidationError:
                    continue
                tried += 1
                verdict = verdict_of(principle, data)
                if verdict is Verdict.PASS:
                    can_pass = True
                elif verdict is own and _applies(principle, data):
                    can_break = True
                if can_break and can_pass:
                    return True, True, tried
    return can_break, can_pass, tried


def _absent(principle: Principle) -> list[dict[str, Any]]:
    """Each fact the principle reads left out, and a list stated empty ("none"): what the
    conditions' own candidates may not propose."""
    from strategikoll.proposal import field_paths
    from strategikoll.strategies import READY

    known = field_paths()
    out: list[dict[str, Any]] = []
    for path in principle.reads:
        if path in (READY, "kind") or path not in known:
            continue
        out.append({path: None})
        if known[path].many:
            out.append({path: []})
    return out


def _applies(principle: Principle, data: Mapping[str, Any]) -> bool:
    """Whether the principle applies to the proposal, as the engine decides it."""
    if principle.when is None:
        return True
    met = principle.when.evaluate(data).met
    return met is True or (met is None and principle.spec.when_unknown == "apply")


def _distinct(facts: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    out: list[Mapping[str, Any]] = []
    for each in facts:
        if each not in out:
            out.append(each)
    return out


def _merged(*parts: Mapping[str, Any]) -> dict[str, Any] | None:
    """Facts together, the later overriding the base (the first); None when two of the later
    want one fact to differ."""
    merged = dict(parts[0])
    claimed: dict[str, Any] = {}
    for part in parts[1:]:
        for path, value in part.items():
            if path in claimed and claimed[path] != value:
                return None
            claimed[path] = value
            merged[path] = value
    return merged
