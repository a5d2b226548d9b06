"""The other commands: principles, explain, cities, schema, init, and the help."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strategikoll.i18n import en, sv
from strategikoll.proposal import Kind, field_paths


def test_help_lists_every_command(cli):
    run = cli("--help")
    for command in ("check", "diff", "principles", "explain", "cities", "schema", "init", "test"):
        assert command in run.stdout


def test_principles_json_contract(cli):
    payload = cli("principles", "--city", "stockholm", "--format", "json").json()
    assert (payload["city"], payload["strategy"]) == ("stockholm", "stockholm@2016")
    for principle in payload["principles"]:
        assert {"id", "title", "severity", "topic", "citation"} <= set(principle)
        assert set(principle["citation"]) == {"source", "section", "quote"}
    assert isinstance(cli("principles", "--city", "all", "--format", "json").json(), list)


def test_principles_text(cli):
    run = cli("principles", "--city", "stockholm", "--lang", "en")
    assert "sthlm16.no-twin-towns" in run.stdout
    assert "No twin-town agreements" in run.stdout


def test_explain_shows_requirement_quote_and_note(cli):
    run = cli("explain", "sthlm16.aid-fully-external")
    assert run.exit_code == 0
    assert "Sida" in run.stdout
    assert "andelen av belopp i finansieringskällor där källan är extern" in run.stdout
    assert "002_3c3bf3c3f787e2e1.txt" in run.stdout


def test_explain_unknown_id_suggests(cli):
    run = cli("explain", "sthlm16.no-twin-town")
    assert run.exit_code == 2
    assert "sthlm16.no-twin-towns" in run.stderr


def test_cities(cli):
    assert "stockholm" in cli("cities").stdout


def test_schema_describes_every_field(cli):
    schema = cli("schema").json()
    assert schema["properties"]["end_date"]["title"] == "slutdatum"
    assert set(schema["required"]) == {"title", "kind"}
    assert "twin_town_agreement" in json.dumps(schema)
    english = cli("schema", "--lang", "en").json()
    assert english["properties"]["end_date"]["title"] == "end date"


def test_every_field_has_words_in_both_languages():
    for path in field_paths():
        assert path in sv.FIELDS and path in en.FIELDS, path
    assert set(sv.MESSAGES) == set(en.MESSAGES)
    assert set(sv.TOPICS) == set(en.TOPICS)
    assert set(sv.VALUES) == set(en.VALUES)


@pytest.mark.parametrize("kind", [k.value for k in Kind])
def test_init_writes_a_template_that_checks(cli, tmp_path, kind):
    target = tmp_path / f"{kind}.yaml"
    run = cli("init", "--kind", kind, target, "--city", "stockholm")
    assert run.exit_code == 0, run.stderr
    text = target.read_text(encoding="utf-8")
    assert f"kind: {kind}" in text
    assert "#" in text
    checked = cli("check", target, "--format", "json").json()
    assert checked["results"][0]["verdict"] in ("pass", "warn", "fail")


def test_init_names_the_fields_the_strategy_asks_about(cli, tmp_path):
    target = tmp_path / "aid.yaml"
    cli("init", "--kind", "aid_project", target)
    text = target.read_text(encoding="utf-8")
    assert "external" in text and "within_budget_frame" in text
    assert "brand_used" not in text


def test_init_never_overwrites_without_force(cli, tmp_path: Path):
    target = tmp_path / "p.yaml"
    target.write_text("mine", encoding="utf-8")
    run = cli("init", "--kind", "membership", target)
    assert run.exit_code == 2
    assert target.read_text(encoding="utf-8") == "mine"
    assert cli("init", "--kind", "membership", target, "--force").exit_code == 0
    assert "kind: membership" in target.read_text(encoding="utf-8")


def test_init_unknown_kind_suggests(cli, tmp_path):
    run = cli("init", "--kind", "membershp", tmp_path / "x.yaml")
    assert run.exit_code == 2
    assert "membership" in run.stderr


def test_the_programs_help_lists_every_command_whatever_follows_it(cli):
    """Only the command being run is built, but `--help` before a command's name asks for the
    program's help, which names them all."""
    for args in (("--help", "check"), ("--lang", "en", "--help", "diff"), ("--help",)):
        run = cli(*args)
        assert run.exit_code == 0, run.stderr
        for command in ("check", "diff", "lint", "draft", "explain", "schema"):
            assert command in run.stdout, (args, command)
