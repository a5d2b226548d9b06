"""The CI formats (sarif, junit, github, markdown), through the command line."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, EXAMPLES
from strategikoll.formats import FORMATS
from strategikoll.reporters import get_reporter

SARIF_SCHEMA = DATA / "sarif-schema-2.1.0.json"
"""SARIF 2.1.0's JSON Schema (OASIS), shipped with the tests so that a fresh clone has it."""

WAIVED = """\
title: Vänortsavtal med Oslo inför jubileet
kind: twin_town_agreement
city: stockholm
waivers:
  - principle: sthlm16.no-twin-towns
    reason: Kommunfullmäktige beslutade om ett tidsbegränsat vänortsavtal inför jubileet.
    decided_by: kommunfullmäktige
    reference: KS 2025/123
    expires: 2999-12-31
  - principle: sthlm16.no-twin-town
    reason: Stavfel i principens id
    decided_by: ks
    reference: KS 2025/124
    expires: 2999-12-31
  - principle: sthlm16.within-budget-frame
    reason: Gammalt undantag
    decided_by: ks
    reference: KS 2019/1
    expires: 2020-01-01
"""

BROKEN = "title: Trasig\nkind: [\n"

WORKFLOW_COMMAND = re.compile(
    r"^::(error|warning|notice) "
    r"(file=[^,:\r\n]+,)?(line=[1-9]\d*,)?(col=[1-9]\d*,)?title=[^,:\r\n]+"
    r"::[^\r\n]+$"
)


@pytest.fixture
def mixed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The arguments of a mixed run: the Stockholm examples, a broken file, a waived proposal.

    The two files are named relative to the working directory, as a CI job names them.
    """
    monkeypatch.chdir(tmp_path)
    Path("waived.yaml").write_text(WAIVED, encoding="utf-8")
    Path("broken.yaml").write_text(BROKEN, encoding="utf-8")
    return ["check", str(EXAMPLES / "stockholm"), "waived.yaml", "broken.yaml", "--city", "all"]


def json_report(cli: Any, args: list[str]) -> dict[str, Any]:
    """The same run as JSON, the reference the other formats are compared with."""
    report: dict[str, Any] = cli(*args, "--format", "json").json()
    return report


# sarif


def sarif_run(cli: Any, args: list[str], *extra: str) -> dict[str, Any]:
    """The single run of a SARIF log, after checking the log against the official schema."""
    import jsonschema

    run = cli(*args, "--format", "sarif", *extra)
    log = json.loads(run.stdout)
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))
    assert log["version"] == "2.1.0"
    assert len(log["runs"]) == 1
    sarif: dict[str, Any] = log["runs"][0]
    return sarif


def test_sarif_of_a_mixed_run_is_valid_and_has_a_result_per_open_finding(cli, mixed):
    run = sarif_run(cli, mixed)
    report = json_report(cli, mixed)
    expected = sum(
        len(r["errors"])
        if r["verdict"] == "error"
        else sum(f["verdict"] in ("warn", "fail") for f in r["findings"])
        for r in report["results"]
    )
    assert len(run["results"]) == expected  # passes produce no result
    driver = run["tool"]["driver"]
    assert driver["name"] == "strategikoll"
    rules = driver["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules)
    rule_ids = {rule["id"] for rule in rules}
    for result in run["results"]:
        assert result["ruleId"] in rule_ids
        assert result["level"] in ("error", "warning")


def test_sarif_rules_carry_the_quote_section_and_source(cli, mixed):
    rules = {rule["id"]: rule for rule in sarif_run(cli, mixed)["tool"]["driver"]["rules"]}
    rule = rules["sthlm16.no-twin-towns"]
    assert rule["shortDescription"]["text"] == "Inga vänortsavtal"
    assert "tecknar inte vänortsavtal" in rule["help"]["text"]
    assert "002_3c3bf3c3f787e2e1.txt" in rule["help"]["text"]
    assert "4. Principer" in rule["help"]["markdown"]
    assert rule["defaultConfiguration"]["level"] == "error"
    assert rule["properties"]["strategy"] == "stockholm@2016"
    assert rule["properties"]["topic"] == "twin_towns"
    assert any(r["defaultConfiguration"]["level"] == "warning" for r in rules.values())
    assert {"waiver.expired", "waiver.unknown-principle", "strategikoll.input-error"} <= set(rules)
    assert any(rule_id.startswith("gbg.") for rule_id in rules)  # every city of the run


def test_sarif_results_are_located_and_waivers_are_suppressions(cli, mixed):
    results = sarif_run(cli, mixed)["results"]

    def located(rule_id: str, uri: str) -> list[dict[str, Any]]:
        return [
            r
            for r in results
            if r["ruleId"] == rule_id
            and r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == uri
        ]

    broken = located("strategikoll.input-error", "broken.yaml")[0]
    assert broken["level"] == "error"
    assert broken["locations"][0]["physicalLocation"]["region"]["startLine"] == 3
    waived = located("sthlm16.no-twin-towns", "waived.yaml")[0]
    assert waived["suppressions"][0]["kind"] == "inSource"
    assert "KS 2025/123" in waived["suppressions"][0]["justification"]
    assert waived["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 7,
    }
    assert located("waiver.expired", "waived.yaml")[0]["level"] == "warning"
    unknown = located("waiver.unknown-principle", "waived.yaml")
    assert unknown
    assert all(r["locations"][0]["physicalLocation"]["region"]["startLine"] == 10 for r in unknown)
    assert all("suppressions" not in r for r in results if r is not waived)
    examples = [r for r in results if r["ruleId"].startswith("sthlm16.")]
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")
        for r in examples
        if "waived" not in r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    )


def test_sarif_paths_stay_relative_with_forward_slashes(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("förslag").mkdir()
    Path("förslag/twin town.yaml").write_text(WAIVED, encoding="utf-8")
    results = sarif_run(cli, ["check", "förslag", "--city", "stockholm"])["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"f%C3%B6rslag/twin%20town.yaml"}


def test_sarif_speaks_english_with_lang_en(cli, mixed):
    rules = sarif_run(cli, mixed, "--lang", "en")["tool"]["driver"]["rules"]
    rule = next(r for r in rules if r["id"] == "sthlm16.no-twin-towns")
    assert rule["shortDescription"]["text"] == "No twin-town agreements"
    assert "section" in rule["help"]["text"]


# junit


def test_junit_has_a_testcase_per_file_and_city_and_correct_counts(cli, mixed):
    run = cli(*mixed, "--format", "junit")
    assert run.exit_code == 2
    root = ET.fromstring(run.stdout)
    assert root.tag == "testsuites"
    report = json_report(cli, mixed)
    cases = root.findall("testsuite/testcase")
    assert len(cases) == len(report["results"])
    assert {(c.get("name"), c.get("classname")) for c in cases} >= {
        ("waived.yaml", "stockholm@2016"),
        ("waived.yaml", "malmo@2006"),
        ("broken.yaml", "input-errors"),
    }
    for suite in root.findall("testsuite"):
        own = suite.findall("testcase")
        assert suite.get("tests") == str(len(own))
        assert suite.get("failures") == str(sum(c.find("failure") is not None for c in own))
        assert suite.get("errors") == str(sum(c.find("error") is not None for c in own))
        assert all(c.get("classname") == suite.get("name") for c in own)
    assert root.get("tests") == str(len(cases))
    assert root.get("failures") == str(report["summary"]["fail"])
    assert root.get("errors") == str(report["summary"]["error"]) == "1"
    assert [s.get("name") for s in root.findall("testsuite")][-1] == "input-errors"


def verdict_of(case: ET.Element) -> str | None:
    return case.find("properties/property[@name='verdict']").get("value")  # type: ignore[union-attr]


def test_junit_tells_failures_from_warnings(cli, mixed):
    root = ET.fromstring(cli(*mixed, "--format", "junit").stdout)
    by_verdict: dict[str | None, list[ET.Element]] = {}
    for case in root.iter("testcase"):
        by_verdict.setdefault(verdict_of(case), []).append(case)
    assert set(by_verdict) == {"pass", "warn", "fail", "error"}
    for case in by_verdict["fail"]:
        failure = case.find("failure")
        assert failure is not None
        assert failure.get("type") == "fail"
        assert re.match(r"^\d+ princip(er)? uppfylls inte", failure.get("message", ""))
        text = failure.text or ""
        # A principle's quote, or for a waiver's issue the decision it claims, never as a quote.
        assert "»" in text or "Undantag beslutat av" in text
    for case in by_verdict["warn"]:
        assert case.find("failure") is None
        assert case.find("error") is None
        assert "Varningar:" in (case.findtext("system-out") or "")
    for case in by_verdict["pass"]:
        assert case.find("failure") is None
    (error,) = [case.find("error") for case in by_verdict["error"]]
    assert error is not None
    assert error.get("type") == "input"
    assert "broken.yaml:3:1" in (error.text or "")


def test_junit_lists_waived_findings_in_the_output(cli, mixed):
    root = ET.fromstring(cli(*mixed, "--format", "junit").stdout)
    case = root.find("testsuite[@name='stockholm@2016']/testcase[@name='waived.yaml']")
    assert case is not None
    output = case.findtext("system-out") or ""
    assert "Undantag:\nsthlm16.no-twin-towns (rad 2)" in output
    assert "UNDANTAGEN" in output
    failure = case.find("failure")
    assert failure is not None
    assert "sthlm16.no-twin-towns (rad" not in (failure.text or "")  # waived: no failure
    assert "waiver.unknown-principle (rad 10)" in (failure.text or "")


def test_junit_speaks_english_with_lang_en(cli, mixed):
    root = ET.fromstring(cli(*mixed, "--format", "junit", "--lang", "en").stdout)
    messages = [f.get("message", "") for f in root.iter("failure")]
    assert messages
    assert all(re.match(r"^\d+ principles? not met", m) for m in messages)


def test_a_file_name_not_utf8_nor_printable_keeps_xml_and_uri_valid(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    name = os.fsdecode(b"a\xff\x01b.yaml")
    Path(name).write_text(WAIVED, encoding="utf-8")  # Linux file systems take any bytes
    root = ET.fromstring(cli("check", name, "--format", "junit").stdout)
    # Shown as its display name: the byte that is not UTF-8 as \xff, the control character too.
    assert [case.get("name") for case in root.iter("testcase")] == ["a\\xff\\x01b.yaml"]
    results = sarif_run(cli, ["check", name])["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"a%5Cxff%01b.yaml"}


# github


def test_github_prints_a_workflow_command_per_open_finding_then_a_summary(cli, mixed, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    run = cli(*mixed, "--format", "github")
    assert run.exit_code == 2
    *commands, last = run.stdout.splitlines()
    assert commands
    for line in commands:
        assert WORKFLOW_COMMAND.match(line), line
    report = json_report(cli, mixed)
    assert last.startswith(f"{len(report['results'])} bedömningar av {report['summary']['files']} ")
    assert "::error file=broken.yaml,line=3,col=1,title=strategikoll.input-error::" in run.stdout
    notice = next(c for c in commands if c.startswith("::notice"))
    assert notice.startswith("::notice file=waived.yaml,line=2,col=7,title=sthlm16.no-twin-towns::")
    assert "KS 2025/123" in notice
    assert "::warning file=waived.yaml,line=" in run.stdout
    # A finding about a waiver is the same for every city: one annotation, not four.
    unknown = [c for c in commands if "title=waiver.unknown-principle" in c]
    assert len(unknown) == 1


def test_github_escapes_data_and_properties_as_the_toolkit_does(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(tmp_path)
    text = (
        "title: Undantag\nkind: twin_town_agreement\ncity: stockholm\nwaivers:\n"
        "  - principle: okänd\n    reason: skäl\n    decided_by: ks\n"
        '    reference: "KS 100%, dnr: 7\\nrad två"\n    expires: 2999-12-31\n'
    )
    Path("a,b:c%.yaml").write_text(text, encoding="utf-8")
    run = cli("check", "a,b:c%.yaml", "--format", "github")
    line = next(c for c in run.stdout.splitlines() if "waiver.unknown-principle" in c)
    assert line.startswith(
        "::error file=a%2Cb%3Ac%25.yaml,line=5,col=5,title=waiver.unknown-principle::"
    )
    assert "(KS 100%25, dnr: 7\\nrad två)" in line  # a line break in a field is shown as \n
    assert WORKFLOW_COMMAND.match(line)


def test_github_appends_a_job_summary(cli, mixed, tmp_path, monkeypatch):
    summary = tmp_path / "step-summary.md"
    summary.write_text("## An earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = cli(*mixed, "--format", "github")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## An earlier step\n")
    assert "| `waived.yaml` | stockholm@2016‡ |" in text
    assert "## strategikoll" in text
    cli(*mixed, "--format", "github")
    assert summary.read_text(encoding="utf-8").count("## strategikoll") == 2  # appended again
    assert "## strategikoll" not in run.stdout


def test_github_warns_of_a_job_summary_it_cannot_write(cli, mixed, tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path))  # a directory
    run = cli(*mixed, "--format", "github")
    assert run.exit_code == 2
    assert "::warning::jobbsammanfattningen" in run.stdout


def test_github_shortens_a_job_summary_github_would_drop(cli, mixed, tmp_path, monkeypatch):
    from strategikoll.reporters import github

    summary = tmp_path / "step-summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.setattr(github, "SUMMARY_LIMIT", 2000)
    cli(*mixed, "--format", "github")
    text = summary.read_text(encoding="utf-8")
    assert "bedömningar av" in text
    assert "för stor för jobbsammanfattningen" in text
    assert "| Fil |" not in text


# markdown


def test_markdown_has_a_table_row_per_file_and_city(cli, mixed):
    run = cli(*mixed, "--format", "markdown")
    report = json_report(cli, mixed)
    lines = run.stdout.splitlines()
    assert lines[0].startswith("## strategikoll")
    header = lines.index("| Fil | Strategi | Bedömning | Underkänt | Varningar |")
    rows = []
    for line in lines[header + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    assert len(rows) == len(report["results"])
    assert "| `broken.yaml` | – | 🛑 Fel | – | – |" in rows
    assert "| `waived.yaml` | stockholm@2016‡ | ❌ Underkänd | 1 | 4 |" in rows
    assert "rad 10" in run.stdout
    assert "*»Staden har dock inga utpekade vänorter och tecknar inte vänortsavtal.«*" in run.stdout


def test_markdown_escapes_pipes_in_cells(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("a|b.yaml").write_text(WAIVED, encoding="utf-8")
    run = cli("check", "a|b.yaml", "--format", "markdown")
    row = next(line for line in run.stdout.splitlines() if line.startswith("| `a"))
    assert row.startswith(r"| `a\|b.yaml` | stockholm@2016‡ |")
    assert len(re.split(r"(?<!\\)\|", row)) == 7  # five cells


def test_markdown_speaks_english_with_lang_en(cli, mixed):
    run = cli(*mixed, "--format", "markdown", "--lang", "en")
    assert "| File | Strategy | Verdict | Not met | Warnings |" in run.stdout
    assert "line 10" in run.stdout
    assert "Godkänd" not in run.stdout


# all formats


@pytest.mark.parametrize("output_format", ["sarif", "junit", "github", "markdown"])
def test_output_file_holds_what_stdout_would(cli, mixed, tmp_path, monkeypatch, output_format):
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    target = tmp_path / f"out.{output_format}"
    printed = cli(*mixed, "--format", output_format)
    written = cli(*mixed, "--format", output_format, "--output", target)
    assert written.exit_code == printed.exit_code == 2
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_every_registered_format_has_a_reporter():
    assert {"text", "json", "sarif", "junit", "github", "markdown"} <= set(FORMATS["check"])
    for name in FORMATS["check"]:
        assert callable(get_reporter(name).write)
