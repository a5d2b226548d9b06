"""The condition language: declarative conditions that a principle places on a proposal.

A condition is YAML data, never code. It is parsed once into a small tree of nodes that can

- evaluate a proposal with three-valued logic: met, not met, or unknown (a fact is not stated);
- explain itself in words: what it requires, and which part failed ("slutdatum saknas");
- be analysed: which fields it reads, what values it tests (the semantic diff builds on that).

Forms (each a one-key mapping, or the word `never`):

    never                                   nothing satisfies it (a prohibition)
    all: [C, ...]   any: [C, ...]   not: C
    present: FIELD                          the fact is stated (missing → not met, never unknown)
    is_true: FIELD                          shorthand for equals FIELD true
    equals:   {field: F, value: V}
    in:       {field: F, values: [V, ...]}
    contains: {field: F, any_of: [V, ...]}  a list field holds at least one of the values
    compare:  {field: F, op: OP, value: V}  V a number, a date or {field: G}; OP < <= > >= == !=
    count:    {field: F, op: OP, value: N}  the number of items of a list field
    sum:      {field: F, of: G, where: C, op: OP, value: N}    over the items of a list field
    share:    {field: F, of: G, where: C, op: OP, percent: P}  G of the items meeting C, in % of all
    duration: {from: F, to: G, op: OP, value: "4y"}            calendar span: 4y, 6m, 30d, 1y6m
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, ClassVar

from strategikoll.texts import field_label, t, value_word

OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SPAN = re.compile(r"^(?:(\d+)y)?(?:(\d+)m)?(?:(\d+)d)?$")


class ConditionError(ValueError):
    """A condition that cannot be parsed; `path` points into the YAML it came from."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class Outcome:
    """The result of evaluating a condition: `met` is True, False, or None (unknown)."""

    met: bool | None
    reasons: tuple[str, ...] = ()  # why not met, in words
    missing: tuple[str, ...] = ()  # fields whose absence made it unknown
    fields: tuple[str, ...] = ()  # fields behind a failure, for pointing at a line


MET = Outcome(True)


def _unknown(*paths: str) -> Outcome:
    return Outcome(None, missing=paths)


def lookup(data: Mapping[str, Any] | None, path: str) -> Any:
    """The value at a dotted path, or None when any step is missing."""
    value: Any = data
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _stated(value: Any) -> bool:
    return value is not None and value not in ("", [])


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class Condition:
    """Base of every node of the condition language."""

    form: ClassVar[str]

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        """Evaluate against a proposal given as nested plain data."""
        raise NotImplementedError

    def describe(self) -> str:
        """What the condition requires, in words of the current language."""
        raise NotImplementedError

    def fields(self) -> set[str]:
        """Every field path the condition reads."""
        raise NotImplementedError

    def children(self) -> Sequence[Condition]:
        """Sub-conditions, for analysis."""
        return ()


@dataclass(frozen=True)
class Never(Condition):
    """A prohibition: nothing meets it."""

    form: ClassVar[str] = "never"

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
    form: ClassVar[str] = "all"

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
        return t("and").join(item.describe() for item in self.items)

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def children(self) -> Sequence[Condition]:
        return self.items


@dataclass(frozen=True)
class AnyOf(Condition):
    """At least one sub-condition holds."""

    items: tuple[Condition, ...]
    form: ClassVar[str] = "any"

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
        return t("or").join(item.describe() for item in self.items)

    def fields(self) -> set[str]:
        return set().union(*(item.fields() for item in self.items))

    def children(self) -> Sequence[Condition]:
        return self.items


@dataclass(frozen=True)
class Not(Condition):
    """The sub-condition does not hold."""

    item: Condition
    form: ClassVar[str] = "not"

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

    def children(self) -> Sequence[Condition]:
        return (self.item,)


@dataclass(frozen=True)
class Present(Condition):
    """The fact is stated. Used where the principle itself requires it to be stated."""

    field: str
    form: ClassVar[str] = "present"

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        if _stated(lookup(data, self.field)):
            return MET
        return Outcome(
            False, (t("missing_field", field=field_label(self.field)),), (), (self.field,)
        )

    def describe(self) -> str:
        return t("is_stated", field=field_label(self.field))

    def fields(self) -> set[str]:
        return {self.field}


class _FieldTest(Condition):
    """A test of one field's value; unknown when the field is not stated."""

    field: str

    def test(self, value: Any) -> bool:
        raise NotImplementedError

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        value = lookup(data, self.field)
        if not _stated(value) and value != []:
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
    form: ClassVar[str] = "equals"

    def test(self, value: Any) -> bool:
        return bool(_plain(value) == self.value)

    def describe(self) -> str:
        if isinstance(self.value, bool):
            return f"{field_label(self.field)}: {value_word(self.value)}"
        return t("equals", field=field_label(self.field), value=value_word(self.value))


@dataclass(frozen=True)
class In(_FieldTest):
    """The field has one of these values."""

    field: str
    values: tuple[Any, ...]
    form: ClassVar[str] = "in"

    def test(self, value: Any) -> bool:
        return _plain(value) in self.values

    def describe(self) -> str:
        return t("in", field=field_label(self.field), values=_one_of(self.values))


@dataclass(frozen=True)
class Contains(_FieldTest):
    """A list field holds at least one of these values."""

    field: str
    values: tuple[Any, ...]
    form: ClassVar[str] = "contains"

    def test(self, value: Any) -> bool:
        return isinstance(value, list) and any(_plain(v) in self.values for v in value)

    def describe(self) -> str:
        return t("contains", field=field_label(self.field), values=_one_of(self.values))


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
    form: ClassVar[str] = "compare"

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
    form: ClassVar[str] = "count"

    def test(self, value: Any) -> bool:
        return isinstance(value, list) and OPERATORS[self.op](len(value), self.value)

    def shown(self, value: Any) -> str:
        return str(len(value)) if isinstance(value, list) else value_word(value)

    def describe(self) -> str:
        return t("count", field=field_label(self.field), op=t(f"op_{self.op}"), value=self.value)


@dataclass(frozen=True)
class Aggregate(Condition):
    """A sum, or a share in percent, of one number over the items of a list field."""

    field: str
    of: str
    where: Condition | None
    op: str
    value: float
    share: bool
    form: ClassVar[str] = "sum"

    def evaluate(self, data: Mapping[str, Any]) -> Outcome:
        items = lookup(data, self.field)
        if not items:
            return _unknown(self.field)
        total = chosen = 0.0
        missing: list[str] = []
        for index, item in enumerate(items):
            amount = lookup(item, self.of)
            keep = self.where.evaluate(_nest(self.field, item)) if self.where else MET
            if amount is None or keep.met is None:
                indexed = f"{self.field}.{index}."
                relative = [p.removeprefix(self.field + ".") for p in keep.missing] or [self.of]
                missing += [indexed + p for p in relative]
                continue
            total += amount
            chosen += amount if keep.met else 0.0
        if missing:
            return _unknown(*missing)
        if self.share and total == 0:
            return _unknown(f"{self.field}.{self.of}")
        measured = 100.0 * chosen / total if self.share else chosen
        if OPERATORS[self.op](round(measured, 6), self.value):
            return MET
        reason = f"{self.describe()} ({t('given', value=value_word(round(measured, 1)))})"
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

    def children(self) -> Sequence[Condition]:
        return (self.where,) if self.where else ()


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

    start: str
    end: str
    op: str
    span: Span
    form: ClassVar[str] = "duration"

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


def _flat(groups: Iterable[tuple[str, ...]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for group in groups for item in group))


def _one_of(values: Iterable[Any]) -> str:
    return t("or").join(value_word(v) for v in values)


# ---------------------------------------------------------------------------------------------
# Parsing

FieldCheck = Callable[[str, tuple[str | int, ...]], None]
"""Called for every field path a condition names; raises ConditionError for an unknown one."""


def parse(
    raw: Any, check_field: FieldCheck | None = None, at: tuple[str | int, ...] = ()
) -> Condition:
    """Parse YAML data into a condition, raising `ConditionError` that points at the bad part."""
    return _Parser(check_field or (lambda _f, _at: None)).parse(raw, at)


class _Parser:
    def __init__(self, check_field: FieldCheck, prefix: str = "") -> None:
        self.check_field = check_field
        self.prefix = prefix  # conditions on the items of a list name fields relative to an item

    def parse(self, raw: Any, at: tuple[str | int, ...]) -> Condition:
        if raw == "never":
            return Never()
        if not isinstance(raw, Mapping) or len(raw) != 1:
            raise ConditionError(
                "a condition is `never` or a mapping with exactly one of: "
                + ", ".join(sorted(self.forms)),
                at,
            )
        ((form, body),) = raw.items()
        handler = self.forms.get(form)
        if handler is None:
            raise ConditionError(
                f"unknown condition form {form!r}; known: {', '.join(sorted(self.forms))}", at
            )
        return handler(self, body, (*at, form))

    def field(self, body: Any, key: str, at: tuple[str | int, ...]) -> str:
        value = body.get(key) if isinstance(body, Mapping) else None
        if not isinstance(value, str) or not value:
            raise ConditionError(f"`{key}` must name a field", at)
        self.check_field(self.prefix + value, (*at, key))
        return self.prefix + value

    def keys(
        self, body: Any, required: set[str], optional: set[str], at: tuple[str | int, ...]
    ) -> None:
        if not isinstance(body, Mapping):
            raise ConditionError(f"expected a mapping with {', '.join(sorted(required))}", at)
        missing = required - set(body)
        if missing:
            raise ConditionError(f"missing {', '.join(sorted(missing))}", at)
        extra = set(body) - required - optional
        if extra:
            raise ConditionError(f"unknown key {', '.join(sorted(extra))}", (*at, sorted(extra)[0]))

    def op(self, body: Mapping[str, Any], at: tuple[str | int, ...]) -> str:
        op = body.get("op")
        if op not in OPERATORS:
            raise ConditionError(f"`op` must be one of {' '.join(OPERATORS)}", (*at, "op"))
        return str(op)

    def number(self, body: Mapping[str, Any], key: str, at: tuple[str | int, ...]) -> float:
        value = body.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConditionError(f"`{key}` must be a number", (*at, key))
        return float(value)

    def group(self, body: Any, at: tuple[str | int, ...]) -> tuple[Condition, ...]:
        if not isinstance(body, list) or not body:
            raise ConditionError("expected a non-empty list of conditions", at)
        return tuple(self.parse(item, (*at, i)) for i, item in enumerate(body))

    def p_all(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return All(self.group(body, at))

    def p_any(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return AnyOf(self.group(body, at))

    def p_not(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return Not(self.parse(body, at))

    def bare_field(self, body: Any, at: tuple[str | int, ...]) -> str:
        if not isinstance(body, str) or not body:
            raise ConditionError("expected the name of a field", at)
        self.check_field(self.prefix + body, at)
        return self.prefix + body

    def p_present(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return Present(self.bare_field(body, at))

    def p_is_true(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return Equals(self.bare_field(body, at), True)

    def p_equals(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        self.keys(body, {"field", "value"}, set(), at)
        return Equals(self.field(body, "field", at), _literal(body["value"]))

    def p_in(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        self.keys(body, {"field", "values"}, set(), at)
        return In(self.field(body, "field", at), self.values(body, "values", at))

    def p_contains(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        self.keys(body, {"field", "any_of"}, set(), at)
        return Contains(self.field(body, "field", at), self.values(body, "any_of", at))

    def values(
        self, body: Mapping[str, Any], key: str, at: tuple[str | int, ...]
    ) -> tuple[Any, ...]:
        values = body[key]
        if not isinstance(values, list) or not values:
            raise ConditionError(f"`{key}` must be a non-empty list", (*at, key))
        return tuple(_literal(v) for v in values)

    def p_compare(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        self.keys(body, {"field", "op", "value"}, set(), at)
        value = body["value"]
        if isinstance(value, Mapping):
            value = FieldRef(self.field(value, "field", (*at, "value")))
        else:
            value = _literal(value)
        return Compare(self.field(body, "field", at), self.op(body, at), value)

    def p_count(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        self.keys(body, {"field", "op", "value"}, set(), at)
        return Count(
            self.field(body, "field", at), self.op(body, at), int(self.number(body, "value", at))
        )

    def aggregate(self, body: Any, at: tuple[str | int, ...], *, share: bool) -> Condition:
        amount_key = "percent" if share else "value"
        self.keys(body, {"field", "of", "op", amount_key}, {"where"}, at)
        list_field = self.field(body, "field", at)
        of = body.get("of")
        if not isinstance(of, str):
            raise ConditionError("`of` must name a field of the items", (*at, "of"))
        self.check_field(f"{list_field}.{of}", (*at, "of"))
        where = None
        if "where" in body:
            where = _Parser(self.check_field, f"{list_field}.").parse(body["where"], (*at, "where"))
        return Aggregate(
            list_field, of, where, self.op(body, at), self.number(body, amount_key, at), share
        )

    def p_sum(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return self.aggregate(body, at, share=False)

    def p_share(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        return self.aggregate(body, at, share=True)

    def p_duration(self, body: Any, at: tuple[str | int, ...]) -> Condition:
        self.keys(body, {"from", "to", "op", "value"}, set(), at)
        match = _SPAN.match(str(body["value"]))
        if not match or not any(match.groups()):
            raise ConditionError(
                "`value` must be a span such as 4y, 6m, 30d or 1y6m", (*at, "value")
            )
        years, months, days = (int(g) if g else 0 for g in match.groups())
        return Duration(
            self.field(body, "from", at),
            self.field(body, "to", at),
            self.op(body, at),
            Span(years, months, days),
        )

    forms: ClassVar[dict[str, Callable[[_Parser, Any, tuple[str | int, ...]], Condition]]] = {
        "all": p_all,
        "any": p_any,
        "not": p_not,
        "present": p_present,
        "is_true": p_is_true,
        "equals": p_equals,
        "in": p_in,
        "contains": p_contains,
        "compare": p_compare,
        "count": p_count,
        "sum": p_sum,
        "share": p_share,
        "duration": p_duration,
    }


def _literal(value: Any) -> Any:
    """Literals as written, with ISO dates read as dates so they compare with date fields."""
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ConditionError(f"{value!r} is not a valid date") from None
    if isinstance(value, list | dict):
        raise ConditionError("a value must be a single text, number, date or true/false")
    return value
