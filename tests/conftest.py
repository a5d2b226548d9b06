"""Shared helpers: run the command line in-process, as a user would call it."""

from __future__ import annotations

import io
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from strategikoll import texts
from strategikoll.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = ROOT / "tests" / "data"

SOURCES_SETTING = "STRATEGIKOLL_SOURCES"
REQUIRE_SOURCES = "STRATEGIKOLL_REQUIRE_SOURCES"
SEEDS = Path(os.environ.get(SOURCES_SETTING) or ROOT.parent / "shared" / "seeds")
"""The source documents the bundled strategies quote: `STRATEGIKOLL_SOURCES`, or `shared/seeds/`
beside the checkout. Tests that check quotes against them need them; nothing else does."""


# The bundled strategies are kept compiled between runs (`compiled.py`): the suite keeps them in a
# folder of its own, never in the user's cache, and so runs (after its first process) as a user's
# second run does, from what was kept.
os.environ.setdefault(
    "STRATEGIKOLL_CACHE_DIR", str(Path(tempfile.gettempdir()) / "strategikoll-test-cache")
)


def sources_found() -> bool:
    """Whether the source documents are there to check quotes against."""
    return any(SEEDS.glob("*.txt"))


def needs_sources() -> None:
    """Skip a test that checks quotes when the source documents are not there, or fail it when
    the run demands them (`STRATEGIKOLL_REQUIRE_SOURCES=1`, as CI sets it)."""
    if sources_found():
        return
    if os.environ.get(REQUIRE_SOURCES):
        pytest.fail(f"{REQUIRE_SOURCES} is set, but there are no source documents in {SEEDS}")
    pytest.skip(
        f"they check quotes against the source documents, and there are none in {SEEDS}; "
        f"set {SOURCES_SETTING} to the folder holding them"
    )


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say once, in one line for each reason, which tests did not run and why: the tests needing
    the source documents, and any other that needs a tool the machine lacks. (Read from the
    reports, so that it holds when the tests run in several processes too.)"""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        reason = str(report.longrepr[-1]) if isinstance(report.longrepr, tuple) else ""
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in reasons.items():
        tests = "test" if count == 1 else "tests"
        terminalreporter.write_line(
            f"{count} {tests} did not run: {reason.removeprefix('Skipped: ')}"
        )


@dataclass
class Run:
    """What one command line produced."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Call `strategikoll ARGS…` in-process; `stdin=` feeds standard input."""

    def run(*args: str, stdin: bytes | None = None) -> Run:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        code = invoke(*args)
        out = capsys.readouterr()
        return Run(code, out.out, out.err)

    return run


def invoke(*args: object) -> int:
    """Run `strategikoll ARGS…` in-process; its exit status. The language is Swedish again after."""
    try:
        main([str(a) for a in args])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    finally:
        texts.set_language("sv")
    return 0


@pytest.fixture
def write(tmp_path: Path):
    """Write a file under a temporary directory and return its path."""

    def make(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return make


def findings_by_id(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The findings of one JSON result keyed by principle id."""
    return {f["principle"]: f for f in result["findings"]}
