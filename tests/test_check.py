"""`strategikoll check` end to end, through the command line."""

from __future__ import annotations

from pathlib import Path

from conftest import EXAMPLES, findings_by_id

COOPERATION = """\
title: Samarbete om cirkulär ekonomi med Oslo
kind: cooperation_agreement
city: stockholm
counterpart: {name: Oslo kommune, type: city, country: NO}
themes: [cirkulär ekonomi]
directions: [cooperation]
start_date: 2025-01-01
end_date: 2026-12-31
benefit:
  for_city: Metoder för återbruk i stadens förskolor
  for_counterpart: Erfarenhet av Stockholms upphandling
concrete_exchange: true
existing_forums_examined: true
stakeholders: [academia]
foreign_policy: false
funding:
  within_budget_frame: true
planning: {in_business_plan: true, follow_up: true}
decision: {body: nämnd, scope: operation_specific}
"""


def test_twin_town_agreement_fails_citing_the_ban(cli, write):
    path = write("twin.yaml", "title: Vänort\nkind: twin_town_agreement\ncity: stockholm\n")
    run = cli("check", path, "--format", "json")
    assert run.exit_code == 1
    result = run.json()["results"][0]
    finding = findings_by_id(result)["sthlm16.no-twin-towns"]
    assert finding["verdict"] == "fail"
    assert "tecknar inte vänortsavtal" in finding["citation"]["quote"]
    assert finding["line"] == 2


def test_complete_cooperation_agreement_passes(cli, write):
    run = cli("check", write("ok.yaml", COOPERATION), "--format", "json")
    assert run.exit_code == 0, run.stdout
    result = run.json()["results"][0]
    assert result["verdict"] == "pass"
    assert all(f["verdict"] == "pass" for f in result["findings"])
    assert "sthlm16.cooperation-dates" in findings_by_id(result)


def test_cooperation_agreement_without_end_date_fails(cli, write):
    text = COOPERATION.replace("end_date: 2026-12-31\n", "")
    run = cli("check", write("no-end.yaml", text), "--format", "json")
    assert run.exit_code == 1
    finding = findings_by_id(run.json()["results"][0])["sthlm16.cooperation-dates"]
    assert finding["verdict"] == "fail"
    assert "I förslaget saknas slutdatum (`end_date`)." in finding["message"]
    assert "end_date" in finding["fields"]


def test_aid_project_70_percent_sida_fails_and_100_percent_passes(cli, write):
    aid = """\
title: Stöd till kommunal vattenförvaltning
kind: aid_project
city: stockholm
funding:
  sources:
    - {name: Sida, amount_sek: 700000, external: true}
    - {name: Nämndens budget, amount_sek: 300000, external: false}
"""
    run = cli("check", write("aid.yaml", aid), "--format", "json")
    finding = findings_by_id(run.json()["results"][0])["sthlm16.aid-fully-external"]
    assert (run.exit_code, finding["verdict"]) == (1, "fail")
    assert "70" in finding["message"]

    full = aid.replace("amount_sek: 300000, external: false", "amount_sek: 300000, external: true")
    run = cli("check", write("aid-full.yaml", full), "--format", "json")
    finding = findings_by_id(run.json()["results"][0])["sthlm16.aid-fully-external"]
    assert finding["verdict"] == "pass"


def test_unstated_fact_warns_that_it_cannot_be_judged(cli, write):
    aid = "title: Bistånd\nkind: aid_project\ncity: stockholm\n"
    run = cli("check", write("aid.yaml", aid), "--format", "json", "--lang", "en")
    finding = findings_by_id(run.json()["results"][0])["sthlm16.aid-fully-external"]
    assert finding["verdict"] == "warn"
    assert (
        "The proposal does not state the funding sources (`funding.sources`)" in finding["message"]
    )
    assert finding["missing"] == ["funding.sources"]


def test_title_and_kind_alone_are_judged_not_rejected(cli, write):
    path = write("min.yaml", "title: Ett medlemskap\nkind: membership\n")
    run = cli("check", path, "--city", "stockholm", "--format", "json")
    result = run.json()["results"][0]
    # Nothing is stated, so nothing fails: every principle says what it cannot judge.
    assert (run.exit_code, result["verdict"]) == (0, "warn")
    assert {f["verdict"] for f in result["findings"]} == {"warn"}
    # Each names what to add, with the field that states it.
    assert all("Förslaget anger inte" in f["message"] and f["missing"] for f in result["findings"])


def test_broken_file_beside_valid_one(cli, write):
    good = write("a-good.yaml", COOPERATION)
    bad = write("b-bad.yaml", "title: Trasig\nkind: membership\ncounterpart: {name: x\n")
    run = cli("check", good, bad, "--format", "json")
    assert run.exit_code == 2
    payload = run.json()
    assert payload["summary"] == {"files": 2, "pass": 1, "warn": 0, "fail": 0, "error": 1}
    good_result, bad_result = payload["results"]
    assert good_result["verdict"] == "pass"
    assert bad_result["verdict"] == "error"
    assert bad_result["file"].endswith("b-bad.yaml")
    assert bad_result["error"]["line"] == 3  # where the unclosed { began
    assert "Traceback" not in run.stdout + run.stderr


def test_json_follows_the_contract(cli, write):
    run = cli(
        "check",
        write("twin.yaml", "title: V\nkind: twin_town_agreement\n"),
        "-c",
        "stockholm",
        "--format",
        "json",
    )
    payload = run.json()
    assert set(payload) == {"summary", "results"}
    assert set(payload["summary"]) == {"files", "pass", "warn", "fail", "error"}
    result = payload["results"][0]
    assert {"file", "city", "strategy", "verdict", "findings"} <= set(result)
    assert (result["city"], result["strategy"]) == ("stockholm", "stockholm@2016")
    for finding in result["findings"]:
        assert {"principle", "topic", "verdict", "message", "citation", "line"} <= set(finding)
        assert set(finding["citation"]) == {"source", "section", "quote"}
        assert finding["verdict"] in ("pass", "warn", "fail")


def test_city_aliases_and_versions(cli, write):
    path = write("twin.yaml", "title: V\nkind: twin_town_agreement\n")
    for city in ("stockholm", "Stockholm", "STOCKHOLM", "stockholm@2016"):
        run = cli("check", path, "--city", city, "--format", "json")
        assert [r["strategy"] for r in run.json()["results"]] == ["stockholm@2016"], city
    run = cli("check", path, "--city", "all", "--format", "json")
    assert "stockholm@2016" in [r["strategy"] for r in run.json()["results"]]


def test_unknown_city_is_a_usage_error_with_a_hint(cli, write):
    run = cli("check", write("p.yaml", "title: V\nkind: membership\n"), "--city", "stokholm")
    assert run.exit_code == 2
    assert "stockholm" in run.stderr
    assert "Traceback" not in run.stderr


def test_unknown_version_is_a_usage_error(cli, write):
    run = cli("check", write("p.yaml", "title: V\nkind: membership\n"), "--city", "stockholm@1999")
    assert run.exit_code == 2
    assert "2016" in run.stderr


def test_proposal_without_any_city_is_an_error_for_that_file(cli, write):
    run = cli("check", write("p.yaml", "title: V\nkind: membership\n"), "--format", "json")
    assert run.exit_code == 2
    assert run.json()["results"][0]["verdict"] == "error"


def test_city_in_the_proposal_is_used_and_checked(cli, write):
    run = cli(
        "check", write("p.yaml", "title: V\nkind: membership\ncity: stokholm\n"), "--format", "json"
    )
    error = run.json()["results"][0]["error"]
    assert error["line"] == 3
    assert "stockholm" in error["message"]


def test_stdin(cli):
    run = cli(
        "check",
        "-",
        "--city",
        "stockholm",
        "--format",
        "json",
        stdin=b"title: V\nkind: twin_town_agreement\n",
    )
    assert run.exit_code == 1
    assert run.json()["results"][0]["file"] == "-"


def test_directories_are_searched_recursively_in_a_stable_order(cli, write, tmp_path):
    write("b/deep/one.yaml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    write("a/two.yml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    write("a/notes.txt", "not yaml")
    run = cli("check", tmp_path, "--format", "json")
    files = [Path(r["file"]).relative_to(tmp_path).as_posix() for r in run.json()["results"]]
    assert files == ["a/two.yml", "b/deep/one.yaml"]


def test_missing_path_is_reported_and_others_still_checked(cli, write, tmp_path):
    good = write("good.yaml", COOPERATION)
    run = cli("check", tmp_path / "nope.yaml", good, "--format", "json")
    verdicts = [r["verdict"] for r in run.json()["results"]]
    assert (run.exit_code, verdicts) == (2, ["error", "pass"])


def test_english_output(cli, write):
    path = write("twin.yaml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    run = cli("check", path, "--lang", "en")
    assert "FAIL" in run.stdout
    assert "signs no twin-town agreements" in run.stdout
    assert "1 file checked" in run.stdout


def test_text_output_has_headline_quote_and_summary(cli, write):
    path = write("twin.yaml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    run = cli("check", path)
    assert run.stdout.startswith("UNDERKÄND")
    assert "»Staden har dock inga utpekade vänorter och tecknar inte vänortsavtal.«" in run.stdout
    assert "avsnitt 4. Principer" in run.stdout
    assert "\x1b[" not in run.stdout  # no colour codes when piped


def test_fail_on_warn(cli, write):
    warn_only = COOPERATION.replace("stakeholders: [academia]\n", "")
    run = cli("check", write("w.yaml", warn_only), "--format", "json")
    assert (run.exit_code, run.json()["results"][0]["verdict"]) == (0, "warn")
    assert cli("check", write("w2.yaml", warn_only), "--fail-on", "warn").exit_code == 1


def test_output_file_is_written_and_never_overwritten_without_force(cli, write, tmp_path):
    source = write("twin.yaml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    before = source.read_bytes()
    target = tmp_path / "report.json"
    assert cli("check", source, "--format", "json", "--output", target).exit_code == 1
    assert '"verdict":"fail"' in target.read_text(encoding="utf-8")
    target.write_text("keep me", encoding="utf-8")
    run = cli("check", source, "--format", "json", "--output", target)
    assert run.exit_code == 2
    assert target.read_text(encoding="utf-8") == "keep me"
    assert cli("check", source, "--format", "json", "-o", target, "--force").exit_code == 1
    assert target.read_text(encoding="utf-8").startswith("{")
    assert source.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_unknown_format_is_a_usage_error(cli, write):
    run = cli("check", write("p.yaml", COOPERATION), "--format", "yaml")
    assert run.exit_code == 2
    assert "text, json" in run.stderr


def test_bundled_example_from_readme(cli):
    run = cli("check", EXAMPLES / "stockholm" / "twin-town-agreement.yaml")
    assert run.exit_code == 1
    assert "sthlm16.no-twin-towns" in run.stdout


def test_a_directory_without_proposals_is_an_error_not_a_silent_pass(cli, tmp_path):
    (tmp_path / "empty").mkdir()
    run = cli("check", tmp_path / "empty", "--city", "stockholm", "--format", "json")
    assert run.exit_code == 2
    assert "inga förslag att kontrollera" in run.stderr
    assert run.stdout == ""  # not counted as a file with an error


def test_output_problems_are_usage_errors_and_inputs_are_never_overwritten(cli, write, tmp_path):
    source = write("twin.yaml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    before = source.read_bytes()
    for target in (tmp_path / "missing" / "r.json", tmp_path, source):
        run = cli("check", source, "-f", "json", "-o", target, "--force")
        assert run.exit_code == 2, target
        assert "Traceback" not in run.stderr
    assert source.read_bytes() == before


def test_hidden_directories_are_not_walked(cli, write, tmp_path):
    write(".github/workflows/ci.yml", "on: push\njobs: {}\n")
    write("proposals/twin.yaml", "title: V\nkind: twin_town_agreement\ncity: stockholm\n")
    results = cli("check", tmp_path, "--format", "json").json()["results"]
    assert [Path(r["file"]).name for r in results] == ["twin.yaml"]


def test_stdin_named_twice_is_read_once(cli):
    run = cli(
        "check", "-", "-", "-c", "stockholm", "-f", "json", stdin=b"title: V\nkind: membership\n"
    )
    assert len(run.json()["results"]) == 1


def test_a_principle_met_anyway_does_not_warn_that_it_may_not_apply(cli, write):
    text = COOPERATION.replace(
        "decision: {body: nämnd, scope: operation_specific}", "decision: {body: KS}"
    )
    findings = findings_by_id(
        cli("check", write("p.yaml", text), "-f", "json").json()["results"][0]
    )
    assert findings["sthlm16.ks-decides-city-wide-initiatives"]["verdict"] == "pass"
    assert findings["sthlm16.committees-decide-operation-specific"]["verdict"] == "pass"


def test_judging_again_in_another_language_gives_that_language(cli):
    """What a principle found is reused for the same facts, but never across languages."""
    args = ("check", str(EXAMPLES), "--city", "all", "--format", "json")
    first = cli(*args)
    english = cli(*args, "--lang", "en")
    again = cli(*args)
    assert first.stdout == again.stdout
    swedish, english_words = _messages(first.json()), _messages(english.json())
    assert any(m.endswith("Uppfylls.") for m in swedish)
    assert any(m.endswith("Met.") for m in english_words)
    assert not any(m.endswith("Met.") for m in swedish)
    assert not any("Uppfylls" in m for m in english_words)


def _messages(report: dict) -> set[str]:
    return {f["message"] for r in report["results"] for f in r.get("findings", [])}
