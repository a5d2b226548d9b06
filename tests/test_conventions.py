"""Conventions users bring from ruff, yamllint, check-jsonschema and Conftest: `--version`,
`-q`/`-v`, shell completion, `--no-color` and `NO_COLOR`, `--stdin-filename`, `--exit-zero`, a
format name given to `-o`, `--force-exclude`, and the pre-commit hook that relies on it."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT
from strategikoll.formats import FORMATS

PASSING = EXAMPLES / "stockholm" / "cooperation-agreement-complete.yaml"
FAILING = EXAMPLES / "stockholm" / "aid-project-sida-70.yaml"
WARNING = EXAMPLES / "stockholm" / "minimal.yaml"
BROKEN = "title: [broken\n"
TWIN = "title: V\nkind: twin_town_agreement\ncity: stockholm\n"
SUMMARY = re.compile(r"^\d+ (fil|filer|bedömningar)", re.MULTILINE)


def strategikoll() -> list[str]:
    """The installed command beside this interpreter, or the module where there is none."""
    script = Path(sys.executable).with_name("strategikoll")
    return [str(script)] if script.exists() else [sys.executable, "-m", "strategikoll"]


def run_process(
    command: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository (a .git folder) as the working directory."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


# Every convention is in the help.


@pytest.mark.parametrize(
    "option",
    [
        "--quiet",
        "-q",
        "--verbose",
        "-v",
        "--no-color",
        "NO_COLOR",
        "FORCE_COLOR",
        "--stdin-filename",
        "--exit-zero",
        "--force-exclude",
        "--output",
        "-o ./json",
    ],
)
def test_check_help_shows_the_option(cli, option):
    run = cli("check", "--help")
    assert run.exit_code == 0
    assert option in run.stdout


@pytest.mark.parametrize("option", ["--version", "--install-completion", "--show-completion"])
def test_top_level_help_shows_the_option(cli, option):
    run = cli("--help")
    assert run.exit_code == 0
    assert option in run.stdout


# --version


def test_version_prints_the_installed_version_and_exits_zero():
    run = run_process([*strategikoll(), "--version"])
    assert run.returncode == 0
    assert run.stdout == f"strategikoll {version('strategikoll')}\n"
    assert run.stderr == ""


def test_version_as_a_module():
    run = run_process([sys.executable, "-m", "strategikoll", "--version"])
    assert (run.returncode, run.stdout) == (0, f"strategikoll {version('strategikoll')}\n")


# -q and -v


def test_quiet_shows_only_what_did_not_pass_and_the_summary(cli):
    run = cli("check", PASSING, FAILING, "-q")
    assert run.exit_code == 1
    assert str(PASSING) not in run.stdout
    assert "principer uppfylls" not in run.stdout
    assert "Källa:" not in run.stdout  # the note on the source goes too
    assert "✗ sthlm16.aid-fully-external" in run.stdout
    assert run.stdout.startswith("UNDERKÄND")
    assert run.stdout.rstrip().splitlines()[-1].startswith("2 filer kontrollerade: 1 godkänd")


def test_quiet_leaves_out_what_was_not_judged_and_the_overview(cli):
    normal = cli("check", WARNING, "--city", "all")
    quiet = cli("check", WARNING, "--city", "all", "-q")
    assert "Översikt" in normal.stdout
    assert "bedöms inte" in normal.stdout
    assert "Översikt" not in quiet.stdout
    assert "bedöms inte" not in quiet.stdout
    assert "! sthlm16.regular-review" in quiet.stdout
    assert quiet.exit_code == normal.exit_code
    assert SUMMARY.findall(quiet.stdout) == SUMMARY.findall(normal.stdout)


def test_quiet_still_shows_an_input_error(cli, write):
    run = cli("check", write("broken.yaml", BROKEN), "-c", "stockholm", "-q")
    assert run.exit_code == 2
    assert run.stdout.startswith("FEL")
    assert "broken.yaml:1:8" in run.stdout


def test_verbose_lists_every_principle_met(cli):
    findings = cli("check", PASSING, "-f", "json").json()["results"][0]["findings"]
    met = [f["principle"] for f in findings if f["verdict"] == "pass"]
    run = cli("check", PASSING, "-v")
    assert run.exit_code == 0
    listed = re.findall(r"^  ✓ (\S+) — ", run.stdout, re.MULTILINE)
    assert listed == met
    assert len(met) > 1
    assert "principer uppfylls" not in run.stdout


def test_verbose_shows_the_title_in_the_language_of_the_run(cli):
    run = cli("check", PASSING, "-v", "--lang", "en")
    assert "principles met" not in run.stdout
    assert re.search(r"^  ✓ sthlm16\.\S+ — [A-Z]", run.stdout, re.MULTILINE)


def test_without_options_the_passes_are_folded_into_one_line(cli):
    run = cli("check", PASSING)
    assert "  ✓ 13 principer uppfylls" in run.stdout
    assert not re.search(r"^  ✓ sthlm16", run.stdout, re.MULTILINE)


def test_verbose_lists_a_named_file_left_out_by_force_exclude(cli, write):
    kept, left_out = write("a.yaml", TWIN), write("a-utkast.yaml", TWIN)
    args = ("--exclude", "*-utkast.yaml", "--force-exclude")
    run = cli("check", kept, left_out, *args, "-v")
    assert "Hoppades över" in run.stdout
    assert f"{left_out}: matchar ett exclude-mönster" in run.stdout
    assert "Hoppades över" not in cli("check", kept, left_out, *args).stdout


@pytest.mark.parametrize("output_format", ["json", "sarif", "github", "junit", "markdown"])
def test_quiet_and_verbose_change_no_other_format(cli, output_format):
    outputs = {
        cli("check", PASSING, FAILING, "-f", output_format, *flag).stdout
        for flag in ((), ("-q",), ("-v",))
    }
    assert len(outputs) == 1


def test_quiet_and_verbose_together_are_a_usage_error(cli):
    run = cli("check", PASSING, "-q", "-v")
    assert run.exit_code == 2
    assert "-q/--quiet och -v/--verbose utesluter varandra" in run.stderr
    assert run.stdout == ""


# Shell completion


@pytest.mark.parametrize(
    "command", [strategikoll(), [sys.executable, "-m", "strategikoll"]], ids=["script", "module"]
)
def test_completion_completes_options(command):
    env = dict(
        os.environ,
        _STRATEGIKOLL_COMPLETE="complete_bash",
        COMP_WORDS="strategikoll check --stdin-f",
        COMP_CWORD="2",
    )
    run = run_process(command, env=env)
    assert run.returncode == 0
    assert run.stdout.split() == ["--stdin-filename"]


# Colour


def _colours(output: bytes | str) -> set[str]:
    """The foreground colours of the SGR sequences in `output` (bold and dim are not colours)."""
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    found = set()
    for params in re.findall(r"\x1b\[([0-9;]*)m", text):
        found |= {p for p in params.split(";") if re.fullmatch(r"3[0-8]|9[0-7]", p)}
    return found


def _on_a_terminal(*args: str, env: dict[str, str]) -> bytes:
    """What `strategikoll check ARGS` writes to standard output when it is a terminal."""
    pty = pytest.importorskip("pty")
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [*strategikoll(), "check", *args],
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    assert process.wait(timeout=120) == 1
    return b"".join(chunks)


@pytest.fixture
def terminal_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "CI")}
    env.update(TERM="xterm-256color", COLUMNS="200", TTY_COMPATIBLE="")
    return env


def test_on_a_terminal_there_is_colour(terminal_env):
    output = _on_a_terminal(str(FAILING), env=terminal_env)
    assert {"31", "32"} <= _colours(output)
    assert "UNDERKÄND".encode() in output


def test_no_color_environment_variable_takes_the_colour_away(terminal_env):
    output = _on_a_terminal(str(FAILING), env={**terminal_env, "NO_COLOR": "1"})
    assert _colours(output) == set()
    assert "UNDERKÄND".encode() in output


def test_no_color_option_takes_the_colour_away(terminal_env):
    output = _on_a_terminal(str(FAILING), "--no-color", env=terminal_env)
    assert _colours(output) == set()
    assert "UNDERKÄND".encode() in output


@pytest.fixture
def forced(monkeypatch):
    """Colour forced on a stream that is not a terminal, as CI systems can ask for it."""
    for name in ("NO_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    return monkeypatch


def test_force_color_gives_colour_without_a_terminal(cli, forced):
    assert "31" in _colours(cli("check", FAILING).stdout)
    assert _colours(cli("check", FAILING, "--no-color").stdout) == set()


def test_an_empty_no_color_keeps_the_colour(cli, forced):
    forced.setenv("NO_COLOR", "")
    assert "31" in _colours(cli("check", FAILING).stdout)
    forced.setenv("NO_COLOR", "0")  # any value that is not empty
    assert _colours(cli("check", FAILING).stdout) == set()


# --stdin-filename


def test_stdin_filename_names_the_results(cli):
    stdin = FAILING.read_bytes()
    run = cli("check", "-", "--stdin-filename", "proposals/aid.yaml", "-f", "json", stdin=stdin)
    assert run.exit_code == 1
    assert [r["file"] for r in run.json()["results"]] == ["proposals/aid.yaml"]


def test_stdin_filename_names_the_annotations_and_the_text(cli):
    stdin = FAILING.read_bytes()
    github = cli("check", "-", "--stdin-filename", "p/aid.yaml", "-f", "github", stdin=stdin)
    assert "::error file=p/aid.yaml,line=20," in github.stdout
    text = cli("check", "-", "--stdin-filename", "p/aid.yaml", stdin=stdin)
    assert "UNDERKÄND  p/aid.yaml  ·  stockholm@2016" in text.stdout
    assert "(p/aid.yaml:20)" in text.stdout


def test_stdin_filename_names_an_input_error(cli):
    run = cli(
        "check", "-", "-c", "stockholm", "--stdin-filename", "p/x.yaml", stdin=BROKEN.encode()
    )
    assert run.exit_code == 2
    assert "  p/x.yaml:1:8: " in run.stdout


def test_stdin_filename_alone_reads_standard_input(cli):
    run = cli("check", "--stdin-filename", "p/aid.yaml", "-f", "json", stdin=FAILING.read_bytes())
    assert [r["file"] for r in run.json()["results"]] == ["p/aid.yaml"]


def test_stdin_filename_with_paths_but_no_dash_is_a_usage_error(cli):
    run = cli("check", PASSING, "--stdin-filename", "p/aid.yaml")
    assert run.exit_code == 2
    assert "--stdin-filename" in run.stderr


def test_stdin_filename_is_matched_against_excludes_with_force_exclude(cli):
    args = ("check", "-", "--stdin-filename", "p/a-utkast.yaml", "--exclude", "*-utkast.yaml")
    judged = cli(*args, "-f", "json", stdin=FAILING.read_bytes())
    assert judged.exit_code == 1  # without --force-exclude a file named is judged
    left_out = cli(*args, "--force-exclude", "-f", "json", stdin=FAILING.read_bytes())
    assert left_out.exit_code == 0
    assert left_out.json()["results"] == []


# --exit-zero


def test_exit_zero_exits_zero_on_a_failure_and_still_reports_it(cli):
    run = cli("check", FAILING, "--exit-zero")
    assert run.exit_code == 0
    assert "✗ sthlm16.aid-fully-external" in run.stdout


def test_exit_zero_with_fail_on_warn(cli):
    assert cli("check", WARNING, "--fail-on", "warn").exit_code == 1
    assert cli("check", WARNING, "--fail-on", "warn", "--exit-zero").exit_code == 0


def test_exit_zero_still_exits_two_on_an_input_error(cli, write):
    run = cli("check", FAILING, write("broken.yaml", BROKEN), "--exit-zero", "-c", "stockholm")
    assert run.exit_code == 2


def test_exit_zero_still_exits_two_on_a_usage_error(cli):
    assert cli("check", FAILING, "--exit-zero", "--city", "atlantis").exit_code == 2


# -o with a format's name


@pytest.mark.parametrize("name", [*FORMATS["check"], "JSON"])
def test_output_named_like_a_format_is_refused(cli, repo, name):
    run = cli("check", PASSING, "-o", name)
    assert run.exit_code == 2
    assert f"--format {name.lower()}" in run.stderr
    assert f"-o ./{name}" in run.stderr
    assert not (repo / name).exists()


def test_output_named_like_a_format_is_refused_in_english(cli, repo):
    run = cli("check", PASSING, "--output", "sarif", "--lang", "en")
    assert run.exit_code == 2
    assert "choose the format with --format sarif" in run.stderr


@pytest.mark.parametrize("target", ["./json", "out/json", "json.json", "sarif.txt"])
def test_output_that_is_plainly_a_file_is_written(cli, repo, target):
    (repo / "out").mkdir()
    run = cli("check", PASSING, "-o", target, "-f", "json")
    assert run.exit_code == 0
    assert (repo / target).read_text(encoding="utf-8").startswith("{")


# --force-exclude


@pytest.fixture
def drafts(repo, write):
    """A repository whose settings exclude drafts, with a proposal and a broken draft."""
    (repo / ".strategikoll.yaml").write_text(
        'city: stockholm\nexclude: ["*-utkast.yaml"]\n', encoding="utf-8"
    )
    write("proposals/twin.yaml", TWIN)
    write("proposals/twin-utkast.yaml", BROKEN)
    return repo


def test_named_files_are_checked_despite_excludes_by_default(cli, drafts):
    run = cli("check", "proposals/twin.yaml", "proposals/twin-utkast.yaml", "-f", "json")
    assert run.exit_code == 2
    assert [r["file"] for r in run.json()["results"]] == [
        "proposals/twin.yaml",
        "proposals/twin-utkast.yaml",
    ]


def test_force_exclude_applies_the_settings_exclude_to_named_files(cli, drafts):
    args = ("check", "proposals/twin.yaml", "proposals/twin-utkast.yaml", "--force-exclude")
    run = cli(*args, "-f", "json")
    assert run.exit_code == 1
    assert [r["file"] for r in run.json()["results"]] == ["proposals/twin.yaml"]


def test_force_exclude_applies_the_exclude_option_to_named_files(cli, drafts):
    args = ("check", "proposals/twin.yaml", "--exclude", "twin.yaml", "--force-exclude")
    run = cli(*args, "-f", "json")
    assert run.exit_code == 0
    assert run.json()["summary"]["files"] == 0


def test_force_exclude_with_every_named_file_excluded_is_no_error(cli, drafts):
    run = cli("check", "proposals/twin-utkast.yaml", "--force-exclude")
    assert (run.exit_code, run.stderr) == (0, "")
    assert run.stdout.startswith("0 filer kontrollerade")


def test_force_exclude_leaves_a_named_folder_to_the_walk(cli, drafts):
    run = cli("check", "proposals", "--force-exclude", "-f", "json")
    assert [r["file"] for r in run.json()["results"]] == ["proposals/twin.yaml"]


# The pre-commit hook


def _as_pre_commit_selects(repo: Path, hook: dict[str, object]) -> list[str]:
    """The files `pre-commit run --all-files` hands the hook: `types: [yaml]`, less `exclude`."""
    assert hook["types"] == ["yaml"]
    exclude = re.compile(str(hook["exclude"]))
    names = sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*") if p.is_file())
    return [
        name
        for name in names
        if name.endswith((".yaml", ".yml"))
        and not exclude.search(name)
        and not name.startswith(".git/")
    ]


def test_pre_commit_hook_runs_once_and_respects_the_excludes(tmp_path):
    """As pre-commit runs the hook: its entry and args, every file in one batch (what
    `require_serial` asks for), in a repository whose settings exclude a draft.

    pre-commit itself is not run here: installing the hook's environment needs a package index.
    """
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["require_serial"] is True
    entry = shlex.split(hook["entry"])
    # In the entry, so that a configuration's own `args:` cannot drop it.
    assert entry == ["strategikoll", "check", "--force-exclude"]
    (tmp_path / ".git").mkdir()
    (tmp_path / ".strategikoll.yaml").write_text(
        'city: all\nexclude: ["*-utkast.yaml"]\n', encoding="utf-8"
    )
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    (tmp_path / "proposals").mkdir()
    for example in sorted((EXAMPLES / "malmo").glob("*.yaml"))[:6]:
        (tmp_path / "proposals" / example.name).write_bytes(example.read_bytes())
    (tmp_path / "proposals" / "ny-utkast.yaml").write_text(BROKEN, encoding="utf-8")
    files = _as_pre_commit_selects(tmp_path, hook)
    assert "proposals/ny-utkast.yaml" in files
    assert ".pre-commit-config.yaml" not in files
    user_args = ["--lang", "sv"]  # what a configuration's `args:` would add
    command = [sys.executable, "-m", "strategikoll", *entry[1:], *user_args, *files]
    run = run_process(command, cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert "ny-utkast" not in run.stdout
    assert run.stdout.count("Översikt") == 1
    assert len(SUMMARY.findall(run.stdout)) == 1
    assert "24 bedömningar av 6 filer" in run.stdout
