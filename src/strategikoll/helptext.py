"""The command line in one language: its help, its usage line and the errors of a command line
that cannot be parsed, in Swedish or in English, with the words of `i18n/help.py`.

Why this module patches typer: typer (0.29) writes its help and its parse errors with English
strings of its own and has no hook for a translation (it vendors click as `typer._click`, without
click's gettext calls). So this is the one place that reaches into typer's internals, and the only
one to change when typer does:

* `localize` walks the click command tree built from the app and sets each command's and each
  parameter's help and metavar (no `<str>`, `<bool>` or `<int range>`: a word, or nothing for a
  flag);
* `LocalizedGroup` and `LocalizedCommand`, the classes of the app's commands, write the usage line
  with the language's prefix, word the `--help` option, and set the titles and markers of the
  help's panels (module constants of `typer.rich_utils`) just before help is shown, so that a run
  that shows no help never imports rich's help machinery;
* `usage_error` words a parse error (`typer._click.exceptions.UsageError` and its subclasses)
  from its attributes, for `cli.main` to print instead of typer's English panel; the few that
  carry nothing but an English sentence are recognised by it (`_SENTENCES`);
* `--install-completion` and `--show-completion` get callbacks that say what they did in the
  language.

pyproject.toml pins typer to the minor version this was written against; tests/test_help_language.py
fails when a typer release moves any of it.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from difflib import get_close_matches
from enum import Enum
from typing import Any

from typer import _click
from typer._click.exceptions import (
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from strategikoll import formats
from strategikoll.i18n import help as catalogue

CATALOGUES: dict[str, dict[str, str]] = {"sv": catalogue.SV, "en": catalogue.EN}

ROOT_KEY = "app"
"""The catalogue's name for the program itself (its commands go by their names)."""

_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
"""The variables that name the user's language, in the order gettext reads them."""

RICH_CONSTANTS = (
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "DEPRECATED_STRING",
    "RANGE_STRING",
    "ABORTED_TEXT",
    "RICH_HELP",
)
"""The module constants of `typer.rich_utils` that hold English text, all set by `_prepare_rich`."""

SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")
"""The shells typer can install completion for."""


def words(lang: str) -> dict[str, str]:
    """The catalogue of `lang`."""
    return CATALOGUES[lang]


def message(lang: str, key: str, /, **params: object) -> str:
    """The entry `key` of the catalogue of `lang`, with `params` filled in."""
    return words(lang)[key].format(**params)


# The language


def help_language(args: Sequence[str], environ: Mapping[str, str] | None = None) -> str:
    """The language of the help and the usage errors of the command line `args`: its `--lang`
    (`--lang en`, `--lang=en`, before the command or after it; the last one, as it is parsed),
    else the user's environment (English when it names English), else Swedish.

    Read before the command line is parsed, since a command line that cannot be parsed has to be
    answered in a language too; a `--lang` with a value that is no language counts as none.
    The environment decides only this: what a command writes, and the errors it finds itself,
    are in the language of its `--lang` (or of the settings), Swedish without one, as before.
    """
    chosen: str | None = None
    rest = iter(args)
    for arg in rest:
        if arg == "--":
            break
        value = next(rest, None) if arg == "--lang" else None
        if arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in CATALOGUES:
            chosen = value
    return chosen or environment_language(os.environ if environ is None else environ)


def environment_language(environ: Mapping[str, str]) -> str:
    """English when the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set names English
    (`en`, `en_GB.UTF-8`, `en_US:sv`), else Swedish."""
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            return "en" if value.split(":")[0].lower().startswith("en") else "sv"
    return "sv"


# The command tree


class _Localized(_click.Command):
    """What a command of this program does beyond typer's: its usage line, its `--help` option
    and its help's panels in the language `localize` gave it."""

    lang: str = "sv"
    key: str = ""

    def get_help_option(self, ctx: _click.Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:  # made by typer on first use, with English help
            option.help = _markup(words(self.lang)["ui.help_option"])
            option.metavar = ""  # a flag: no `<bool>`
        return option

    def format_usage(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        """click's, with the language's prefix instead of its `Usage: `."""
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(
            ctx.command_path, " ".join(pieces), prefix=words(self.lang)["ui.usage"]
        )

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        _prepare_rich(self.lang)
        self.epilog = _epilog(self.key, self.lang)
        super().format_help(ctx, formatter)


class LocalizedCommand(_Localized, TyperCommand):
    """A command of this program (`cls=` of each `app.command`)."""


class LocalizedGroup(_Localized, TyperGroup):
    """The program itself, the group of its commands (`cls=` of the app)."""


class _UntypedArgument(TyperArgument):
    """An argument whose help shows its metavar alone, without typer's `<str>` or `<path>`."""

    def display_type_rich(self, ctx: _click.Context) -> str | None:
        return None

    def _usage_display_name(self) -> str:
        """`FIL` for a required argument, as usage lines write it, not typer's `{FIL}`."""
        name = super()._usage_display_name()
        return name[1:].replace("}", "", 1) if name.startswith("{") else name


def localize(root: _click.Command, lang: str) -> None:
    """Put the help of `root` (the app's command tree) and of every command under it in `lang`.

    Every command and every parameter must have its help in the catalogue, and every option that
    takes a value its metavar: a missing entry is a KeyError here, on every run, not English help.
    """
    _localize_command(root, ROOT_KEY, lang)
    if isinstance(root, TyperGroup):
        for name, command in root.commands.items():
            _localize_command(command, name, lang)


def _localize_command(command: _click.Command, key: str, lang: str) -> None:
    strings = words(lang)
    command.help = _markup(strings[f"{key}.help"])
    command.options_metavar = strings["ui.options_metavar"]
    if isinstance(command, TyperGroup):
        command.subcommand_metavar = strings["ui.subcommand_metavar"]
    if isinstance(command, _Localized):
        command.lang, command.key = lang, key
    for param in command.params:
        name = param.name or ""
        if isinstance(param, TyperOption):
            param.help = _markup(_entry(strings, key, name))
            if name == "output_format":  # the formats the registry has for the command
                param.help = param.help.format(formats=formats.listed(key, lang))
            param.metavar = "" if param.is_flag else _entry(strings, key, name, ".metavar")
            if name in ("install_completion", "show_completion"):
                param.callback = _completion_callback(param.callback, name, lang)
        elif isinstance(param, TyperArgument):
            param.help = _markup(_entry(strings, key, name))
            param.metavar = _entry(strings, key, name, ".metavar")
            param.__class__ = _UntypedArgument


def _entry(strings: Mapping[str, str], command_key: str, name: str, suffix: str = "") -> str:
    """A parameter's entry in the catalogue: the command's own, else the one commands share."""
    own = f"{command_key}.{name}{suffix}"
    return strings[own] if own in strings else strings[f"opt.{name}{suffix}"]


def _markup(text: str) -> str:
    """Plain text as typer's Rich markup: a `[` would begin a tag."""
    return text.replace("[", "\\[")


def _epilog(key: str, lang: str) -> str | None:
    """What a command's help says after its options, if anything (made when help is shown)."""
    template = words(lang).get(f"{key}.epilog")
    if template is None:
        return None
    named = kind_names(lang)
    width = max(len(name) for name, _ in named)
    kinds = "\n".join(f"{name.ljust(width)}  {code}" for name, code in named)
    return _markup(template.format(kinds=kinds))


def kind_names(lang: str) -> list[tuple[str, str]]:
    """Each kind of engagement as (its name in `lang`, its code), in the order of `Kind`."""
    from strategikoll.i18n import en, sv
    from strategikoll.proposal import Kind

    names = sv.VALUES if lang == "sv" else en.VALUES
    return [(names.get(kind.value, kind.value), kind.value) for kind in Kind]


def _prepare_rich(lang: str) -> None:
    """Set the text of typer's help panels (module constants of `typer.rich_utils`) in `lang`.

    Imported here, when help is shown, not before: `typer.rich_utils` brings in much of rich."""
    from rich.markup import escape
    from typer import rich_utils

    strings = words(lang)
    values = {
        "ARGUMENTS_PANEL_TITLE": strings["ui.arguments"],
        "OPTIONS_PANEL_TITLE": strings["ui.options"],
        "COMMANDS_PANEL_TITLE": strings["ui.commands"],
        "ERRORS_PANEL_TITLE": strings["ui.error_title"],
        "DEFAULT_STRING": strings["ui.default"].format(value="{}"),
        "ENVVAR_STRING": strings["ui.envvar"].format(name="{}"),
        "REQUIRED_LONG_STRING": strings["ui.required"],
        "DEPRECATED_STRING": strings["ui.deprecated"] + " ",
        "RANGE_STRING": "",  # `[x>=1]`: the help of such an option says it in words
        "ABORTED_TEXT": strings["ui.aborted"],
        "RICH_HELP": escape(strings["ui.help_hint"]).format(
            command="[blue]{command_path} {help_option}[/]"
        ),
    }
    for name in RICH_CONSTANTS:
        setattr(rich_utils, name, values[name])
    # The usage line is highlighted by its English prefix: highlight the language's instead.
    english = rich_utils.OptionHighlighter.highlights
    highlights = [p for p in english if "?P<usage>" not in p]
    highlights.append(f"(?P<usage>{re.escape(strings['ui.usage'])})")
    highlighter = type("Highlighter", (rich_utils.OptionHighlighter,), {"highlights": highlights})
    rich_utils.highlighter = highlighter()


# Shell completion


def _completion_callback(
    original: Callable[..., Any] | None, name: str, lang: str
) -> Callable[[_click.Context, _click.Parameter, Any], Any]:
    """`--install-completion` or `--show-completion`, saying what it does in `lang`: typer's own
    callbacks say it in English, or fail on a shell they do not know with an English message."""
    from typer import _completion_shared

    strings = words(lang)

    def callback(ctx: _click.Context, param: _click.Parameter, value: Any) -> Any:
        if not value or ctx.resilient_parsing:
            return value
        shell = value if isinstance(value, str) else _completion_shared._get_shell_name()
        if shell is None:
            _fail(strings["ui.completion_no_shell"])
        if shell not in SHELLS:
            _fail(strings["ui.completion_unsupported"].format(shell=shell))
        if name == "show_completion":
            return original(ctx, param, value) if original is not None else value
        shell, path = _completion_shared.install(shell=shell)
        sys.stdout.write(strings["ui.completion_installed"].format(shell=shell, path=path) + "\n")
        sys.stdout.write(strings["ui.completion_restart"] + "\n")
        sys.exit(0)

    return callback


def _fail(text: str) -> None:
    sys.stderr.write(f"strategikoll: {text}\n")
    sys.exit(1)


# Usage errors

_SENTENCES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"No such command (?P<name>'.*'|\".*\")\.(?: Did you mean .*\?)?"), "command"),
    (re.compile(r"Missing command\."), "missing_command"),
    (re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"), "extra"),
    (re.compile(r"Argument (?P<name>'.*') takes (?P<count>\d+) values\."), "argument_values"),
    (re.compile(r"Option (?P<option>'.*') requires an argument\."), "needs_value"),
    (re.compile(r"Option (?P<option>'.*') requires (?P<count>\d+) arguments\."), "needs_values"),
    (re.compile(r"Option (?P<option>'.*') does not take a value\."), "takes_no_value"),
)
"""The usage errors that carry nothing but click's English sentence, and what each one is."""


def usage_error(error: UsageError, lang: str) -> tuple[str, list[str]]:
    """A usage error in `lang`: what is wrong, then the lines that follow it (the usage line of
    the command and where to find its help)."""
    strings = words(lang)
    ctx = error.ctx
    text = _describe(error, strings)
    if ctx is None:  # an error of the option parser: no command to show the usage of
        return text, [strings["ui.help_hint"].format(command="strategikoll --help")]
    after = [ctx.get_usage()]
    if ctx.command.get_help_option(ctx) is not None:
        command = f"{ctx.command_path} {ctx.help_option_names[0]}"
        after.append(strings["ui.help_hint"].format(command=command))
    return text, after


def _describe(error: UsageError, strings: Mapping[str, str]) -> str:
    """What is wrong with the command line, worded from the error's attributes."""
    if isinstance(error, NoSuchOption):
        text = strings["error.no_such_option"].format(option=error.option_name)
        if error.possibilities:
            suggestions = _either(list(error.possibilities), strings)  # closest first
            text += f" ({strings['error.did_you_mean'].format(suggestions=suggestions)})"
        return text
    if isinstance(error, MissingParameter):
        return _missing(error, strings)
    if isinstance(error, BadParameter):
        return _bad_value(error, strings)
    for pattern, kind in _SENTENCES:
        match = pattern.fullmatch(error.message)
        if match is not None:
            return _sentence(kind, match, error, strings)
    return strings["error.invalid"].format(detail=error.message)


def _sentence(
    kind: str, match: re.Match[str], error: UsageError, strings: Mapping[str, str]
) -> str:
    """One of click's English sentences (`_SENTENCES`), in the catalogue's words."""
    found = match.groupdict()
    if kind == "command":
        name = str(ast.literal_eval(found["name"]))  # click quoted it with `!r`
        text = strings["error.no_such_command"].format(name=name)
        group = error.ctx.command if error.ctx is not None else None
        known = list(group.commands) if isinstance(group, TyperGroup) else []
        close = get_close_matches(name, known)
        if close:
            suggestions = _either(close, strings)
            text += f" ({strings['error.did_you_mean'].format(suggestions=suggestions)})"
        return text
    if kind == "missing_command":
        return strings["error.missing_command"]
    if kind == "extra":
        return strings["error.extra_arguments"].format(args=found["args"])
    if kind == "argument_values":
        return strings["error.argument_values"].format(
            name=found["name"].strip("'"), count=found["count"]
        )
    option = getattr(error, "option_name", None) or found["option"].strip("'")
    if kind == "needs_values":
        return strings["error.option_needs_values"].format(option=option, count=found["count"])
    key = "error.option_needs_value" if kind == "needs_value" else "error.option_takes_no_value"
    return strings[key].format(option=option)


def _missing(error: MissingParameter, strings: Mapping[str, str]) -> str:
    param = error.param
    if isinstance(param, TyperArgument) or (param is None and error.param_type == "argument"):
        name = _param_name(param) or _hint(error)
        return strings["error.missing_argument"].format(name=name)
    text = strings["error.missing_option"].format(option=_param_name(param) or _hint(error))
    choices = _choices(param)
    if choices:
        text += "; " + strings["error.choose_from"].format(choices=_either(choices, strings))
    return text


def _bad_value(error: BadParameter, strings: Mapping[str, str]) -> str:
    param = error.param
    name = _param_name(param) or _hint(error)
    detail = _validation_detail(error)
    value = detail.get("input")
    if value is None:
        return strings["error.bad_parameter"].format(param=name)
    value = value.value if isinstance(value, Enum) else value
    choices = _choices(param)
    if choices:
        return strings["error.bad_choice"].format(
            value=value, param=name, choices=_either(choices, strings)
        )
    kind = detail.get("type")
    limits = detail.get("ctx") or {}
    if kind == "int_parsing":
        return strings["error.not_integer"].format(param=name, value=value)
    for bound, key in (("ge", "at_least"), ("gt", "above"), ("le", "at_most"), ("lt", "below")):
        if bound in limits:
            return strings[f"error.{key}"].format(param=name, limit=limits[bound], value=value)
    return strings["error.bad_value"].format(value=value, param=name)


def _validation_detail(error: BadParameter) -> dict[str, Any]:
    """The first problem of the pydantic validation that typer turned into `error`, or none."""
    errors = getattr(error.__cause__, "errors", None)
    if not callable(errors):
        return {}
    found = errors()
    return dict(found[0]) if found else {}


def _param_name(param: _click.Parameter | None) -> str:
    """How an error names a parameter: an option by its longest name, an argument by its
    metavar."""
    if param is None:
        return ""
    if isinstance(param, TyperArgument):
        return param.metavar or param.name or ""
    return max(param.opts, key=len) if param.opts else param.name or ""


def _hint(error: BadParameter) -> str:
    hint = error.param_hint
    if hint is None:
        return ""
    return hint if isinstance(hint, str) else " / ".join(hint)


def _choices(param: _click.Parameter | None) -> list[str]:
    """The values a parameter with a fixed set of them takes, else none."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or not descriptor.is_choice:
        return []
    return [str(c.value if isinstance(c, Enum) else c) for c in descriptor.choices or ()]


def _either(items: Sequence[str], strings: Mapping[str, str]) -> str:
    """`a, b eller c`: alternatives as the language lists them."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + strings["ui.or"] + items[-1]
