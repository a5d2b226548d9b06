"""Feed strategikoll broken and hostile proposals and count how often it crashes.

    python tools/fuzz.py [--iterations 100000] [--jobs 2] [--seed 1] [--save DIR]

Starting from every proposal the repository ships (the examples and the strategy test cases), it
makes inputs by mutating them, half of them byte by byte (bit flips, inserted YAML tokens and
control bytes, deleted, repeated or spliced stretches, other encodings, truncation) and half by
structure (keys dropped, renamed or added, values replaced by values of other types, nesting,
anchors, tags, flow style). Each input goes the whole way a file goes in `check`: read, validated,
judged against every bundled strategy, and written in every output format.

A crash is an exception, a file that `check` reports as an internal error, or a problem without
a message or with a line outside the file. The script prints the count of inputs, of each
outcome, of crashes, and the slowest input; with `--save`, each crashing input is written to
DIR. It exits 1 when there was a crash. It is a tool, not a test: the test suite runs its own
property tests.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import multiprocessing
import random
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

import yaml

from strategikoll import texts
from strategikoll.engine import Report
from strategikoll.errors import source_lines
from strategikoll.loader import load_file
from strategikoll.reporters import get_reporter
from strategikoll.runner import check_one
from strategikoll.strategies import BUNDLED_DIR, resolve

ROOT = Path(__file__).resolve().parent.parent

TOKENS = [
    b":",
    b": ",
    b"- ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a",
    b"&b [*a, *a, *a]",
    b"!!python/object:os.system ",
    b"!tag ",
    b"!!str ",
    b"!!int ",
    b"!!binary ",
    b"! ",
    b"\t",
    b"\x00",
    b"\xff",
    b"\xfe",
    b"\xef\xbb\xbf",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"%TAG ! tag:x,2000:\n",
    b'"',
    b"'",
    b"|",
    b">",
    b"? ",
    b"#",
    b"NO",
    b"yes",
    b"on",
    b"~",
    b"null",
    b"0x1F",
    b"0o17",
    b"1:30",
    b".inf",
    b"-.nan",
    b"1e999",
    b"2025-02-30",
    b"2025-13-01",
    b"-5",
    b"99999999999999999999999",
    b"\r\n",
    b"\r",
    b"\n  ",
    b"\\u0000",
    b'"\\x"',
    "ä".encode(),
    "\u2028".encode(),
    b"@",
    b"`",
    b"%",
    b"<<: *a\n",
]
"""Bits of YAML and of bad text that a mutation puts in."""

ODD_VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    1.5,
    float("inf"),
    10**30,
    "",
    "NO",
    "yes",
    "2025-02-30",
    "2025-01-01",
    dt.date(2025, 1, 1),
    [],
    {},
    [None],
    {"a": 1},
    "x" * 5000,
    "ä\u2028",
    [[[]]],
    "kommunstyrelsen",
    "KS",
    "Nämnd",
    "twin_town_agreement",
    "stockholm",
    "oslo",
    -0.0,
]
"""Values a structural mutation puts in place of others."""


def seeds() -> list[bytes]:
    """Every proposal the repository ships, as YAML bytes."""
    found = [path.read_bytes() for path in sorted((ROOT / "examples").rglob("*.yaml"))]
    for path in sorted((BUNDLED_DIR / "cases").glob("*.yaml")):
        for case in load_file(path).data["cases"]:
            text = yaml.safe_dump(case["proposal"], allow_unicode=True, sort_keys=False)
            found.append(text.encode("utf-8"))
    return found


def byte_mutant(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """`data` changed a few times, byte by byte."""
    out = bytearray(data)
    for _ in range(rng.choice([1, 1, 1, 2, 3, 6])):
        at = rng.randint(0, len(out))
        choice = rng.random()
        if choice < 0.2 and out:
            index = rng.randrange(len(out))
            out[index] ^= 1 << rng.randrange(8)
        elif choice < 0.5:
            out[at:at] = rng.choice(TOKENS)
        elif choice < 0.65:
            del out[at : at + rng.randint(1, 40)]
        elif choice < 0.75:
            out[at:at] = out[at : at + rng.randint(1, 60)] * rng.randint(2, 20)
        elif choice < 0.85:
            start = rng.randrange(len(other) + 1)
            out[at:at] = other[start : start + rng.randint(1, 200)]
        elif choice < 0.9:
            del out[rng.randint(0, len(out)) :]
        elif choice < 0.95:
            out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
        else:
            encoding = rng.choice(["latin-1", "utf-16", "utf-16-le", "utf-32", "cp1252"])
            out = bytearray(bytes(out).decode("utf-8", "replace").encode(encoding, "replace"))
    return bytes(out)


def structure_mutant(rng: random.Random, data: bytes, other: bytes) -> bytes:
    """`data` loaded, its structure changed a few times, and written again: often with values
    of the same fields from `other`, so that many mutants are valid and go on to be judged."""
    try:
        tree: Any = yaml.safe_load(data)
        donor: Any = yaml.safe_load(other)
    except yaml.YAMLError:
        return data
    if isinstance(tree, dict) and isinstance(donor, dict) and rng.random() < 0.6:
        for key in rng.sample(sorted(donor), k=min(len(donor), rng.randint(1, 6))):
            tree[key] = donor[key]
        for key in rng.sample(sorted(tree), k=min(len(tree), rng.randint(0, 3))):
            if key not in ("title", "kind"):
                del tree[key]
    else:
        for _ in range(rng.randint(1, 4)):
            tree = _mutate(rng, tree, depth=0)
    style = rng.choice([None, True, False])
    try:
        text = yaml.safe_dump(tree, allow_unicode=rng.random() < 0.8, default_flow_style=style)
    except (yaml.YAMLError, ValueError, RecursionError):
        return data
    if rng.random() < 0.2:  # an anchor and aliases, or a tag, written by hand
        text = text.replace(": ", ": &x ", 1).replace(": ", ": *x\n# ", 1) if ": " in text else text
    if rng.random() < 0.1:
        text = "!!python/object:collections.OrderedDict\n" + text
    return text.encode("utf-8", "surrogatepass")


def _mutate(rng: random.Random, node: Any, depth: int) -> Any:
    if isinstance(node, dict) and node and depth < 6 and rng.random() < 0.7:
        key = rng.choice(list(node))
        action = rng.random()
        if action < 0.2:
            del node[key]
        elif action < 0.35:
            node[key + rng.choice(["s", "_x", "-"])] = node.pop(key)
        elif action < 0.45:
            node[rng.choice(["budgett", "country", "end-date", "waiver", "city", "kind"])] = (
                rng.choice(ODD_VALUES)
            )
        else:
            node[key] = _mutate(rng, node[key], depth + 1)
        return node
    if isinstance(node, list) and node and depth < 6 and rng.random() < 0.7:
        index = rng.randrange(len(node))
        node[index] = _mutate(rng, node[index], depth + 1)
        if rng.random() < 0.2:
            node.append(rng.choice(ODD_VALUES))
        return node
    choice = rng.random()
    if choice < 0.7:
        return rng.choice(ODD_VALUES)
    if choice < 0.85:
        return [node] * rng.randint(0, 3)
    return {"nested": node}


def judged(raw: bytes, path: Path, strategies: list[Any], reporters: list[Any]) -> str:
    """Take one input the whole way `check` takes a file (written to `path`, then judged as
    `check` judges it); the outcome, or raise for a crash."""
    path.write_bytes(raw)
    results = check_one(str(path), path, strategies=strategies)
    internal = texts.t("internal_error", detail="").split("(")[0]
    lines = len(source_lines(raw.decode("utf-8", "replace")))
    for result in results:
        for problem in result.error.problems if result.error else ():
            if problem.message.startswith(internal):
                raise AssertionError(problem.message)
            if not problem.message or (
                problem.line is not None and not 1 <= problem.line <= lines + 1
            ):
                raise AssertionError(f"problem not located in the file: {problem}")
    for reporter in reporters:
        reporter.write(Report(results), _Null())
    return "error" if results[0].error else "judged"


class _Null:
    """A text stream that forgets what it is given."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        """Nothing is kept."""


def run_share(
    share: tuple[int, int, int, str | None],
) -> tuple[collections.Counter[str], list[tuple[float, int]], list[str]]:
    """Inputs `first` to `last` (exclusive) of the seeded sequence."""
    first, last, seed, save = share
    texts.set_language("sv")
    strategies = resolve("all")
    reporters = [get_reporter(name) for name in ("json", "sarif", "junit", "github", "markdown")]
    corpus = seeds()
    counts: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, int]] = []
    crashes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="strategikoll-fuzz-") as scratch_dir:
        scratch = Path(scratch_dir, "input.yaml")
        for number in range(first, last):
            rng = random.Random(f"{seed}:{number}")  # noqa: S311 - reproducible, not secret
            base, other = rng.choice(corpus), rng.choice(corpus)
            mutant = byte_mutant if number % 2 else structure_mutant
            raw = mutant(rng, base, other)
            start = time.perf_counter()
            try:
                counts[judged(raw, scratch, strategies, reporters)] += 1
            except Exception:  # noqa: BLE001 - counting crashes is the point
                counts["crash"] += 1
                crashes.append(f"input {number}: {traceback.format_exc(limit=3)}")
                if save:
                    Path(save, f"crash-{number}.yaml").write_bytes(raw)
            took = (time.perf_counter() - start, number)
            slowest = sorted([*slowest, took], reverse=True)[:3]
    return counts, slowest, crashes


def main() -> None:
    """Run the iterations across processes and print what happened."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--save", default=None, help="directory for crashing inputs")
    args = parser.parse_args()
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)
    step = -(-args.iterations // args.jobs)
    shares = [
        (i, min(i + step, args.iterations), args.seed, args.save)
        for i in range(0, args.iterations, step)
    ]
    start = time.perf_counter()
    with multiprocessing.Pool(args.jobs) as pool:
        parts = pool.map(run_share, shares)
    counts: collections.Counter[str] = collections.Counter()
    slowest: list[tuple[float, int]] = []
    crashes: list[str] = []
    for part_counts, part_slowest, part_crashes in parts:
        counts.update(part_counts)
        slowest = sorted([*slowest, *part_slowest], reverse=True)[:3]
        crashes += part_crashes
    total = sum(counts.values())
    print(f"{total} inputs in {time.perf_counter() - start:.0f} s (seed {args.seed})")
    print(
        f"  judged: {counts['judged']}, input errors: {counts['error']}, crashes: {counts['crash']}"
    )
    print("  slowest: " + ", ".join(f"input {n} {s * 1000:.0f} ms" for s, n in slowest))
    for crash in crashes[:10]:
        print(crash, file=sys.stderr)
    sys.exit(1 if counts["crash"] else 0)


if __name__ == "__main__":
    main()
