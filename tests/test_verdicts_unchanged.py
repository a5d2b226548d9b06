"""Every bundled example judged by every strategy gives the verdicts it gave before the findings
were worded at the edge (`tests/data/verdicts-of-examples.json`, made from the earlier engine)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES

BEFORE = Path(__file__).parent / "data" / "verdicts-of-examples.json"


def test_every_example_keeps_its_verdicts(cli, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent)
    run = cli("check", "examples", "--city", "all", "--format", "json", "-j1")
    now = {
        f"{r['file']} {r.get('strategy')}": {
            "verdict": r["verdict"],
            "findings": sorted(f"{f['principle']}={f['verdict']}" for f in r.get("findings", [])),
            "not_judged": sorted(n["principle"] for n in r.get("not_judged", [])),
        }
        for r in run.json()["results"]
    }
    before = json.loads(BEFORE.read_text(encoding="utf-8"))
    assert len(now) == len(before) == 256
    assert now == before


def test_every_result_has_its_title_and_every_finding_the_fields_it_read(cli, monkeypatch):
    monkeypatch.chdir(EXAMPLES.parent)
    results = cli("check", "examples", "--city", "all", "--format", "json").json()["results"]
    for result in results:
        assert result["title"], result["file"]
        for finding in result["findings"]:
            assert "kind" in finding["fields"], finding["principle"]
            if finding["verdict"] == "fail":  # what was not met, as data, and in words
                assert finding["reasons"], finding["principle"]
                assert "`" in finding["message"], finding["message"]
            if finding["verdict"] == "warn" and not finding["reasons"]:
                assert finding["missing"], finding["principle"]


def test_the_title_is_in_every_format(cli, write):
    proposal = write("p.yaml", "title: Vänortsavtal med Testby\nkind: twin_town_agreement\n")
    for output_format in ("text", "json", "sarif", "junit", "github", "markdown"):
        run = cli("check", proposal, "--city", "stockholm", "--format", output_format)
        assert "Vänortsavtal med Testby" in run.stdout, output_format
