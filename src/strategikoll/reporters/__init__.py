"""Output formats: one module per format behind the `Reporter` interface, chosen by name.

Reporters are imported only when chosen, so `--format json` never pays for rich. A reporter
written for people takes `options` (`ReporterOptions`: how much to say, whether in colour) in its
constructor; the others are made without arguments.
"""

from __future__ import annotations

import functools
import importlib
import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from strategikoll import texts
from strategikoll.errors import UsageError
from strategikoll.reporters.base import DEFAULT_OPTIONS, Reporter, ReporterOptions

if TYPE_CHECKING:
    from strategikoll.engine import Result

REPORTERS: dict[str, str] = {
    "text": "strategikoll.reporters.text:TextReporter",
    "json": "strategikoll.reporters.json:JsonReporter",
    "sarif": "strategikoll.reporters.sarif:SarifReporter",
    "junit": "strategikoll.reporters.junit:JunitReporter",
    "github": "strategikoll.reporters.github:GithubReporter",
    "markdown": "strategikoll.reporters.markdown:MarkdownReporter",
}
"""Format name → `module:class` of its reporter."""


def get_reporter(name: str, options: ReporterOptions = DEFAULT_OPTIONS) -> Reporter:
    """The reporter for a format name, given `options` if it takes them; `UsageError` naming the
    formats there are otherwise."""
    target = REPORTERS.get(name.lower())
    if target is None:
        raise UsageError(texts.t("unknown_format", format=name, known=", ".join(REPORTERS)))
    module, _, cls = target.partition(":")
    make = getattr(importlib.import_module(module), cls)
    takes_options = "options" in inspect.signature(make).parameters
    reporter: Reporter = make(options=options) if takes_options else make()
    return reporter


def fragment_for(name: str) -> Callable[[Sequence[Result]], str] | None:
    """The function a streaming format renders consecutive results with, if it has one.

    A format that has it gets its output made in the worker processes of a parallel run, a batch
    of files at a time. Its `fragment` renders one result; the text of several is their non-empty
    fragments joined by commas, as the items of the array the format lists results in.
    """
    module, _, _cls = REPORTERS[name.lower()].partition(":")
    fragment: Callable[[Result], str] | None = getattr(
        importlib.import_module(module), "fragment", None
    )
    return None if fragment is None else functools.partial(_joined, fragment)


def _joined(fragment: Callable[[Result], str], results: Sequence[Result]) -> str:
    return ",".join(text for text in map(fragment, results) if text)
