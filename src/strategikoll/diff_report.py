"""What `strategikoll diff` shows: JSON per the contract, text side by side, and markdown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strategikoll import texts
from strategikoll.diff import Aspect, Status, StrategyDiff, TopicDiff
from strategikoll.escaping import markdown_block
from strategikoll.reporters.json import citation_dict
from strategikoll.reporters.markdown import source_notice
from strategikoll.views import strategy_dict
from strategikoll.witnesses import Witness, witness_yaml

if TYPE_CHECKING:
    from typing import TextIO

    from rich.text import Text

    from strategikoll.strategies import Principle

WIDTH = 100
"""Columns of text output when it is not shown on a terminal."""


def summary(diff: StrategyDiff, topic: TopicDiff) -> str:
    """One sentence on how a topic compares."""
    a, b = diff.labels
    if topic.status is Status.SAME:
        return texts.t("diff_same")
    if topic.status in (Status.ONLY_A, Status.ONLY_B):
        present, absent = (a, b) if topic.status is Status.ONLY_A else (b, a)
        changed = change(diff, topic)
        key = f"diff_{changed}" if changed is not None else "diff_only"
        return texts.t(key, present=present, absent=absent)
    words = ", ".join(
        texts.t(f"aspect_{aspect.value}")
        for aspect in topic.aspects
        if aspect is not Aspect.UNPAIRED
    )
    parts = [texts.t("diff_differs", aspects=words)] if words else []
    alone = [(a, sum(p.b is None for p in topic.pairs)), (b, sum(p.a is None for p in topic.pairs))]
    parts += [
        texts.t("diff_unpaired_one" if n == 1 else "diff_unpaired", ref=ref, count=n)
        for ref, n in alone
        if n
    ]
    return " ".join(parts)


def change(diff: StrategyDiff, topic: TopicDiff) -> str | None:
    """`added` or `removed` between two versions of one city's strategy, else None."""
    newer = diff.newer
    if newer is None or topic.status not in (Status.ONLY_A, Status.ONLY_B):
        return None
    present = diff.a if topic.status is Status.ONLY_A else diff.b
    return "added" if present is newer else "removed"


# ---------------------------------------------------------------------------------------------
# JSON


def diff_dict(diff: StrategyDiff) -> dict[str, Any]:
    """The comparison in the shape of `diff --format json`."""
    label_a, label_b = diff.labels
    return {
        "a": label_a,
        "b": label_b,
        "differs": diff.differs,
        "strategies": {"a": strategy_dict(diff.a), "b": strategy_dict(diff.b)},
        "topics": [_topic_dict(diff, topic) for topic in diff.topics],
        "witnesses": [_witness_dict(w, diff) for w in diff.witnesses],
    }


def _topic_dict(diff: StrategyDiff, topic: TopicDiff) -> dict[str, Any]:
    out: dict[str, Any] = {
        "topic": topic.topic,
        "title": texts.topic_label(topic.topic),
        "a": [p.id for p in topic.a],
        "b": [p.id for p in topic.b],
        "differs": topic.differs,
        "status": topic.status.value,
        "aspects": [aspect.value for aspect in topic.aspects],
        "summary": summary(diff, topic),
        "pairs": [
            {
                "a": _principle_dict(pair.a) if pair.a else None,
                "b": _principle_dict(pair.b) if pair.b else None,
                "differences": [aspect.value for aspect in pair.differences],
            }
            for pair in topic.pairs
        ],
    }
    if (changed := change(diff, topic)) is not None:
        out["change"] = changed
    return out


def _principle_dict(principle: Principle) -> dict[str, Any]:
    return {
        "id": principle.id,
        "title": str(principle.spec.title),
        "severity": principle.spec.severity.value,
        "applies_to": _applies_to(principle),
        "requirement": principle.condition.describe(),
        "citation": citation_dict(principle),
    }


def _witness_dict(witness: Witness, diff: StrategyDiff) -> dict[str, Any]:
    return {
        "topic": witness.topic,
        "proposal": _json_ready(witness.proposal),
        "a": witness.a.value,
        "b": witness.b.value,
        "principles": list(witness.principles),
        "yaml": _witness_text(witness, diff),
    }


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def _witness_text(witness: Witness, diff: StrategyDiff) -> str:
    """The witness as a YAML file, with a comment saying what it shows."""
    label_a, label_b = diff.labels
    header = texts.t(
        "witness_header",
        topic=texts.topic_label(witness.topic),
        a=label_a,
        verdict_a=texts.t(f"verdict_{witness.a.value}"),
        b=label_b,
        verdict_b=texts.t(f"verdict_{witness.b.value}"),
    )
    return f"# {header}\n{witness_yaml(witness.proposal)}"


def _applies_to(principle: Principle) -> str:
    kinds = (
        texts.t("all_kinds")
        if principle.kinds is None
        else ", ".join(sorted(k.value for k in principle.kinds))
    )
    if principle.when is not None:
        return f"{kinds}; {texts.t('when').lower()}: {principle.when.describe()}"
    return kinds


def _rows(principle: Principle | None, missing: str) -> list[str]:
    """What one side says of a pair: title, severity, what it applies to, requirement, quote."""
    if principle is None:
        return [missing, "", "", "", ""]
    spec = principle.spec
    citation = spec.citation
    quote = f"»{citation.quote}« ({texts.t('section')} {citation.section})"
    return [
        f"{spec.id}: {spec.title}",
        texts.t(f"severity_{spec.severity.value}"),
        _applies_to(principle),
        principle.condition.describe(),
        quote,
    ]


def _cell(principle: Principle | None, missing: str) -> Text:
    """One side of a pair as a table cell: its title, then what it says, label by label."""
    from rich.text import Text

    if principle is None:
        return Text(f"— {missing} —", style="dim")
    title, *rest = _rows(principle, missing)
    cell = Text(title, style="bold")
    for label, value in zip(_labels()[1:], rest, strict=True):
        cell.append(f"\n{label}: ", style="dim")
        cell.append(value)
    return cell


def _labels() -> list[str]:
    return [
        texts.t("diff_principle"),
        texts.t("diff_severity"),
        texts.t("applies_to"),
        texts.t("requirement"),
        texts.t("diff_quote"),
    ]


def _missing_word(topic: TopicDiff) -> str:
    """What an empty side of a pair says: the topic not addressed, or no counterpart in it."""
    if topic.status in (Status.ONLY_A, Status.ONLY_B):
        return texts.t("not_addressed")
    return texts.t("no_counterpart")


# ---------------------------------------------------------------------------------------------
# Text


def write_text(diff: StrategyDiff, stream: TextIO) -> None:
    """Side by side for a terminal, and readable in 100 columns when piped."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console(file=stream, highlight=False, emoji=False)
    if not console.is_terminal:
        console = Console(file=stream, highlight=False, emoji=False, width=WIDTH)
    a, b = diff.a, diff.b
    label_a, label_b = diff.labels
    console.print(escape(texts.t("diff_heading", a=label_a, b=label_b)), style="bold")
    for strategy, label in ((a, label_a), (b, label_b)):
        console.print(f"  {escape(label)}: {escape(str(strategy.spec.name))}")
        notice = source_notice(strategy)
        if notice is not None:
            console.print(f"    {escape(notice)}", style="dim")
    same = [topic for topic in diff.topics if not topic.differs]
    for topic in diff.topics:
        if not topic.differs:
            continue
        console.print()
        console.print(
            f"[bold]{escape(texts.topic_label(topic.topic))}[/] — {escape(summary(diff, topic))}"
        )
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        table.add_column(escape(label_a), ratio=1)
        table.add_column(escape(label_b), ratio=1)
        missing = _missing_word(topic)
        for pair in topic.pairs:
            table.add_row(_cell(pair.a, missing), _cell(pair.b, missing))
        console.print(table)
        if topic.witness is not None:
            console.print(texts.t("diff_witness_intro"), style="bold")
            console.print(escape(_witness_text(topic.witness, diff)), soft_wrap=True)
        else:
            console.print(texts.t("diff_no_witness"), style="dim")
    if same:
        console.print()
        names = ", ".join(texts.topic_label(topic.topic) for topic in same)
        console.print(f"{texts.t('diff_same_topics')}: {escape(names)}")
    console.print()
    differing = sum(1 for topic in diff.topics if topic.differs)
    console.print(
        texts.t(
            "diff_total",
            differing=differing,
            same=len(same),
            witnesses=len(diff.witnesses),
        )
    )


# ---------------------------------------------------------------------------------------------
# Markdown


def markdown(diff: StrategyDiff) -> str:
    """A report for a committee paper: a section per topic that differs, witnesses as YAML."""
    from strategikoll.reporters.markdown import escape

    a, b = diff.a, diff.b
    label_a, label_b = diff.labels
    lines = [f"# {escape(texts.t('diff_heading', a=label_a, b=label_b))}", ""]
    for strategy in (a, b):
        notice = source_notice(strategy)
        note = f" {escape(notice)}" if notice is not None else ""
        label = label_a if strategy is a else label_b
        lines.append(f"- **{escape(label)}**: {escape(str(strategy.spec.name))}.{note}")
    lines.append("")
    differing = [topic for topic in diff.topics if topic.differs]
    same = [topic for topic in diff.topics if not topic.differs]
    for topic in differing:
        lines += [
            f"## {escape(texts.topic_label(topic.topic))}",
            "",
            escape(summary(diff, topic)),
            "",
            f"| | {escape(label_a)} | {escape(label_b)} |",
            "|---|---|---|",
        ]
        missing = _missing_word(topic)
        for pair in topic.pairs:
            rows = zip(_labels(), _rows(pair.a, missing), _rows(pair.b, missing), strict=True)
            lines += [
                f"| {escape(label)} | {escape(left)} | {escape(right)} |"
                for label, left, right in rows
                if left or right
            ]
        lines.append("")
        if topic.witness is not None:
            lines += [
                f"**{escape(texts.t('diff_witness_intro'))}**",
                "",
                *markdown_block(_witness_text(topic.witness, diff), "yaml"),
                "",
            ]
        else:
            lines += [f"*{escape(texts.t('diff_no_witness'))}*", ""]
    if same:
        names = ", ".join(texts.topic_label(topic.topic) for topic in same)
        lines += [f"## {escape(texts.t('diff_same_topics'))}", "", escape(names), ""]
    lines.append(
        escape(
            texts.t(
                "diff_total",
                differing=len(differing),
                same=len(same),
                witnesses=len(diff.witnesses),
            )
        )
    )
    return "\n".join(lines) + "\n"
