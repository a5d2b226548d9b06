"""Measure `strategikoll check` on a repository of N generated proposals against its floor.

    python benchmarks/repo_scale.py [--sizes 1000 10000] [--format sarif html] [--runs 3]
                                    [--python PY ...] [--keep DIR]

For each size it writes a deterministic corpus of N proposals (seeded: the same files every time),
then times whole processes, as CI runs them:

- floor: one Python process that parses every file with PyYAML's C loader and does nothing else;
- check: `strategikoll check DIR --city all --format FORMAT --output FILE`, for each format and
  each installation (`--python`).

It prints wall time, the ratio check/floor, and the peak resident memory of each process, then how
each check's peak memory grew from the smallest corpus to the largest. It is a measurement, not a
test; run it on a quiet machine.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

from measuring import Timing, interpreters, median, run_with_peak, spread

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


def measure(
    size: int, pythons: dict[str, str], formats: list[str], runs: int, keep: Path | None
) -> dict[tuple[str, str], tuple[float, int]]:
    """Generate one corpus; print the floor, each check, its ratio to the floor and peak memory.

    Floor and checks take turns `runs` times, so that a machine busy for a moment weighs on all;
    the medians are compared, and the spread of the ratios of each turn is shown beside them.
    Gives each check's median ratio and peak memory, by installation and format.
    """
    root = Path(tempfile.mkdtemp(prefix=f"strategikoll-{size}-"))
    try:
        corpus(root / "proposals", size)
        floor_cmd = [sys.executable, "-c", FLOOR, str(root / "proposals")]
        checks = {
            (label, fmt): [
                python,
                "-m",
                "strategikoll",
                "check",
                str(root / "proposals"),
                "--city",
                "all",
                "--format",
                fmt,
                "--output",
                str(root / f"{label}.{fmt}"),
            ]
            for label, python in pythons.items()
            for fmt in formats
        }
        floors: list[Timing] = []
        times: dict[tuple[str, str], list[Timing]] = {key: [] for key in checks}
        for _ in range(runs):
            floors.append(run_with_peak(floor_cmd))
            for key, command in checks.items():
                Path(command[-1]).unlink(missing_ok=True)
                times[key].append(run_with_peak(command))
        floor = median([t.wall for t in floors])
        print(f"N={size:>6}  floor {floor:6.2f} s ({max(t.peak_mib for t in floors)} MiB)")
        found = {}
        for (label, fmt), timings in times.items():
            ratios = [t.wall / f.wall for t, f in zip(timings, floors, strict=True)]
            peak = max(t.peak_mib for t in timings)
            report = Path(checks[(label, fmt)][-1]).stat().st_size // 1024
            found[(label, fmt)] = (median(ratios), peak)
            print(
                f"          {label + ': ' + fmt:<22} {median([t.wall for t in timings]):6.2f} s "
                f"({peak} MiB)  ratio {median(ratios):4.2f} ({spread(ratios)})  "
                f"report {report} KiB"
            )
        if keep is not None:
            shutil.copytree(root, keep / f"corpus-{size}", dirs_exist_ok=True)
        return found
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    """Measure each size in turn, then how memory grows from the smallest size to the largest."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--format", nargs="+", default=["sarif", "html"])
    parser.add_argument("--runs", type=int, default=3, help="turns of floor and checks")
    parser.add_argument("--python", action="append", help="an installation to measure")
    parser.add_argument("--keep", type=Path, default=None)
    args = parser.parse_args()
    pythons = interpreters(args.python)
    by_size = {
        size: measure(size, pythons, args.format, args.runs, args.keep) for size in args.sizes
    }
    smallest, largest = by_size[min(by_size)], by_size[max(by_size)]
    if len(by_size) > 1:
        for key in largest:
            grown = largest[key][1] / max(smallest[key][1], 1)
            sizes = f"{min(by_size)} → {max(by_size)} files"
            print(f"memory {sizes}, {key[0]}: {key[1]}: {grown:.2f} ×")


if __name__ == "__main__":
    main()
