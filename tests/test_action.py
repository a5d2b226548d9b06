"""The GitHub Action (`action.yml`) as a gate a maintainer can trust.

Its shell steps run here as the runner runs them (`bash --noprofile --norc -eo pipefail`), in
order, with the runner's files and variables and the `if:` and `continue-on-error` of each step,
against a scratch git repository. Steps that use another action are stood in for: setup-python
and the install by this venv's strategikoll (behind a wrapper that records each call), the pip
cache by nothing, the SARIF upload by a success or a failure. The linters (zizmor, actionlint,
shellcheck) check the action and the README's example workflow.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, ROOT

ACTION_FILE = ROOT / "action.yml"
ACTION = yaml.safe_load(ACTION_FILE.read_text(encoding="utf-8"))
STEPS: list[dict] = ACTION["runs"]["steps"]
BIN = Path(sys.executable).parent
ACTIONLINT = "STRATEGIKOLL_ACTIONLINT"

FAILING = EXAMPLES / "stockholm" / "twin-town-agreement.yaml"
WARNING = EXAMPLES / "stockholm" / "minimal.yaml"  # warnings only
PASSING = EXAMPLES / "stockholm" / "eu-project-complete.yaml"


def _step(name: str) -> dict:
    (step,) = [s for s in STEPS if s.get("name") == name]
    return step


# --- A small runner for the action's steps ---------------------------------------------------


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class StepRun:
    name: str
    outcome: str  # success, failure or skipped
    returncode: int | None = None
    stdout: str = ""
    stderr: str = ""


@dataclass
class ActionRun:
    steps: dict[str, StepRun]
    outputs: dict[str, str]
    conclusion: str  # the job's: success or failure
    calls: list[list[str]]  # every call of strategikoll, its arguments
    summary: str

    def step(self, name: str) -> StepRun:
        return self.steps[name]

    @property
    def gate(self) -> int | None:
        return self.steps["Decide"].returncode

    @property
    def log(self) -> str:
        return "\n".join(
            f"[{s.name}] {s.outcome}\n{s.stdout}{s.stderr}" for s in self.steps.values()
        )


class Runner:
    """One use of the action in a job: inputs, the pull request's base, and stand-ins."""

    def __init__(self, tmp_path: Path, workspace: Path) -> None:
        self.workspace = workspace
        self.temp = tmp_path / "runner-temp"
        self.temp.mkdir()
        self.calls = tmp_path / "calls"
        self.calls.mkdir()
        real = BIN / "strategikoll"
        if not real.exists():
            real = Path(shutil.which("strategikoll") or "strategikoll")
        self.wrapper = tmp_path / "bin" / "strategikoll"
        self.wrapper.parent.mkdir()
        self.wrapper.write_text(
            "#!/usr/bin/env bash\n"
            f"calls={shlex.quote(str(self.calls))}\n"
            'n=$(find "$calls" -type f | wc -l)\n'
            'printf \'%s\\0\' "$@" > "$calls/$((n + 1))"\n'
            f'exec {shlex.quote(str(real))} "$@"\n',
            encoding="utf-8",
        )
        self.wrapper.chmod(0o755)
        self.summary = tmp_path / "step-summary.md"
        self.summary.touch()
        self.stubs: dict[str, tuple[str, dict[str, str]]] = {
            "Set up Python": ("success", {"python-path": sys.executable}),
            "Restore the pip cache": ("success", {}),
            "Install strategikoll": (
                "success",
                {"strategikoll": str(self.wrapper), "python": sys.executable},
            ),
            "Upload SARIF": ("failure", {}),  # a fork's pull request: no security-events: write
        }

    def run(self, inputs: dict[str, str] | None = None, base_sha: str = "") -> ActionRun:
        given = inputs or {}
        unknown = set(given) - set(ACTION["inputs"])
        assert not unknown, f"not inputs of the action: {unknown}"
        values = {name: _text(spec.get("default")) for name, spec in ACTION["inputs"].items()}
        values |= given
        context = {"inputs": values, "base_sha": base_sha, "outputs": {}, "outcomes": {}}
        runs: dict[str, StepRun] = {}
        failed = False
        before = len(list(self.calls.iterdir()))
        for index, step in enumerate(STEPS):
            name = step.get("name", f"step {index}")
            step_id = step.get("id", "")
            if not self._condition(step.get("if", ""), context, failed):
                runs[name] = StepRun(name, "skipped")
                context["outcomes"][step_id] = "skipped"
                continue
            if name in self.stubs:
                outcome, outputs = self.stubs[name]
                runs[name] = StepRun(name, outcome)
            else:
                assert "uses" not in step, f"no stand-in for {name}"
                runs[name], outputs = self._shell(name, step, context)
                outcome = runs[name].outcome
            context["outputs"][step_id] = outputs
            context["outcomes"][step_id] = outcome
            if outcome == "failure" and not step.get("continue-on-error"):
                failed = True
        action_outputs = {
            name: self._substitute(spec["value"], context)
            for name, spec in ACTION["outputs"].items()
        }
        calls = [  # the calls of strategikoll during this run, in order
            path.read_bytes().decode().split("\0")[:-1]
            for path in sorted(self.calls.iterdir(), key=lambda p: int(p.name))[before:]
        ]
        return ActionRun(
            runs,
            action_outputs,
            "failure" if failed else "success",
            calls,
            self.summary.read_text(encoding="utf-8"),
        )

    def _shell(self, name: str, step: dict, context: dict) -> tuple[StepRun, dict[str, str]]:
        assert step.get("shell") == "bash", f"{name}: shell: bash"
        script = self.temp.parent / "step.sh"
        script.write_text(step["run"], encoding="utf-8")
        output = self.temp.parent / "step-output"
        output.write_text("", encoding="utf-8")
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("GITHUB_", "RUNNER_", "SK_", "STRATEGIKOLL_"))
        }
        env |= {
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(self.workspace),
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(output),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "RUNNER_TEMP": str(self.temp),
            "RUNNER_OS": "Linux",
        }
        for key, value in (step.get("env") or {}).items():
            env[key] = self._substitute(_text(value), context)
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        outcome = "success" if done.returncode == 0 else "failure"
        run = StepRun(name, outcome, done.returncode, done.stdout, done.stderr)
        return run, _read_outputs(output.read_text(encoding="utf-8"))

    def _substitute(self, value: str, context: dict) -> str:
        """A value that is plain text or one `${{ reference }}`: all this action uses."""
        if "${{" not in value:
            return value
        found = re.fullmatch(r"\$\{\{\s*([\w.-]+)\s*\}\}", value)
        assert found, f"an expression this runner does not read: {value}"
        return self._reference(found[1], context)

    @staticmethod
    def _reference(reference: str, context: dict) -> str:
        parts = reference.split(".")
        if parts[0] == "inputs":
            return context["inputs"][parts[1]]
        if parts[0] == "steps" and parts[2] == "outputs":
            return context["outputs"].get(parts[1], {}).get(parts[3], "")
        if parts[0] == "steps" and parts[2] == "outcome":
            return context["outcomes"].get(parts[1], "")
        if reference == "github.event.pull_request.base.sha":
            return context["base_sha"]
        raise AssertionError(f"a reference this runner does not read: {reference}")

    def _condition(self, condition: str, context: dict, failed: bool) -> bool:
        """`if:` as `&&` of status functions and comparisons; without a status function the
        step runs only when no step before it failed (`success()`)."""
        condition = condition.strip()
        if condition.startswith("${{"):
            condition = condition.removeprefix("${{").removesuffix("}}").strip()
        if not condition:
            return not failed
        status_function = False
        result = True
        for term in (t.strip() for t in condition.split("&&")):
            if term == "always()":
                status_function = True
            elif term == "success()":
                status_function = True
                result = result and not failed
            else:
                found = re.fullmatch(r"([\w.-]+)\s*(==|!=)\s*'([^']*)'", term)
                assert found, f"a condition this runner does not read: {term}"
                equal = self._reference(found[1], context) == found[3]
                result = result and (equal if found[2] == "==" else not equal)
        return result and (status_function or not failed)


def _read_outputs(text: str) -> dict[str, str]:
    """`name=value` lines and `name<<DELIMITER` blocks, as the runner reads GITHUB_OUTPUT."""
    outputs: dict[str, str] = {}
    lines = iter(text.splitlines())
    for line in lines:
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            block = []
            for more in lines:
                if more == delimiter:
                    break
                block.append(more)
            outputs[name] = "\n".join(block)
        elif line:
            name, _, value = line.partition("=")
            outputs[name] = value
    return outputs


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of proposals: one that fails, one with warnings only, one that passes."""
    root = tmp_path / "repo"
    (root / "proposals").mkdir(parents=True)
    for example in (FAILING, WARNING, PASSING):
        shutil.copy(example, root / "proposals")
    _git(root, "init", "-q")
    return root


def _commit(repo: Path, message: str = "base") -> str:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", message)
    return _git(repo, "rev-parse", "HEAD")


@pytest.fixture
def runner(tmp_path: Path, repo: Path) -> Runner:
    return Runner(tmp_path, repo)


def _checked(run: ActionRun) -> list[str]:
    """The paths the one call of strategikoll was given (after `--`)."""
    (call,) = run.calls
    return call[call.index("--") + 1 :]


# --- Settings and inputs ---------------------------------------------------------------------


@pytest.mark.parametrize("settings", ["base", "tree"])
def test_a_repositorys_fail_on_warn_holds_when_the_input_is_empty(repo, runner, settings):
    (repo / "proposals" / FAILING.name).unlink()
    (repo / ".strategikoll.yaml").write_text("city: stockholm\nfail_on: warn\n", encoding="utf-8")
    base = _commit(repo)
    run = runner.run(
        {"paths": "proposals", "settings": settings},
        base_sha=base if settings == "base" else "",
    )
    assert run.outputs["verdict"] == "warn", run.log
    assert run.gate == 1
    assert run.conclusion == "failure"
    assert not {"--fail-on", "--lang"} & set(run.calls[0])


def test_an_explicit_fail_on_input_overrides_the_repositorys(repo, runner):
    (repo / "proposals" / FAILING.name).unlink()
    (repo / ".strategikoll.yaml").write_text("city: stockholm\nfail_on: warn\n", encoding="utf-8")
    base = _commit(repo)
    run = runner.run({"paths": "proposals", "fail-on": "fail"}, base_sha=base)
    assert run.outputs["verdict"] == "warn"
    assert run.gate == 0, run.log
    assert run.conclusion == "success"


def test_the_pull_requests_own_settings_do_not_decide(repo, runner):
    (repo / ".strategikoll.yaml").write_text("city: stockholm\n", encoding="utf-8")
    base = _commit(repo)
    (repo / ".strategikoll.yaml").write_text(
        "city: stockholm\nexclude: ['twin-town-*']\n", encoding="utf-8"
    )
    _commit(repo, "the pull request")
    run = runner.run({"paths": "proposals"}, base_sha=base)
    assert run.gate == 1, run.log
    assert run.outputs["fail"] == "1"


def test_a_base_commit_that_cannot_be_read_fails_the_gate_rather_than_drop_its_settings(
    repo, runner
):
    (repo / ".strategikoll.yaml").write_text("city: stockholm\nfail_on: warn\n", encoding="utf-8")
    _commit(repo)
    run = runner.run({"paths": "proposals"}, base_sha="0" * 40)
    assert run.step("Choose settings").outcome == "failure"
    assert "base commit" in run.step("Choose settings").stdout
    assert run.step("Check proposals").outcome == "skipped"
    assert run.gate == 2
    assert run.calls == []


def test_only_the_inputs_given_reach_the_command_line(repo, runner):
    _commit(repo)
    run = runner.run({"paths": "proposals/" + PASSING.name, "settings": "none"})
    (call,) = run.calls
    options = call[: call.index("--")]
    assert options[:4] == ["check", "--format", "github", "--force"]
    named = [o for o in options if o.startswith("--")]
    assert set(named) == {"--format", "--force", "--isolated", "--report"}

    given = {
        "paths": "proposals/" + PASSING.name,
        "city": "stockholm",
        "at": "2020-01-01",
        "fail-on": "warn",
        "lang": "en",
        "exclude": "*-utkast.yaml\n*.draft.yaml",
        "strategy": "own/a b.yaml own/c.yaml",
        "waivers": "register",
        "waiver-register": "registers/decided.yaml",
        "settings": "none",
    }
    run = runner.run(given)
    (call,) = run.calls
    for option, value in [
        ("--city", "stockholm"),
        ("--at", "2020-01-01"),
        ("--fail-on", "warn"),
        ("--lang", "en"),
        ("--waivers", "register"),
        ("--waiver-register", "registers/decided.yaml"),
    ]:
        assert call[call.index(option) + 1] == value
    assert [call[i + 1] for i, a in enumerate(call) if a == "--exclude"] == [
        "*-utkast.yaml",
        "*.draft.yaml",
    ]
    # one line: separated by spaces
    assert [call[i + 1] for i, a in enumerate(call) if a == "--strategy"] == [
        "own/a",
        "b.yaml",
        "own/c.yaml",
    ]


def test_the_inputs_default_to_empty_but_for_the_actions_own():
    defaults = {name: spec.get("default") for name, spec in ACTION["inputs"].items()}
    own = {"settings": "base", "python-version": "3.11"}
    assert {n: d for n, d in defaults.items() if n in own} == own
    assert {n: d for n, d in defaults.items() if n not in own} == dict.fromkeys(
        set(defaults) - set(own), ""
    )
    assert {"exclude", "strategy", "at", "working-directory", "waivers", "waiver-register"} <= set(
        defaults
    )


# --- One run, and the gate decides ------------------------------------------------------------


def test_the_sarif_file_and_the_annotations_come_from_one_run(repo, runner):
    _commit(repo)
    run = runner.run({"paths": "proposals", "city": "stockholm", "sarif": "results.sarif"})
    assert len(run.calls) == 1, run.log
    (call,) = run.calls
    reports = [call[i + 1] for i, a in enumerate(call) if a == "--report"]
    assert reports == ["sarif:results.sarif", f"json:{runner.temp / 'strategikoll.json'}"]
    check = run.step("Check proposals")
    assert "::error file=proposals/twin-town-agreement.yaml" in check.stdout
    assert "::warning file=proposals/minimal.yaml" in check.stdout
    sarif = json.loads(Path(run.outputs["sarif"]).read_text(encoding="utf-8"))
    locations = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in sarif["runs"][0]["results"]
    }
    assert locations == {"proposals/twin-town-agreement.yaml", "proposals/minimal.yaml"}
    assert "twin-town-agreement.yaml" in run.summary  # the job summary, from the same run
    assert run.gate == 1


def test_outputs_give_the_counts_the_verdict_and_the_reports(repo, runner):
    _commit(repo)
    run = runner.run({"paths": "proposals", "city": "stockholm", "sarif": "results.sarif"})
    outputs = run.outputs
    assert {k: outputs[k] for k in ("files", "pass", "warn", "fail", "error")} == {
        "files": "3",
        "pass": "1",
        "warn": "1",
        "fail": "1",
        "error": "0",
    }
    assert outputs["verdict"] == "fail"
    assert outputs["exit-code"] == "1"
    assert outputs["sarif"] == str(repo / "results.sarif")
    assert Path(outputs["json"]).parent == runner.temp
    assert json.loads(Path(outputs["json"]).read_text(encoding="utf-8"))["summary"]["files"] == 3


def test_a_run_that_cannot_judge_gives_the_error_verdict_and_exit_2(repo, runner):
    _commit(repo)
    stale = runner.temp / "strategikoll.json"
    stale.write_text(
        '{"summary": {"files": 9, "pass": 9, "warn": 0, "fail": 0, "error": 0}}', encoding="utf-8"
    )
    run = runner.run({"paths": "proposals", "city": "atlantis"})
    assert run.outputs["exit-code"] == "2"
    assert run.outputs["verdict"] == "error"
    assert run.outputs["files"] == ""  # not the stale report of an earlier run
    assert run.gate == 2
    assert run.conclusion == "failure"


def test_a_failed_upload_never_decides_the_gate(repo, runner):
    upload = _step("Upload SARIF")
    assert upload["continue-on-error"] is True
    condition = [t.strip() for t in upload["if"].split("&&")]
    assert "always()" in condition
    assert "inputs.sarif != ''" in condition
    decide = _step("Decide")
    assert decide["if"] == "always()"
    assert STEPS[-1] is decide
    assert STEPS.index(_step("Check proposals")) < STEPS.index(upload)

    (repo / "proposals" / FAILING.name).unlink()
    _commit(repo)
    inputs = {"paths": "proposals", "city": "stockholm", "sarif": "results.sarif"}
    run = runner.run(inputs)  # the upload fails (stand-in): the gate passes, as the run did
    assert run.step("Upload SARIF").outcome == "failure"
    assert run.gate == 0
    assert run.conclusion == "success", run.log

    shutil.copy(FAILING, repo / "proposals")
    runner.stubs["Upload SARIF"] = ("success", {})
    run = runner.run(inputs)  # the upload succeeds: the gate fails, as the run did
    assert run.step("Upload SARIF").outcome == "success"
    assert run.gate == 1
    assert run.conclusion == "failure"


@pytest.mark.parametrize(("status", "gate"), [("0", 0), ("1", 1), ("2", 2), ("127", 2), ("", 2)])
def test_the_last_step_fails_the_job_with_the_recorded_status(status, gate):
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _step("Decide")["run"]],
        env={**os.environ, "SK_STATUS": status},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == gate


def test_a_check_that_cannot_start_fails_the_gate(repo, runner):
    _commit(repo)
    runner.stubs["Install strategikoll"] = ("success", {"strategikoll": str(repo / "missing")})
    run = runner.run({"paths": "proposals", "city": "stockholm"})
    assert run.outputs["exit-code"] == "127"
    assert run.gate == 2
    assert run.conclusion == "failure"


# --- Paths -------------------------------------------------------------------------------------


def test_paths_with_spaces_and_glob_characters_are_passed_intact(repo, runner):
    odd = repo / "proposals" / "with space"
    odd.mkdir()
    shutil.copy(PASSING, odd / "a b.yaml")
    shutil.copy(PASSING, repo / "proposals" / "[x]*.yaml")
    shutil.copy(PASSING, repo / "proposals" / "x1.yaml")  # what [x]*.yaml would expand to
    _commit(repo)
    lines = "  proposals/with space/a b.yaml\n\nproposals/[x]*.yaml  \n"
    run = runner.run({"paths": lines, "city": "stockholm", "settings": "none"})
    assert _checked(run) == ["proposals/with space/a b.yaml", "proposals/[x]*.yaml"]
    assert run.outputs["files"] == "2"
    assert run.gate == 0, run.log

    one_line = "proposals/x1.yaml  proposals/[x]*.yaml $HOME ~ proposals/* --exit-zero"
    run = runner.run({"paths": one_line, "city": "stockholm", "settings": "none"})
    assert _checked(run) == [
        "proposals/x1.yaml",
        "proposals/[x]*.yaml",
        "$HOME",
        "~",
        "proposals/*",
        "--exit-zero",  # after `--`: a path, never an option
    ]
    assert run.gate == 2  # none but the first two names a file here


def test_no_paths_leaves_them_to_the_settings(repo, runner):
    (repo / "drafts").mkdir()
    shutil.copy(FAILING, repo / "drafts")
    (repo / ".strategikoll.yaml").write_text(
        "city: stockholm\npaths: [proposals]\n", encoding="utf-8"
    )
    base = _commit(repo)
    run = runner.run({}, base_sha=base)
    assert _checked(run) == []
    assert run.outputs["files"] == "3"
    assert run.gate == 1


def test_working_directory_is_where_the_check_runs(tmp_path, repo):
    _commit(repo)
    workspace = tmp_path / "workspace"
    workspace.mkdir()
    repo.rename(workspace / "checkout")
    runner = Runner(tmp_path, workspace)
    run = runner.run(
        {
            "working-directory": "checkout",
            "paths": "proposals",
            "city": "stockholm",
            "sarif": "results.sarif",
        }
    )
    assert run.outputs["sarif"] == str(workspace / "checkout" / "results.sarif")
    assert "::error file=proposals/twin-town-agreement.yaml" in run.step("Check proposals").stdout
    assert run.gate == 1


def test_the_pip_cache_is_keyed_on_the_actions_pyproject(runner):
    key_step = _step("Key the pip cache")
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", key_step["run"]],
        env={
            **os.environ,
            "SK_PYTHON": sys.executable,
            "GITHUB_ACTION_PATH": str(ROOT),
            "GITHUB_OUTPUT": str(runner.temp / "key"),
            "RUNNER_TEMP": str(runner.temp),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    outputs = _read_outputs((runner.temp / "key").read_text(encoding="utf-8"))
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    assert outputs["key"] == outputs["prefix"] + digest
    assert outputs["dir"] == str(runner.temp / "strategikoll-pip-cache")
    cache = _step("Restore the pip cache")["with"]
    assert cache["key"] == "${{ steps.pip-cache.outputs.key }}"
    assert cache["path"] == "${{ steps.pip-cache.outputs.dir }}"


# --- How the action is written -----------------------------------------------------------------


def test_every_run_step_is_bash_and_reads_inputs_from_its_environment():
    for step in STEPS:
        if "run" in step:
            assert step.get("shell") == "bash", step["name"]
            assert "${{" not in step["run"], step["name"]


def test_actions_are_pinned_by_commit_with_their_version_beside_it():
    uses = re.findall(r"^\s*(?:-\s*)?uses:\s*(\S+)(.*)$", ACTION_FILE.read_text(), re.MULTILINE)
    assert len(uses) == 3
    for reference, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", reference), reference
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", comment), (reference, comment)


def test_the_callers_python_is_left_alone():
    setup = _step("Set up Python")
    assert setup["with"]["update-environment"] is False
    install = _step("Install strategikoll")["run"]
    assert '"$SK_PYTHON" -m venv' in install
    assert "$RUNNER_TEMP" in install


# --- Linters -----------------------------------------------------------------------------------


def _readme_block(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(f"\n### {heading}\n", 1)[1]
    return section.split("```yaml\n", 1)[1].split("\n```", 1)[0] + "\n"


def _readme_workflow(tmp_path: Path) -> Path:
    """The README's example workflow, written where GitHub keeps workflows, with this action's
    placeholder reference filled in as a user would: a full commit SHA."""
    text = _readme_block("GitHub Actions")
    assert "<owner>/strategikoll@<commit>" in text
    text = text.replace("<owner>/strategikoll@<commit>", "example/strategikoll@" + "0" * 40)
    workflow = tmp_path / ".github" / "workflows" / "proposals.yml"
    workflow.parent.mkdir(parents=True)
    workflow.write_text(text, encoding="utf-8")
    return workflow


def _tool(name: str, where: str | None) -> str:
    """A linter's command; without it the test is skipped, except in CI where it fails."""
    if where:
        return where
    if name == "actionlint":
        reason = f"{ACTIONLINT} is not set: the command that runs actionlint (.ci/run sets it)"
    else:
        reason = f"{name} is not installed: it comes with the test extra (pip install '.[test]')"
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, but {reason}")  # CI must lint, not skip
    pytest.skip(reason)


def _venv_command(name: str) -> str | None:
    found = BIN / name
    return str(found) if found.exists() else shutil.which(name)


def test_zizmor_finds_nothing_in_the_action_or_the_readme_workflow(tmp_path):
    zizmor = _tool("zizmor", _venv_command("zizmor"))
    workflow = _readme_workflow(tmp_path)
    # the strictest persona; no configuration or ignore comment can hide a finding
    options = ["--offline", "--no-config", "--no-ignores", "--persona=auditor", "--format=json"]
    for target in (ACTION_FILE, workflow):
        done = subprocess.run(
            [zizmor, *options, str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert json.loads(done.stdout) == []


def test_actionlint_finds_nothing_in_the_readme_workflow(tmp_path):
    actionlint = _tool("actionlint", os.environ.get(ACTIONLINT))
    workflow = _readme_workflow(tmp_path)
    done = subprocess.run(
        [*shlex.split(actionlint), str(workflow)], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, f"{ACTIONLINT}={actionlint}\n{done.stdout}{done.stderr}"
    assert done.stdout.strip() == ""

    # and it does find something: a workflow that takes the pull request's title into a script
    bad = tmp_path / "bad.yml"
    bad.write_text(
        workflow.read_text(encoding="utf-8")
        + "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [*shlex.split(actionlint), str(bad)], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0
    assert "github.event.pull_request.title" in done.stdout


def test_shellcheck_finds_nothing_in_the_run_steps(tmp_path):
    shellcheck = _tool("shellcheck", _venv_command("shellcheck"))
    scripts = []
    for index, step in enumerate(STEPS):
        if "run" in step:
            script = tmp_path / f"{index}.sh"
            script.write_text(
                "#!/usr/bin/env bash\nset -eo pipefail\n" + step["run"], encoding="utf-8"
            )
            scripts.append(str(script))
    done = subprocess.run(
        [shellcheck, "--shell=bash", *scripts], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_workflow_uses_inputs_the_action_has(tmp_path):
    workflow = yaml.safe_load(_readme_workflow(tmp_path).read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    (step,) = [s for s in job["steps"] if "strategikoll" in s.get("uses", "")]
    assert set(step["with"]) <= set(ACTION["inputs"])
    assert "fail-on" not in step["with"]  # the repository's settings decide it, as the text says
    (checkout,) = [s for s in job["steps"] if s["uses"].startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] >= 2  # the base commit, for the base's settings
    assert checkout["with"]["persist-credentials"] is False


def test_the_gitlab_example_checks_once():
    script = _readme_block("GitLab CI")
    assert script.count("strategikoll check") == 1
    assert "--report junit:strategikoll.xml" in script
    assert "|| true" not in script
