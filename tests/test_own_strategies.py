"""A strategy of one's own: `--strategy`, `extends`, data lists, and `strategikoll test`."""

from __future__ import annotations

import textwrap

from conftest import findings_by_id

DISTRICT = """\
city: rinkeby-kista
version: "2025"
name: {sv: Rinkeby-Kistas tillägg, en: Rinkeby-Kista's additions}
source: 003_0e4e3719d66b1344.txt
extends: stockholm@2016
remove: [sthlm16.regular-review]
data:
  europa_direkt: [Europa Direkt Rinkeby-Kista]
principles:
  - id: rk.europa-direkt
    title: {sv: Europa Direkt deltar, en: Europa Direkt takes part}
    topic: regional_cooperation
    kinds: [eu_project]
    modal: bor
    severity: warn
    condition:
      contains: {field: regional_partners, values_from: europa_direkt}
    message: {sv: Europa Direkt bör delta., en: Europa Direkt should take part.}
    citation:
      source: 003_0e4e3719d66b1344.txt
      section: Förvaltningens synpunkter
      quote: I Rinkeby-Kista finns ett Europa Direkt kontor
"""

EU_PROJECT = """\
title: EU-projekt om unga och arbete
kind: eu_project
regional_partners: [europa direkt rinkeby-kista]
"""


def test_own_strategy_extends_a_bundled_one(cli, write):
    strategy = write("district.yaml", DISTRICT)
    proposal = write("p.yaml", EU_PROJECT)
    run = cli("check", proposal, "--strategy", strategy, "--format", "json")
    result = run.json()["results"][0]
    assert result["strategy"] == "rinkeby-kista@2025"
    findings = findings_by_id(result)
    assert findings["rk.europa-direkt"]["verdict"] == "pass"  # named in its data list, any case
    assert "sthlm16.eu-project-development-link" in findings  # inherited
    membership = write("m.yaml", "title: M\nkind: membership\n")
    inherited = findings_by_id(
        cli("check", membership, "-s", strategy, "-f", "json").json()["results"][0]
    )
    assert "sthlm16.regular-review" not in inherited  # removed


def test_own_strategy_beside_a_bundled_one(cli, write):
    strategy = write("district.yaml", DISTRICT)
    run = cli("check", write("p.yaml", EU_PROJECT), "-c", "stockholm", "-s", strategy, "-f", "json")
    assert [r["strategy"] for r in run.json()["results"]] == [
        "stockholm@2016",
        "rinkeby-kista@2025",
    ]


def test_own_strategy_principles_are_listed(cli, write):
    payload = cli("principles", "--strategy", write("d.yaml", DISTRICT), "-f", "json").json()
    ids = [p["id"] for p in payload["principles"]]
    assert "rk.europa-direkt" in ids
    assert "sthlm16.no-twin-towns" in ids
    assert "sthlm16.regular-review" not in ids


def test_a_broken_own_strategy_is_an_error_with_its_location(cli, write):
    broken = DISTRICT.replace("values_from: europa_direkt", "values_from: europa_direct")
    run = cli("check", write("p.yaml", EU_PROJECT), "-s", write("d.yaml", broken))
    assert run.exit_code == 2
    assert "d.yaml:17:57:" in run.stderr
    assert "europa_direkt" in run.stderr  # did you mean
    assert "Traceback" not in run.stderr


def test_extends_in_a_circle_is_an_error(cli, write):
    a = write("a.yaml", DISTRICT.replace("extends: stockholm@2016", "extends: b.yaml"))
    write("b.yaml", DISTRICT.replace("extends: stockholm@2016", "extends: a.yaml"))
    run = cli("check", write("p.yaml", EU_PROJECT), "-s", a)
    assert run.exit_code == 2
    assert "cirkel" in run.stderr


def test_removing_an_unknown_principle_is_an_error(cli, write):
    bad = DISTRICT.replace("remove: [sthlm16.regular-review]", "remove: [sthlm16.regular-revue]")
    run = cli("check", write("p.yaml", EU_PROJECT), "-s", write("d.yaml", bad))
    assert run.exit_code == 2
    assert "sthlm16.regular-review" in run.stderr


CASES = """\
strategy: district.yaml
cases:
  - name: Europa Direkt deltar
    proposal: {title: P, kind: eu_project, regional_partners: [Europa Direkt Rinkeby-Kista]}
    expect: {rk.europa-direkt: pass, sthlm16.no-twin-towns: not_applicable}
  - name: Europa Direkt deltar inte
    proposal: {title: P, kind: eu_project, regional_partners: [Kista Science City]}
    expect: {rk.europa-direkt: warn}
    verdict: fail
"""


def test_strategy_cases_pass_and_are_counted(cli, write):
    write("district.yaml", DISTRICT)
    cases = write("cases.yaml", CASES)
    run = cli("test", cases)
    assert run.exit_code == 0, run.stdout
    assert "2 av 2 fall godkända" in run.stdout
    payload = cli("test", cases, "--format", "json").json()
    assert payload["summary"] == {"files": 1, "cases": 2, "passed": 2, "failed": 0, "errors": 0}


def test_a_wrong_expectation_fails_the_run(cli, write):
    write("district.yaml", DISTRICT)
    cases = write(
        "cases.yaml", CASES.replace("{rk.europa-direkt: warn}", "{rk.europa-direkt: fail}")
    )
    run = cli("test", cases, "--lang", "en")
    assert run.exit_code == 1
    assert "rk.europa-direkt: expected fail, got warn" in run.stdout
    assert "test: 1 passed, 1 failed" in run.stdout


def test_a_broken_case_file_is_an_error(cli, write):
    write("district.yaml", DISTRICT)
    text = CASES.replace("rk.europa-direkt: pass", "rk.europa-direct: pass")
    run = cli("test", write("cases.yaml", text))
    assert run.exit_code == 2
    assert "rk.europa-direkt" in run.stdout  # did you mean
    missing = cli("test", write("c2.yaml", "strategy: stockholm@1999\ncases: []\n"))
    assert missing.exit_code == 2


def test_no_case_files_is_an_error(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    assert cli("test", tmp_path / "empty").exit_code == 2


def test_the_bundled_cases_all_pass_and_cover_every_principle(cli):
    payload = cli("test", "--format", "json").json()
    assert payload["summary"]["failed"] == 0
    assert payload["summary"]["errors"] == 0
    strategies = {f["strategy"] for f in payload["files"]}
    listed = cli("principles", "--city", "all", "--format", "json").json()
    assert strategies == {s["strategy"] for s in listed}  # every bundled version has cases
    for file in payload["files"]:
        assert file["uncovered"] == {"no_pass": [], "no_warn_or_fail": []}, file["file"]


def test_at_picks_the_version_in_force(cli, write):
    proposal = write("p.yaml", "title: V\nkind: twin_town_agreement\n")
    run = cli("check", proposal, "-c", "stockholm", "--at", "2030-01-01", "-f", "json")
    assert run.json()["results"][0]["strategy"] == "stockholm@2016"
    bad = cli("check", proposal, "-c", "stockholm", "--at", "someday")
    assert bad.exit_code == 2
    assert "ÅÅÅÅ-MM-DD" in bad.stderr


def test_overview_table_for_several_strategies(cli, write):
    strategy = write("district.yaml", DISTRICT)
    run = cli("check", write("p.yaml", EU_PROJECT), "-c", "stockholm", "-s", strategy)
    assert "Översikt" in run.stdout
    header = next(
        line for line in run.stdout.splitlines() if "stockholm@2016" in line and "rinkeby" in line
    )
    assert header.split()[0] == "fil"


def test_dedent_helper_is_not_needed():
    assert textwrap.dedent(DISTRICT) == DISTRICT


def test_an_extending_strategy_can_extend_the_lists_its_inherited_principles_use(cli, write):
    own = write(
        "own.yaml",
        'city: malmo-plus\nversion: "1"\nname: {sv: M, en: M}\nsource: 001_c438ae55bb35e0c9.txt\n'
        "extends: malmo@2006\ndata:\n  partner_cities: [Oslo]\n",
    )
    proposal = write(
        "p.yaml", "title: Samarbete\nkind: cooperation_agreement\ncounterpart: {name: Oslo}\n"
    )
    result = cli("check", proposal, "-s", own, "-f", "json").json()["results"][0]
    assert findings_by_id(result)["malmo06.existing-partners-considered"]["verdict"] == "pass"
