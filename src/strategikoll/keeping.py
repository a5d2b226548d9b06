"""Words and markup kept for the objects they were made from, so a large run makes each once.

The engine gives every finding of a principle for the same facts the same `Why`, so the message
of a finding, or its card in a page, is the same for thousands of files. `Kept` holds what was
made from some objects by their identity (with whatever else it depends on, the language say),
and holds the objects too: an identity cannot be reused while its value is kept.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

T = TypeVar("T")


class Kept(Generic[T]):
    """What was made from some objects, by their identity; forgotten all at once when full."""

    def __init__(self, size: int = 4096) -> None:
        self._size = size
        self._kept: dict[tuple[Hashable, ...], tuple[tuple[object, ...], T]] = {}

    def get(self, objects: tuple[object, ...], also: Hashable, make: Callable[[], T]) -> T:
        """What `make` makes, made once for the same `objects` (by identity) and `also`."""
        key = (*map(id, objects), also)
        kept = self._kept.get(key)
        # The same number of objects, by the key; each the very one kept (compared in C).
        if kept is not None and all(map(operator.is_, kept[0], objects)):
            return kept[1]
        made = make()
        if len(self._kept) >= self._size:
            self._kept.clear()
        self._kept[key] = (objects, made)
        return made
