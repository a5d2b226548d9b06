"""Output formats of `check`: one module per format behind the `Reporter` interface, each named
in the registry of formats (`strategikoll.formats`).

A reporter written for people takes `options` (`ReporterOptions`: how much to say, whether in
colour) in its constructor; the others are made without arguments.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

from strategikoll import formats
from strategikoll.reporters.base import DEFAULT_OPTIONS, Reporter, ReporterOptions

if TYPE_CHECKING:
    from strategikoll.engine import Verdict
    from strategikoll.reporters.base import Items


def get_reporter(name: str, options: ReporterOptions = DEFAULT_OPTIONS) -> Reporter:
    """The reporter for a format name, given `options` if it takes them; `UsageError` naming the
    formats there are otherwise."""
    make = formats.load("check", name)
    takes_options = "options" in inspect.signature(make).parameters
    reporter: Reporter = make(options=options) if takes_options else make()
    return reporter


def renderer(
    reporter: Reporter, *, to_terminal: bool, fail_on: Verdict | None = None
) -> Items | None:
    """What the workers of a parallel run render a batch of results with, as the reporter says
    (`worker_items`, given whether the output may be a terminal and the run's `--fail-on`); None
    for a format that needs the whole report first."""
    worker_items = getattr(reporter, "worker_items", None)
    return None if worker_items is None else worker_items(to_terminal=to_terminal, fail_on=fail_on)
