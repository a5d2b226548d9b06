"""Turn pydantic's validation errors into located problems a committee secretary can act on."""

from __future__ import annotations

import difflib
import functools
from collections.abc import Iterable
from enum import Enum, StrEnum
from typing import TYPE_CHECKING, Any, Literal, get_args, get_origin

from strategikoll.errors import Problem
from strategikoll.texts import language, t

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError
    from pydantic_core import ErrorDetails

    from strategikoll.loader import Document

_TYPE_KEYS = {
    "date_parsing": "v_date",
    "date_from_datetime_parsing": "v_date",
    "date_from_datetime_inexact": "v_date",
    "date_type": "v_date",
    "iso_date": "v_date",
    "bool_parsing": "v_bool",
    "bool_type": "v_bool",
    "int_parsing": "v_number",
    "int_type": "v_number",
    "float_parsing": "v_number",
    "float_type": "v_number",
    "finite_number": "v_number",
    "string_type": "v_text",
    "list_type": "v_list",
    "model_type": "v_mapping",
    "model_attributes_type": "v_mapping",
    "dict_type": "v_mapping",
    "string_too_short": "v_short",
    "too_short": "v_short",
    "country": "v_country",
}

# Errors raised on the whole model that belong to one field, for pointing at a line.
_FIELD_OF_ERROR = {"end_before_start": "end_date", "report_before_return": "report_date"}


def did_you_mean(given: str, choices: Iterable[str]) -> str:
    """` (menade du 'x'?)` when a close match exists, else an empty string."""
    options = frozenset(choices)
    # Over 7/3 times the longest choice, no choice is close enough (difflib's ratio of 0.6):
    # such a word is neither compared nor remembered.
    if 3 * len(given) > 7 * max(map(len, options), default=0):
        return ""
    match = _closest(given, options)
    return f" ({t('did_you_mean', suggestion=match)})" if match is not None else ""


@functools.lru_cache(maxsize=1024)
def _closest(given: str, choices: frozenset[str]) -> str | None:
    """The closest of `choices` to `given`, remembered: a file can name the same unknown thing
    many times over, and each comparison costs time in the lengths of both words. The order of
    the choices does not matter: among equally close ones, difflib takes the greatest."""
    matches = difflib.get_close_matches(given, choices, n=1, cutoff=0.6)
    return matches[0] if matches else None


def problems_from(
    error: ValidationError, document: Document, model: type[BaseModel]
) -> list[Problem]:
    """One problem per pydantic error, located in the document, sorted by position.

    Where a value may take one of several shapes (a union), pydantic reports every shape it tried;
    only the deepest of those is kept, since it is the one the writer most likely meant.
    """
    details = [(_field_loc(d["loc"], document), d) for d in error.errors(include_url=False)]
    tried_union = [loc for loc, d in details if loc != tuple(d["loc"])]
    kept = [
        (loc, d)
        for loc, d in details
        if not any(len(other) > len(loc) and other[: len(loc)] == loc for other in tried_union)
    ]
    kept = list({loc: (loc, d) for loc, d in reversed(kept)}.values())[::-1]
    problems = [_problem(loc, d, document, model) for loc, d in kept]
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def _field_loc(loc: tuple[str | int, ...], document: Document) -> tuple[str | int, ...]:
    """The location without pydantic's names for union members (`list[...]`, `literal['all']`).

    A part the writer wrote (a key in the document) is always kept, whatever it looks like.
    """
    kept: tuple[str | int, ...] = ()
    for part in loc:
        written = (*kept, part) in document.positions or (*kept, part) in document.key_positions
        if written or isinstance(part, int) or "[" not in part:
            kept = (*kept, part)
    return kept


def _problem(
    loc: tuple[str | int, ...], detail: ErrorDetails, document: Document, model: type[BaseModel]
) -> Problem:
    kind = detail["type"]
    if kind in _FIELD_OF_ERROR:
        loc = (*loc, _FIELD_OF_ERROR[kind])
    dotted = ".".join(str(p) for p in loc)
    given = detail.get("input")
    message = _message(kind, detail, loc, given, model)
    at = loc
    if kind == "too_long":  # at the first entry beyond the limit
        at = (*loc, (detail.get("ctx") or {}).get("max_length", 0))
    line, column = document.position(at, key=kind == "extra_forbidden")
    return Problem(f"{dotted}: {message}" if dotted else message, line, column, dotted or None)


def _message(
    kind: str, detail: ErrorDetails, loc: tuple[str | int, ...], given: Any, model: type[BaseModel]
) -> str:
    ctx = detail.get("ctx") or {}
    if kind in ("too_long", "string_too_long"):  # not shown: it is what is too long
        key = "v_too_long" if kind == "too_long" else "v_text_too_long"
        return t(key, limit=ctx.get("max_length"))
    shown = _shown(given)
    if kind == "missing":
        return t("v_missing", field=loc[-1] if loc else "")
    if kind == "extra_forbidden":
        name = str(loc[-1]) if loc else ""
        return t("v_extra", field=name) + did_you_mean(name, _sibling_fields(model, loc[:-1]))
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace("'", "")
        hint = did_you_mean(shown, allowed.split(" or "))
        return t("v_enum", given=shown, expected=allowed) + hint
    if kind == "enum":
        return _enum_message(shown, _enum_at(model, loc))
    if kind in ("greater_than_equal", "greater_than"):
        limit = _limit(ctx.get("ge", ctx.get("gt")))
        return t("v_ge" if kind == "greater_than_equal" else "v_gt", given=shown, limit=limit)
    if kind == "less_than_equal":
        return t("v_le", given=shown, limit=_limit(ctx.get("le")))
    if kind in _FIELD_OF_ERROR:
        return t(f"v_{kind}")
    if kind in _TYPE_KEYS:
        return t(_TYPE_KEYS[kind], given=shown)
    return t("v_other", detail=detail["msg"])


def _enum_message(given: str, enum: type[Enum] | None) -> str:
    """The value as written, the words a writer of the run's language uses, and the closest one."""
    # Imported here: the proposal module imports this one.
    from strategikoll.proposal import spellings, written_word

    members = [m for m in enum or [] if isinstance(m, StrEnum)]
    expected = ", ".join(written_word(m, language()) for m in members)
    words = {word.casefold(): word for m in members for word in spellings(m)}
    # Compared without case, since case is never what makes a spelling wrong.
    close = difflib.get_close_matches(given.strip().casefold(), list(words), n=1, cutoff=0.6)
    hint = f" ({t('did_you_mean', suggestion=words[close[0]])})" if close else ""
    return t("v_enum", given=given, expected=expected) + hint


def _shown(given: Any) -> str:
    if given is True:
        return "true"
    if given is False:
        return "false"
    if given is None:
        return "null"
    return str(given)


def _limit(value: Any) -> str:
    """A bound as written in the model: 10**12, not 1000000000000.0."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return _shown(value)


def _model_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> Any:
    """The annotation reached by following `loc` from `model` (list indices skipped)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(innermost_type(current), "model_fields", None)
        if fields is None or part not in fields:
            return None
        current = fields[part].annotation
    return innermost_type(current)


def innermost_type(annotation: Any, *, keep_lists: bool = False) -> Any:
    """Strip Optional, Annotated and (unless `keep_lists`) list down to the model or enum inside."""
    for _ in range(6):
        origin = get_origin(annotation)
        if origin is None and isinstance(annotation, type):
            return annotation
        if keep_lists and origin is list:
            return annotation
        args = [
            a for a in get_args(annotation) if a is not type(None) and get_origin(a) is not Literal
        ]
        if not args:
            return annotation
        annotation = args[0]
    return annotation


def _sibling_fields(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    parent = _model_at(model, loc)
    return list(getattr(parent, "model_fields", {}))


def _enum_at(model: type[BaseModel], loc: tuple[str | int, ...]) -> type[Enum] | None:
    found = _model_at(model, loc)
    return found if isinstance(found, type) and issubclass(found, Enum) else None
