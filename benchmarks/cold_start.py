"""Measure the cold start of one `strategikoll check` against the floor: an empty typer command.

    python benchmarks/cold_start.py [--runs 15] [--file FILE] [--python PY ...]

Each turn runs, as new processes: the empty typer command with one argument
(`benchmarks/empty_command.py`), then `strategikoll check FILE -c stockholm` under each `--python`
(text, then JSON). The ratio of each check to the empty command of the same turn is the paired
ratio; its median is the figure, in CPU time (user + system, steady on a busy machine) and in wall
time. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from measuring import EXAMPLES, ROOT, interpreters, median, run, spread

DEFAULT_FILE = EXAMPLES / "stockholm" / "cooperation-agreement-complete.yaml"
EMPTY = ROOT / "benchmarks" / "empty_command.py"


def measure(pythons: dict[str, str], file: Path, runs: int) -> dict[str, float]:
    """Print the floor and each check with its paired ratio; give each check's median ratio."""
    checks = {
        f"{label}: check{'' if fmt == 'text' else ' --format ' + fmt}": [
            python,
            "-m",
            "strategikoll",
            "check",
            str(file),
            "-c",
            "stockholm",
            "-f",
            fmt,
        ]
        for label, python in pythons.items()
        for fmt in ("text", "json")
    }
    floor = [sys.executable, str(EMPTY), str(file)]
    for command in [floor, *checks.values()]:
        run(command)  # the first run writes bytecode and fills the file system's cache
    floors: list[tuple[float, float]] = []
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in checks}
    for _ in range(runs):
        empty = run(floor)
        floors.append((empty.cpu, empty.wall))
        for name, command in checks.items():
            took = run(command)
            times[name].append((took.cpu, took.wall))
    cpu_floor = median([c for c, _ in floors])
    wall_floor = median([w for _, w in floors])
    name = "empty typer command"
    print(f"{name:<34} cpu {cpu_floor * 1000:5.0f} ms  wall {wall_floor * 1000:5.0f} ms")
    ratios = {}
    for name, measured in times.items():
        cpu_ratios = [c / f for (c, _), (f, _) in zip(measured, floors, strict=True) if f > 0]
        wall_ratios = [w / f for (_, w), (_, f) in zip(measured, floors, strict=True)]
        ratios[name] = median(cpu_ratios)
        print(
            f"{name:<34} cpu {median([c for c, _ in measured]) * 1000:5.0f} ms  "
            f"wall {median([w for _, w in measured]) * 1000:5.0f} ms  "
            f"ratio cpu {median(cpu_ratios):.2f} ({spread(cpu_ratios)})  "
            f"wall {median(wall_ratios):.2f}"
        )
    return ratios


def main() -> None:
    """Measure and print one line per command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--python", action="append", help="an installation to measure")
    args = parser.parse_args()
    measure(interpreters(args.python), args.file, args.runs)


if __name__ == "__main__":
    main()
