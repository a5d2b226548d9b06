"""`strategikoll diff`: two strategies compared topic by topic, and proved by example."""

from __future__ import annotations

import json

import pytest

OWN = """\
city: own
version: "1"
name: {sv: Egen, en: Own}
source: 002_3c3bf3c3f787e2e1.txt
extends: stockholm@2016
remove: [sthlm16.no-twin-towns]
"""


def topics_by_name(report: dict) -> dict[str, dict]:
    return {topic["topic"]: topic for topic in report["topics"]}


def test_stockholm_and_goteborg_differ_on_twin_towns(cli):
    run = cli("diff", "stockholm", "goteborg", "--format", "json")
    assert run.exit_code == 1
    report = run.json()
    assert (report["a"], report["b"]) == ("stockholm@2016", "goteborg@undated")
    twin = topics_by_name(report)["twin_towns"]
    assert twin["differs"] is True
    assert twin["a"] == ["sthlm16.no-twin-towns"]
    assert twin["b"] == ["gbg.kf-decides-twin-towns"]
    assert "condition" in twin["aspects"]
    [witness] = [w for w in report["witnesses"] if w["topic"] == "twin_towns"]
    assert witness["proposal"]["kind"] == "twin_town_agreement"
    assert witness["a"] == "fail"
    assert witness["b"] != "fail"


def test_what_stockholm_added_in_2016(cli):
    run = cli("diff", "stockholm@2008", "stockholm@2016", "--format", "json")
    assert run.exit_code == 1
    topics = topics_by_name(run.json())
    for added, principle in (
        ("twin_towns", "sthlm16.no-twin-towns"),
        ("aid_projects", "sthlm16.aid-fully-external"),
    ):
        assert topics[added]["status"] == "only_b"
        assert topics[added]["change"] == "added"
        assert topics[added]["a"] == []
        assert topics[added]["b"] == [principle]
        assert "Tillkommer i stockholm@2016" in topics[added]["summary"]
    text = cli("diff", "stockholm@2008", "stockholm@2016", "--lang", "en").stdout
    assert "Added in stockholm@2016; not in stockholm@2008." in text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("stockholm", "goteborg"),
        ("stockholm@2008", "stockholm@2016"),
        ("malmo", "helsingborg"),
        ("own.yaml", "stockholm"),
    ],
)
def test_every_witness_gets_the_verdicts_claimed(cli, tmp_path, a, b):
    """Saved and checked against each side, each witness gets exactly the verdict claimed."""
    (tmp_path / "own.yaml").write_text(OWN, encoding="utf-8")

    def side(name: str) -> tuple[str, str]:
        return ("--strategy", str(tmp_path / name)) if name.endswith(".yaml") else ("-c", name)

    report = cli("diff", side(a)[1], side(b)[1], "--format", "json").json()
    differing = [t["topic"] for t in report["topics"] if t["differs"]]
    assert differing and report["witnesses"]
    assert len(report["witnesses"]) >= len(differing) // 2  # most topics get a witness
    for index, witness in enumerate(report["witnesses"]):
        path = tmp_path / f"witness-{index}.yaml"
        path.write_text(witness["yaml"], encoding="utf-8")
        for name, claimed in ((a, witness["a"]), (b, witness["b"])):
            result = cli("check", path, *side(name), "--format", "json").json()["results"]
            assert [r["verdict"] for r in result] == [claimed], (witness["topic"], name)
        assert witness["a"] != witness["b"]


def test_a_strategy_diffed_with_itself_shows_no_difference(cli):
    run = cli("diff", "goteborg", "göteborg", "--format", "json")
    assert run.exit_code == 0
    report = run.json()
    assert report["topics"]
    assert not any(topic["differs"] for topic in report["topics"])
    assert report["witnesses"] == []
    assert cli("diff", "stockholm@2016", "stockholm").exit_code == 0


def test_a_removed_principle_is_the_only_difference(cli, write):
    own = write("own.yaml", OWN)
    report = cli("diff", "stockholm@2016", own, "--format", "json").json()
    differing = [t for t in report["topics"] if t["differs"]]
    assert [t["topic"] for t in differing] == ["twin_towns"]
    assert differing[0]["status"] == "only_a"
    [witness] = report["witnesses"]
    assert (witness["a"], witness["b"]) == ("fail", "pass")


def test_a_changed_threshold_is_told_from_a_changed_condition(cli, write):
    own = write(
        "own.yaml",
        OWN.replace("remove: [sthlm16.no-twin-towns]\n", "")
        + """\
principles:
  - id: sthlm16.cooperation-one-theme
    title: {sv: Två teman, en: Two themes}
    topic: cooperation_agreements
    kinds: [cooperation_agreement]
    modal: ska
    severity: fail
    condition:
      all:
        - any:
            - present: thematic_area
            - count: {field: themes, op: ">=", value: 1}
        - any:
            - stated: thematic_area
            - count: {field: themes, op: "==", value: 2}
    message: {sv: Två teman., en: Two themes.}
    citation:
      source: 002_3c3bf3c3f787e2e1.txt
      section: 4. Principer för stadens internationella arbete
      quote: ett konkret utbyte inom ett specifikt tematiskt område
""",
    )
    report = cli("diff", "stockholm", own, "--format", "json").json()
    topic = topics_by_name(report)["cooperation_agreements"]
    assert topic["aspects"] == ["thresholds"]
    [witness] = [w for w in report["witnesses"] if w["topic"] == "cooperation_agreements"]
    assert witness["a"] != witness["b"]
    assert "pass" in {witness["a"], witness["b"]}


def test_text_is_side_by_side_and_fits_100_columns(cli):
    run = cli("diff", "stockholm", "goteborg")
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any(line.startswith("Vänorter — Skiljer sig i villkor") for line in lines)
    assert "behandlas inte" in run.stdout
    assert "kind: twin_town_agreement" in run.stdout
    assert "»Staden har dock inga utpekade vänorter" in run.stdout


def test_markdown_is_a_report_with_tables_and_witnesses(cli):
    run = cli("diff", "stockholm@2008", "stockholm@2016", "--format", "markdown", "--lang", "en")
    assert run.exit_code == 1
    text = run.stdout
    assert text.startswith("# stockholm@2008 compared with stockholm@2016\n")
    assert "## Twin towns" in text
    assert "| | stockholm@2008 | stockholm@2016 |" in text
    assert "```yaml\n# Twin towns: stockholm@2008 PASS, stockholm@2016 FAIL\n" in text


def test_bad_arguments_are_usage_errors(cli, write):
    for args in (("stockholm", "all"), ("stockholm", "oslo"), ("stockholm@1999", "malmo")):
        run = cli("diff", *args)
        assert run.exit_code == 2, args
        assert "Traceback" not in run.stderr
    broken = write("broken.yaml", "city: own\nversion: 1\nprinciples: [\n")
    run = cli("diff", broken, "stockholm")
    assert run.exit_code == 2
    assert f"{broken}:4" in run.stderr or f"{broken}:3" in run.stderr
    run = cli("diff", "stockholm", "goteborg", "--format", "sarif")
    assert run.exit_code == 2


def test_output_file_is_written_once(cli, tmp_path):
    target = tmp_path / "diff.md"
    run = cli("diff", "stockholm", "goteborg", "-f", "markdown", "-o", target)
    assert run.exit_code == 1
    assert target.read_text(encoding="utf-8").startswith("# stockholm@2016 jämförd med")
    before = target.read_bytes()
    assert cli("diff", "stockholm", "malmo", "-f", "markdown", "-o", target).exit_code == 2
    assert target.read_bytes() == before
    assert cli("diff", "stockholm", "malmo", "-o", target, "--force").exit_code == 1
    assert json.dumps(target.read_text(encoding="utf-8")) != json.dumps(before.decode())


def test_every_bundled_condition_proposes_facts_that_decide_it_both_ways():
    """Witnesses are built from the facts conditions propose: for every condition of every
    bundled principle some must meet it and some must not, and they name only fields it reads."""
    from strategikoll.conditions import Never, Stated
    from strategikoll.strategies import all_principles
    from strategikoll.witnesses import candidates, facts_as_data

    checked = 0
    for _, principle in all_principles():
        for condition in (principle.condition, principle.when):
            if condition is None or isinstance(condition, Never):
                continue
            proposed = list(candidates(condition))
            outcomes = {condition.evaluate(facts_as_data(facts)).met for facts in proposed}
            # A bare `stated` is met or cannot be judged; it is never unmet.
            decided = {True, None} if isinstance(condition, Stated) else {True, False}
            assert decided <= outcomes, principle.id
            read = condition.fields()
            for facts in proposed:
                for path in facts:
                    assert any(
                        path == r or r.startswith(f"{path}.") or path.startswith(f"{r}.")
                        for r in read
                    ), (principle.id, path)
            checked += 1
    assert checked > 80


POSITIONS = """\
principles:
  - id: sthlm16.ks-decides-city-positions
    title: {sv: KS beslutar, en: KS decides}
    topic: decision_authority
    kinds: [declaration]
    modal: ska
    severity: fail
    when:
      equals: {field: increases_resource_burden, value: true}
    condition:
      in: {field: decision.body, values: VALUES}
    when_unknown: WHEN_UNKNOWN
    message: {sv: KS beslutar., en: KS decides.}
    citation:
      source: 002_3c3bf3c3f787e2e1.txt
      section: 5. Arbetssätt och ansvarsfördelning
      quote: Kommunstyrelsen beslutar om stadens uppfattning
"""


@pytest.mark.parametrize(
    ("values", "when_unknown", "aspects"),
    [
        ("[kommunfullmaktige, kommunstyrelsen]", "warn", None),  # the same, in another order
        ("[kommunstyrelsen]", "warn", ["thresholds"]),
        ("[kommunstyrelsen, kommunfullmaktige]", "skip", ["applies_to"]),
    ],
)
def test_what_counts_as_a_difference(cli, write, values, when_unknown, aspects):
    text = POSITIONS.replace("VALUES", values).replace("WHEN_UNKNOWN", when_unknown)
    own = write("own.yaml", OWN.replace("remove: [sthlm16.no-twin-towns]\n", "") + text)
    run = cli("diff", "stockholm", own, "--format", "json")
    topic = topics_by_name(run.json())["decision_authority"]
    if aspects is None:
        assert run.exit_code == 0
        assert not topic["differs"]
    else:
        assert run.exit_code == 1
        assert topic["aspects"] == aspects


def test_either_order_finds_the_same_witnesses(cli):
    one = cli("diff", "stockholm@2008", "goteborg", "--format", "json").json()
    two = cli("diff", "goteborg", "stockholm@2008", "--format", "json").json()
    assert [w["topic"] for w in one["witnesses"]] == [w["topic"] for w in two["witnesses"]]
    for first, second in zip(one["witnesses"], two["witnesses"], strict=True):
        assert first["proposal"] == second["proposal"]
        assert (first["a"], first["b"]) == (second["b"], second["a"])


def test_a_file_named_like_a_city_does_not_hide_the_city(cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "malmo").write_text("x: [\n", encoding="utf-8")
    assert cli("diff", "stockholm", "malmo", "--format", "json").json()["b"] == "malmo@2006"


def test_dates_at_the_edge_of_the_calendar(cli, write):
    own = write(
        "own.yaml",
        OWN.replace("remove: [sthlm16.no-twin-towns]\n", "")
        + """\
principles:
  - id: own.before-the-end-of-time
    title: {sv: Slutar i tid, en: Ends in time}
    topic: cooperation_agreements
    kinds: [cooperation_agreement]
    modal: ska
    severity: fail
    condition:
      all:
        - compare: {field: end_date, op: "<", value: 9999-12-31}
        - compare: {field: start_date, op: ">", value: 0001-01-01}
        - duration: {from: start_date, to: end_date, op: "<=", value: 9000y}
    message: {sv: Slutar., en: Ends.}
    citation:
      source: 002_3c3bf3c3f787e2e1.txt
      section: 4. Principer för stadens internationella arbete
      quote: samt ha ett start- och slutdatum
""",
    )
    run = cli("diff", "stockholm", own, "--format", "json")
    assert run.exit_code == 1
    assert "Traceback" not in run.stderr
