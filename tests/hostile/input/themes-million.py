"""`themes: [a,a,a,…]`, a million items in 2 MB: libyaml composed it whole (4.8 s, 358 MB) before
the cap of 100,000 values applied. Generated, since the file is 2 MB."""

from __future__ import annotations

from pathlib import Path

ITEMS = 1_000_000


def generate(repo: Path, outside: Path) -> None:
    """Write `themes-million.yaml` into `repo`."""
    items = ",".join(["a"] * ITEMS)
    (repo / "themes-million.yaml").write_text(
        f"title: Tema\nkind: membership\nthemes: [{items}]\n", encoding="utf-8"
    )
