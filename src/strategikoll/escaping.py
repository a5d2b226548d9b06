"""Untrusted text made safe for where it is written: shown as written, never acted upon.

Whatever a proposal, a file name, a settings file or a strategy file says may have been written to
fool the check or the person reading its output. Every output format passes such text through the
helpers here, and only these, so that all of them treat it alike:

- `visible` shows the characters a terminal, a log or a reader's eye would act on (controls, line
  breaks, bidi overrides) as escapes such as `\\x1b`, `\\n` and `\\u202e`;
- `log_line` also keeps a line of a terminal or CI log from being read as a workflow command, and
  `excerpt_lines` and `error_lines` lay out a problem's line and an error's message with it;
- `workflow_data` and `workflow_property` escape a GitHub workflow command's parts;
- `markdown_text` and `markdown_code` keep text from becoming markup, links or mentions;
- `json_document` and `xml_text` keep JSON and XML documents valid and free of raw controls;
- `html_text` keeps text from becoming markup in an HTML page;
- `display_name` shows a file name whose bytes are not UTF-8.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TextIO, cast

from strategikoll.errors import InputError, excerpt, located

if TYPE_CHECKING:
    from strategikoll.errors import Problem, StrategikollError

_ACTED_ON = (
    "\x00-\x1f\x7f-\x9f"  # C0 controls (ESC, CR, LF, tab …), DEL, C1 controls
    "\u2028\u2029"  # line and paragraph separators
    "\u202a-\u202e\u2066-\u2069"  # bidi embeddings, overrides and isolates
    "\ufffe\uffff"  # not characters; XML cannot hold them
    "\ud800-\udfff"  # lone surrogates: no encoding can write them
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_SHOWN = re.compile(f"[{_ACTED_ON}]")
_SHOWN_IN_LINES = re.compile(f"(?![\t\n\r])[{_ACTED_ON}]")


def visible(text: str, *, lines: bool = False) -> str:
    """`text` with every character a terminal, a log or a bidi algorithm would act on shown as an
    escape: `\\x1b`, `\\n`, `\\u202e`. With `lines`, tabs and line breaks stay as they are, for
    text that is meant to span lines."""
    if text.isprintable():  # the usual case, found fastest: none of them is printable
        return text
    return (_SHOWN_IN_LINES if lines else _SHOWN).sub(_escaped, text)


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMED.get(char) or _code(char)


def _code(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def display_name(name: str) -> str:
    """A file name as every output shows it: bytes that are not UTF-8 (which Python keeps as lone
    surrogates) become `\\xff`, since no output could write them; all else stays as it is."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


# Terminals and CI logs.

# What .NET's culture-aware comparison, which GitHub's runner uses to find commands, may skip:
# Unicode's Default_Ignorable_Code_Point.
_IGNORABLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e0fff"
)
# `::command::` at the start of a line, blanks before it allowed (the runner trims them) …
_COMMAND_START = re.compile(f"[\\s{_IGNORABLE}]*(:)(?=[{_IGNORABLE}]*:)")
# … and `##[command]`, `##vso[…]`, `##teamcity[…]`, which runners find anywhere in a line.
_LEGACY_COMMAND = re.compile(f"#(?=[{_IGNORABLE}]*#)")


def log_line(parts: Sequence[str]) -> list[str]:
    """The parts of one line of a terminal or CI log, each shown `visible`, and the line kept from
    being a workflow command: a `:` that would start one is shown as `\\x3a`, a `#` as `\\x23`.

    The line is judged whole, since the parts that make a command may come from several fields.
    """
    line = "".join(parts)
    shown = list(parts)
    if not line.isprintable():
        shown = [visible(part) for part in parts]
        line = "".join(shown)
    start = _COMMAND_START.match(line)
    marks = {start.start(1)} if start else set()
    if "#" in line:
        marks.update(match.start() for match in _LEGACY_COMMAND.finditer(line))
    if not marks:
        return shown
    out, offset = [], 0
    for part in shown:
        out.append("".join(_code(c) if offset + i in marks else c for i, c in enumerate(part)))
        offset += len(part)
    return out


def excerpt_lines(
    problem: Problem, show: Callable[[Sequence[str]], list[str]] | None = None
) -> list[str]:
    """The line a problem is on and a caret under its column, as `errors.excerpt` lays them out,
    with the line shown as `show` shows its parts (`log_line` unless given) and the caret moved
    to stay under the same character."""
    if problem.excerpt is None:
        return []
    column = problem.column
    at = column - 1 if column is not None and column >= 1 else 0
    before, after = (show or log_line)([problem.excerpt[:at], problem.excerpt[at:]])
    if column is not None and column >= 1:
        column = len(before) + 1
    return excerpt(dataclasses.replace(problem, excerpt=before + after, column=column))


def error_lines(error: StrategikollError) -> list[str]:
    """What an error says, as lines of a terminal or CI log: each problem of an input error with
    the line it is on, any other error's message on one line."""
    lines = [error.message]
    if isinstance(error, InputError) and error.problems:
        name = display_name(error.file)
        lines = [
            line
            for problem in error.problems
            for line in (located(name, problem), *excerpt_lines(problem))
        ]
    return ["".join(log_line([line])) for line in lines]


def workflow_data(text: str) -> str:
    """The message of a GitHub workflow command: shown `visible` (so on one line), then escaped
    as GitHub's toolkit escapes data: `%`, CR and LF."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value of a workflow command: as data, and `:` and `,` too, which end it."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


# Markdown, as GitHub renders it (a pull-request comment, a job summary, SARIF help).

_MARKDOWN_PUNCTUATION = re.compile(r"[\\`*_~\[\]|$#]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_HTML_SIGNIFICANT = re.compile("[&<>]")
_NO_BREAK = "&#8203;"
"""A zero-width space: between `@` and a name, in `://` or after `www`, it stops a mention or a
link without changing what a reader sees. GitHub finds both in the rendered text as well as in the
source, so an escape alone would not do."""
_LINK_OR_MENTION = re.compile(
    r"(?<![A-Za-z0-9_])@(?=[A-Za-z0-9])"  # a mention: @name, @org/team
    r"|@(?=[A-Za-z0-9_-]+\.[A-Za-z0-9])"  # an e-mail address
    r"|:(?=//)"  # a URL
    r"|(?<=www)(?=\.)",  # a www. link
    re.IGNORECASE,
)


def markdown_text(text: str) -> str:
    """Text that Markdown shows as written, on one line: nothing in it becomes markup, HTML, a
    link or a mention.

    Markdown punctuation that opens or closes something inline is escaped, HTML-significant
    characters become entities, and a zero-width space breaks what GitHub would link or mention.
    The text must follow something of ours on its line (a list marker, a label, a mark), as it
    does wherever it is used: at the start of a line `-` or `1.` could still begin a list.
    """
    shown = " ".join(visible(text).split())
    shown = _MARKDOWN_PUNCTUATION.sub(r"\\\g<0>", shown)
    shown = _HTML_SIGNIFICANT.sub(lambda m: _HTML[m.group()], shown)
    return _LINK_OR_MENTION.sub(lambda m: m.group() + _NO_BREAK, shown)


def markdown_code(text: str) -> str:
    """Text as an inline code span, whatever it holds.

    Inside a code span GitHub acts on nothing but the backticks that end it and the line breaks
    that end its line, so the text is shown `visible` and fenced with a run of backticks longer
    than any in it, padded with a space where it starts or ends with a backtick or a space (one
    space on each side is taken away again, as CommonMark says).
    """
    shown = visible(text)
    if "#" in shown and _LEGACY_COMMAND.search(shown):
        # A code span can hold no escape, and `##[command]` acts from anywhere in a CI log line,
        # should the report be printed there: such a text is shown as escaped text instead.
        return markdown_text(text)
    longest = max((len(run) for run in re.findall("`+", shown)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if shown[:1] in ("`", " ") or shown[-1:] in ("`", " ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def markdown_block(text: str, language: str = "") -> list[str]:
    """Text as a fenced code block, whatever it holds: the fence is a run of backticks longer
    than any in the text (at least three), so no line of it can close the block early, and every
    line is shown `visible` but for its line break."""
    shown = [visible(line) for line in text.splitlines()]
    longest = max((len(run) for line in shown for run in re.findall("`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{language}", *shown, fence]


def markdown_cell_code(text: str) -> str:
    """Text as a code span in a table cell: a `|` would end the cell, so it is escaped `\\|`.

    A backslash right before a pipe cannot be written in a code span in a table (GitHub reads
    `\\\\|` as a backslash and the end of the cell), so such text is shown as escaped text instead.
    """
    if "\\|" in text:
        return markdown_text(text)  # which escapes the backslash and the pipe
    return markdown_code(text).replace("|", "\\|")


# JSON and XML documents.

_RAW_IN_JSON = re.compile(
    "[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)


def json_document(text: str) -> str:
    """JSON text as `json.dumps` made it, with what it leaves raw in strings written as `\\u`
    escapes instead: DEL, C1 controls, line separators, bidi controls, non-characters and lone
    surrogates. The data stays exactly what it was; the document is valid UTF-8, and shows nothing
    a terminal would act on."""
    if "#" in text:  # `##[command]` is found anywhere in a CI log line, JSON printed there too
        text = _LEGACY_COMMAND.sub("\\\\u0023", text)
    if text.isprintable():
        return text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def xml_line(line: str) -> str:
    """One line of an XML document as written to a stream that may be a CI log: a `::` that would
    start a workflow command and a `##` of a legacy one are written as character references,
    which every XML reader reads back as the characters they stand for."""
    start = _COMMAND_START.match(line)
    if start:
        line = f"{line[: start.start(1)]}&#58;{line[start.end(1) :]}"
    return _LEGACY_COMMAND.sub("&#35;", line) if "#" in line else line


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold and nothing reading it acts on: shown `visible`, lines kept."""
    return visible(text, lines=True)


class _AsciiJson:
    """A stream of JSON text for a stream whose encoding is not UTF-8 (an ASCII terminal, say):
    every character beyond ASCII is written as a JSON `\\u` escape, as `json.dumps` would with
    `ensure_ascii`, so the document stays valid JSON there too. Only JSON passes through it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if not text.isascii():
            text = "".join(c if c.isascii() else _json_escape(c) for c in text)
        return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_stream(stream: TextIO) -> TextIO:
    """`stream` itself when it takes UTF-8, else a writer that keeps JSON written to it valid."""
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding in ("utf-8", "utf8"):
        return stream
    return cast("TextIO", _AsciiJson(stream))


# HTML documents.


def html_text(text: str, *, lines: bool = False) -> str:
    """Text an HTML page shows as written, in an element or in a quoted attribute value: what a
    reader's eye or a bidi algorithm would act on is shown `visible`, then `&`, `<`, `>` and both
    quotes become character references, so that nothing in it opens a tag, ends an attribute or
    names an entity. With `lines`, line breaks stay, for a `<pre>`."""
    # What `html.escape(text, quote=True)` does, without loading `html` (and its table of every
    # entity) on each start.
    return (
        visible(text, lines=lines)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def html_code_spans(text: str) -> str:
    """Escaped text (`html_text`) with its backticked spans, the field names of a message
    (`end_date`), as `<code>`: what is inside them is already escaped, so it stays text."""
    if "`" not in text:
        return text
    return _CODE_SPAN.sub(r"<code>\1</code>", text)
