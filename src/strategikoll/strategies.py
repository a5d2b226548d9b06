"""Strategies: the YAML files of principles, how they are validated, found and compiled.

Bundled strategies live beside this module in `strategies/`, one file per city and version, named
`CITY-VERSION.yaml`. A strategy file is validated as strictly as a proposal, and every condition in
it is parsed once, when the file is loaded.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from strategikoll import texts
from strategikoll.conditions import Condition, ConditionError, Never, parse, presence_only_in
from strategikoll.errors import InputError, Problem, UsageError
from strategikoll.loader import Document, load_file
from strategikoll.proposal import Kind, field_paths, fold_spelling
from strategikoll.validation import did_you_mean, problems_from

BUNDLED_DIR = Path(__file__).parent / "strategies"


class Severity(StrEnum):
    """What an unmet principle does to the verdict."""

    FAIL = "fail"
    WARN = "warn"


class Modal(StrEnum):
    """The modal verb of the source sentence; it fixes the severity."""

    SKA = "ska"
    SKA_INTE = "ska_inte"
    KAN = "kan"  # kan … då/om: allowed only under the condition
    BOR = "bor"
    I_MOJLIGASTE_MAN = "i_mojligaste_man"


SEVERITY_OF_MODAL = {
    Modal.SKA: Severity.FAIL,
    Modal.SKA_INTE: Severity.FAIL,
    Modal.KAN: Severity.FAIL,
    Modal.BOR: Severity.WARN,
    Modal.I_MOJLIGASTE_MAN: Severity.WARN,
}


class Strict(BaseModel):
    """A frozen model that rejects unknown keys: how every file of ours is read."""

    # Built when a file is validated: a strategy read from the cache of compiled ones is not.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Words(Strict):
    """A text in both languages."""

    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def __str__(self) -> str:
        return self.en if texts.language() == "en" else self.sv


class Citation(Strict):
    """Where in the source a principle comes from: section and a short verbatim quote, and the
    file that holds the source's text (the strategy's, unless named)."""

    source: str | None = Field(None, min_length=1)
    section: str = Field(min_length=1)
    quote: str = Field(min_length=12)


class PrincipleSpec(Strict):
    """A principle as written in a strategy file."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9.\-]*$")
    title: Words
    topic: str
    kinds: list[Annotated[Kind, BeforeValidator(fold_spelling)]] | Literal["all"]
    modal: Modal
    severity_reason: Words | None = Field(
        None,
        description="Why the severity departs from what the modal verb gives (a `ska` that only "
        "ranks engagements, say); required when it does, and shown with the principle.",
    )
    severity: Severity
    when: Any = None
    when_unknown: Literal["warn", "skip", "apply"] = Field(
        "warn",
        description="When the facts `when` needs are not stated: warn that it cannot be judged "
        "whether the principle applies; skip it and say it was not judged (for principles most "
        "proposals never touch); or apply it (for an exception the proposal must claim).",
    )
    required_when_ready: bool = Field(
        False,
        description="The principle binds the organisation (who reports, who plans): the facts it "
        "reads must be stated once the proposal is presented as ready for decision "
        "(`decision.ready: true`). Before that it is judged only on what the proposal states: a "
        "stated fact that breaks it counts, a missing one leaves it not judged.",
    )
    condition: Any = None
    todo: str | None = Field(
        None,
        description="A principle of a draft (`strategikoll draft`) whose condition is still to be "
        "written: what to write, and the fields that may serve. `lint` lists each; a strategy with "
        "one cannot judge.",
    )
    message: Words
    citation: Citation
    note: Words | None = None

    @model_validator(mode="after")
    def _condition_or_todo(self) -> Self:
        if self.condition is None and self.todo is None:
            raise PydanticCustomError("missing", "Field required")
        return self

    @field_validator("topic")
    @classmethod
    def _known_topic(cls, topic: str) -> str:
        if topic not in texts.topics():
            known = ", ".join(texts.topics())
            raise PydanticCustomError(
                "unknown_topic", texts.t("unknown_topic", topic=topic, known=known)
            )
        return topic

    @field_validator("severity")
    @classmethod
    def _severity_follows_modal(cls, severity: Severity, info: Any) -> Severity:
        """The severity is the modal verb's, unless `severity_reason` says why it departs."""
        modal = info.data.get("modal")
        if modal is None or SEVERITY_OF_MODAL[modal] == severity:
            return severity
        if info.data.get("severity_reason") is None:
            raise ValueError(
                f"modal {modal.value} means severity {SEVERITY_OF_MODAL[modal].value}; "
                "give severity_reason to depart from it"
            )
        return severity


class SourceStatus(StrEnum):
    """What the source a strategy is encoded from is: the adopted text, or something short of it."""

    ADOPTED = "adopted"  # the strategy as adopted
    REMISS = "remiss"  # a proposal sent out for consultation: the source states no adoption
    SUMMARY = "summary"  # another document's summary of the adopted strategy
    SECONDARY = "secondary"  # a news article reporting the adopted policy


NOT_STATED = "not stated"
_WHEN = r"^(\d{4}(-\d{2}-\d{2})?|not stated)$"
When = Annotated[str, Field(pattern=_WHEN)]
"""A date as far as a source states it: `2012-03-28`, a year alone (`2008`), or `not stated`."""


class SourceDocument(Strict):
    """The document a strategy is encoded from, as a reader would look it up: not a file."""

    title: str = Field(min_length=1)
    publisher: str = Field(min_length=1, description="Who issued it: the city, its office, …")
    date: When = Field(NOT_STATED, description="The document's date, as far as it states it.")
    reference: str | None = Field(None, description="Its diarienummer, where it has one.")
    address: str | None = Field(None, description="Where it can be read: a web address.")
    text: str | None = Field(
        None,
        description="The file that holds its plain text, looked for where `lint --source` "
        "says, else in the folders of STRATEGIKOLL_SOURCES, else in `sources/` beside the "
        "strategy file.",
    )
    scope: dict[Literal["from", "to"], str] | None = Field(
        None,
        description="Where in the text the strategy itself stands, by its first and last words "
        "(`from`, `to`), when the text holds more: a remiss package's cover letter and report. "
        "`lint` reads only that part for sentences to cover.",
    )


class StrategySpec(Strict):
    """A strategy file: which city and version, its source and standing in time, its principles."""

    city: str = Field(pattern=r"^[a-z0-9_\-]+$")
    version: str = Field(min_length=1)
    name: Words
    aliases: list[str] = Field(
        default_factory=list,
        description="Other spellings of the city's name that `--city` and a proposal's `city` "
        "accept (malmö, gothenburg): a new city needs no change to the program.",
    )
    source: SourceDocument | str = Field(
        description="The source document (title, publisher, date, reference, the file of its "
        "text); a file name alone is read as the file of its text."
    )
    secondary_source: bool = Field(
        False, description="The source reports the policy, it is not the policy: a news article."
    )
    source_status: SourceStatus = Field(
        SourceStatus.ADOPTED,
        description="What the source is: the adopted text (`adopted`), a remiss version "
        "(`remiss`), another document's summary (`summary`) or a news article (`secondary`). "
        "Without it, `secondary` if `secondary_source` is true, else `adopted`.",
    )
    note: Words | None = None
    document_date: When = Field(NOT_STATED, description="Date of the source document.")
    adopted: When = Field(NOT_STATED, description="When the strategy was adopted.")
    adopted_by: str = Field(NOT_STATED, description="The body that adopted it.")
    in_force_from: When = Field(NOT_STATED, description="First day in force, where stated.")
    in_force_until: When = Field(NOT_STATED, description="Last day in force, where stated.")
    replaces: str | None = Field(None, description="The strategy this one replaced.")
    extends: str | None = Field(
        None, description="A strategy this one builds on: `city@version` or a path to a file."
    )
    remove: list[str] = Field(
        default_factory=list, description="Principles of the extended strategy that do not apply."
    )
    data: dict[str, list[str | int | float | bool]] = Field(
        default_factory=dict,
        description="Named lists a condition can use with `values_from` (partner cities, …).",
    )
    principles: list[PrincipleSpec] = Field(default_factory=list)
    omitted: list[dict[str, str]] = Field(
        default_factory=list,
        description="Sentences of the source read and deliberately not made principles, with why.",
    )

    @model_validator(mode="before")
    @classmethod
    def _secondary_is_a_status(cls, data: Any) -> Any:
        """`secondary_source: true` and `source_status: secondary` say the same; either implies
        the other, so files written before the status existed keep their meaning."""
        if not isinstance(data, dict):
            return data
        status, secondary = data.get("source_status"), data.get("secondary_source")
        if status is None and secondary is True:
            return {**data, "source_status": SourceStatus.SECONDARY.value}
        if status == SourceStatus.SECONDARY.value and secondary is None:
            return {**data, "secondary_source": True}
        return data

    @field_validator("source_status")
    @classmethod
    def _status_agrees_with_secondary(cls, status: SourceStatus, info: Any) -> SourceStatus:
        secondary = info.data.get("secondary_source")
        if secondary is not None and secondary != (status is SourceStatus.SECONDARY):
            raise ValueError(texts.t("secondary_status"))
        return status

    @model_validator(mode="after")
    def _citations_name_the_text(self) -> Self:
        """A citation that names no file quotes the strategy's own source: the file of its
        text, or where the strategy names none, the document by its title."""
        if all(p.citation.source for p in self.principles):
            return self
        source = self.source
        text = source if isinstance(source, str) else source.text or source.title
        principles = [
            p
            if p.citation.source
            else p.model_copy(update={"citation": p.citation.model_copy(update={"source": text})})
            for p in self.principles
        ]
        return self.model_copy(update={"principles": principles})

    def text_file(self) -> str | None:
        """The name of the file that holds the source's text, where the strategy names one."""
        return self.source if isinstance(self.source, str) else self.source.text

    def starts(self) -> dt.date | None:
        """The earliest day it can have been in force: as stated, else adopted, else its date.

        A year alone counts from the first of January of that year.
        """
        for value in (self.in_force_from, self.adopted, self.document_date):
            if value != NOT_STATED:
                return dt.date.fromisoformat(value if len(value) > 4 else f"{value}-01-01")
        return None

    def ends(self) -> dt.date | None:
        """The last day in force, where the source states it."""
        value = self.in_force_until
        if value == NOT_STATED:
            return None
        return dt.date.fromisoformat(value if len(value) > 4 else f"{value}-12-31")


READY = "decision.ready"
"""The fact that a proposal is presented as ready for decision: see `required_when_ready`."""


def _nothing(_facts: Mapping[str, Any]) -> tuple[()]:
    return ()


@dataclass(frozen=True)
class Principle:
    """A compiled principle: its spec with conditions parsed, ready for the engine."""

    spec: PrincipleSpec
    kinds: frozenset[Kind] | None  # None: every kind
    when: Condition | None
    condition: Condition
    secondary: bool
    origin: str = ""  # the strategy file that defines it; empty for a stand-in
    reads: tuple[str, ...] = field(init=False, compare=False, repr=False)
    """Every field its conditions read."""
    key: Callable[[Mapping[str, Any]], Any] = field(init=False, compare=False, repr=False)
    """The values of those fields, from a map of every field's value: what it finds depends on."""
    judged: dict[Any, Any] = field(init=False, compare=False, repr=False, default_factory=dict)
    """What the engine found for each `key`, in no language; see `engine.judge`."""
    witnessed: dict[Any, Any] = field(init=False, compare=False, repr=False, default_factory=dict)
    """What the witness search found it to say of sets of facts; see `witnesses._passes`."""

    def __post_init__(self) -> None:
        parts = [c for c in (self.when, self.condition) if c is not None]
        ready = {READY} if self.spec.required_when_ready else set()
        reads = tuple(sorted(set().union(ready, *(c.fields() for c in parts))))
        presence = presence_only_in(parts)
        # A fact of which only presence matters is keyed by that alone ("?path"): free text
        # that is merely required to be there then does not make every proposal new.
        keyed = [f"?{path}" if path in presence else path for path in reads]
        object.__setattr__(self, "reads", reads)
        object.__setattr__(self, "key", operator.itemgetter(*keyed) if keyed else _nothing)

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process by reference when bundled (file and id), else as it is.

        A user's strategy file is never read again by another process: it could have changed.
        """
        if _is_bundled(self.origin):
            return (principle_at, (self.origin, self.spec.id))
        return self.by_value()

    def by_value(self) -> tuple[Any, ...]:
        """How to make it again from what it holds, not from the file it comes from."""
        values = (self.spec, self.kinds, self.when, self.condition, self.secondary, self.origin)
        return (Principle, values)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def is_prohibition(self) -> bool:
        """Whether nothing can meet it (`condition: never`): it can only ever fail."""
        return isinstance(self.condition, Never)

    def applies_to(self, kind: Kind) -> bool:
        """Whether the principle concerns this kind of engagement at all."""
        return self.kinds is None or kind in self.kinds


@dataclass(frozen=True)
class Strategy:
    """A compiled strategy of one city in one version."""

    spec: StrategySpec
    principles: tuple[Principle, ...]
    data: dict[str, list[Any]]
    origin: str
    by_kind: dict[Kind, tuple[Principle, ...]] = field(
        init=False, compare=False, repr=False, default_factory=dict
    )

    def applying_to(self, kind: Kind) -> tuple[Principle, ...]:
        """The principles that concern this kind of engagement, in order."""
        found = self.by_kind.get(kind)
        if found is None:
            found = tuple(p for p in self.principles if p.applies_to(kind))
            self.by_kind[kind] = found
        return found

    def __reduce__(self) -> tuple[Any, ...]:
        """Sent to another process by reference when bundled, else as it is (see Principle)."""
        if _is_bundled(self.origin):
            return (strategy_at, (self.origin,))
        return self.by_value()

    def by_value(self) -> tuple[Any, ...]:
        """How to make it again from what it holds, not from the file it comes from."""
        return (Strategy, (self.spec, self.principles, self.data, self.origin))

    @property
    def city(self) -> str:
        return self.spec.city

    @property
    def ref(self) -> str:
        """`city@version`, the name a strategy goes by in output."""
        return f"{self.spec.city}@{self.spec.version}"


def compile_strategy(
    document: Document, base: Strategy | None = None, *, drafts: bool = False
) -> Strategy:
    """Validate and compile a loaded strategy document; every problem goes into one `InputError`.

    With `base` (the strategy it `extends`), the result holds the base's principles, less those it
    removes or redefines under the same id, followed by its own. A principle still a draft (`todo`)
    is an error, for a strategy that cannot judge must not seem to; with `drafts` (as `lint`
    reads a strategy) it is left out of the compiled principles instead.
    """
    try:
        spec = StrategySpec.model_validate(document.data)
    except ValidationError as exc:
        raise InputError(document.file, problems_from(exc, document, StrategySpec)) from None
    data = {**(base.data if base else {}), **spec.data}
    problems: list[Problem] = []
    own = _compile_principles(spec, data, document, problems, drafts=drafts)
    inherited: list[Principle] = []
    if base is not None:
        known = {p.id for p in base.principles}
        for index, removed in enumerate(spec.remove):
            if removed not in known:
                hint = did_you_mean(removed, known)
                message = texts.t("unknown_principle", id=removed) + hint
                problems.append(_problem(document, ("remove", index), message))
        dropped = set(spec.remove) | {p.id for p in own}
        inherited = [p for p in base.principles if p.id not in dropped]
        if spec.data:  # the base's conditions read the lists this file adds or replaces
            inherited = [_with_data(p, data) for p in inherited]
    if problems:
        raise InputError(document.file, problems)
    return Strategy(spec, (*inherited, *own), data, document.file)


def _with_data(principle: Principle, data: dict[str, list[Any]]) -> Principle:
    """An inherited principle compiled again against the extending strategy's lists."""
    spec, known = principle.spec, field_paths()
    when = parse(spec.when, known, data=data) if spec.when is not None else None
    condition = parse(spec.condition, known, data=data)
    return Principle(spec, principle.kinds, when, condition, principle.secondary)


def _compile_principles(
    spec: StrategySpec,
    data: dict[str, list[Any]],
    document: Document,
    problems: list[Problem],
    *,
    drafts: bool = False,
) -> list[Principle]:
    known = field_paths()
    principles: list[Principle] = []
    seen: set[str] = set()
    for index, p in enumerate(spec.principles):
        at: tuple[str | int, ...] = ("principles", index)
        if p.id in seen:
            problems.append(_problem(document, (*at, "id"), texts.t("duplicate_id", id=p.id)))
        seen.add(p.id)
        if p.todo is not None:
            if not drafts:
                problems.append(
                    _problem(document, (*at, "todo"), texts.t("draft_principle", id=p.id))
                )
            continue
        try:
            when = parse(p.when, known, (*at, "when"), data) if p.when is not None else None
            condition = parse(p.condition, known, (*at, "condition"), data)
        except ConditionError as exc:
            problems.append(_problem(document, exc.path or at, exc.message))
            continue
        kinds = None if p.kinds == "all" else frozenset(p.kinds)
        principles.append(
            Principle(p, kinds, when, condition, spec.secondary_source, document.file)
        )
    return principles


def _problem(document: Document, path: tuple[str | int, ...], message: str) -> Problem:
    line, column = document.position(path)
    return Problem(message, line, column, ".".join(map(str, path)))


MAX_EXTENDS = 16
"""How many files deep `extends` may go. A strategy builds on its city's bundled one, perhaps on
a district's in between; a chain longer than this is not a strategy but a way to spend the run."""


def load_strategy(
    path: Path,
    _extending: tuple[Path, ...] = (),
    *,
    root: Path | None = None,
    read: list[Path] | None = None,
    drafts: bool = False,
) -> Strategy:
    """Load and compile a strategy file, bundled or the user's own, with what it `extends`.

    With `root` (the repository, which a pull request can write), a file inside it may extend
    only files inside it, links resolved: any other is refused at the `extends:` line, unread. A
    file outside it was named by whoever runs the check, not by the tree, and may extend any file;
    so may every file when there is no `root`, as for the bundled strategies. A path that goes
    through a link out of `root` was laid by the tree, whoever names it, and is not read.
    """
    if root is not None and not _extending:
        from strategikoll.config import leads_outside

        if leads_outside(path, root):
            raise InputError(str(path), [Problem(texts.t("link_outside"))])
    document = load_file(path, display=str(path))
    if read is not None:  # every file a strategy is made of is an input, never an output
        read.append(path)
    extends = document.data.get("extends") if isinstance(document.data, dict) else None
    base = None
    try:
        if isinstance(extends, str):
            chain = (*_extending, path.resolve())
            base = _base_of(extends, path, chain, document, root, read=read)
        return compile_strategy(document, base, drafts=drafts)
    except InputError as error:
        if error.file != document.file:  # a problem in the strategy it extends
            raise
        raise error.with_excerpts(document.text) from None


def _base_of(
    extends: str,
    path: Path,
    extending: tuple[Path, ...],
    document: Document,
    root: Path | None,
    *,
    read: list[Path] | None = None,
) -> Strategy:
    """The strategy named by `extends`: a bundled `city@version`, or a file beside this one.

    `extending` holds the files that led here, this one last: a file among them is a circle, and
    a chain as long as `MAX_EXTENDS` goes no further.
    """
    if not extends.endswith((".yaml", ".yml")):
        try:
            return resolve(extends)[0]
        except UsageError as exc:
            raise _at_extends(document, exc.message) from None
    target = (path.parent / extends).resolve()
    if root is not None:
        inside = root.resolve()
        if extending[-1].is_relative_to(inside) and not target.is_relative_to(inside):
            raise _at_extends(document, texts.t("extends_outside", path=extends))
    if target in extending:
        raise _at_extends(document, texts.t("extends_cycle", path=extends))
    if len(extending) >= MAX_EXTENDS:
        raise _at_extends(document, texts.t("extends_too_deep", limit=MAX_EXTENDS))
    return load_strategy(target, extending, root=root, read=read)


def _at_extends(document: Document, message: str) -> InputError:
    line, column = document.position(("extends",))
    return InputError(document.file, [Problem(message, line, column, "extends")])


@functools.cache
def bundled_versions() -> dict[str, list[str]]:
    """Bundled strategies by canonical city: their versions, oldest first."""
    found: dict[str, list[str]] = {}
    for file in sorted(BUNDLED_DIR.glob("*.yaml")):
        city, _, version = file.stem.partition("-")
        found.setdefault(city, []).append(version)
    return {city: sorted(versions) for city, versions in found.items()}


@functools.cache
def bundled(city: str, version: str) -> Strategy:
    """A bundled strategy, once per process: kept compiled between runs (`compiled`)."""
    from strategikoll.compiled import kept_or_compiled

    path = BUNDLED_DIR / f"{city}-{version}.yaml"
    return kept_or_compiled(path, functools.partial(load_strategy, path))


def _is_bundled(origin: str) -> bool:
    return bool(origin) and Path(origin).parent == BUNDLED_DIR


def strategy_at(origin: str) -> Strategy:
    """The bundled strategy compiled from the file `origin`, once per process."""
    city, _, version = Path(origin).stem.partition("-")
    return bundled(city, version)


def principle_at(origin: str, principle_id: str) -> Principle:
    """A principle by the file that defines it and its id."""
    return _principles_of(origin)[principle_id]


@functools.cache
def _principles_of(origin: str) -> dict[str, Principle]:
    return {p.id: p for p in strategy_at(origin).principles}


def canonical_city(name: str) -> str:
    """The canonical name of a city however it is spelled; `UsageError` with a hint if unknown.

    A bundled city's own name is known without reading a strategy; another spelling (malmö,
    gothenburg) is one of the `aliases` its strategy files list.
    """
    key = name.strip().lower()
    if key in bundled_versions():
        return key
    names = city_names()
    if key in names:
        return names[key]
    known = sorted(set(names.values()))
    raise UsageError(
        texts.t("unknown_city", city=name, known=", ".join(known)) + did_you_mean(key, names)
    )


@functools.cache
def city_names() -> dict[str, str]:
    """Every accepted spelling of a bundled city (its name and its strategies' `aliases`, in
    any case), mapped to its canonical name; kept between runs (`compiled`), since every bundled
    file must be read for it."""
    from strategikoll.compiled import kept_or_made

    return kept_or_made("city-names", _city_names, lambda kept: isinstance(kept, dict))


def _city_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for city, versions in bundled_versions().items():
        names[city] = city
        for version in versions:
            document = load_file(BUNDLED_DIR / f"{city}-{version}.yaml")
            data = document.data if isinstance(document.data, dict) else {}
            for alias in data.get("aliases") or ():
                names[str(alias).strip().lower()] = city
    return names


def resolve(selector: str, at: dt.date | None = None) -> list[Strategy]:
    """The strategies a `--city` value names: `city`, `city@version` or `all`.

    Without a version, the current one; with `at`, the one in force on that day.
    """
    if selector.strip().lower() == "all":
        chosen = [_in_force(city, at) for city in bundled_versions()]
        if at is not None and not any(chosen):
            raise UsageError(texts.t("none_in_force", city="all", date=at))
        return [strategy for strategy in chosen if strategy is not None]
    name, _, version = selector.partition("@")
    city = canonical_city(name)
    versions = bundled_versions().get(city)
    if not versions:
        raise UsageError(texts.t("no_strategy", city=city))
    if version:
        if version not in versions:
            known = ", ".join(versions)
            raise UsageError(texts.t("unknown_version", city=city, version=version, known=known))
        return [bundled(city, version)]
    strategy = _in_force(city, at)
    if strategy is None:
        raise UsageError(texts.t("none_in_force", city=city, date=at))
    return [strategy]


def _in_force(city: str, at: dt.date | None) -> Strategy | None:
    """The version of `city` in force on `at` (the newest when `at` is None).

    The newest version that had started by `at` and not ended wins: a later version replaces an
    earlier one. A version whose start the sources do not state cannot be ruled out.
    """
    versions = bundled_versions()[city]
    if at is None:
        return bundled(city, versions[-1])
    for version in reversed(versions):
        strategy = bundled(city, version)
        start, end = strategy.spec.starts(), strategy.spec.ends()
        if (start is None or start <= at) and (end is None or at <= end):
            return strategy
    return None


def every_strategy() -> list[Strategy]:
    """Every bundled strategy, every version, by city and oldest first."""
    return [bundled(city, v) for city, versions in bundled_versions().items() for v in versions]


def all_principles() -> list[tuple[Strategy, Principle]]:
    """Every principle of every bundled strategy version."""
    return [(s, p) for s in every_strategy() for p in s.principles]


SOURCES_VARIABLE = "STRATEGIKOLL_SOURCES"
"""Folders (separated as PATH is) where the plain texts of strategies' sources are looked for."""


def source_file(strategy: Strategy | StrategySpec, given: Path | None = None) -> Path | None:
    """The file that holds a strategy's source text: `given` (`lint --source`), else the file its
    document names (`source.text`) in the folders of STRATEGIKOLL_SOURCES, then in `sources/`
    beside the strategy file, then, for a strategy of this repository, in `../shared/seeds`.
    None where there is none to be found."""
    if given is not None:
        return given
    spec = strategy.spec if isinstance(strategy, Strategy) else strategy
    origin = strategy.origin if isinstance(strategy, Strategy) else ""
    return text_file_named(spec.text_file(), origin)


def text_file_named(name: str | None, origin: str | Path = "") -> Path | None:
    """The file `name` (a bare file name, never a path) in the folders of STRATEGIKOLL_SOURCES,
    then in `sources/` beside the strategy file `origin`, then in `../shared/seeds`."""
    import os

    if name is None or Path(name).name != name:
        return None
    folders = [Path(f) for f in os.environ.get(SOURCES_VARIABLE, "").split(os.pathsep) if f]
    if origin:
        folders.append(Path(origin).parent / "sources")
    folders.append(Path(__file__).resolve().parents[2].parent / "shared" / "seeds")
    return next((folder / name for folder in folders if (folder / name).is_file()), None)
