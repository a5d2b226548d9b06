"""The outputs kept as golden files (`tests/golden/`): every format of `check` and of `diff` on the
bundled examples, in both languages. `python tests/golden_outputs.py` writes them anew; the test
`test_golden.py` asserts that a run prints them byte for byte, judged here or by workers."""

from __future__ import annotations

import sys
from pathlib import Path

GOLDEN = Path(__file__).parent / "golden"
ROOT = Path(__file__).parent.parent

CHECK_FORMATS = ("text", "json", "sarif", "junit", "github", "markdown", "html")
DIFF_FORMATS = ("text", "json", "markdown", "html")


def cases() -> list[tuple[str, list[str]]]:
    """Each golden file's name and the command line that prints it (run from the repository)."""
    found = []
    for lang in ("sv", "en"):
        for name in CHECK_FORMATS:
            argv = ["check", "examples", "--city", "stockholm"]  # 64 files: workers judge them
            found.append((f"check-{lang}.{name}", [*argv, "--format", name, "--lang", lang]))
        for name in DIFF_FORMATS:
            argv = ["diff", "stockholm@2008", "stockholm@2016", "--format", name, "--lang", lang]
            found.append((f"diff-{lang}.{name}", argv))
    return found


def main() -> None:
    import contextlib
    import io
    import os

    from strategikoll import texts
    from strategikoll.cli import main as cli

    os.chdir(ROOT)
    os.environ.pop("GITHUB_STEP_SUMMARY", None)
    GOLDEN.mkdir(exist_ok=True)
    for name, argv in cases():
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer), contextlib.suppress(SystemExit):
            cli([*argv, "-j1"] if argv[0] == "check" else argv)
        texts.set_language("sv")
        (GOLDEN / name).write_text(buffer.getvalue(), encoding="utf-8", newline="")
        print(name, len(buffer.getvalue()), file=sys.stderr)


if __name__ == "__main__":
    main()
