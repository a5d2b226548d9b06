"""The HTML reports in a real browser: headless Chromium, driven by `tools/browser/render.cjs`.

The harness opens each page from its file, with JavaScript and without, and reports every request
the page made, its console errors, uncaught exceptions and dialogs, axe-core's accessibility
violations, its title, language and text, its tables, a screenshot and an A4 PDF with its page
count (counted by the harness, from the PDF's page objects). The pages are opened by one launch of
the browser for the whole run, but for the longest report, which has a launch of its own.

The command comes from `STRATEGIKOLL_BROWSER` (.ci/run sets it, after installing Chromium and the
harness's npm packages). Without it, the harness in `tools/browser/` is used when it is set up here
(`npm ci` there, Chromium on PATH); otherwise the tests are skipped with the reason, except in CI,
where they fail. A harness that .ci/run could not install says why and exits 2, which fails them.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.util
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import traceback
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, invoke
from strategikoll import texts

pytestmark = pytest.mark.xdist_group("browser")

BROWSER = "STRATEGIKOLL_BROWSER"
HARNESS = ROOT / "tools" / "browser"
RENDER = HARNESS / "render.cjs"
CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
SERIOUS = {"serious", "critical"}

AID = EXAMPLES / "stockholm" / "aid-project-sida-70.yaml"
AID_TITLE = "Kunskapsöverföring om vattenrening till vattenbolaget i Chișinău"
AID_REQUIREMENT = (
    "Staden kan engagera sig i projekt av biståndskaraktär endast då hela finansieringen uppbärs "
    "av annan part, till exempel Sida."
)
AID_QUOTE = (
    "Staden kan engagera sig i projekt av biståndskaraktär då hela finansieringen uppbärs av annan "
    "part, till exempel Sida."
)
HOSTILE_TITLE = "<img src=x onerror=alert(1)>"
HOSTILE_DESCRIPTION = "<script>alert(1)</script>"
HOSTILE = f"""title: {json.dumps(HOSTILE_TITLE)}
description: {json.dumps(HOSTILE_DESCRIPTION)}
kind: twin_town_agreement
city: stockholm
"""

# Two pages of the harness's own, to show it sees what it is meant to: one that does nothing
# wrong, and one that does everything wrong.
GOOD_PAGE = """<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>Prov</title>
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<style>body { font-family: sans-serif } .fail { background: #a00; color: #fff }</style></head>
<body><main><h1>Prov</h1><p class="fail">UNDERKÄND</p>
<table><caption>Bedömningar</caption><thead><tr><th scope="col">Fil</th>
<th scope="col">Bedömning</th></tr></thead><tbody><tr><td>a.yaml</td><td>Godkänd</td></tr>
</tbody></table></main>
<script>document.body.dataset.seen = "1";</script></body></html>
"""
BAD_PAGE = """<!doctype html>
<html><head><title></title></head><body>
<img src="https://example.invalid/pixel.png"><img src="x" onerror="alert(1)">
<p style="color: #ddd; background: #fff">svag kontrast</p>
<main id="main">utan skript</main>
<script>
console.error("boom");
document.getElementById("main").textContent = "med skript";
throw new Error("kaboom");
</script></body></html>
"""


# --- The harness ------------------------------------------------------------------------------


def harness_command() -> list[str]:
    """The command that runs the harness; skip (fail in CI) when there is none."""
    given = os.environ.get(BROWSER)
    if given:
        return shlex.split(given)
    missing = []
    node = shutil.which("node")
    if node is None:
        missing.append("node")
    if not (HARNESS / "node_modules" / "puppeteer-core").is_dir():
        missing.append("tools/browser/node_modules (run `npm ci` in tools/browser)")
    if not any(shutil.which(name) for name in CHROMIUMS):
        missing.append("Chromium on PATH (Debian: apt-get install chromium)")
    if node is not None and not missing:
        return [node, str(RENDER)]
    reason = (
        f"{BROWSER} is not set (.ci/run sets it) and the browser harness is not set up here: "
        f"no {', no '.join(missing)}"
    )
    if os.environ.get("CI"):
        pytest.fail(f"CI is set, but {reason}")
    pytest.skip(reason)


def render(
    command: list[str], outdir: Path, files: list[Path], *options: str
) -> list[dict[str, Any]]:
    """Run the harness on `files`; its results, one a file."""
    done = subprocess.run(
        [*command, *options, str(outdir), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, (
        f"the browser harness ({shlex.join(command)}) did not run: exit {done.returncode}\n"
        f"{done.stdout}{done.stderr}"
    )
    results: list[dict[str, Any]] = json.loads((outdir / "results.json").read_text("utf-8"))
    return results


def words(text: str) -> str:
    """Text with each run of white space made one space, as a reader sees it."""
    return " ".join(text.split())


def serious(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [v for v in result["axe"]["violations"] if v["impact"] in SERIOUS]


def assert_clean(result: dict[str, Any]) -> None:
    """What every report must hold to: a titled Swedish page that makes no request but for its
    own file, logs no error, throws nothing, opens no dialog, has no serious or critical
    accessibility violation, and says the same without JavaScript."""
    name = result["file"]
    assert result["foreign_requests"] == [], name
    assert result["nojs"]["foreign_requests"] == [], name
    assert result["console_errors"] == [], name
    assert result["nojs"]["console_errors"] == [], name
    assert result["page_errors"] == [], name
    assert result["dialogs"] == [], name
    assert serious(result) == [], name
    assert result["title"].strip(), name
    assert result["lang"] == "sv", name
    assert result["pdf_pages"] is None or result["pdf_pages"] >= 1, name  # None: not printed
    assert words(result["nojs"]["main_text"]) == words(result["main_text"]), name
    assert words(result["main_text"]), name


# --- The pages --------------------------------------------------------------------------------


@dataclass
class Page:
    """One page to open: its file once made, or why it could not be made."""

    html: Path | None = None
    missing: str | None = None  # a part of strategikoll not there yet: the test skips
    problem: str | None = None  # it should have been made and was not: the test fails
    notes: list[str] = field(default_factory=list)
    result: dict[str, Any] | None = None

    def dump(self) -> dict[str, Any]:
        return {**asdict(self), "html": str(self.html) if self.html else None}

    @classmethod
    def load(cls, stored: dict[str, Any]) -> Page:
        html = Path(stored["html"]) if stored["html"] else None
        return cls(**{**stored, "html": html})

    def opened(self) -> dict[str, Any]:
        if self.missing:
            pytest.skip(self.missing)
        assert self.problem is None, self.problem
        assert self.result is not None
        return self.result


def run_cli(*args: object) -> tuple[int, str, str]:
    """`strategikoll ARGS…` in-process, as the `cli` fixture runs it (which is per test; these
    pages are made once for the run)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = invoke(*args)
    return code, out.getvalue(), err.getvalue()


def unknown_format(err: str) -> bool:
    """Whether the command line said it has no format `html`."""
    return texts.t("unknown_format", format="html", known="").split(";")[0] in err


def check_page(target: Path, *args: object, expected: int) -> Page:
    code, out, err = run_cli("check", *args, "--format", "html", "-o", target)
    if code == expected and target.is_file():
        return Page(html=target)
    if code == 2 and unknown_format(err):
        return Page(
            missing="the HTML report of `check` is not there yet: `strategikoll check --format "
            "html` says there is no such format (src/strategikoll/reporters/html.py)"
        )
    command = shlex.join(["strategikoll", "check", *map(str, args), "--format", "html"])
    return Page(problem=f"{command} -o {target}: exit {code}, expected {expected}\n{out}{err}")


def diff_page(target: Path) -> Page:
    """`strategikoll diff malmo goteborg --format html`; while the command line does not take
    that format, `diff_html.write_html` straight."""
    code, out, err = run_cli("diff", "malmo", "goteborg", "--format", "html", "-o", target)
    if code == 1 and target.is_file():
        return Page(html=target)
    if code != 2 or not unknown_format(err):
        command = f"strategikoll diff malmo goteborg --format html -o {target}"
        return Page(problem=f"{command}: exit {code}, expected 1\n{out}{err}")
    if importlib.util.find_spec("strategikoll.diff_html") is None:
        return Page(
            missing="the HTML report of `diff` is not there yet: no src/strategikoll/diff_html.py, "
            "and `strategikoll diff --format html` is not wired"
        )
    from strategikoll import diff_html
    from strategikoll.diff import compare
    from strategikoll.strategies import resolve

    result = compare(resolve("malmo")[0], resolve("goteborg")[0])
    with target.open("w", encoding="utf-8") as stream:
        diff_html.write_html(result, stream)
    return Page(html=target, notes=["made by diff_html.write_html: the command line lacks it"])


def attempt(make: Callable[..., Page], *args: Any, **kwargs: Any) -> Page:
    """A page, or what went wrong making it: that fails its own test, not every other."""
    try:
        return make(*args, **kwargs)
    except Exception:  # noqa: BLE001
        return Page(problem=f"making the page raised:\n{traceback.format_exc()}")


QUICK = ("--no-pdf", "--no-screenshots")
"""Harness options for a page that is opened and checked, but neither printed nor photographed."""


def make_pages(command: list[str], made: Path) -> dict[str, Page]:
    """Make every page, and open them all in one run of the harness."""
    hostile = made / "hostile.yaml"
    hostile.write_text(HOSTILE, encoding="utf-8")
    (made / "good.html").write_text(GOOD_PAGE, encoding="utf-8")
    (made / "bad.html").write_text(BAD_PAGE, encoding="utf-8")
    found = {
        "good": Page(html=made / "good.html"),
        "bad": Page(html=made / "bad.html"),
        "check": attempt(check_page, made / "check.html", AID, expected=1),
        "several": attempt(
            check_page, made / "several.html", EXAMPLES / "goteborg", "--city", "all", expected=1
        ),
        "diff": attempt(diff_page, made / "diff.html"),
        "hostile": attempt(check_page, made / "hostile.html", hostile, "--isolated", expected=1),
    }
    # What is printed and photographed (what the tests look at in a print and a picture), and
    # what need only be opened and checked.
    for names, options in (
        (("good", "check"), ()),
        (("bad", "diff", "hostile", "several"), QUICK),
    ):
        opened = [found[name] for name in names if found[name].html is not None]
        if opened:
            results = render(
                command, made / "rendered", [p.html for p in opened if p.html], *options
            )
            for page, result in zip(opened, results, strict=True):
                page.result = result
    return found


@pytest.fixture(scope="session")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Page]:
    """Every page but the longest, opened by one launch of the browser for the whole run.

    The tests are marked for one xdist group, but `--dist loadgroup` does not group on pytest 9.2
    (pytest-xdist 3.8 renames node ids that pytest no longer takes: pytest-xdist#1386), and the
    suite runs with `--dist load`, which usually sends them all to one worker but need not. So the
    first worker to get here makes the pages under a lock, in the folder all workers share, and
    any other reads what it found."""
    command = harness_command()
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above each worker's own
    found = shared / "browser-pages.json"
    with (shared / "browser-pages.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if found.is_file():
            stored = json.loads(found.read_text("utf-8"))
            return {name: Page.load(page) for name, page in stored.items()}
        made = shared / "browser-pages"
        made.mkdir(exist_ok=True)  # a worker before this one may have failed here
        result = make_pages(command, made)
        stored = {name: page.dump() for name, page in result.items()}
        found.write_text(json.dumps(stored), encoding="utf-8")
        return result


@pytest.fixture
def opened(pages: dict[str, Page]) -> Callable[[str], dict[str, Any]]:
    return lambda name: pages[name].opened()


# --- The harness sees what it should ----------------------------------------------------------


def test_the_harness_finds_nothing_wrong_in_a_plain_page(opened):
    result = opened("good")
    assert_clean(result)
    assert [r["resourceType"] for r in result["requests"]] == ["document"]
    assert result["title"] == "Prov"
    assert "UNDERKÄND" in result["text"]
    assert result["pdf_pages"] == 1
    (table,) = result["tables"]
    assert table["headers"] == ["Fil", "Bedömning"]
    assert table["rows"] == 1
    assert not table["wider_than_window"]
    assert Path(result["screenshot"]).read_bytes().startswith(b"\x89PNG")
    assert Path(result["pdf"]).read_bytes().startswith(b"%PDF")


def test_the_harness_finds_everything_wrong_in_a_bad_page(opened):
    result = opened("bad")
    foreign = {r["url"] for r in result["foreign_requests"]}
    assert "https://example.invalid/pixel.png" in foreign  # asked for, and aborted
    assert any(url.endswith("/x") for url in foreign)  # a relative file beside it counts too
    assert "boom" in [m["text"] for m in result["console_errors"]]
    assert result["page_errors"] == ["kaboom"]
    assert {"type": "alert", "message": "1"} in result["dialogs"]
    found = {v["id"]: v["impact"] for v in result["axe"]["violations"]}
    assert found["image-alt"] == "critical"
    assert found["html-has-lang"] == "serious"
    assert found["color-contrast"] == "serious"
    assert result["lang"] is None
    assert words(result["main_text"]) == "med skript"
    assert words(result["nojs"]["main_text"]) == "utan skript"


# --- The reports ------------------------------------------------------------------------------


def test_a_failing_proposal_reads_in_the_browser_and_prints_on_one_or_two_pages(opened):
    result = opened("check")
    assert_clean(result)
    assert 1 <= result["pdf_pages"] <= 2
    for text in (result["text"], result["print_text"]):
        shown = words(text)
        for expected in (AID_TITLE, "UNDERKÄND", AID_REQUIREMENT, AID_QUOTE):
            assert expected in shown


def test_every_file_and_the_matrix_of_every_city_read_in_the_browser(tmp_path):
    # The longest report (256 judgements) is opened by a launch of its own, so that the other
    # browser tests need not wait for it, and neither printed (some 400 pages) nor photographed.
    # axe-core checks it all but the colour contrast, which costs two thirds of its 10 s there:
    # the same styles, the matrix's included, are checked for contrast in the report of one
    # city's files with every strategy (`test_a_matrix_of_several_files_…`).
    command = harness_command()
    page = check_page(tmp_path / "all.html", EXAMPLES, "--city", "all", expected=1)
    if page.missing:
        pytest.skip(page.missing)
    assert page.html is not None, page.problem
    options = (*QUICK, "--axe-skip", "color-contrast")
    (result,) = render(command, tmp_path / "rendered", [page.html], *options)
    assert_clean(result)
    code, out, err = run_cli("check", EXAMPLES, "--city", "all", "--format", "json")
    assert code == 1, err
    judged = json.loads(out)["results"]
    shown = words(result["text"])
    missing = {r["title"] for r in judged if words(r["title"]) not in shown}
    assert not missing, f"titles not shown: {sorted(missing)}"
    # the matrix: one table naming every strategy, a row for each file
    strategies = {r["strategy"] for r in judged}
    files = {r["file"] for r in judged}
    matrices = [
        table
        for table in result["tables"]
        if all(any(s in header for header in table["headers"]) for s in strategies)
    ]
    assert matrices, f"no table names every strategy in its head: {result['tables']}"
    assert matrices[0]["rows"] >= len(files)


def test_a_matrix_of_several_files_and_every_strategy_passes_every_check(opened):
    result = opened("several")
    assert_clean(result)  # colour contrast of the matrix's cells included
    assert any(len(table["headers"]) >= 5 for table in result["tables"])


def test_the_diff_reads_summary_first_in_the_browser(opened):
    result = opened("diff")
    assert_clean(result)
    from strategikoll.diff import compare
    from strategikoll.diff_report import in_reading_order, summary_lines
    from strategikoll.strategies import resolve

    diff = compare(resolve("malmo")[0], resolve("goteborg")[0])
    shown = words(result["text"])
    summary = shown.find(words(summary_lines(diff)[0]))
    assert summary >= 0, "the summary is not shown"
    first = in_reading_order(diff)[0]
    principle = (first.a or first.b)[0].id  # named in the topic, not in the summary
    assert shown.find(principle) > summary, "the first topic comes before the summary"


def test_a_hostile_title_and_description_are_shown_not_run(opened, pages):
    result = opened("hostile")
    assert result["dialogs"] == []
    assert result["foreign_requests"] == []
    assert result["nojs"]["foreign_requests"] == []
    assert result["page_errors"] == []
    assert HOSTILE_TITLE in result["text"]  # shown as text, not dropped
    page = pages["hostile"].html
    assert page is not None
    written = page.read_text(encoding="utf-8")
    assert HOSTILE_TITLE not in written
    assert HOSTILE_DESCRIPTION not in written


# --- What sets the harness up -----------------------------------------------------------------


def test_the_harness_packages_are_pinned_and_locked():
    manifest = json.loads((HARNESS / "package.json").read_text("utf-8"))
    lock = json.loads((HARNESS / "package-lock.json").read_text("utf-8"))
    wanted = manifest["dependencies"]
    assert set(wanted) == {"puppeteer-core", "axe-core"}
    for name, version in wanted.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name}@{version} is not pinned"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version
    assert lock["packages"][""]["dependencies"] == wanted
    # puppeteer (not -core) would download a browser of its own, which cannot be had here
    assert "node_modules/puppeteer" not in lock["packages"]


def test_ci_run_is_shellcheck_clean():
    found = Path(sys.executable).parent / "shellcheck"
    shellcheck = str(found) if found.exists() else shutil.which("shellcheck")
    if shellcheck is None:
        reason = "shellcheck is not installed: it comes with the test extra (pip install '.[test]')"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, but {reason}")
        pytest.skip(reason)
    done = subprocess.run(
        [shellcheck, str(ROOT / ".ci" / "run")], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_shows_a_screenshot_of_each_report():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("check-report", "check-all-report", "diff-report"):
        picture = ROOT / "docs" / "img" / f"{name}.png"
        assert f"](docs/img/{name}.png)" in readme
        head = picture.read_bytes()[:24]
        assert head.startswith(b"\x89PNG\r\n\x1a\n")
        assert int.from_bytes(head[16:20], "big") == 1280  # the width the harness takes
