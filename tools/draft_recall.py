"""Measure what `strategikoll draft` finds in the source documents, against the bundled strategies.

    python tools/draft_recall.py [--seeds DIR] [--keep DIR] [--show]

For each bundled strategy whose source text is in the seeds folder (`--seeds`, else
STRATEGIKOLL_SOURCES, else `../shared/seeds` beside the checkout), it runs

    strategikoll draft SOURCE --city CITY --version VERSION -o FILE

with the strategy's own city and version, and compares the draft with the strategy:

- recall: of the distinct quotes the strategy's principles cite (`citation.quote`), how many a
  draft principle's quote contains, white space, line-end hyphenation, `*` and case folded;
- noise: the draft principles with no counterpart in the strategy, whose quote neither contains
  nor is contained in any quote of the strategy, a principle's or an `omitted:` entry's.

It prints a Markdown table, one row per source; with --show, also each quote missed and each
noisy principle. It measures, it does not time: nothing here is a benchmark. Exit 0, or 2 when no
source text is found.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "src" / "strategikoll" / "strategies"
SEEDS = Path(os.environ.get("STRATEGIKOLL_SOURCES") or ROOT.parent / "shared" / "seeds")


def fold(text: str) -> str:
    """A quote as compared: `*` dropped, a hyphen that ends a line joined, white space as one
    space, lower case."""
    text = re.sub(r"-\s+", "-", text.replace("*", ""))
    return " ".join(text.split()).lower()


def bundled_strategies() -> list[dict[str, Any]]:
    """Every bundled strategy file, as YAML data, by file name."""
    found = []
    for path in sorted(BUNDLED.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["_file"] = path.name
        found.append(data)
    return found


def text_name(strategy: dict[str, Any]) -> str | None:
    """The file name of a strategy's source text: `source:` itself, or its `text:`."""
    source = strategy.get("source")
    return source.get("text") if isinstance(source, dict) else source


@dataclass
class Row:
    """One source: what the strategy cites, what the draft found, and the draft's noise."""

    source: str
    strategy: str
    cited: int
    missed: list[str] = field(default_factory=list)
    drafted: int = 0
    noise: list[str] = field(default_factory=list)
    omitted: int = 0

    @property
    def found(self) -> int:
        return self.cited - len(self.missed)

    @property
    def recall(self) -> float:
        return self.found / self.cited if self.cited else 1.0


def measure(strategy: dict[str, Any], draft: dict[str, Any]) -> Row:
    """Recall and noise of a draft against the bundled strategy of the same source."""
    cited = sorted({fold(p["citation"]["quote"]) for p in strategy.get("principles") or []})
    known = cited + [fold(o["quote"]) for o in strategy.get("omitted") or []]
    drafted = [fold(p["citation"]["quote"]) for p in draft.get("principles") or []]
    return Row(
        source=text_name(strategy) or "?",
        strategy=f"{strategy['city']}@{strategy['version']}",
        cited=len(cited),
        missed=[quote for quote in cited if not any(quote in d for d in drafted)],
        drafted=len(drafted),
        noise=[d for d in drafted if not any(k in d or d in k for k in known)],
        omitted=len(draft.get("omitted") or []),
    )


def run_draft(source: Path, strategy: dict[str, Any], target: Path) -> dict[str, Any]:
    """Draft `source` as the strategy's city and version, with the strategikoll of this Python."""
    command = [
        sys.executable, "-m", "strategikoll", "draft", str(source),
        "--city", str(strategy["city"]), "--version", str(strategy["version"]),
        "-o", str(target), "--force",
    ]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True, text=True)
    return dict(yaml.safe_load(target.read_text(encoding="utf-8")))


def table(rows: list[Row]) -> str:
    lines = [
        "| source | strategy | cited quotes | found | recall | draft principles | noise "
        "| omitted passages |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| `{row.source}` | {row.strategy} | {row.cited} | {row.found} "
            f"| {row.recall:.0%} | {row.drafted} | {len(row.noise)} | {row.omitted} |"
        )
    cited = sum(r.cited for r in rows)
    found = sum(r.found for r in rows)
    lines.append(
        f"| all | | {cited} | {found} | {found / cited if cited else 1:.0%} "
        f"| {sum(r.drafted for r in rows)} | {sum(len(r.noise) for r in rows)} "
        f"| {sum(r.omitted for r in rows)} |"
    )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    parser.add_argument("--keep", type=Path, help="write the drafts to this folder and keep them")
    parser.add_argument("--show", action="store_true", help="list the quotes missed and the noise")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        rows = []
        for strategy in bundled_strategies():
            name = text_name(strategy)
            source = args.seeds / name if name else None
            if source is None or not source.is_file():
                continue
            target = folder / f"{strategy['city']}-{strategy['version']}.draft.yaml"
            rows.append(measure(strategy, run_draft(source, strategy, target)))
    if not rows:
        print(f"draft_recall.py: no source text of a bundled strategy in {args.seeds}")
        return 2
    print(table(rows))
    if args.show:
        for row in rows:
            for quote in row.missed:
                print(f"\n{row.strategy} missed: {quote}")
            for quote in row.noise:
                print(f"\n{row.strategy} noise: {quote}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
