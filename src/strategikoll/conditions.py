"""The condition language: declarative conditions that a principle places on a proposal.

A condition is YAML data, never code. It is parsed once into a small tree of nodes that can

- evaluate a proposal with three-valued logic: met, not met, or unknown (a fact is not stated);
- give its reasons as data: which part was not met, of which fields, on what the proposal states;
- put itself in words, at the edge, in the run's language: what it requires, what a proposal
  states against it;
- be analysed: which fields it reads, which facts decide it either way (the witnesses of `diff`),
  and what it means, as a signature two strategies' conditions are compared by.

Each form is one class, registered under its YAML name in `FORMS`, with every one of those parts:
adding a form is one class and its words. The forms (each a one-key mapping, or the word `never`):

    never                                   nothing satisfies it (a prohibition)
    all: [C, ...]   any: [C, ...]   not: C
    present: FIELD                          the fact is stated (missing → not met, never unknown)
    stated: FIELD                           the fact is stated (missing → unknown: cannot be judged)
    is_true: FIELD                          shorthand for equals FIELD true
    equals:   {field: F, value: V}
    in:       {field: F, values: [V, ...]}
    contains: {field: F, any_of: [V, ...]}  a list field holds at least one of the values
    mentions: {field: F, any_of: [W, ...]}  a text field mentions one of the words (any case)
    compare:  {field: F, op: OP, value: V}  V a number, a date or {field: G}; OP < <= > >= == !=
    count:    {field: F, op: OP, value: N}  the number of items of a list field
    sum:      {field: F, of: G, where: C, op: OP, value: N}    over the items of a list field
    share:    {field: F, of: G, where: C, op: OP, percent: P}  G of the items meeting C, in % of all
    duration: {from: F, to: G, op: OP, value: "4y"}            calendar span: 4y, 6m, 30d, 1y6m
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import math
import operator
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any, ClassVar, NamedTuple, Protocol

from strategikoll.texts import add_words, field_label, number, statement, t, value_word
from strategikoll.validation import did_you_mean

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# No part longer than the calendar: a number of thousands of digits cannot even be read.
_SPAN = re.compile(r"^(?:(\d{1,4})y)?(?:(\d{1,4})m)?(?:(\d{1,5})d)?$")

FORMS: dict[str, type[Condition]] = {}
"""Every form of the language by its YAML name: the parser, `explain`, the witnesses of `diff`
and its comparison all reach a form through this registry and its class's methods."""

PARTS = ("parse", "evaluate", "describe", "says", "fields", "candidates", "signature", "shape")
"""What every form has: a test over the registry proves each form defines all of them."""


def missing_parts(form: type[Condition]) -> list[str]:
    """The parts of `PARTS` a form does not define itself or inherit from another form."""
    return [
        part for part in PARTS if next(k for k in form.__mro__ if part in k.__dict__) is Condition
    ]


Facts = dict[str, Any]
"""Dotted field path → plain value (None: not stated): a witness under construction."""


class ConditionError(ValueError):
    """A condition that cannot be parsed; `path` points into the YAML it came from."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class Reason(NamedTuple):
    """Why a condition was not met, as data: the part of it that failed and what the proposal
    states there. Reporters put it in words (`node.says(reason)`) in the run's language.

    A named tuple, not a frozen dataclass: a large run makes many of them.
    """

    node: Condition
    stated: Any = None  # the value the proposal states, or the measured figure (a share, a sum)
    holds: bool = False  # what a `not` forbids holds: the fact itself is the reason
    alternative: bool = False  # one of several alternatives, none of which holds

    def data(self) -> dict[str, Any]:
        """The reason as plain data for JSON: the form, the fields read, the value stated and
        what is required, in words."""
        return {
            "form": self.node.name,
            "fields": sorted(self.node.fields()),
            "stated": _json_value(self.stated),
            "required": t("not", condition=self.node.describe())
            if self.holds
            else self.node.describe(),
        }


def _json_value(value: Any) -> Any:
    """A stated value as JSON holds it: dates as ISO text, enums by value, tuples as lists."""
    value = _plain(value)
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class Outcome(NamedTuple):
    """The result of evaluating a condition: `met` is True, False, or None (unknown).

    A named tuple, not a frozen dataclass: evaluation makes one per condition per proposal.
    """

    met: bool | None
    reasons: tuple[Reason, ...] = ()  # why not met, as data
    missing: tuple[str, ...] = ()  # fields whose absence made it unknown
    fields: tuple[str, ...] = ()  # fields behind a failure, for pointing at a line


MET = Outcome(True)


def _unknown(*paths: str) -> Outcome:
    return Outcome(None, missing=paths)


@functools.cache
def _steps(path: str) -> tuple[str, ...]:
    return tuple(path.split("."))


def lookup(data: Mapping[str, Any] | None, path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    value: Any = data
    for part in _steps(path):
        if type(value) is not dict and not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def stated(value: Any) -> bool:
    """Whether a fact is stated: given, and not empty."""
    return value is not None and value not in ("", [])


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def compared(value: Any) -> Any:
    """What a value is compared by: enums by value, text without regard to case."""
    value = _plain(value)
    return value.casefold() if isinstance(value, str) else value


class Kit(Protocol):
    """What a form needs to propose witness facts: values of a field's type, and the candidates
    of its parts. `witnesses` provides it; the forms do not import it."""

    start: dt.date
    day: dt.timedelta
    max_listed: int
    max_items: int

    def of(self, condition: Condition) -> list[Facts]: ...
    def meets(self, condition: Condition, facts: Facts) -> bool | None: ...
    def some(self, path: str) -> Any: ...
    def some_item(self, path: str) -> Any: ...
    def other(self, path: str, values: list[Any]) -> Any: ...
    def wrapped(self, path: str, value: Any) -> Any: ...
    def step(self, value: Any, step: int) -> Any: ...
    def item_name(self) -> str: ...


class Condition:
    """Base of every form of the condition language. A subclass that sets `name` is a form and
    is registered under that name."""

    name: ClassVar[str] = ""
    words: ClassVar[dict[str, dict[str, Any]]] = {}
    """The form's own words per language, for a form defined outside this module; the built-in
    forms' words are in the catalogues (`i18n`)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.__dict__.get("name"):
            FORMS[cls.name] = cls
        if cls.__dict__.get("words"):
            add_words(cls.words)

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        """The form built from its YAML body; `ConditionError` points at what is wrong."""
        raise NotImplementedError

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        """Evaluate against a proposal given as nested plain data."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the condition requires, in words of the current language."""
        raise NotImplementedError

    def says(self, reason: Reason) -> str:
        """What the proposal states against this part, as a sentence of the current language
        that names the field to change."""
        raise NotImplementedError

    def fields(self) -> set[str]:
        """Every field path the condition reads."""
        raise NotImplementedError

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        """Facts (dotted paths and values) that exercise the condition: some meet it, some not."""
        raise NotImplementedError

    def signature(self) -> Any:
        """What the condition means, to compare: the order of listed values and of the parts of
        `all` and `any` left out, text without regard to case, data lists by their content."""
        raise NotImplementedError

    def shape(self) -> Any:
        """The signature with the thresholds left out: which tests of which fields, combined how.
        Two conditions of one shape differ only in the values they test against."""
        raise NotImplementedError

    def presence_only(self) -> set[str]:
        """The fields of which only whether they are stated matters, not their value: neither
        the outcome nor its words depend on what they say."""
        return set()


# ---------------------------------------------------------------------------------------------
# Words shared by the forms


def code(path: str, value: Any = None) -> str:
    """A field as the proposal's YAML names it, with its value when one is given."""
    if value is None:
        return f"`{path}`"
    return f"`{path}: {_yaml_word(value)}`"


def _yaml_word(value: Any) -> str:
    value = _plain(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_word(v) for v in value) + "]"
    return str(value)


def shown(value: Any, path: str = "") -> str:
    """A stated or required value as a reader reads it: booleans as ja/nej, numbers in the
    language's format (amounts in kronor), lists joined."""
    value = _plain(value)
    if isinstance(value, list | tuple):
        return t("and").join(shown(v, path) for v in value) if value else t("nothing")
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        return value_word(value)
    figure = float(value) if isinstance(value, Fraction) else value
    words = number(figure)
    return t("amount", amount=words) if path.endswith("_sek") else words


def fact(path: str, value: bool) -> str:
    """A yes/no fact as a clause: "avtalet avser ett konkret utbyte" (its field's own words),
    or "konkret utbyte: nej" where the field has none."""
    said = statement(path, value)
    return said if said is not None else f"{field_label(path)}: {value_word(value)}"


def asked(path: str) -> str:
    """A fact to state, as a request names it: "slutdatum", "om avtalet avser ett konkret
    utbyte"."""
    said = statement(path, True)
    if said is not None:
        return t("whether", fact=said)
    label = field_label(path)
    if label.split(" ", 1)[0] in {"who", "what", "on", "vem", "det"}:  # a clause already
        return label
    return t("the_field", field=label)


def _required(op: str, value: Any, path: str) -> str:
    """ "högst 4 år", "senast 2026-06-30", "minst 100 %": a bound as a requirement names it."""
    dated = isinstance(value, dt.date)
    key = f"req_date_{op}" if dated else f"req_{op}"
    return t(key, value=shown(value, path) if not isinstance(value, str) else value).strip()


MAX_SPELLED = 6
"""A data list of at most this many values is spelled out in words, a longer one named."""


def _one_of(values: Iterable[Any], listed_as: str | None = None) -> str:
    words = [value_word(v) for v in values]
    if listed_as is not None and len(words) > MAX_SPELLED:  # a long data list is named
        return t("data_list", name=listed_as)
    return ", ".join(words[:-1]) + t("or") + words[-1] if len(words) > 1 else "".join(words)


def _grouped(condition: Condition) -> str:
    """A sub-condition's words, bracketed when it is itself a group of several."""
    words = condition.describe()
    return (
        f"({words})" if isinstance(condition, All | AnyOf) and len(condition.items) > 1 else words
    )


def _reasons(groups: Iterable[tuple[Reason, ...]]) -> tuple[Reason, ...]:
    """The reasons of several parts, each fact once (a value stated may be a list: no hash)."""
    seen: dict[tuple[str, str], Reason] = {}
    for group in groups:
        for reason in group:
            seen.setdefault((repr(sorted(reason.node.fields())), repr(reason.stated)), reason)
    return tuple(seen.values())


def _flat(groups: Iterable[tuple[Any, ...]]) -> tuple[Any, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


# ---------------------------------------------------------------------------------------------
# The forms


@dataclass(frozen=True)
class Never(Condition):
    """A prohibition: nothing meets it."""

    name: ClassVar[str] = "never"

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        return cls()

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        return Outcome(False, (Reason(self),), fields=("kind",))

    def describe(self) -> str:
        return t("never")

    def says(self, reason: Reason) -> str:
        return t("says_never", code=code("kind"))

    def fields(self) -> set[str]:
        return set()

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        yield {}

    def signature(self) -> Any:
        return ("never",)

    def shape(self) -> Any:
        return ("never",)


@dataclass(frozen=True)
class All(Condition):
    """Every sub-condition holds."""

    name: ClassVar[str] = "all"
    items: tuple[Condition, ...]

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        return cls(parser.group(body, at))

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        outcomes = [item.evaluate(data) for item in self.items]
        failed = [o for o in outcomes if o.met is False]
        if failed:
            return Outcome(
                False, _reasons(o.reasons for o in failed), (), _flat(o.fields for o in failed)
            )
        unknown = [o for o in outcomes if o.met is None]
        if unknown:
            return Outcome(None, missing=_flat(o.missing for o in unknown))
        return MET

    def describe(self) -> str:
        return t("and").join(_grouped(item) for item in self.items)

    def says(self, reason: Reason) -> str:
        return reason.node.says(reason) if reason.node is not self else self.describe()

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def presence_only(self) -> set[str]:
        return presence_only_in(self.items)

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        yield from _group_candidates(self, kit, wanted=True)

    def signature(self) -> Any:
        return ("all", frozenset(item.signature() for item in self.items))

    def shape(self) -> Any:
        return ("all", frozenset(item.shape() for item in self.items))


@dataclass(frozen=True)
class AnyOf(Condition):
    """At least one sub-condition holds."""

    name: ClassVar[str] = "any"
    items: tuple[Condition, ...]

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        return cls(parser.group(body, at))

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        outcomes = [item.evaluate(data) for item in self.items]
        if any(o.met is True for o in outcomes):
            return MET
        unknown = [o for o in outcomes if o.met is None]
        if unknown:
            return Outcome(None, missing=_flat(o.missing for o in unknown))
        # What each alternative found, each fact once, then the alternatives themselves.
        found = _reasons(o.reasons for o in outcomes)
        return Outcome(
            False,
            (*(r._replace(alternative=True) for r in found), Reason(self)),
            (),
            _flat(o.fields for o in outcomes),
        )

    def describe(self) -> str:
        return t("or").join(_grouped(item) for item in self.items)

    def says(self, reason: Reason) -> str:
        alternatives = [item.describe() for item in self.items]
        joined = t("or_if").join(alternatives)
        return t("says_any", alternatives=joined)

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def presence_only(self) -> set[str]:
        return presence_only_in(self.items)

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        yield from _group_candidates(self, kit, wanted=False)

    def signature(self) -> Any:
        return ("any", frozenset(item.signature() for item in self.items))

    def shape(self) -> Any:
        return ("any", frozenset(item.shape() for item in self.items))


def _group_candidates(group: All | AnyOf, kit: Kit, *, wanted: bool) -> Iterator[Facts]:
    """Each part's candidates, and one set of facts on which every part is met at once (for
    `all`) or every part fails (for `any`)."""
    children = [kit.of(item) for item in group.items]
    for options in children:
        yield from options
    chosen = [
        next((o for o in options if kit.meets(item, o) is wanted), None)
        for item, options in zip(group.items, children, strict=True)
    ]
    if None in chosen:
        return
    merged: Facts = {}
    for facts in chosen:
        assert facts is not None
        for path, value in facts.items():
            if path in merged and merged[path] != value:
                return
            merged[path] = value
    yield merged


@dataclass(frozen=True)
class Not(Condition):
    """The sub-condition does not hold."""

    name: ClassVar[str] = "not"
    item: Condition

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        return cls(parser.parse(body, at))

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        inner = self.item.evaluate(data)
        if inner.met is None:
            return inner
        if inner.met:  # what holds is the reason: "the engagement touches foreign policy"
            fields = tuple(sorted(self.item.fields()))
            valued = len(fields) == 1 and not self.item.presence_only()
            stated_value = lookup(data, fields[0]) if valued else None
            return Outcome(False, (Reason(self.item, stated_value, holds=True),), (), fields)
        return MET

    def describe(self) -> str:
        item = self.item
        if isinstance(item, Equals) and isinstance(item.value, bool):
            return Equals(item.field, not item.value).describe()
        if isinstance(item, In):
            return t("not_in", field=field_label(item.field), values=item.values_words())
        if isinstance(item, Equals):
            return t("not_in", field=field_label(item.field), values=value_word(item.value))
        return t("not", condition=item.describe())

    def says(self, reason: Reason) -> str:
        return self.item.says(reason)

    def fields(self) -> set[str]:
        return self.item.fields()

    def presence_only(self) -> set[str]:
        return self.item.presence_only()

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        yield from kit.of(self.item)

    def signature(self) -> Any:
        return ("not", self.item.signature())

    def shape(self) -> Any:
        return ("not", self.item.shape())


@dataclass(frozen=True)
class Present(Condition):
    """The fact is stated. Used where the principle itself requires it to be stated."""

    name: ClassVar[str] = "present"
    field: str

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        return cls(parser.name(body, at))

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        if stated(lookup(data, self.field)):
            return MET
        return Outcome(False, (Reason(self),), (), (self.field,))

    def describe(self) -> str:
        said = statement(self.field, True)
        if said is not None:
            return t("is_answered", fact=said)
        return t("is_stated", field=field_label(self.field))

    def says(self, reason: Reason) -> str:
        if reason.holds:
            return t("says_stated", field=field_label(self.field), code=code(self.field))
        if statement(self.field, True) is not None:  # a yes/no fact: "does not state whether …"
            return t("says_missing_fact", field=asked(self.field), code=code(self.field))
        return t("says_missing", field=field_label(self.field), code=code(self.field))

    def fields(self) -> set[str]:
        return {self.field}

    def presence_only(self) -> set[str]:
        return {self.field}

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        yield {self.field: kit.some(self.field)}
        yield {self.field: None}  # not stated, whatever else would state it

    def signature(self) -> Any:
        return (self.name, self.field)

    def shape(self) -> Any:
        return self.signature()


@dataclass(frozen=True)
class Stated(Present):
    """The fact is stated; when it is not, the outcome is unknown rather than not met. Used where
    stating the fact is one way to meet a principle, not something the principle demands."""

    name: ClassVar[str] = "stated"

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        return MET if stated(lookup(data, self.field)) else _unknown(self.field)


def presence_only_in(items: Iterable[Condition]) -> set[str]:
    """Fields some items test for presence only, and none reads the value of."""
    items = list(items)
    valued = set().union(*(item.fields() - item.presence_only() for item in items))
    return set().union(*(item.presence_only() for item in items)) - valued


class _FieldTest(Condition):
    """A test of one field's value; unknown when the field is not stated."""

    field: str

    def test(self, value: Any) -> bool:
        raise NotImplementedError

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        value = lookup(data, self.field)
        if not stated(value) and value != []:
            return _unknown(self.field)
        if self.test(value):
            return MET
        return Outcome(False, (Reason(self, value),), (), (self.field,))

    def fields(self) -> set[str]:
        return {self.field}


def _plain_all(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, list) else _plain(value)


@dataclass(frozen=True)
class Equals(_FieldTest):
    """The field has exactly this value."""

    name: ClassVar[str] = "equals"
    field: str
    value: Any

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        parser.keys(body, {"field", "value"}, set(), at)
        path = parser.field(body, "field", at)
        parser.require(path, at, many=False)
        return cls(path, parser.value(path, body["value"], (*at, "value")))

    def test(self, value: Any) -> bool:
        return bool(compared(value) == compared(self.value))

    def describe(self) -> str:
        if isinstance(self.value, bool):
            return fact(self.field, self.value)
        return t("equals", field=field_label(self.field), value=value_word(self.value))

    def says(self, reason: Reason) -> str:
        value = _plain(reason.stated)
        if isinstance(value, bool):
            return t("says_fact", fact=fact(self.field, value), code=code(self.field, value))
        said = t("says_value", value=value_word(value), field=field_label(self.field))
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.field))
        wanted = value_word(self.value)
        return t("says_value_wanted", said=said, code=code(self.field), wanted=wanted)

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        yield {self.field: kit.wrapped(self.field, self.value)}
        yield {self.field: kit.wrapped(self.field, kit.other(self.field, [self.value]))}

    def signature(self) -> Any:
        return ("equals", self.field, compared(self.value))

    def shape(self) -> Any:
        return ("equals", self.field)


@dataclass(frozen=True)
class IsTrue(Equals):
    """`is_true: FIELD`, shorthand for `equals: {field: FIELD, value: true}`."""

    name: ClassVar[str] = "is_true"

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        path = parser.name(body, at)
        parser.require(path, at, many=False, kinds=(bool,))
        return cls(path, True)


class _Listed(_FieldTest):
    """A test against listed values, written out or named by a data list of the strategy."""

    field: str
    values: tuple[Any, ...]
    listed_as: str | None
    key: ClassVar[str] = "values"
    many: ClassVar[bool] = False
    kinds: ClassVar[tuple[Any, ...]] = ()

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        parser.one_of_keys(body, cls.key, at)
        path = parser.field(body, "field", at)
        parser.require(path, at, many=cls.many, kinds=cls.kinds)
        return cls(path, parser.values(path, body, cls.key, at), body.get("values_from"))  # type: ignore[call-arg]

    def values_words(self) -> str:
        return _one_of(self.values, self.listed_as)

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        for value in self.values[: kit.max_listed]:  # another side may accept some of them only
            yield {self.field: kit.wrapped(self.field, value)}
        yield {self.field: kit.wrapped(self.field, kit.other(self.field, list(self.values)))}

    def signature(self) -> Any:
        return (self.name, self.field, frozenset(compared(v) for v in self.values))

    def shape(self) -> Any:
        return (self.name, self.field)


@dataclass(frozen=True)
class In(_Listed):
    """The field has one of these values."""

    name: ClassVar[str] = "in"
    field: str
    values: tuple[Any, ...]
    listed_as: str | None = None  # the name of the strategy's data list the values came from

    def test(self, value: Any) -> bool:
        return compared(value) in {compared(v) for v in self.values}

    def describe(self) -> str:
        return t("in", field=field_label(self.field), values=self.values_words())

    def says(self, reason: Reason) -> str:
        said = t("says_value", value=value_word(reason.stated), field=field_label(self.field))
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.field))
        wanted = self.values_words()
        return t("says_value_wanted", said=said, code=code(self.field), wanted=wanted)


@dataclass(frozen=True)
class Contains(_Listed):
    """A list field holds at least one of these values."""

    name: ClassVar[str] = "contains"
    field: str
    values: tuple[Any, ...]
    listed_as: str | None = None
    key: ClassVar[str] = "any_of"
    many: ClassVar[bool] = True

    def test(self, value: Any) -> bool:
        wanted = {compared(v) for v in self.values}
        return isinstance(value, list) and any(compared(v) in wanted for v in value)

    def describe(self) -> str:
        return t("contains", field=field_label(self.field), values=self.values_words())

    def says(self, reason: Reason) -> str:
        label = field_label(self.field)
        if not reason.stated:
            said = t("says_none_listed", field=label)
        else:
            said = t("says_listed", field=label, values=shown(_plain_all(reason.stated)))
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.field))
        wanted = self.values_words()
        return t("says_listed_wanted", said=said, code=code(self.field), wanted=wanted)


@dataclass(frozen=True)
class Mentions(_Listed):
    """A text field mentions at least one of these words, in any case (Brysselkontoret: Bryssel)."""

    name: ClassVar[str] = "mentions"
    field: str
    values: tuple[Any, ...]
    listed_as: str | None = None
    key: ClassVar[str] = "any_of"
    kinds: ClassVar[tuple[Any, ...]] = (str,)

    def test(self, value: Any) -> bool:
        text = str(value).casefold()
        return any(str(word).casefold() in text for word in self.values)

    def describe(self) -> str:
        return t("mentions", field=field_label(self.field), values=self.values_words())

    def says(self, reason: Reason) -> str:
        label = field_label(self.field)
        if reason.holds:
            return t("says_mentions", field=label, text=reason.stated, code=code(self.field))
        return t(
            "says_mentions_not",
            field=label,
            text=reason.stated,
            code=code(self.field),
            values=self.values_words(),
        )


@dataclass(frozen=True)
class FieldRef:
    """A reference to another field, as the right-hand side of a comparison."""

    field: str


@dataclass(frozen=True)
class Compare(Condition):
    """The field compared with a number, a date or another field."""

    name: ClassVar[str] = "compare"
    field: str
    op: str
    value: Any

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        parser.keys(body, {"field", "op", "value"}, set(), at)
        path = parser.field(body, "field", at)
        parser.require(path, at, many=False, kinds=(*_NUMBERS, dt.date))
        raw = body["value"]
        if isinstance(raw, Mapping):
            inner = parser.keys(raw, {"field"}, set(), (*at, "value"))
            other = parser.field(inner, "field", (*at, "value"))
            spec = parser.spec(path)
            kinds = () if spec is None else _NUMBERS if spec.kind in _NUMBERS else (spec.kind,)
            parser.require(other, (*at, "value"), many=False, kinds=kinds)
            return cls(path, parser.op(body, at), FieldRef(other))
        return cls(path, parser.op(body, at), parser.value(path, raw, (*at, "value")))

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        left = lookup(data, self.field)
        right = lookup(data, self.value.field) if isinstance(self.value, FieldRef) else self.value
        missing = [p for p, v in ((self.field, left), (_ref(self.value), right)) if p and v is None]
        if missing:
            return _unknown(*missing)
        try:
            ok = OPERATORS[self.op](left, right)
        except TypeError:
            ok = False
        if ok:
            return MET
        stated_value = (left, right) if isinstance(self.value, FieldRef) else left
        return Outcome(False, (Reason(self, stated_value),), (), (self.field,))

    def describe(self) -> str:
        if isinstance(self.value, FieldRef):
            bound = field_label(self.value.field)
            return t(
                "compare", field=field_label(self.field), required=_required(self.op, bound, "")
            )
        return t(
            "compare",
            field=field_label(self.field),
            required=_required(self.op, self.value, self.field),
        )

    def says(self, reason: Reason) -> str:
        label = field_label(self.field)
        if isinstance(self.value, FieldRef):
            left, right = reason.stated
            said = t(
                "says_two_values",
                value=shown(left, self.field),
                field=label,
                other=shown(right, self.value.field),
                other_field=field_label(self.value.field),
            )
            required = _required(self.op, field_label(self.value.field), "")
        else:
            said = t("says_value", value=shown(reason.stated, self.field), field=label)
            required = _required(self.op, self.value, self.field)
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.field))
        return t("says_bound", said=said, code=code(self.field), required=required)

    def fields(self) -> set[str]:
        return {self.field, *([self.value.field] if isinstance(self.value, FieldRef) else [])}

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        """Values just below, at and just above the other side of the comparison."""
        if isinstance(self.value, FieldRef):
            here = kit.some(self.field)
            if isinstance(here, list):  # a list compared with a field: nothing to step
                return
            other = self.value.field
            for left, right in ((here, here), (kit.step(here, 1), here), (here, kit.step(here, 1))):
                yield {self.field: left, other: right}
            return
        for step in (-1, 0, 1):
            try:
                stepped = kit.step(self.value, step)
            except OverflowError:  # the first or the last day there is
                continue
            yield {self.field: stepped}

    def signature(self) -> Any:
        right = ("field", self.value.field) if isinstance(self.value, FieldRef) else self.value
        return ("compare", self.field, self.op, right)

    def shape(self) -> Any:
        right = ("field", self.value.field) if isinstance(self.value, FieldRef) else "…"
        return ("compare", self.field, right)


def _ref(value: Any) -> str | None:
    return value.field if isinstance(value, FieldRef) else None


@dataclass(frozen=True)
class Count(_FieldTest):
    """The number of items in a list field, compared with a number."""

    name: ClassVar[str] = "count"
    field: str
    op: str
    value: int

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        parser.keys(body, {"field", "op", "value"}, set(), at)
        path = parser.field(body, "field", at)
        parser.require(path, at, many=True, valued=False)
        return cls(path, parser.op(body, at), int(parser.number(body, "value", at)))

    def test(self, value: Any) -> bool:
        return isinstance(value, list) and OPERATORS[self.op](len(value), self.value)

    def describe(self) -> str:
        return t(
            "count", field=field_label(self.field), required=_required(self.op, self.value, "")
        )

    def says(self, reason: Reason) -> str:
        size = len(reason.stated) if isinstance(reason.stated, list) else 0
        said = t("says_count", n=size, field=field_label(self.field))
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.field))
        required = _required(self.op, self.value, "")
        return t("says_bound", said=said, code=code(self.field), required=required)

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        for each in (self.value - 1, self.value, self.value + 1):
            if 0 <= each <= kit.max_items:
                yield {self.field: [kit.some_item(self.field)] * each}

    def signature(self) -> Any:
        return ("count", self.field, self.op, self.value)

    def shape(self) -> Any:
        return ("count", self.field)


_WHOLE = 2**53
"""Below this, a float that is a whole number is exactly the integer written."""


def exact(number: float) -> int | Fraction:
    """A number exactly as written: a whole number as an integer (the common case, and the
    fastest to add up), any other float as the shortest decimal that reads back as it, which is
    the decimal written wherever the float holds it exactly (every amount in öre up to
    `MAX_AMOUNT_SEK`, with its at most 15 significant digits)."""
    if isinstance(number, int):
        return number
    if number.is_integer() and abs(number) < _WHOLE:
        return int(number)
    return Fraction(repr(number))


@dataclass(frozen=True)
class Aggregate(Condition):
    """A sum, or a share in percent, of one number over the items of a list field.

    Counted exactly, in integers and fractions, not floats: a float sum of a vast own contribution
    and a small external one can round, or overflow to infinity, into "all of it is external".
    Fractions do neither and, unlike decimals, need no precision chosen for any sum or product.
    """

    field: str
    of: str
    where: Condition | None
    op: str
    value: float
    share: ClassVar[bool] = False
    threshold: int | Fraction = dataclasses.field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", exact(self.value))

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        amount_key = "percent" if cls.share else "value"
        parser.keys(body, {"field", "of", "op", amount_key}, {"where"}, at)
        list_field = parser.field(body, "field", at)
        parser.require(list_field, at, many=True, valued=False)
        item = Parser(parser.fields, f"{list_field}.", parser.data)
        of = item.name(body.get("of"), (*at, "of"), "of")
        item.require(of, (*at, "of"), many=False, kinds=_NUMBERS)
        where = item.parse(body["where"], (*at, "where")) if "where" in body else None
        amount = parser.number(body, amount_key, at)
        return cls(
            list_field, of.removeprefix(f"{list_field}."), where, parser.op(body, at), amount
        )

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        items = lookup(data, self.field)
        if items is None:
            return _unknown(self.field)
        total: int | Fraction = 0
        chosen: int | Fraction = 0
        missing: list[str] = []
        for index, item in enumerate(items):
            amount = lookup(item, self.of)
            keep = self.where.evaluate(_nest(self.field, item)) if self.where else MET
            if amount is None or keep.met is None:
                indexed = f"{self.field}.{index}."
                relative = [p.removeprefix(self.field + ".") for p in keep.missing] or [self.of]
                missing += [indexed + p for p in relative]
                continue
            amount = exact(amount)
            total += amount
            if keep.met:
                chosen += amount
        if missing:
            return _unknown(*missing)
        if self.share and total == 0:
            return _unknown(f"{self.field}.{self.of}")
        compare = OPERATORS[self.op]
        if self.share:  # 100 × chosen against percent × total: whole amounts stay integers
            met = compare(100 * chosen, self.threshold * total)
        else:
            met = compare(chosen, self.threshold)
        if met:
            return MET
        measured = Fraction(100 * chosen, total) if self.share else chosen
        figure = _figure(measured, self.op, self.threshold)
        return Outcome(False, (Reason(self, figure),), (), (self.field,))

    def where_words(self) -> str:
        return t("where", condition=self.where.describe()) if self.where else ""

    def describe(self) -> str:
        unit = "%" if self.share else ""
        required = _required(self.op, self.value, "" if self.share else f"{self.field}.{self.of}")
        return t(
            self.name,
            of=field_label(f"{self.field}.{self.of}"),
            field=field_label(self.field),
            where=self.where_words(),
            required=f"{required}{' ' + unit if unit else ''}",
        )

    def says(self, reason: Reason) -> str:
        path = f"{self.field}.{self.of}"
        measured = shown(reason.stated, "" if self.share else path)
        said = t(
            f"says_{self.name}",
            value=measured,
            of=field_label(path),
            field=field_label(self.field),
            where=self.where_words(),
        )
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.field))
        unit = " %" if self.share else ""
        required = _required(self.op, self.value, "" if self.share else path) + unit
        return t("says_bound", said=said, code=code(self.field), required=required)

    def fields(self) -> set[str]:
        inner = self.where.fields() if self.where else set()
        return {self.field, f"{self.field}.{self.of}", *inner}

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        """Lists of items (funding sources) inside and outside the `where`, around the threshold."""
        prefix = self.field + "."
        inside, outside = self._item(kit, True), self._item(kit, False)
        if self.share:
            amounts = [[(inside, 100)], [(outside, 100)], [(inside, 50), (outside, 50)]]
        else:
            value = int(self.value)
            amounts = [[(inside, value)], [(inside, value + 1)], [(outside, value + 1)]]
            if value >= 1:
                amounts.append([(inside, value - 1)])
        for listed in amounts:
            items = [
                {**{k.removeprefix(prefix): v for k, v in facts.items()}, self.of: amount}
                for facts, amount in listed
                if facts is not None
            ]
            if items:
                yield {self.field: [{"name": kit.item_name(), **i} for i in items]}

    def _item(self, kit: Kit, inside: bool) -> Facts | None:
        """The facts of one item that the `where` takes in (or leaves out)."""
        if self.where is None:
            return {} if inside else None
        prefix = self.field + "."
        for option in kit.of(self.where):
            nested = {k.removeprefix(prefix): v for k, v in option.items()}
            if kit.meets(self.where, {self.field: nested}) is inside:
                return option
        return None

    def signature(self) -> Any:
        where = self.where.signature() if self.where else None
        return (self.name, self.field, self.of, where, self.op, self.value)

    def shape(self) -> Any:
        where = self.where.shape() if self.where else None
        return (self.name, self.field, self.of, where)


@dataclass(frozen=True)
class Sum(Aggregate):
    """The sum of one number over the items of a list field (those meeting `where`)."""

    name: ClassVar[str] = "sum"


@dataclass(frozen=True)
class Share(Aggregate):
    """The share, in percent of all, of one number over the items meeting `where`."""

    name: ClassVar[str] = "share"
    share: ClassVar[bool] = True


def _figure(measured: int | Fraction, op: str, threshold: int | Fraction) -> float:
    """A measured figure that does not meet `op threshold`, as shown: to one decimal, or to as
    many more as it takes not to seem to meet it (99.99 % is not shown as 100 % when 100 % is
    required)."""
    figure = Fraction(measured)
    shown_figure = round(figure, 1)
    for places in range(2, 13):
        if not OPERATORS[op](shown_figure, threshold):
            break
        shown_figure = round(figure, places)
    return float(shown_figure)


@dataclass(frozen=True)
class Span:
    """A calendar span: years, months and days."""

    years: int = 0
    months: int = 0
    days: int = 0

    def after(self, start: dt.date) -> dt.date:
        """The date this span after `start`, the day clamped to the length of the month."""
        month_index = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month_index // 12, month_index % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day) + dt.timedelta(days=self.days)

    def words(self) -> str:
        parts = [
            t(unit, n=n)
            for unit, n in (("years", self.years), ("months", self.months), ("days", self.days))
            if n
        ]
        return t("and").join(parts) or t("days", n=0)


@dataclass(frozen=True)
class Duration(Condition):
    """The time between two date fields compared with a calendar span."""

    name: ClassVar[str] = "duration"
    start: str
    end: str
    op: str
    span: Span

    @classmethod
    def parse(cls, parser: Parser, body: Any, at: At) -> Condition:
        parser.keys(body, {"from", "to", "op", "value"}, set(), at)
        start, end = parser.field(body, "from", at), parser.field(body, "to", at)
        for path, key in ((start, "from"), (end, "to")):
            parser.require(path, (*at, key), many=False, kinds=(dt.date,))
        match = _SPAN.match(str(body["value"]))
        if not match or not any(match.groups()):
            raise ConditionError(t("c_span"), (*at, "value"))
        years, months, days = (int(g) if g else 0 for g in match.groups())
        return cls(start, end, parser.op(body, at), Span(years, months, days))

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        start, end = lookup(data, self.start), lookup(data, self.end)
        missing = [p for p, v in ((self.start, start), (self.end, end)) if v is None]
        if missing:
            return _unknown(*missing)
        try:
            limit = self.span.after(start)
        except (OverflowError, ValueError):
            limit = dt.date.max
        if OPERATORS[self.op](end, limit):
            return MET
        return Outcome(False, (Reason(self, (start, end)),), (), (self.end,))

    def describe(self) -> str:
        return t(
            "duration",
            start=field_label(self.start),
            end=field_label(self.end),
            required=_required(self.op, self.span.words(), ""),
        )

    def says(self, reason: Reason) -> str:
        start, end = reason.stated
        said = t(
            "says_dates",
            start_field=field_label(self.start),
            start=start,
            end_field=field_label(self.end),
            end=end,
        )
        if reason.holds or reason.alternative:
            return t("sentence", words=said, code=code(self.end))
        required = _required(self.op, self.span.words(), "")
        return t("says_span", said=said, code=code(self.end), required=required)

    def fields(self) -> set[str]:
        return {self.start, self.end}

    def candidates(self, kit: Kit) -> Iterator[Facts]:
        for step in (-1, 0, 1):
            try:
                last = self.span.after(kit.start) + step * kit.day
            except (OverflowError, ValueError):  # beyond the calendar
                continue
            yield {self.start: kit.start, self.end: last}

    def signature(self) -> Any:
        return ("duration", self.start, self.end, self.op, self.span)

    def shape(self) -> Any:
        return ("duration", self.start, self.end)


def _nest(path: str, value: Any) -> dict[str, Any]:
    """`a.b`, v → {"a": {"b": v}}: an item placed where its list stands, so full paths reach it."""
    for part in reversed(path.split(".")):
        value = {part: value}
    return dict(value)


# ---------------------------------------------------------------------------------------------
# Parsing

At = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldSpec:
    """What the language needs to know of a field: the type of its values, and if it is a list."""

    kind: Any
    many: bool = False


def parse(
    raw: Any,
    fields: Mapping[str, FieldSpec] | None = None,
    at: At = (),
    data: Mapping[str, list[Any]] | None = None,
) -> Condition:
    """Parse YAML data into a condition; `ConditionError` points at the bad part.

    With `fields`, every field a condition names must be one of them, and every value must suit
    its field (an enum value that exists, a date for a date field…), so that a condition that could
    never match is an error when the strategy is loaded, not a silent "not met" later. `data` holds
    the strategy's named lists (partner cities, memberships …) that `values_from` refers to.
    """
    return Parser(fields, data=data or {}).parse(raw, at)


_TYPE_WORDS = {bool: "w_bool", int: "w_number", float: "w_number", dt.date: "w_date", str: "w_text"}
_NUMBERS: tuple[type, ...] = (int, float)


def _is_value(kind: Any) -> bool:
    """Whether a field of this type holds a value a condition can test (not fields of its own)."""
    return kind in _TYPE_WORDS or (isinstance(kind, type) and issubclass(kind, Enum))


class Parser:
    """Reads the YAML of a condition; each form's `parse` uses its checks of fields and values."""

    def __init__(
        self,
        fields: Mapping[str, FieldSpec] | None,
        prefix: str = "",
        data: Mapping[str, list[Any]] | None = None,
    ) -> None:
        self.fields = fields
        self.prefix = prefix  # conditions on the items of a list name fields relative to an item
        self.data = data or {}

    def parse(self, raw: Any, at: At) -> Condition:
        if raw == "never":
            return Never()
        forms = ", ".join(sorted(set(FORMS) - {"never"}))
        if not isinstance(raw, Mapping) or len(raw) != 1:
            raise ConditionError(t("c_shape", forms=forms), at)
        ((form, body),) = raw.items()
        handler = FORMS.get(form) if form != "never" else None
        if handler is None:
            hint = did_you_mean(str(form), set(FORMS) - {"never"})
            raise ConditionError(t("c_unknown_form", form=form, hint=hint, forms=forms), at)
        return handler.parse(self, body, (*at, form))

    # -- fields and values ------------------------------------------------------------------

    def name(self, value: Any, at: At, key: str = "field") -> str:
        if not isinstance(value, str) or not value:
            raise ConditionError(t("c_name_field", key=key), at)
        path = self.prefix + value
        if self.fields is not None and path not in self.fields:
            hint = did_you_mean(path, self.fields)
            raise ConditionError(t("c_unknown_field", field=path, hint=hint), at)
        listed = self.list_above(path)
        if listed is not None:
            raise ConditionError(t("c_inside_list", field=path, list=listed), at)
        return path

    def list_above(self, path: str) -> str | None:
        """The list field `path` lies in, outside the items this parser is about, if it does:
        outside `sum` and `share` such a path names one value of every item, and reads none."""
        steps = path.split(".")
        for end in range(1, len(steps)):
            above = ".".join(steps[:end])
            spec = self.spec(above)
            if spec is not None and spec.many and not self.prefix.startswith(f"{above}."):
                return above
        return None

    def field(self, body: Mapping[str, Any], key: str, at: At) -> str:
        return self.name(body.get(key), (*at, key), key)

    def spec(self, path: str) -> FieldSpec | None:
        return self.fields.get(path) if self.fields is not None else None

    def require(
        self,
        path: str,
        at: At,
        *,
        many: bool | None = None,
        kinds: tuple[Any, ...] = (),
        valued: bool = True,
    ) -> None:
        """Refuse a field of the wrong shape: a list for one value, text for a number, and (when
        the test reads values, `valued`) a field that has fields of its own and no value."""
        spec = self.spec(path)
        if spec is None:
            return
        if valued and not _is_value(spec.kind):
            inner = sorted(f for f in self.fields or () if f.rpartition(".")[0] == path)
            hint = f": {', '.join(inner)}" if inner else ""
            raise ConditionError(t("c_model_field", field=path, hint=hint), at)
        if many is not None and spec.many != many:
            raise ConditionError(t("c_needs_list" if many else "c_not_list", field=path), at)
        if kinds and spec.kind not in kinds:
            expected = t("or").join(dict.fromkeys(t(_TYPE_WORDS[k]) for k in kinds))
            raise ConditionError(t("c_needs_type", field=path, expected=expected), at)

    def value(self, path: str, raw: Any, at: At) -> Any:
        """A literal checked against the field it is compared with."""
        value = _literal(raw, at)
        spec = self.spec(path)
        if spec is None or value is None:
            return value
        kind = spec.kind
        if isinstance(kind, type) and issubclass(kind, Enum):
            allowed = [str(member.value) for member in kind]
            if value not in allowed:
                hint = did_you_mean(str(value), allowed)
                expected = t("w_one_of", values=", ".join(allowed))
                raise ConditionError(
                    t("c_value_type", value=value, field=path, expected=expected, hint=hint), at
                )
            return value
        suits = {
            bool: isinstance(value, bool),
            int: isinstance(value, int | float) and not isinstance(value, bool),
            float: isinstance(value, int | float) and not isinstance(value, bool),
            dt.date: isinstance(value, dt.date),
            str: isinstance(value, str),
        }.get(kind, True)
        if not suits:
            expected = t(_TYPE_WORDS[kind])
            raise ConditionError(
                t("c_value_type", value=value, field=path, expected=expected, hint=""), at
            )
        return value

    # -- shapes -----------------------------------------------------------------------------

    def keys(self, body: Any, required: set[str], optional: set[str], at: At) -> Mapping[str, Any]:
        if not isinstance(body, Mapping):
            raise ConditionError(t("c_mapping", keys=", ".join(sorted(required))), at)
        missing = required - set(body)
        if missing:
            raise ConditionError(t("c_missing_keys", keys=", ".join(sorted(missing))), at)
        extra = sorted(set(body) - required - optional)
        if extra:
            raise ConditionError(t("c_unknown_key", keys=", ".join(extra)), (*at, extra[0]))
        return body

    def one_of_keys(self, body: Any, key: str, at: At) -> None:
        """`field` and either the listed values under `key` or a named list under `values_from`."""
        given = set(body) if isinstance(body, Mapping) else set()
        self.keys(body, {"field", "values_from" if "values_from" in given else key}, set(), at)

    def op(self, body: Mapping[str, Any], at: At) -> str:
        op = body.get("op")
        if op not in OPERATORS:
            raise ConditionError(t("c_op", ops=" ".join(OPERATORS)), (*at, "op"))
        return str(op)

    def number(self, body: Mapping[str, Any], key: str, at: At) -> float:
        """A finite number as written: an integer stays one, so that it is compared exactly."""
        value = body.get(key)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or (isinstance(value, float) and not math.isfinite(value))
        ):
            raise ConditionError(t("c_number", key=key), (*at, key))
        return value

    def group(self, body: Any, at: At) -> tuple[Condition, ...]:
        if not isinstance(body, list) or not body:
            raise ConditionError(t("c_group"), at)
        return tuple(self.parse(item, (*at, i)) for i, item in enumerate(body))

    def values(self, path: str, body: Mapping[str, Any], key: str, at: At) -> tuple[Any, ...]:
        if "values_from" in body:
            name = body["values_from"]
            if not isinstance(name, str) or name not in self.data:
                hint = did_you_mean(str(name), self.data)
                raise ConditionError(t("c_no_data", name=name, hint=hint), (*at, "values_from"))
            return tuple(self.value(path, v, (*at, "values_from")) for v in self.data[name])
        values = body[key]
        if not isinstance(values, list) or not values:
            raise ConditionError(t("c_values", key=key), (*at, key))
        return tuple(self.value(path, v, (*at, key, i)) for i, v in enumerate(values))


def _literal(value: Any, at: At) -> Any:
    """Literals as written, with ISO dates read as dates so they compare with date fields."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ConditionError(t("c_date", value=value), at) from None
    if isinstance(value, list | dict):
        raise ConditionError(t("c_literal"), at)
    return value
