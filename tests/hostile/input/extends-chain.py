"""500 strategy files, each extending the next: loading them recursed until Python's stack gave
out (a RecursionError traceback)."""

from __future__ import annotations

from pathlib import Path

FILES = 500

STRATEGY = """\
city: kedja
version: "{n}"
name: {{sv: Kedja, en: Chain}}
source: 003_0e4e3719d66b1344.txt
extends: chain-{next:03d}.yaml
"""


def generate(repo: Path, outside: Path) -> None:
    """Write `chain-000.yaml` … `chain-499.yaml` into `repo`, each extending the next."""
    for n in range(FILES):
        text = STRATEGY.format(n=n, next=n + 1)
        (repo / f"chain-{n:03d}.yaml").write_text(text, encoding="utf-8")
