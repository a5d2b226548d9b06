"""Writing files: atomically, and never over an existing file unless asked to."""

from __future__ import annotations

import contextlib
import os
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


def write_atomically(target: Path, text: Content, *, force: bool = False) -> None:
    """Write `text` to `target` so that readers see the old file or the whole new one, never half.

    Without `force` an existing file is left alone and `UsageError` is raised; the check and the
    write are one step (a hard link cannot replace a file), so no race can overwrite it either.
    """
    if target.is_dir():
        raise UsageError(texts.t("cannot_write", path=target, reason=texts.t("is_directory")))
    if target.exists() and not force:
        raise UsageError(texts.t("file_exists", path=target))
    try:
        _write(target, text, force=force)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(texts.t("cannot_write", path=target, reason=reason)) from None


def _write(target: Path, text: Content, *, force: bool) -> None:
    directory = target.parent if str(target.parent) else Path()
    handle, temp_name = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
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
