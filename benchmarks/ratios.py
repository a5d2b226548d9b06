"""The ratios strategikoll's speed is held to, for one or more installations, from one run.

    python benchmarks/ratios.py [--python PY ...] [--runs 3] [--cold-runs 15] [--sizes 1000 10000]

- cold start: a single `check` against an empty typer command with one argument, the median of
  the paired CPU-time ratios (`cold_start.py`); the goal is at most 1.2;
- diff: the slowest `diff` of two bundled strategies, in wall seconds against one second
  (`diff_pairs.py`); the goal is below 1;
- repository scale: `check DIR --city all` on the largest corpus against the C loader's parse of
  the same files, wall time, for SARIF and HTML (`repo_scale.py`); the goal is at most 1.2; and the
  growth of peak memory from the smallest corpus to the largest, also at most 1.2.

Each benchmark prints its own lines as it goes; a table of the ratios ends the run. With two
`--python`, an older installation and this one say, before and after come from the same run.
A measurement, not a test: the machine's other work shows in it.
"""

from __future__ import annotations

import argparse

import cold_start
import diff_pairs
import repo_scale
from measuring import interpreters

GOALS = {"cold start": 1.2, "diff, slowest pair (s)": 1.0}


def main() -> None:
    """Run the three benchmarks and print the ratios side by side."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", action="append", help="an installation to measure")
    parser.add_argument("--runs", type=int, default=3, help="turns of the diff and repository runs")
    parser.add_argument("--cold-runs", type=int, default=15, help="turns of the cold start")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--formats", nargs="+", default=["sarif", "html"])
    args = parser.parse_args()
    pythons = interpreters(args.python)
    rows: dict[str, dict[str, float]] = {}

    print("# cold start")
    cold = cold_start.measure(pythons, cold_start.DEFAULT_FILE, args.cold_runs)
    rows["cold start"] = {label: cold[f"{label}: check"] for label in pythons}
    print("\n# diff")
    slowest = diff_pairs.measure(pythons, args.runs)
    rows["diff, slowest pair (s)"] = slowest
    print("\n# repository scale")
    by_size = {
        size: repo_scale.measure(size, pythons, args.formats, args.runs, None)
        for size in args.sizes
    }
    smallest, largest = min(by_size), max(by_size)
    for fmt in args.formats:
        name = f"repository {largest}, {fmt}"
        rows[name] = {label: by_size[largest][(label, fmt)][0] for label in pythons}
        GOALS[name] = 1.2
        if smallest != largest:
            grown = f"memory {smallest} → {largest}, {fmt}"
            rows[grown] = {
                label: by_size[largest][(label, fmt)][1]
                / max(by_size[smallest][(label, fmt)][1], 1)
                for label in pythons
            }
            GOALS[grown] = 1.2

    print("\n# ratios")
    print(f"{'':<34}{'goal':>8}" + "".join(f"{label:>14}" for label in pythons))
    for name, values in rows.items():
        cells = "".join(f"{values[label]:14.2f}" for label in pythons)
        print(f"{name:<34}{GOALS[name]:>8.2f}{cells}")


if __name__ == "__main__":
    main()
