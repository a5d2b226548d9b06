"""The interface every output format implements."""

from __future__ import annotations

import codecs
import collections
import functools
import shutil
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeAlias

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TextIO

    from strategikoll.engine import Rendered, Report, Result, Spooled, Verdict


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


Items: TypeAlias = "Callable[[Sequence[Result]], str]"
"""What a worker renders a batch of consecutive results with (a format's `worker_items`)."""


def items_of(writer: type[Streaming]) -> Items:
    """A streaming format's items of a batch, separated; an empty one is left out."""
    return functools.partial(_joined, writer.item, writer.separator)


class MadeByWorkers:
    """For a streaming format: the workers of a parallel run make its items."""

    def worker_items(self, *, to_terminal: bool, fail_on: Verdict | None = None) -> Items:
        """Its items of a batch, separated, whatever the output and `--fail-on`."""
        del to_terminal, fail_on
        return items_of(type(self))  # type: ignore[arg-type]


def every_item(item: Callable[[Result], str], separator: str) -> Items:
    """The items of a batch, one for each result (an empty one too), separated: as
    `with_items` reads them back."""
    return functools.partial(_joined_all, item, separator)


def _joined(item: Callable[[Result], str], separator: str, results: Sequence[Result]) -> str:
    return separator.join(text for text in map(item, results) if text)


def _joined_all(item: Callable[[Result], str], separator: str, results: Sequence[Result]) -> str:
    return separator.join(map(item, results))


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
    buffer = getattr(stream, "buffer", None)
    if buffer is None or not _is_utf8(getattr(stream, "encoding", None)):
        stream.write(read_rendered(text))  # another encoding: the text goes through it
        return
    with text.path.open("rb") as part:
        stream.flush()  # what was written as text goes first
        shutil.copyfileobj(part, buffer, 1 << 20)
    text.path.unlink()


def _is_utf8(encoding: str | None) -> bool:
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False
