"""As many waivers as a proposal may carry, each naming an unknown principle with an id as long as
one may be: the costliest proposal of its kind that is still judged."""

from __future__ import annotations

from pathlib import Path

from strategikoll.proposal import MAX_PRINCIPLE_ID, MAX_WAIVERS


def generate(repo: Path, outside: Path) -> None:
    """Write `waivers-at-bound.yaml` into `repo`."""
    lines = ["title: Vänortsavtal med Oslo", "kind: twin_town_agreement", "waivers:"]
    for n in range(MAX_WAIVERS):
        principle = f"sthlm16.no-twin-towns-{n:03d}-".ljust(MAX_PRINCIPLE_ID, "x")
        lines.append(
            f"  - {{principle: {principle}, reason: Beslut om undantag, decided_by: ks,"
            f" reference: KS 2025/{n}, expires: 2999-12-31}}"
        )
    (repo / "waivers-at-bound.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
