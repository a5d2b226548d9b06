"""The condition language as one protocol: every form is a class in the registry with every part,
and a form added from outside (here `between`) works in check, explain and diff unchanged."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest
from rich.console import Console

from strategikoll import texts
from strategikoll.conditions import (
    FORMS,
    Condition,
    ConditionError,
    Facts,
    Kit,
    Outcome,
    Parser,
    Reason,
    code,
    lookup,
    missing_parts,
    parse,
    shown,
)
from strategikoll.proposal import field_paths
from strategikoll.witnesses import KIT

SAMPLES: dict[str, Any] = {
    "never": "never",
    "all": {"all": [{"is_true": "concrete_exchange"}, {"present": "end_date"}]},
    "any": {"any": [{"is_true": "concrete_exchange"}, {"present": "end_date"}]},
    "not": {"not": {"is_true": "foreign_policy"}},
    "present": {"present": "end_date"},
    "stated": {"stated": "thematic_area"},
    "is_true": {"is_true": "concrete_exchange"},
    "equals": {"equals": {"field": "decision.body", "value": "kommunfullmaktige"}},
    "in": {"in": {"field": "decision.body", "values": ["kommunstyrelsen", "kommunfullmaktige"]}},
    "contains": {"contains": {"field": "directions", "any_of": ["profiling"]}},
    "mentions": {"mentions": {"field": "counterpart.name", "any_of": ["Bryssel"]}},
    "compare": {"compare": {"field": "review_interval_years", "op": "<=", "value": 4}},
    "count": {"count": {"field": "themes", "op": "==", "value": 1}},
    "sum": {"sum": {"field": "funding.sources", "of": "amount_sek", "op": "<=", "value": 100}},
    "share": {
        "share": {
            "field": "funding.sources",
            "of": "amount_sek",
            "where": {"is_true": "external"},
            "op": ">=",
            "percent": 100,
        }
    },
    "duration": {"duration": {"from": "start_date", "to": "end_date", "op": "<=", "value": "4y"}},
}
"""A condition of each form. A form without one here is named by the first test."""


def test_every_form_has_a_sample_here():
    assert set(SAMPLES) >= set(FORMS), f"no sample for {sorted(set(FORMS) - set(SAMPLES))}"


@pytest.mark.parametrize("name", sorted(FORMS))
def test_every_form_has_every_part(name):
    form = FORMS[name]
    missing = missing_parts(form)
    assert not missing, f"the form {name} has no {', '.join(missing)}"


@pytest.mark.parametrize("name", sorted(set(SAMPLES) & set(FORMS)))
def test_every_form_parses_evaluates_describes_and_proposes_witnesses(name):
    condition = parse(SAMPLES[name], field_paths())
    assert condition.name == name
    hash(condition.signature())
    hash(condition.shape())
    facts = list(condition.candidates(KIT))
    assert facts, f"{name} proposes no facts for a witness"
    outcomes = {condition.evaluate(_data(f)).met for f in facts}
    if name != "never":  # the candidates decide it both ways
        assert {True, False} <= outcomes | ({False} if name == "stated" else set()), name
    for lang in ("sv", "en"):
        texts.set_language(lang)
        try:
            assert condition.describe()
            for f in facts:
                outcome = condition.evaluate(_data(f))
                said = [reason.node.says(reason) for reason in outcome.reasons]
                assert all(s.endswith(".") for s in said), said
                if said:
                    assert any("`" in s for s in said), f"{said!r} names no field"
        finally:
            texts.set_language("sv")


def _data(facts: Facts) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for path, value in facts.items():
        *parents, last = path.split(".")
        place = data
        for part in parents:
            place = place.setdefault(part, {})
        place[last] = value
    return data


# ---------------------------------------------------------------------------------------------
# A form added in one class with its words, and nothing else touched


@pytest.fixture
def between() -> Iterator[type[Condition]]:
    @dataclass(frozen=True)
    class Between(Condition):
        """A number within a closed range."""

        name: ClassVar[str] = "between"
        words: ClassVar[dict[str, dict[str, Any]]] = {
            "sv": {
                "between": "{field} är mellan {low} och {high}",
                "says_between": "Förslaget anger {value} som {field} ({code}); det ska vara "
                "mellan {low} och {high}.",
            },
            "en": {
                "between": "{field} is between {low} and {high}",
                "says_between": "The proposal gives {value} as {field} ({code}); it must be "
                "between {low} and {high}.",
            },
        }
        field: str
        low: float
        high: float

        @classmethod
        def parse(cls, parser: Parser, body: Any, at: tuple[str | int, ...]) -> Condition:
            parser.keys(body, {"field", "low", "high"}, set(), at)
            path = parser.field(body, "field", at)
            parser.require(path, at, many=False, kinds=(int, float))
            low, high = parser.number(body, "low", at), parser.number(body, "high", at)
            if low > high:
                raise ConditionError("low > high", (*at, "low"))
            return cls(path, low, high)

        def evaluate(self, data: Mapping[str, Any]) -> Outcome:
            value = lookup(data, self.field)
            if value is None:
                return Outcome(None, missing=(self.field,))
            if self.low <= value <= self.high:
                return Outcome(True)
            return Outcome(False, (Reason(self, value),), (), (self.field,))

        def describe(self) -> str:
            return texts.t("between", field=texts.field_label(self.field), **self._bounds())

        def says(self, reason: Reason) -> str:
            return texts.t(
                "says_between",
                value=shown(reason.stated),
                field=texts.field_label(self.field),
                code=code(self.field),
                **self._bounds(),
            )

        def _bounds(self) -> dict[str, str]:
            return {"low": shown(self.low), "high": shown(self.high)}

        def fields(self) -> set[str]:
            return {self.field}

        def candidates(self, kit: Kit) -> Iterator[Facts]:
            for value in (self.low - 1, self.low, self.high, self.high + 1):
                yield {self.field: value}

        def signature(self) -> Any:
            return ("between", self.field, self.low, self.high)

        def shape(self) -> Any:
            return ("between", self.field)

    yield Between
    FORMS.pop("between")
    for words in texts.WORDS.values():
        words.pop("between", None)
        words.pop("says_between", None)


STRATEGY = """\
city: testby
version: "{version}"
name: {{sv: Testbys strategi, en: Testby's strategy}}
source: 002_3c3bf3c3f787e2e1.txt
principles:
  - id: testby.review
    title: {{sv: Översyn med jämna mellanrum, en: Regular review}}
    topic: review
    kinds: [cooperation_agreement]
    modal: ska
    severity: fail
    condition:
      between: {{field: review_interval_years, low: 1, high: {high}}}
    message:
      sv: Avtalet ska ses över med jämna mellanrum.
      en: The agreement shall be reviewed at regular intervals.
    citation:
      source: 002_3c3bf3c3f787e2e1.txt
      section: 4. Principer för stadens internationella arbete
      quote: Staden har dock inga utpekade vänorter och tecknar inte vänortsavtal.
"""

PROPOSAL = """\
title: Samarbetsavtal om cykeltrafik
kind: cooperation_agreement
review_interval_years: {years}
"""


def test_a_form_added_from_outside_works_in_check_explain_and_diff(between, cli, write):
    assert "between" in FORMS
    assert not missing_parts(between)
    strict = write("strict.yaml", STRATEGY.format(version="1", high=4))
    loose = write("loose.yaml", STRATEGY.format(version="2", high=8))

    # check: the verdict, and the reason in the form's own words, in both languages
    too_long = write("p.yaml", PROPOSAL.format(years=6))
    run = cli("check", too_long, "--strategy", strict, "--format", "json")
    (finding,) = run.json()["results"][0]["findings"]
    assert (run.exit_code, finding["verdict"]) == (1, "fail")
    assert "Förslaget anger 6 som" in finding["message"]
    assert "det ska vara mellan 1 och 4." in finding["message"]
    assert finding["fields"] == ["kind", "review_interval_years"]
    assert finding["reasons"][0]["form"] == "between"
    english = cli("check", too_long, "--strategy", strict, "--lang", "en", "--format", "json")
    assert "it must be between 1 and 4." in english.json()["results"][0]["findings"][0]["message"]
    ok = write("ok.yaml", PROPOSAL.format(years=3))
    assert cli("check", ok, "--strategy", strict).exit_code == 0

    # explain: the requirement in words
    from strategikoll.loader import load_file
    from strategikoll.strategies import compile_strategy
    from strategikoll.views import print_explanation

    strategy = compile_strategy(load_file(strict, display=str(strict)))
    buffer = io.StringIO()
    print_explanation(Console(file=buffer, width=200), strategy, strategy.principles[0])
    assert "är mellan 1 och 4" in buffer.getvalue()

    # diff: the thresholds differ, and a witness shows it
    run = cli("diff", strict, loose, "--format", "json")
    payload = json.loads(run.stdout)
    (topic,) = [t for t in payload["topics"] if t["differs"]]
    assert "thresholds" in json.dumps(topic)
    (witness,) = payload["witnesses"]
    assert witness["proposal"]["review_interval_years"] > 4
    assert {witness["a"], witness["b"]} == {"fail", "pass"}


def test_a_form_missing_a_part_is_named(between):
    class Half(Condition):
        name: ClassVar[str] = "half"

        def evaluate(self, data: Mapping[str, Any]) -> Outcome:
            return Outcome(True)

    try:
        assert missing_parts(Half) == [
            "parse",
            "describe",
            "says",
            "fields",
            "candidates",
            "signature",
            "shape",
        ]
    finally:
        FORMS.pop("half")


def test_words_are_given_at_the_edge_not_when_judging(cli, write):
    """The same judgement worded in either language: the engine keeps no language, so a
    judgement remembered from a Swedish run reads in English in an English one."""
    proposal = write(
        "p.yaml", "title: Avtal\nkind: cooperation_agreement\nstart_date: 2026-01-01\n"
    )
    swedish = cli("check", proposal, "--city", "stockholm", "--format", "json").json()
    english = cli("check", proposal, "--city", "stockholm", "--format", "json", "--lang", "en")
    first, second = swedish["results"][0], english.json()["results"][0]
    dates_sv = next(f for f in first["findings"] if f["principle"] == "sthlm16.cooperation-dates")
    dates_en = next(f for f in second["findings"] if f["principle"] == "sthlm16.cooperation-dates")
    assert "I förslaget saknas slutdatum (`end_date`)." in dates_sv["message"]
    assert "The proposal gives no end date (`end_date`)." in dates_en["message"]

    def data(reasons: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return [(r["form"], r["fields"], r["stated"]) for r in reasons]

    assert (
        data(dates_sv["reasons"]) == data(dates_en["reasons"]) == [("present", ["end_date"], None)]
    )
    assert [f["verdict"] for f in first["findings"]] == [f["verdict"] for f in second["findings"]]
