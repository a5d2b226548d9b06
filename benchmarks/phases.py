"""Where the time of a check goes, per file and phase, in one process.

    python benchmarks/phases.py DIR [--city all] [--format sarif] [--runs 3]

For every YAML file under DIR (for instance a corpus kept by `repo_scale.py --keep`) it times,
one file at a time: PyYAML's C loader alone (the floor), strategikoll's loader, validation,
judging against the strategies of `--city`, and rendering in `--format` (json or sarif). Each
phase is run `--runs` times over all files and the best is shown, in milliseconds per file.
A measurement, not a test.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from strategikoll import formats
from strategikoll.engine import judge
from strategikoll.loader import load_file
from strategikoll.proposal import read_proposal
from strategikoll.strategies import resolve


def main() -> None:
    """Time each phase over every file and print the best of the runs."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--city", default="all")
    parser.add_argument("--format", default="sarif", choices=["json", "sarif"])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    files = sorted(args.directory.rglob("*.yaml"))
    strategies = resolve(args.city)
    fragment: Callable[..., str] = formats.load("check", args.format).item
    best: dict[str, float] = {}
    for _ in range(args.runs):
        spent = dict.fromkeys(("floor", "load", "validate", "judge", "render"), 0.0)
        for path in files:
            start = time.perf_counter()
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
            loaded = time.perf_counter()
            spent["floor"] += loaded - start
            document = load_file(path)
            read = time.perf_counter()
            proposal = read_proposal(document)
            validated = time.perf_counter()
            results = judge(proposal, document, strategies)
            judged = time.perf_counter()
            for result in results:
                fragment(result)
            rendered = time.perf_counter()
            spent["load"] += read - loaded
            spent["validate"] += validated - read
            spent["judge"] += judged - validated
            spent["render"] += rendered - judged
        best = {k: min(v, best.get(k, v)) for k, v in spent.items()}
    print(f"{len(files)} files, --city {args.city}, --format {args.format}: ms per file")
    for phase, seconds in best.items():
        print(f"  {phase:<9} {1000 * seconds / len(files):6.3f}")
    own = sum(v for k, v in best.items() if k != "floor")
    print(f"  {'all':<9} {1000 * own / len(files):6.3f}  ({own / best['floor']:.2f} × floor)")


if __name__ == "__main__":
    main()
