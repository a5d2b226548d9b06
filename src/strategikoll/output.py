"""Writing files: atomically, and never over an existing file unless asked to."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from strategikoll import texts
from strategikoll.errors import UsageError

WRITE_BUFFER = 1 << 20
"""Bytes collected before each write: a large report goes out in few system calls."""

Content = str | Callable[[TextIO], None]
"""Text, or a function that writes it to the stream it is given."""


def check_target(target: Path, *, force: bool, inputs: tuple[Path | None, ...] = ()) -> None:
    """Refuse, before any work, an output that would replace something it must not: an existing
    file without `force`; whatever is not a regular file (a device such as /dev/stdout, which
    a rename would replace with a file); or one of the run's own inputs (a strategy, the
    settings), `force` or not."""
    try:
        info = target.stat()
    except OSError:
        return  # nothing there yet (or nothing we can see): the write will say
    if stat.S_ISDIR(info.st_mode):
        raise UsageError(texts.t("cannot_write", path=target, reason=texts.t("is_directory")))
    if not stat.S_ISREG(info.st_mode):
        raise UsageError(texts.t("output_not_regular", path=target))
    for each in inputs:
        if each is not None and _same_file(each, info):
            raise UsageError(texts.t("output_is_input", path=target))
    if not force:
        raise UsageError(texts.t("file_exists", path=target))


def _same_file(path: Path, info: os.stat_result) -> bool:
    try:
        other = path.stat()
    except OSError:
        return False
    return (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino)


def write_atomically(target: Path, text: Content, *, force: bool = False) -> None:
    """Write `text` to `target` so that readers see the old file or the whole new one, never half.

    Without `force` an existing file is left alone and `UsageError` is raised; the check and the
    write are one step (a hard link cannot replace a file), so no race can overwrite it either.
    """
    check_target(target, force=force)
    try:
        _write(target, text, force=force)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(texts.t("cannot_write", path=target, reason=reason)) from None


TEMP_MARK = ".strategikoll-"
"""Part of the name of every temporary file or folder a run makes, followed by its process id:
what a run that was killed (SIGKILL leaves no chance to clean up) left is recognised by it and
removed by the next run, once that process is gone."""


def temp_prefix(name: str) -> str:
    """The start of the name of this process's temporary file for `name`."""
    return f".{name}{TEMP_MARK}{os.getpid()}-"


def remove_leftovers(directory: Path, name: str = "") -> None:
    """Remove temporary files and folders for `name` (any, when empty) in `directory` that a
    run which no longer exists left behind."""
    with contextlib.suppress(OSError), os.scandir(directory) as listing:
        for entry in listing:
            owner = _owner(entry.name, name)
            if owner is None or _alive(owner):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    Path(entry.path).unlink()


def _owner(entry: str, name: str) -> int | None:
    """The process id in a temporary name of ours for `name`, or None for any other name."""
    head = f".{name}" if name else "."
    if not entry.startswith(head) or TEMP_MARK not in entry:
        return None
    if name and not entry.startswith(f".{name}{TEMP_MARK}"):
        return None
    digits = entry.rsplit(TEMP_MARK, 1)[1].split("-", 1)[0]
    return int(digits) if digits.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, and is not ours to signal
        return True
    return True


def _write(target: Path, text: Content, *, force: bool) -> None:
    directory = target.parent if str(target.parent) else Path()
    remove_leftovers(directory, target.name)
    handle, temp_name = tempfile.mkstemp(
        dir=directory, prefix=temp_prefix(target.name), suffix=".tmp"
    )
    temp = Path(temp_name)
    mode = _mode_for(target)
    try:
        # surrogateescape: a file name that is not UTF-8 is written back as the bytes it was.
        with os.fdopen(
            handle,
            "w",
            buffering=WRITE_BUFFER,
            encoding="utf-8",
            errors="surrogateescape",
            newline="\n",
        ) as stream:
            if isinstance(text, str):
                stream.write(text)
            else:  # a renderer writes straight into the file: nothing held in memory
                text(stream)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        if force:
            temp.replace(target)
        else:
            _link_exclusively(temp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _mode_for(target: Path) -> int:
    """The mode a replaced file had, or what the umask gives a new one (not mkstemp's 600)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _link_exclusively(temp: Path, target: Path) -> None:
    try:
        os.link(temp, target)
    except FileExistsError:
        raise UsageError(texts.t("file_exists", path=target)) from None
    except OSError:  # a file system without hard links: the exists() check above must do
        temp.replace(target)
