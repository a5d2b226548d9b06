"""Verdicts an official can trust: a stated violation never passes, nothing applicable vanishes
without a word, a template says nothing its user did not write, and facts the tool can know it
knows (who funds, where Brussels is)."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from conftest import findings_by_id
from strategikoll.engine import Verdict, judge
from strategikoll.funders import classify
from strategikoll.loader import load_text
from strategikoll.proposal import Kind, read_proposal
from strategikoll.strategies import all_principles, every_strategy
from strategikoll.witnesses import candidates, facts_as_data

READY_STATES: list[dict[str, Any]] = [{}, {"ready": False}, {"ready": True}]


def _judged(data: dict[str, Any], strategy: Any) -> Any:
    document = load_text(json.dumps(data, default=str), "proposal.yaml")
    (result,) = judge(read_proposal(document), document, [strategy])
    return result


def _breaking_facts(principle: Any) -> list[dict[str, Any]]:
    """Facts the witness search proposes that state something breaking the principle."""
    found = []
    for facts in candidates(principle.condition):
        data = facts_as_data(facts)
        outcome = principle.condition.evaluate(data)
        if outcome.met is False and all(facts.get(path) is not None for path in outcome.fields):
            found.append(data)
    return found


def _applying_facts(principle: Any) -> dict[str, Any]:
    """Facts that make the principle apply, where it applies only under a condition."""
    if principle.when is None:
        return {}
    for facts in candidates(principle.when):
        data = facts_as_data(facts)
        if principle.when.evaluate(data).met is True:
            return data
    raise AssertionError(principle.id)


ORGANISATIONAL = [
    (strategy, principle)
    for strategy, principle in all_principles()
    if principle.spec.required_when_ready
]


BREAKABLE = [(s, p) for s, p in ORGANISATIONAL if _breaking_facts(p)]


def test_some_principles_bind_the_organisation():
    assert len(ORGANISATIONAL) >= 10
    # The others ask only that a fact be stated: nothing stated can break them.
    breakable = {p.id for _, p in BREAKABLE}
    for _, principle in (pair for pair in ORGANISATIONAL if pair[1].id not in breakable):
        assert principle.condition.presence_only() == principle.condition.fields(), principle.id


@pytest.mark.parametrize(("strategy", "principle"), BREAKABLE, ids=[p.id for _, p in BREAKABLE])
def test_a_stated_violation_is_never_a_pass_ready_or_not(strategy, principle):
    breaking = _breaking_facts(principle)
    applying = _applying_facts(principle)
    expected = Verdict.FAIL if principle.spec.severity.value == "fail" else Verdict.WARN
    for facts in breaking:
        kind = next(iter(principle.kinds)) if principle.kinds else Kind.COOPERATION_AGREEMENT
        for ready in READY_STATES:
            decision = {**applying.get("decision", {}), **facts.get("decision", {}), **ready}
            data = {**applying, **facts, "title": "Ett förslag", "kind": kind.value}
            data["decision"] = decision
            result = _judged(data, strategy)
            verdicts = {f.principle.id: f.verdict for f in result.findings}
            assert verdicts.get(principle.id) is expected, (principle.id, data)
            assert result.verdict is not Verdict.PASS


def test_without_readiness_the_organisational_duties_say_why_they_were_not_judged(cli, write):
    path = write("p.yaml", "title: Samarbete med Helsingør\nkind: cooperation_agreement\n")
    result = cli("check", path, "--city", "helsingborg", "--format", "json").json()["results"][0]
    not_judged = {entry["principle"]: entry for entry in result["not_judged"]}
    assert {
        "hbg12.contact-person",
        "hbg12.goal-programme",
        "hbg12.annual-report",
        "hbg12.report-to-kommunstyrelsen",
        "hbg12.published-on-website",
    } <= set(not_judged)
    assert "klart för beslut" in not_judged["hbg12.goal-programme"]["message"]
    assert "större åtagande" in not_judged["hbg12.external-funding-examined"]["message"]
    assert not set(not_judged) & set(findings_by_id(result))
    text = cli("check", path, "--city", "helsingborg").stdout
    assert "bedöms inte: " in text
    assert "hbg12.report-to-kommunstyrelsen" in text


def test_a_stated_failure_to_report_fails_without_readiness(cli, write):
    path = write(
        "p.yaml",
        "title: Studieresa\nkind: conference_trip\nreporting: {to_kommunstyrelsen: false}\n",
    )
    run = cli("check", path, "--city", "helsingborg", "--format", "json")
    finding = findings_by_id(run.json()["results"][0])["hbg12.report-to-kommunstyrelsen"]
    assert (run.exit_code, finding["verdict"]) == (1, "fail")


@pytest.mark.parametrize("kind", list(Kind), ids=[k.value for k in Kind])
def test_an_unedited_template_judges_like_the_file_without_its_empty_lines(cli, tmp_path, kind):
    template = tmp_path / "template.yaml"
    assert cli("init", "--kind", kind.value, template).exit_code == 0
    text = template.read_text(encoding="utf-8")
    assert ": []" not in text
    stated = [
        line
        for line in text.splitlines()
        if not line.lstrip().startswith("#") and ": null" not in line
    ]
    trimmed = tmp_path / "trimmed.yaml"
    trimmed.write_text(
        "\n".join(line for line in stated if not line.rstrip().endswith(":")) + "\n",
        encoding="utf-8",
    )
    assert yaml.safe_load(trimmed.read_text()).keys() == {"title", "kind"}
    reports = [
        cli("check", path, "--city", "all", "--format", "json").json()
        for path in (template, trimmed)
    ]
    shapes = [
        [
            (r["strategy"], r["verdict"], {f["principle"]: f["verdict"] for f in r["findings"]})
            for r in report["results"]
        ]
        for report in reports
    ]
    assert shapes[0] == shapes[1]


SIDA_70 = """\
title: Kunskapsöverföring om vattenrening i Chișinău
kind: aid_project
funding:
  sources:
    - {name: Sida, amount_sek: 2100000}
    - {name: Trafiknämnden, amount_sek: 900000}
"""


def test_sida_is_known_as_external_and_the_finding_says_so(cli, write):
    run = cli("check", write("sida.yaml", SIDA_70), "--city", "stockholm", "--format", "json")
    finding = findings_by_id(run.json()["results"][0])["sthlm16.aid-fully-external"]
    assert (run.exit_code, finding["verdict"]) == (1, "fail")
    assert "hela finansieringen uppbärs av annan part" in finding["citation"]["quote"]
    assert "Sida räknas som extern finansiär" in finding["message"]
    assert "Trafiknämnden räknas som stadens egen finansiering" in finding["message"]
    english = cli("check", write("sida.yaml", SIDA_70), "--city", "stockholm", "--lang", "en")
    assert "Sida counts as an external funder" in english.stdout


def test_an_explicit_external_wins_over_the_register(cli, write):
    text = SIDA_70.replace("{name: Trafiknämnden, amount_sek: 900000}", "").replace(
        "{name: Sida, amount_sek: 2100000}", "{name: Sida, amount_sek: 2100000, external: false}"
    )
    text = "\n".join(line for line in text.splitlines() if line.strip() != "-") + "\n"
    run = cli("check", write("own.yaml", text), "--city", "stockholm", "--format", "json")
    finding = findings_by_id(run.json()["results"][0])["sthlm16.aid-fully-external"]
    assert finding["verdict"] == "fail"
    assert "räknas som" not in finding["message"]


@pytest.mark.parametrize(
    ("name", "external"),
    [
        ("Sida", True),
        ("ICLD", True),
        ("Interreg Öresund-Kattegat-Skagerrak", True),
        ("Horisont Europa", True),
        ("Erasmus+", True),
        ("LIFE-programmet", True),
        ("Nordiska ministerrådet", True),
        ("EU-bidrag", True),
        ("Trafiknämnden", False),
        ("Miljöförvaltningen", False),
        ("stadsbyggnadskontoret", False),
        ("kommunstyrelsen", False),
        ("bolagets egen budget", False),
        ("Vattenfall", None),
        ("Sida via Trafiknämnden", None),  # both: not for the register to decide
        ("Lifestyle AB", None),  # a word that only begins like a programme
    ],
)
def test_the_register_of_funders(name, external):
    assert classify(name) is external


@pytest.mark.parametrize(
    "destination", ["Bryssel", "Brussels", "Bruxelles", "Brussel", "Malmö stads EU-kontor"]
)
def test_a_brussels_secondment_is_known_by_any_of_its_names(cli, write, destination):
    text = (
        "title: Utstationering\nkind: secondment\n"
        f"secondment: {{destination: {destination}, return_date: 2025-06-30}}\n"
    )
    result = cli("check", write("s.yaml", text), "--city", "malmo", "--format", "json").json()
    assert findings_by_id(result["results"][0])["malmo06.secondment-report"]["verdict"] == "fail"


def test_a_report_before_the_return_is_an_error_like_an_end_before_the_start(cli, write):
    text = (
        "title: Utstationering\nkind: secondment\nsecondment:\n"
        "  destination: Bryssel\n  return_date: 2025-06-30\n  report_date: 2025-06-01\n"
    )
    run = cli("check", write("s.yaml", text), "--city", "malmo")
    assert run.exit_code == 2
    assert "s.yaml:6:" in run.stdout + run.stderr
    assert "före hemkomsten" in run.stdout + run.stderr


def test_an_empty_list_and_a_count_read_the_same_way(cli, write):
    text = "title: Samarbete\nkind: cooperation_agreement\nthemes: []\ndirections: []\n"
    result = cli("check", write("e.yaml", text), "--city", "stockholm", "--format", "json").json()
    findings = findings_by_id(result["results"][0])
    assert findings["sthlm16.cooperation-one-theme"]["verdict"] == "fail"
    assert findings["sthlm16.serves-the-strategy"]["verdict"] == "fail"
    assert "Förslaget anger inga inriktningar" in findings["sthlm16.serves-the-strategy"]["message"]


def test_every_bundled_strategy_has_a_source_status():
    assert {s.ref: s.spec.source_status.value for s in every_strategy()}["stockholm@2016"] == (
        "remiss"
    )
