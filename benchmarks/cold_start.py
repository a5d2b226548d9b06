"""Measure the cold start of one `strategikoll check`: a whole new process, as a user runs it.

    python benchmarks/cold_start.py [--runs 20] [--file examples/stockholm/...yaml]

Prints the median and best wall time of the check, of a bare `python -c pass` for comparison, and
of the imports alone. Run it on a quiet machine; it is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "examples" / "stockholm" / "cooperation-agreement-complete.yaml"


def timed(command: list[str], runs: int) -> list[float]:
    """Wall-clock seconds of `runs` fresh processes running `command`."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Run the three measurements and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()
    python = sys.executable
    cases = {
        "python -c pass": [python, "-c", "pass"],
        "import strategikoll.cli": [python, "-c", "import strategikoll.cli"],
        "check --format text": [
            python,
            "-m",
            "strategikoll",
            "check",
            str(args.file),
            "-c",
            "stockholm",
        ],
        "check --format json": [
            python,
            "-m",
            "strategikoll",
            "check",
            str(args.file),
            "-c",
            "stockholm",
            "-f",
            "json",
        ],
    }
    timed(cases["check --format json"], 2)  # warm the file system cache and the .pyc files
    for name, command in cases.items():
        times = timed(command, args.runs)
        median, best = statistics.median(times), min(times)
        print(f"{name:<26} median {median * 1000:6.0f} ms   best {best * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
