"""Write the README's screenshots of the HTML reports, through the browser harness.

    python tools/screenshots.py [--out docs/img] [--height 900]

It makes the three reports the README shows, with the strategikoll of this Python:

- `check examples/stockholm/aid-project-sida-70.yaml --format html` → check-report.png
- `check examples --city all --format html`                          → check-all-report.png
- `diff malmo goteborg --format html`                                → diff-report.png

(the diff through `strategikoll.diff_html.write_html` while the command line does not take
`--format html`), opens them in headless Chromium with `tools/browser/render.cjs` (or the command
in `STRATEGIKOLL_BROWSER`), and writes the top 1280 x HEIGHT px of each page. It prints what the
harness found on each page, and exits 1 if a page made a request, logged an error or has a serious
accessibility violation, 2 if a report or the harness could not be run.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RENDER = ROOT / "tools" / "browser" / "render.cjs"
# run in the checkout, with paths relative to it, so that the pictures show them as a user sees them
SHOTS = {
    "check-report": ["check", "examples/stockholm/aid-project-sida-70.yaml"],
    "check-all-report": ["check", "examples", "--city", "all"],
    "diff-report": ["diff", "malmo", "goteborg"],
}
# exit statuses the commands give for these inputs: the proposals fail, the strategies differ
MADE = (0, 1)


def harness() -> list[str]:
    given = os.environ.get("STRATEGIKOLL_BROWSER")
    if given:
        return shlex.split(given)
    node = shutil.which("node")
    if node is None:
        sys.exit("screenshots.py: no node on PATH, and STRATEGIKOLL_BROWSER is not set")
    return [node, str(RENDER)]


def make(name: str, args: list[Any], target: Path) -> None:
    """Run one report into `target`; the diff through `diff_html` while the CLI lacks it."""
    command = [sys.executable, "-m", "strategikoll", *map(str, args), "--format", "html"]
    done = subprocess.run(
        [*command, "-o", str(target)], capture_output=True, text=True, cwd=ROOT, check=False
    )
    if done.returncode in MADE and target.is_file():
        return
    if args[0] == "diff" and "'html'" in done.stderr:
        from strategikoll import diff_html
        from strategikoll.diff import compare
        from strategikoll.strategies import resolve

        print(f"{name}: the command line does not take --format html yet; diff_html.write_html")
        result = compare(resolve(str(args[1]))[0], resolve(str(args[2]))[0])
        with target.open("w", encoding="utf-8") as stream:
            diff_html.write_html(result, stream)
        return
    sys.exit(f"screenshots.py: {shlex.join(command)} exited {done.returncode}\n{done.stderr}")


def summary(result: dict[str, Any]) -> tuple[str, bool]:
    """One line on what the harness found on a page, and whether it found anything wrong."""
    foreign = [r["url"] for r in result["foreign_requests"] + result["nojs"]["foreign_requests"]]
    errors = [m["text"] for m in result["console_errors"]] + result["page_errors"]
    violations = [f"{v['id']} ({v['impact']}, {v['nodes']})" for v in result["axe"]["violations"]]
    serious = [v for v in result["axe"]["violations"] if v["impact"] in ("serious", "critical")]
    cut = [t["caption"] or t["headers"][:2] for t in result["tables"] if t["wider_than_window"]]
    line = (
        f"{len(result['requests'])} requests, {len(foreign)} foreign {foreign}; "
        f"{len(errors)} console/page errors {errors}; "
        f"axe: {', '.join(violations) or 'no violations'}; "
        f"{result['pdf_pages']} PDF pages; {result['width']}x{result['height']} px; "
        f"tables wider than the window: {cut or 'none'}"
    )
    return line, bool(foreign or errors or serious or result["dialogs"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--height", type=int, default=900)
    options = parser.parse_args()
    command = harness()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        pages = []
        for name, args in SHOTS.items():
            page = work / f"{name}.html"
            make(name, args, page)
            pages.append(page)
        rendered = work / "rendered"
        done = subprocess.run(
            [*command, "--crop", str(options.height), str(rendered), *map(str, pages)],
            check=False,
        )
        if done.returncode != 0:
            print(f"screenshots.py: the harness exited {done.returncode}", file=sys.stderr)
            return 2
        results = json.loads((rendered / "results.json").read_text(encoding="utf-8"))
        options.out.mkdir(parents=True, exist_ok=True)
        wrong = False
        for name, result in zip(SHOTS, results, strict=True):
            target = options.out / f"{name}.png"
            shutil.copyfile(result["screenshot_top"], target)
            line, bad = summary(result)
            wrong |= bad
            print(f"{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}: {line}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
