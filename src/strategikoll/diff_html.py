"""`strategikoll diff --format html`: two strategies compared, as one self-contained page.

It reads as the markdown does, top-down: which strategies, the summary of what differs, then each
topic that differs in the summary's order, the two strategies side by side in a table whose rows
that differ are marked by a sign and a word as well as a colour, the witness told in a sentence
with its YAML folded beneath, and last the topics that are the same. The words are
`diff_report`'s; the page is `html_page`'s.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strategikoll import texts
from strategikoll.diff import Aspect, Pair, Status, StrategyDiff, TopicDiff
from strategikoll.diff_report import (
    grouped,
    in_reading_order,
    missing_word,
    principle_rows,
    row_labels,
    same_names,
    sentence,
    summary,
    summary_lines,
    witness_text,
)
from strategikoll.escaping import html_text
from strategikoll.html_page import differs_mark, facts, head, heading, notice, tail, text
from strategikoll.wording import source_notice

if TYPE_CHECKING:
    from typing import TextIO

    from strategikoll.strategies import Strategy

ROW_OF_ASPECT = {
    Aspect.SEVERITY: 1,
    Aspect.APPLIES_TO: 2,
    Aspect.THRESHOLDS: 3,
    Aspect.CONDITION: 3,
    Aspect.UNPAIRED: 0,
}
"""Which row of a pair (principle, severity, applies to, requirement, quote) an aspect is in."""


def write_html(diff: StrategyDiff, stream: TextIO) -> None:
    """The comparison as a page: the two strategies, the summary, the topics that differ with
    their witnesses, then those that are the same."""
    label_a, label_b = diff.labels
    title = texts.t("diff_heading", a=label_a, b=label_b)
    stream.write(head(title))
    stream.write(
        f'<header>\n<p class="tool">strategikoll</p>\n{heading(1, text(title))}\n'
        + facts([(label_a, described(diff.a)), (label_b, described(diff.b))])
        + "\n</header>\n<main>\n"
    )
    stream.write(summary_section(diff))
    differing = [topic for topic in in_reading_order(diff) if topic.differs]
    stream.write(contents(diff, differing))
    for number, topic in enumerate(differing, start=1):
        stream.write(topic_section(diff, topic, number))
    stream.write(same_section(diff))
    stream.write("</main>\n" + tail('<p class="tool">strategikoll</p>'))


def described(strategy: Strategy) -> str:
    """A strategy by its name, and what its source is where that is not the adopted text."""
    said = source_notice(strategy)
    return text(strategy.spec.name) + (notice(said) if said is not None else "")


def summary_section(diff: StrategyDiff) -> str:
    """What differs, in the summary's sentences."""
    items = "".join(f"<li>{text(line)}</li>" for line in summary_lines(diff))
    return (
        '<section aria-labelledby="summary">\n'
        + heading(2, text(texts.t("diff_summary")), ' id="summary"')
        + f"\n<ul>{items}</ul>\n</section>\n"
    )


def topic_id(number: int) -> str:
    return f"topic-{number}"


def contents(diff: StrategyDiff, differing: list[TopicDiff]) -> str:
    """Links to the topics that differ, each with how it differs; not printed."""
    if not differing:
        return ""
    items = "".join(
        f'<li><a href="#{topic_id(number)}">{text(texts.topic_label(topic.topic))}</a>'
        f" — {text(summary(diff, topic))}</li>"
        for number, topic in enumerate(differing, start=1)
    )
    return (
        '<nav aria-labelledby="contents">\n'
        + heading(2, text(texts.t("html_diff_topics")), ' id="contents"')
        + f"\n<ol>{items}</ol>\n</nav>\n"
    )


def topic_section(diff: StrategyDiff, topic: TopicDiff, number: int) -> str:
    """One topic that differs: how, the two sides in a table, and its witness."""
    anchor = topic_id(number)
    return (
        f'<section class="topic" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        + heading(2, text(texts.topic_label(topic.topic)), f' id="{anchor}-h"')
        + f"\n<p>{text(summary(diff, topic))}</p>\n"
        + side_by_side(diff, topic)
        + witness(diff, topic)
        + "</section>\n"
    )


def side_by_side(diff: StrategyDiff, topic: TopicDiff) -> str:
    """Each pair of principles as rows of label, one side and the other; the rows that differ
    are marked."""
    label_a, label_b = diff.labels
    missing = missing_word(topic)
    bodies = "".join(pair_rows(pair, missing) for pair in topic.pairs)
    return (
        '<table class="side-by-side">\n<thead><tr><td></td>'
        f'<th scope="col">{text(label_a)}</th><th scope="col">{text(label_b)}</th></tr></thead>\n'
        f"{bodies}</table>\n"
    )


def pair_rows(pair: Pair, missing: str) -> str:
    """One pair: a row for each thing a principle says that either side says."""
    differing = {ROW_OF_ASPECT[aspect] for aspect in pair.differences}
    if pair.a is None or pair.b is None:
        differing.add(ROW_OF_ASPECT[Aspect.UNPAIRED])
    rows = zip(
        row_labels(), principle_rows(pair.a, missing), principle_rows(pair.b, missing), strict=True
    )
    out = []
    for index, (label, left, right) in enumerate(rows):
        if not (left or right):
            continue
        if index in differing:
            out.append(
                f'<tr><th scope="row">{text(label)}<br>{differs_mark()}</th>'
                f'<td class="differs">{text(left)}</td><td class="differs">{text(right)}</td></tr>'
            )
        else:
            out.append(
                f'<tr><th scope="row">{text(label)}</th><td>{text(left)}</td>'
                f"<td>{text(right)}</td></tr>"
            )
    return '<tbody class="pair">' + "".join(out) + "</tbody>\n"


def witness(diff: StrategyDiff, topic: TopicDiff) -> str:
    """The example proposal on which the two differ: its sentence, its YAML folded beneath."""
    if topic.witness is None:
        return f'<p class="muted">{text(texts.t("diff_no_witness"))}</p>\n'
    yaml_text = html_text(witness_text(topic.witness, diff), lines=True)
    return (
        f'<p class="witness"><strong>{text(sentence(topic.witness, diff))}</strong></p>\n'
        f"<details><summary>{text(texts.t('diff_witness_intro'))}</summary>\n"
        f'<pre><code class="language-yaml">{yaml_text}</code></pre>\n</details>\n'
    )


def same_section(diff: StrategyDiff) -> str:
    """The topics both strategies take up alike, by name."""
    same = grouped(diff)[Status.SAME]
    if not same:
        return ""
    return (
        '<section aria-labelledby="same">\n'
        + heading(2, text(texts.t("diff_same_topics")), ' id="same"')
        + f"\n<p>{text(same_names(same))}</p>\n</section>\n"
    )
