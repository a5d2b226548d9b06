"""What the benchmarks share: how a process is run and timed, and which installations are compared.

Every benchmark takes `--python PATH` (repeatable): the interpreter of an installation to measure,
say `.venv/bin/python` and the one of an older checkout installed in a venv of its own. Their
measurements take turns in one run, so that a machine busy for a moment weighs on each alike, and
before and after come from the same run.

Processes run as an installed package runs: with bytecode written (the variable that forbids it is
removed from their environment) and after a first run that writes it.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def environment() -> dict[str, str]:
    """The environment of a measured process: bytecode is read and written, as after install."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONHASHSEED"] = "0"
    return env


@dataclass(frozen=True)
class Timing:
    """One process: wall seconds, CPU seconds (user + system) and peak resident memory in MiB."""

    wall: float
    cpu: float
    peak_mib: int


def run(command: list[str]) -> Timing:
    """Run `command` once, with output thrown away, and time it (no peak memory)."""
    wall, cpu, _ = _timed(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return Timing(wall, cpu, 0)


_PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_with_peak(command: list[str]) -> Timing:
    """`run`, with the peak resident memory of the command, read in a fresh wrapper process (a
    bare interpreter) so one process's peak never carries into the next."""
    wall, cpu, out = _timed([sys.executable, "-c", _PEAK, *command], capture_output=True)
    return Timing(wall, cpu, int(out.strip() or 0) // 1024)


def _timed(command: list[str], **how: Any) -> tuple[float, float, str]:
    """Wall and CPU seconds (user + system, of the children) of one run, and its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, check=False, text=True, env=environment(), **how)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout or ""


def interpreters(given: list[str] | None) -> dict[str, str]:
    """The installations to measure, by a short label: the given interpreters, else this one."""
    paths = given or [sys.executable]
    return {_label(path, paths): path for path in paths}


def _label(path: str, paths: list[str]) -> str:
    if len(paths) == 1:
        return "this"
    parts = Path(path).parts
    # `/tmp/venv-before/bin/python` → `venv-before`: the venv's name tells them apart.
    return parts[-3] if len(parts) >= 3 else path


def median(values: list[float]) -> float:
    """The median, 0 for nothing measured."""
    return statistics.median(values) if values else 0.0


def spread(values: list[float]) -> str:
    """`lowest–highest` of the values, for beside a median."""
    return f"{min(values):.2f}–{max(values):.2f}" if values else "-"
