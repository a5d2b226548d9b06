"""Measure `strategikoll check` on a repository of N generated proposals against its floor.

    python benchmarks/repo_scale.py [--sizes 1000 10000] [--format sarif] [--runs 3] [--keep DIR]

For each size it writes a deterministic corpus of N proposals (seeded: the same files every time),
then times whole processes, as CI runs them:

- floor: one Python process that parses every file with PyYAML's C loader and does nothing else;
- check: `strategikoll check DIR --city all --format FORMAT --output FILE`.

It prints wall time, the ratio check/floor, and the peak resident memory of each process. It is a
measurement, not a test; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KINDS = [
    "cooperation_agreement",
    "membership",
    "eu_project",
    "aid_project",
    "visit_invitation",
    "incoming_visit",
    "conference_trip",
    "secondment",
    "marketing",
    "trade_fair",
    "declaration",
    "letter_of_intent",
    "partner_city_project",
    "twin_town_agreement",
    "transnational_project",
]
BODIES = ["namnd", "kommunstyrelsen", "kommunfullmaktige", "bolagsstyrelse", "forvaltning"]
COUNTRIES = ["NO", "DK", "FI", "DE", "EE", "PL", "GB", "FR", "CN", "ZA"]
THEMES = ["klimat", "skola", "äldreomsorg", "kultur", "näringsliv", "bostäder", "trygghet"]
BOOLS = ["true", "false", None]


def proposal(rng: random.Random, index: int) -> str:
    """One plausible proposal: a kind, a counterpart, dates, money and some of the facts."""
    kind = rng.choice(KINDS)
    lines = [
        f"title: Förslag {index} om {rng.choice(THEMES)}",
        f"kind: {kind}",
        "description: Ett genererat förslag för mätning av strategikoll på stora kataloger.",
        f"counterpart: {{name: Motpart {index % 97}, type: city, "
        f'country: "{rng.choice(COUNTRIES)}"}}',
        f"themes: [{', '.join(rng.sample(THEMES, rng.randint(1, 2)))}]",
        f"directions: [{rng.choice(['cooperation', 'profiling', 'monitoring', 'advocacy'])}]",
        f"start_date: 2025-{rng.randint(1, 12):02d}-01",
        f"end_date: 2027-{rng.randint(1, 12):02d}-28",
        "funding:",
        "  sources:",
        f"    - {{name: Egen budget, amount_sek: {rng.randint(1, 90) * 10000}, external: false}}",
        f"    - {{name: Sida, amount_sek: {rng.randint(0, 90) * 10000}, external: true}}",
        f"  within_budget_frame: {rng.choice(['true', 'false'])}",
        f"decision: {{body: {rng.choice(BODIES)}, scope: operation_specific, ready: true}}",
        f"benefit: {{for_city: Nytta {index}, for_counterpart: Nytta för motparten}}",
    ]
    for fact in ("concrete_exchange", "existing_forums_examined", "foreign_policy", "brand_used"):
        value = rng.choice(BOOLS)
        if value is not None:
            lines.append(f"{fact}: {value}")
    return "\n".join(lines) + "\n"


def corpus(directory: Path, size: int) -> None:
    """Write `size` proposals into `directory`, 100 to a folder, the same every time."""
    rng = random.Random(20261123)
    for index in range(size):
        folder = directory / f"group-{index // 100:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"proposal-{index:06d}.yaml").write_text(proposal(rng, index), encoding="utf-8")


FLOOR = """
import sys, pathlib, yaml
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""


PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds of one process, and the peak resident memory (MiB) of it or its workers.

    A fresh wrapper process runs each command, so one measurement's peak never carries into the
    next; the wrapper's own start (a bare interpreter) is part of the time, for floor and check.
    """
    start = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", PEAK, *command], check=False, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    return seconds, int(out.stdout.strip() or 0) // 1024


def measure(size: int, output_format: str, runs: int, keep: Path | None) -> None:
    """Generate one corpus and print the floor, the check, their ratio and peak memory.

    Floor and check take turns `runs` times, so that a machine busy for a moment weighs on both;
    the medians are compared, and the spread of the ratios of each turn is shown beside them.
    """
    root = Path(tempfile.mkdtemp(prefix=f"strategikoll-{size}-"))
    try:
        corpus(root / "proposals", size)
        out = root / f"report.{output_format}"
        floor_cmd = [sys.executable, "-c", FLOOR, str(root / "proposals")]
        check_cmd = [
            sys.executable,
            "-m",
            "strategikoll",
            "check",
            str(root / "proposals"),
            "--city",
            "all",
            "--format",
            output_format,
            "--output",
            str(out),
        ]
        floors, checks, memory = [], [], [0, 0]
        for _ in range(runs):
            out.unlink(missing_ok=True)
            (floor, floor_mem), (check, check_mem) = timed(floor_cmd), timed(check_cmd)
            floors.append(floor)
            checks.append(check)
            memory = [max(memory[0], floor_mem), max(memory[1], check_mem)]
        ratios = sorted(c / f for c, f in zip(checks, floors, strict=True))
        floor, check = statistics.median(floors), statistics.median(checks)
        print(
            f"N={size:>6}  floor {floor:6.2f} s ({memory[0]} MiB)  "
            f"check {check:6.2f} s ({memory[1]} MiB)  ratio {check / floor:4.2f} "
            f"(each run {ratios[0]:.2f}–{ratios[-1]:.2f})  report {out.stat().st_size // 1024} KiB"
        )
        if keep is not None:
            shutil.copytree(root, keep / f"corpus-{size}", dirs_exist_ok=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    """Measure each size in turn."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--format", default="json")
    parser.add_argument("--runs", type=int, default=3, help="turns of floor and check")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    for size in args.sizes:
        measure(size, args.format, args.runs, args.keep)


if __name__ == "__main__":
    main()
