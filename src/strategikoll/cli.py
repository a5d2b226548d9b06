"""The command line: parses arguments, hands plain settings to the code that does the work.

It never judges. Every error below it is a `StrategikollError`; `main` is the one place that turns
those into a message on stderr and an exit status.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TextIO

import typer

from strategikoll import formats, helptext, texts
from strategikoll.errors import ExitStatus, StrategikollError, UsageError

if TYPE_CHECKING:
    from rich.console import Console

    from strategikoll.proposal import Kind
    from strategikoll.reporters.base import Reporter, ReporterOptions
    from strategikoll.strategies import Strategy
    from strategikoll.waivers import WaiverPolicy

# Help texts and metavars are not declared here: `helptext.localize` sets them from the catalogue
# (`i18n/help.py`) in the language of the run, for every command and parameter.
app = typer.Typer(
    name="strategikoll",
    cls=helptext.LocalizedGroup,
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


class Lang(StrEnum):
    """Languages of the output."""

    SV = "sv"
    EN = "en"


class WaiverMode(StrEnum):
    """Which waivers of a proposal are honoured."""

    ACCEPT = "accept"
    REGISTER = "register"
    IGNORE = "ignore"


class FailOn(StrEnum):
    """The verdict from which a check exits 1."""

    FAIL = "fail"
    WARN = "warn"


LangOption = Annotated[Lang, typer.Option("--lang")]
AtOption = Annotated[str | None, typer.Option("--at")]
StrategyOption = Annotated[list[Path] | None, typer.Option("--strategy", "-s")]
CityOption = Annotated[str | None, typer.Option("--city", "-c")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o")]
ForceOption = Annotated[bool, typer.Option("--force")]


def _print_version(wanted: bool) -> None:
    """`--version`: `strategikoll X.Y.Z`, the version of the package installed."""
    if not wanted:
        return
    from importlib.metadata import PackageNotFoundError, version

    try:
        number = version("strategikoll")
    except PackageNotFoundError:  # a source tree on the path, never installed
        from strategikoll import __version__ as number
    sys.stdout.write(f"strategikoll {number}\n")
    raise typer.Exit


@app.callback()
def _app_options(
    ctx: typer.Context,
    show_version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True)
    ] = False,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
) -> None:
    """Options of the program itself, before any command: `--version`, and `--lang`, which is
    also the command's `--lang` unless the command is given one of its own."""
    group = ctx.command
    if lang is not None and isinstance(group, typer.core.TyperGroup):
        ctx.default_map = {name: {"lang": lang.value} for name in group.commands}


def _console() -> Console:
    from strategikoll.reporters.text import make_console

    return make_console(sys.stdout)


@app.command(cls=helptext.LocalizedCommand)
def check(
    paths: Annotated[list[str] | None, typer.Argument()] = None,
    city: CityOption = None,
    output_format: Annotated[str | None, typer.Option("--format", "-f")] = None,
    output_value: Annotated[str | None, typer.Option("--output", "-o")] = None,
    force: ForceOption = False,
    fail_on: Annotated[FailOn | None, typer.Option("--fail-on")] = None,
    at: AtOption = None,
    strategy: StrategyOption = None,
    exclude: Annotated[list[str] | None, typer.Option("--exclude")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1)] = None,
    max_size: Annotated[str | None, typer.Option("--max-size")] = None,
    lang: Annotated[Lang | None, typer.Option("--lang")] = None,
    config_file: Annotated[Path | None, typer.Option("--config")] = None,
    isolated: Annotated[bool, typer.Option("--isolated")] = False,
    waivers: Annotated[WaiverMode | None, typer.Option("--waivers")] = None,
    waiver_register: Annotated[Path | None, typer.Option("--waiver-register")] = None,
    reports: Annotated[list[str] | None, typer.Option("--report")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
    no_color: Annotated[bool, typer.Option("--no-color")] = False,
    stdin_filename: Annotated[str | None, typer.Option("--stdin-filename")] = None,
    exit_zero: Annotated[bool, typer.Option("--exit-zero")] = False,
    force_exclude: Annotated[bool, typer.Option("--force-exclude")] = False,
) -> None:
    """Judge proposals against the strategy: pass, warning or fail."""
    from strategikoll import config

    texts.set_language(lang.value if lang else "sv")  # also for errors in the settings file
    if isolated and config_file is not None:
        raise UsageError(texts.t("isolated_and_config"))
    root = config.repository_root()
    if isolated:
        found = config.ISOLATED
    elif config_file is not None:
        found = config.load(config_file, root)
    else:
        found = config.find(root=root)
    conf = found.settings
    texts.set_language((lang.value if lang else None) or conf.lang or "sv")
    output = _output_file(output_value)
    options = _reporter_options(quiet=quiet, verbose=verbose, color=not no_color)
    paths = _with_stdin(paths, stdin_filename)
    from strategikoll.engine import Verdict, at_least
    from strategikoll.loader import HAS_C_LOADER, MAX_BYTES
    from strategikoll.reporters import get_reporter, renderer
    from strategikoll.runner import CheckSettings, run_check

    format_name = output_format or conf.format or "text"
    with found.blamed(not output_format):
        reporter = get_reporter(format_name, options)
    with found.blamed(True):
        chosen_paths = paths or [found.path(p) for p in conf.paths]
        strategy_files = strategy or [Path(found.path(p)) for p in conf.strategy]
    if not chosen_paths:
        raise UsageError(texts.t("no_paths"))
    extra = [_report_target(each) for each in reports or ()]
    from strategikoll.output import check_target

    for target in [output, *(path for _, path in extra)]:  # say so before the work, not after
        if target is not None:
            check_target(target, force=force, inputs=(found.file, *strategy_files))
    if not HAS_C_LOADER:
        sys.stderr.write(f"strategikoll: {texts.t('no_c_loader')}\n")
    level = Verdict(fail_on.value if fail_on else conf.fail_on or "fail")
    settings = CheckSettings(
        waiver_policy=_waiver_policy(waivers, waiver_register),
        paths=tuple(chosen_paths),
        city=city or conf.city,
        at=_date(at),
        strategy_files=tuple(strategy_files),
        exclude=tuple(exclude or conf.exclude),
        force_exclude=force_exclude,
        stdin_filename=stdin_filename,
        jobs=_jobs(jobs or conf.jobs),
        # Settings can lower the size read, not raise it: a tree must not make a run costlier.
        max_bytes=_size(max_size) if max_size else _size(conf.max_size, limit=MAX_BYTES),
        output=output,
        reports=tuple(path for _, path in extra),
        # Several reports are written from the judged results, not from one format's text.
        render=None
        if extra
        else renderer(reporter, to_terminal=_to_terminal(output), fail_on=level),
        root=root,
        fail_on=level,
    )
    with found.blamed(not city):
        report = run_check(settings, _progress_bar())
    if extra:
        report.results  # noqa: B018 - every reporter reads them: keep them
    for extra_reporter, path in extra:
        _emit(functools.partial(extra_reporter.write, report), path, force)
    _emit(functools.partial(reporter.write, report), output, force)
    worst = report.worst()
    if worst is Verdict.ERROR:
        raise typer.Exit(ExitStatus.ERROR)
    if at_least(worst, report.fail_on) and not exit_zero:  # errors above still exit 2
        raise typer.Exit(ExitStatus.FINDINGS)


def _output_file(value: str | None) -> Path | None:
    """An `--output` file; a bare format name (`-o json`) is taken for the `--format` it almost
    certainly meant, and refused: `-o ./json` writes a file of that name."""
    from strategikoll.formats import names

    if value is None:
        return None
    bare = "/" not in value and os.sep not in value and not Path(value).suffix
    if bare and value.lower() in names("check"):
        raise UsageError(texts.t("output_names_format", value=value, format=value.lower()))
    return Path(value)


def _reporter_options(*, quiet: bool, verbose: bool, color: bool) -> ReporterOptions:
    """How much the text format says (`-q`, `-v`) and whether in colour."""
    from strategikoll.reporters.base import ReporterOptions, Verbosity

    if quiet and verbose:
        raise UsageError(texts.t("quiet_and_verbose"))
    verbosity = Verbosity.QUIET if quiet else Verbosity.VERBOSE if verbose else Verbosity.NORMAL
    return ReporterOptions(verbosity=verbosity, color=color)


def _with_stdin(paths: list[str] | None, stdin_filename: str | None) -> list[str] | None:
    """The paths, and standard input alone when `--stdin-filename` is given without any (as
    ruff reads it); `--stdin-filename` with paths that leave out `-` is a usage error."""
    from strategikoll.runner import STDIN

    if stdin_filename is None:
        return paths
    if not paths:
        return [STDIN]
    if STDIN not in paths:
        raise UsageError(texts.t("stdin_filename_without_stdin"))
    return paths


def _to_terminal(output: Path | None) -> bool:
    """Whether the report may go to a terminal, where colour is added line by line: standard
    output that is one, or anything the environment says to colour (`FORCE_COLOR`, a file too)."""
    from strategikoll.reporters.text import terminal

    return terminal(sys.stdout if output is None else None)


def _progress_bar() -> Callable[[int, int], None] | None:
    """A progress bar on stderr for long runs, only on a terminal and never in CI logs."""
    import os

    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    state: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if total < 200:
            return
        if "bar" not in state:
            from rich.console import Console
            from rich.progress import Progress

            bar = Progress(transient=True, console=Console(stderr=True))
            bar.start()
            state["bar"], state["task"] = bar, bar.add_task(texts.t("progress"), total=total)
        state["bar"].update(state["task"], completed=done)
        if done == total:
            state["bar"].stop()

    return update


def _report_target(value: str) -> tuple[Reporter, Path]:
    """A `--report FORMAT:FILE`: the reporter and where it writes."""
    from strategikoll.reporters import get_reporter

    name, sep, path = value.partition(":")
    if not sep or not path:
        raise UsageError(texts.t("report_value", value=value))
    return get_reporter(name), Path(path)


def _waiver_policy(mode: WaiverMode | None, register: Path | None) -> WaiverPolicy:
    """The waivers honoured: the proposals' own word by default, a register's, or none."""
    from strategikoll.waivers import WaiverPolicy, load_register

    if register is not None and mode not in (None, WaiverMode.REGISTER):
        raise UsageError(texts.t("waiver_register_mode"))
    if register is not None:
        return load_register(register)
    if mode is WaiverMode.REGISTER:
        raise UsageError(texts.t("waiver_register_missing"))
    return WaiverPolicy("ignore" if mode is WaiverMode.IGNORE else "accept")


def _jobs(wanted: int | None) -> int:
    """Processes to judge with: as many as asked, never more than there are cores (more would
    only cost memory), and 0 for one per core."""
    cores = os.cpu_count() or 1
    return min(wanted, cores) if wanted else 0


HARDEST_MAX = 16 * 1024 * 1024
"""The largest `--max-size` at all: reading a file costs many times its size in memory."""


def _size(value: str | None, limit: int = HARDEST_MAX) -> int:
    """A `--max-size`: bytes, or a number with k or M (1024 and 1024²); the default without.

    Above `limit` it is an error on the command line, and the limit itself from the settings
    (which may lower the size read, never raise it).
    """
    from strategikoll.loader import MAX_BYTES

    if value is None:
        return MAX_BYTES
    text = value.strip().lower().removesuffix("b")
    factor = {"k": 1024, "m": 1024 * 1024}.get(text[-1:], 1)
    number = text[:-1] if factor > 1 else text
    if not number.isdigit() or int(number) < 1:
        raise UsageError(texts.t("bad_size", value=value))
    size = int(number) * factor
    if limit < HARDEST_MAX:
        return min(size, limit)
    if size > HARDEST_MAX:
        raise UsageError(texts.t("size_too_large", value=value, limit="16M"))
    return size


def _date(value: str | None) -> dt.date | None:
    """An `--at` date, or a usage error that says how to write it."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(texts.t("bad_at", value=value)) from None


def _emit(render: Callable[[TextIO], None], output: Path | None, force: bool) -> None:
    """Send rendered output to stdout, or atomically to a file."""

    from strategikoll.output import write_atomically

    if output is None:
        render(sys.stdout)
        return
    write_atomically(output, render, force=force)


@app.command(cls=helptext.LocalizedCommand)
def principles(
    city: CityOption = None,
    output_format: Annotated[str, typer.Option("--format", "-f")] = "text",
    at: AtOption = None,
    strategy: StrategyOption = None,
    lang: LangOption = Lang.SV,
) -> None:
    """List a strategy's principles with their quotations; `--city all`: every version."""
    texts.set_language(lang.value)
    from strategikoll.strategies import every_strategy, load_strategy, resolve

    if city is None and not strategy:
        city = "all"
    every_version = (city or "").lower() == "all" and at is None
    strategies = every_strategy() if every_version else resolve(city, _date(at)) if city else []
    from strategikoll.config import repository_root

    root = repository_root()
    strategies += [load_strategy(path, root=root) for path in strategy or ()]
    write = formats.load("principles", output_format)
    write(strategies, sys.stdout, many=(city or "").lower() == "all")


@app.command(cls=helptext.LocalizedCommand)
def explain(
    principle_id: Annotated[str, typer.Argument()],
    lang: LangOption = Lang.SV,
) -> None:
    """Explain one principle: requirement, source and quotation."""
    texts.set_language(lang.value)
    from strategikoll.strategies import all_principles
    from strategikoll.validation import did_you_mean
    from strategikoll.views import print_explanation

    found = {p.id: (s, p) for s, p in all_principles()}
    if principle_id not in found:
        raise UsageError(
            texts.t("unknown_principle", id=principle_id) + did_you_mean(principle_id, found)
        )
    print_explanation(_console(), *found[principle_id])


@app.command(cls=helptext.LocalizedCommand)
def lint(
    strategy_file: Annotated[Path, typer.Argument()],
    source: Annotated[Path | None, typer.Option("--source")] = None,
    output_format: Annotated[str, typer.Option("--format", "-f")] = "text",
    lang: LangOption = Lang.SV,
) -> None:
    """Check a strategy file against its source: quotes verbatim and under their sections,
    severities that follow the modal verb, every normative sentence covered, principles that
    can fail and pass; draft principles listed."""
    texts.set_language(lang.value)
    from strategikoll.config import repository_root
    from strategikoll.lint import lint_strategy

    write = formats.load("lint", output_format)
    report = lint_strategy(strategy_file, source, root=repository_root())
    write(report, sys.stdout)
    if report.errors:
        raise typer.Exit(ExitStatus.FINDINGS)


@app.command(cls=helptext.LocalizedCommand)
def cities(lang: LangOption = Lang.SV) -> None:
    """List the bundled cities and their strategy versions."""
    texts.set_language(lang.value)
    from strategikoll.strategies import bundled, bundled_versions
    from strategikoll.views import print_cities

    print_cities(
        _console(),
        [[bundled(city, v) for v in versions] for city, versions in bundled_versions().items()],
    )


@app.command(cls=helptext.LocalizedCommand)
def schema(
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = Lang.SV,
) -> None:
    """Print the JSON Schema of the proposal format."""
    texts.set_language(lang.value)
    import json

    from strategikoll.guide import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"

    def render(stream: TextIO) -> None:
        stream.write(text)

    _emit(render, output, force)


@app.command(cls=helptext.LocalizedCommand)
def init(
    file: Annotated[Path, typer.Argument()],
    kind: Annotated[str, typer.Option("--kind", "-k")],
    city: CityOption = None,
    force: ForceOption = False,
    lang: LangOption = Lang.SV,
) -> None:
    """Write a commented proposal template for one kind of engagement, named by its code or by
    its Swedish name, in any case (`cooperation_agreement`, `samarbetsavtal`)."""
    texts.set_language(lang.value)
    from strategikoll.guide import template
    from strategikoll.output import write_atomically
    from strategikoll.strategies import canonical_city

    chosen = _kind(kind)
    if chosen is None:
        raise UsageError(_unknown_kind(kind))
    write_atomically(file, template(chosen, canonical_city(city) if city else None), force=force)
    sys.stderr.write(texts.t("written", path=file) + "\n")


def _kind(text: str) -> Kind | None:
    """The kind of engagement `text` names: by its code or its Swedish name, as a proposal may
    (any case, `-`, `_` or space between words), or by its English name as `init --help --lang en`
    lists it."""
    from strategikoll.proposal import Kind, member_spelled

    found = member_spelled(Kind, text)
    if found is not None:
        return found
    english = {_words(name): Kind(code) for name, code in helptext.kind_names("en")}
    return english.get(_words(text))


def _words(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _unknown_kind(kind: str) -> str:
    """An unknown `--kind`: every kind by its name and its code, and the closest of them."""
    from strategikoll.validation import did_you_mean

    lang = texts.language()
    names = helptext.kind_names(lang)
    listed = ", ".join(code if name == code else f"{name} ({code})" for name, code in names)
    words = {w.lower() for each in ("sv", "en") for pair in helptext.kind_names(each) for w in pair}
    suggestion = did_you_mean(kind.strip().lower(), words)
    return helptext.message(
        lang, "error.unknown_kind", kind=kind, suggestion=suggestion, kinds=listed
    )


@app.command(cls=helptext.LocalizedCommand)
def diff(
    a: Annotated[str, typer.Argument()],
    b: Annotated[str, typer.Argument()],
    output_format: Annotated[str, typer.Option("--format", "-f")] = "text",
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = Lang.SV,
) -> None:
    """Compare two strategies topic by topic, with example proposals."""
    texts.set_language(lang.value)
    from strategikoll.diff import compare

    write = formats.load("diff", output_format)
    if output is not None:  # neither strategy file compared may be what is written
        from strategikoll.output import check_target

        check_target(output, force=force, inputs=(Path(a), Path(b)))
    result = compare(_one_strategy(a), _one_strategy(b))
    _emit(functools.partial(write, result), output, force)
    if result.differs:
        raise typer.Exit(ExitStatus.FINDINGS)


@app.command(cls=helptext.LocalizedCommand)
def draft(
    source: Annotated[Path, typer.Argument()],
    city: Annotated[str, typer.Option("--city", "-c")],
    version: Annotated[str, typer.Option("--version")],
    output: Annotated[Path, typer.Option("--output", "-o")],
    force: ForceOption = False,
    lang: LangOption = Lang.SV,
) -> None:
    """Write a skeleton strategy file from a strategy's plain text: each sentence that binds a
    principle to complete, the rest listed as omitted. The source is never written."""
    texts.set_language(lang.value)
    from strategikoll.draft import draft_file
    from strategikoll.output import check_target, write_atomically

    check_target(output, force=force, inputs=(source,))
    text, drafted = draft_file(source, city, version)
    write_atomically(output, text, force=force)
    principles = texts.t("draft_n_principles", n=len(drafted.principles))
    omitted = texts.t("draft_n_omitted", n=len(drafted.omitted))
    sys.stderr.write(
        texts.t("draft_written", path=output, principles=principles, omitted=omitted) + "\n"
    )


def _one_strategy(selector: str) -> Strategy:
    """A strategy named on the command line: a city, `city@version`, or a strategy file."""
    from strategikoll.strategies import load_strategy, resolve

    # A file by its suffix or its folder: a file that happens to be called `malmo` is not Malmö.
    if selector.lower().endswith((".yaml", ".yml")) or "/" in selector or os.sep in selector:
        from strategikoll.config import repository_root

        return load_strategy(Path(selector), root=repository_root())
    if selector.strip().lower() == "all":
        raise UsageError(texts.t("diff_needs_one", selector=selector))
    return resolve(selector)[0]


@app.command("test", cls=helptext.LocalizedCommand)
def run_test_cases(
    path: Annotated[Path | None, typer.Argument()] = None,
    output_format: Annotated[str, typer.Option("--format", "-f")] = "text",
    lang: LangOption = Lang.SV,
) -> None:
    """Run strategy test cases: proposals with their expected verdicts."""
    texts.set_language(lang.value)
    from strategikoll.cases import case_files, run_file

    if path is not None and not path.exists():
        raise UsageError(f"{path}: {texts.t('path_missing')}")
    files = case_files(path)
    if not files:
        raise UsageError(texts.t("no_files", path=path or "strategikoll"))
    from strategikoll.config import repository_root

    root = repository_root()
    write = formats.load("test", output_format)
    runs = [run_file(file, root=root) for file in files]
    write(runs, sys.stdout)
    if any(run.error or any(c.error for c in run.cases) for run in runs):
        raise typer.Exit(ExitStatus.ERROR)
    if any(not case.passed for run in runs for case in run.cases):
        raise typer.Exit(ExitStatus.FINDINGS)


def _narrowed(args: list[str]) -> typer.Typer:
    """The app with only the command that `args` run, when they name one: the parser of every
    other command need not be built, which a short run would otherwise spend a good part of its
    time on. Any other command line (none, help, a name that is no command) gets the whole app."""
    name = _command_name(args)
    chosen = [
        info
        for info in app.registered_commands
        if name is not None
        and (info.name or typer.main.get_command_name(getattr(info.callback, "__name__", "")))
        == name
    ]
    if not chosen:
        return app
    narrowed = copy.copy(app)
    narrowed.registered_commands = chosen
    return narrowed


def _command_name(args: list[str]) -> str | None:
    """The first argument that is not an option of the program itself (`--lang X`); None when
    the program's own help is asked for first (`--help check` lists every command)."""
    values = iter(args)
    for arg in values:
        if arg == "--help":
            return None
        if arg == "--lang":
            next(values, None)
        elif not arg.startswith("-"):
            return arg
        elif arg == "--":
            return next(values, None)
    return None


def main(argv: list[str] | None = None) -> None:
    """Entry point: run the app and map every `StrategikollError` to its message and exit status.

    The help and the errors of a command line that cannot be parsed are in the language of
    `helptext.help_language`: `--lang`, else the environment's, else Swedish. typer's own words
    for them are replaced (`helptext`), and a usage error is printed here, not by typer.

    A message may quote a settings file, a strategy file or a file name: it is written as
    `escaping.error_lines` shows it, acting on neither a terminal nor a CI log. A character the
    standard streams cannot encode is written as an escape (`\\xe4`) instead of ending the run.
    """
    from typer._click.exceptions import NoArgsIsHelpError
    from typer._click.exceptions import UsageError as CommandLineError

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")
    # pydantic's plugins observe validation, which a command-line run has no use for; looking
    # for them reads the metadata of every installed package at each start.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args = sys.argv[1:] if argv is None else list(argv)
    help_lang = helptext.help_language(args)
    command = typer.main.get_command(_narrowed(args))
    helptext.localize(command, help_lang)
    try:
        try:
            status = command.main(args, prog_name="strategikoll", standalone_mode=False)
        finally:
            sys.stdout.flush()  # a full disk or a closed pipe is found here, not at exit
    except NoArgsIsHelpError:  # no arguments at all: the help has been shown
        sys.exit(int(ExitStatus.ERROR))
    except CommandLineError as error:
        text, after = helptext.usage_error(error, help_lang)
        _fail(UsageError(text), after)
    except typer.Abort:  # standard input ended while a value was asked for
        sys.stderr.write(helptext.message(help_lang, "ui.aborted") + "\n")
        sys.exit(1)
    except StrategikollError as error:
        _fail(error)
    except BrokenPipeError:  # the reader went away (`| head`): nothing more to say to it
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(int(ExitStatus.ERROR))
    except OSError as error:  # standard output full or gone
        reason = error.strerror or str(error)
        sys.stderr.write(f"strategikoll: {texts.t('cannot_write_output', reason=reason)}\n")
        sys.exit(int(ExitStatus.ERROR))
    # Without standalone mode typer returns the status of a `typer.Exit` instead of exiting.
    sys.exit(int(status) if isinstance(status, int) else 0)


def _fail(error: StrategikollError, after: Sequence[str] = ()) -> NoReturn:
    """Write `strategikoll: MESSAGE` (and any lines `after` it) to stderr and exit."""
    from strategikoll.escaping import error_lines

    sys.stdout.flush()
    lines = ["strategikoll: " + "\n".join(error_lines(error)), *after]
    sys.stderr.write("".join(line + "\n" for line in lines))
    sys.exit(int(error.exit_status))
