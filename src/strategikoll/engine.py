"""The engine: a proposal and a strategy in, findings and a verdict out. No I/O, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

from strategikoll.conditions import MET, Outcome, Reason, lookup, stated
from strategikoll.errors import InputError
from strategikoll.funders import Inference, infer_external
from strategikoll.loader import Document
from strategikoll.proposal import Proposal, Waiver
from strategikoll.strategies import READY, Principle, Severity, Strategy
from strategikoll.waivers import (
    ACCEPT_WAIVERS,
    WaiverIssue,
    WaiverPolicy,
    apply_waivers,
    counted,
    unregistered_findings,
)


class Verdict(StrEnum):
    """The verdict of a finding or of a whole result, from best to worst."""

    PASS = "pass"
    WARN = "warn"
    FAIL = "fail"
    ERROR = "error"


_RANK = {Verdict.PASS: 0, Verdict.WARN: 1, Verdict.FAIL: 2, Verdict.ERROR: 3}


def worst(verdicts: list[Verdict]) -> Verdict:
    """The worst of some verdicts; pass when there are none."""
    return max(verdicts, key=_RANK.__getitem__, default=Verdict.PASS)


def at_least(verdict: Verdict, threshold: Verdict) -> bool:
    """Whether `verdict` is as bad as `threshold` or worse."""
    return _RANK[verdict] >= _RANK[threshold]


class Why(NamedTuple):
    """Why a principle found what it found, as data, in no language: reporters word it
    (`wording.message`) in the run's language.

    `state` is one of
    - "met": the condition is met;
    - "unmet": it is not (`reasons`);
    - "unknown": it cannot be judged, its facts `missing` are not stated;
    - "gate": whether the principle applies cannot be told (`gate`: the facts of its `when` not
      stated); `reasons` when the condition is not met either;
    - "not_judged": it applies only under a `when` the proposal leaves open (`gate`), and is
      listed, not counted; `reasons` when it would not be met;
    - "not_ready": an organisational duty, judged once the proposal is ready for decision;
    - "waiver": a finding about a waiver itself (`Finding.issue`).
    """

    state: str
    reasons: tuple[Reason, ...] = ()
    missing: tuple[str, ...] = ()
    gate: tuple[str, ...] = ()


class Finding(NamedTuple):
    """What one principle says about one proposal, or, with `issue`, what is wrong with one of
    its waivers.

    A named tuple, not a frozen dataclass: a large run makes hundreds of thousands of them.
    """

    principle: Principle | WaiverIssue
    verdict: Verdict
    why: Why
    line: int | None
    column: int | None
    waiver: Waiver | None = None  # a valid exception decided for this principle: shown, not counted
    inferred: tuple[Inference, ...] = ()  # what the register of funders inferred, when it is read

    @property
    def fields(self) -> tuple[str, ...]:
        """The field paths the finding read: `kind`, by which every principle applies, and what
        its conditions read."""
        return tuple(sorted({"kind", *self.principle.reads}))


class NotJudged(NamedTuple):
    """A principle for the proposal's kind that could not be judged, and why: it applies only under
    a condition (`when`) whose facts the proposal does not state, and the facts it does state
    do not break it. It is listed, never dropped without a word, and does not count."""

    principle: Principle
    why: Why


@dataclass(frozen=True)
class Result:
    """The judgement of one file against one strategy, or the error that kept it from judgement."""

    file: str
    verdict: Verdict
    strategy: Strategy | None = None
    findings: tuple[Finding, ...] = ()
    error: InputError | None = None
    not_judged: tuple[NotJudged, ...] = ()
    skipped: str | None = None  # why a file met while walking was not judged: not a proposal
    title: str | None = None  # the proposal's title, the first thing a committee looks for


class Rendered(NamedTuple):
    """A result with the text a format made of it in a worker process (`text`): the report
    passes the text on as it is. The text of a worker's batch comes with its first result, which
    is whole; the others' text is then empty, and they keep only what a report counts."""

    result: Result
    text: str | Spooled


class Spooled(NamedTuple):
    """Rendered text that a worker process wrote to a file of its own, UTF-8 encoded, for the
    parent to copy to the output as it is: large texts then never pass through a pipe."""

    path: Path


class Report:
    """The results of one run, in a deterministic order, and the counts the summary needs.

    The results come as they are judged. A reporter that writes each as it comes iterates the
    report once and holds none of them, so a run of any size fits in the same memory; one that
    needs them all (a table first, details after) reads `results`, which keeps them. The counts are
    complete once the results have all been read.
    """

    def __init__(
        self,
        results: Iterable[Result | Rendered] = (),
        *,
        fail_on: Verdict = Verdict.FAIL,
        skipped: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.fail_on = fail_on
        """The run's threshold (`--fail-on`): every format that marks failures agrees with it."""
        self.skipped: list[tuple[str, str]] = list(skipped)
        """Files met while walking that were not judged, each with why (a message)."""
        self._source = iter(results)
        self._kept: list[Rendered | Result] | None = None
        self._kept_results: list[Result] = []
        self._tally = dict.fromkeys(Verdict, 0)
        self._files = 0
        self._last_file: str | None = None

    def __iter__(self) -> Iterator[Result]:
        for each in self.rendered():
            yield each.result if isinstance(each, Rendered) else each

    def rendered(self) -> Iterator[Result | Rendered]:
        """The results, each with the text a worker made of it where one did (`Rendered`)."""
        if self._kept is not None:
            yield from self._kept
            return
        for each in self._source:
            result = each.result if isinstance(each, Rendered) else each
            if result.skipped is not None:  # not a proposal: said with -v, never counted
                self.skipped.append((result.file, result.skipped))
                continue
            self._tally[result.verdict] += 1
            if result.file != self._last_file:  # a file's results come together
                self._files, self._last_file = self._files + 1, result.file
            yield each

    @property
    def results(self) -> list[Result]:
        """Every result, kept in memory (read the report once with `for` to avoid that)."""
        if self._kept is None:
            self._kept = list(self.rendered())
            self._kept_results = [
                each.result if isinstance(each, Rendered) else each for each in self._kept
            ]
        return self._kept_results

    def counts(self) -> dict[str, int]:
        """Files checked and results per verdict, as in the JSON summary."""
        self.results  # noqa: B018 - whatever has not been read yet is read and counted
        return {"files": self._files, **{v.value: n for v, n in self._tally.items()}}

    def judged(self) -> int:
        """How many results (files times strategies) there were."""
        self.results  # noqa: B018
        return sum(self._tally.values())

    def worst(self) -> Verdict:
        """The worst verdict of any result."""
        counts = self.counts()
        return worst([v for v in Verdict if counts[v.value]])


def judge(
    proposal: Proposal,
    document: Document,
    strategies: Sequence[Strategy],
    today: dt.date | None = None,
    waiver_policy: WaiverPolicy = ACCEPT_WAIVERS,
) -> list[Result]:
    """Evaluate every applicable principle of each strategy on `proposal`: a result per strategy.

    The proposal's waivers are weighed as of `today` (the day of the run unless given), those the
    policy honours only.
    """
    data = proposal.model_dump()
    inferred = infer_external(data)
    claimed = proposal.waivers or []
    honoured, unregistered = waiver_policy.sort_out(claimed)
    waivers = [claimed[i] for i in honoured]
    known = {p.id for strategy in strategies for p in strategy.principles} if waivers else set()
    day = today or dt.date.today()
    facts = _Facts(data)
    places: dict[tuple[str, ...], tuple[int, int]] = {}
    results = []
    for strategy in strategies:
        principles = strategy.applying_to(proposal.kind)
        findings, not_judged = _findings(
            principles, data=data, facts=facts, document=document, places=places
        )
        if inferred:
            findings = _with_inferences(findings, inferred)
        if unregistered:
            extra = unregistered_findings(claimed, unregistered, document)
            findings = (*findings, *extra)
        if waivers:
            findings = apply_waivers(
                findings,
                waivers=waivers,
                strategy=strategy,
                known_ids=known,
                today=day,
                document=document,
                positions=honoured,
            )
            verdict = worst([counted(f) for f in findings])
        else:
            verdict = worst([f.verdict for f in findings])
        results.append(
            Result(
                document.file,
                verdict,
                strategy,
                findings,
                not_judged=not_judged,
                title=proposal.title,
            )
        )
    return results


EXTERNAL = "funding.sources.external"


def _with_inferences(
    findings: tuple[Finding, ...], inferred: tuple[Inference, ...]
) -> tuple[Finding, ...]:
    """Findings that read whether funding is external carry what the register inferred."""
    return tuple(
        f._replace(inferred=inferred) if EXTERNAL in f.principle.reads else f for f in findings
    )


MEMO_SIZE = 256
"""Per principle, how many distinct sets of facts it remembers what it found for."""


def _findings(
    principles: Sequence[Principle],
    *,
    data: Mapping[str, Any],
    facts: Mapping[str, Any],
    document: Document,
    places: dict[tuple[str, ...], tuple[int, int]],
) -> tuple[tuple[Finding, ...], tuple[NotJudged, ...]]:
    """What each principle finds in the proposal, at the line it concerns, and which it could not
    judge.

    What a principle finds depends only on the facts it reads (`facts`: each field's value, made
    hashable), and a repository's proposals state the same facts again and again. So the verdict
    and why found for some facts are kept, and only the line is looked up anew
    (`places`: the line of each group of fields, once per proposal).
    """
    findings = []
    not_judged = []
    for principle in principles:
        memo = principle.judged
        key = principle.key(facts)
        found = memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            found = _evaluate(principle, data)
            if len(memo) < MEMO_SIZE:
                memo[key] = found
        if found is None:
            continue
        verdict, why, about = found
        if verdict is None:
            not_judged.append(NotJudged(principle, why))
            continue
        place = places.get(about)
        if place is None:
            place = places[about] = document.stated_position(about, fallback=("kind",))
        findings.append(Finding(principle, verdict, why, *place))
    return tuple(findings), tuple(not_judged)


class _Facts(dict[str, Any]):
    """Each field's value in a proposal, made hashable, as the principles ask for them."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        super().__init__()
        self.data = data

    def __missing__(self, path: str) -> Any:
        if path.startswith("?"):  # whether it is stated, no more
            value = self[path] = stated(lookup(self.data, path[1:]))
        else:
            value = self[path] = _frozen(lookup(self.data, path))
        return value


_UNSEEN = object()
_Found = tuple[Verdict | None, Why, tuple[str, ...]] | None
"""A verdict (None: not judged), why, and the fields it is about; None where the principle does
not apply."""


def _frozen(value: Any) -> Any:
    """A value as part of a memo key: lists and maps as tuples, numbers with their type (so 1.0
    and 1, which print differently, are told apart)."""
    kind = type(value)
    if kind is dict:
        return tuple((k, _frozen(v)) for k, v in value.items())
    if kind is list:
        return (list, *map(_frozen, value))
    if kind is int or kind is float:
        return (kind, value)
    return value


def verdict_of(principle: Principle, data: Mapping[str, Any]) -> Verdict | None:
    """What `principle` finds in a proposal given as plain data; None where it does not apply."""
    found = _evaluate(principle, data)
    return None if found is None else found[0]


def _evaluate(principle: Principle, data: Mapping[str, Any]) -> _Found:
    applicable = principle.when.evaluate(data) if principle.when is not None else MET
    if applicable.met is False:
        return None
    if applicable.met is None and principle.spec.when_unknown == "apply":
        applicable = MET  # it applies unless the proposal states the exception
    outcome = principle.condition.evaluate(data)
    if outcome.met is True:  # met whether or not it applies: nothing to warn about
        return Verdict.PASS, MET_WHY, _about(outcome)
    if applicable.met is None:
        gate = applicable.missing
        if principle.spec.when_unknown == "skip":
            return None, Why("not_judged", outcome.reasons, gate=gate), gate
        why = Why("gate", outcome.reasons, gate=gate)
        return Verdict.WARN, why, _about(outcome) if outcome.met is False else _about(applicable)
    if principle.spec.required_when_ready and lookup(data, READY) is not True:
        if outcome.met is False and _rests_on_stated(outcome, data):
            return _unmet(principle, outcome)  # a stated fact breaks it, ready or not
        return None, NOT_READY, (READY,)
    if outcome.met is None:
        return Verdict.WARN, Why("unknown", missing=outcome.missing), _about(outcome)
    return _unmet(principle, outcome)


MET_WHY = Why("met")
NOT_READY = Why("not_ready", missing=(READY,))


def _unmet(principle: Principle, outcome: Outcome) -> _Found:
    verdict = Verdict.FAIL if principle.spec.severity is Severity.FAIL else Verdict.WARN
    return verdict, Why("unmet", outcome.reasons), _about(outcome)


def _rests_on_stated(outcome: Outcome, data: Mapping[str, Any]) -> bool:
    """Whether a failure comes from what the proposal states, not only from what it leaves out
    (a `present` test fails on a missing fact)."""
    return any(lookup(data, path) is not None for path in outcome.fields)


def _about(outcome: Outcome) -> tuple[str, ...]:
    return outcome.fields or outcome.missing
