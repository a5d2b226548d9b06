"""Measure `strategikoll diff` on every pair of bundled strategies, as a user runs it.

    python benchmarks/diff_pairs.py [--runs 3] [--python PY ...]

For each pair (each way round once is enough: the search does not depend on the order) it runs
`strategikoll diff A B` as a new process under each `--python`, taking turns, and prints the median
wall time; last, the slowest pair's time against the goal of one second. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import itertools

from measuring import interpreters, median, run

STRATEGIES = ["goteborg", "helsingborg", "malmo", "stockholm@2008", "stockholm@2016"]
GOAL_SECONDS = 1.0


def measure(pythons: dict[str, str], runs: int) -> dict[str, float]:
    """Print each pair's median wall time per installation; give each one's slowest."""
    pairs = list(itertools.combinations(STRATEGIES, 2))
    walls: dict[tuple[str, str, str], list[float]] = {}
    for python in pythons.values():
        run([python, "-m", "strategikoll", "diff", *pairs[0]])  # writes bytecode
    for _ in range(runs):
        for pair in pairs:
            for label, python in pythons.items():
                took = run([python, "-m", "strategikoll", "diff", *pair])
                walls.setdefault((label, *pair), []).append(took.wall)
    print(f"{'pair':<32}" + "".join(f"{label:>14}" for label in pythons))
    for a, b in pairs:
        cells = "".join(f"{median(walls[(label, a, b)]):12.2f} s" for label in pythons)
        print(f"{a + ' ' + b:<32}{cells}")
    slowest = {label: max(median(walls[(label, a, b)]) for a, b in pairs) for label in pythons}
    cells = "".join(f"{slowest[label] / GOAL_SECONDS:12.2f} ×" for label in pythons)
    print(f"{'slowest / 1 s':<32}{cells}")
    return slowest


def main() -> None:
    """Measure every pair."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", action="append", help="an installation to measure")
    args = parser.parse_args()
    measure(interpreters(args.python), args.runs)


if __name__ == "__main__":
    main()
