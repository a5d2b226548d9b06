"""The interface every output format implements."""

from __future__ import annotations

import codecs
import collections
import functools
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar, Protocol

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from strategikoll.engine import Rendered, Report, Result, Spooled


class Reporter(Protocol):
    """Writes a finished report to a stream; never judges, never re-runs anything."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Render `report` onto `stream`."""


class Streaming(Protocol):
    """A format that writes each result as it comes: a beginning, the items (each result's text,
    `separator` between those that are not empty), an end. A parallel run has the workers make
    the items (`item` is a static function, sent to them by name), and the report passes each
    text on as it is; `write_streaming` writes such a format, whoever made its items."""

    separator: ClassVar[str]

    def begin(self, stream: TextIO) -> None:
        """Write what comes before the first item."""

    @staticmethod
    def item(result: Result) -> str:
        """The text of one result; empty when it has none."""

    def seen(self, result: Result) -> None:
        """Take note of a result as it passes (what `end` needs of it: its strategy, say)."""

    def end(self, report: Report, stream: TextIO) -> None:
        """Write what comes after the last item; the report's counts are complete by now."""


def write_streaming(writer: Streaming, report: Report, stream: TextIO) -> None:
    """Write a streaming format: its beginning, every result's item (made here, or already made
    by a worker), its end."""
    from strategikoll.engine import Rendered

    writer.begin(stream)
    separator = ""
    for each in report.rendered():
        result = each.result if isinstance(each, Rendered) else each
        writer.seen(result)
        text = each.text if isinstance(each, Rendered) else writer.item(result)
        if text:  # empty: nothing to say of it, or its text came with an earlier result's
            write_rendered(stream, separator, text)
            separator = writer.separator
    writer.end(report, stream)


def renders_items(writer: type) -> bool:
    """Whether workers can make a format's text of each result (`item`, joined by `separator`):
    a streaming format, or one that puts the items together itself (HTML's page of many)."""
    return all(hasattr(writer, part) for part in ("separator", "item"))


def items_of(writer: type[Streaming]) -> Callable[[Sequence[Result]], str]:
    """What a worker renders a batch of consecutive results with: their items, separated."""
    return functools.partial(_joined, writer.item, writer.separator)


def _joined(item: Callable[[Result], str], separator: str, results: Sequence[Result]) -> str:
    return separator.join(text for text in map(item, results) if text)


class Verbosity(IntEnum):
    """How much a format written for people says about each file: `-q`, by default, `-v`."""

    QUIET = -1
    NORMAL = 0
    VERBOSE = 1


@dataclass(frozen=True)
class ReporterOptions:
    """What the person running the check asked of the output.

    A reporter whose constructor takes `options` is given them; formats read by programs take
    none, since their output must not depend on who is watching.
    """

    verbosity: Verbosity = Verbosity.NORMAL
    color: bool = True
    """False: no colour even on a terminal (`--no-color`). The console honours `NO_COLOR` and
    `FORCE_COLOR` in the environment by itself."""


DEFAULT_OPTIONS = ReporterOptions()


def with_items(
    rendered: Iterable[Result | Rendered], separator: str, item: Callable[[Result], str]
) -> Iterator[tuple[Result, str]]:
    """Each result with its item: as a worker made it (the items of a batch, joined by
    `separator`, come with its first result), or made here by `item`."""
    from strategikoll.engine import Rendered

    made: collections.deque[str] = collections.deque()
    for each in rendered:
        if not isinstance(each, Rendered):
            yield each, item(each)
            continue
        if each.text:
            made.extend(read_rendered(each.text).split(separator))
        yield each.result, made.popleft()


def read_rendered(text: str | Spooled) -> str:
    """Text a worker made, as a string: read from its file (then removed) if it was spooled."""
    if isinstance(text, str):
        return text
    try:
        return text.path.read_text(encoding="utf-8", errors="surrogateescape")
    finally:
        text.path.unlink()


def write_rendered(stream: TextIO, before: str, text: str | Spooled) -> None:
    """Write `before`, then text rendered in a worker: a string, or the file it was spooled to
    (copied as bytes, and then removed)."""
    stream.write(before)
    if isinstance(text, str):
        stream.write(text)
        return
    with text.path.open("rb") as part:
        buffer = getattr(stream, "buffer", None)
        if buffer is not None and _is_utf8(getattr(stream, "encoding", None)):
            stream.flush()  # what was written as text goes first
            shutil.copyfileobj(part, buffer, 1 << 20)
        else:  # another encoding: the text goes through it, as all the rest does
            stream.write(part.read().decode("utf-8", "surrogateescape"))
    text.path.unlink()


def _is_utf8(encoding: str | None) -> bool:
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
