"""A strategy extending a file inside the repository that is a link to one outside it (as a link
to `/etc/shadow` would be): the link was followed, and the first line of what it led to shown."""

from __future__ import annotations

from pathlib import Path

STRATEGY = """\
city: angripare
version: "1"
name: {sv: Fientlig strategi, en: Hostile strategy}
source: 003_0e4e3719d66b1344.txt
extends: base.yaml
"""


def generate(repo: Path, outside: Path) -> None:
    """Write `strategy-extends-symlink.yaml` and the link `base.yaml` into `repo`."""
    (repo / "base.yaml").symlink_to((outside / "secret.yaml").resolve())
    (repo / "strategy-extends-symlink.yaml").write_text(STRATEGY, encoding="utf-8")
