"""What `principles`, `explain` and `cities` show: plain data for JSON, and text for a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strategikoll import texts
from strategikoll.reporters.json import citation_dict

if TYPE_CHECKING:
    from rich.console import Console

    from strategikoll.strategies import Principle, Strategy


def principles_dict(strategy: Strategy) -> dict[str, Any]:
    """A strategy's principles in the shape of `principles --format json`."""
    return {
        "city": strategy.city,
        "strategy": strategy.ref,
        "name": str(strategy.spec.name),
        "secondary_source": strategy.spec.secondary_source,
        "principles": [
            {
                "id": p.id,
                "title": str(p.spec.title),
                "severity": p.spec.severity.value,
                "modal": p.spec.modal.value,
                "topic": p.spec.topic,
                "kinds": "all" if p.kinds is None else sorted(k.value for k in p.kinds),
                "requirement": p.condition.describe(),
                "citation": citation_dict(p),
            }
            for p in strategy.principles
        ],
    }


def print_principles(console: Console, strategy: Strategy) -> None:
    """A strategy's principles, one short block each."""
    from rich.markup import escape

    console.print(f"[bold]{escape(str(strategy.spec.name))}[/] ({strategy.ref})")
    for p in strategy.principles:
        severity = p.spec.severity.value.upper()
        topic = texts.topic_label(p.spec.topic)
        console.print(f"  [bold]{escape(p.id)}[/]  {severity}  {escape(topic)}")
        console.print(f"    {escape(str(p.spec.title))}")
        console.print(f"    [dim]»{escape(p.spec.citation.quote)}«[/]")
    console.print()


def print_explanation(console: Console, strategy: Strategy, principle: Principle) -> None:
    """Everything about one principle: what it requires, of what, why, and where it is written."""
    from rich.markup import escape

    spec = principle.spec
    kinds = (
        texts.t("all_kinds")
        if principle.kinds is None
        else ", ".join(sorted(k.value for k in principle.kinds))
    )
    console.print(f"[bold]{escape(spec.id)}[/] — {escape(str(spec.title))}")
    console.print(f"  {strategy.ref} · {escape(texts.topic_label(spec.topic))}")
    console.print(f"  {texts.t('severity_' + spec.severity.value)} ({spec.modal.value})")
    console.print(f"  {texts.t('applies_to')}: {escape(kinds)}")
    if principle.when is not None:
        console.print(f"  {texts.t('when')}: {escape(principle.when.describe())}")
    console.print(f"  {texts.t('requirement')}: {escape(principle.condition.describe())}")
    console.print(f"  {escape(str(spec.message))}")
    citation = spec.citation
    console.print(f"  »{escape(citation.quote)}«")
    console.print(f"  — {escape(citation.source)}, {texts.t('section')} {escape(citation.section)}")
    if spec.note is not None:
        console.print(f"  {texts.t('note')}: {escape(str(spec.note))}")
    if principle.secondary:
        console.print(f"  {texts.t('secondary')}")
