"""`--format html`: one self-contained page to attach to a tjänsteutlåtande.

One proposal judged by one strategy gives a page about that proposal: its title, the city and
strategy (how it was adopted, and what its source is where that is not the adopted text), the
verdict as a banner, then what is not met, what warns and what was waived, each with the
requirement, what the proposal states and the quoted passage; the principles met folded; and the
principles not judged, each with why.

A run of several files or strategies gives an overview first: a table of file by strategy with the
verdict in each cell, which can be narrowed to the files with a verdict (radio buttons and CSS, no
script), each cell linking to its result below. The results are written as they come, to a spool
that follows the overview, so a run of any size holds only the table's verdicts in memory.

Everything a proposal, a file name or a strategy says is escaped by `html_page.text`; the words
are the catalogues' and `wording`'s, as every other format has them.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from strategikoll import escaping, texts
from strategikoll.engine import Rendered, Verdict
from strategikoll.errors import located
from strategikoll.html_page import (
    badge,
    code,
    facts,
    head,
    heading,
    marked,
    notice,
    tail,
    text,
    verdict_word,
    waived_badge,
    words,
)
from strategikoll.keeping import Kept
from strategikoll.reporters.base import every_item, read_rendered, with_items
from strategikoll.strategies import Principle
from strategikoll.views import adoption
from strategikoll.wording import (
    MARK,
    WAIVED_MARK,
    capital,
    city_name,
    decision,
    departure,
    message,
    not_judged_groups,
    severity_line,
    source_notices,
    status_legend,
    status_mark,
    summary_line,
    title,
    unwaived,
    waived,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from typing import TextIO

    from strategikoll.engine import Finding, Report, Result
    from strategikoll.errors import Problem
    from strategikoll.reporters.base import Items
    from strategikoll.strategies import Strategy

SPOOL_IN_MEMORY = 8 << 20
"""Characters of results kept in memory before the spool goes to a temporary file."""

FILTER_ID = "filter-{verdict}"


ANCHOR = "\x01"
"""Where a result's anchor goes in a section made before its place on the page is known: a
character that escaped text never holds (`escaping.visible` shows every control character)."""


class HtmlReporter:
    """A page for people to read, print and attach: never a page that acts or fetches.

    In a parallel run the workers make each result's section (`item`); the page of many is put
    together here, each section given its anchor as its place is known.
    """

    separator: ClassVar[str] = "\x00"  # between sections a worker made: no escaped text holds it

    @staticmethod
    def item(result: Result) -> str:
        """One result's section on the page of many, its anchor still to be given."""
        return result_section(result, ANCHOR)

    def worker_items(self, *, to_terminal: bool, fail_on: Verdict | None = None) -> Items:
        """What the workers of a parallel run make of a batch: each result's section."""
        del to_terminal, fail_on  # the page is the same wherever it goes
        return every_item(self.item, self.separator)

    def write(self, report: Report, stream: TextIO) -> None:
        """One result: a page about that proposal; several: an overview table, then each."""
        results = iter(report.rendered())
        first = next(results, None)
        if first is None:
            stream.write(empty_page(report))
            return
        if isinstance(first, Rendered) and first.text:
            # Read before looking further: the worker's files go when the run has ended.
            first = Rendered(first.result, read_rendered(first.text))
        second = next(results, None)
        if second is None:  # the first result of a worker's batch comes whole
            stream.write(
                single_page(first.result if isinstance(first, Rendered) else first, report)
            )
        else:
            sections = itertools.chain([first, second], results)
            write_many(with_items(sections, self.separator, self.item), report, stream)


def empty_page(report: Report) -> str:
    """A page that says no file was checked."""
    title_words = f"strategikoll · {texts.t('ci_title')}"
    return (
        head(title_words)
        + f"<header>\n{heading(1, text(texts.t('ci_title')))}\n</header>\n"
        + f"<main>\n<p>{text(texts.t('ci_no_results'))}</p>\n</main>\n"
        + tail(f"<p>{text(summary_line(report))}</p>")
    )


# ---------------------------------------------------------------------------------------------
# One proposal


def single_page(result: Result, report: Report) -> str:
    """The page for one proposal judged by one strategy: the proposal's title as its heading."""
    name = result.title or result.file
    parts = [
        head(f"{name} · {verdict_word(result.verdict)}"),
        "<header>\n",
        f'<p class="tool">strategikoll · {text(texts.t("ci_title"))}</p>\n',
        heading(1, text(name)),
        "\n",
        facts([(capital(texts.t("file")), code(result.file)), *strategy_facts(result)]),
        "\n",
        *(notice(sentence) + "\n" for sentence in source_notices(result)),
        "</header>\n<main>\n",
        f'<section class="result" id="{result_id(1, 1)}">\n',
        banner(result),
        "\n",
        *body(result, 2),
        "</section>\n</main>\n",
        tail(f"<p>{text(summary_line(report))}</p>"),
    ]
    return "".join(parts)


def strategy_facts(result: Result, *, named: bool = True) -> list[tuple[str, str]]:
    """The city, the strategy with its version (unless a heading names it), and how it was
    adopted, as the sources say."""
    strategy = result.strategy
    if strategy is None:
        return []
    city = (texts.t("html_city"), text(city_name(strategy)))
    adopted = (texts.t("html_adoption"), text(adoption(strategy.spec)))
    if not named:
        return [city, adopted]
    return [city, (capital(texts.t("ci_strategy")), strategy_name(strategy)), adopted]


def strategy_name(strategy: Strategy) -> str:
    """A strategy by its name and its `city@version`."""
    return f"{text(strategy.spec.name)} ({code(strategy.ref)})"


def banner(result: Result) -> str:
    """The verdict of a result in large type: its mark, its word, and what is open."""
    verdict = result.verdict
    counts = [
        texts.t(key, n=n)
        for key, n in (
            ("ci_failures", len(unwaived(result, Verdict.FAIL))),
            ("html_warnings", len(unwaived(result, Verdict.WARN))),
        )
        if n and result.error is None
    ]
    said = f' <span class="counts">— {text(", ".join(counts))}</span>' if counts else ""
    return (
        f'<p class="banner {verdict.value}">{marked(MARK[verdict], verdict_word(verdict))}'
        f"{said}</p>"
    )


def body(result: Result, level: int) -> Iterator[str]:
    """What a result says below its banner: its error, or its findings by kind, the passes folded
    and what could not be judged; `level` is the heading level of each group."""
    if result.error is not None:
        yield problems(result)
        return
    groups = (
        ("ci_failures", unwaived(result, Verdict.FAIL)),
        ("html_warnings", unwaived(result, Verdict.WARN)),
        ("html_waived", waived(result)),
    )
    for key, found in groups:
        if found:
            yield heading(level, text(texts.t(key, n=len(found)))) + "\n"
            yield from (finding(each, result.strategy, level + 1) for each in found)
    yield not_judged(result, level)
    yield passes(result, level)
    if not result.findings and not result.not_judged:
        yield f"<p>{text(texts.t('principle_applies_none'))}</p>\n"


def finding(found: Finding, strategy: Strategy | None, level: int) -> str:
    """One principle not met, warning or waived: its title, what it requires and what the
    proposal states, the departure decided where waived, and the passage it quotes.

    All but the line is the same for every finding of a principle with the same why: made once
    (`keeping.Kept`), and the line put between."""
    if found.waiver is not None:
        before, after = card(found, strategy, level)
    else:
        also = (found.verdict, found.inferred, level, texts.language())
        before, after = _CARDS.get(
            (found.principle, found.why, strategy), also, lambda: card(found, strategy, level)
        )
    line = f" · {text(texts.t('ci_line', line=found.line))}" if found.line else ""
    return f"{before}{line}{after}"


_CARDS: Kept[tuple[str, str]] = Kept()


def card(found: Finding, strategy: Strategy | None, level: int) -> tuple[str, str]:
    """A finding's article, in two parts: before and after where its line goes."""
    subject = found.principle
    kind = "waived" if found.waiver is not None else found.verdict.value
    shown = waived_badge() if found.waiver is not None else badge(found.verdict)
    severity = f" · {text(severity_line(subject))}" if isinstance(subject, Principle) else ""
    before = (
        f'<article class="finding {kind}">\n'
        f"{heading(level, f'{shown} {text(title(subject))}')}\n"
        f'<p class="meta">{code(subject.id)}'
    )
    parts = [f"{severity}</p>", f'<p class="message">{words(message(found))}</p>']
    if found.waiver is not None:
        parts.append(f'<p class="departure">{marked(WAIVED_MARK, decision(found.waiver))}</p>')
    if isinstance(subject, Principle):
        parts.append(quoted(subject, strategy))
    return before, "\n".join(parts) + "\n</article>\n"


def quoted(principle: Principle, strategy: Strategy | None) -> str:
    """The passage a principle quotes, with its section and the document it is from."""
    citation = principle.spec.citation
    where = [f"{text(texts.t('section'))} {text(citation.section)}"]
    source = f"{text(texts.t('ci_source'))} {code(citation.source)}"
    if strategy is not None and strategy.spec.text_file() == citation.source:
        where.append(f"<cite>{text(strategy.spec.name)}</cite> ({source})")
    else:
        where.append(source)
    extra = departure(principle)
    note = f'\n<p class="meta">{text(extra)}</p>' if extra else ""
    return (
        f"<blockquote><p>»{text(citation.quote)}«</p></blockquote>\n"
        f'<p class="cite">— {", ".join(where)}</p>{note}'
    )


def passes(result: Result, level: int) -> str:
    """The principles met: a heading that counts them and unfolds to list them."""
    met = unwaived(result, Verdict.PASS)
    if not met:
        return ""
    language = texts.language()
    items = "".join(_PASSED.get((f.principle,), language, partial(passed, f)) for f in met)
    count = texts.t("passed_principles", n=len(met))
    summary = heading(level, marked(MARK[Verdict.PASS], count))
    return f'<details class="passes"><summary>{summary}</summary>\n<ul>{items}</ul>\n</details>\n'


_PASSED: Kept[str] = Kept()


def passed(found: Finding) -> str:
    """A principle met, as an item of the folded list."""
    return f"<li>{text(title(found.principle))} {code(found.principle.id)}</li>"


def not_judged(result: Result, level: int) -> str:
    """The principles that could not be judged yet, grouped by why, so none goes unsaid."""
    groups = not_judged_groups(result)
    if not groups:
        return ""
    items = "".join(
        "<li><p>"
        + "; ".join(f"{text(p.spec.title)} {code(p.id)}" for p in principles)
        + f'</p><p class="meta">{words(reason)}</p></li>'
        for reason, principles in groups.items()
    )
    count = texts.t("html_not_judged", n=len(result.not_judged))
    return f"{heading(level, text(count))}\n<ul>{items}</ul>\n"


def problems(result: Result) -> str:
    """Why a file could not be judged: each problem where it is, with its line."""
    assert result.error is not None
    items = "".join(
        f"<li><p>{text(located(result.file, problem))}</p>{problem_excerpt(problem)}</li>"
        for problem in result.error.problems
    )
    return f"<p>{text(texts.t('ci_input_error'))}</p>\n<ul>{items}</ul>\n"


def problem_excerpt(problem: Problem) -> str:
    """The line a problem is on, shown `visible`, and a caret under the character it is at."""
    lines = escaping.excerpt_lines(problem, lambda parts: [escaping.visible(p) for p in parts])
    return "<pre>" + text("\n".join(lines)) + "</pre>" if lines else ""


# ---------------------------------------------------------------------------------------------
# Several files or strategies


@dataclass(slots=True)
class Row:
    """One file of the overview: where its part of the page is, and each strategy's verdict."""

    number: int
    file: str
    title: str | None
    verdicts: dict[str, tuple[Verdict, int]] = field(default_factory=dict)
    """Strategy ref → the verdict and the column of its result (which gives its anchor); `*`
    for every strategy."""

    def has(self) -> set[Verdict]:
        return {verdict for verdict, _ in self.verdicts.values()}


@dataclass
class Overview:
    """What the table at the top needs, gathered as the results go by."""

    rows: list[Row] = field(default_factory=list)
    strategies: dict[str, Strategy] = field(default_factory=dict)

    def column(self, strategy: Strategy) -> int:
        """The strategy's place among the columns, from 1, adding it if it is new."""
        self.strategies.setdefault(strategy.ref, strategy)
        return list(self.strategies).index(strategy.ref) + 1


def write_many(sections: Iterable[tuple[Result, str]], report: Report, stream: TextIO) -> None:
    """The overview, then each file with its results, from a spool written as they came."""
    overview = Overview()
    with tempfile.SpooledTemporaryFile(
        max_size=SPOOL_IN_MEMORY, mode="w+", encoding="utf-8", newline=""
    ) as spool:
        for number, (file, group) in enumerate(
            itertools.groupby(sections, key=lambda pair: pair[0].file), start=1
        ):
            spool.write(proposal_section(number, file, list(group), overview))
        stream.write(head(f"strategikoll · {texts.t('ci_title')}", filter_rules()))
        stream.write(
            "<header>\n"
            f'<p class="tool">strategikoll</p>\n{heading(1, text(texts.t("ci_title")))}\n'
            f"<p>{text(summary_line(report))}</p>\n</header>\n<main>\n"
        )
        write_overview(overview, stream)
        spool.seek(0)
        shutil.copyfileobj(spool, stream, 1 << 20)
    stream.write("</main>\n" + tail(f"<p>{text(summary_line(report))}</p>"))


def file_id(number: int) -> str:
    return f"f{number}"


def result_id(number: int, column: int) -> str:
    return f"f{number}-s{column}"


def proposal_section(
    number: int, file: str, results: list[tuple[Result, str]], overview: Overview
) -> str:
    """One file: its title and name, then its result by each strategy, each section given its
    anchor; its row noted."""
    row = Row(number, file, next((r.title for r, _ in results if r.title), None))
    overview.rows.append(row)
    sections = []
    for result, section in results:
        column = overview.column(result.strategy) if result.strategy else 0
        anchor = result_id(number, column)
        row.verdicts[result.strategy.ref if result.strategy else "*"] = (result.verdict, column)
        sections.append(section.replace(ANCHOR, anchor))
    classes = " ".join(f"has-{verdict.value}" for verdict in sorted(row.has()))
    anchor = file_id(number)
    named = heading(2, text(row.title or file), f' id="{anchor}-h"')
    return (
        f'<section class="proposal {classes}" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        f"{named}\n{facts([(capital(texts.t('file')), code(file))])}\n"
        + "".join(sections)
        + "</section>\n"
    )


def result_section(result: Result, anchor: str) -> str:
    """One file's result by one strategy: which strategy, its banner, what it found. A file
    that could not be read has one result, told by the banner and its problems alone."""
    strategy = result.strategy
    if strategy is None:
        start = f'<section class="result" id="{anchor}">\n'
        about = ""
    else:
        start = f'<section class="result" id="{anchor}" aria-labelledby="{anchor}-h">\n'
        about = (
            heading(3, strategy_name(strategy), f' id="{anchor}-h"')
            + "\n"
            + facts(strategy_facts(result, named=False))
            + "\n"
        )
    notices = "".join(notice(sentence) + "\n" for sentence in source_notices(result))
    return f"{start}{about}{notices}{banner(result)}\n{''.join(body(result, 4))}</section>\n"


def write_overview(overview: Overview, stream: TextIO) -> None:
    """The table of file by strategy, the filter that narrows it, and the legend of its marks;
    written a row at a time, since a large run's table is large."""
    strategies = list(overview.strategies.values())
    stream.write(
        '<section class="overview" aria-labelledby="overview">\n'
        + heading(2, text(texts.t("overview")), ' id="overview"')
        + "\n"
        + view_filter(overview)
    )
    write_matrix(overview, strategies, stream)
    stream.write(
        "".join(f'<p class="legend">{text(line)}</p>\n' for line in status_legend(strategies))
        + "</section>\n"
    )


def view_filter(overview: Overview) -> str:
    """Radio buttons that show every file or only those with a verdict (CSS does the rest)."""
    counts = {v: sum(v in row.has() for row in overview.rows) for v in Verdict}
    options = [("all", texts.t("html_filter_all"), len(overview.rows), True)]
    options += [(v.value, verdict_word(v).lower(), n, False) for v, n in counts.items() if n]
    inputs = "".join(
        f'<input type="radio" name="filter" id="{FILTER_ID.format(verdict=key)}"'
        f"{' checked' if checked else ''}>"
        f'<label for="{FILTER_ID.format(verdict=key)}"> {text(label)} ({n})</label> '
        for key, label, n, checked in options
    )
    return (
        f'<fieldset class="filter"><legend>{text(texts.t("html_filter"))}</legend>'
        f"{inputs}</fieldset>\n"
    )


def filter_rules() -> list[str]:
    """The CSS that hides, while a verdict is chosen, the rows and files without it."""
    return [
        f"main:has(#{FILTER_ID.format(verdict=v.value)}:checked) :is(tr.row,.proposal)"
        f":not(.has-{v.value}){{display:none}}"
        for v in Verdict
    ]


def write_matrix(overview: Overview, strategies: list[Strategy], stream: TextIO) -> None:
    """The table itself: a row per file, a column per strategy, the verdict in each cell."""
    columns = "".join(
        f'<th scope="col">{code(s.ref)}{text(status_mark(s))}</th>' for s in strategies
    )
    head_row = f'<thead><tr><th scope="col">{text(capital(texts.t("file")))}</th>{columns}</tr>'
    stream.write(f'<table class="matrix">\n{head_row}</thead>\n<tbody>\n')
    separator = ""
    for row in overview.rows:
        stream.write(separator + matrix_row(row, strategies))
        separator = "\n"
    stream.write("\n</tbody>\n</table>\n")


def matrix_row(row: Row, strategies: list[Strategy]) -> str:
    """One file's row: its name (a link to its part of the page) and its verdicts."""
    classes = " ".join(f"has-{verdict.value}" for verdict in sorted(row.has()))
    title_line = f'<br><span class="muted">{text(row.title)}</span>' if row.title else ""
    cells = [
        f'<th scope="row"><a href="#{file_id(row.number)}">{code(row.file)}</a>{title_line}</th>'
    ]
    for strategy in strategies:
        found = row.verdicts.get(strategy.ref) or row.verdicts.get("*")
        if found is None:
            cells.append("<td>–</td>")
            continue
        verdict, column = found
        cells.append(
            f'<td class="verdict {verdict.value}"><a href="#{result_id(row.number, column)}">'
            f"{marked(MARK[verdict], verdict_word(verdict))}</a></td>"
        )
    return f'<tr class="row {classes}">' + "".join(cells) + "</tr>"
