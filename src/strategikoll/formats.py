"""Every command's output formats, in one registry.

A command's `--format` choices, the words its help lists them in, and the code that writes each
format all come from `FORMATS`: adding a format is its module and one line here. The code is
imported only when its format is chosen, so `--format json` never pays for rich.

For `check` a format is a reporter class (`reporters.base.Reporter`; one that streams is also
`reporters.base.Streaming`). For the other commands it is a function that writes what the command
made to a stream.
"""

from __future__ import annotations

import importlib
from typing import Any

from strategikoll import texts
from strategikoll.errors import UsageError

FORMATS: dict[str, dict[str, str]] = {
    "check": {
        "text": "strategikoll.reporters.text:TextReporter",
        "json": "strategikoll.reporters.json:JsonReporter",
        "sarif": "strategikoll.reporters.sarif:SarifReporter",
        "junit": "strategikoll.reporters.junit:JunitReporter",
        "github": "strategikoll.reporters.github:GithubReporter",
        "markdown": "strategikoll.reporters.markdown:MarkdownReporter",
        "html": "strategikoll.reporters.html:HtmlReporter",
    },
    "diff": {
        "text": "strategikoll.diff_report:write_text",
        "markdown": "strategikoll.diff_report:write_markdown",
        "json": "strategikoll.diff_report:write_json",
        "html": "strategikoll.diff_html:write_html",
    },
    "principles": {
        "text": "strategikoll.views:write_principles",
        "json": "strategikoll.views:write_principles_json",
    },
    "test": {
        "text": "strategikoll.views:write_cases",
        "json": "strategikoll.views:write_cases_json",
    },
    "lint": {
        "text": "strategikoll.lint_report:write_text",
        "json": "strategikoll.lint_report:write_json",
        "sarif": "strategikoll.lint_report:write_sarif",
    },
}
"""Command → format name → `module:name` of what writes it, in the order the help lists them."""


def names(command: str) -> list[str]:
    """The format names of a command."""
    return list(FORMATS[command])


def listed(command: str, lang: str | None = None) -> str:
    """The format names as a sentence lists them: "text, json eller markdown"."""
    return texts.listed(names(command), "or", lang)


def chosen(command: str, name: str) -> str:
    """A format name as given (any case) checked against the command's; `UsageError` naming
    those there are otherwise."""
    key = name.lower()
    if key not in FORMATS[command]:
        raise UsageError(texts.t("unknown_format", format=name, known=", ".join(names(command))))
    return key


def load(command: str, name: str) -> Any:
    """What writes the format `name` of `command`: a reporter class, or a function."""
    module, _, attribute = FORMATS[command][chosen(command, name)].partition(":")
    return getattr(importlib.import_module(module), attribute)
