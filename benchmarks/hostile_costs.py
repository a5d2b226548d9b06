"""Measure what the costliest hostile inputs cost a `strategikoll check`: CPU time and peak memory.

    python benchmarks/hostile_costs.py [--src DIR] [--runs 3]

Each input is generated as the hostile test corpus generates it (`tests/hostile/input/*.py`) into
a repository of its own, and checked by a new process as a CI job would, with the command line of
`tests/hostile/input/expected.yaml`. With `--src`, the package is imported from `DIR` (a checkout
of another version's `src`, say) to compare before and after. Prints the best of `--runs` runs:
CPU seconds (user + system) and peak resident memory of the process. A measurement, not a test.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "hostile" / "input"

CASES = ("ok", "waivers-9000", "waivers-at-bound", "themes-million", "extends-chain")
"""An ordinary proposal for comparison, then the costly inputs."""


def prepared(case: dict[str, object], top: Path) -> Path:
    """A repository under `top` holding the case's files, generated where they are."""
    repo, outside = top / "repo", top / "outside"
    repo.mkdir()
    (repo / ".git").mkdir()
    outside.mkdir()
    (outside / "secret.yaml").write_bytes((CORPUS / "outside" / "secret.yaml").read_bytes())
    for file in CORPUS.glob("*.yaml"):
        (repo / file.name).write_bytes(file.read_bytes())
    generator = case.get("generate")
    if isinstance(generator, str):
        spec = importlib.util.spec_from_file_location(Path(generator).stem, CORPUS / generator)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.generate(repo, outside)
    return repo


def measured(args: list[str], repo: Path, src: Path | None) -> tuple[float, int, int]:
    """CPU seconds, peak memory in MB and exit status of one process running `args`."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    command = [sys.executable, "-m", "strategikoll", *args]
    process = subprocess.Popen(
        command, cwd=repo, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024, process.returncode


def main() -> None:
    """Measure each case and print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--src", type=Path, help="import strategikoll from this directory")
    parser.add_argument("--runs", type=int, default=3)
    options = parser.parse_args()
    expected = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))
    print(f"{'input':<18} {'exit':>4} {'CPU s':>7} {'peak MB':>8}")
    for name in CASES:
        case = expected[name]
        with tempfile.TemporaryDirectory(prefix="strategikoll-hostile-") as top:
            repo = prepared(case, Path(top))
            runs = [measured(case["args"], repo, options.src) for _ in range(options.runs)]
        cpu = min(r[0] for r in runs)
        memory = min(r[1] for r in runs)
        print(f"{name:<18} {runs[0][2]:>4} {cpu:>7.2f} {memory:>8}")


if __name__ == "__main__":
    main()
