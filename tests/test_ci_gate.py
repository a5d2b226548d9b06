"""The gate in a real repository: other YAML files beside the proposals, an empty folder, every
format agreeing with the exit status, and one run writing several reports."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES

MKDOCS = "site_name: Förslagen\nnav:\n  - index.md\ntheme: material\n"
ONLY_WARNINGS = "title: Medlemskap i Eurocities\nkind: membership\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "proposals").mkdir()
    (root / "docs").mkdir()
    shutil.copy(EXAMPLES / "stockholm" / "twin-town-agreement.yaml", root / "proposals")
    shutil.copy(EXAMPLES / "stockholm" / "minimal.yaml", root / "proposals")
    (root / "docs" / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_a_walked_yaml_file_that_is_plainly_not_a_proposal_is_skipped(cli, repo):
    run = cli("check", ".", "--city", "stockholm", "--isolated", "--format", "json")
    assert run.exit_code == 1  # by the proposals' verdicts: one fails
    files = [r["file"] for r in run.json()["results"]]
    assert files == ["proposals/minimal.yaml", "proposals/twin-town-agreement.yaml"]
    assert run.json()["summary"]["files"] == 2


def test_a_file_named_explicitly_is_judged_strictly(cli, repo):
    run = cli("check", "docs/mkdocs.yml", "--city", "stockholm", "--isolated")
    assert run.exit_code == 2
    assert "site_name" in run.stdout


def test_a_misspelt_proposal_is_an_error_not_a_skip(cli, repo):
    (repo / "proposals" / "typo.yaml").write_text(
        "title: Vänortsavtal\nkindd: twin_town_agreement\n", encoding="utf-8"
    )
    run = cli("check", "proposals", "--city", "stockholm", "--isolated", "--format", "json")
    assert run.exit_code == 2
    errors = [r for r in run.json()["results"] if r["verdict"] == "error"]
    assert [r["file"] for r in errors] == ["proposals/typo.yaml"]


def test_an_empty_folder_is_a_clear_usage_error_not_a_file_with_an_error(cli, repo):
    (repo / "empty").mkdir()
    run = cli("check", "empty", "--city", "stockholm", "--isolated")
    assert run.exit_code == 2
    assert "inga förslag att kontrollera i empty" in run.stderr
    assert "fil kontrollerad" not in run.stdout


def test_junit_reports_a_failure_for_warnings_when_the_run_fails_on_warnings(cli, repo):
    path = repo / "proposals" / "warnings.yaml"
    path.write_text(ONLY_WARNINGS, encoding="utf-8")
    for level, status, failures in (("warn", 1, "1"), ("fail", 0, "0")):
        run = cli("check", path, "-c", "stockholm", "--isolated", "-f", "junit", "--fail-on", level)
        assert run.exit_code == status
        suites = ET.fromstring(run.stdout)
        assert suites.get("failures") == failures
        assert len(suites.findall(".//failure")) == int(failures)


def test_one_run_writes_several_reports_that_agree(cli, repo, tmp_path):
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    run = cli(
        "check",
        "proposals",
        "-c",
        "stockholm",
        "--isolated",
        "--format",
        "json",
        "--report",
        f"sarif:{sarif}",
        "--report",
        f"junit:{junit}",
    )
    assert run.exit_code == 1
    summary = run.json()["summary"]
    results = json.loads(sarif.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert {r["level"] for r in results} >= {"error"}
    cases = ET.fromstring(junit.read_text(encoding="utf-8")).findall(".//testcase")
    assert len(cases) == summary["files"]


def test_a_report_target_that_is_an_input_is_refused_before_any_work(cli, repo):
    run = cli(
        "check",
        "proposals",
        "-c",
        "stockholm",
        "--report",
        "sarif:proposals/minimal.yaml",
        "--force",
    )
    assert run.exit_code == 2
    assert (repo / "proposals" / "minimal.yaml").read_text(encoding="utf-8").startswith("#")


def test_a_report_value_needs_a_format_and_a_file(cli, repo):
    run = cli("check", "proposals", "-c", "stockholm", "--report", "sarif")
    assert run.exit_code == 2
    assert "FORMAT:FIL" in run.stderr
