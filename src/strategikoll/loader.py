"""Safe YAML loading with a position for every value.

libyaml (PyYAML's C parser) turns the text into a stream of events; this module builds plain Python
data from those events with an explicit stack, so that nothing but maps, lists, strings, numbers,
booleans and null is ever constructed, no input can exhaust the C stack, and every value's position
(line and column, 1-based) is kept. It rejects what PyYAML would accept silently: duplicate keys,
explicit tags, aliases that blow the document up, and nesting past any sensible depth.

Plain scalars are resolved the YAML 1.2 way: only `true`/`false` are booleans and `NO`, `on`, `1:30`
stay the text that was written, so `country: NO` means Norway.
"""

from __future__ import annotations

import codecs
import functools
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    Event,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from strategikoll import texts
from strategikoll.errors import InputError, Problem, source_lines

try:
    from yaml._yaml import CParser as _Parser

    HAS_C_LOADER = True
except ImportError:  # PyYAML built without libyaml
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)

        def dispose(self) -> None:
            """Nothing to free; the C parser needs this call."""

    HAS_C_LOADER = False

MAX_BYTES = 2 * 1024 * 1024
"""Default cap on the size of one input file; a proposal is a page of text, not megabytes."""

MAX_VALUES = 100_000
"""Cap on the values built from one document, which bounds alias expansion ("billion laughs")."""

MAX_DEPTH = 64
"""Cap on nesting; a proposal is three levels deep."""

Path_ = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_TAG + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = _TAG + "map", _TAG + "seq"


_IMPLICIT: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
"""Implicit typing of plain scalars by the YAML 1.2 core schema (fewer surprises than YAML 1.1):
per first character, the tags a scalar starting with it may have, with their patterns."""

for _tag, _pattern, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        _FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    for _char in _first:
        _IMPLICIT.setdefault(_char, []).append((_tag, re.compile(_pattern)))


def _implicit_tag(value: str) -> str:
    """The tag a plain scalar has by the core schema: text unless it looks like something else."""
    for tag, pattern in _IMPLICIT.get(value[:1], ()):
        if pattern.match(value):
            return tag
    return _STR


@dataclass
class Document:
    """A loaded YAML document: its data and where each value was written."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    text: str = field(default="", repr=False)  # as written: for quoting the line of a problem

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest written ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def sub(self, path: Path_) -> Document:
        """The part of the document at `path`, as a document of its own with the same positions."""
        value: Any = self.data
        for part in path:
            if isinstance(value, dict):
                value = value.get(part)
            elif isinstance(value, list) and isinstance(part, int) and part < len(value):
                value = value[part]
            else:
                value = None
        size = len(path)
        return Document(
            self.file,
            value,
            {p[size:]: at for p, at in self.positions.items() if p[:size] == path},
            {p[size:]: at for p, at in self.key_positions.items() if p[:size] == path},
        )

    def stated_position(self, dotted: tuple[str, ...], fallback: Path_) -> tuple[int, int]:
        """The position of the first dotted path (or its nearest written ancestor below the top),
        else of `fallback`: where a finding about those fields should point."""
        for each in dotted:
            path = _dotted(each)
            while path:
                if path in self.positions:
                    return self.positions[path]
                path = path[:-1]
        return self.position(fallback)


@functools.lru_cache(maxsize=1024)
def _dotted(path: str) -> Path_:
    """`funding.sources.0.amount_sek` → ("funding", "sources", 0, "amount_sek")."""
    return tuple(int(p) if p.isdigit() else p for p in path.split("."))


def load_file(path: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read and load one YAML file; every problem becomes an `InputError` naming the file."""
    name = display or str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
            raise InputError(name, [Problem(texts.t("not_a_file"))])
        if info.st_size > max_bytes:
            raise InputError(
                name, [Problem(texts.t("too_large", size=info.st_size, limit=max_bytes))]
            )
        with path.open("rb") as stream:
            raw = stream.read(min(info.st_size, max_bytes) + 1)  # not a buffer of max_bytes
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise InputError(name, [Problem(texts.t("unreadable", reason=reason))]) from None
    return load_bytes(raw, name, max_bytes)


def load_bytes(raw: bytes, name: str, max_bytes: int = MAX_BYTES) -> Document:
    """Decode (UTF-8, optional BOM) and load YAML bytes."""
    if len(raw) > max_bytes:
        raise InputError(name, [Problem(texts.t("too_large", size=len(raw), limit=max_bytes))])
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or _looks_utf16(raw):
        raise InputError(name, [Problem(texts.t("utf16"), 1, 1)])
    if b"\x00" in raw:
        line, col = _offset_position(raw, raw.index(b"\x00"))
        raise InputError(name, [Problem(texts.t("binary"), line, col)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(raw, exc.start)
        raise InputError(name, [Problem(texts.t("not_utf8"), line, col)]) from None
    return load_text(text, name)


def _looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a byte order mark: every other byte of a Latin text is NUL."""
    head = raw[:200]
    if b"\x00" not in head:
        return False
    return max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4


def load_text(text: str, name: str) -> Document:
    """Load YAML text into a `Document`; raise `InputError` with every problem found, each
    quoting the line it is on."""
    try:
        document = _loaded(text, name)
    except InputError as error:
        raise error.with_excerpts(text) from None
    document.text = text
    return document


def _loaded(text: str, name: str) -> Document:
    """Load YAML text into a `Document`; raise `InputError` with every problem found.

    A plain document (no anchors, tags, duplicate keys or anything else to report) is composed
    by libyaml in C and then read; any other is built event by event, which finds and reports
    every problem. Both give the same document.
    """
    if HAS_C_LOADER and _plain_enough(text):
        document = _composed(text, name)
        if document is not None:
            return document
    parser = None
    try:
        parser = _Parser(text)
        return _Builder(name, parser).document()
    except yaml.MarkedYAMLError as exc:
        raise InputError(name, [_syntax_problem(exc)]) from None
    except yaml.YAMLError as exc:  # reader errors carry an offset, not a mark
        position = getattr(exc, "position", None)
        if position is not None and HAS_C_LOADER:  # libyaml counts bytes of UTF-8
            before = text.encode("utf-8", "surrogatepass")[:position]
            position = len(before.decode("utf-8", "ignore"))
        line, col = _offset_position(text, position) if position is not None else (None, None)
        words = texts.t("syntax_control") if "control characters" in str(exc) else str(exc)
        raise InputError(name, [Problem(texts.t("yaml_syntax", detail=words), line, col)]) from None
    finally:
        if parser is not None:
            parser.dispose()


FAST_NESTING = 2000
"""A text with at most this many characters that can open a level of nesting (`- : ? [ {`) is
composed in C: libyaml's composer recurses once per level, and this bounds the recursion."""


VALUES_PER_MARK = 4
"""At most this many values begin at one mark that opens or separates them (`- : ? [ { ,`), the
document's own value aside. libyaml composes a whole document before any of it can be counted, so
a text is composed in C only when its marks cannot make more than `MAX_VALUES` values: any other
(`themes: [a,a,a,…]` a million times) is built event by event and stopped at the cap as the
values come, before it has cost more than the cap's worth of time and memory."""


def _plain_enough(text: str) -> bool:
    if "&" in text or "*" in text or "!" in text:  # anchors, aliases and tags: event by event
        return False
    levels = sum(text.count(c) for c in "-:?[{")
    if levels > FAST_NESTING:
        return False
    return VALUES_PER_MARK * (levels + text.count(",") + 1) <= MAX_VALUES


def _composed(text: str, name: str) -> Document | None:
    """The document composed by libyaml, or None when the text has anything to report."""
    parser = _Composer(text)
    try:
        node = parser.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    if node is None:  # empty: said event by event
        return None
    reader = _NodeReader()
    try:
        data = reader.read(node, (), 0)
    except _NotPlainError:
        return None
    return Document(name, data, reader.positions, reader.key_positions)


class _NotPlainError(Exception):
    """Something in a composed document that the event-by-event builder must report."""


if HAS_C_LOADER:

    class _Composer(_Parser):
        """libyaml's composer, typing plain scalars the YAML 1.2 way."""

        def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
            if kind is ScalarNode:  # plain ones are typed when read: keys never need it
                return _PLAIN if implicit[0] else _STR
            return _MAP if kind is MappingNode else _SEQ

        def descend_resolver(self, *_args: object) -> None:
            """No path-dependent typing."""

        def ascend_resolver(self, *_args: object) -> None:
            """No path-dependent typing."""


class _NodeReader:
    """Data and positions from composed nodes; `_NotPlainError` at anything the builder reports."""

    def __init__(self) -> None:
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.counted = 0

    def read(self, node: Node, path: Path_, depth: int) -> Any:
        mark = node.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        self.counted += 1
        if self.counted > MAX_VALUES:
            raise _NotPlainError
        kind = type(node)
        if kind is ScalarNode:
            return _converted(node)
        if depth >= MAX_DEPTH:
            raise _NotPlainError
        if kind is MappingNode and node.tag == _MAP:
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                self.counted += 1  # a key is a value too
                if type(key_node) is not ScalarNode or self.counted > MAX_VALUES:
                    raise _NotPlainError
                if key_node.tag is not _PLAIN:
                    _converted(key_node)  # only for a tag or value the builder would report
                key = key_node.value
                if key in out:
                    raise _NotPlainError
                inner = (*path, key)
                mark = key_node.start_mark
                self.key_positions[inner] = (mark.line + 1, mark.column + 1)
                out[key] = self.read(value_node, inner, depth + 1)
            return out
        if kind is SequenceNode and node.tag == _SEQ:
            return [self.read(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        raise _NotPlainError


_PLAIN = "plain"
"""The tag of a plain scalar while composing: typed by `_implicit_tag` when read as a value."""


def _converted(node: Node) -> Any:
    tag = node.tag
    convert = _SCALARS.get(_implicit_tag(node.value) if tag is _PLAIN else tag)
    if convert is None:
        raise _NotPlainError
    try:
        return convert(node.value)
    except ValueError:
        raise _NotPlainError from None


_SYNTAX: list[tuple[str, str, bool]] = [
    # (libyaml's words for the problem, our message, whether it is about where the context began)
    ("did not find expected ',' or ']'", "syntax_unclosed_list", True),
    ("did not find expected ',' or '}'", "syntax_unclosed_map", True),
    ("found unexpected end of stream", "syntax_unclosed_quote", True),
    ("mapping values are not allowed", "syntax_colon", False),
    ("could not find expected ':'", "syntax_missing_colon", True),
    ("did not find expected key", "syntax_indent", False),
    ("did not find expected '-' indicator", "syntax_list_item", False),
    ("block sequence entries are not allowed", "syntax_dash", False),
    ("found character that cannot start any token", "syntax_bad_start", False),
    ("found unknown escape character", "syntax_escape", False),
    ("tab character", "syntax_tab", False),
    ("did not find expected node content", "syntax_no_value", False),
    ("did not find expected <document start>", "syntax_after_document", False),
    ("control characters are not allowed", "syntax_control", False),
]
"""libyaml's problems, as a committee secretary can act on them."""


def _syntax_problem(exc: yaml.MarkedYAMLError) -> Problem:
    problem = str(exc.problem or "")
    mark = exc.problem_mark or exc.context_mark
    for words, key, at_context in _SYNTAX:
        if words in problem:
            if at_context and exc.context_mark is not None:
                mark = exc.context_mark  # where the unclosed list, map or quote began
            detail = texts.t(key)
            break
    else:
        detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if mark is None:
        return Problem(texts.t("yaml_syntax", detail=detail))
    return Problem(texts.t("yaml_syntax", detail=detail), mark.line + 1, mark.column + 1)


def _offset_position(data: str | bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of an offset: lines as YAML counts them in text; in bytes not
    yet decoded, at line feeds."""
    if isinstance(data, str):
        lines = source_lines(data[:offset])
        return len(lines), len(lines[-1]) + 1
    before = data[:offset]
    return before.count(b"\n") + 1, offset - (before.rfind(b"\n") + 1) + 1


def _mark(event: Event) -> tuple[int, int]:
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    _NULL: lambda _v: None,
    _BOOL: lambda v: v.lower() == "true",
    _INT: lambda v: int(v, 0) if v[:2] in ("0o", "0x") else int(v, 10),
    _FLOAT: lambda v: float(v.lower().replace(".inf", "inf").replace(".nan", "nan")),
}

_DISCARD = object()
"""Stands for a key whose value is dropped: a duplicate, or a key that is not plain text."""


class _Frame:
    """An open map or list while its events arrive."""

    __slots__ = ("anchor", "counted", "is_map", "key", "path", "value")

    def __init__(
        self, value: dict[str, Any] | list[Any], path: Path_, counted: int, anchor: str | None
    ) -> None:
        self.value = value
        self.path = path
        self.counted = counted  # values counted when it opened: the size an alias to it adds
        self.anchor = anchor
        self.is_map = isinstance(value, dict)
        self.key: Any = None  # maps: the key waiting for its value


class _Builder:
    """Builds data from one document's events, collecting problems instead of stopping.

    Only what would make going on pointless stops it early: too deep, too many values.
    """

    def __init__(self, name: str, parser: Any) -> None:
        self.name = name
        self.parser = parser
        self.problems: list[Problem] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.stack: list[_Frame] = []
        self.counted = 0
        self.root: Any = None

    def document(self) -> Document:
        next_event = self.parser.get_event
        next_event()  # stream start
        first = next_event()
        if isinstance(first, StreamEndEvent):
            raise InputError(self.name, [Problem(texts.t("empty"), 1, 1)])
        assert isinstance(first, DocumentStartEvent)
        handlers: dict[type, Callable[[Any], None]] = {
            ScalarEvent: self.scalar_event,
            MappingStartEvent: self.open,
            SequenceStartEvent: self.open,
            MappingEndEvent: self.close,
            SequenceEndEvent: self.close,
            AliasEvent: self.alias,
        }
        event = next_event()
        while type(event) is not DocumentEndEvent:
            handlers[type(event)](event)
            event = next_event()
        following = next_event()
        if not isinstance(following, StreamEndEvent):
            line, col = _mark(following)
            self.problems.append(Problem(texts.t("several_documents"), line, col))
        if self.problems:
            raise InputError(self.name, self.problems)
        return Document(self.name, self.root, self.positions, self.key_positions)

    def scalar_event(self, event: ScalarEvent) -> None:
        self.count(event, 1)
        stack = self.stack
        if stack:
            top = stack[-1]
            if top.is_map and top.key is None:  # a key: kept as written
                if event.tag not in (None, "!") or event.anchor:
                    value = self.scalar(event)  # for what it says about the tag, or an alias
                    if event.anchor:
                        self.anchors[event.anchor] = (value, 1)
                top.key = self.key(top, event, None)
                return
        value = self.scalar(event)
        if event.anchor:
            self.anchors[event.anchor] = (value, 1)
        self.add(value, event, 1)

    def close(self, _event: Event) -> None:
        frame = self.stack.pop()
        size = self.counted - frame.counted
        if frame.anchor:
            self.anchors[frame.anchor] = (frame.value, size)
        self.add(frame.value, None, size, opened=frame.path)

    def alias(self, event: AliasEvent) -> None:
        value, size = self.anchors.get(event.anchor or "", (None, 1))
        if event.anchor not in self.anchors:
            self.problem(event, "undefined_alias", anchor=event.anchor)
        self.count(event, size)
        self.add(value, event, size)

    def count(self, event: Event, size: int) -> None:
        self.counted += size
        if self.counted > MAX_VALUES:
            line, col = _mark(event)
            problem = Problem(texts.t("too_many_values", limit=MAX_VALUES), line, col)
            raise InputError(self.name, [problem])

    def open(self, event: MappingStartEvent | SequenceStartEvent) -> None:
        is_map = type(event) is MappingStartEvent
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            self.problem(event, "tag_not_allowed", tag=_short_tag(event.tag))
        if len(self.stack) >= MAX_DEPTH:
            line, col = _mark(event)
            raise InputError(self.name, [Problem(texts.t("too_deep", limit=MAX_DEPTH), line, col)])
        self.count(event, 1)
        path = self.child_path(event)
        self.positions[path] = _mark(event)
        value: dict[str, Any] | list[Any] = {} if is_map else []
        self.stack.append(_Frame(value, path, self.counted - 1, event.anchor))

    def child_path(self, event: Event) -> Path_:
        if not self.stack:
            return ()
        top = self.stack[-1]
        if not top.is_map:
            return (*top.path, len(top.value))
        if top.key is None:  # a map or list used as a key
            self.problem(event, "bad_key")
            return (*top.path, "?")
        return (*top.path, top.key) if top.key is not _DISCARD else (*top.path, "?")

    def add(self, value: Any, event: Event | None, size: int, opened: Path_ | None = None) -> None:
        """Place a finished value in the open map or list (or make it the document)."""
        if not self.stack:
            self.root = value
            if event is not None:
                self.positions[()] = _mark(event)
            return
        top = self.stack[-1]
        if not top.is_map:
            if event is not None:
                self.positions[(*top.path, len(top.value))] = _mark(event)
            top.value.append(value)  # type: ignore[union-attr]
        elif top.key is None:
            top.key = self.key(top, event, opened)
        else:
            if top.key is not _DISCARD:
                top.value[top.key] = value
                if event is not None:
                    self.positions[(*top.path, top.key)] = _mark(event)
            top.key = None

    def key(self, top: _Frame, event: Event | None, opened: Path_ | None) -> Any:
        if not isinstance(event, ScalarEvent):
            if opened is None and event is not None:  # an alias as a key
                self.problem(event, "bad_key")
            return _DISCARD
        key = event.value
        path = (*top.path, key)
        if key in top.value or path in self.key_positions:
            first = self.key_positions[path]
            self.problem(event, "duplicate_key", key=key, line=first[0])
            return _DISCARD
        self.key_positions[path] = _mark(event)
        return key

    def scalar(self, event: ScalarEvent) -> Any:
        tag = event.tag
        if tag is None or tag == "!":
            tag = _implicit_tag(event.value) if event.implicit[0] and tag is None else _STR
        convert = _SCALARS.get(tag)
        if convert is None:
            self.problem(event, "tag_not_allowed", tag=_short_tag(tag))
            return None
        try:
            return convert(event.value)
        except ValueError:
            self.problem(event, "bad_scalar", value=event.value, tag=_short_tag(tag))
            return None

    def problem(self, event: Event, message_key: str, **params: object) -> None:
        line, col = _mark(event)
        self.problems.append(Problem(texts.t(message_key, **params), line, col))


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
