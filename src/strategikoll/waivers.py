"""Waivers: a deciding body's documented departure from one principle, shown rather than hidden.

A finding a valid waiver covers is marked waived and no longer counts towards the verdict. A waiver
that has expired, or that names a principle no strategy of the run has, is a finding of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from strategikoll.strategies import Severity
from strategikoll.validation import did_you_mean

if TYPE_CHECKING:
    from strategikoll.engine import Finding, Verdict
    from strategikoll.loader import Document
    from strategikoll.proposal import Waiver
    from strategikoll.strategies import Strategy

EXPIRED = "waiver.expired"
UNKNOWN = "waiver.unknown-principle"
UNREGISTERED = "waiver.unregistered"

_KEYS = {EXPIRED: "waiver_expired", UNKNOWN: "waiver_unknown", UNREGISTERED: "waiver_unregistered"}


@dataclass(frozen=True)
class WaiverIssue:
    """The subject of a finding about a waiver itself (expired, of a principle no strategy has,
    not in the register): a claimed decision, never a principle of a strategy. It is shown as the
    decision it claims, not as a quote."""

    id: str  # EXPIRED, UNKNOWN or UNREGISTERED
    waiver: Waiver
    hint: str = ""  # for a principle no strategy has: the one meant, if one is near
    secondary: bool = False
    reads: tuple[str, ...] = ()

    @property
    def severity(self) -> Severity:
        return Severity.WARN if self.id == EXPIRED else Severity.FAIL

    @property
    def title_key(self) -> str:
        return f"{_KEYS[self.id]}_title"

    @property
    def message_key(self) -> str:
        return _KEYS[self.id]


@dataclass(frozen=True)
class WaiverPolicy:
    """Which waivers of a proposal are honoured: all of them (`accept`, the default), only those
    also listed in a register the city keeps outside the proposals (`register`), or none
    (`ignore`). A gate that must not take a proposal's word for a decision chooses one of the
    last two; a settings file cannot."""

    mode: Literal["accept", "register", "ignore"] = "accept"
    register: Mapping[tuple[str, str, str], dt.date] = field(default_factory=dict)
    """Registered decisions: (principle, reference, deciding body) → last valid day."""

    def sort_out(self, waivers: Sequence[Waiver]) -> tuple[list[int], list[int]]:
        """The positions of the waivers honoured, and of those not honoured for want of a
        registered decision (in `register` mode)."""
        if self.mode == "accept":
            return list(range(len(waivers))), []
        if self.mode == "ignore":
            return [], []
        honoured: list[int] = []
        unregistered: list[int] = []
        for index, waiver in enumerate(waivers):
            (honoured if self._registered(waiver) else unregistered).append(index)
        return honoured, unregistered

    def _registered(self, waiver: Waiver) -> bool:
        key = (waiver.principle, _reference(waiver.reference), waiver.decided_by.value)
        last = self.register.get(key)
        return last is not None and waiver.expires <= last


def load_register(path: Path) -> WaiverPolicy:
    """The `register` policy from a register file: `waivers:` as a list of the decisions, each
    with `principle`, `reference`, `decided_by` and `expires` (and a `reason` if wished)."""
    from pydantic import ValidationError

    from strategikoll.errors import InputError
    from strategikoll.loader import load_file
    from strategikoll.proposal import RegisteredWaivers
    from strategikoll.validation import problems_from

    document = load_file(path, display=str(path))
    try:
        register = RegisteredWaivers.model_validate(document.data)
    except ValidationError as exc:
        problems = problems_from(exc, document, RegisteredWaivers)
        raise InputError(document.file, problems).with_excerpts(document.text) from None
    entries: dict[tuple[str, str, str], dt.date] = {}
    for w in register.waivers:  # a decision registered twice holds until the later day
        key = (w.principle, _reference(w.reference), w.decided_by.value)
        entries[key] = max(w.expires, entries.get(key, w.expires))
    return WaiverPolicy("register", entries)


ACCEPT_WAIVERS = WaiverPolicy()
"""The default: a proposal's waivers are taken at their word."""


def _reference(text: str) -> str:
    """A registration number as compared: case and runs of spaces do not matter."""
    return " ".join(text.split()).casefold()


def unregistered_findings(
    waivers: Sequence[Waiver], positions: Sequence[int], document: Document
) -> list[Finding]:
    """A failure for each waiver that claims a decision the register does not hold."""
    from strategikoll.engine import Finding, Verdict, Why

    found = []
    for index in positions:
        waiver = waivers[index]
        line, column = document.position(("waivers", index))
        issue = WaiverIssue(UNREGISTERED, waiver)
        found.append(Finding(issue, Verdict.FAIL, Why("waiver"), line, column))
    return found


def apply_waivers(
    findings: Sequence[Finding],
    *,
    waivers: Sequence[Waiver],
    strategy: Strategy,
    known_ids: Iterable[str],
    today: dt.date,
    document: Document,
    positions: Sequence[int] | None = None,
) -> tuple[Finding, ...]:
    """The findings with valid waivers applied, then findings about the waivers themselves.

    `positions` are the waivers' places in the proposal's list, when only some are weighed.
    """
    from strategikoll.engine import Finding, Verdict, Why

    valid = {w.principle: w for w in waivers if w.expires >= today}
    marked = tuple(
        f._replace(waiver=valid[f.principle.id])
        if f.principle.id in valid and f.verdict in (Verdict.WARN, Verdict.FAIL)
        else f
        for f in findings
    )
    own = {p.id for p in strategy.principles}
    known = frozenset(known_ids)  # one set for every suggestion: see `did_you_mean`
    extra: list[Finding] = []
    places = positions if positions is not None else range(len(waivers))
    for index, waiver in zip(places, waivers, strict=True):
        line, column = document.position(("waivers", index))
        if waiver.principle not in known:
            issue = WaiverIssue(UNKNOWN, waiver, did_you_mean(waiver.principle, known))
            extra.append(Finding(issue, Verdict.FAIL, Why("waiver"), line, column))
        elif waiver.principle in own and waiver.expires < today:
            issue = WaiverIssue(EXPIRED, waiver)
            extra.append(Finding(issue, Verdict.WARN, Why("waiver"), line, column))
    return (*marked, *extra)


def counted(finding: Finding) -> Verdict:
    """The verdict a finding adds to its result's: a waived finding adds nothing."""
    from strategikoll.engine import Verdict

    return Verdict.PASS if finding.waiver is not None else finding.verdict
