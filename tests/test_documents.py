"""A strategy names its source as a document, a city's other spellings live in its strategy
file, a city without a bundled strategy is used by its file, and a draft cannot judge."""

from __future__ import annotations

import textwrap

from strategikoll.strategies import resolve, source_file

UPPSALA = """\
city: uppsala
version: "2024"
aliases: [upsala]
name: {sv: Uppsala kommuns internationella policy, en: Uppsala's international policy}
source:
  title: Internationell policy för Uppsala kommun
  publisher: Uppsala kommun, kommunstyrelsen
  date: "2024-02-01"
  reference: KSN-2023-0001
  text: uppsala-2024.txt
principles:
  - id: upps.ks-decides-memberships
    title: {sv: Kommunstyrelsen beslutar om medlemskap, en: The executive board decides}
    topic: decision_authority
    kinds: [membership]
    modal: ska
    severity: fail
    condition:
      in: {field: decision.body, values: [kommunstyrelsen, kommunfullmaktige]}
    message:
      sv: Kommunstyrelsen ska besluta om nya medlemskap.
      en: The executive board shall decide on new memberships.
    citation:
      section: Beslut
      quote: Kommunstyrelsen ska besluta om nya medlemskap i internationella nätverk.
"""

MEMBERSHIP = """\
title: Medlemskap i ett nätverk för hållbara städer
kind: membership
city: uppsala
decision: {body: namnd}
"""


def test_the_bundled_strategies_name_their_source_as_a_document(cli):
    payload = cli("principles", "--city", "all", "--format", "json").json()
    for strategy in payload:
        source = strategy["source"]
        assert source["title"] and source["publisher"], strategy["strategy"]
        assert source["text"].endswith(".txt")  # the file of its text, beside the document
        # every citation still names the file that holds the text it quotes
        assert {p["citation"]["source"] for p in strategy["principles"]} == {source["text"]}
    stockholm = next(s for s in payload if s["strategy"] == "stockholm@2016")
    assert stockholm["source"]["reference"] == "dnr 171-482/2016"


def test_the_text_of_a_source_is_found_where_the_documentation_says(tmp_path, monkeypatch):
    strategy = resolve("malmo")[0]
    found = source_file(strategy)
    if found is not None:  # the seeds beside the checkout
        assert found.name == "001_c438ae55bb35e0c9.txt"
    given = tmp_path / "mine.txt"
    assert source_file(strategy, given) == given  # `--source` wins
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "001_c438ae55bb35e0c9.txt").write_text("text", encoding="utf-8")
    monkeypatch.setenv("STRATEGIKOLL_SOURCES", str(folder))
    assert source_file(strategy) == folder / "001_c438ae55bb35e0c9.txt"


def test_a_citys_other_spellings_come_from_its_strategy_file(cli, write):
    proposal = write("p.yaml", "title: Medlemskap\nkind: membership\n")
    for spelling in ("malmö", "MALMÖ", "Gothenburg", "göteborg"):
        run = cli("check", proposal, "--city", spelling, "--format", "json")
        assert run.exit_code in (0, 1), (spelling, run.stderr)
    wrong = cli("check", proposal, "--city", "gotenburg")
    assert wrong.exit_code == 2
    assert "gothenburg" in wrong.stderr  # did you mean, from the file's aliases


def test_a_city_without_a_bundled_strategy_is_used_by_its_file(cli, write, tmp_path):
    strategy = write("uppsala.yaml", UPPSALA)
    proposal = write("p.yaml", MEMBERSHIP)
    run = cli("check", proposal, "--strategy", strategy, "--format", "json")
    (result,) = run.json()["results"]
    assert (run.exit_code, result["strategy"], result["verdict"]) == (1, "uppsala@2024", "fail")
    (finding,) = result["findings"]
    assert finding["citation"]["source"] == "uppsala-2024.txt"  # the document's text
    assert "det ska vara kommunstyrelsen eller kommunfullmäktige" in finding["message"]


def test_a_draft_principle_cannot_judge(cli, write):
    condition = "      in: {field: decision.body, values: [kommunstyrelsen, kommunfullmaktige]}\n"
    draft = UPPSALA.replace(
        f"    condition:\n{condition}",
        '    todo: "Skriv villkoret; fält som kan passa: decision.body"\n',
    )
    strategy = write("draft.yaml", textwrap.dedent(draft))
    proposal = write("p.yaml", MEMBERSHIP)
    run = cli("check", proposal, "--strategy", strategy)
    assert run.exit_code == 2
    assert "upps.ks-decides-memberships är ett utkast (todo)" in run.stderr
    assert "draft.yaml:" in run.stderr  # at its line
