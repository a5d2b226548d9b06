"""Hostile input: each attack a file of `tests/hostile/input/`, checked through the command line.

Any proposal or strategy file of a checked-out tree may be written by someone who wants the gate to
pass, or to cost the CI machine as much as possible. `expected.yaml` there says how each file is
checked and what must come of it: the exit status, the verdicts, each problem with its file, line
and column. Every case runs in a repository of its own with a marker file beside it, outside it:
nothing of that file may be read, let alone shown.

The arithmetic is also checked against an exact computation for amounts drawn at random.
"""

from __future__ import annotations

import builtins
import importlib.util
import io
import json
import os
import re
import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from strategikoll.conditions import OPERATORS, parse
from strategikoll.proposal import MAX_AMOUNT_SEK, Proposal, field_paths

INPUT = Path(__file__).parent / "hostile" / "input"
CASES: dict[str, dict[str, Any]] = yaml.safe_load(
    (INPUT / "expected.yaml").read_text(encoding="utf-8")
)
MARKER = "STRATEGIKOLL-MARKÖR-UTANFÖR-FÖRRÅDET"
LOCATED = re.compile(r"([^\s:]+\.ya?ml):(\d+):(\d+): ([^\n]*)")


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """A repository holding the corpus's YAML files, the working directory of the run, and the
    folder beside it that holds the marker file."""
    repo, outside = tmp_path / "repo", tmp_path / "outside"
    repo.mkdir()
    (repo / ".git").mkdir()
    for file in INPUT.glob("*.yaml"):
        if file.name != "expected.yaml":
            shutil.copy(file, repo)
    shutil.copytree(INPUT / "outside", outside)
    monkeypatch.chdir(repo)
    return repo, outside


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file opened from here on, resolved."""
    seen: list[Path] = []
    real = io.open

    def recording(file: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(file, str | os.PathLike):
            seen.append(Path(file).resolve())
        return real(file, *args, **kwargs)

    monkeypatch.setattr(io, "open", recording)
    monkeypatch.setattr(builtins, "open", recording)
    return seen


def _generate(script: str, repo: Path, outside: Path) -> None:
    spec = importlib.util.spec_from_file_location(Path(script).stem, INPUT / script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(repo, outside)


def _located(output: str) -> list[tuple[str, int, int, str]]:
    """Every located problem of a run, from its JSON results or its text: (file name, line,
    column, message)."""
    found = [(Path(f).name, int(line), int(col), m) for f, line, col, m in LOCATED.findall(output)]
    for result in _results(output):
        for problem in result.get("errors", []):
            file = Path(result["file"]).name
            found.append((file, problem["line"], problem["column"], problem["message"]))
    return found


def _results(output: str) -> list[dict[str, Any]]:
    try:
        return list(json.loads(output)["results"])
    except (ValueError, KeyError):
        return []


@pytest.mark.parametrize("name", list(CASES))
def test_hostile_input(
    name: str, cli: Callable[..., Any], repository: tuple[Path, Path], opened: list[Path]
) -> None:
    case = CASES[name]
    repo, outside = repository
    if "generate" in case:
        _generate(case["generate"], repo, outside)
    opened.clear()
    run = cli(*case["args"])
    output = run.stdout + run.stderr
    assert run.exit_code == case["exit"], output[:2000]
    results = _results(run.stdout)
    for file, verdicts in case.get("verdicts", {}).items():
        got = [r["verdict"] for r in results if Path(r["file"]).name == file]
        assert got == (verdicts if isinstance(verdicts, list) else [verdicts] * max(len(got), 1))
    findings = {f["principle"]: f["verdict"] for r in results for f in r.get("findings", [])}
    for principle, verdict in case.get("findings", {}).items():
        assert findings.get(principle) == verdict, principle
    located = _located(output)
    for file, line, column, words in case.get("errors", []):
        assert any(
            (f, ln, col) == (file, line, column) and words in message
            for f, ln, col, message in located
        ), f"{file}:{line}:{column}: …{words}… not among {located[:5]}"
    for words in case.get("says", []):
        assert words in output
    assert "Traceback" not in output
    assert "internt fel" not in output
    assert MARKER not in output
    assert not [p for p in opened if p.is_relative_to(outside.resolve())]
    for file in case.get("reads", []):
        assert (repo / file).resolve() in opened, file


# -- the arithmetic, against an exact computation --------------------------------------------

AID_SHARE = {
    "field": "funding.sources",
    "of": "amount_sek",
    "where": {"is_true": "external"},
}

ore = st.integers(0, MAX_AMOUNT_SEK * 100)
amounts = st.one_of(
    st.integers(0, MAX_AMOUNT_SEK),  # whole kronor, as most write them
    ore.map(lambda n: n / 100),  # kronor and öre, as a float from the YAML loader
)
sources = st.lists(st.tuples(amounts, st.booleans()), min_size=1, max_size=12)
operators = st.sampled_from(sorted(OPERATORS))


def _as_written(amount: float) -> Fraction:
    """The amount as the writer wrote it: whole kronor, or kronor and öre."""
    return Fraction(amount) if isinstance(amount, int) else Fraction(round(amount * 100), 100)


def _funding(drawn: list[tuple[float, bool]]) -> dict[str, Any]:
    """The proposal data the engine sees: validated, then dumped, as in a run."""
    listed = [{"name": "k", "amount_sek": a, "external": e} for a, e in drawn]
    proposal = Proposal.model_validate(
        {"title": "t", "kind": "aid_project", "funding": {"sources": listed}}
    )
    return proposal.model_dump()


@settings(max_examples=300, deadline=None)
@given(sources, operators, st.integers(0, 1000))
def test_share_is_exact(drawn: list[tuple[float, bool]], op: str, tenths: int) -> None:
    percent = tenths / 10
    raw = {"share": {**AID_SHARE, "op": op, "percent": percent}}
    outcome = parse(raw, field_paths()).evaluate(_funding(drawn))
    total = sum(_as_written(a) for a, _ in drawn)
    external = sum(_as_written(a) for a, e in drawn if e)
    if total == 0:
        assert outcome.met is None
    else:
        assert outcome.met is OPERATORS[op](100 * external / total, Fraction(tenths, 10))


@settings(max_examples=300, deadline=None)
@given(sources, operators, amounts)
def test_sum_is_exact(drawn: list[tuple[float, bool]], op: str, limit: float) -> None:
    raw = {"sum": {**AID_SHARE, "op": op, "value": limit}}
    outcome = parse(raw, field_paths()).evaluate(_funding(drawn))
    external = sum(_as_written(a) for a, e in drawn if e)
    assert outcome.met is OPERATORS[op](external, _as_written(limit))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, MAX_AMOUNT_SEK), st.integers(1, MAX_AMOUNT_SEK))
def test_any_own_money_means_not_all_external(external: int, own: int) -> None:
    raw = {"share": {**AID_SHARE, "op": ">=", "percent": 100}}
    data = _funding([(external, True), (own, False)])
    assert parse(raw, field_paths()).evaluate(data).met is False
