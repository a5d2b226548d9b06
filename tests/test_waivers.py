"""Waivers: a decided exception is shown, not counted; expired or unknown ones are findings."""

from __future__ import annotations

from conftest import findings_by_id

TWIN_TOWN = """\
title: Vänortsavtal med Oslo inför jubileet
kind: twin_town_agreement
city: stockholm
foreign_policy: false
directions: [cooperation]
funding: {within_budget_frame: true}
waivers:
  - principle: sthlm16.no-twin-towns
    reason: Kommunfullmäktige beslutade om ett tidsbegränsat vänortsavtal inför jubileet.
    decided_by: kommunfullmäktige
    reference: KS 2025/123
    expires: 2999-12-31
"""


def test_a_valid_waiver_is_shown_and_does_not_fail(cli, write):
    run = cli("check", write("p.yaml", TWIN_TOWN), "--format", "json")
    result = run.json()["results"][0]
    finding = findings_by_id(result)["sthlm16.no-twin-towns"]
    assert finding["verdict"] == "fail"  # what the principle says, unchanged
    assert finding["waived"] == {
        "principle": "sthlm16.no-twin-towns",
        "reason": "Kommunfullmäktige beslutade om ett tidsbegränsat vänortsavtal inför jubileet.",
        "decided_by": "kommunfullmaktige",
        "reference": "KS 2025/123",
        "expires": "2999-12-31",
    }
    assert result["verdict"] == "pass"
    assert run.exit_code == 0
    text = cli("check", write("p2.yaml", TWIN_TOWN)).stdout
    assert "UNDANTAGEN" in text
    assert "KS 2025/123" in text


def test_an_expired_waiver_no_longer_holds_and_is_a_finding(cli, write):
    expired = TWIN_TOWN.replace("expires: 2999-12-31", "expires: 2020-01-01")
    run = cli("check", write("p.yaml", expired), "--format", "json")
    result = run.json()["results"][0]
    findings = findings_by_id(result)
    assert "waived" not in findings["sthlm16.no-twin-towns"]
    assert findings["waiver.expired"]["verdict"] == "warn"
    assert findings["waiver.expired"]["line"] == 8
    assert (run.exit_code, result["verdict"]) == (1, "fail")


def test_a_waiver_for_an_unknown_principle_is_a_finding(cli, write):
    typo = TWIN_TOWN.replace("principle: sthlm16.no-twin-towns", "principle: sthlm16.no-twin-town")
    run = cli("check", write("p.yaml", typo), "--format", "json", "--lang", "en")
    finding = findings_by_id(run.json()["results"][0])["waiver.unknown-principle"]
    assert finding["verdict"] == "fail"
    assert "did you mean 'sthlm16.no-twin-towns'?" in finding["message"]
    # A documented departure, not a quote of the strategy: the decision it claims.
    assert finding["citation"] is None
    assert finding["decision"]["reference"] == "KS 2025/123"
    assert "Exception decided by" in finding["message"]
    assert "(reg. no. KS 2025/123), valid until 2999-12-31" in finding["message"]


def test_a_waiver_must_be_documented(cli, write):
    undocumented = TWIN_TOWN.replace("    reference: KS 2025/123\n", "")
    run = cli("check", write("p.yaml", undocumented), "--format", "json")
    error = run.json()["results"][0]["error"]
    assert run.exit_code == 2
    assert "reference" in error["message"]


def test_a_waiver_from_one_city_is_not_unknown_in_a_run_of_all(cli, write):
    run = cli("check", write("p.yaml", TWIN_TOWN), "--city", "all", "--format", "json")
    for result in run.json()["results"]:
        assert "waiver.unknown-principle" not in findings_by_id(result)
