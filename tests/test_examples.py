"""The bundled examples, each checked against the verdicts written in its header."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import EXAMPLES, findings_by_id
from strategikoll.conditions import Never
from strategikoll.strategies import resolve

EXPECT = re.compile(r"^# expect(?: (?P<principle>[\w.\-]+))?: (?P<verdict>pass|warn|fail)\s*$")
FILES = sorted(EXAMPLES.rglob("*.yaml"))


def expectations(path: Path) -> tuple[str, dict[str, str]]:
    overall, per_principle = "", {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match and match["principle"]:
            per_principle[match["principle"]] = match["verdict"]
        elif match:
            overall = match["verdict"]
    return overall, per_principle


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(EXAMPLES).as_posix())
def test_example_gets_its_expected_verdicts(cli, path):
    overall, per_principle = expectations(path)
    assert overall, f"{path} has no '# expect:' header"
    # A proposal names only its city; the 2008 guidelines are chosen by the run, as a user would.
    version = ["--city", "stockholm@2008"] if path.parent.name == "stockholm-2008" else []
    result = cli("check", path, *version, "--format", "json").json()["results"][0]
    assert result["verdict"] == overall
    findings = findings_by_id(result)
    for principle, verdict in per_principle.items():
        assert findings[principle]["verdict"] == verdict, principle


def test_examples_exercise_every_principle_both_ways(cli):
    principles = cli("principles", "--city", "stockholm", "--format", "json").json()["principles"]
    results = cli("check", EXAMPLES / "stockholm", "--format", "json").json()["results"]
    seen: dict[str, set[str]] = {}
    for result in results:
        for finding in result["findings"]:
            seen.setdefault(finding["principle"], set()).add(finding["verdict"])
    prohibitions = {p.id for p in resolve("stockholm")[0].principles if p.condition == Never()}
    for principle in principles:
        verdicts = seen.get(principle["id"], set())
        if principle["id"] not in prohibitions:  # a prohibition has nothing to pass
            assert "pass" in verdicts, principle["id"]
        assert verdicts & {"warn", "fail"}, principle["id"]
    assert any(r["verdict"] == "pass" for r in results)
