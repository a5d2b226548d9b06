"""The condition language: declarative conditions that a principle places on a proposal.

A condition is YAML data, never code. It is parsed once into a small tree of nodes that can

- evaluate a proposal with three-valued logic: met, not met, or unknown (a fact is not stated);
- explain itself in words: what it requires, and which part failed ("slutdatum saknas");
- be analysed: which fields it reads, what values it tests (the semantic diff builds on that).

Forms (each a one-key mapping, or the word `never`):

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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from fractions import Fraction
from typing import Any, ClassVar, NamedTuple

from strategikoll.texts import field_label, t, value_word
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


class ConditionError(ValueError):
    """A condition that cannot be parsed; `path` points into the YAML it came from."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class Outcome(NamedTuple):
    """The result of evaluating a condition: `met` is True, False, or None (unknown).

    A named tuple, not a frozen dataclass: evaluation makes one per condition per proposal.
    """

    met: bool | None
    reasons: tuple[str, ...] = ()  # why not met, in words
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


class Condition:
    """Base of every node of the condition language."""

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        """Evaluate against a proposal given as nested plain data."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the condition requires, in words of the current language."""
        raise NotImplementedError

    def fields(self) -> set[str]:
        """Every field path the condition reads."""
        raise NotImplementedError

    def presence_only(self) -> set[str]:
        """The fields of which only whether they are stated matters, not their value: neither
        the outcome nor its words depend on what they say."""
        return set()


@dataclass(frozen=True)
class Never(Condition):
    """A prohibition: nothing meets it."""

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        return Outcome(False, reasons=(t("never"),), fields=("kind",))

    def describe(self) -> str:
        return t("never")

    def fields(self) -> set[str]:
        return set()


@dataclass(frozen=True)
class All(Condition):
    """Every sub-condition holds."""

    items: tuple[Condition, ...]

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        outcomes = [item.evaluate(data) for item in self.items]
        failed = [o for o in outcomes if o.met is False]
        if failed:
            return Outcome(
                False, _flat(o.reasons for o in failed), (), _flat(o.fields for o in failed)
            )
        unknown = [o for o in outcomes if o.met is None]
        if unknown:
            return Outcome(None, missing=_flat(o.missing for o in unknown))
        return MET

    def describe(self) -> str:
        return t("and").join(_grouped(item) for item in self.items)

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def presence_only(self) -> set[str]:
        return presence_only_in(self.items)


@dataclass(frozen=True)
class AnyOf(Condition):
    """At least one sub-condition holds."""

    items: tuple[Condition, ...]

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        outcomes = [item.evaluate(data) for item in self.items]
        if any(o.met is True for o in outcomes):
            return MET
        unknown = [o for o in outcomes if o.met is None]
        if unknown:
            return Outcome(None, missing=_flat(o.missing for o in unknown))
        return Outcome(
            False, (t("any", items=self.describe()),), (), _flat(o.fields for o in outcomes)
        )

    def describe(self) -> str:
        return t("or").join(_grouped(item) for item in self.items)

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def presence_only(self) -> set[str]:
        return presence_only_in(self.items)


@dataclass(frozen=True)
class Not(Condition):
    """The sub-condition does not hold."""

    item: Condition

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        inner = self.item.evaluate(data)
        if inner.met is None:
            return inner
        if inner.met:
            # What holds is the reason: "rör utrikespolitik: ja".
            return Outcome(False, (self.item.describe(),), (), tuple(sorted(self.item.fields())))
        return MET

    def describe(self) -> str:
        item = self.item
        if isinstance(item, Equals) and isinstance(item.value, bool):
            return Equals(item.field, not item.value).describe()
        return t("not", condition=item.describe())

    def fields(self) -> set[str]:
        return self.item.fields()

    def presence_only(self) -> set[str]:
        return self.item.presence_only()


@dataclass(frozen=True)
class Present(Condition):
    """The fact is stated. Used where the principle itself requires it to be stated."""

    field: str

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        if stated(lookup(data, self.field)):
            return MET
        return Outcome(
            False, (t("missing_field", field=field_label(self.field)),), (), (self.field,)
        )

    def describe(self) -> str:
        return t("is_stated", field=field_label(self.field))

    def fields(self) -> set[str]:
        return {self.field}

    def presence_only(self) -> set[str]:
        return {self.field}


@dataclass(frozen=True)
class Stated(Present):
    """The fact is stated; when it is not, the outcome is unknown rather than not met. Used where
    stating the fact is one way to meet a principle, not something the principle demands."""

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
        reason = f"{self.describe()} ({t('given', value=self.shown(value))})"
        return Outcome(False, (reason,), (), (self.field,))

    def shown(self, value: Any) -> str:
        """The stated value as the failure reason shows it."""
        return value_word(_plain_all(value)) if value != [] else t("nothing")

    def fields(self) -> set[str]:
        return {self.field}


def _plain_all(value: Any) -> Any:
    return [_plain(v) for v in value] if isinstance(value, list) else _plain(value)


@dataclass(frozen=True)
class Equals(_FieldTest):
    """The field has exactly this value."""

    field: str
    value: Any

    def test(self, value: Any) -> bool:
        return bool(compared(value) == compared(self.value))

    def describe(self) -> str:
        if isinstance(self.value, bool):
            return f"{field_label(self.field)}: {value_word(self.value)}"
        return t("equals", field=field_label(self.field), value=value_word(self.value))


@dataclass(frozen=True)
class In(_FieldTest):
    """The field has one of these values."""

    field: str
    values: tuple[Any, ...]
    listed_as: str | None = None  # the name of the strategy's data list the values came from

    def test(self, value: Any) -> bool:
        return compared(value) in {compared(v) for v in self.values}

    def describe(self) -> str:
        values = _one_of(self.values, self.listed_as)
        return t("in", field=field_label(self.field), values=values)


@dataclass(frozen=True)
class Contains(_FieldTest):
    """A list field holds at least one of these values."""

    field: str
    values: tuple[Any, ...]
    listed_as: str | None = None

    def test(self, value: Any) -> bool:
        wanted = {compared(v) for v in self.values}
        return isinstance(value, list) and any(compared(v) in wanted for v in value)

    def describe(self) -> str:
        return t(
            "contains", field=field_label(self.field), values=_one_of(self.values, self.listed_as)
        )


@dataclass(frozen=True)
class Mentions(_FieldTest):
    """A text field mentions at least one of these words, in any case (Brysselkontoret: Bryssel)."""

    field: str
    values: tuple[Any, ...]
    listed_as: str | None = None

    def test(self, value: Any) -> bool:
        text = str(value).casefold()
        return any(str(word).casefold() in text for word in self.values)

    def describe(self) -> str:
        words = _one_of(self.values, self.listed_as)
        return t("mentions", field=field_label(self.field), values=words)


@dataclass(frozen=True)
class FieldRef:
    """A reference to another field, as the right-hand side of a comparison."""

    field: str


@dataclass(frozen=True)
class Compare(Condition):
    """The field compared with a number, a date or another field."""

    field: str
    op: str
    value: Any

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
        reason = f"{self.describe()} ({t('given', value=value_word(_plain(left)))})"
        return Outcome(False, (reason,), (), (self.field,))

    def describe(self) -> str:
        right = (
            field_label(self.value.field)
            if isinstance(self.value, FieldRef)
            else value_word(self.value)
        )
        return t("compare", field=field_label(self.field), op=t(f"op_{self.op}"), value=right)

    def fields(self) -> set[str]:
        return {self.field, *([self.value.field] if isinstance(self.value, FieldRef) else [])}


def _ref(value: Any) -> str | None:
    return value.field if isinstance(value, FieldRef) else None


@dataclass(frozen=True)
class Count(_FieldTest):
    """The number of items in a list field, compared with a number."""

    field: str
    op: str
    value: int

    def test(self, value: Any) -> bool:
        return isinstance(value, list) and OPERATORS[self.op](len(value), self.value)

    def shown(self, value: Any) -> str:
        if value == []:
            return t("nothing")
        return str(len(value)) if isinstance(value, list) else value_word(value)

    def describe(self) -> str:
        return t("count", field=field_label(self.field), op=t(f"op_{self.op}"), value=self.value)


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
    share: bool
    threshold: int | Fraction = dataclasses.field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "threshold", exact(self.value))

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
        shown = value_word(_figure(measured, self.op, self.threshold))
        reason = f"{self.describe()} ({t('given', value=shown)})"
        return Outcome(False, (reason,), (), (self.field,))

    def describe(self) -> str:
        where = t("where", condition=self.where.describe()) if self.where else ""
        return t(
            "share" if self.share else "sum",
            of=field_label(f"{self.field}.{self.of}"),
            field=field_label(self.field),
            where=where,
            op=t(f"op_{self.op}"),
            value=value_word(self.value),
        )

    def fields(self) -> set[str]:
        inner = self.where.fields() if self.where else set()
        return {self.field, f"{self.field}.{self.of}", *inner}


def _figure(measured: int | Fraction, op: str, threshold: int | Fraction) -> float:
    """A measured figure that does not meet `op threshold`, as shown: to one decimal, or to as
    many more as it takes not to seem to meet it (99.99 % is not shown as 100 % when 100 % is
    required)."""
    figure = Fraction(measured)
    shown = round(figure, 1)
    for places in range(2, 13):
        if not OPERATORS[op](shown, threshold):
            break
        shown = round(figure, places)
    return float(shown)


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
            t(unit if n != 1 else f"{unit}_one", n=n)
            for unit, n in (("years", self.years), ("months", self.months), ("days", self.days))
            if n
        ]
        return t("and").join(parts) or t("days", n=0)


@dataclass(frozen=True)
class Duration(Condition):
    """The time between two date fields compared with a calendar span."""

    start: str
    end: str
    op: str
    span: Span

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
        given = t("given", value=f"{start} – {end}")
        return Outcome(False, (f"{self.describe()} ({given})",), (), (self.end,))

    def describe(self) -> str:
        return t(
            "duration",
            start=field_label(self.start),
            end=field_label(self.end),
            op=t(f"op_{self.op}"),
            value=self.span.words(),
        )

    def fields(self) -> set[str]:
        return {self.start, self.end}


def _nest(path: str, value: Any) -> dict[str, Any]:
    """`a.b`, v → {"a": {"b": v}}: an item placed where its list stands, so full paths reach it."""
    for part in reversed(path.split(".")):
        value = {part: value}
    return dict(value)


def _grouped(condition: Condition) -> str:
    """A sub-condition's words, bracketed when it is itself a group of several."""
    words = condition.describe()
    return (
        f"({words})" if isinstance(condition, All | AnyOf) and len(condition.items) > 1 else words
    )


def _flat(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _one_of(values: Iterable[Any], listed_as: str | None = None) -> str:
    if listed_as is not None:  # a long data list is named, not spelled out
        return t("data_list", name=listed_as)
    return t("or").join(value_word(v) for v in values)


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
    return _Parser(fields, data=data or {}).parse(raw, at)


_TYPE_WORDS = {bool: "w_bool", int: "w_number", float: "w_number", dt.date: "w_date", str: "w_text"}
_NUMBERS: tuple[type, ...] = (int, float)


def _is_value(kind: Any) -> bool:
    """Whether a field of this type holds a value a condition can test (not fields of its own)."""
    return kind in _TYPE_WORDS or (isinstance(kind, type) and issubclass(kind, Enum))


class _Parser:
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
        forms = ", ".join(sorted(self.forms))
        if not isinstance(raw, Mapping) or len(raw) != 1:
            raise ConditionError(t("c_shape", forms=forms), at)
        ((form, body),) = raw.items()
        handler = self.forms.get(form)
        if handler is None:
            hint = did_you_mean(str(form), self.forms)
            raise ConditionError(t("c_unknown_form", form=form, hint=hint, forms=forms), at)
        return handler(self, body, (*at, form))

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

    # -- the forms --------------------------------------------------------------------------

    def p_all(self, body: Any, at: At) -> Condition:
        return All(self.group(body, at))

    def p_any(self, body: Any, at: At) -> Condition:
        return AnyOf(self.group(body, at))

    def p_not(self, body: Any, at: At) -> Condition:
        return Not(self.parse(body, at))

    def p_present(self, body: Any, at: At) -> Condition:
        return Present(self.name(body, at))

    def p_stated(self, body: Any, at: At) -> Condition:
        return Stated(self.name(body, at))

    def p_is_true(self, body: Any, at: At) -> Condition:
        path = self.name(body, at)
        self.require(path, at, many=False, kinds=(bool,))
        return Equals(path, True)

    def p_equals(self, body: Any, at: At) -> Condition:
        self.keys(body, {"field", "value"}, set(), at)
        path = self.field(body, "field", at)
        self.require(path, at, many=False)
        return Equals(path, self.value(path, body["value"], (*at, "value")))

    def p_in(self, body: Any, at: At) -> Condition:
        self.one_of_keys(body, "values", at)
        path = self.field(body, "field", at)
        self.require(path, at, many=False)
        return In(path, self.values(path, body, "values", at), body.get("values_from"))

    def p_contains(self, body: Any, at: At) -> Condition:
        self.one_of_keys(body, "any_of", at)
        path = self.field(body, "field", at)
        self.require(path, at, many=True)
        return Contains(path, self.values(path, body, "any_of", at), body.get("values_from"))

    def p_mentions(self, body: Any, at: At) -> Condition:
        self.one_of_keys(body, "any_of", at)
        path = self.field(body, "field", at)
        self.require(path, at, many=False, kinds=(str,))
        words = self.values(path, body, "any_of", at)
        return Mentions(path, words, body.get("values_from"))

    def p_compare(self, body: Any, at: At) -> Condition:
        self.keys(body, {"field", "op", "value"}, set(), at)
        path = self.field(body, "field", at)
        self.require(path, at, many=False, kinds=(*_NUMBERS, dt.date))
        raw = body["value"]
        if isinstance(raw, Mapping):
            other = self.field(
                self.keys(raw, {"field"}, set(), (*at, "value")), "field", (*at, "value")
            )
            spec = self.spec(path)
            kinds = () if spec is None else _NUMBERS if spec.kind in _NUMBERS else (spec.kind,)
            self.require(other, (*at, "value"), many=False, kinds=kinds)
            return Compare(path, self.op(body, at), FieldRef(other))
        return Compare(path, self.op(body, at), self.value(path, raw, (*at, "value")))

    def p_count(self, body: Any, at: At) -> Condition:
        self.keys(body, {"field", "op", "value"}, set(), at)
        path = self.field(body, "field", at)
        self.require(path, at, many=True, valued=False)
        return Count(path, self.op(body, at), int(self.number(body, "value", at)))

    def aggregate(self, body: Any, at: At, *, share: bool) -> Condition:
        amount_key = "percent" if share else "value"
        self.keys(body, {"field", "of", "op", amount_key}, {"where"}, at)
        list_field = self.field(body, "field", at)
        self.require(list_field, at, many=True, valued=False)
        item = _Parser(self.fields, f"{list_field}.", self.data)
        of = item.name(body.get("of"), (*at, "of"), "of")
        item.require(of, (*at, "of"), many=False, kinds=_NUMBERS)
        where = item.parse(body["where"], (*at, "where")) if "where" in body else None
        amount = self.number(body, amount_key, at)
        return Aggregate(
            list_field, of.removeprefix(f"{list_field}."), where, self.op(body, at), amount, share
        )

    def p_sum(self, body: Any, at: At) -> Condition:
        return self.aggregate(body, at, share=False)

    def p_share(self, body: Any, at: At) -> Condition:
        return self.aggregate(body, at, share=True)

    def p_duration(self, body: Any, at: At) -> Condition:
        self.keys(body, {"from", "to", "op", "value"}, set(), at)
        start, end = self.field(body, "from", at), self.field(body, "to", at)
        for path, key in ((start, "from"), (end, "to")):
            self.require(path, (*at, key), many=False, kinds=(dt.date,))
        match = _SPAN.match(str(body["value"]))
        if not match or not any(match.groups()):
            raise ConditionError(t("c_span"), (*at, "value"))
        years, months, days = (int(g) if g else 0 for g in match.groups())
        return Duration(start, end, self.op(body, at), Span(years, months, days))

    forms: ClassVar[dict[str, Callable[[_Parser, Any, At], Condition]]] = {
        "all": p_all,
        "any": p_any,
        "not": p_not,
        "present": p_present,
        "stated": p_stated,
        "is_true": p_is_true,
        "equals": p_equals,
        "in": p_in,
        "contains": p_contains,
        "mentions": p_mentions,
        "compare": p_compare,
        "count": p_count,
        "sum": p_sum,
        "share": p_share,
        "duration": p_duration,
    }


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
