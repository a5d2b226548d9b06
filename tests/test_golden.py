"""Every format prints exactly what its golden file holds (`tests/golden/`, written by
`tests/golden_outputs.py`), whether the files are judged here (`-j1`) or by workers (`-j2`)."""

from __future__ import annotations

import pytest

from golden_outputs import GOLDEN, ROOT, cases


@pytest.mark.parametrize(("name", "argv"), cases(), ids=[name for name, _ in cases()])
def test_output_is_the_golden_file(cli, monkeypatch, name, argv):
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    expected = (GOLDEN / name).read_bytes().decode("utf-8")
    jobs = (["-j1"], ["-j2"]) if argv[0] == "check" else ([],)
    for each in jobs:
        assert cli(*argv, *each).stdout == expected, (name, each)
