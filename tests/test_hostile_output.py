"""Hostile output: what a proposal, a file name, a settings file or a strategy says is shown in
every format of `check`, never acted on by whatever reads it.

Each attack is a file of `tests/hostile/output/`: proposals, settings files and strategies, and a
list of file names that are given to a proposal at run time. Every one is checked through the
command line in every format, and the output is held to what the place it goes to would act on:

- text and github output, and stderr (a terminal, a CI log): no control character but the line
  feed, no C1 control, bidi control or line separator; no line that GitHub's runner reads as a
  workflow command, but for the github format's own annotations, which must parse as the runner
  parses them into the properties they are meant to have;
- markdown output and the GitHub job summary, rendered by a CommonMark renderer (markdown-it-py)
  and cut into table cells as GitHub's renderer (cmark-gfm) cuts them: no raw HTML, no link or
  image, no heading, quote or code block of the attacker's, no mention or bare link in the text;
- junit: XML that parses; json and sarif: valid UTF-8 JSON that parses.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import string
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from strategikoll.formats import FORMATS
from strategikoll.html_page import CONTENT_POLICY

CORPUS = Path(__file__).parent / "hostile" / "output"
PROPOSALS = sorted((CORPUS / "proposals").glob("*.yaml"))
SETTINGS = sorted((CORPUS / "settings").iterdir())
STRATEGIES = sorted((CORPUS / "strategies").glob("*.yaml"))
FILE_NAMES: dict[str, str] = yaml.safe_load(
    (CORPUS / "file-names.yaml").read_text(encoding="utf-8")
)
CHECK_FORMATS = tuple(FORMATS["check"])
STRATEGIKOLL = Path(sys.executable).with_name("strategikoll")

FAILING = "title: Vänort\nkind: twin_town_agreement\ncity: stockholm\n"
"""A proposal that fails (exit 1), with findings in every format."""
INVALID = "title: Vänort\nkind: vänort\nokänt: 1\n"
"""A proposal that is not valid (exit 2), its problems located in its file."""
WAIVED = f"""{FAILING}waivers:
  - principle: sthlm16.no-twin-towns
    reason: Kommunfullmäktige beslutade om ett vänortsavtal inför jubileet.
    decided_by: kommunfullmäktige
    reference: KS 2025/123
    expires: 2999-12-31
"""
"""A proposal with a waived finding and open ones."""

# What acts on a terminal or a log: C0 controls but LF, DEL, C1 controls, line and paragraph
# separators, bidi embeddings, overrides and isolates, non-characters and lone surrogates.
ACTED_ON = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
# GitHub's runner trims blanks before `::`, and compares as .NET does, which may skip characters
# that show nothing (a soft hyphen, zero-width spaces and joiners, a BOM).
SKIPPED = "\u00ad\u200b-\u200f\u2060-\u2064\ufeff"
COMMAND_START = re.compile(f"^[\\s{SKIPPED}]*:[{SKIPPED}]*:")
LEGACY_COMMAND = re.compile(f"#[{SKIPPED}]*#")  # `##[…]`, `##vso[…]`: found anywhere in a line
OWN_COMMANDS = ("error", "warning", "notice")
OWN_PROPERTIES = {"file", "line", "col", "title"}

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
NOT_OURS = {"html_block", "html_inline", "link_open", "image", "fence", "code_block", "hr"}
OUR_HEADINGS = {"h2", "h4"}
# What GitHub turns into a mention or a link in rendered text (code spans aside).
MENTION = re.compile(r"(?:^|[^A-Za-z0-9_`])@[A-Za-z0-9]")
LINK = re.compile(r"://|www\.|[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\.[A-Za-z0-9]", re.IGNORECASE)
TABLE_CELLS = 5


@dataclass
class Output:
    """What one run of `check` wrote: standard output, standard error, the job summary."""

    exit_code: int
    stdout: str
    stderr: str
    summary: str


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository to run in, with no settings but those a test puts there."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    monkeypatch.chdir(root)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return root


@pytest.fixture
def check(cli, repo: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Output]:
    """`strategikoll check ARGS… --format FORMAT`; for github with a job summary to write."""

    def run(output_format: str | None, *args: str) -> Output:
        summary = repo.parent / "summary.md"
        summary.unlink(missing_ok=True)
        if output_format == "github":
            monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
        formats = ("--format", output_format) if output_format else ()
        done = cli("check", *args, *formats)
        monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
        written = summary.read_text(encoding="utf-8") if summary.exists() else ""
        assert "Traceback" not in done.stderr
        return Output(done.exit_code, done.stdout, done.stderr, written)

    return run


# What each place may receive.


def assert_log(text: str, *, own_commands: bool = False) -> None:
    """Text for a terminal or a CI log: nothing in it acts on either."""
    assert not ACTED_ON.search(text), ACTED_ON.findall(text)
    for line in text.split("\n"):
        if own_commands and line.startswith("::"):
            assert_own_command(line)
            continue
        assert not COMMAND_START.match(line), line
        assert not LEGACY_COMMAND.search(line), line


def assert_own_command(line: str) -> None:
    """An annotation of the github format, parsed as GitHub's runner parses a command: one of
    ours, with only the properties it is meant to have, each escaped."""
    end = line.find("::", 2)
    assert end > 0, line
    name, _, properties = line[2:end].partition(" ")
    assert name in OWN_COMMANDS, line
    pairs = [item.split("=", 1) for item in properties.split(",") if item]
    keys = [pair[0] for pair in pairs]
    assert len(keys) == len(set(keys)) and set(keys) <= OWN_PROPERTIES, line
    for key, value in pairs:
        assert key not in ("line", "col") or value.isdigit(), line


def assert_markdown(text: str, *, quotes: int = 0) -> None:
    """Markdown for a pull-request comment or a job summary: rendered, nothing of the attacker's
    becomes markup, HTML, a link or a mention, and every table row keeps its cells. There are as
    many block quotes as we wrote (a SARIF rule's help quotes its source)."""
    assert not ACTED_ON.search(text), ACTED_ON.findall(text)
    cells = []
    found = list(tokens(MARKDOWN.parse(text)))
    assert sum(token.type == "blockquote_open" for token in found) == quotes
    for token in found:
        assert token.type not in NOT_OURS, token
        assert token.type != "heading_open" or token.tag in OUR_HEADINGS, token
        if token.type == "inline":
            shown = rendered_text(token)
            assert not MENTION.search(shown), shown
            assert not LINK.search(shown), shown
        if token.type == "tr_open":
            cells.append(0)
        if token.type in ("th_open", "td_open"):
            cells[-1] += 1
    assert set(cells) <= {TABLE_CELLS}, cells
    for line in text.split("\n"):
        if line.startswith("|"):
            assert len(gfm_cells(line)) == TABLE_CELLS, line


def tokens(found: list[Token]) -> Iterator[Token]:
    for token in found:
        yield token
        yield from tokens(token.children or [])


def rendered_text(inline: Token) -> str:
    """The text a reader sees of an inline token, code spans left out: where GitHub looks for
    mentions and links."""
    return "".join(
        child.content if child.type in ("text", "text_special") else " "
        for child in inline.children or []
    )


def gfm_cells(row: str) -> list[str]:
    """The cells of a table row as cmark-gfm cuts them: at each `|` that a backslash does not
    escape, a backslash escaping the backslash after it."""
    body = row.strip().removeprefix("|")
    cells, cell, index = [], "", 0
    while index < len(body):
        if body[index] == "\\" and body[index + 1 : index + 2] in tuple(string.punctuation):
            cell, index = cell + body[index : index + 2], index + 2
        elif body[index] == "|":
            cells, cell, index = [*cells, cell], "", index + 1
        else:
            cell, index = cell + body[index], index + 1
    return [*cells, cell] if cell.strip() else cells


def assert_json(text: str) -> None:
    """A JSON document: valid UTF-8, nothing raw in it that a terminal would act on."""
    text.encode("utf-8")  # no lone surrogate
    assert not ACTED_ON.search(text.replace("\n", "")), ACTED_ON.findall(text)
    json.loads(text)


def assert_xml(text: str) -> None:
    """An XML document that parses, nothing raw in it that a terminal would act on."""
    assert not ACTED_ON.search(text), ACTED_ON.findall(text)
    ET.fromstring(text.encode("utf-8"))


def check_text(output: Output) -> None:
    assert_log(output.stdout)


def check_github(output: Output) -> None:
    assert_log(output.stdout, own_commands=True)
    assert output.summary
    assert_markdown(output.summary)


def check_markdown(output: Output) -> None:
    assert_markdown(output.stdout)


def check_junit(output: Output) -> None:
    assert_xml(output.stdout)


def check_json(output: Output) -> None:
    assert_json(output.stdout)


def check_sarif(output: Output) -> None:
    assert_json(output.stdout)
    for run in json.loads(output.stdout)["runs"]:
        for rule in run["tool"]["driver"]["rules"]:
            quoted = rule["help"]["markdown"].startswith(">")
            assert_markdown(rule["help"]["markdown"], quotes=int(quoted))


class _Elements(HTMLParser):
    """Every element of an HTML page with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def check_html(output: Output) -> None:
    """Nothing from a proposal is live in the page: no element that runs or loads anything, no
    event handler, no link out of the page, no script of any file."""
    parser = _Elements()
    parser.feed(output.stdout)
    for tag, attrs in parser.found:
        assert tag not in {"img", "svg", "iframe", "object", "embed", "link", "base", "form"}, tag
        assert not (tag == "script" and "src" in attrs), attrs
        if tag == "meta" and "http-equiv" in attrs:  # only the page's own policy, as written
            assert attrs == {"http-equiv": "Content-Security-Policy", "content": CONTENT_POLICY}
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        for name in ("href", "src", "action", "formaction"):
            value = attrs.get(name)
            assert value is None or value.startswith("#"), (tag, name, value)
    assert output.stdout.count("<script") <= 1  # at most the page's own few lines


CHECKS: dict[str, Callable[[Output], None]] = {
    "text": check_text,
    "json": check_json,
    "sarif": check_sarif,
    "junit": check_junit,
    "github": check_github,
    "markdown": check_markdown,
    "html": check_html,
}


def assert_safe(output_format: str, output: Output) -> None:
    """The output of `output_format` fit for where it goes (a run refused before any report has
    none); stderr fit for a log."""
    if output.stdout or output.exit_code != 2:
        CHECKS[output_format](output)
    assert_log(output.stderr)


def test_every_format_is_held_to_what_its_reader_acts_on():
    assert set(CHECKS) == set(CHECK_FORMATS)


# The attacks.


@pytest.mark.parametrize("output_format", CHECK_FORMATS)
@pytest.mark.parametrize("proposal", PROPOSALS, ids=lambda path: path.stem)
def test_a_hostile_proposal_is_shown_not_acted_on(check, repo, proposal, output_format):
    shutil.copy(proposal, repo)
    output = check(output_format, proposal.name)
    assert output.exit_code in (0, 1, 2)
    assert_safe(output_format, output)


@pytest.mark.parametrize("output_format", CHECK_FORMATS)
@pytest.mark.parametrize("stem", FILE_NAMES.values(), ids=list(FILE_NAMES))
def test_a_hostile_file_name_is_shown_not_acted_on(check, repo, stem, output_format):
    (repo / f"{stem}.yaml").write_text(WAIVED, encoding="utf-8")
    (repo / f"{stem}-fel.yaml").write_text(INVALID, encoding="utf-8")
    city = "all" if output_format == "text" else "stockholm"  # all: the text's overview table
    output = check(output_format, f"{stem}.yaml", f"{stem}-fel.yaml", "--city", city)
    assert output.exit_code == 2
    assert_safe(output_format, output)


@pytest.mark.parametrize("output_format", CHECK_FORMATS)
@pytest.mark.parametrize("strategy", STRATEGIES, ids=lambda path: path.stem)
def test_a_hostile_strategy_is_shown_not_acted_on(check, repo, strategy, output_format):
    (repo / "p.yaml").write_text("title: Medlemskap\nkind: membership\n", encoding="utf-8")
    shutil.copy(strategy, repo / "own.yaml")
    output = check(output_format, "p.yaml", "--strategy", "own.yaml")
    assert output.exit_code in (1, 2)
    assert_safe(output_format, output)


@pytest.mark.parametrize("settings", SETTINGS, ids=lambda path: path.name)
def test_hostile_settings_are_shown_not_acted_on(check, repo, settings):
    """Each settings file is refused, on stderr, by one of these runs (a format from the
    settings, a city, paths); a run it does not stop reports as ever."""
    (repo / "p.yaml").write_text(FAILING, encoding="utf-8")
    name = "pyproject.toml" if settings.suffix == ".toml" else ".strategikoll.yaml"
    shutil.copy(settings, repo / name)
    refused = False
    for output_format, args in ((None, ["p.yaml"]), ("github", ["p.yaml"]), ("github", [])):
        output = check(output_format, *args)
        if output.exit_code == 2:
            refused = refused or output.stderr.startswith("strategikoll: ")
            assert output.stdout == ""
            assert_log(output.stderr)
        else:
            assert_safe(output_format or "text", output)
    assert refused


# Shown, not dropped: what an attack wrote is still there to read.

SHOWN = [
    ("waiver-terminal-escapes", "text", r"Beslutat.\x1b[2J\x1b[H\x1b[32m✓ GODKÄND"),
    ("waiver-terminal-escapes", "text", r"\x1b]52;c;Y3Vyb"),
    ("waiver-terminal-escapes", "github", r"KS 2025/123\x1b[1A\x1b[2K\x9b2J\x7f"),
    ("waiver-workflow-commands", "text", r"Beslutat.\n::error file=README.md,line=1::"),
    ("waiver-workflow-commands", "text", r"\x23#[error]äldre form"),
    ("waiver-workflow-commands", "github", r"hemlighet\r::warning::efter CR"),
    ("waiver-line-separators", "junit", r"Beslutat.\u2028::error::efter LS\u2029"),
    ("waiver-bidi", "text", r"KS 2025/\u202e321\u202c"),
    ("waiver-bidi", "sarif", r"KS 2025/\\u202e321\\u202c"),
    ("excerpt-raw-controls", "text", r"    \x3a:stop-commands::x \x1b[2J\x1b]0;t\x07 \u202e"),
    ("markdown-breakout", "markdown", r"&lt;h1&gt;GODKÄND&lt;/h1&gt;"),
    ("markdown-breakout", "markdown", "@&#8203;someone @&#8203;org/team"),
    ("markdown-breakout", "markdown", "https:&#8203;//evil.example"),
]


@pytest.mark.parametrize(("proposal", "output_format", "shown"), SHOWN)
def test_what_an_attack_wrote_is_shown(check, repo, proposal, output_format, shown):
    shutil.copy(CORPUS / "proposals" / f"{proposal}.yaml", repo)
    assert shown in check(output_format, f"{proposal}.yaml").stdout


def test_the_caret_stays_under_the_character_it_points_at(check, repo):
    shutil.copy(CORPUS / "proposals" / "excerpt-raw-controls.yaml", repo)
    lines = check("text", "excerpt-raw-controls.yaml").stdout.splitlines()
    excerpt, caret = lines[2:4]
    assert excerpt[caret.index("^") :].startswith(r"\x1b[2J")  # the ESC the reader refused


@pytest.mark.parametrize("proposal", PROPOSALS, ids=lambda path: path.stem)
def test_text_on_a_terminal_shows_escapes_too(check, repo, monkeypatch, proposal):
    """Printed by rich in colour: its own escape sequences are the only ones there."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    shutil.copy(proposal, repo)
    output = check("text", proposal.name)
    assert "\x1b[" in output.stdout  # coloured
    assert_log(re.sub(r"\x1b\[[0-9;]*m", "", output.stdout))


# A file name that is not UTF-8.

NOT_UTF8 = b"\xff\xfe.yaml"


@pytest.fixture
def not_utf8(repo: Path) -> Path:
    """A failing proposal in a file whose name's bytes are not UTF-8 (Linux takes any bytes)."""
    path = Path(os.fsdecode(os.fsencode(repo) + b"/" + NOT_UTF8))
    path.write_text(FAILING, encoding="utf-8")
    return path


@pytest.mark.parametrize("output_format", CHECK_FORMATS)
def test_a_file_name_not_utf8_is_shown_and_read(check, not_utf8, output_format):
    output = check(output_format, ".")
    assert output.exit_code == 1  # the verdict: the file was read, by its real name
    assert_safe(output_format, output)
    shown = r"%5Cxff%5Cxfe.yaml" if output_format == "sarif" else r"\xff\xfe.yaml"
    assert shown in output.stdout.replace("\\\\", "\\")


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_a_file_name_not_utf8_keeps_a_written_report_utf8(check, repo, not_utf8, output_format):
    output = check(output_format, ".", "--output", "../report.json")
    assert output.exit_code == 1
    json.loads((repo.parent / "report.json").read_bytes().decode("utf-8"))


def test_a_file_name_not_utf8_on_an_ascii_stream(repo, not_utf8):
    """Standard output and error that can only encode ASCII, strictly: escapes, not a traceback,
    in every format. (The runs go side by side: each is a process of its own.)"""
    env = {
        **os.environ,
        "PYTHONIOENCODING": "ascii:strict",
        "GITHUB_STEP_SUMMARY": str(repo.parent / "summary.md"),
    }
    runs = {
        output_format: subprocess.Popen(
            [STRATEGIKOLL, "check", ".", "--format", output_format],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for output_format in CHECK_FORMATS
    }
    for output_format, run in runs.items():
        stdout, stderr = run.communicate(timeout=60)
        assert run.returncode == 1, (output_format, stderr.decode("ascii", "replace"))
        assert b"Traceback" not in stderr, output_format
        assert stdout.isascii(), output_format
        assert_log(stderr.decode("ascii"))
