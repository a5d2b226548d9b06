"""Repository settings: pyproject.toml or .strategikoll.yaml, and command-line options winning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TWIN = "title: V\nkind: twin_town_agreement\n"
COOP_WARN = "title: S\nkind: cooperation_agreement\nconcrete_exchange: true\n"


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """A repository with a .git folder, the working directory set to it."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "proposals").mkdir()
    (tmp_path / "proposals" / "twin.yaml").write_text(TWIN, encoding="utf-8")
    (tmp_path / "proposals" / "draft-x.yaml").write_text(TWIN, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_pyproject_settings_are_used(cli, repo):
    (repo / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.strategikoll]\ncity = "stockholm"\npaths = ["proposals"]\n'
        'exclude = ["draft-*"]\nformat = "json"\nlang = "en"\n',
        encoding="utf-8",
    )
    run = cli("check")
    results = run.json()["results"]
    assert [r["file"] for r in results] == ["proposals/twin.yaml"]
    assert results[0]["strategy"] == "stockholm@2016"
    assert "signs no twin-town agreements" in run.stdout


def test_yaml_settings_from_a_subdirectory(cli, repo, monkeypatch):
    (repo / ".strategikoll.yaml").write_text(
        "city: stockholm\npaths: [proposals]\n", encoding="utf-8"
    )
    monkeypatch.chdir(repo / "proposals")
    run = cli("check", "--format", "json")
    assert {r["file"] for r in run.json()["results"]} == {"twin.yaml", "draft-x.yaml"}


def test_command_line_options_win(cli, repo):
    (repo / ".strategikoll.yaml").write_text(
        "city: stockholm\nformat: json\nfail_on: warn\n", encoding="utf-8"
    )
    (repo / "coop.yaml").write_text(COOP_WARN + "city: stockholm\n", encoding="utf-8")
    assert cli("check", "proposals/twin.yaml", "--format", "text").stdout.startswith("UNDERKÄND")
    warn_only = "title: M\nkind: membership\n"
    (repo / "m.yaml").write_text(warn_only, encoding="utf-8")
    assert cli("check", "m.yaml").exit_code == 1  # fail_on: warn from the settings
    assert cli("check", "m.yaml", "--fail-on", "fail").exit_code == 0


def test_a_broken_settings_file_is_an_error_with_its_location(cli, repo):
    (repo / ".strategikoll.yaml").write_text("city: stockholm\nfail-on: warn\n", encoding="utf-8")
    run = cli("check", "proposals/twin.yaml")
    assert run.exit_code == 2
    assert ".strategikoll.yaml:2:1" in run.stderr
    assert "fail_on" in run.stderr


def test_no_paths_anywhere_is_a_usage_error(cli, repo):
    run = cli("check")
    assert run.exit_code == 2
    assert "sökvägar" in run.stderr


def test_settings_outside_the_repository_are_not_used(cli, repo, tmp_path_factory):
    outside = repo.parent / ".strategikoll.yaml"
    outside.write_text("city: stokholm\n", encoding="utf-8")
    try:
        run = cli("check", "proposals/twin.yaml", "--format", "json")
        assert run.exit_code == 2  # no city anywhere: the outer file was not read
        assert run.json()["results"][0]["verdict"] == "error"
    finally:
        outside.unlink()


def test_many_files_are_checked_in_parallel_in_a_stable_order(cli, tmp_path):
    for index in range(80):
        folder = tmp_path / f"g{index % 3}"
        folder.mkdir(exist_ok=True)
        kind = "twin_town_agreement" if index % 2 else "membership"
        (folder / f"p{index:03d}.yaml").write_text(
            f"title: P{index}\nkind: {kind}\n", encoding="utf-8"
        )
    parallel = cli("check", tmp_path, "-c", "stockholm", "-f", "json", "--jobs", "2").json()
    serial = cli("check", tmp_path, "-c", "stockholm", "-f", "json", "--jobs", "1").json()
    assert parallel == serial
    for output_format in ("sarif", "text", "junit", "github", "markdown"):
        two = cli("check", tmp_path, "-c", "all", "-f", output_format, "-j", "2").stdout
        one = cli("check", tmp_path, "-c", "all", "-f", output_format, "-j", "1").stdout
        assert two == one, output_format
    files = [r["file"] for r in parallel["results"]]
    assert files == sorted(files)
    assert parallel["summary"]["files"] == 80


def _one_proposal_among_many(folder: Path) -> None:
    """Enough YAML files for a parallel run, of which one is a proposal."""
    folder.mkdir()
    (folder / "p.yaml").write_text("title: Mässa\nkind: trade_fair\n", encoding="utf-8")
    for index in range(70):
        (folder / f"z{index:02d}.yaml").write_text(f"site_name: x{index}\n", encoding="utf-8")


def test_one_proposal_among_many_files_gets_its_own_page(cli, tmp_path):
    """The workers' first result of each batch comes whole: a page of one proposal can be made of
    it when it turns out to be the only one, and the workers' files are read before the run ends."""
    _one_proposal_among_many(tmp_path / "tree")
    pages = {}
    for jobs in ("1", "2"):
        run = cli("check", tmp_path / "tree", "-c", "malmo", "-f", "html", "-j", jobs)
        assert run.exit_code in (0, 1), run.stderr
        pages[jobs] = run.stdout
    assert pages["1"] == pages["2"]
    assert "<h1>Mässa</h1>" in pages["2"] and 'class="matrix"' not in pages["2"]


def test_a_report_left_unread_lets_the_program_end(tmp_path):
    """A library caller that takes one result of a parallel run and stops reading: the process
    still ends (nothing of the run waits in the pool's own threads)."""
    import subprocess
    import sys

    for index in range(200):
        (tmp_path / f"p{index:03d}.yaml").write_text(
            f"title: P{index}\nkind: membership\n", encoding="utf-8"
        )
    script = (
        "from strategikoll.runner import CheckSettings, run_check\n"
        f"report = run_check(CheckSettings(paths=({str(tmp_path)!r},), city='all', jobs=2))\n"
        "print(next(iter(report)).file)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().endswith("p000.yaml")


def test_forced_colour_colours_a_file_whoever_made_its_lines(cli, tmp_path, monkeypatch):
    """With `FORCE_COLOR` a file gets colour, every line of it, in a parallel run too."""
    _one_proposal_among_many(tmp_path / "tree")
    for index in range(70):
        (tmp_path / "tree" / f"m{index:02d}.yaml").write_text(
            f"title: M{index}\nkind: membership\n", encoding="utf-8"
        )
    monkeypatch.setenv("FORCE_COLOR", "1")
    written = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.txt"
        run = cli("check", tmp_path / "tree", "-c", "all", "-j", jobs, "-o", out)
        assert run.exit_code in (0, 1), run.stderr
        written[jobs] = out.read_text(encoding="utf-8")
    assert written["1"] == written["2"]
    assert written["2"].count("\x1b[") > 70


def test_parallel_output_takes_the_encoding_of_its_stream(tmp_path, monkeypatch):
    """Workers spool their text as UTF-8; a stream in another encoding still gets it all in its
    own encoding, the same as from one process."""
    import contextlib
    import io
    import sys

    from strategikoll.cli import main

    for index in range(70):
        (tmp_path / f"p{index:02d}.yaml").write_text(
            f"title: Vänort {index}\nkind: twin_town_agreement\n", encoding="utf-8"
        )
    outputs = []
    for jobs in ("1", "2"):
        raw = io.BytesIO()
        stream = io.TextIOWrapper(raw, encoding="ascii", errors="backslashreplace")
        monkeypatch.setattr(sys, "stdout", stream)
        with contextlib.suppress(SystemExit):
            main(["check", str(tmp_path), "-c", "stockholm", "-f", "sarif", "-j", jobs])
        stream.flush()
        outputs.append(raw.getvalue())
    assert outputs[0] == outputs[1]
    assert outputs[0].isascii() and b"\\u00e4" in outputs[0]  # ä, as a JSON escape
    json.loads(outputs[0])  # still a JSON document on a stream that cannot take UTF-8


def test_an_excluded_file_may_be_the_output(cli, tmp_path):
    (tmp_path / "p.yaml").write_text("title: V\nkind: membership\n", encoding="utf-8")
    report = tmp_path / "report.yaml"
    report.write_text("{}\n", encoding="utf-8")
    args = ("check", tmp_path, "-c", "stockholm", "-f", "json", "--exclude", "report.yaml")
    run = cli(*args, "-o", report, "--force")
    assert run.exit_code == 0, run.stderr
    assert '"files":1' in report.read_text(encoding="utf-8")


def test_a_bad_setting_names_the_settings_file(cli, repo):
    (repo / "pyproject.toml").write_text('[tool.strategikoll]\ncity = "oslo"\n', encoding="utf-8")
    run = cli("check", "proposals/twin.yaml")
    assert run.exit_code == 2
    assert "pyproject.toml: okänd stad 'oslo'" in run.stderr
    (repo / "pyproject.toml").write_text("tool = 3\n", encoding="utf-8")
    assert cli("check", "proposals/twin.yaml", "-c", "stockholm").exit_code == 1  # ignored


def test_the_output_is_never_one_of_the_checked_files(cli, repo):
    target = repo / "proposals" / "twin.yaml"
    before = target.read_bytes()
    run = cli("check", "proposals", "-c", "stockholm", "-f", "json", "-o", target, "--force")
    assert run.exit_code == 2
    assert target.read_bytes() == before
    alias = repo / "report.json"
    alias.symlink_to(target)  # another name for the same file
    run = cli("check", "proposals", "-c", "stockholm", "-f", "json", "-o", alias, "--force")
    assert run.exit_code == 2
    assert target.read_bytes() == before


def test_own_strategy_files_in_parallel_runs(cli, tmp_path):
    strategy = tmp_path / "own.yaml"
    strategy.write_text(
        'city: own\nversion: "1"\nname: {sv: Egen, en: Own}\nsource: 002_3c3bf3c3f787e2e1.txt\n'
        "extends: stockholm@2016\n",
        encoding="utf-8",
    )
    (tmp_path / "p").mkdir()
    for index in range(70):
        (tmp_path / "p" / f"{index:02d}.yaml").write_text(
            f"title: P{index}\nkind: twin_town_agreement\n", encoding="utf-8"
        )
    parallel = cli("check", tmp_path / "p", "-s", strategy, "-f", "json", "-j", "2").json()
    assert {r["strategy"] for r in parallel["results"]} == {"own@1"}
    assert parallel["summary"]["fail"] == 70
