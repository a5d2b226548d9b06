"""Bundled strategies compiled once and kept between runs, so a cold check does not compile them.

The first run that needs a bundled strategy compiles it from its YAML file, as always, and writes
the result to the cache folder; later runs read it back, which takes a third of the time. What is
read from every bundled file at once (the cities' other spellings) is kept the same way. The name
of a kept file holds a digest of everything the compiled strategy depends on:

- the bytes of every bundled strategy file (one may extend another);
- the code that compiles it: every module of the package, by size, inode and the times of its
  last modification and change (which no install can keep from changing);
- the versions of Python, pydantic and strategikoll.

An edited strategy or module gives another name, so a strategy is never judged by stale code; the
kept files of the old name are removed when the new one is written. Anything that goes wrong (no
folder, one that cannot be written, a damaged file) is the same as no cache: the strategy is
compiled from its file.

Only the bundled strategies, which come with the package, are kept. A strategy in the tree being
checked is compiled on every run and never written anywhere. Nothing is kept in, or read from, a
folder inside the repository of the working directory (a tree could hold a file of the right
name there), and a kept file is read only when it and its folder are the user's own and no one
else may write to them.

The folder is `STRATEGIKOLL_CACHE_DIR`, else `strategikoll` in `XDG_CACHE_HOME` (`~/.cache`);
`STRATEGIKOLL_CACHE_DIR` set to `off` keeps nothing.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable

    from strategikoll.strategies import Strategy

T = TypeVar("T")

CACHE_VARIABLE = "STRATEGIKOLL_CACHE_DIR"
OFF = "off"
PACKAGE = Path(__file__).resolve().parent


def folder() -> Path | None:
    """Where compiled strategies are kept; None when nothing is to be kept."""
    given = os.environ.get(CACHE_VARIABLE)
    if given is not None:
        return None if given.strip().lower() in ("", OFF) else Path(given)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path("~/.cache").expanduser()) / "strategikoll"


def _trusted(where: Path) -> bool:
    """Whether kept files may be read from and written to `where`.

    Not inside the repository of the working directory: a checked-out tree (a pull request)
    could hold a file under the right name. Read only from a folder, and files, of this user
    that no one else may write to.
    """
    from strategikoll.config import repository_root

    try:
        root = repository_root()
        return not ((root / ".git").exists() and where.resolve().is_relative_to(root))
    except (OSError, RuntimeError):
        return False


def _own(path: Path) -> bool:
    """Whether `path` belongs to this user and no one else may write to it."""
    try:
        info = path.stat()
    except OSError:
        return False
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return mine and not info.st_mode & 0o022


def kept_or_compiled(path: Path, compile_it: Callable[[], Strategy]) -> Strategy:
    """The bundled strategy of the file `path`: read from the cache when it is there and made by
    this code from these files, else compiled by `compile_it` and kept for the next run."""
    from strategikoll.strategies import Strategy

    def is_it(kept: object) -> bool:
        return isinstance(kept, Strategy) and kept.origin == str(path)

    return kept_or_made(path.stem, compile_it, is_it)


def kept_or_made(name: str, make: Callable[[], T], is_it: Callable[[object], bool]) -> T:
    """What `make` makes from the bundled strategies, kept as `name` (see `kept_or_compiled`);
    `is_it` tells whether what was read back is what `make` makes."""
    where = folder()
    if where is None or not _trusted(where):
        return make()
    target = where / f"{name}-{digest()}.pickle"
    kept = _read(target) if _own(where) and _own(target) else None
    if kept is not None and is_it(kept):
        return kept  # type: ignore[return-value]
    made = make()
    _write(target, made, name)
    return made


@functools.cache
def digest() -> str:
    """What a compiled bundled strategy depends on, as a short hexadecimal digest."""
    from pydantic.version import VERSION

    from strategikoll import __version__
    from strategikoll.strategies import BUNDLED_DIR

    found = hashlib.blake2b(f"{sys.version}\0{VERSION}\0{__version__}\0".encode(), digest_size=12)
    for file in sorted(BUNDLED_DIR.glob("*.yaml")):
        found.update(f"{file.name}\0".encode())
        found.update(file.read_bytes())
    # A module by its size and times: the change time is the system's, set whenever the file is
    # written or replaced (an install that keeps the modification times still changes it).
    for module in sorted(PACKAGE.rglob("*.py")):
        info = module.stat()
        stamp = f"{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}"
        found.update(f"{module.relative_to(PACKAGE)}\0{stamp}\0".encode())
    return str(found.hexdigest())


def _read(target: Path) -> object:
    try:
        with target.open("rb") as file:
            # Written by `_write` alone, in the user's own cache: never anything from a tree.
            return pickle.load(file)  # noqa: S301
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a damaged file is as good as none: make it again
        return None


def _write(target: Path, made: object, name: str) -> None:
    """Keep `made` at `target`, whole or not at all, and remove what older code kept."""
    # Not kept is only slower: no failure to keep one (a full disk, say) may fail the run.
    with contextlib.suppress(Exception):
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as file:
                _Pickler(file, protocol=pickle.HIGHEST_PROTOCOL).dump(made)
            Path(temporary).replace(target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        for old in target.parent.glob(f"{name}-*.pickle"):
            if old != target:
                old.unlink(missing_ok=True)


class _Pickler(pickle.Pickler):
    """Strategies and principles by value: in the cache they are what is kept, not a reference
    to the bundled file, as they are when sent to another process."""

    def reducer_override(self, obj: Any) -> Any:
        from strategikoll.strategies import Principle, Strategy

        return obj.by_value() if isinstance(obj, Strategy | Principle) else NotImplemented
