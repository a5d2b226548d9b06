"""The guide's path, as a new user walked it (docs/encode-your-city.md): a made-up municipality's
text, drafted, completed and linted, with its cases, used by file with no change to the program."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).parent / "data"
STRATEGY = DATA / "exempelby-2025.yaml"


def test_the_draft_of_the_text_finds_every_normative_sentence(cli, tmp_path):
    draft = tmp_path / "utkast.yaml"
    run = cli(
        "draft",
        DATA / "sources" / "exempelby-2025.txt",
        "--city",
        "exempelby",
        "--version",
        "2025",
        "-o",
        draft,
    )
    assert run.exit_code == 0, run.stderr
    linted = cli("lint", draft, "--source", DATA / "sources" / "exempelby-2025.txt")
    assert "(100 %)" in linted.stdout  # every normative sentence: a principle or omitted
    assert linted.stdout.count("utkast, villkoret återstår") == 11


def test_the_completed_strategy_lints_without_an_error_and_covers_its_text(cli):
    run = cli("lint", STRATEGY, "--format", "json")
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "TODO" not in STRATEGY.read_text(encoding="utf-8")
    assert "todo:" not in STRATEGY.read_text(encoding="utf-8")


def test_its_cases_pass_and_a_proposal_is_judged_by_its_file(cli, write):
    assert cli("test", DATA / "cases" / "exempelby-2025.yaml").exit_code == 0
    trip = write(
        "resa.yaml",
        "title: Konferensresa till Tokyo\nkind: conference_trip\ncity: exempelby\n"
        "counterpart: {name: Tokyo, type: city, country: JP}\ndecision: {body: forvaltning}\n",
    )
    run = cli("check", trip, "--strategy", STRATEGY, "--format", "json")
    (result,) = run.json()["results"]
    assert (result["strategy"], result["verdict"]) == ("exempelby@2025", "fail")
