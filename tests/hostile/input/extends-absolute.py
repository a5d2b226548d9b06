"""A strategy extending a file outside the repository by its absolute path (as `/etc/passwd`
would be): it was read, and the problems found in it quoted its lines."""

from __future__ import annotations

from pathlib import Path

STRATEGY = """\
city: angripare
version: "1"
name: {{sv: Fientlig strategi, en: Hostile strategy}}
source: 003_0e4e3719d66b1344.txt
extends: {target}
"""


def generate(repo: Path, outside: Path) -> None:
    """Write `strategy-extends-absolute.yaml` into `repo`."""
    text = STRATEGY.format(target=(outside / "secret.yaml").resolve())
    (repo / "strategy-extends-absolute.yaml").write_text(text, encoding="utf-8")
