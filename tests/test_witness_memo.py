"""The witness search keeps what each principle finds per set of facts it reads, judges again only
the principles that read a fact it adds or takes away, and asks whether facts make a valid proposal
last: the witnesses of every pair of bundled strategies are the ones the search found before it
did any of that (`tests/data/witnesses-of-every-pair.json`, made by that earlier search)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from strategikoll.diff import compare
from strategikoll.strategies import resolve
from strategikoll.witnesses import witness_yaml

BEFORE = json.loads(
    (Path(__file__).parent / "data" / "witnesses-of-every-pair.json").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("pair", sorted(BEFORE))
def test_the_witnesses_are_those_found_without_the_memo(pair):
    a, b = pair.split()
    found = [
        {"topic": w.topic, "a": w.a.value, "b": w.b.value, "proposal": witness_yaml(w.proposal)}
        for w in compare(resolve(a)[0], resolve(b)[0]).witnesses
    ]
    assert found == BEFORE[pair]
