"""Strategy test cases: proposals with the verdicts their authors expect, run like a test suite.

A case file names a strategy (`city@version`, or a strategy file relative to the case file) and
lists cases; each case is a proposal, the expected verdict of named principles (`pass`, `warn`,
`fail`, `not_judged` when it applies only under a condition the proposal leaves open, or
`not_applicable` when the principle should give no finding) and, optionally, the
expected overall verdict. `strategikoll test` runs them; every bundled strategy ships its cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError

from strategikoll import texts
from strategikoll.engine import Verdict, judge
from strategikoll.errors import InputError, Problem, StrategikollError, UsageError
from strategikoll.loader import Document, load_file
from strategikoll.proposal import read_proposal
from strategikoll.strategies import BUNDLED_DIR, Strategy, Strict, load_strategy, resolve
from strategikoll.validation import did_you_mean, problems_from
from strategikoll.waivers import EXPIRED, UNKNOWN

BUNDLED_CASES = BUNDLED_DIR / "cases"
NOT_APPLICABLE = "not_applicable"
NOT_JUDGED = "not_judged"

Expected = Literal["pass", "warn", "fail", "not_judged", "not_applicable"]


class CaseSpec(Strict):
    """One case: a proposal and what the strategy should say about it."""

    name: str = Field(min_length=1)
    proposal: dict[str, Any]
    expect: dict[str, Expected] = Field(default_factory=dict)
    verdict: Literal["pass", "warn", "fail"] | None = None


class CaseFile(Strict):
    """A file of cases for one strategy."""

    strategy: str = Field(min_length=1)
    cases: list[CaseSpec] = Field(min_length=1)


@dataclass(frozen=True)
class Mismatch:
    """One expectation the strategy did not meet: what was expected and what it said."""

    subject: str  # a principle id, or "verdict"
    expected: str
    actual: str
    line: int | None


@dataclass(frozen=True)
class CaseResult:
    """The outcome of one case: passed when there is no mismatch and no error."""

    name: str
    line: int | None
    mismatches: tuple[Mismatch, ...] = ()
    error: InputError | None = None

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None


@dataclass
class FileRun:
    """Every case of one file, or the error that kept the file from being run."""

    file: str
    strategy: Strategy | None = None
    cases: list[CaseResult] = field(default_factory=list)
    error: InputError | None = None
    covered: dict[str, set[str]] = field(default_factory=dict)  # principle id → verdicts seen

    def uncovered(self) -> tuple[list[str], list[str]]:
        """Principles with no passing case, and principles with no failing or warning case.

        A prohibition (`never`) has nothing to pass and is not listed as lacking a passing case.
        """
        if self.strategy is None:
            return [], []
        no_pass, no_other = [], []
        own = {p.id for p in self.strategy.spec.principles}  # not those it only inherits
        for principle in (p for p in self.strategy.principles if p.id in own):
            seen = self.covered.get(principle.id, set())
            if "pass" not in seen and not principle.is_prohibition:
                no_pass.append(principle.id)
            if not seen & {"warn", "fail"}:
                no_other.append(principle.id)
        return no_pass, no_other


def case_files(path: Path | None) -> list[Path]:
    """The case files to run: a file, the YAML files of a directory, or the bundled cases."""
    root = path if path is not None else BUNDLED_CASES
    if root.is_dir():
        return sorted(p for p in root.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    return [root]


def run_file(path: Path, root: Path | None = None) -> FileRun:
    """Run every case of one case file; a strategy file it names must lie inside `root`."""
    name = str(path)
    try:
        document = load_file(path, display=name)
        spec = CaseFile.model_validate(document.data)
        strategy = _strategy_for(spec.strategy, path, document, root)
    except ValidationError as exc:
        return FileRun(name, error=InputError(name, problems_from(exc, document, CaseFile)))
    except InputError as error:
        return FileRun(name, error=error)
    run = FileRun(name, strategy)
    for index, case in enumerate(spec.cases):
        run.cases.append(_run_case(case, document.sub(("cases", index)), strategy, run.covered))
    return run


def _strategy_for(ref: str, case_file: Path, document: Document, root: Path | None) -> Strategy:
    try:
        if ref.endswith((".yaml", ".yml")):
            target = case_file.parent / ref
            # A case file of the tree may not read a strategy outside it.
            if (
                root is not None
                and not target.resolve().is_relative_to(root)
                and case_file.resolve().is_relative_to(root)
            ):
                line, column = document.position(("strategy",))
                message = texts.t("case_strategy_outside", path=ref)
                raise InputError(document.file, [Problem(message, line, column)])
            return load_strategy(target, root=root)
        strategies = resolve(ref)
        if len(strategies) != 1:  # `all`: one strategy per case file
            raise UsageError(texts.t("one_strategy", ref=ref))
        return strategies[0]
    except InputError:
        raise
    except StrategikollError as exc:
        line, column = document.position(("strategy",))
        raise InputError(document.file, [Problem(exc.message, line, column)]) from None


def _run_case(
    case: CaseSpec, document: Document, strategy: Strategy, covered: dict[str, set[str]]
) -> CaseResult:
    line = document.position(())[0]
    known = {p.id for p in strategy.principles} | {EXPIRED, UNKNOWN}
    unknown = [pid for pid in case.expect if pid not in known]
    if unknown:
        problems = [
            Problem(
                texts.t("unknown_principle", id=pid) + did_you_mean(pid, known),
                *document.position(("expect", pid), key=True),
            )
            for pid in unknown
        ]
        return CaseResult(case.name, line, error=InputError(document.file, problems))
    try:
        proposal = read_proposal(document.sub(("proposal",)))
    except InputError as error:
        return CaseResult(case.name, line, error=error)
    (result,) = judge(proposal, document.sub(("proposal",)), [strategy])
    actual = {f.principle.id: f.verdict.value for f in result.findings}
    actual |= {n.principle.id: NOT_JUDGED for n in result.not_judged}
    for pid, verdict in actual.items():
        covered.setdefault(pid, set()).add(verdict)
    mismatches = [
        Mismatch(pid, want, actual.get(pid, NOT_APPLICABLE), document.position(("expect", pid))[0])
        for pid, want in case.expect.items()
        if actual.get(pid, NOT_APPLICABLE) != want
    ]
    if case.verdict is not None and Verdict(case.verdict) is not result.verdict:
        where = document.position(("verdict",))[0]
        mismatches.append(Mismatch("verdict", case.verdict, result.verdict.value, where))
    return CaseResult(case.name, line, tuple(mismatches))
