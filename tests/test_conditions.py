"""The condition language: parsing, three-valued evaluation, words, and its algebraic laws."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategikoll.conditions import ConditionError, parse
from strategikoll.proposal import field_paths

FIELDS = ["a", "b", "c"]
VALUES = [None, True, False, 0, 1, 5, "x", "y"]

leaves = st.one_of(
    st.sampled_from(FIELDS).map(lambda f: {"present": f}),
    st.sampled_from(FIELDS).map(lambda f: {"is_true": f}),
    st.tuples(st.sampled_from(FIELDS), st.sampled_from(VALUES[1:])).map(
        lambda fv: {"equals": {"field": fv[0], "value": fv[1]}}
    ),
    st.tuples(st.sampled_from(FIELDS), st.lists(st.sampled_from(["x", "y", 1]), min_size=1)).map(
        lambda fv: {"in": {"field": fv[0], "values": fv[1]}}
    ),
    st.tuples(
        st.sampled_from(FIELDS),
        st.sampled_from(["<", "<=", ">", ">=", "==", "!="]),
        st.integers(0, 5),
    ).map(lambda f: {"compare": {"field": f[0], "op": f[1], "value": f[2]}}),
    st.just("never"),
)
conditions = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda items: {"all": items}),
        st.lists(inner, min_size=1, max_size=3).map(lambda items: {"any": items}),
        inner.map(lambda item: {"not": item}),
    ),
    max_leaves=8,
)
data = st.fixed_dictionaries({f: st.sampled_from(VALUES) for f in FIELDS})


@settings(max_examples=400, deadline=None)
@given(conditions, data)
def test_evaluation_is_total_and_explains_itself(raw, proposal):
    condition = parse(raw)
    outcome = condition.evaluate(proposal)
    assert outcome.met in (True, False, None)
    assert condition.describe()
    if outcome.met is False:
        assert outcome.reasons  # a failure always says which part failed
    if outcome.met is None:
        assert outcome.missing and set(outcome.missing) <= set(FIELDS)


@settings(max_examples=300, deadline=None)
@given(conditions, data)
def test_double_negation(raw, proposal):
    assert parse({"not": {"not": raw}}).evaluate(proposal).met == parse(raw).evaluate(proposal).met


@settings(max_examples=300, deadline=None)
@given(conditions, conditions, data)
def test_de_morgan(left, right, proposal):
    negated_all = parse({"not": {"all": [left, right]}}).evaluate(proposal).met
    any_negated = parse({"any": [{"not": left}, {"not": right}]}).evaluate(proposal).met
    assert negated_all == any_negated


@settings(max_examples=300, deadline=None)
@given(conditions, data)
def test_stating_a_missing_fact_never_turns_a_decided_outcome_unknown(raw, proposal):
    condition = parse(raw)
    before = condition.evaluate(proposal)
    if before.met is None:
        filled = {k: (True if v is None else v) for k, v in proposal.items()}
        assert condition.evaluate(filled).met is not None


garbage = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=8)
    | st.sampled_from(["never", "all", "any", "not", "field", "op", "value", "<", "end_date"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "all",
                    "any",
                    "not",
                    "present",
                    "is_true",
                    "equals",
                    "in",
                    "contains",
                    "compare",
                    "count",
                    "sum",
                    "share",
                    "duration",
                    "field",
                    "value",
                    "values",
                    "any_of",
                    "op",
                    "of",
                    "where",
                    "percent",
                    "from",
                    "to",
                    "x",
                ]
            ),
            inner,
            max_size=3,
        )
    ),
    max_leaves=12,
)


@settings(max_examples=500, deadline=None)
@given(garbage)
def test_parsing_garbage_raises_condition_error_only(raw):
    for fields in (None, field_paths()):
        try:
            parse(raw, fields).describe()
        except ConditionError as error:
            assert error.message


def test_missing_fact_is_unknown_not_false():
    outcome = parse({"is_true": "a"}).evaluate({})
    assert outcome.met is None and outcome.missing == ("a",)


def test_present_fails_when_missing():
    outcome = parse({"present": "end_date"}).evaluate({"end_date": None})
    assert outcome.met is False
    (reason,) = outcome.reasons
    assert reason.node.says(reason) == "I förslaget saknas slutdatum (`end_date`)."


def test_share_over_funding_sources():
    raw = {
        "share": {
            "field": "funding.sources",
            "of": "amount_sek",
            "where": {"is_true": "external"},
            "op": ">=",
            "percent": 100,
        }
    }
    condition = parse(raw)
    sources = [{"amount_sek": 70.0, "external": True}, {"amount_sek": 30.0, "external": False}]
    assert condition.evaluate({"funding": {"sources": sources}}).met is False
    sources[1]["external"] = True
    assert condition.evaluate({"funding": {"sources": sources}}).met is True
    sources[1]["external"] = None
    assert condition.evaluate({"funding": {"sources": sources}}).missing == (
        "funding.sources.1.external",
    )
    assert condition.evaluate({"funding": {"sources": []}}).met is None


def test_sum_over_funding_sources():
    raw = {"sum": {"field": "funding.sources", "of": "amount_sek", "op": "<=", "value": 100}}
    sources = [{"amount_sek": 60.0}, {"amount_sek": 50.0}]
    assert parse(raw).evaluate({"funding": {"sources": sources}}).met is False


@pytest.mark.parametrize(
    ("start", "end", "met"),
    [
        (dt.date(2024, 2, 29), dt.date(2028, 2, 29), True),
        (dt.date(2024, 2, 29), dt.date(2028, 3, 1), False),
        (dt.date(2024, 1, 31), dt.date(2028, 1, 31), True),
    ],
)
def test_duration_is_calendar_based(start, end, met):
    raw = {"duration": {"from": "start_date", "to": "end_date", "op": "<=", "value": "4y"}}
    assert parse(raw).evaluate({"start_date": start, "end_date": end}).met is met


def test_month_spans_clamp_to_month_end():
    raw = {"duration": {"from": "start_date", "to": "end_date", "op": "<=", "value": "1m"}}
    condition = parse(raw)
    assert condition.evaluate(
        {"start_date": dt.date(2025, 1, 31), "end_date": dt.date(2025, 2, 28)}
    ).met
    assert not condition.evaluate(
        {"start_date": dt.date(2025, 1, 31), "end_date": dt.date(2025, 3, 1)}
    ).met


def test_compare_with_another_field_and_dates():
    raw = {"compare": {"field": "end_date", "op": ">", "value": {"field": "start_date"}}}
    condition = parse(raw)
    assert condition.evaluate(
        {"start_date": dt.date(2025, 1, 1), "end_date": dt.date(2025, 1, 2)}
    ).met
    assert condition.evaluate({"start_date": dt.date(2025, 1, 1)}).missing == ("end_date",)
    before = parse({"compare": {"field": "end_date", "op": "<", "value": "2030-01-01"}})
    assert before.evaluate({"end_date": dt.date(2029, 12, 31)}).met


def test_unknown_field_is_rejected_with_a_hint():
    with pytest.raises(ConditionError) as caught:
        parse({"all": [{"present": "end_date"}, {"present": "end_dat"}]}, field_paths())
    assert caught.value.path == ("all", 1, "present")
    assert "menade du 'end_date'?" in caught.value.message


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        ({"equals": {"field": "decision.body", "value": "KS"}}, "kommunstyrelsen"),
        ({"is_true": "title"}, "title"),
        ({"duration": {"from": "title", "to": "end_date", "op": "<", "value": "1y"}}, "datum"),
        ({"compare": {"field": "start_date", "op": "<", "value": 3}}, "datum"),
        ({"compare": {"field": "end_date", "op": ">", "value": {"field": "title"}}}, "title"),
        ({"count": {"field": "title", "op": ">", "value": 1}}, "lista"),
        ({"contains": {"field": "themes", "any_of": [1]}}, "text"),
        ({"equals": {"field": "themes", "value": "x"}}, "lista"),
        ({"count": {"field": "themes", "op": ">", "value": float("inf")}}, "ändligt"),
        ({"compare": {"field": "end_date", "op": "<", "value": "2025-02-30"}}, "2025-02-30"),
        ({"share": {"field": "funding.sources", "of": "name", "op": ">", "percent": 5}}, "tal"),
    ],
)
def test_a_condition_that_could_never_match_is_rejected(raw, words):
    with pytest.raises(ConditionError) as caught:
        parse(raw, field_paths())
    assert words in caught.value.message
    assert caught.value.path


def test_explanations_keep_their_grouping():
    raw = {"any": [{"is_true": "a"}, {"all": [{"is_true": "b"}, {"is_true": "c"}]}]}
    assert parse(raw).describe() == "a: ja eller (b: ja och c: ja)"


@pytest.mark.parametrize(
    "raw",
    [
        {"compare": {"field": "a", "op": "=>", "value": 1}},
        {"duration": {"from": "a", "to": "b", "op": "<=", "value": "four years"}},
        {"all": []},
        {"eval": "__import__('os')"},
        {"equals": {"field": "a"}},
        {"present": "a", "is_true": "b"},
    ],
)
def test_malformed_conditions_are_rejected(raw):
    with pytest.raises(ConditionError):
        parse(raw)


def test_mentions_finds_a_word_in_any_case():
    raw = {"mentions": {"field": "counterpart.name", "any_of": ["Eurocities", "UBC"]}}
    condition = parse(raw, field_paths())
    assert condition.evaluate({"counterpart": {"name": "EUROCITIES Environment Forum"}}).met
    assert not condition.evaluate({"counterpart": {"name": "ICLEI"}}).met
    assert condition.evaluate({}).met is None
    with pytest.raises(ConditionError):
        parse({"mentions": {"field": "themes", "any_of": ["x"]}}, field_paths())


@settings(max_examples=300, deadline=None)
@given(conditions, data)
def test_an_outcome_depends_only_on_the_fields_read(raw, proposal):
    condition = parse(raw)
    reduced = {name: value for name, value in proposal.items() if name in condition.fields()}
    assert condition.evaluate(reduced) == condition.evaluate(proposal)


@settings(max_examples=300, deadline=None)
@given(conditions, data, st.sampled_from(["x", "y", 1, True]))
def test_only_presence_matters_for_fields_tested_for_presence_only(raw, proposal, other):
    condition = parse(raw)
    replaced = {
        name: other if name in condition.presence_only() and value not in (None, "") else value
        for name, value in proposal.items()
    }
    assert condition.evaluate(replaced) == condition.evaluate(proposal)
