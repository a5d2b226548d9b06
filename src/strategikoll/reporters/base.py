"""The interface every output format implements."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.engine import Report


class Reporter(Protocol):
    """Writes a finished report to a stream; never judges, never re-runs anything."""

    def write(self, report: Report, stream: TextIO) -> None:
        """Render `report` onto `stream`."""
