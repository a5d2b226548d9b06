"""The command line speaks one language at a time: every line of every command's help, and every
error of a command line that cannot be parsed, is Swedish by default and English with `--lang en`
(or in an English environment), never a mix; `init --kind` takes a kind's Swedish name too.

Typer writes its help and parse errors in English of its own; `helptext.py` replaces those words
through typer internals. The tests here fail when a typer release moves them."""

from __future__ import annotations

import re
import string
import tomllib
from pathlib import Path

import pytest
import typer
from typer.core import TyperArgument, TyperOption

from conftest import ROOT
from strategikoll import helptext
from strategikoll.cli import app
from strategikoll.i18n import en, sv
from strategikoll.i18n import help as catalogue
from strategikoll.proposal import Kind

COMMANDS = [
    "check",
    "principles",
    "explain",
    "lint",
    "cities",
    "schema",
    "init",
    "diff",
    "draft",
    "test",
]
EVERY_HELP = [[], *([command] for command in COMMANDS)]

ENGLISH = [
    " the ", " or ", " and ", "Show", "Usage", "Options", "Arguments", "Commands", "required",
    "default", "<bool>", "<str>", "list[", "range", "Try ", "Error", "for help", "Install ",
    "Missing", "Invalid", "No such", "unexpected", "Got ", "Did you mean", "Aborted",
]  # fmt: skip
"""Words of typer's English (and of English sentences) that Swedish output must not hold."""

SWEDISH = [
    " och ", " för ", " att ", " eller ", " med ", " som ", " inte ", "förslag", "Användning",
    "Flaggor", "Kommandon", "obligatorisk", "standard:", "Mer hjälp",
]  # fmt: skip
"""Common Swedish words that English output must not hold (nor å, ä or ö)."""

TYPES = re.compile(r"<[a-z]")
"""A typer type shown instead of a word: `<str>`, `<path>`, `<int range>`, `<fail|warn>`."""


@pytest.fixture(autouse=True)
def swedish_environment(monkeypatch):
    """No environment variable names a language, unless a test sets one."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)


def english_environment(monkeypatch) -> None:
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def assert_swedish(text: str) -> None:
    found = [word for word in ENGLISH if word in text]
    assert not found, f"English in Swedish output: {found}\n{text}"
    assert not TYPES.search(text), text


def assert_english(text: str) -> None:
    found = [word for word in SWEDISH if word in text]
    found += sorted({char for char in text if char in "åäöÅÄÖ"})
    assert not found, f"Swedish in English output: {found}\n{text}"
    assert not TYPES.search(text), text


# Help


@pytest.mark.parametrize("command", EVERY_HELP, ids=lambda c: " ".join(c) or "strategikoll")
def test_help_is_swedish_by_default(cli, command):
    run = cli(*command, "--help")
    assert run.exit_code == 0
    assert "Användning: strategikoll" in run.stdout
    assert_swedish(run.stdout)


@pytest.mark.parametrize("command", EVERY_HELP, ids=lambda c: " ".join(c) or "strategikoll")
@pytest.mark.parametrize("lang", [["--lang", "en"], ["--lang=en"]], ids=["--lang en", "--lang=en"])
def test_help_is_english_with_lang_en(cli, command, lang):
    for args in ([*command, "--help", *lang], [*lang, *command, "--help"]):
        run = cli(*args)
        assert run.exit_code == 0
        assert "Usage: strategikoll" in run.stdout
        assert_english(run.stdout)


@pytest.mark.parametrize("command", EVERY_HELP, ids=lambda c: " ".join(c) or "strategikoll")
def test_help_is_english_in_an_english_environment(cli, monkeypatch, command):
    english_environment(monkeypatch)
    run = cli(*command, "--help")
    assert run.exit_code == 0
    assert_english(run.stdout)
    swedish = cli(*command, "--help", "--lang", "sv")  # the option wins over the environment
    assert "Användning: strategikoll" in swedish.stdout
    assert_swedish(swedish.stdout)


@pytest.mark.parametrize(
    ("environment", "lang"),
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "C.UTF-8"}, "sv"),
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "en_US.UTF-8"}, "sv"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LANGUAGE": "en_GB:sv", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"LANGUAGE": "", "LANG": "en"}, "en"),
        ({}, "sv"),
    ],
)
def test_the_environment_names_the_language(environment, lang):
    assert helptext.environment_language(environment) == lang


def test_the_last_lang_counts_and_one_after_double_dash_does_not():
    assert helptext.help_language(["--lang", "sv", "check", "--lang=en"], {}) == "en"
    assert helptext.help_language(["check", "--", "--lang", "en"], {}) == "sv"
    assert helptext.help_language(["check", "--lang", "xx"], {"LANG": "en_US"}) == "en"
    assert helptext.help_language(["--lang", "en", "check", "--lang", "xx"], {}) == "en"
    assert helptext.help_language(["check", "--lang"], {}) == "sv"


def test_no_arguments_show_the_help_in_swedish(cli):
    run = cli()
    assert run.exit_code == 2
    assert "Kommandon" in run.stdout
    assert_swedish(run.stdout)


def test_check_help_in_both_languages_names_every_option(cli):
    swedish, english = cli("check", "--help").stdout, cli("check", "--help", "--lang", "en").stdout
    for option in ("--output", "--fail-on", "--max-size", "--report", "--stdin-filename"):
        assert option in swedish
        assert option in english
    assert "Hoppa över filer som matchar MÖNSTER" in swedish
    assert "Skip files that match PATTERN" in english


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_parameter_has_help_and_a_word_for_its_value(lang):
    """Flags show no type at all, an option that takes a value a word (FIL, DATUM, N …), and
    every argument its metavar: never typer's `<str>`, `<bool>` or `<list[Path]>`."""
    root = typer.main.get_command(app)
    helptext.localize(root, lang)
    assert isinstance(root, typer.core.TyperGroup)
    assert set(root.commands) == set(COMMANDS)
    for command in [root, *root.commands.values()]:
        assert command.help
        for param in command.params:
            assert getattr(param, "help", None), (command.name, param.name)
            if isinstance(param, TyperOption) and param.is_flag:
                assert param.metavar == "", (command.name, param.name)
            else:
                assert isinstance(param, TyperOption | TyperArgument)
                assert param.metavar, (command.name, param.name)
                assert re.fullmatch(r"[A-ZÅÄÖ:]+|N", param.metavar), param.metavar


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_init_help_lists_every_kind_by_name_and_code(cli, lang):
    names = sv.VALUES if lang == "sv" else en.VALUES
    lines = cli("init", "--help", "--lang", lang).stdout.splitlines()
    for kind in Kind:
        name = names[kind.value]
        assert any(name in line and kind.value in line for line in lines), (name, kind.value)


# Usage errors

ERRORS = [
    (
        ["check", "--bogus"],
        "okänd flagga --bogus",
        "no such option --bogus",
    ),
    (
        ["check", "--verbos"],
        "okänd flagga --verbos (menade du --verbose",
        "no such option --verbos (did you mean --verbose",
    ),
    (
        ["check", "--lang", "xx"],
        "ogiltigt värde 'xx' för --lang; välj sv eller en",
        "invalid value 'xx' for --lang; choose sv or en",
    ),
    (
        ["init"],
        "argumentet FIL saknas",
        "missing argument FILE",
    ),
    (
        ["init", "x.yaml"],
        "flaggan --kind måste anges",
        "option --kind is required",
    ),
    (
        ["explain", "sthlm16.no-twin-towns", "extra"],
        "för många argument: extra",
        "too many arguments: extra",
    ),
    (
        ["check", "--fail-on", "never"],
        "ogiltigt värde 'never' för --fail-on; välj fail eller warn",
        "invalid value 'never' for --fail-on; choose fail or warn",
    ),
    (
        ["check", "--jobs", "0"],
        "--jobs ska vara minst 1, inte 0",
        "--jobs must be at least 1, not 0",
    ),
    (
        ["check", "--jobs", "many"],
        "--jobs ska vara ett heltal, inte 'many'",
        "--jobs must be a whole number, not 'many'",
    ),
    (
        ["check", "--at"],
        "flaggan --at behöver ett värde",
        "option --at needs a value",
    ),
    (
        ["check", "--quiet=yes"],
        "flaggan --quiet tar inget värde",
        "option --quiet takes no value",
    ),
    (
        ["chek"],
        "okänt kommando 'chek' (menade du check eller schema?)",
        "no such command 'chek' (did you mean check or schema?)",
    ),
    (
        ["--version=no"],
        "flaggan --version tar inget värde",
        "option --version takes no value",
    ),
    (
        ["--lang", "sv"],
        "ange ett kommando",
        "missing command",
    ),
]
ERROR_IDS = [" ".join(args) for args, _, _ in ERRORS]


def assert_usage_error(run, expected: str) -> None:
    assert run.exit_code == 2
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith(f"strategikoll: {expected}"), run.stderr


@pytest.mark.parametrize(("args", "swedish", "english"), ERRORS, ids=ERROR_IDS)
def test_usage_errors_are_swedish_by_default(cli, args, swedish, english):
    run = cli(*args)
    assert_usage_error(run, swedish)
    assert_swedish(run.stderr)
    assert "felaktig kommandorad" not in run.stderr  # a sentence of typer's not recognised


@pytest.mark.parametrize(("args", "swedish", "english"), ERRORS, ids=ERROR_IDS)
def test_usage_errors_are_english_in_an_english_environment(
    cli, monkeypatch, args, swedish, english
):
    english_environment(monkeypatch)
    if args == ["--lang", "sv"]:
        args = ["--lang", "en"]
    run = cli(*args)
    assert_usage_error(run, english)
    assert_english(run.stderr)
    assert "invalid command line" not in run.stderr


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["check", "--bogus", "--lang", "en"], "no such option --bogus"),
        (["check", "--lang=en", "--fail-on", "never"], "invalid value 'never' for --fail-on"),
        (["--lang", "en", "init"], "missing argument FILE"),
        (["explain", "a", "b", "--lang", "en"], "too many arguments: b"),
    ],
)
def test_usage_errors_are_english_with_lang_en(cli, args, english):
    run = cli(*args)
    assert_usage_error(run, english)
    assert_english(run.stderr)


def test_a_usage_error_shows_the_usage_and_where_help_is(cli):
    lines = cli("check", "--bogus").stderr.splitlines()
    assert lines[1:] == [
        "Användning: strategikoll check [FLAGGOR] [SÖKVÄG]...",
        "Mer hjälp: strategikoll check --help",
    ]
    lines = cli("check", "--bogus", "--lang", "en").stderr.splitlines()
    assert lines[1:] == [
        "Usage: strategikoll check [OPTIONS] [PATH]...",
        "More help: strategikoll check --help",
    ]


def test_a_usage_error_shows_what_was_typed_escaped(cli):
    run = cli("check", "--fail-on", "\x1b[31mred")
    assert_usage_error(run, "ogiltigt värde '\\x1b[31mred' för --fail-on")
    assert "\x1b" not in run.stderr


# --lang before the command


def test_lang_before_the_command_is_the_commands_language(cli):
    run = cli("--lang", "en", "principles", "--city", "stockholm")
    assert run.exit_code == 0
    assert "No twin-town agreements" in run.stdout
    run = cli("--lang", "en", "principles", "--city", "stockholm", "--lang", "sv")
    assert "No twin-town agreements" not in run.stdout  # the command's own --lang wins


# init --kind


@pytest.mark.parametrize(
    "spelling",
    [
        "samarbetsavtal",
        "Samarbetsavtal",
        "SAMARBETSAVTAL",
        "cooperation_agreement",
        "cooperation agreement",
        "Cooperation-Agreement",
    ],
)
def test_init_takes_a_kind_by_its_swedish_name_or_its_code(cli, tmp_path, spelling):
    target = tmp_path / "proposal.yaml"
    run = cli("init", "--kind", spelling, target)
    assert run.exit_code == 0, run.stderr
    assert "kind: cooperation_agreement" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", list(Kind))
def test_init_takes_every_kind_by_the_names_its_help_lists(cli, tmp_path, kind):
    for index, name in enumerate((sv.VALUES[kind.value], en.VALUES[kind.value])):
        target = tmp_path / f"p{index}.yaml"
        assert cli("init", "--kind", name, target).exit_code == 0
        assert f"kind: {kind.value}" in target.read_text(encoding="utf-8")


def test_an_unknown_kind_lists_both_names_in_swedish(cli, tmp_path):
    run = cli("init", "--kind", "samarbetsavtl", tmp_path / "x.yaml")
    assert_usage_error(run, "okänd typ av engagemang 'samarbetsavtl' (menade du 'samarbetsavtal'?)")
    assert "samarbetsavtal (cooperation_agreement)" in run.stderr
    assert "vänortsavtal (twin_town_agreement)" in run.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_an_unknown_kind_lists_both_names_in_english(cli, tmp_path):
    run = cli("init", "--kind", "twin tow agreement", tmp_path / "x.yaml", "--lang", "en")
    assert_usage_error(run, "unknown kind of engagement 'twin tow agreement'")
    assert "(did you mean 'twin town agreement'?)" in run.stderr
    assert "cooperation agreement (cooperation_agreement)" in run.stderr
    assert_english(run.stderr)


# Shell completion


def test_install_completion_says_what_it_did_in_the_language(cli, monkeypatch):
    from typer import _completion_shared

    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: "bash")
    monkeypatch.setattr(
        _completion_shared, "install", lambda shell: (shell, Path("/home/x/.bashrc"))
    )
    run = cli("--install-completion")
    assert run.exit_code == 0
    assert "Tabbkompletteringen för bash är installerad i /home/x/.bashrc." in run.stdout
    assert_swedish(run.stdout)
    run = cli("--lang", "en", "--install-completion")
    assert "Tab completion for bash is installed in /home/x/.bashrc." in run.stdout
    assert_english(run.stdout)


def test_completion_for_an_unknown_shell_is_refused_in_the_language(cli, monkeypatch):
    from typer import _completion_shared

    monkeypatch.setattr(_completion_shared, "_get_shell_name", lambda: "tcsh")
    run = cli("--show-completion")
    assert (run.exit_code, run.stdout) == (1, "")
    assert run.stderr.startswith("strategikoll: skalet tcsh stöds inte")
    run = cli("--install-completion", "--lang", "en")
    assert run.stderr.startswith("strategikoll: the shell tcsh is not supported")


# The catalogue and the typer internals it relies on


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_the_catalogues_have_the_same_keys_and_placeholders():
    assert set(catalogue.SV) == set(catalogue.EN)
    for key in catalogue.SV:
        assert placeholders(catalogue.SV[key]) == placeholders(catalogue.EN[key]), key


def test_typer_is_pinned_to_the_minor_version_the_patches_were_written_for():
    """helptext.py relies on typer internals: pyproject.toml allows one minor version of typer,
    and it is the one installed. A new minor version: check helptext.py against it, then move
    the pin."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = [d for d in pyproject["project"]["dependencies"] if d.startswith("typer")]
    found = re.fullmatch(r"typer>=(\d+)\.(\d+),<(\d+)\.(\d+)", pins[0])
    assert found, pins
    low, high = (int(found[1]), int(found[2])), (int(found[3]), int(found[4]))
    assert high == (low[0], low[1] + 1)
    installed = tuple(int(part) for part in typer.__version__.split(".")[:2])
    assert installed == low, f"typer {typer.__version__} is installed, {pins[0]} pinned"


def test_typer_still_has_what_helptext_replaces():
    from typer import _completion_shared, rich_utils
    from typer._click.exceptions import MissingParameter, NoSuchOption

    for name in helptext.RICH_CONSTANTS:
        assert hasattr(rich_utils, name), name
    assert any("?P<usage>" in pattern for pattern in rich_utils.OptionHighlighter.highlights)
    assert callable(_completion_shared.install)
    assert callable(_completion_shared._get_shell_name)
    error = NoSuchOption("--x", possibilities=["--y"])
    assert (error.option_name, error.possibilities) == ("--x", ["--y"])
    assert MissingParameter(param_type="argument").param_type == "argument"
