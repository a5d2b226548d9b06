"""What a strategy's source is, said wherever its verdicts are.

Göteborg's news article in every format (passes included), the marks of the `--city all`
overview, Stockholm's remiss version in `cities`, and each modal verb's severity in `explain`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

import pytest

from strategikoll import texts
from strategikoll.i18n import en, sv
from strategikoll.strategies import Modal, SourceStatus

if TYPE_CHECKING:
    from pathlib import Path

BERGEN = """\
title: Förnyat vänortsavtal med Bergen kommune
kind: twin_town_agreement
counterpart: {name: Bergen kommune, type: city, country: "NO"}
directions: [business_development]
benefit:
  for_city: Kontakter för Göteborgs sjöfarts- och hamnföretag.
  for_counterpart: Bergen får samma tillgång till Göteborgs hamnkluster.
decision: {body: kommunfullmaktige, scope: city_wide, ready: true}
"""
"""A twin-town agreement that meets every principle of Göteborg's policy."""

ABO_BY_THE_BOARD = BERGEN.replace("body: kommunfullmaktige", "body: kommunstyrelsen")
"""The same agreement decided by the executive board, which the policy does not allow."""

NEWS_SV = texts.t_in("sv", "secondary")
NEWS_EN = texts.t_in("en", "secondary")


@pytest.fixture
def passing(write) -> Path:
    return write("bergen.yaml", BERGEN)


@pytest.fixture
def failing(write) -> Path:
    return write("abo.yaml", ABO_BY_THE_BOARD)


def check(cli, path: Path, *args: str) -> Any:
    return cli("check", path, "--city", "goteborg", *args)


def test_the_proposal_passes_every_principle(cli, passing):
    (result,) = check(cli, passing, "--format", "json").json()["results"]
    assert result["verdict"] == "pass"
    assert result["findings"]
    assert {f["verdict"] for f in result["findings"]} == {"pass"}


@pytest.mark.parametrize(("lang", "notice"), [("sv", NEWS_SV), ("en", NEWS_EN)])
def test_text_says_it_once_under_the_headline_when_everything_passes(cli, passing, lang, notice):
    run = check(cli, passing, "--lang", lang)
    lines = run.stdout.splitlines()
    assert run.exit_code == 0
    assert "goteborg@undated" in lines[0]
    assert lines[1].strip() == notice
    assert run.stdout.count(notice) == 1


def test_text_says_it_once_however_many_findings_fail(cli, failing):
    run = check(cli, failing)
    assert run.exit_code == 1
    assert run.stdout.splitlines()[1].strip() == NEWS_SV
    assert run.stdout.count(NEWS_SV) == 1


def test_json_says_it_on_the_result_and_on_every_finding(cli, passing):
    (result,) = check(cli, passing, "--format", "json").json()["results"]
    assert result["secondary_source"] is True
    assert result["source_status"] == "secondary"
    assert all(f["secondary_source"] is True for f in result["findings"])


def test_json_of_an_adopted_strategy_says_it_is_not_secondary(cli, passing):
    (result,) = cli("check", passing, "-c", "helsingborg", "-f", "json").json()["results"]
    assert result["source_status"] == "adopted"
    assert "secondary_source" not in result
    assert not any("secondary_source" in f for f in result["findings"])


def test_markdown_marks_the_strategy_in_the_table_and_explains_the_mark(cli, passing):
    run = check(cli, passing, "--format", "markdown")
    row = next(line for line in run.stdout.splitlines() if line.startswith("| `"))
    assert "| goteborg@undated† |" in row
    legend = texts.t_in("sv", "source_status_secondary")
    assert f"† goteborg@undated: {legend}" in run.stdout


def test_markdown_says_it_in_the_details_of_a_result(cli, failing):
    run = check(cli, failing, "--format", "markdown")
    details = run.stdout[run.stdout.index("####") :]
    assert f"*{NEWS_SV}*" in details


def test_junit_says_it_in_the_output_of_a_passing_case(cli, passing):
    run = check(cli, passing, "--format", "junit")
    (case,) = ET.fromstring(run.stdout).iter("testcase")
    assert case.find("failure") is None
    output = case.find("system-out")
    assert output is not None
    assert output.text == NEWS_SV


def test_junit_says_it_in_the_output_and_the_failure_of_a_failing_case(cli, failing):
    run = check(cli, failing, "--format", "junit")
    (case,) = ET.fromstring(run.stdout).iter("testcase")
    failure, output = case.find("failure"), case.find("system-out")
    assert failure is not None
    assert output is not None
    assert NEWS_SV in (output.text or "")
    assert (failure.text or "").count(NEWS_SV) == 1


def test_sarif_says_it_in_the_rules_and_the_run_when_nothing_fails(cli, passing):
    run = check(cli, passing, "--format", "sarif").json()["runs"][0]
    assert run["results"] == []  # passes produce no result
    rules = [r for r in run["tool"]["driver"]["rules"] if r["id"].startswith("gbg.")]
    assert rules
    for rule in rules:
        assert "secondary-source" in rule["properties"]["tags"]
        assert NEWS_SV in rule["help"]["text"]
    (strategy,) = run["properties"]["strategies"]
    assert strategy == {
        "strategy": "goteborg@undated",
        "sourceStatus": "secondary",
        "secondarySource": True,
        "note": NEWS_SV,
    }


def test_sarif_says_it_in_each_result(cli, failing):
    run = check(cli, failing, "--format", "sarif").json()["runs"][0]
    assert run["results"]
    for result in run["results"]:
        assert result["message"]["text"].endswith(NEWS_SV)
        assert result["properties"]["secondarySource"] is True


def test_github_annotations_say_it(cli, failing):
    run = check(cli, failing, "--format", "github")
    annotations = [line for line in run.stdout.splitlines() if line.startswith("::")]
    assert annotations
    assert all(line.endswith(NEWS_SV) for line in annotations)


def test_github_job_summary_marks_it_when_everything_passes(cli, passing, tmp_path, monkeypatch):
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run = check(cli, passing, "--format", "github")
    assert run.exit_code == 0
    assert not [line for line in run.stdout.splitlines() if line.startswith("::")]
    text = summary.read_text(encoding="utf-8")
    assert "| goteborg@undated† |" in text
    assert "† goteborg@undated: " in text


def overview(stdout: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(texts.t_in("sv", "overview")))
    end = lines.index("", start)
    return lines[start + 1 : end]


def test_overview_marks_the_secondary_and_the_remiss_sourced_columns(cli, passing):
    header, row, *legend = overview(cli("check", passing, "--city", "all").stdout)
    assert header.split() == [
        "fil",
        "goteborg@undated†",
        "helsingborg@2012",
        "malmo@2006",
        "stockholm@2016‡",
    ]
    assert "bergen.yaml" in row
    assert [line.strip() for line in legend] == [
        "† goteborg@undated: källan är en nyhetsartikel som återger policyn",
        "‡ stockholm@2016: remissversion 2016-06-02, ej antagen enligt källan",
    ]


def test_overview_legend_in_english(cli, passing):
    stdout = cli("check", passing, "--city", "all", "--lang", "en").stdout
    lines = stdout.splitlines()
    legend = next(line.strip() for line in lines if line.strip().startswith("†"))
    assert legend == "† goteborg@undated: the source is a news article reporting the policy"


def test_markdown_overview_marks_and_explains_the_same(cli, passing):
    run = cli("check", passing, "--city", "all", "--format", "markdown")
    assert "| goteborg@undated† |" in run.stdout
    assert "| stockholm@2016‡ |" in run.stdout
    assert "† goteborg@undated: källan är en nyhetsartikel som återger policyn" in run.stdout
    assert "‡ stockholm@2016: remissversion 2016-06-02, ej antagen enligt källan" in run.stdout


def test_a_remiss_sourced_result_says_so_under_its_headline(cli, passing):
    run = cli("check", passing, "--city", "stockholm@2016")
    assert run.stdout.splitlines()[1].strip() == (
        "Källa: remissversion 2016-06-02, ej antagen enligt källan."
    )
    assert "nyhetsartikel" not in run.stdout


def test_an_adopted_strategy_adds_nothing_under_the_headline(cli, passing):
    run = cli("check", passing, "--city", "helsingborg")
    second = run.stdout.splitlines()[1].strip()
    assert not second.startswith(("Källa", "Källan"))


def city_block(stdout: str, ref: str) -> list[str]:
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(ref))
    return [lines[start], *(line for line in lines[start + 1 : start + 3])]


def test_cities_says_stockholm_2016_is_a_remiss_version(cli):
    head, name, dates = city_block(cli("cities").stdout, "stockholm@2016")
    assert head == "stockholm@2016 (gällande) · remissversion 2016-06-02, ej antagen enligt källan"
    assert name.strip() == "Internationell strategi för Stockholms stad"
    assert "källan anger inget antagande" in dates
    assert "av –" not in dates
    assert "antagen ej angivet" not in dates


def test_cities_says_stockholm_2016_is_a_remiss_version_in_english(cli):
    head, _, dates = city_block(cli("cities", "--lang", "en").stdout, "stockholm@2016")
    assert head == (
        "stockholm@2016 (current) · remiss (consultation) version of 2016-06-02,"
        " not adopted according to the source"
    )
    assert "the source states no adoption" in dates
    assert "by –" not in dates


def test_cities_says_what_each_other_source_is(cli):
    stdout = cli("cities").stdout
    assert city_block(stdout, "helsingborg@2012")[0].endswith("· antagen version")
    assert "antagen 2012-03-28 av kommunfullmäktige" in city_block(stdout, "helsingborg@2012")[2]
    assert city_block(stdout, "malmo@2006")[0].endswith("· antagen version")
    summary = city_block(stdout, "stockholm@2008")
    assert summary[0].endswith("· sammanfattning i ett annat dokument, inte den antagna texten")
    assert "antagen 2008 av kommunfullmäktige" in summary[2]
    goteborg = city_block(stdout, "goteborg@undated")
    assert goteborg[0].endswith("· källan är en nyhetsartikel som återger policyn")
    assert "antagen av kommunfullmäktige, datum ej angivet" in goteborg[2]


def test_principles_header_and_json_say_what_the_source_is(cli):
    run = cli("principles", "--city", "stockholm")
    assert run.stdout.splitlines()[0].endswith(
        "(stockholm@2016) · remissversion 2016-06-02, ej antagen enligt källan"
    )
    listed = cli("principles", "--city", "all", "--format", "json").json()
    statuses = {s["strategy"]: s["source_status"] for s in listed}
    assert statuses == {
        "goteborg@undated": "secondary",
        "helsingborg@2012": "adopted",
        "malmo@2006": "adopted",
        "stockholm@2008": "summary",
        "stockholm@2016": "remiss",
    }


SEVERITY_LINES = {
    Modal.SKA: (
        "krav (ska): underkänns om det inte uppfylls",
        "requirement (shall): fails if not met",
    ),
    Modal.SKA_INTE: (
        "förbud (ska inte): underkänns om det inte uppfylls",
        "prohibition (shall not): fails if not met",
    ),
    Modal.KAN: (
        "tillstånd under villkor (kan … då/om): underkänns utanför villkoret",
        "permission under a condition (may … when/if): fails outside the condition",
    ),
    Modal.BOR: (
        "rekommendation (bör): varning om det inte uppfylls",
        "recommendation (should): warns if not met",
    ),
    Modal.I_MOJLIGASTE_MAN: (
        "rekommendation (i möjligaste mån): varning om det inte uppfylls",
        "recommendation (as far as possible): warns if not met",
    ),
}


@pytest.fixture(scope="module")
def one_principle_per_modal() -> dict[str, str]:
    from strategikoll.strategies import all_principles

    found: dict[str, str] = {}
    for _, principle in all_principles():
        found.setdefault(principle.spec.modal.value, principle.id)
    return found


def test_every_modal_has_a_severity_line_in_both_languages():
    assert set(SEVERITY_LINES) == set(Modal)
    for modal, (swedish, english) in SEVERITY_LINES.items():
        assert sv.MESSAGES[f"modal_{modal.value}"] == swedish
        assert en.MESSAGES[f"modal_{modal.value}"] == english


@pytest.mark.parametrize("modal", list(Modal), ids=lambda m: m.value)
def test_explain_shows_the_severity_the_modal_verb_gives(cli, one_principle_per_modal, modal):
    principle_id = one_principle_per_modal.get(modal.value)
    if principle_id is None:
        pytest.skip(f"no bundled principle has the modal {modal.value}")
    swedish, english = SEVERITY_LINES[modal]
    run = cli("explain", principle_id)
    assert run.exit_code == 0
    assert swedish in run.stdout.splitlines()[2]
    assert "skall" not in run.stdout.lower()
    assert english in cli("explain", principle_id, "--lang", "en").stdout.splitlines()[2]


def test_explain_of_a_kan_principle_says_it_fails_outside_its_condition(
    cli, one_principle_per_modal
):
    run = cli("explain", one_principle_per_modal["kan"])
    assert "underkänns utanför villkoret" in run.stdout
    assert "underkänt om det inte uppfylls" not in run.stdout


def test_explain_says_where_the_severity_departs_from_the_modal_verb(cli):
    from strategikoll.strategies import SEVERITY_OF_MODAL, all_principles

    departing = [
        p for _, p in all_principles() if p.spec.severity is not SEVERITY_OF_MODAL[p.spec.modal]
    ]
    if not departing:
        pytest.skip("no bundled principle departs from its modal verb")
    spec = departing[0].spec
    assert spec.severity_reason is not None
    consequence = texts.t_in("sv", f"consequence_{spec.severity.value}")
    line = cli("explain", spec.id).stdout.splitlines()[3]
    assert line.strip().startswith(texts.t_in("sv", "severity_departs", consequence=consequence))
    assert " ".join(spec.severity_reason.sv.split()[:3]) in line


def test_no_swedish_message_of_ours_says_skall():
    texts = [
        (k, t) for k, v in sv.MESSAGES.items() for t in (v.values() if isinstance(v, dict) else [v])
    ]
    assert not [key for key, text in texts if "skall" in text.lower()]


def test_every_source_status_is_worded_and_marked_in_both_languages():
    from strategikoll.wording import STATUS_MARK

    assert set(STATUS_MARK) == set(SourceStatus)
    assert [s for s, mark in STATUS_MARK.items() if not mark] == [SourceStatus.ADOPTED]
    for language in (sv, en):
        for status in SourceStatus:
            assert f"source_status_{status.value}" in language.MESSAGES


OWN = """\
city: exempelby
version: "2025"
name: {sv: Exempelbys strategi, en: Exempelby's strategy}
source: 004_a40374052d2c0e1b.txt
"""


def own_status(cli, write, extra: str) -> Any:
    run = cli("principles", "--strategy", write("own.yaml", OWN + extra), "-f", "json")
    return run if run.exit_code else run.json()


def test_an_own_strategy_without_a_status_is_taken_as_adopted(cli, write):
    payload = own_status(cli, write, "")
    assert (payload["source_status"], payload["secondary_source"]) == ("adopted", False)


def test_secondary_source_alone_still_means_a_news_article(cli, write):
    payload = own_status(cli, write, "secondary_source: true\n")
    assert (payload["source_status"], payload["secondary_source"]) == ("secondary", True)


def test_a_secondary_status_alone_makes_the_findings_secondary(cli, write):
    payload = own_status(cli, write, "source_status: secondary\n")
    assert (payload["source_status"], payload["secondary_source"]) == ("secondary", True)


def test_a_status_that_contradicts_secondary_source_is_rejected(cli, write):
    run = own_status(cli, write, "secondary_source: true\nsource_status: remiss\n")
    assert run.exit_code == 2
    assert "own.yaml:6" in run.stderr
    assert texts.t_in("sv", "secondary_status") in run.stderr


def test_an_unknown_status_is_rejected_with_the_known_ones(cli, write):
    run = own_status(cli, write, "source_status: antagen\n")
    assert run.exit_code == 2
    for status in SourceStatus:
        assert status.value in run.stderr
