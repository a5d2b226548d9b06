"""The interface every output format implements."""

from __future__ import annotations

import codecs
import shutil
from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.engine import Report, Spooled


class Reporter(Protocol):
    """Writes a finished report to a stream; never judges, never re-runs anything."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Render `report` onto `stream`."""


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
