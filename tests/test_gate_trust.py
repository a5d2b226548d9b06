"""A gate that a pull request's own tree cannot open or use to leak: links that leave the
repository, settings that would decide the gate, a proposal that picks its own rules, outputs that
would replace an input, and what a killed run leaves behind. The attacks are files under
`tests/hostile/`; each test lays them out in a scratch repository as a pull request would."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

HOSTILE = ROOT / "tests" / "hostile"
SECRET = "aws_access_key_id: AKIAEXAMPLEMARKER"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A scratch repository with one failing proposal, a secret beside it outside the repository,
    and the working directory inside it."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "proposals").mkdir()
    shutil.copy(HOSTILE / "proposals" / "twin-town-agreement.yaml", root / "proposals")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "credentials.yml").write_text(SECRET + "\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def leaked(run) -> bool:
    return "AKIAEXAMPLEMARKER" in run.stdout + run.stderr or "root:x:" in run.stdout + run.stderr


# --- Links ----------------------------------------------------------------------------------


def test_a_folder_link_out_of_the_repository_is_not_followed(cli, repo):
    (repo / "proposals" / "more").symlink_to("../../outside")
    run = cli("check", "proposals", "--city", "stockholm", "--format", "json")
    assert run.exit_code == 2
    assert not leaked(run)
    errors = {r["file"]: r for r in run.json()["results"] if r["verdict"] == "error"}
    assert "leder ut ur katalogen" in errors["proposals/more"]["error"]["message"]
    assert any(r["verdict"] == "fail" for r in run.json()["results"])  # the proposal is judged


def test_a_link_to_the_root_of_the_file_system_is_refused_without_walking_it(cli, repo):
    (repo / "proposals" / "all").symlink_to("/")
    run = cli("check", "proposals", "--city", "stockholm", "--format", "json")
    assert run.exit_code == 2
    assert [r["file"] for r in run.json()["results"]] == [
        "proposals/all",
        "proposals/twin-town-agreement.yaml",
    ]


def test_a_file_link_out_of_the_repository_is_not_read(cli, repo):
    (repo / "proposals" / "innocent.yaml").symlink_to(repo.parent / "outside" / "secret.yaml")
    for args in (("proposals",), ("proposals/innocent.yaml",)):
        run = cli("check", *args, "--city", "stockholm")
        assert run.exit_code == 2
        assert not leaked(run)
        assert "leder ut ur katalogen" in run.stdout


def test_a_link_is_followed_only_inside_the_directory_being_checked(cli, repo):
    (repo / "proposals" / "2025").mkdir()
    shutil.copy(EXAMPLES / "stockholm" / "minimal.yaml", repo / "proposals" / "2025" / "m.yaml")
    (repo / "proposals" / "latest").symlink_to("2025")
    (repo / "drafts").mkdir()
    shutil.copy(EXAMPLES / "stockholm" / "minimal.yaml", repo / "drafts" / "d.yaml")
    (repo / "proposals" / "drafts").symlink_to("../drafts")
    run = cli("check", "proposals", "--city", "stockholm", "--format", "json")
    verdicts = {r["file"]: r["verdict"] for r in run.json()["results"]}
    assert verdicts == {
        "proposals/2025/m.yaml": "warn",  # once, however many ways lead to it
        "proposals/drafts": "error",  # inside the repository, but outside what is checked
        "proposals/twin-town-agreement.yaml": "fail",
    }


def test_a_dangling_link_is_reported_not_skipped_in_silence(cli, repo):
    (repo / "proposals" / "gone.yaml").symlink_to("nowhere.yaml")
    run = cli("check", "proposals", "--city", "stockholm")
    assert run.exit_code == 2
    assert "proposals/gone.yaml" in run.stdout
    assert "leder inte till någon fil" in run.stdout


def test_a_folder_that_cannot_be_read_is_reported(cli, repo, monkeypatch):
    (repo / "proposals" / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):  # root may read anything, so the refusal is staged
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    run = cli("check", "proposals", "--city", "stockholm")
    assert run.exit_code == 2
    assert "proposals/locked" in run.stdout
    assert "kan inte läsas" in run.stdout


def test_a_path_that_cannot_even_be_looked_up_does_not_stop_the_run(cli, repo):
    run = cli("check", "x" * 300 + ".yaml", "proposals", "--city", "stockholm")
    assert run.exit_code == 2
    assert "UNDERKÄND" in run.stdout  # the other file was judged
    assert "skriva utdata" not in run.stderr


# --- Settings the tree writes ---------------------------------------------------------------


def settings(repo: Path, name: str, as_file: str = ".strategikoll.yaml") -> None:
    shutil.copy(HOSTILE / "settings" / name, repo / as_file)


def test_the_trees_settings_are_ignored_with_isolated(cli, repo):
    settings(repo, "exclude-the-failing-proposal.yaml")
    trusting = cli("check", "proposals")
    assert trusting.exit_code == 2  # nothing left to check: the tree decided the gate
    isolated = cli("check", "proposals", "--city", "stockholm", "--isolated")
    assert isolated.exit_code == 1


def test_the_gate_can_take_its_settings_from_elsewhere(cli, repo, tmp_path):
    settings(repo, "exclude-the-failing-proposal.yaml")
    base = tmp_path / "base-settings.yaml"
    base.write_text("city: stockholm\nfail_on: warn\n", encoding="utf-8")
    run = cli("check", "proposals", "--config", base)
    assert run.exit_code == 1
    assert "twin-town-agreement.yaml" in run.stdout
    assert cli("check", "proposals", "--config", base, "--isolated").exit_code == 2


def test_settings_in_two_files_are_an_error_not_a_silent_choice(cli, repo):
    settings(repo, "lang-only.yaml")
    (repo / "pyproject.toml").write_text(
        '[tool.strategikoll]\ncity = "stockholm"\nfail_on = "warn"\n', encoding="utf-8"
    )
    run = cli("check", "proposals")
    assert run.exit_code == 2
    assert ".strategikoll.yaml" in run.stderr
    assert "pyproject.toml" in run.stderr


@pytest.mark.parametrize(
    "name", ["strategy-outside.yaml", "strategy-up-and-out.yaml", "paths-outside.yaml"]
)
def test_settings_paths_stay_inside_the_repository(cli, repo, name):
    settings(repo, name)
    run = cli("check", *([] if name.startswith("paths") else ["proposals"]))
    assert run.exit_code == 2
    assert "utanför förrådet" in run.stderr
    assert not leaked(run)


def test_settings_cannot_raise_the_size_read(cli, repo):
    settings(repo, "costly.yaml")
    big = "title: Stort\nkind: membership\ndescription: " + "x" * (3 * 1024 * 1024) + "\n"
    (repo / "proposals" / "big.yaml").write_text(big, encoding="utf-8")
    run = cli("check", "proposals", "--format", "json")
    big_result = next(r for r in run.json()["results"] if r["file"].endswith("big.yaml"))
    assert big_result["verdict"] == "error"


def test_no_size_beyond_the_hard_limit_even_on_the_command_line(cli, repo):
    run = cli("check", "proposals", "--city", "stockholm", "--max-size", "20M")
    assert run.exit_code == 2
    assert "16M" in run.stderr


def test_settings_cannot_start_more_processes_than_there_are_cores(cli, repo, monkeypatch):
    settings(repo, "costly.yaml")
    source = (EXAMPLES / "stockholm" / "minimal.yaml").read_text(encoding="utf-8")
    for i in range(70):
        (repo / "proposals" / f"p{i:02}.yaml").write_text(source, encoding="utf-8")
    started: list[int] = []
    real_pool = multiprocessing.Pool

    def pool(processes, *args, **kwargs):
        started.append(processes)
        return real_pool(processes, *args, **kwargs)

    monkeypatch.setattr(multiprocessing, "Pool", pool)
    assert cli("check", "proposals").exit_code == 1
    assert started
    assert started[0] <= (os.cpu_count() or 1)


# --- A proposal that picks its own rules ----------------------------------------------------


def test_a_proposal_cannot_pick_the_version_that_judges_it(cli, repo):
    shutil.copy(HOSTILE / "proposals" / "names-its-own-version.yaml", repo / "proposals")
    run = cli("check", "proposals/names-its-own-version.yaml", "--format", "json")
    assert run.exit_code == 2
    assert "--at" in run.json()["results"][0]["error"]["message"]


# --- Outputs that would replace an input ----------------------------------------------------


def test_the_output_never_replaces_the_settings_or_a_strategy(cli, repo):
    settings(repo, "lang-only.yaml")
    before = (repo / ".strategikoll.yaml").read_bytes()
    run = cli("check", "proposals", "-c", "stockholm", "-o", ".strategikoll.yaml", "--force")
    assert run.exit_code == 2
    assert (repo / ".strategikoll.yaml").read_bytes() == before
    own = repo / "own.yaml"
    shutil.copy(ROOT / "src" / "strategikoll" / "strategies" / "stockholm-2016.yaml", own)
    text = own.read_text(encoding="utf-8").replace("city: stockholm\n", "city: egen\n", 1)
    own.write_text(text, encoding="utf-8")
    for args in (
        ("check", "proposals", "--strategy", own, "-o", own, "--force"),
        ("diff", "stockholm", own, "-o", own, "--force"),
    ):
        run = cli(*args)
        assert run.exit_code == 2, args
        assert own.read_text(encoding="utf-8") == text


def test_the_output_never_replaces_a_device(cli, repo):
    run = cli("check", "proposals", "-c", "stockholm", "-o", "/dev/null", "--force")
    assert run.exit_code == 2
    assert "ingen vanlig fil" in run.stderr
    assert Path("/dev/null").is_char_device()


def test_a_killed_runs_temporary_files_are_removed_by_the_next_run(cli, repo, monkeypatch):
    dead = 2**22 + 12345  # above the kernel's default highest process id
    left = repo / f".report.json.strategikoll-{dead}-abc.tmp"
    left.write_text("half", encoding="utf-8")
    alive = repo / f".report.json.strategikoll-{os.getpid()}-abc.tmp"
    alive.write_text("mine", encoding="utf-8")
    spools = repo.parent / "spools"
    spools.mkdir()
    stale_spool = spools / f".spool.strategikoll-{dead}-xyz"
    stale_spool.mkdir()
    (stale_spool / "0000001").write_text("text", encoding="utf-8")
    monkeypatch.setattr(tempfile, "tempdir", str(spools))
    source = (EXAMPLES / "stockholm" / "minimal.yaml").read_text(encoding="utf-8")
    for i in range(70):
        (repo / "proposals" / f"p{i:02}.yaml").write_text(source, encoding="utf-8")
    run = cli("check", "proposals", "-c", "stockholm", "-j", "2", "-f", "json", "-o", "report.json")
    assert run.exit_code == 1
    assert not left.exists()
    assert alive.exists()  # a live process's file is never touched
    assert not stale_spool.exists()
    assert list(spools.iterdir()) == []


# --- The GitHub Action's own steps ----------------------------------------------------------


def _action_step(name: str) -> str:
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    (step,) = [s for s in action["runs"]["steps"] if s.get("name") == name]
    return step["run"]


def _git(repo: Path, *args: str) -> str:
    import subprocess

    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@pytest.mark.parametrize(("mode", "status"), [("base", 1), ("none", 1), ("tree", 2)])
def test_the_action_on_a_pull_request_does_not_take_the_pull_requests_settings(
    tmp_path, mode, status
):
    import subprocess
    import sys

    repo = tmp_path / "repo"
    (repo / "proposals").mkdir(parents=True)
    shutil.copy(HOSTILE / "proposals" / "twin-town-agreement.yaml", repo / "proposals")
    (repo / ".strategikoll.yaml").write_text("city: stockholm\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "base")
    base = _git(repo, "rev-parse", "HEAD")
    shutil.copy(
        HOSTILE / "settings" / "exclude-the-failing-proposal.yaml", repo / ".strategikoll.yaml"
    )
    _git(repo, "commit", "-qam", "the pull request")
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
        "RUNNER_TEMP": str(tmp_path),
        "SK_SETTINGS": mode,
        "SK_BASE_SHA": base,
    }
    subprocess.run(["bash", "-c", _action_step("Choose settings")], cwd=repo, env=env, check=True)
    flag = (tmp_path / "output").read_text(encoding="utf-8").strip().removeprefix("flag=")
    env |= {
        "SK_PATHS": "proposals",
        "SK_CITY": "stockholm" if mode == "none" else "",
        "SK_LANG": "sv",
        "SK_FAIL_ON": "fail",
        "SK_SETTINGS_FLAG": flag,
    }
    env["GITHUB_OUTPUT"] = str(tmp_path / "check-output")
    check = subprocess.run(
        ["bash", "-c", _action_step("Check proposals")],
        cwd=repo,
        env=env,
        capture_output=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr  # it records the status
    recorded = (tmp_path / "check-output").read_text(encoding="utf-8").splitlines()
    env["SK_STATUS"] = next(line for line in recorded if line.startswith("status="))[7:]
    run = subprocess.run(
        ["bash", "-c", _action_step("Decide")], env=env, capture_output=True, check=False
    )
    assert run.returncode == status, check.stdout + check.stderr


# --- Self-declared waivers ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "status", "unregistered"),
    [
        ((), 0, False),  # the proposal's word, as the README describes
        (("--waivers", "ignore"), 1, False),
        (
            ("--waivers", "register", "--waiver-register", HOSTILE / "registers/ks-2025-123.yaml"),
            0,
            False,
        ),
        (("--waiver-register", HOSTILE / "registers/ks-2025-123.yaml"), 0, False),
    ],
)
def test_a_gate_decides_whose_word_a_waiver_rests_on(cli, repo, args, status, unregistered):
    proposal = HOSTILE / "proposals" / "self-declared-waiver.yaml"
    run = cli("check", proposal, "--city", "stockholm", "--isolated", *args, "--format", "json")
    assert run.exit_code == status
    ids = {f["principle"] for f in run.json()["results"][0]["findings"]}
    assert ("waiver.unregistered" in ids) is unregistered


def test_a_waiver_missing_from_the_register_fails(cli, repo, tmp_path):
    register = tmp_path / "register.yaml"
    register.write_text(
        (HOSTILE / "registers" / "ks-2025-123.yaml").read_text().replace("2025/123", "2025/999")
    )
    proposal = HOSTILE / "proposals" / "self-declared-waiver.yaml"
    run = cli("check", proposal, "-c", "stockholm", "--waiver-register", register, "-f", "json")
    assert run.exit_code == 1
    findings = {f["principle"]: f for f in run.json()["results"][0]["findings"]}
    assert findings["waiver.unregistered"]["verdict"] == "fail"
    assert findings["waiver.unregistered"]["line"] == 5
    assert findings["sthlm16.no-twin-towns"]["verdict"] == "fail"
    assert "waived" not in findings["sthlm16.no-twin-towns"]


def test_a_waiver_registered_for_a_shorter_time_does_not_hold_longer(cli, repo, tmp_path):
    register = tmp_path / "register.yaml"
    register.write_text(
        (HOSTILE / "registers" / "ks-2025-123.yaml").read_text().replace("2031-", "2029-")
    )
    proposal = HOSTILE / "proposals" / "self-declared-waiver.yaml"
    run = cli("check", proposal, "-c", "stockholm", "--waiver-register", register)
    assert run.exit_code == 1


def test_the_waiver_policy_cannot_come_from_a_settings_file(cli, repo):
    (repo / ".strategikoll.yaml").write_text("city: stockholm\nwaivers: accept\n", encoding="utf-8")
    run = cli("check", "proposals")
    assert run.exit_code == 2
    assert "waivers" in run.stdout + run.stderr


def test_a_case_file_of_the_tree_cannot_read_a_strategy_outside_it(cli, repo):
    cases = "strategy: ../outside/secret.yaml\ncases:\n  - name: x\n"
    cases += "    proposal: {title: x, kind: membership}\n"
    (repo / "cases.yaml").write_text(cases, encoding="utf-8")
    run = cli("test", "cases.yaml")
    assert run.exit_code == 2
    assert not leaked(run)
    assert "utanför förrådet" in run.stdout + run.stderr


# --- What a strategy or case file of the tree says, shown by the other commands ---------------


def _evil_strategy(repo: Path) -> Path:
    text = (ROOT / "src" / "strategikoll" / "strategies" / "goteborg-undated.yaml").read_text()
    text = text.replace("city: goteborg", "city: evil", 1).replace(
        "      sv: Samarbetet ska vara till nytta för folk och företag i Göteborg\n",
        '      sv: "::error::pwned \\x1b]0;title\\x07 \\u202e"\n',
        1,
    )
    path = repo / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_principles_and_explain_show_a_hostile_strategy_without_obeying_it(cli, repo):
    run = cli("principles", "--strategy", _evil_strategy(repo))
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert not any(line.lstrip().startswith("::") for line in lines)
    assert "\x1b" not in run.stdout
    assert "\u202e" not in run.stdout
    assert "pwned" in run.stdout  # shown, not dropped


def test_a_hostile_case_name_is_shown_not_obeyed(cli, repo):
    cases = 'strategy: stockholm\ncases:\n  - name: "::error::x \\x1b[2J"\n'
    cases += "    proposal: {title: x, kind: membership}\n    verdict: fail\n"
    (repo / "cases.yaml").write_text(cases, encoding="utf-8")
    run = cli("test", "cases.yaml")
    assert run.exit_code == 1
    assert not any(line.lstrip().startswith("::") for line in run.stdout.splitlines())
    assert "\x1b" not in run.stdout


# --- What the repository fuzzer (tools/fuzz_tree.py) found -----------------------------------


def test_a_link_loop_beside_an_exclude_pattern_is_reported_not_a_crash(cli, repo):
    (repo / "proposals" / "self.yaml").symlink_to("self.yaml")
    run = cli("check", "proposals", "-c", "stockholm", "--isolated", "--exclude", "x*.yaml")
    assert run.exit_code == 2
    assert "proposals/self.yaml" in run.stdout


def test_a_nul_in_a_settings_path_is_a_usage_error(cli, repo):
    (repo / ".strategikoll.yaml").write_text('city: stockholm\npaths: ["a\\0b"]\n')
    run = cli("check")
    assert run.exit_code == 2
    assert "utanför förrådet" in run.stderr


@pytest.mark.parametrize("output_format", ["json", "sarif", "junit", "markdown"])
def test_a_legacy_workflow_command_in_a_file_name_is_never_written(cli, repo, output_format):
    shutil.copy(EXAMPLES / "stockholm" / "minimal.yaml", repo / "proposals" / "##[error]x.yaml")
    run = cli("check", "proposals", "-c", "stockholm", "--isolated", "-f", output_format)
    assert run.exit_code == 1
    assert "##[" not in run.stdout
    assert "#" in run.stdout or "%23" in run.stdout  # shown: a reference, an escape, a URI


def test_a_strategy_named_on_the_command_line_is_not_read_through_a_link_out(cli, repo):
    (repo / "strategies").mkdir()
    (repo / "strategies" / "link-out.yaml").symlink_to(repo.parent / "outside" / "secret.yaml")
    run = cli("check", "proposals", "--strategy", "strategies/link-out.yaml")
    assert run.exit_code == 2
    assert not leaked(run)


def test_settings_named_on_the_command_line_are_not_read_through_a_link_out(cli, repo):
    (repo / "config").mkdir()
    (repo / "config" / "link.yaml").symlink_to(repo.parent / "outside" / "secret.yaml")
    run = cli("check", "proposals", "--config", "config/link.yaml")
    assert run.exit_code == 2
    assert not leaked(run)


def test_the_output_never_replaces_a_strategy_that_another_extends(cli, repo):
    (repo / "strategies").mkdir()
    base = repo / "strategies" / "base.yaml"
    source = ROOT / "src" / "strategikoll" / "strategies" / "stockholm-2016.yaml"
    base.write_text(source.read_text().replace("city: stockholm\n", "city: bas\n", 1))
    (repo / "strategies" / "district.yaml").write_text(
        "city: distrikt\nversion: '1'\nname: {sv: D, en: D}\nsource: 002_3c3bf3c3f787e2e1.txt\n"
        "extends: base.yaml\n",
        encoding="utf-8",
    )
    before = base.read_bytes()
    run = cli(
        "check",
        "proposals",
        "--isolated",
        "-s",
        "strategies/district.yaml",
        "-o",
        "strategies/base.yaml",
        "--force",
    )
    assert run.exit_code == 2
    assert base.read_bytes() == before


def test_a_settings_file_that_is_a_link_out_of_the_repository_is_not_read(cli, repo):
    (repo / ".strategikoll.yaml").symlink_to(repo.parent / "outside" / "secret.yaml")
    run = cli("check", "proposals", "-c", "stockholm")
    assert run.exit_code == 2
    assert not leaked(run)
    assert "leder ut ur katalogen" in run.stderr
