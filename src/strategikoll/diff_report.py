"""What `strategikoll diff` shows: JSON per the contract, text side by side, and markdown.

Text and markdown read top-down: first a summary of what differs (which topics differ, which only
one strategy takes up, which are the same, and how many example proposals were found), then the
topics in that order. Each witness is also told in one sentence, above its YAML.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from strategikoll import texts
from strategikoll.conditions import MET, lookup, stated
from strategikoll.diff import Aspect, Status, StrategyDiff, TopicDiff
from strategikoll.engine import Verdict, verdict_of
from strategikoll.escaping import markdown_block, visible
from strategikoll.proposal import field_paths
from strategikoll.reporters.json import citation_dict
from strategikoll.views import strategy_dict, write_json_document
from strategikoll.witnesses import RANK, Witness, witness_yaml
from strategikoll.wording import (
    capital,
    city_name,
    departure,
    kinds_words,
    severity_line,
    source_notice,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import TextIO

    from rich.text import Text

    from strategikoll.strategies import Principle

WIDTH = 100
"""Columns of text output when it is not shown on a terminal."""

READING_ORDER = (Status.DIFFERENT, Status.ONLY_A, Status.ONLY_B, Status.SAME)
"""The order topics are told in: those both take up differently, those only one side takes up
(first side first), then those that are the same."""

MAX_FACTS = 3
"""A witness sentence names at most this many facts, and says "med flera" for the rest."""


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
# Reading order and the summary of what differs


def grouped(diff: StrategyDiff) -> dict[Status, list[TopicDiff]]:
    """The topics by how they compare, in `READING_ORDER`; within a group, in topic order."""
    return {
        status: [topic for topic in diff.topics if topic.status is status]
        for status in READING_ORDER
    }


def in_reading_order(diff: StrategyDiff) -> list[TopicDiff]:
    """The topics in the order the summary names them."""
    return [topic for topics in grouped(diff).values() for topic in topics]


def city_names(diff: StrategyDiff) -> tuple[str, str]:
    """What a sentence calls the two sides: their cities (Malmö, Göteborg), with the version when
    both are one city's (Stockholm 2008, Stockholm 2016), or their labels when that is the same."""
    a, b = diff.a, diff.b
    if a.ref == b.ref:
        return diff.labels
    name_a, name_b = city_name(a), city_name(b)
    if name_a == name_b:
        return f"{name_a} {a.spec.version}", f"{name_b} {b.spec.version}"
    return name_a, name_b


def summary_lines(diff: StrategyDiff) -> list[str]:
    """What differs, in a few sentences: the topics both take up but differently, those only one
    side takes up (added or dropped, between two versions of one city), those that are the same,
    and how many example proposals were found."""
    groups = grouped(diff)
    name_a, name_b = city_names(diff)
    lines = []
    if different := groups[Status.DIFFERENT]:
        lines.append(_topics_line("diff_summary_different", different))
    for status, present, absent in (
        (Status.ONLY_A, name_a, name_b),
        (Status.ONLY_B, name_b, name_a),
    ):
        if not (topics := groups[status]):
            continue
        changed = change(diff, topics[0])
        if changed == "added":
            lines.append(_topics_line("diff_summary_added", topics, city=present))
        elif changed == "removed":
            lines.append(_topics_line("diff_summary_removed", topics, city=absent))
        else:
            lines.append(_topics_line("diff_summary_only", topics, city=present))
    if not lines:
        lines.append(texts.t("diff_summary_none_differ"))
    if same := groups[Status.SAME]:
        lines.append(_topics_line("diff_summary_same", same))
    else:
        lines.append(texts.t("diff_summary_none_same"))
    differing = [topic for topic in diff.topics if topic.differs]
    if differing:
        lines.append(_witnesses_line(differing))
    return lines


def _topics_line(key: str, topics: list[TopicDiff], **params: str) -> str:
    names = ", ".join(texts.topic_label(topic.topic) for topic in topics)
    return texts.t(key, n=len(topics), topics=names, **params)


def _witnesses_line(differing: list[TopicDiff]) -> str:
    found = sum(1 for topic in differing if topic.witness is not None)
    if not found:
        return texts.t("diff_summary_no_witnesses")
    line = texts.t("diff_summary_witnesses", n=found)
    without = [topic for topic in differing if topic.witness is None]
    if not without:
        return line + texts.t("diff_summary_witnesses_all", n=len(differing))
    names = ", ".join(texts.topic_label(topic.topic) for topic in without)
    return line + texts.t("diff_summary_witnesses_missing", n=len(without), topics=names)


def summary_dict(diff: StrategyDiff) -> dict[str, Any]:
    """The summary for `diff --format json`: counts, topic lists, the lines the text shows."""
    groups = grouped(diff)
    name_a, name_b = city_names(diff)
    differing = [topic for topic in diff.topics if topic.differs]
    return {
        "names": {"a": name_a, "b": name_b},
        "counts": {
            **{status.value: len(topics) for status, topics in groups.items()},
            "differing": len(differing),
            "witnesses": len(diff.witnesses),
        },
        "topics": {
            status.value: [topic.topic for topic in topics] for status, topics in groups.items()
        },
        "without_witness": [topic.topic for topic in differing if topic.witness is None],
        "lines": summary_lines(diff),
    }


# ---------------------------------------------------------------------------------------------
# A witness in one sentence


@dataclass(frozen=True)
class Fact:
    """One fact of a witness that a sentence tells."""

    path: str  # a field path, list indices left out
    value: Any  # None: the proposal does not state it
    presence: bool = False  # only whether it is stated matters, not what it says


def sentence(witness: Witness, diff: StrategyDiff) -> str:
    """The witness as an official would write it: the kind of engagement, the few facts the
    principles that judge it differently turn on, and each side's verdict by city.

    »Ett vänortsavtal som kommunstyrelsen beslutar godtas av Malmö men underkänns av Göteborg.«
    """
    name_a, name_b = city_names(diff)
    facts = witness_facts(witness, _principles(witness, diff))
    subject = _subject(str(witness.proposal.get("kind", "")), facts)
    text = texts.t(
        "diff_sentence",
        subject=subject,
        a=texts.t(f"diff_sentence_{witness.a.value}", city=name_a),
        b=texts.t(f"diff_sentence_{witness.b.value}", city=name_b),
    )
    return capital(text)


def _principles(witness: Witness, diff: StrategyDiff) -> list[Principle]:
    """The principles of either side that the witness names and that do not pass it."""
    found = []
    for strategy in (diff.a, diff.b):
        for principle in strategy.principles:
            if principle.id not in witness.principles or principle.spec.topic != witness.topic:
                continue
            if verdict_of(principle, witness.proposal) not in (None, Verdict.PASS):
                found.append(principle)
    return found


def witness_facts(witness: Witness, principles: list[Principle]) -> list[Fact]:
    """The facts the principles read that decide their verdicts, the weightiest first: those
    behind the worst verdict, then those that make a principle apply, then the rest. The facts
    that only keep other principles content (filler) are not among them."""
    data = witness.proposal
    judged = [(p, verdict_of(p, data)) for p in principles]
    ranks = [RANK[v] for _, v in judged if v is not None]
    worst = max(ranks, default=0)
    decisive: list[str] = []
    applying: list[str] = []
    lesser: list[str] = []
    presence: set[str] = set()
    reads: set[str] = set()
    for principle, verdict in judged:
        reads |= set(principle.reads)
        when = principle.when.evaluate(data) if principle.when is not None else MET
        outcome = principle.condition.evaluate(data)
        about = [] if outcome.met is True else list(outcome.fields or outcome.missing)
        if when.met is None:
            about += when.missing
        weighty = verdict is not None and RANK[verdict] == worst
        (decisive if weighty else lesser).extend(about)
        presence |= principle.condition.presence_only()
        if principle.when is not None:
            presence |= principle.when.presence_only()
            read = principle.when.fields()
            applying += [path for path in _stated_paths(data) if path in read]
    facts: list[Fact] = []
    for path in dict.fromkeys([*decisive, *applying, *lesser]):
        if path in ("kind", "title"):  # the kind is the sentence's subject
            continue
        for fact in _expanded(path, data, reads, presence):
            if fact not in facts:
                facts.append(fact)
    return facts


def _stated_paths(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Every dotted path the proposal states a value at, in its order."""
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        paths.append(path)
        if isinstance(value, dict):
            paths += _stated_paths(value, f"{path}.")
    return paths


def _expanded(path: str, data: Any, reads: set[str], presence: set[str]) -> list[Fact]:
    """The facts at `path`: one, not stated or with its value; for a group of facts (a mapping,
    a list of funding sources) those of its parts that a principle reads."""
    value = lookup(data, path)
    if not stated(value):
        return [Fact(path, None)]
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(item, dict) for item in items):
        return [Fact(path, value, path in presence)]
    finer = {read for read in reads if read.startswith(f"{path}.")}
    facts = []
    for item in items:
        for key in item:
            part = f"{path}.{key}"
            if not finer or any(read == part or read.startswith(f"{part}.") for read in finer):
                facts += _expanded(key, item, {r.removeprefix(f"{path}.") for r in finer}, set())
    return [Fact(f"{path}.{fact.path}", fact.value, fact.presence) for fact in facts]


def _subject(kind: str, facts: list[Fact]) -> str:
    """The kind of engagement with what the facts say of it: »ett intentionsavtal som
    kommunstyrelsen beslutar, där slutdatum saknas,«."""
    shown, left_out = facts[:MAX_FACTS], facts[MAX_FACTS:]
    words = _catalogued(f"diff_sentence_kind_{kind}") or texts.value_word(kind)
    groups: dict[str, list[Fact]] = {"decided": [], "valued": [], "said": [], "absent": []}
    for fact in shown:
        groups[_group(fact)].append(fact)
    decided = [
        texts.t(key, body=_value_words(fact))
        for path, key in (
            ("decision.body", "diff_sentence_decided_by"),
            ("decision.on_behalf_of", "diff_sentence_on_behalf_of"),
        )
        for fact in groups["decided"]
        if fact.path == path
    ]
    # "med flera" ends a list of fields named: when every fact left out is of that list's sort
    # (not stated, say); else the clause says "bland annat" (among other things).
    sorts = {_group(fact) for fact in left_out}
    tail = next(iter(sorts)) if len(sorts) == 1 else None
    if tail not in ("said", "absent") or not groups[str(tail)]:
        tail = None
    # The verb agrees with what it is said of: "the end date is", "the directions are".
    # A yes/no fact in its own words: "engagemanget inte används i stadens profilering".
    items = [_valued(fact) for fact in groups["valued"]]
    unanswered = [f for f in groups["absent"] if _said(f.path, True)]
    groups["absent"] = [f for f in groups["absent"] if f not in unanswered]
    if unanswered:  # "det inte anges om staden deltar med aktiva insatser"
        facts_named = _listed([str(_said(f.path, True)) for f in unanswered])
        items.append(texts.t("diff_sentence_unanswered", facts=facts_named))
    for name, key in (("said", "diff_sentence_stated"), ("absent", "diff_sentence_absent")):
        if group := groups[name]:
            others = tail == name
            labels = _listed([_label(fact.path) for fact in group], others=others)
            plural = len(group) > 1 or others or _many(group[0].path)
            items.append(texts.t(f"{key}_many" if plural else key, labels=labels))
    subject = " ".join([words, *decided])
    if not items:
        return subject
    among = bool(left_out) and tail is None
    where = texts.t("diff_sentence_among" if among else "diff_sentence_where", facts=_listed(items))
    return f"{subject}, {where}," if decided else f"{subject} {where}"


def _valued(fact: Fact) -> str:
    """A stated fact: "typ av motpart är stad", "engagemanget inte används i …"."""
    said = _said(fact.path, fact.value) if isinstance(fact.value, bool) else None
    if said is not None:
        return said
    key = "diff_sentence_values" if _many(fact.path) else "diff_sentence_value"
    return texts.t(key, label=_label(fact.path), value=_value_words(fact))


def _said(path: str, value: bool) -> str | None:
    """A yes/no field as a clause in its own words, if it has them."""
    return texts.statement(path, value) if _is_yes_no(path) else None


def _group(fact: Fact) -> str:
    """How a sentence tells a fact: as who decides, as a value, as stated, or as not stated."""
    if fact.value is None:
        return "absent"
    if fact.presence:
        return "said"
    if fact.path in ("decision.body", "decision.on_behalf_of"):
        return "decided"
    return "valued"


def _listed(items: list[str], *, others: bool = False) -> str:
    """`a, b och c`; with `others`, `a, b med flera`."""
    if others:
        return texts.t("diff_sentence_others", items=", ".join(items))
    return texts.listed(items)


def _catalogued(key: str) -> str | None:
    """The message `key` if the catalogue has it."""
    if key in texts.LANGUAGES[texts.language()].MESSAGES:
        return texts.t(key)
    return None


def _is_yes_no(path: str) -> bool:
    spec = field_paths().get(path)
    return spec is not None and spec.kind is bool


def _many(path: str) -> bool:
    spec = field_paths().get(path)
    return spec is not None and spec.many


def _label(path: str) -> str:
    """A field named in a sentence: »slutdatum«, "the end date"; a yes/no field quoted, since
    its name is a statement (»används i profileringen«)."""
    label = _catalogued(f"diff_sentence_label_{path.replace('.', '_')}") or texts.field_label(path)
    if _is_yes_no(path):
        return texts.t("diff_sentence_quoted", label=label)
    return texts.t("diff_sentence_label", label=label.removeprefix("the "))


def _value_words(fact: Fact) -> str:
    """A stated value in words: ja/nej, a value's name, a number as the language writes it."""
    values = fact.value if isinstance(fact.value, list) else [fact.value]
    return ", ".join(_one_value(value) for value in values)


def _one_value(value: Any) -> str:
    if isinstance(value, bool):
        return texts.value_word(value)
    if isinstance(value, int | float):
        return texts.number(value)
    if isinstance(value, str):
        return _catalogued(f"diff_sentence_value_{value}") or texts.value_word(value)
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return texts.value_word(value)


# ---------------------------------------------------------------------------------------------
# JSON


def diff_dict(diff: StrategyDiff) -> dict[str, Any]:
    """The comparison in the shape of `diff --format json`."""
    label_a, label_b = diff.labels
    return {
        "a": label_a,
        "b": label_b,
        "differs": diff.differs,
        "summary": summary_dict(diff),
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
        "sentence": sentence(witness, diff),
        "yaml": witness_text(witness, diff),
    }


def _json_ready(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_ready(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def witness_text(witness: Witness, diff: StrategyDiff) -> str:
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
    kinds = kinds_words(principle)
    if principle.when is not None:
        return f"{kinds}; {texts.t('when').lower()}: {principle.when.describe()}"
    return kinds


def principle_rows(principle: Principle | None, missing: str) -> list[str]:
    """What one side says of a pair: title, severity, what it applies to, requirement, quote."""
    if principle is None:
        return [missing, "", "", "", ""]
    spec = principle.spec
    citation = spec.citation
    quote = f"»{citation.quote}« ({texts.t('section')} {citation.section})"
    return [
        f"{spec.id}: {spec.title}",
        " ".join(filter(None, (severity_line(principle), departure(principle)))),
        _applies_to(principle),
        principle.condition.describe(),
        quote,
    ]


def _cell(principle: Principle | None, missing: str) -> Text:
    """One side of a pair as a table cell: its title, then what it says, label by label."""
    from rich.text import Text

    if principle is None:
        return Text(f"— {missing} —", style="dim")
    title, *rest = principle_rows(principle, missing)
    cell = Text(title, style="bold")
    for label, value in zip(row_labels()[1:], rest, strict=True):
        # The severity line names itself ("krav (ska): …"): it needs no label before it.
        cell.append(f"\n{label}: " if label != texts.t("diff_severity") else "\n", style="dim")
        cell.append(value)
    return cell


def row_labels() -> list[str]:
    return [
        texts.t("diff_principle"),
        texts.t("diff_severity"),
        texts.t("applies_to"),
        texts.t("requirement"),
        texts.t("diff_quote"),
    ]


def missing_word(topic: TopicDiff) -> str:
    """What an empty side of a pair says: the topic not addressed, or no counterpart in it."""
    if topic.status in (Status.ONLY_A, Status.ONLY_B):
        return texts.t("not_addressed")
    return texts.t("no_counterpart")


def same_names(topics: Iterable[TopicDiff]) -> str:
    return ", ".join(texts.topic_label(topic.topic) for topic in topics)


# ---------------------------------------------------------------------------------------------
# Text


def write_text(diff: StrategyDiff, stream: TextIO) -> None:
    """Top-down for a terminal, and readable in 100 columns when piped: the summary, then each
    topic that differs side by side with its witness, then the topics that are the same."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(file=stream, highlight=False, emoji=False)
    if not console.is_terminal:
        console = Console(file=stream, highlight=False, emoji=False, width=WIDTH)
    a, b = diff.a, diff.b
    label_a, label_b = diff.labels
    console.print(Text(texts.t("diff_heading", a=label_a, b=label_b), style="bold"))
    for strategy, label in ((a, label_a), (b, label_b)):
        line = f"{label}: {strategy.spec.name}"
        console.print(_wrapped(line, console.width, "  ", "    "), soft_wrap=True)
        notice = source_notice(strategy)
        if notice is not None:
            told = _wrapped(notice, console.width, "    ", "    ", style="dim")
            console.print(told, soft_wrap=True)
    console.print()
    console.print(Text(texts.t("diff_summary"), style="bold"))
    for line in summary_lines(diff):
        console.print(_wrapped(line, console.width, first="  - ", rest="    "), soft_wrap=True)
    for topic in in_reading_order(diff):
        if not topic.differs:
            continue
        console.print()
        name = texts.topic_label(topic.topic)
        heading = _wrapped(f"{name} — {summary(diff, topic)}", console.width)
        heading.stylize("bold", 0, len(name))
        console.print(heading, soft_wrap=True)
        table = Table(show_header=True, header_style="bold", expand=True, show_lines=True)
        table.add_column(Text(label_a), ratio=1)
        table.add_column(Text(label_b), ratio=1)
        missing = missing_word(topic)
        for pair in topic.pairs:
            table.add_row(_cell(pair.a, missing), _cell(pair.b, missing))
        console.print(table)
        if topic.witness is not None:
            told = _wrapped(sentence(topic.witness, diff), console.width, style="bold")
            console.print(told, soft_wrap=True)
            console.print(Text(texts.t("diff_witness_intro"), style="dim"))
            console.print(Text(witness_text(topic.witness, diff)), soft_wrap=True)
        else:
            console.print(Text(texts.t("diff_no_witness"), style="dim"))
    same = grouped(diff)[Status.SAME]
    if same:
        console.print()
        console.print(Text(f"{texts.t('diff_same_topics')}: {same_names(same)}"))


def _wrapped(text: str, width: int, first: str = "", rest: str = "", style: str = "") -> Text:
    """Text shown as written (`visible`: no control acts on the terminal), broken into lines of
    at most `width` columns at spaces (a number's no-break space holds), with no trailing blanks;
    `first` and `rest` indent the first and later lines."""
    from rich.text import Text

    lines = textwrap.fill(visible(text), width, initial_indent=first, subsequent_indent=rest)
    return Text(lines, style=style)


# ---------------------------------------------------------------------------------------------
# Markdown


def markdown(diff: StrategyDiff) -> str:
    """A report for a committee paper: the summary, then a section per topic that differs (in the
    summary's order) with its witness in a sentence and as YAML, then the topics that are the
    same."""
    from strategikoll.reporters.markdown import escape

    a, b = diff.a, diff.b
    label_a, label_b = diff.labels
    lines = [f"# {escape(texts.t('diff_heading', a=label_a, b=label_b))}", ""]
    for strategy in (a, b):
        notice = source_notice(strategy)
        note = f" {escape(notice)}" if notice is not None else ""
        label = label_a if strategy is a else label_b
        lines.append(f"- **{escape(label)}**: {escape(str(strategy.spec.name))}.{note}")
    lines += ["", f"## {escape(texts.t('diff_summary'))}", ""]
    lines += [f"- {escape(line)}" for line in summary_lines(diff)]
    lines.append("")
    for topic in in_reading_order(diff):
        if not topic.differs:
            continue
        lines += [
            f"## {escape(texts.topic_label(topic.topic))}",
            "",
            escape(summary(diff, topic)),
            "",
            f"| | {escape(label_a)} | {escape(label_b)} |",
            "|---|---|---|",
        ]
        missing = missing_word(topic)
        for pair in topic.pairs:
            rows = zip(
                row_labels(),
                principle_rows(pair.a, missing),
                principle_rows(pair.b, missing),
                strict=True,
            )
            lines += [
                f"| {escape(label)} | {escape(left)} | {escape(right)} |"
                for label, left, right in rows
                if left or right
            ]
        lines.append("")
        if topic.witness is not None:
            lines += [
                f"**{escape(sentence(topic.witness, diff))}**",
                "",
                f"*{escape(texts.t('diff_witness_intro'))}*",
                "",
                *markdown_block(witness_text(topic.witness, diff), "yaml"),
                "",
            ]
        else:
            lines += [f"*{escape(texts.t('diff_no_witness'))}*", ""]
    same = grouped(diff)[Status.SAME]
    if same:
        lines += [f"## {escape(texts.t('diff_same_topics'))}", "", escape(same_names(same)), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(diff: StrategyDiff, stream: TextIO) -> None:
    """`diff --format markdown`."""
    stream.write(markdown(diff))


def write_json(diff: StrategyDiff, stream: TextIO) -> None:
    """`diff --format json`: one indented document, non-ASCII as it is."""
    write_json_document(diff_dict(diff), stream)
