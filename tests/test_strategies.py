"""The bundled strategies: faithful to their sources, and validated as strictly as proposals."""

from __future__ import annotations

import re

import pytest

from conftest import SEEDS, needs_sources
from strategikoll.errors import InputError
from strategikoll.loader import load_text
from strategikoll.strategies import (
    BUNDLED_DIR,
    SEVERITY_OF_MODAL,
    all_principles,
    compile_strategy,
    load_strategy,
)


def fold(text: str) -> str:
    """As the citation checker folds: white space collapsed, `*` dropped."""
    return re.sub(r"\s+", " ", text.replace("*", "")).strip()


SOURCES = {path.name: fold(path.read_text(encoding="utf-8")) for path in SEEDS.glob("*.txt")}
"""The source documents, folded; empty where they are not to be had (see `needs_sources`)."""
PRINCIPLES = all_principles()


@pytest.mark.parametrize(("strategy", "principle"), PRINCIPLES, ids=[p.id for _, p in PRINCIPLES])
def test_every_quote_is_verbatim_in_its_source(strategy, principle):
    needs_sources()
    citation = principle.spec.citation
    assert citation.source == strategy.spec.text_file()
    assert fold(citation.quote) in SOURCES[citation.source]


@pytest.mark.parametrize("path", sorted(BUNDLED_DIR.glob("*.yaml")), ids=lambda p: p.stem)
def test_omitted_sentences_are_quoted_verbatim_too(path):
    needs_sources()
    strategy = load_strategy(path)
    for item in strategy.spec.omitted:
        assert fold(item["quote"]) in SOURCES[str(strategy.spec.text_file())]
        assert item["reason"]


def test_severity_follows_the_modal_verb_or_says_why_not():
    departures = []
    for _, principle in PRINCIPLES:
        if SEVERITY_OF_MODAL[principle.spec.modal] != principle.spec.severity:
            assert principle.spec.severity_reason is not None, principle.id
            departures.append(principle.id)
    assert departures == ["malmo06.welfare-priority"]


def test_principle_ids_are_unique_across_strategies():
    ids = [p.id for _, p in PRINCIPLES]
    assert len(ids) == len(set(ids))


MINIMAL = """\
city: testby
version: "1"
name: {sv: Testby, en: Testby}
source: 002_3c3bf3c3f787e2e1.txt
principles:
  - id: testby.one
    title: {sv: Ett, en: One}
    topic: twin_towns
    kinds: [twin_town_agreement]
    modal: ska_inte
    severity: fail
    condition: never
    message: {sv: Nej, en: No}
    citation: {source: 002_3c3bf3c3f787e2e1.txt, section: "4", quote: tecknar inte vänortsavtal}
"""


def test_a_minimal_custom_strategy_compiles():
    strategy = compile_strategy(load_text(MINIMAL, "testby.yaml"))
    assert strategy.ref == "testby@1"
    assert [p.id for p in strategy.principles] == ["testby.one"]


@pytest.mark.parametrize(
    ("change", "line", "words"),
    [
        (("modal: ska_inte", "modal: bor"), 11, "severity warn"),
        (("topic: twin_towns", "topic: twinning"), 8, "okänt ämne"),
        (("condition: never", "condition: {present: end_dat}"), 12, "end_date"),
        (
            ("condition: never", "condition: {compare: {field: end_date, op: '=>', value: 1}}"),
            12,
            "op",
        ),
        (("kinds: [twin_town_agreement]", "kinds: [twin_town]"), 9, "twin_town_agreement"),
        (("    message: {sv: Nej, en: No}\n", "    mesage: {sv: Nej, en: No}\n"), 13, "mesage"),
    ],
)
def test_a_broken_strategy_is_an_error_with_its_location(change, line, words):
    text = MINIMAL.replace(*change)
    with pytest.raises(InputError) as caught:
        compile_strategy(load_text(text, "testby.yaml"))
    matching = [p for p in caught.value.problems if words in p.message]
    assert matching, caught.value.render()
    assert matching[0].line == line, caught.value.render()


def _bundled_proposals() -> list[dict[str, object]]:
    """Every proposal the repository ships: the examples, and each case of the case files."""
    from conftest import EXAMPLES
    from strategikoll.loader import load_file
    from strategikoll.proposal import Proposal

    raw = [load_file(path).data for path in sorted(EXAMPLES.rglob("*.yaml"))]
    for path in sorted((BUNDLED_DIR / "cases").glob("*.yaml")):
        raw += [case["proposal"] for case in load_file(path).data["cases"]]
    return [Proposal.model_validate(each).model_dump() for each in raw]


def _only(data: dict[str, object], paths: tuple[str, ...], presence: set[str]) -> dict[str, object]:
    """The proposal reduced to the values at `paths`, nested as they were; those of which only
    presence matters replaced by some other stated value."""
    from strategikoll.conditions import lookup, stated

    kept: dict[str, object] = {}
    for path in paths:
        value = lookup(data, path)
        if value is None:
            continue
        if path in presence and stated(value):
            value = ["något annat"] if isinstance(value, list) else "något annat"
        *parents, last = path.split(".")
        place = kept
        for part in parents:
            place = place.setdefault(part, {})  # type: ignore[assignment]
        place[last] = value
    return kept


def test_a_principle_reads_only_the_fields_it_names():
    """The engine reuses what a principle found for proposals that state the same facts in the
    fields it names (or state at all, where only that matters); so those fields must be all it
    reads, in every bundled proposal."""
    from strategikoll.conditions import presence_only_in

    proposals = _bundled_proposals()
    assert len(proposals) > 150
    for _, principle in PRINCIPLES:
        parts = [c for c in (principle.when, principle.condition) if c is not None]
        presence = presence_only_in(parts)
        for data in proposals:
            reduced = _only(data, principle.reads, presence)
            for condition in (principle.when, principle.condition):
                if condition is not None:
                    assert condition.evaluate(reduced) == condition.evaluate(data), principle.id
