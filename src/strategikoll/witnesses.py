"""Proposals that tell two strategies apart, found from their declarative conditions.

Every condition proposes the facts that would decide it either way (`candidates`): the value it
asks for and one it does not, a number on each side of a threshold, dates a span apart, funding
sources inside and outside a share. A witness for a topic is built from those: the facts the
topic's principles turn on, on top of a background that the two strategies' other principles are
content with, so that what differs is the topic. Each is then made as small as it can be and
judged again, as `check` would judge the file, before it is shown.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from pydantic import BaseModel, ValidationError

from strategikoll import texts
from strategikoll.conditions import Condition, Facts, compared
from strategikoll.engine import Verdict, verdict_of, worst
from strategikoll.proposal import Kind, Proposal, field_paths
from strategikoll.strategies import Principle, Severity, Strategy

DAY = dt.timedelta(days=1)
START = dt.date(2026, 1, 1)
"""The day a generated engagement starts."""

MAX_MOVES = 3
"""At most this many of a topic's facts are combined in one witness."""

MAX_LISTED = 6
"""At most this many of the values a condition lists are tried, one by one."""

MAX_ITEMS = 50
"""Lists of at most this many items are made to meet a count."""

MAX_TRIALS = 600
"""At most this many proposals are tried for one topic and kind."""

RANK = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.FAIL: 2}


@dataclass(frozen=True)
class Witness:
    """A proposal on which the two strategies give different verdicts, because of one topic."""

    topic: str
    proposal: dict[str, Any]  # as the YAML file has it, dates as dates
    a: Verdict
    b: Verdict
    principles: tuple[str, ...]  # the topic's principles that judged it differently


def find_witness(topic: str, a: Strategy, b: Strategy) -> Witness | None:
    """A proposal on which `a` and `b` differ because of `topic`, or None when none is found.

    The widest gap between the verdicts wins (pass against fail), then the fewest facts.
    """
    best: tuple[tuple[int, int], Facts, Verdict, Verdict] | None = None
    widest = -_widest_gap(topic, a, b)
    for kind in _kinds(topic, a, b):
        found = _search(topic, kind, a, b)
        if found is not None and (best is None or found[0] < best[0]):
            best = found
        if best is not None and best[0][0] == widest:  # kinds with fewer principles came first
            break
    if best is None:
        return None
    _, facts, verdict_a, verdict_b = best
    data = facts_as_data(facts)
    differing = tuple(
        p.id
        for p in (*_topic(a, topic, facts["kind"]), *_topic(b, topic, facts["kind"]))
        if verdict_of(p, data) not in (None, Verdict.PASS)
    )
    return Witness(topic, facts_as_data(facts), verdict_a, verdict_b, differing)


def _kinds(topic: str, a: Strategy, b: Strategy) -> list[Kind]:
    """The kinds of engagement the topic's principles name (every kind when one names none),
    those that fewer principles concern first: their witnesses need fewer other facts."""
    named: set[Kind] = set()
    for principle in (*a.principles, *b.principles):
        if principle.spec.topic == topic:
            named |= set(Kind) if principle.kinds is None else principle.kinds
    concerned = {kind: len(a.applying_to(kind)) + len(b.applying_to(kind)) for kind in named}
    return sorted(named, key=lambda kind: (concerned[kind], list(Kind).index(kind)))


def _widest_gap(topic: str, a: Strategy, b: Strategy) -> int:
    """Pass against fail, unless the topic's principles can only warn."""
    severities = {p.spec.severity for p in (*a.principles, *b.principles) if p.spec.topic == topic}
    return RANK[Verdict.FAIL] if Severity.FAIL in severities else RANK[Verdict.WARN]


def _topic(strategy: Strategy, topic: str, kind: Kind) -> list[Principle]:
    return [p for p in strategy.applying_to(kind) if p.spec.topic == topic]


def _search(
    topic: str, kind: Kind, a: Strategy, b: Strategy
) -> tuple[tuple[int, int], Facts, Verdict, Verdict] | None:
    """The best witness for one kind: the widest gap between the verdicts, then fewest facts."""
    mine = [*_topic(a, topic, kind), *_topic(b, topic, kind)]
    if not mine:
        return None
    # In an order of their own, not of the sides: `diff A B` finds what `diff B A` finds.
    others = sorted(
        (p for s in (a, b) for p in s.applying_to(kind) if p.spec.topic != topic),
        key=lambda p: p.id,
    )
    moves = sorted(
        _unique(c for p in mine for c in _principle_candidates(p)),
        key=lambda facts: (len(facts), repr(sorted(facts.items(), key=repr))),
    )
    base: Facts = {"title": texts.t("witness_title", topic=texts.topic_label(topic)), "kind": kind}
    found: list[tuple[tuple[int, int], Facts, Verdict, Verdict]] = []
    background = _Others(others, base)
    judge = _Judge(topic, a, b)
    combinations = itertools.chain.from_iterable(
        itertools.combinations(moves, size) for size in range(min(MAX_MOVES, len(moves)) + 1)
    )
    for combination in itertools.islice(combinations, MAX_TRIALS):
        chosen = _merged_all(combination)
        if chosen is None:
            continue
        facts = background.added({**base, **chosen}, frozen=set(chosen))
        judged = judge(facts)
        if judged is None:
            continue
        facts = _smallest(facts, judge, judged)
        size = sum(1 for v in facts.values() if v is not None) - 2
        gap = abs(RANK[judged[0]] - RANK[judged[1]])
        found.append(((-gap, size), facts, *judged))
        if gap == RANK[Verdict.FAIL]:
            break
    return min(found, key=lambda f: f[0]) if found else None


class _Judge:
    """The two verdicts on some facts, when they differ because of `topic`; else None.

    The other principles of both strategies must be no worse than the better of the two
    verdicts: then the worse one comes from the topic, not from something else. One search asks
    about the same facts more than once (trying each fact's removal from witnesses that share
    most of them): what it found is kept by the facts.
    """

    def __init__(self, topic: str, a: Strategy, b: Strategy) -> None:
        self.topic, self.a, self.b = topic, a, b
        self.kept: dict[Items, tuple[Verdict, Verdict] | None] = {}

    def __call__(self, facts: Facts) -> tuple[Verdict, Verdict] | None:
        items = _items(facts)
        if items in self.kept:
            return self.kept[items]
        decided = self.kept[items] = self.decide(facts, self.found(facts, items))
        return decided

    def found(self, facts: Facts, items: Items | None = None) -> Found:
        """What each principle of each strategy for the facts' kind finds in them."""
        kind = facts["kind"]
        items = _items(facts) if items is None else items
        return [
            [(p, _verdict(p, facts, items)) for p in s.applying_to(kind)] for s in (self.a, self.b)
        ]

    def without(self, facts: Facts, found: Found, path: str) -> tuple[Facts, Found]:
        """`facts` less the fact at `path`, and what each principle finds in them: those that
        do not read it find what they found (see `_verdict`); only the others are asked."""
        trial = {p: v for p, v in facts.items() if p != path}
        items: Items | None = None
        again: Found = []
        for each in found:
            row = []
            for principle, verdict in each:
                if _touching(principle)[path]:
                    items = _items(trial) if items is None else items
                    row.append((principle, _verdict(principle, trial, items)))
                else:
                    row.append((principle, verdict))
            again.append(row)
        return trial, again

    def decide(self, facts: Facts, found: Found) -> tuple[Verdict, Verdict] | None:
        """The two verdicts from what the principles found, when the topic tells them apart.

        Whether the facts make a valid proposal is asked last, of the few that tell the two
        strategies apart: what a principle finds depends on the facts it reads alone, so
        judging facts that are no proposal first keeps nothing that a proposal would not.
        """
        verdicts = []
        background = []
        for each in found:
            verdicts.append(worst([v for _, v in each if v is not None]))
            background += [v for p, v in each if v is not None and p.spec.topic != self.topic]
        verdict_a, verdict_b = verdicts
        if verdict_a == verdict_b:
            return None
        if RANK[worst(background)] > min(RANK[verdict_a], RANK[verdict_b]):
            return None
        return (verdict_a, verdict_b) if _valid(facts) else None


Found = list[list[tuple[Principle, Verdict | None]]]
"""What each principle of the two strategies finds in some facts, by strategy."""


class _Others:
    """The principles of a search that are not the topic's, which should not be what tells the
    strategies apart: `added` gives facts what they ask for.

    Which of them are content with some facts is known as facts are added: one that reads none
    of the facts added is as content as it was (what a principle finds depends on the facts it
    reads alone), so only those that read them are asked again. `base` is the search's facts
    before any is chosen, whose contentment every search starts from.
    """

    def __init__(self, others: Sequence[Principle], base: Facts) -> None:
        self.others = others
        items = _items(base)
        self.base = [_passes(p, base, items) for p in others]
        self.touching: dict[tuple[str, ...], list[int]] = {}
        self.reading: dict[tuple[int, tuple[str, ...]], list[int]] = {}

    def added(self, facts: Facts, frozen: set[str]) -> Facts:
        """`facts` with what the others ask for added where it can be. The `frozen` facts are
        the topic's and stay, and a fact added for one principle must not undo another that was
        content already."""
        others = self.others
        items = _items(facts)
        content = self._asked_again(list(self.base), tuple(sorted(frozen)), facts, items)
        for _ in range(2):
            changed = False
            for index, principle in enumerate(others):
                if content[index]:
                    continue
                for candidate in _principle_candidates(principle):
                    if frozen & set(candidate):
                        continue
                    paths = tuple(candidate)
                    reading = self._reading(index, paths, candidate)
                    trial = {**facts, **candidate}
                    tried = _items(trial)
                    if _passes(principle, trial, tried) and all(
                        _passes(others[j], trial, tried) for j in reading if content[j]
                    ):
                        facts, items, changed = trial, tried, True
                        content = self._asked_again(content, paths, facts, items)
                        break
            if not changed:
                break
        return facts

    def _asked_again(
        self, content: list[bool], paths: tuple[str, ...], facts: Facts, items: Items
    ) -> list[bool]:
        """`content` once the facts at `paths` have changed: those that touch one asked again."""
        touching = self.touching.get(paths)
        if touching is None:
            touching = self.touching[paths] = [
                j for j, q in enumerate(self.others) if any(_touching(q)[p] for p in paths)
            ]
        for j in touching:
            content[j] = _passes(self.others[j], facts, items)
        return content

    def _reading(self, index: int, paths: tuple[str, ...], candidate: Facts) -> list[int]:
        """The others but the one at `index` that read the facts of `candidate` (by the paths)."""
        key = (index, paths)
        reading = self.reading.get(key)
        if reading is None:
            principle = self.others[index]
            reading = self.reading[key] = [
                j for j, q in enumerate(self.others) if q is not principle and _reads(q, candidate)
            ]
        return reading


def _reads(principle: Principle, facts: Facts) -> bool:
    """Whether the principle reads any of the facts (or a part of one, or what holds one)."""
    return any(
        read == path or read.startswith(path + ".") or path.startswith(read + ".")
        for read in principle.reads
        for path in facts
    )


def _passes(principle: Principle, facts: Facts, items: Items | None = None) -> bool:
    """Whether the principle is content with the facts (passes, or does not apply)."""
    return _verdict(principle, facts, items) in (None, Verdict.PASS)


_NOT_APPLYING = object()
_TOUCHING = object()  # the key, in a principle's memo, of which fact paths it reads


def _verdict(principle: Principle, facts: Facts, items: Items | None = None) -> Verdict | None:
    """What the principle finds in the facts, as `check` would (None: it does not apply).

    What it finds depends only on the facts it reads, and the search asks again and again about
    facts that differ elsewhere: so it is kept per principle, keyed by those facts (in order,
    since a later fact may stand inside an earlier one). `items` are the facts as `_items` gives
    them, when the caller asks about the same facts of many principles.
    """
    memo = principle.witnessed
    touching = _touching(principle)
    values = _items(facts) if items is None else items
    key = tuple([item for item in values if touching[item[0]]])
    found = memo.get(key)
    if found is None:
        verdict = verdict_of(principle, facts_as_data(facts))
        found = memo[key] = _NOT_APPLYING if verdict is None else verdict
    return found if isinstance(found, Verdict) else None


Items = tuple[tuple[str, type, Any], ...]


def _items(facts: Facts) -> Items:
    """The facts as a key: each path with its value's type and the value (a list or a mapping
    by its text)."""
    return tuple(
        [
            (path, kind, repr(value) if kind is list or kind is dict else value)
            for path, value in facts.items()
            for kind in (type(value),)
        ]
    )


def _touching(principle: Principle) -> _Touching:
    """Which fact paths can change what the principle finds, as it is asked."""
    touching = principle.witnessed.get(_TOUCHING)
    if touching is None:
        touching = principle.witnessed[_TOUCHING] = _Touching(principle)
    return touching


class _Touching(dict[str, bool]):
    """Which fact paths can change what one principle finds, told once per path."""

    def __init__(self, principle: Principle) -> None:
        super().__init__()
        self.principle = principle

    def __missing__(self, path: str) -> bool:
        touches = self[path] = _touches(self.principle, path)
        return touches


def _touches(principle: Principle, path: str) -> bool:
    """Whether a fact at `path` can change what the principle finds: `kind`, or a fact it reads
    (see `_reads`)."""
    return path == "kind" or _reads(principle, {path: None})


def _smallest(facts: Facts, judge: _Judge, judged: tuple[Verdict, Verdict]) -> Facts:
    """`facts` less every fact that the witness does without, the last added first."""
    found = judge.found(facts)
    for path in reversed(list(facts)):
        if path in ("title", "kind") or facts[path] is None:
            continue
        trial, again = judge.without(facts, found, path)
        if judge.decide(trial, again) == judged:
            facts, found = trial, again
    return facts


def _valid(facts: Facts) -> bool:
    """Whether the facts make a proposal that `check` accepts."""
    try:
        Proposal.model_validate(facts_as_data(facts))
    except ValidationError:
        return False
    return True


def _unique(candidates: Iterable[Facts]) -> list[Facts]:
    seen: list[Facts] = []
    for candidate in candidates:
        if candidate not in seen:
            seen.append(candidate)
    return seen


def _merged_all(candidates: Iterable[Facts]) -> Facts | None:
    """The candidates together, or None when two of them want a fact to differ."""
    merged: Facts = {}
    for candidate in candidates:
        for path, value in candidate.items():
            if path in merged and merged[path] != value:
                return None
            merged[path] = value
    return merged


# ---------------------------------------------------------------------------------------------
# Facts as data


def facts_as_data(facts: Facts) -> dict[str, Any]:
    """The facts nested as a proposal has them: `{"decision.body": "namnd"}` → `{"decision":
    {"body": "namnd"}}`; a fact that is None is left out. The engine reads it as it is."""
    tree: dict[str, Any] = {}
    for path, value in facts.items():
        if value is None:
            continue
        *parents, last = path.split(".")
        place = tree
        for part in parents:
            place = place.setdefault(part, {})
        place[last] = _plain(value)
    return tree


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------
# Candidates: the facts that decide a condition either way


def _principle_candidates(principle: Principle) -> list[Facts]:
    """Facts that decide the principle's condition, or whether it applies, either way."""
    language = texts.language()  # text values (a source's name) are in the run's language
    return _cached_candidates(principle.condition, language) + (
        _cached_candidates(principle.when, language) if principle.when is not None else []
    )


@functools.lru_cache(maxsize=1024)
def _cached_candidates(condition: Condition, _language: str) -> list[Facts]:
    return _unique(candidates(condition))


def candidates(condition: Condition) -> Iterator[Facts]:
    """Facts (dotted paths and values) that exercise `condition`: some meet it, some do not.
    Each form proposes its own (`Condition.candidates`), with the values of this module."""
    return condition.candidates(KIT)


class _Kit:
    """What a form needs to propose facts: values of each field's type, and its parts'
    candidates (`conditions.Kit`)."""

    start = START
    day = DAY
    max_listed = MAX_LISTED
    max_items = MAX_ITEMS

    def of(self, condition: Condition) -> list[Facts]:
        return list(candidates(condition))

    def meets(self, condition: Condition, facts: Facts) -> bool | None:
        return condition.evaluate(facts_as_data(facts)).met

    def some(self, path: str) -> Any:
        return _some(path)

    def some_item(self, path: str) -> Any:
        return _some_item(path)

    def other(self, path: str, values: list[Any]) -> Any:
        return _other(path, values)

    def wrapped(self, path: str, value: Any) -> Any:
        return _wrapped(path, value)

    def step(self, value: Any, step: int) -> Any:
        return _step(value, step)

    def item_name(self) -> str:
        return texts.t("witness_source")


KIT = _Kit()


def _spec(path: str) -> Any:
    return field_paths()[path]


def _wrapped(path: str, value: Any) -> Any:
    """A value for the field: in a list when the field holds a list."""
    return [value] if _spec(path).many and not isinstance(value, list) else value


def _some(path: str) -> Any:
    """A stated value for the field."""
    spec = _spec(path)
    value = _some_item(path)
    return [value] if spec.many else value


def _some_item(path: str) -> Any:
    kind = _spec(path).kind
    if isinstance(kind, type) and issubclass(kind, Enum):
        return next(iter(kind)).value
    if kind is bool:
        return True
    if kind in (int, float):
        return 1
    if kind is dt.date:
        return START
    if isinstance(kind, type) and issubclass(kind, BaseModel):  # a funding source
        return {"name": texts.t("witness_source"), "amount_sek": 100000}
    if path.endswith("country"):
        return "DE"
    return texts.field_label(path).capitalize()


def _other(path: str, values: list[Any]) -> Any:
    """A value of the field's type that is none of `values`."""
    kind = _spec(path).kind
    taken = {compared(v) for v in values}
    if isinstance(kind, type) and issubclass(kind, Enum):
        return next((m.value for m in kind if compared(m) not in taken), None)
    if kind is bool:
        return not values[0]
    if kind in (int, float):
        return max(float(v) for v in values) + 1
    if kind is dt.date:
        return max(values) + DAY
    if path.endswith("country"):  # a code none of the values names: every list leaves one free
        letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
        codes = (a + b for a in letters for b in letters)
        return next(c for c in ("DE", "FR", "NO", "FI", *codes) if c.casefold() not in taken)
    return texts.field_label(path).capitalize()


def _step(value: Any, step: int) -> Any:
    """One unit (a day, or one) below, at or above `value`."""
    if isinstance(value, dt.date):
        return value + step * DAY
    return value + step


def judged_again(witness: Witness, a: Strategy, b: Strategy) -> tuple[Verdict, Verdict] | None:
    """The verdicts `check` gives the witness written as YAML and read back, for each side;
    None if it cannot be read back (it would then not be shown)."""
    from strategikoll.engine import judge
    from strategikoll.errors import InputError
    from strategikoll.loader import load_text
    from strategikoll.proposal import read_proposal

    try:
        document = load_text(witness_yaml(witness.proposal), "witness.yaml")
        proposal = read_proposal(document)
    except InputError:
        return None
    first, second = judge(proposal, document, [a, b])
    return first.verdict, second.verdict


def witness_yaml(proposal: Mapping[str, Any]) -> str:
    """The proposal as YAML a user can save and check: block style, in the order of its facts,
    every value written out (no anchors and aliases)."""
    import yaml

    class Dumper(yaml.SafeDumper):
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return str(yaml.dump(dict(proposal), Dumper=Dumper, allow_unicode=True, sort_keys=False))
