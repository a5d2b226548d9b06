"""9,000 waivers, each naming a principle no strategy has: a did-you-mean search per waiver per
strategy took 35 s of CPU with `--city all`. Generated, since the file is close to 1 MB."""

from __future__ import annotations

from pathlib import Path

WAIVERS = 9000


def generate(repo: Path, outside: Path) -> None:
    """Write `waivers-9000.yaml` into `repo`."""
    lines = ["title: Vänortsavtal med Oslo", "kind: twin_town_agreement", "waivers:"]
    lines += [
        f"  - {{principle: sthlm16.no-twin-towns-{n:05d}, reason: Beslut om undantag,"
        f" decided_by: ks, reference: KS 2025/{n}, expires: 2999-12-31}}"
        for n in range(WAIVERS)
    ]
    (repo / "waivers-9000.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
