"""Two strategies compared: point by point, topic by topic, and by example.

Principles are lined up by `topic` (the shared vocabulary). Within a topic each principle of one
side is paired with the most alike of the other; a pair is the same, or differs in severity, in
what it applies to, in its thresholds (the same test with other values) or in its conditions. A
principle left without a partner is only on its side. For every topic that differs, a witness
proposal is searched for (see `witnesses`): one on which the two strategies give other verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from strategikoll import texts
from strategikoll.conditions import Condition
from strategikoll.strategies import Principle, Strategy
from strategikoll.witnesses import Witness, find_witness, judged_again


class Aspect(StrEnum):
    """What two principles of a topic differ in."""

    SEVERITY = "severity"
    APPLIES_TO = "applies_to"
    THRESHOLDS = "thresholds"
    CONDITION = "condition"
    UNPAIRED = "unpaired"  # a principle with no counterpart on the other side


class Status(StrEnum):
    """How a topic compares."""

    SAME = "same"
    DIFFERENT = "different"
    ONLY_A = "only_a"
    ONLY_B = "only_b"


@dataclass(frozen=True)
class Pair:
    """A principle of each side about the same thing (one of them None when it has no partner)."""

    a: Principle | None
    b: Principle | None
    differences: tuple[Aspect, ...] = ()


@dataclass(frozen=True)
class TopicDiff:
    """One topic: each side's principles, paired, and how they compare."""

    topic: str
    a: tuple[Principle, ...]
    b: tuple[Principle, ...]
    pairs: tuple[Pair, ...]
    status: Status
    witness: Witness | None = None

    @property
    def differs(self) -> bool:
        return self.status is not Status.SAME

    @property
    def aspects(self) -> tuple[Aspect, ...]:
        """Every way its pairs differ, in the order of `Aspect`."""
        found = {aspect for pair in self.pairs for aspect in pair.differences}
        if self.status is Status.DIFFERENT and any(None in (p.a, p.b) for p in self.pairs):
            found.add(Aspect.UNPAIRED)
        return tuple(aspect for aspect in Aspect if aspect in found)


@dataclass(frozen=True)
class StrategyDiff:
    """The comparison of strategy `a` with strategy `b`."""

    a: Strategy
    b: Strategy
    topics: tuple[TopicDiff, ...]

    @property
    def differs(self) -> bool:
        return any(topic.differs for topic in self.topics)

    @property
    def witnesses(self) -> list[Witness]:
        return [t.witness for t in self.topics if t.witness is not None]

    @property
    def labels(self) -> tuple[str, str]:
        """What to call the two sides: `city@version`, or their files when that is the same."""
        a, b = self.a, self.b
        if a.ref == b.ref and a.origin != b.origin:
            return a.origin, b.origin
        return a.ref, b.ref

    @property
    def newer(self) -> Strategy | None:
        """The later of two versions of one city's strategy; None for two cities."""
        if self.a.city != self.b.city:
            return None
        start_a, start_b = self.a.spec.starts(), self.b.spec.starts()
        if start_a is None or start_b is None or start_a == start_b:
            return None
        return self.a if start_a > start_b else self.b


def compare(a: Strategy, b: Strategy, *, witnesses: bool = True) -> StrategyDiff:
    """Compare two strategies topic by topic; with `witnesses`, look for a witness per topic
    that differs. A witness is kept only if `check` gives it the verdicts claimed."""
    order = {topic: index for index, topic in enumerate(texts.topics())}
    topics = {p.spec.topic for p in (*a.principles, *b.principles)}
    compared = []
    for topic in sorted(topics, key=lambda t: (order.get(t, len(order)), t)):
        mine = tuple(p for p in a.principles if p.spec.topic == topic)
        theirs = tuple(p for p in b.principles if p.spec.topic == topic)
        pairs = _paired(mine, theirs)
        status = (
            Status.ONLY_A
            if not theirs
            else Status.ONLY_B
            if not mine
            else Status.SAME
            if all(pair.a and pair.b and not pair.differences for pair in pairs)
            else Status.DIFFERENT
        )
        witness = find_witness(topic, a, b) if witnesses and status is not Status.SAME else None
        if witness is not None and judged_again(witness, a, b) != (witness.a, witness.b):
            witness = None  # never show a witness that `check` would not bear out
        compared.append(TopicDiff(topic, mine, theirs, pairs, status, witness))
    return StrategyDiff(a, b, tuple(compared))


def differences(a: Principle, b: Principle) -> tuple[Aspect, ...]:
    """How two principles differ; empty when they ask the same of the same engagements."""
    found = []
    if a.spec.severity != b.spec.severity:
        found.append(Aspect.SEVERITY)
    if (
        a.kinds != b.kinds
        or canonical(a.when) != canonical(b.when)
        or a.spec.when_unknown != b.spec.when_unknown
    ):
        found.append(Aspect.APPLIES_TO)
    if canonical(a.condition) != canonical(b.condition):
        same_shape = shape(a.condition) == shape(b.condition)
        found.append(Aspect.THRESHOLDS if same_shape else Aspect.CONDITION)
    return tuple(found)


def canonical(condition: Condition | None) -> Any:
    """A condition as what it means, to compare (`Condition.signature`)."""
    return condition.signature() if condition is not None else None


def shape(condition: Condition | None) -> Any:
    """A condition with its thresholds left out (`Condition.shape`)."""
    return condition.shape() if condition is not None else None


def _paired(mine: tuple[Principle, ...], theirs: tuple[Principle, ...]) -> tuple[Pair, ...]:
    """Each principle with the most alike of the other side, the most alike pairs first."""
    scored = sorted(
        ((_likeness(p, q), i, j) for i, p in enumerate(mine) for j, q in enumerate(theirs)),
        key=lambda s: (-s[0], s[1], s[2]),
    )
    taken_a: dict[int, int] = {}
    taken_b: set[int] = set()
    for _, i, j in scored:
        if i not in taken_a and j not in taken_b:
            taken_a[i] = j
            taken_b.add(j)
    pairs = [
        Pair(p, theirs[taken_a[i]], differences(p, theirs[taken_a[i]]))
        if i in taken_a
        else Pair(p, None)
        for i, p in enumerate(mine)
    ]
    pairs += [Pair(None, q) for j, q in enumerate(theirs) if j not in taken_b]
    return tuple(pairs)


def _likeness(a: Principle, b: Principle) -> float:
    """How alike two principles are: what they test, of which engagements, how strictly."""
    score = 0.0
    if canonical(a.condition) == canonical(b.condition):
        score += 4
    elif shape(a.condition) == shape(b.condition):
        score += 2
    if a.kinds == b.kinds:
        score += 2
    elif a.kinds is not None and b.kinds is not None and a.kinds & b.kinds:
        score += 1
    read_a, read_b = set(a.reads), set(b.reads)
    if read_a | read_b:
        score += 2 * len(read_a & read_b) / len(read_a | read_b)
    if a.spec.severity == b.spec.severity:
        score += 0.5
    return score
