"""The four cities and the versions of Stockholm: what each issue of the product promised."""

from __future__ import annotations

import pytest

from conftest import findings_by_id

TWIN_TOWN = """\
title: Vänortsavtal med Bergen
kind: twin_town_agreement
counterpart: {name: Bergen kommune, type: city, country: "NO"}
benefit: {for_city: Utbyte inom kultur och skola, for_counterpart: Samma utbyte för Bergen}
decision: {body: kommunstyrelsen}
"""


def check(cli, path, *args):
    run = cli("check", path, "--format", "json", *args)
    return run, run.json()["results"]


def test_goteborg_twin_town_needs_the_municipal_council(cli, write):
    run, (result,) = check(cli, write("t.yaml", TWIN_TOWN), "-c", "göteborg")
    finding = findings_by_id(result)["gbg.kf-decides-twin-towns"]
    assert (run.exit_code, finding["verdict"]) == (1, "fail")
    assert "fordras beslut i kommunfullmäktige" in finding["citation"]["quote"]
    assert finding["secondary_source"] is True
    by_council = TWIN_TOWN.replace("body: kommunstyrelsen", "body: kommunfullmäktige")
    _, (result,) = check(cli, write("t2.yaml", by_council), "-c", "gothenburg")
    assert findings_by_id(result)["gbg.kf-decides-twin-towns"]["verdict"] == "pass"


def test_goteborg_partner_city_project_needs_an_end_date(cli, write):
    text = """\
title: Partnerstadsprojekt med Shanghai om vattenrening
kind: partner_city_project
counterpart: {name: Shanghai, type: city, country: CN}
concrete_exchange: true
start_date: 2025-01-01
decision: {body: kommunstyrelsen}
"""
    _, (result,) = check(cli, write("p.yaml", text), "-c", "goteborg")
    finding = findings_by_id(result)["gbg.partner-city-concrete-time-limited"]
    assert finding["verdict"] == "fail"
    _, (result,) = check(cli, write("p2.yaml", text + "end_date: 2026-12-31\n"), "-c", "goteborg")
    assert findings_by_id(result)["gbg.partner-city-concrete-time-limited"]["verdict"] == "pass"


def test_goteborg_findings_say_the_source_is_a_news_report(cli, write):
    run = cli("check", write("t.yaml", TWIN_TOWN), "-c", "goteborg")
    assert "nyhetsartikel" in run.stdout


def test_malmo_secondment_without_a_report_is_flagged(cli, write):
    text = """\
title: Utstationering vid Brysselkontoret
kind: secondment
secondment: {destination: Malmö stads Brysselkontor, return_date: 2025-06-30}
"""
    _, (result,) = check(cli, write("s.yaml", text), "-c", "malmö")
    finding = findings_by_id(result)["malmo06.secondment-report"]
    assert finding["verdict"] == "fail"
    assert "senast en månad efter" in finding["citation"]["quote"]
    late = text.replace(
        "return_date: 2025-06-30}", "return_date: 2025-06-30, report_date: 2025-09-01}"
    )
    _, (result,) = check(cli, write("late.yaml", late), "-c", "malmo")
    assert findings_by_id(result)["malmo06.secondment-report"]["verdict"] == "fail"
    due = text.replace(
        "return_date: 2025-06-30}", "return_date: 2025-06-30, report_date: 2025-07-30}"
    )
    _, (result,) = check(cli, write("due.yaml", due), "-c", "malmo")
    assert findings_by_id(result)["malmo06.secondment-report"]["verdict"] == "pass"


def test_all_gives_a_result_for_each_city_and_an_overview(cli, write):
    path = write("t.yaml", TWIN_TOWN)
    _, results = check(cli, path, "--city", "all")
    assert sorted(r["city"] for r in results) == ["goteborg", "helsingborg", "malmo", "stockholm"]
    assert {r["strategy"] for r in results} >= {"stockholm@2016", "goteborg@undated"}
    run = cli("check", path, "--city", "all")
    header = next(
        line
        for line in run.stdout.splitlines()
        if "stockholm@2016" in line and "malmo@2006" in line
    )
    assert header.split()[0] == "fil"


def test_stockholm_2008_can_be_chosen_by_version_or_by_date(cli, write):
    path = write("t.yaml", TWIN_TOWN)
    _, (result,) = check(cli, path, "-c", "stockholm@2008")
    assert result["strategy"] == "stockholm@2008"
    assert "sthlm08.partner-by-subject-matter" in findings_by_id(result)
    assert "sthlm16.no-twin-towns" not in findings_by_id(result)
    _, (result,) = check(cli, path, "-c", "stockholm", "--at", "2012-05-01")
    assert result["strategy"] == "stockholm@2008"
    _, (result,) = check(cli, path, "-c", "stockholm", "--at", "2020-05-01")
    assert result["strategy"] == "stockholm@2016"
    run = cli("check", path, "-c", "stockholm", "--at", "1999-01-01")
    assert run.exit_code == 2


@pytest.mark.parametrize("named", ["stockholm@2008", "stockholm@2016", "all"])
def test_a_proposal_cannot_choose_the_version_that_judges_it(cli, write, named):
    run = cli("check", write("t.yaml", TWIN_TOWN + f"city: {named}\n"), "--format", "json")
    assert run.exit_code == 2
    error = run.json()["results"][0]["error"]
    assert error["line"] == TWIN_TOWN.count("\n") + 1
    assert "--at" in error["message"]


def test_the_version_in_force_judges_a_proposal_that_names_its_city(cli, write):
    _, (result,) = check(cli, write("t.yaml", TWIN_TOWN + "city: stockholm\n"))
    assert result["strategy"] == "stockholm@2016"
    _, (result,) = check(
        cli, write("t.yaml", TWIN_TOWN + "city: stockholm\n"), "--at", "2012-05-01"
    )
    assert result["strategy"] == "stockholm@2008"


def test_cities_lists_every_version_with_its_dates(cli):
    run = cli("cities", "--lang", "en")
    for ref in (
        "stockholm@2008",
        "stockholm@2016",
        "malmo@2006",
        "helsingborg@2012",
        "goteborg@undated",
    ):
        assert ref in run.stdout
    assert "adopted 2012-03-28" in run.stdout
    assert "news article" in run.stdout


def test_every_bundled_version_is_listed_for_the_citation_check(cli):
    listed = cli("principles", "--city", "all", "--format", "json").json()
    refs = {s["strategy"] for s in listed}
    assert refs == {
        "stockholm@2008",
        "stockholm@2016",
        "malmo@2006",
        "helsingborg@2012",
        "goteborg@undated",
    }
    goteborg = next(s for s in listed if s["city"] == "goteborg")
    assert goteborg["secondary_source"] is True
