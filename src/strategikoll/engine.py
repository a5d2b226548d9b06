"""The engine: a proposal and a strategy in, findings and a verdict out. No I/O, no printing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from strategikoll import texts
from strategikoll.conditions import MET, Outcome
from strategikoll.errors import InputError
from strategikoll.loader import Document
from strategikoll.proposal import Proposal, Waiver
from strategikoll.strategies import Principle, Severity, Strategy
from strategikoll.waivers import apply_waivers, counted


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


@dataclass(frozen=True)
class Finding:
    """What one principle says about one proposal."""

    principle: Principle
    verdict: Verdict
    message: str
    line: int | None
    column: int | None
    waiver: Waiver | None = None  # a valid exception decided for this principle: shown, not counted


@dataclass(frozen=True)
class Result:
    """The judgement of one file against one strategy, or the error that kept it from judgement."""

    file: str
    verdict: Verdict
    strategy: Strategy | None = None
    findings: tuple[Finding, ...] = ()
    error: InputError | None = None
    rendered: str | None = None  # the output format's text for it, made where it was judged

    def prerendered(self, render: Callable[[Result], str]) -> Result:
        """This result as its rendered text and its verdict only: cheap to send between processes.

        The findings and error are dropped; what a report counts (file, verdict, strategy) stays.
        """
        return Result(self.file, self.verdict, self.strategy, rendered=render(self))


class Report:
    """The results of one run, in a deterministic order, and the counts the summary needs.

    The results come as they are judged. A reporter that writes each as it comes iterates the
    report once and holds none of them, so a run of any size fits in the same memory; one that
    needs them all (a table first, details after) reads `results`, which keeps them. The counts are
    complete once the results have all been read.
    """

    def __init__(self, results: Iterable[Result] = ()) -> None:
        self._source = iter(results)
        self._kept: list[Result] | None = None
        self._tally = dict.fromkeys(Verdict, 0)
        self._files = 0
        self._last_file: str | None = None

    def __iter__(self) -> Iterator[Result]:
        if self._kept is not None:
            yield from self._kept
            return
        for result in self._source:
            self._tally[result.verdict] += 1
            if result.file != self._last_file:  # a file's results come together
                self._files, self._last_file = self._files + 1, result.file
            yield result

    @property
    def results(self) -> list[Result]:
        """Every result, kept in memory (read the report once with `for` to avoid that)."""
        if self._kept is None:
            self._kept = list(self)
        return self._kept

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
) -> list[Result]:
    """Evaluate every applicable principle of each strategy on `proposal`: a result per strategy.

    The proposal's waivers are weighed as of `today` (the day of the run unless given).
    """
    data = proposal.model_dump()
    known = (
        {p.id for strategy in strategies for p in strategy.principles}
        if proposal.waivers
        else set()
    )
    day = today or dt.date.today()
    results = []
    for strategy in strategies:
        judged = (
            _finding(principle, data, document)
            for principle in strategy.principles
            if principle.applies_to(proposal.kind)
        )
        findings = tuple(f for f in judged if f is not None)
        if proposal.waivers:
            findings = apply_waivers(
                findings,
                waivers=proposal.waivers,
                strategy=strategy,
                known_ids=known,
                today=day,
                document=document,
            )
        verdict = worst([counted(f) for f in findings])
        results.append(Result(document.file, verdict, strategy, findings))
    return results


def _finding(principle: Principle, data: Mapping[str, Any], document: Document) -> Finding | None:
    applicable = principle.when.evaluate(data) if principle.when is not None else MET
    if applicable.met is False:
        return None
    outcome = principle.condition.evaluate(data)
    if outcome.met is True:  # met whether or not it applies: nothing to warn about
        message = f"{principle.spec.title}: {texts.t('met')}"
        return _make(principle, Verdict.PASS, message, outcome, document)
    if applicable.met is None:
        if principle.spec.when_unknown == "skip":
            return None
        message = f"{principle.spec.message} {_missing('when_unknown', applicable)}"
        return _make(principle, Verdict.WARN, message, applicable, document)
    if outcome.met is None:
        message = f"{principle.spec.message} {_missing('unknown', outcome)}"
        return _make(principle, Verdict.WARN, message, outcome, document)
    verdict = Verdict.FAIL if principle.spec.severity is Severity.FAIL else Verdict.WARN
    reasons = "; ".join(outcome.reasons)
    message = f"{principle.spec.message} {texts.t('unmet', reasons=reasons)}"
    return _make(principle, verdict, message, outcome, document)


def _missing(key: str, outcome: Outcome) -> str:
    names = dict.fromkeys(texts.field_label(path) for path in outcome.missing)
    return texts.t(key, missing=", ".join(names))


def _make(
    principle: Principle, verdict: Verdict, message: str, outcome: Outcome, document: Document
) -> Finding:
    line, column = document.stated_position(outcome.fields or outcome.missing, fallback=("kind",))
    return Finding(principle, verdict, message, line, column)
