"""Facts the tool can know: whether a funding source is external, from a register of names.

A funding source that does not say `external:` is looked up by its name in `registers/funders.yaml`:
Sida, ICLD and the EU programmes count as external, the city's own committees, administrations and
budgets as its own. An explicit `external:` always wins. What was inferred is returned so that a
finding can say so ("Sida räknas som extern finansiär").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

import yaml

REGISTER = Path(__file__).parent / "registers" / "funders.yaml"

_WORD = re.compile(r"[\w+]+")


class Inference(NamedTuple):
    """A funding source's name and whether the register counts it as external."""

    name: str
    external: bool


class _Register(NamedTuple):
    external: tuple[tuple[str, ...], ...]  # each a phrase, as words
    own: tuple[tuple[str, ...], ...]
    own_word_endings: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(text.casefold()))


@functools.cache
def register() -> _Register:
    """The register of funders, read once."""
    with REGISTER.open(encoding="utf-8") as stream:
        raw = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return _Register(
        tuple(_words(name) for name in raw["external"]),
        tuple(_words(name) for name in raw["own"]),
        tuple(ending.casefold() for ending in raw["own_word_endings"]),
    )


def _has_phrase(words: tuple[str, ...], phrases: Iterable[tuple[str, ...]]) -> bool:
    for phrase in phrases:
        size = len(phrase)
        if any(words[i : i + size] == phrase for i in range(len(words) - size + 1)):
            return True
    return False


@functools.lru_cache(maxsize=1024)
def classify(name: str) -> bool | None:
    """True when the register counts `name` as external, False as the city's own, else None."""
    known = register()
    words = _words(name)
    external = _has_phrase(words, known.external)
    own = _has_phrase(words, known.own) or any(
        word.endswith(known.own_word_endings) for word in words
    )
    if external == own:  # neither, or both: not for the register to decide
        return None
    return external


def infer_external(data: dict[str, Any]) -> tuple[Inference, ...]:
    """Fill in `external` of each funding source that leaves it out and that the register knows,
    in `data` (a proposal as plain data, changed in place); what was inferred, in order."""
    funding = data.get("funding")
    sources = funding.get("sources") if isinstance(funding, dict) else None
    if not sources:
        return ()
    inferred = []
    for source in sources:
        if source.get("external") is None and isinstance(source.get("name"), str):
            external = classify(source["name"])
            if external is not None:
                source["external"] = external
                inferred.append(Inference(source["name"], external))
    return tuple(inferred)
