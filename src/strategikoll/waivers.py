"""Waivers: a deciding body's documented departure from one principle, shown rather than hidden.

A finding a valid waiver covers is marked waived and no longer counts towards the verdict. A waiver
that has expired, or that names a principle no strategy of the run has, is a finding of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from strategikoll import texts
from strategikoll.conditions import Never
from strategikoll.strategies import Citation, Modal, Principle, PrincipleSpec, Severity, Words
from strategikoll.validation import did_you_mean

if TYPE_CHECKING:
    from strategikoll.engine import Finding, Verdict
    from strategikoll.loader import Document
    from strategikoll.proposal import Waiver
    from strategikoll.strategies import Strategy

EXPIRED = "waiver.expired"
UNKNOWN = "waiver.unknown-principle"


def apply_waivers(
    findings: Sequence[Finding],
    *,
    waivers: Sequence[Waiver],
    strategy: Strategy,
    known_ids: Iterable[str],
    today: dt.date,
    document: Document,
) -> tuple[Finding, ...]:
    """The findings with valid waivers applied, then findings about the waivers themselves."""
    from strategikoll.engine import Finding, Verdict

    valid = {w.principle: w for w in waivers if w.expires >= today}
    marked = tuple(
        f._replace(waiver=valid[f.principle.id])
        if f.principle.id in valid and f.verdict in (Verdict.WARN, Verdict.FAIL)
        else f
        for f in findings
    )
    own = {p.id for p in strategy.principles}
    known = set(known_ids)
    extra: list[Finding] = []
    for index, waiver in enumerate(waivers):
        line, column = document.position(("waivers", index))
        if waiver.principle not in known:
            hint = did_you_mean(waiver.principle, known)
            message = texts.t(
                "waiver_unknown", principle=waiver.principle, reference=waiver.reference, hint=hint
            )
            extra.append(Finding(_about(UNKNOWN, waiver), Verdict.FAIL, message, line, column))
        elif waiver.principle in own and waiver.expires < today:
            message = texts.t(
                "waiver_expired",
                principle=waiver.principle,
                reference=waiver.reference,
                expires=waiver.expires,
            )
            extra.append(Finding(_about(EXPIRED, waiver), Verdict.WARN, message, line, column))
    return (*marked, *extra)


def _about(kind: str, waiver: Waiver) -> Principle:
    """A stand-in principle for a finding about a waiver: it cites the decision, not a strategy."""
    title_key = "waiver_expired_title" if kind == EXPIRED else "waiver_unknown_title"
    title = Words.model_construct(sv=texts.t_in("sv", title_key), en=texts.t_in("en", title_key))
    spec = PrincipleSpec.model_construct(
        id=kind,
        title=title,
        topic="waivers",
        kinds="all",
        modal=Modal.SKA,
        severity=Severity.WARN if kind == EXPIRED else Severity.FAIL,
        when=None,
        when_unknown="warn",
        condition="never",
        message=title,
        citation=Citation.model_construct(
            source=waiver.reference,
            section=texts.value_word(waiver.decided_by),
            quote=waiver.reason,
        ),
        note=None,
    )
    return Principle(spec, None, None, Never(), secondary=False)


def note(waiver: Waiver) -> str:
    """`UNDANTAGEN: Undantag beslutat av … (dnr), gäller till och med …: skäl`."""
    words = texts.t(
        "waived",
        body=texts.value_word(waiver.decided_by),
        reference=waiver.reference,
        expires=waiver.expires,
        reason=waiver.reason,
    )
    return f"{texts.t('verdict_waived')}: {words}"


def counted(finding: Finding) -> Verdict:
    """The verdict a finding adds to its result's: a waived finding adds nothing."""
    from strategikoll.engine import Verdict

    return Verdict.PASS if finding.waiver is not None else finding.verdict
