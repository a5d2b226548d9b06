"""Safe YAML loading with a position for every value.

PyYAML's C parser composes the node tree; this module builds plain Python data from it, so that
nothing but maps, lists, strings, numbers, booleans and null is ever constructed. Along the way it
records where each value stands (line and column, 1-based) and rejects what PyYAML would accept
silently: duplicate keys, explicit tags, alias expansion beyond a budget.

Plain scalars are resolved the YAML 1.2 way: only `true`/`false` are booleans and `NO`, `on`, `1:30`
stay the text that was written, so `country: NO` means Norway.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from strategikoll import texts
from strategikoll.errors import InputError, Problem

try:
    from yaml import CParser as _Parser  # type: ignore[attr-defined]

    HAS_C_LOADER = True
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)

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


class _Yaml12Resolver(BaseResolver):
    """Implicit typing of the YAML 1.2 core schema: fewer surprises than YAML 1.1."""


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
    _Yaml12Resolver.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


class _Loader(_Parser, _Yaml12Resolver):  # type: ignore[misc]
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Yaml12Resolver.__init__(self)


@dataclass
class Document:
    """A loaded YAML document: its data and where each value was written."""

    file: str
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path_, *, key: bool = False) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest written ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))


def load_file(path: Path, display: str | None = None, max_bytes: int = MAX_BYTES) -> Document:
    """Read and load one YAML file; every problem becomes an `InputError` naming the file."""
    name = display or str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(name, [Problem(texts.t("too_large", size=size, limit=max_bytes))])
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            name, [Problem(texts.t("unreadable", reason=exc.strerror or exc))]
        ) from None
    return load_bytes(raw, name, max_bytes)


def load_bytes(raw: bytes, name: str, max_bytes: int = MAX_BYTES) -> Document:
    """Decode (UTF-8, optional BOM) and load YAML bytes."""
    if len(raw) > max_bytes:
        raise InputError(name, [Problem(texts.t("too_large", size=len(raw), limit=max_bytes))])
    if b"\x00" in raw:
        line, col = _offset_position(raw, raw.index(b"\x00"))
        raise InputError(name, [Problem(texts.t("binary"), line, col)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _offset_position(raw, exc.start)
        raise InputError(name, [Problem(texts.t("not_utf8"), line, col)]) from None
    return load_text(text, name)


def load_text(text: str, name: str) -> Document:
    """Load YAML text into a `Document`; raise `InputError` with every problem found."""
    _check_flow_depth(text, name)
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise InputError(name, [_syntax_problem(exc)]) from None
    except yaml.YAMLError as exc:  # reader errors carry an offset, not a mark
        position = getattr(exc, "position", None)
        line, col = _offset_position(text, position) if position is not None else (None, None)
        raise InputError(
            name, [Problem(texts.t("yaml_syntax", detail=str(exc)), line, col)]
        ) from None
    except RecursionError:
        raise InputError(name, [Problem(texts.t("too_deep", limit=MAX_DEPTH))]) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise InputError(name, [Problem(texts.t("empty"), 1, 1)])
    builder = _Builder(name)
    data = builder.build(node, ())
    if builder.problems:
        raise InputError(name, builder.problems)
    return Document(name, data, builder.positions, builder.key_positions)


_BRACKETS = re.compile(r"[\[\]{}]")


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse `[[[[…` nested past MAX_DEPTH before libyaml, which is slow on it, sees the text."""
    depth = 0
    for match in _BRACKETS.finditer(text):
        depth += 1 if match.group() in "[{" else -1
        if depth > MAX_DEPTH:
            line, col = _offset_position(text, match.start())
            raise InputError(name, [Problem(texts.t("too_deep", limit=MAX_DEPTH), line, col)])


def _syntax_problem(exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    detail = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    if mark is None:
        return Problem(texts.t("yaml_syntax", detail=detail))
    return Problem(texts.t("yaml_syntax", detail=detail), mark.line + 1, mark.column + 1)


def _offset_position(data: str | bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    newline: Any = b"\n" if isinstance(data, bytes) else "\n"
    line = before.count(newline) + 1
    return line, offset - (before.rfind(newline) + 1) + 1


def _mark(node: Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


_SCALARS: dict[str, Callable[[str], Any]] = {
    _STR: str,
    _NULL: lambda _v: None,
    _BOOL: lambda v: v.lower() == "true",
    _INT: lambda v: int(v, 0) if v[:2] in ("0o", "0x") else int(v, 10),
    _FLOAT: lambda v: float(v.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")),
}


class _Builder:
    """Turns a composed node tree into plain data, collecting problems instead of stopping."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.problems: list[Problem] = []
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.key_positions: dict[Path_, tuple[int, int]] = {}
        self.budget = MAX_VALUES

    def problem(self, node: Node, message_key: str, **params: object) -> None:
        line, col = _mark(node)
        self.problems.append(Problem(texts.t(message_key, **params), line, col))

    def build(self, node: Node, path: Path_) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self.problem(node, "too_many_values", limit=MAX_VALUES)
            return None
        if len(path) > MAX_DEPTH:
            if not any(p.message == texts.t("too_deep", limit=MAX_DEPTH) for p in self.problems):
                self.problem(node, "too_deep", limit=MAX_DEPTH)
            return None
        self.positions[path] = _mark(node)
        if isinstance(node, MappingNode):
            return self.mapping(node, path) if self.tag_ok(node, _MAP) else None
        if isinstance(node, SequenceNode):
            if not self.tag_ok(node, _SEQ):
                return None
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        return self.scalar(node)

    def tag_ok(self, node: Node, expected: str) -> bool:
        if node.tag == expected:
            return True
        self.problem(node, "tag_not_allowed", tag=_short_tag(node.tag))
        return False

    def mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == _TAG + "merge":
                self.problem(key_node, "bad_key")
                continue
            key = key_node.value
            if key in out:
                first = self.key_positions[(*path, key)]
                self.problem(key_node, "duplicate_key", key=key, line=first[0])
                continue
            self.key_positions[(*path, key)] = _mark(key_node)
            out[key] = self.build(value_node, (*path, key))
        return out

    def scalar(self, node: ScalarNode) -> Any:
        convert = _SCALARS.get(node.tag)
        if convert is None:
            self.problem(node, "tag_not_allowed", tag=_short_tag(node.tag))
            return None
        try:
            return convert(node.value)
        except ValueError:
            self.problem(node, "bad_scalar", value=node.value, tag=_short_tag(node.tag))
            return None


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
