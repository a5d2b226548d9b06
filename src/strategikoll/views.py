"""What `principles`, `explain` and `cities` show: plain data for JSON, and text for a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strategikoll import texts
from strategikoll.reporters.json import citation_dict
from strategikoll.strategies import NOT_STATED
from strategikoll.wording import departure, kinds_words, severity_line, source_status

if TYPE_CHECKING:
    from typing import TextIO

    from rich.console import Console

    from strategikoll.cases import FileRun
    from strategikoll.strategies import Principle, Strategy, StrategySpec


def _say(console: Console, markup: str = "") -> None:
    """One line, in rich markup, kept from being a terminal escape or a workflow command: what a
    strategy or case file supplies is shown as `escaping.log_line` shows it, never sent raw."""
    from rich.text import Text

    from strategikoll import escaping

    text = Text.from_markup(markup)
    safe = "".join(escaping.log_line([text.plain]))
    console.print(text if safe == text.plain else Text(safe))


def strategy_dict(strategy: Strategy) -> dict[str, Any]:
    """Which strategy: city, `city@version`, name, what its source is and whether secondary."""
    return {
        "city": strategy.city,
        "strategy": strategy.ref,
        "name": str(strategy.spec.name),
        "source_status": strategy.spec.source_status.value,
        "secondary_source": strategy.spec.secondary_source,
        "source": source_dict(strategy),
    }


def source_dict(strategy: Strategy) -> dict[str, Any]:
    """The source document: title, publisher, date, reference and the file of its text, as far
    as the strategy names them (a strategy that names only the file: the file)."""
    source = strategy.spec.source
    if isinstance(source, str):
        return {"text": source}
    return source.model_dump(exclude_none=True)


def principles_dict(strategy: Strategy) -> dict[str, Any]:
    """A strategy's principles in the shape of `principles --format json`."""
    return {
        **strategy_dict(strategy),
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
    """A strategy's principles, one short block each, under its name and what its source is."""
    from rich.markup import escape

    status = escape(source_status(strategy))
    _say(console, f"[bold]{escape(str(strategy.spec.name))}[/] ({strategy.ref}) · {status}")
    for p in strategy.principles:
        severity = p.spec.severity.value.upper()
        topic = texts.topic_label(p.spec.topic)
        _say(console, f"  [bold]{escape(p.id)}[/]  {severity}  {escape(topic)}")
        _say(console, f"    {escape(str(p.spec.title))}")
        _say(console, f"    [dim]»{escape(p.spec.citation.quote)}«[/]")
    _say(console)


def print_explanation(console: Console, strategy: Strategy, principle: Principle) -> None:
    """Everything about one principle: what it requires, of what, why, and where it is written."""
    from rich.markup import escape

    spec = principle.spec
    _say(console, f"[bold]{escape(spec.id)}[/] — {escape(str(spec.title))}")
    _say(console, f"  {strategy.ref} · {escape(texts.topic_label(spec.topic))}")
    _say(console, f"  {escape(severity_line(principle))}")
    departs = departure(principle)
    if departs is not None:
        _say(console, f"  {escape(departs)}")
    _say(console, f"  {texts.t('applies_to')}: {escape(kinds_words(principle))}")
    if principle.when is not None:
        _say(console, f"  {texts.t('when')}: {escape(principle.when.describe())}")
    _say(console, f"  {texts.t('requirement')}: {escape(principle.condition.describe())}")
    _say(console, f"  {escape(str(spec.message))}")
    citation = spec.citation
    _say(console, f"  »{escape(citation.quote)}«")
    _say(
        console,
        f"  — {escape(citation.source or '')}, {texts.t('section')} {escape(citation.section)}",
    )
    if spec.note is not None:
        _say(console, f"  {texts.t('note')}: {escape(str(spec.note))}")
    if principle.secondary:
        _say(console, f"  {texts.t('secondary')}")


def cases_dict(runs: list[FileRun]) -> dict[str, Any]:
    """The outcome of `test` as JSON: a summary and every case of every file."""
    cases = [case for run in runs for case in run.cases]
    return {
        "summary": {
            "files": len(runs),
            "cases": len(cases),
            "passed": sum(case.passed for case in cases),
            "failed": sum(not case.passed for case in cases),
            "errors": sum(run.error is not None for run in runs),
        },
        "files": [
            {
                "file": run.file,
                "strategy": run.strategy.ref if run.strategy else None,
                "error": [p.as_dict() for p in run.error.problems] if run.error else None,
                "cases": [
                    {
                        "name": case.name,
                        "line": case.line,
                        "passed": case.passed,
                        "mismatches": [
                            {
                                "subject": m.subject,
                                "expected": m.expected,
                                "actual": m.actual,
                                "line": m.line,
                            }
                            for m in case.mismatches
                        ],
                        "error": [p.as_dict() for p in case.error.problems] if case.error else None,
                    }
                    for case in run.cases
                ],
                "uncovered": dict(
                    zip(("no_pass", "no_warn_or_fail"), run.uncovered(), strict=True)
                ),
            }
            for run in runs
        ],
    }


def print_cases(console: Console, runs: list[FileRun]) -> None:
    """Each file's failing cases, with what was expected and what the strategy said; a summary."""
    from rich.markup import escape

    from strategikoll.errors import located

    total = failed = 0
    for run in runs:
        if run.error is not None:
            _say(console, f"[bold red]{texts.t('verdict_error')}[/]  {escape(run.file)}")
            for problem in run.error.problems:
                _say(console, f"  {escape(located(run.error.file, problem))}")
            continue
        assert run.strategy is not None
        bad = [case for case in run.cases if not case.passed]
        total, failed = total + len(run.cases), failed + len(bad)
        mark = "[red]✗[/]" if bad else "[green]✓[/]"
        count = texts.t("cases_count", passed=len(run.cases) - len(bad), total=len(run.cases))
        _say(console, f"{mark} {escape(run.file)}  ·  {run.strategy.ref}  ·  {count}")
        for case in bad:
            _say(console, f"  [red]✗[/] {escape(case.name)} ({escape(run.file)}:{case.line})")
            for m in case.mismatches:
                said = texts.t(
                    "case_mismatch", subject=m.subject, expected=m.expected, actual=m.actual
                )
                _say(console, f"      {escape(said)}")
            if case.error is not None:
                for problem in case.error.problems:
                    _say(console, f"      {escape(located(case.error.file, problem))}")
        no_pass, no_other = run.uncovered()
        if no_pass:
            _say(console, f"  [dim]{texts.t('no_pass_case', ids=', '.join(no_pass))}[/]")
        if no_other:
            _say(console, f"  [dim]{texts.t('no_fail_case', ids=', '.join(no_other))}[/]")
    console.print(texts.t("cases_summary", passed=total - failed, failed=failed), style="bold")


def print_cities(console: Console, cities: list[list[Strategy]]) -> None:
    """Each city's strategy versions, oldest first: what each source is (the adopted text, a
    remiss version, a news article) and what the sources say of their dates."""
    from rich.markup import escape

    for versions in cities:
        for strategy in versions:
            spec = strategy.spec
            current = f" ({texts.t('current')})" if strategy is versions[-1] else ""
            status = escape(source_status(strategy))
            _say(console, f"[bold]{strategy.ref}[/]{current} · {status}")
            _say(console, f"    {escape(str(spec.name))}")
            dates = texts.t(
                "dates",
                document=_when(spec.document_date),
                adoption=adoption(spec),
                start=_when(spec.in_force_from),
                end=_when(spec.in_force_until),
            )
            _say(console, f"    {escape(dates)}")


def adoption(spec: StrategySpec) -> str:
    """When and by whom the strategy was adopted, in as far as the sources say; plainly that they
    do not, where neither is stated."""
    dated, by = spec.adopted != NOT_STATED, spec.adopted_by != NOT_STATED
    body = texts.value_word(spec.adopted_by)
    if dated and by:
        return texts.t("adoption", date=spec.adopted, by=body)
    if by:
        return texts.t("adoption_undated", by=body)
    if dated:
        return texts.t("adoption_unknown_body", date=spec.adopted)
    return texts.t("adoption_not_stated")


def _when(value: str) -> str:
    return texts.t("not_stated") if value == NOT_STATED else value


def write_principles(strategies: list[Strategy], stream: TextIO, *, many: bool = False) -> None:
    """`principles --format text`: each strategy's principles, one after another."""
    from strategikoll.reporters.text import make_console

    console = make_console(stream)
    for strategy in strategies:
        print_principles(console, strategy)


def write_principles_json(
    strategies: list[Strategy], stream: TextIO, *, many: bool = False
) -> None:
    """`principles --format json`: one strategy's object, or a list of them (several, or
    `--city all`)."""
    payloads = [principles_dict(s) for s in strategies]
    write_json_document(payloads if many or len(payloads) != 1 else payloads[0], stream)


def write_cases(runs: list[FileRun], stream: TextIO) -> None:
    """`test --format text`."""
    from strategikoll.reporters.text import make_console

    print_cases(make_console(stream), runs)


def write_cases_json(runs: list[FileRun], stream: TextIO) -> None:
    """`test --format json`."""
    write_json_document(cases_dict(runs), stream)


def write_json_document(payload: object, stream: TextIO) -> None:
    """A small JSON document for people and tools alike: indented, non-ASCII as it is."""
    import json

    stream.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
