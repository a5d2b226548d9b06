"""Attack the gate as a whole repository: hostile trees, hostile settings, every command line.

    python tools/fuzz_tree.py [--iterations 1000] [--seed 1] [--jobs 2] [--findings DIR]
    python tools/fuzz_tree.py --replay DIR [DIR ...]

`tools/fuzz.py` mutates one proposal and calls the library. This script works from the outside,
the way a pull request meets the gate in CI: each iteration builds a scratch repository in a
temporary folder and runs the installed `strategikoll check` on it as a subprocess, a few times,
with random command lines. Everything in the repository is hostile; what lies beside it is not.

What a tree holds (each a random choice):

- a `.git` folder (now and then a `.git` file, as a worktree has) and `proposals/`, with proposals
  copied from `examples/` and mutated by structure: values replaced by terminal escapes (OSC 0 and
  52), CR/LF followed by workflow commands (`::error`, `::stop-commands::`, `::add-mask::`), bidi
  controls, U+2028, NUL, HTML, backtick runs, mentions, links, `]]>`, numbers such as 1e308,
  -0.0 and .nan, deep nesting, long lists, alias bombs, `city: stockholm@2008`, waivers with
  unknown principles and hostile fields; and by bytes (raw controls, other encodings, BOM, CRLF);
- settings in `.strategikoll.yaml` and/or `pyproject.toml` with random keys: paths and strategies
  that lead outside (absolute paths, `../`, the secret, `/etc/passwd`), `paths: [/]`, huge `jobs`
  and `max_size`, bad `lang` and `format`, unknown keys, wrong types, broken files;
- strategy files: the bundled ones and small ones of its own, mutated (`extends:` outside, at the
  secret, in cycles and long chains; conditions on fields of the wrong type; broken YAML; hostile
  names, titles, messages and quotes, which reach every output format);
- symbolic links to the secret, to `/`, to `..`, to folders outside, to `/etc/passwd`, to
  `/proc/self/environ` and `/dev/zero`, dangling links and loops, links named `*.yaml` (the
  settings files and the `proposals` folder itself among them), and a named pipe;
- file and folder names that are not UTF-8 or hold backticks, newlines, escapes or `::error`.

Beside the repository lie a secret file, a folder with a proposal, a strategy and a settings file
that all hold the same unique marker (`AKIA…`), a trusted settings file and waiver register,
`$HOME`, `$TMPDIR` and `$GITHUB_STEP_SUMMARY`; the marker is also in the environment.

Each command is `check` with random paths (`.`, `proposals`, named files, links, `-` with a
proposal on stdin), `--format`, `--city`, `--isolated` or `--config`, `--output` at a new file,
at an input, at the settings, at a strategy or through a link, `--force`, `--waivers`, `--lang`
and more, sometimes under `PYTHONIOENCODING=ascii:strict` or `FORCE_COLOR=1`, sometimes from
`proposals/` and sometimes killed and run again. What is checked after each command:

1. crashes: no traceback, no "internal error", an exit status of 0, 1 or 2, no timeout, no
   process of the run left behind;
2. leaks: the marker, and lines of `/etc/passwd` or `/etc/shadow`, appear nowhere in stdout,
   stderr, the output file or the job summary;
3. escapes: no raw ESC, other C0 or C1 control, bidi control or U+2028/U+2029 in any output; no
   line of text output or stderr that a CI runner reads as a workflow command (`::`, `##[`);
   `--format github` lines are well-formed commands with escaped data; Markdown (the report, the
   job summary, SARIF's markdown) has no raw HTML, mention or link from the tree outside code;
4. invalid outputs: JSON and SARIF parse from strict UTF-8, JUnit parses as XML, text is valid
   in the stream's encoding, and the job summary keeps what was in it before;
5. modified inputs: no file or link changes (content, inode, mtime) but the `--output` target,
   and that only when it is not an input of the run and, if it existed, with `--force`;
6. leftovers: no `.tmp` file or `.strategikoll-` temporary or spool folder stays in the tree or
   in `$TMPDIR`, and a stale one of a dead run next to a written output is removed.

Every violation is saved once per kind under `--findings DIR`: the tree (reduced by removing
what the violation does not need), the command, and what was seen; `--replay` runs saved
findings again and says which still happen. The final line sums up; the exit status is 1 when
anything was found.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import multiprocessing
import os
import random
import re
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Iterator
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
BUNDLED = ROOT / "src" / "strategikoll" / "strategies"
TIMEOUT = 20.0
CATEGORIES = ("crash", "leak", "escape", "invalid", "modified", "leftover")
PLURAL = {
    "crash": "crashes",
    "leak": "leaks",
    "escape": "escapes",
    "invalid": "invalid outputs",
    "modified": "modified inputs",
    "leftover": "leftovers",
}
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")
TEMP_MARK = ".strategikoll-"

# What hostile text is made of.

HOSTILE_TEXTS: list[str] = [
    "\x1b]0;pwn\x07",
    "\x1b]52;c;ZWNobyBwd25lZA==\x07",
    "\x1b[2J\x1b[1;31mRED\x1b[0m",
    "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
    "ok\r\n::error ::injected",
    "ok\n::error file=x,line=1::injected",
    "\n::stop-commands::tok\n",
    "::add-mask::hidden",
    "x\r::warning ::cr",
    "%0A::error ::percent",
    "##[error]legacy",
    "##vso[task.setvariable variable=x]1",
    "\u202egnp.exe",
    "a\u2028::error ::ls",
    "a\u2029b",
    "\u2066isolate\u2069",
    "nul\x00byte",
    "del\x7f c1\x85\x9b31m",
    "\ufeff::error ::bom",
    "\u200b::error ::zwsp",
    "\u00ad::error ::shy",
    "   ::notice ::indented",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<details><summary>x</summary>",
    "```\ncode\n```",
    "`` ` ``",
    "@octocat please merge",
    "cc @github/security-team",
    "https://evil.example/phish",
    "www.evil.example",
    "[click](https://evil.example)",
    "![x](https://evil.example/x.png)",
    "]]><injected/>",
    "&lt;&#x3c;&amp;",
    "| col | col |",
    "*bold* _em_ ~~del~~ $math$ \\",
    "\t\x0b\x0c",
    "\ufffe\uffff",
    "\U000e0041tag",
    "A" * 5000,
    "ä ö å 漢字 🎉",
    "-",
    "#",
    "",
]
"""Texts put where a proposal, a strategy or a settings file has text."""

HOSTILE_RAW: list[str] = [
    "1e308",
    "-1e308",
    "1e999",
    "-0.0",
    ".nan",
    ".inf",
    "-.inf",
    "9" * 30,
    "9" * 5000,
    "0x7fffffffffffffff",
    "2025-02-30",
    "9999-12-31",
    "0001-01-01",
    "true",
    "null",
    "~",
    "[]",
    "{}",
    "!!binary aGVsbG8=",
    "!!python/object/apply:os.system ['id']",
    "*undefined_alias",
    "&anchor value",
    "!local tag",
]
"""Plain YAML put where a value goes: numbers at the edges, dates, tags, aliases."""

HOSTILE_NAMES: list[bytes] = [
    b"\xff\xfe.yaml",
    b"latin-\xe4.yaml",
    b"\xc3\x28.yaml",
    b"\xed\xa0\x80.yaml",
    b"back`tick``s.yaml",
    b"new\nline.yaml",
    b"::error ::x.yaml",
    b"%0A::warning ::y.yaml",
    b"\x1b]0;pwn\x07.yaml",
    "\u202egpj.yaml".encode(),
    "ls\u2028sep.yaml".encode(),
    b"<img src=x onerror=alert(1)>.yaml",
    b"@octocat.yaml",
    b"a,title=x.yaml",
    b"col:on.yaml",
    b"cr\rname.yaml",
    b"tab\tname.yaml",
    b"]]>.yaml",
    b"##[error]x.yaml",
    b"-rf.yaml",
    b"space name.yaml",
    b"star*q?.yaml",
    b"[bracket].yaml",
    b"x" * 240 + b".yaml",
    b"UPPER.YAML",
    b"short.yml",
    b"https:__evil.example.yaml",
]
"""File names a tree may hold (no `/`, no NUL: the only bytes a name cannot have)."""

HOSTILE_DIRS: list[bytes] = [b"sub", b"a/b/c", b"\xff\xfedir", b"esc\x1b[31m", b"::error ::d"]

# Values and text: a small YAML and TOML writer that can put any character in a value.


@dataclasses.dataclass(frozen=True)
class Raw:
    """YAML written as it is, not as a value: `.nan`, an alias, a tag, a deep `[[[…]]]`."""

    text: str


def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar that holds exactly these characters."""
    out = ['"']
    for char in text:
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            out.append('\\"')
        elif char == "\x00":
            out.append("\\0")
        elif char.isprintable():
            out.append(char)
        else:
            code = ord(char)
            if code < 0x100:
                out.append(f"\\x{code:02x}")
            elif code < 0x10000:
                out.append(f"\\u{code:04x}")
            else:
                out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_PLAIN = re.compile(r"[A-Za-z_åäöÅÄÖ][\w .@-]*[\w.]\Z|[A-Za-z_]\Z")


def yaml_flow(node: Any, rng: random.Random | None = None) -> str:
    """A value in YAML's flow style, one line."""
    if isinstance(node, Raw):
        return node.text
    if isinstance(node, bool):
        return "true" if node else "false"
    if node is None:
        return "null"
    if isinstance(node, int):
        return str(node)
    if isinstance(node, float):
        if node != node:  # noqa: PLR0124 - NaN
            return ".nan"
        if node in (float("inf"), float("-inf")):
            return ".inf" if node > 0 else "-.inf"
        return repr(node)
    if isinstance(node, dt.date):
        return node.isoformat()
    if isinstance(node, str):
        plain = rng is not None and rng.random() < 0.5 and _PLAIN.match(node)
        if plain and node.lower() not in ("true", "false", "null", "yes", "no", "on", "off"):
            return node
        return yaml_string(node)
    if isinstance(node, list):
        return "[" + ", ".join(yaml_flow(item, rng) for item in node) + "]"
    if isinstance(node, dict):
        pairs = (f"{yaml_key(k)}: {yaml_flow(v, rng)}" for k, v in node.items())
        return "{" + ", ".join(pairs) + "}"
    return yaml_string(str(node))


def yaml_key(key: Any) -> str:
    """A mapping key: plain when it is a simple name, else quoted."""
    if isinstance(key, str) and re.fullmatch(r"[A-Za-z_][\w-]*", key):
        return key
    if isinstance(key, str):
        return yaml_string(key)
    return yaml_flow(key)


def yaml_document(node: Any, rng: random.Random) -> str:
    """A document: a top-level mapping in block style, deeper values in either style."""
    if not isinstance(node, dict):
        return yaml_flow(node, rng) + "\n"
    lines: list[str] = []
    _block(node, 0, lines, rng)
    return "\n".join(lines) + "\n"


def _block(node: dict[Any, Any], indent: int, lines: list[str], rng: random.Random) -> None:
    pad = " " * indent
    for key, value in node.items():
        if isinstance(value, dict) and value and indent < 4 and rng.random() < 0.5:
            lines.append(f"{pad}{yaml_key(key)}:")
            _block(value, indent + 2, lines, rng)
        elif isinstance(value, list) and value and indent < 4 and rng.random() < 0.3:
            lines.append(f"{pad}{yaml_key(key)}:")
            lines.extend(f"{pad}  - {yaml_flow(item, rng)}" for item in value)
        else:
            lines.append(f"{pad}{yaml_key(key)}: {yaml_flow(value, rng)}")


def toml_string(text: str) -> str:
    """A TOML basic string; what TOML cannot hold (a lone surrogate) becomes U+FFFD."""
    out = ['"']
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif 0xD800 <= code <= 0xDFFF:
            out.append("\\ufffd")
        elif char.isprintable():
            out.append(char)
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def toml_value(node: Any) -> str:
    """A TOML value; YAML-only things (Raw, None, dates) become strings."""
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, int):
        return str(node)
    if isinstance(node, float):
        if node != node:  # noqa: PLR0124 - NaN
            return "nan"
        return repr(node)
    if isinstance(node, list):
        return "[" + ", ".join(toml_value(item) for item in node) + "]"
    if isinstance(node, dict):
        pairs = (f"{toml_string(str(k))} = {toml_value(v)}" for k, v in node.items())
        return "{" + ", ".join(pairs) + "}"
    if isinstance(node, Raw):
        return toml_string(node.text)
    return toml_string("null" if node is None else str(node))


# What the project ships, read once per process.

_CACHE: dict[str, Any] = {}


def examples() -> list[dict[str, Any]]:
    """Every example proposal, loaded."""
    if "examples" not in _CACHE:
        loaded = []
        for path in sorted(EXAMPLES.rglob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, dict):
                loaded.append(data)
        _CACHE["examples"] = loaded
    result: list[dict[str, Any]] = _CACHE["examples"]
    return result


def bundled_strategies() -> list[dict[str, Any]]:
    """Every bundled strategy file, loaded."""
    if "strategies" not in _CACHE:
        found = [
            yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(BUNDLED.glob("*.yaml"))
        ]
        _CACHE["strategies"] = found
    result: list[dict[str, Any]] = _CACHE["strategies"]
    return result


def principle_ids() -> list[str]:
    """The ids of every bundled principle: what a waiver may name."""
    return [p["id"] for s in bundled_strategies() for p in s.get("principles", [])]


def deep(node: Any) -> Any:
    """A copy of a loaded YAML tree."""
    if isinstance(node, dict):
        return {k: deep(v) for k, v in node.items()}
    if isinstance(node, list):
        return [deep(v) for v in node]
    return node


# The scene: a scratch folder with the repository and what lies beside it.


@dataclasses.dataclass
class Scene:
    """Where one tree lives. `base` holds the repository (`repo/`), the secret and the other
    things outside it; every path below is derived from `base`, so a scene can be copied."""

    base: Path
    marker: str
    planted: list[str] = dataclasses.field(default_factory=list)
    """Stale temporary files of a dead run put next to an output, base-relative."""

    @property
    def repo(self) -> Path:
        """The repository the gate checks."""
        return self.base / "repo"

    @property
    def secret(self) -> Path:
        """A file outside the repository that holds the marker."""
        return self.base / "secret.txt"

    @property
    def outside(self) -> Path:
        """A folder outside the repository with a proposal and a strategy holding the marker."""
        return self.base / "outside"

    @property
    def tmp(self) -> Path:
        """`$TMPDIR` of the run."""
        return self.base / "tmp"

    @property
    def summary(self) -> Path:
        """`$GITHUB_STEP_SUMMARY`."""
        return self.base / "summary.md"


SUMMARY_BEFORE = "## an earlier step\n\nwhat it said\n"


@dataclasses.dataclass
class Tree:
    """What was put in a scene, for the commands to choose from (repo-relative paths)."""

    scene: Scene
    proposals: list[str] = dataclasses.field(default_factory=list)
    links: list[str] = dataclasses.field(default_factory=list)
    strategies: list[str] = dataclasses.field(default_factory=list)
    configs: list[str] = dataclasses.field(default_factory=list)
    folders: list[str] = dataclasses.field(default_factory=list)
    """Folders of proposals."""


def new_marker(rng: random.Random) -> str:
    """A unique string that must never reach an output."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    return "AKIA" + "".join(rng.choice(alphabet) for _ in range(16))


def small_strategy(
    rng: random.Random, city: str, extends: Any, text: Callable[[], Any]
) -> dict[str, Any]:
    """A strategy of the tree's own: one principle that always fails, so its texts are shown."""
    principle = {
        "id": rng.choice(["own.always", "own.x", "own.y", "own.z", text()]),
        "title": {"sv": text(), "en": text()},
        "topic": "regional_cooperation",
        "kinds": "all",
        "modal": "ska",
        "severity": "fail",
        "condition": {"not": {"present": "title"}},
        "message": {"sv": text(), "en": text()},
        "citation": {"source": "003_0e4e3719d66b1344.txt", "section": text(), "quote": text()},
    }
    strategy: dict[str, Any] = {
        "city": city,
        "version": "2025",
        "name": {"sv": text(), "en": text()},
        "source": "003_0e4e3719d66b1344.txt",
    }
    if extends is not None:
        strategy["extends"] = extends
    strategy["principles"] = [principle]
    return strategy


def make_scene(rng: random.Random, base: Path) -> Scene:
    """The fixed part: the secret, the outside folder, the trusted files, $HOME, $TMPDIR."""
    scene = Scene(base, new_marker(rng))
    marker = scene.marker
    scene.repo.mkdir()
    scene.tmp.mkdir()
    (base / "home").mkdir()
    scene.secret.write_text(
        f"aws_access_key_id: {marker}\n{marker}_session: {marker}/k\n", encoding="utf-8"
    )
    scene.outside.mkdir()
    (scene.outside / "leak.yaml").write_text(
        f"title: {marker}\nkind: {marker}\ncity: stockholm\n{marker}: 1\n", encoding="utf-8"
    )
    leaked = small_strategy(rng, "leaked", "stockholm@2016", lambda: marker)
    leaked["principles"][0]["id"] = "leak.always"
    (scene.outside / "strategy.yaml").write_text(yaml_document(leaked, rng), encoding="utf-8")
    (scene.outside / ".strategikoll.yaml").write_text(f"city: {marker}\n", encoding="utf-8")
    (base / ".strategikoll.yaml").write_text(f"city: {marker}\n", encoding="utf-8")
    (base / "register.yaml").write_text(
        "waivers:\n  - principle: sthlm16.no-twin-towns\n    reference: KS 2025/123\n"
        "    decided_by: kommunfullmäktige\n    expires: 2030-12-31\n",
        encoding="utf-8",
    )
    scene.summary.write_text(SUMMARY_BEFORE, encoding="utf-8")
    return scene


class Builder:
    """Fills a scene's repository with random hostile content."""

    def __init__(self, rng: random.Random, scene: Scene) -> None:
        self.rng = rng
        self.scene = scene
        self.tree = Tree(scene)
        self.counter = 0

    # Values.

    def text(self) -> Any:
        """A hostile text, now and then a hostile non-text."""
        rng = self.rng
        if rng.random() < 0.85:
            text = rng.choice(HOSTILE_TEXTS)
            if rng.random() < 0.3:
                text = rng.choice(["Resa till Oslo ", "", "x"]) + text + rng.choice(HOSTILE_TEXTS)
            return text
        return Raw(rng.choice(HOSTILE_RAW))

    def value(self, depth: int = 0) -> Any:
        """Any hostile value: text, an edge number, a structure."""
        rng = self.rng
        choice = rng.random()
        if choice < 0.55:
            return rng.choice(HOSTILE_TEXTS)
        if choice < 0.8:
            return Raw(rng.choice(HOSTILE_RAW))
        if choice < 0.87:
            n = rng.choice([10, 63, 64, 65, 200, 3000])
            return Raw("[" * n + "]" * n)
        if choice < 0.92:
            n = rng.choice([100, 1000, 20_000, 120_000])
            return Raw("[" + ", ".join(["x"] * n) + "]")
        if depth < 3:
            return (
                {self.text_key(): self.value(depth + 1)}
                if rng.random() < 0.5
                else [self.value(depth + 1) for _ in range(rng.randint(0, 3))]
            )
        return None

    def text_key(self) -> str:
        """A key a proposal does not know, often hostile."""
        return self.rng.choice(
            ["titel", "budgett", "end-date", "ti\x1btle", "::error ::k", "\u202ekind", "waiver"]
            + [t for t in HOSTILE_TEXTS if t and len(t) < 200]
        )

    def waiver(self) -> dict[str, Any]:
        """A waiver, valid or not, with hostile fields."""
        rng = self.rng
        ids = principle_ids()
        return {
            "principle": rng.choice([*rng.sample(ids, 2), "sthlm16.no-twin-townz", self.text()]),
            "reason": self.text(),
            "decided_by": rng.choice(["kommunfullmäktige", "KS", "nämnd", self.text()]),
            "reference": rng.choice(["KS 2025/123", self.text()]),
            "expires": rng.choice([dt.date(2030, 1, 1), dt.date(2001, 1, 1), self.text()]),
        }

    # Proposals.

    def proposal(self) -> bytes:
        """An example proposal, mutated by structure and sometimes by bytes."""
        rng = self.rng
        data: Any = deep(rng.choice(examples()))
        for _ in range(rng.randint(1, 4)):
            data = self.mutate(data)
        text = yaml_document(data, rng)
        if rng.random() < 0.12:
            text += self.alias_bomb()
        if rng.random() < 0.08:
            text += f"title: {yaml_string(self.text_or_str())}\n"  # a duplicate key
        raw = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.25:
            raw = self.byte_mutant(raw)
        return raw

    def text_or_str(self) -> str:
        value = self.text()
        return value.text if isinstance(value, Raw) else value

    def mutate(self, data: Any) -> Any:
        """One structural change."""
        rng = self.rng
        if not isinstance(data, dict):
            return data
        choice = rng.random()
        if choice < 0.35:
            self.set_somewhere(data, self.value())
        elif choice < 0.45:
            data[self.text_key()] = self.value()
        elif choice < 0.55:
            data["city"] = rng.choice(
                [
                    *("stockholm@2008", "all", "ALL", "Stockholm", "göteborg", "malmö@2006"),
                    *("oslo", self.text(), Raw("[stockholm]"), Raw("null"), "stockholm@2016"),
                ]
            )
        elif choice < 0.7:
            data["waivers"] = [self.waiver() for _ in range(rng.randint(1, 3))]
            if rng.random() < 0.3:
                data["waivers"] = rng.choice([self.text(), Raw("{}"), [self.text()]])
        elif choice < 0.8:
            sources = [
                {"name": rng.choice(["Sida", "nämndens budget", self.text()]), "amount_sek": n}
                for n in rng.sample(
                    [Raw(r) for r in ("1e308", "-0.0", ".nan", ".inf", "9" * 400, "-1")]
                    + [0, 1, 10**30, 0.1],
                    k=2,
                )
            ]
            for source in sources:
                if rng.random() < 0.5:
                    source["external"] = rng.choice([True, False, self.text()])
            data["funding"] = {"sources": sources, "within_budget_frame": True}
        elif choice < 0.9:
            data[rng.choice(["themes", "stakeholders", "directions", "regional_partners"])] = (
                self.value()
            )
        elif choice < 0.95:
            return rng.choice([[data], self.text(), Raw("[]"), None])
        else:
            data.pop(rng.choice(list(data)), None)
        return data

    def set_somewhere(self, node: Any, value: Any) -> None:
        """Put `value` in place of a random value inside `node`."""
        rng = self.rng
        for _ in range(6):
            if isinstance(node, dict) and node:
                key = rng.choice(list(node))
                child = node[key]
                if isinstance(child, dict | list) and child and rng.random() < 0.6:
                    node = child
                    continue
                node[key] = value
                return
            if isinstance(node, list) and node:
                index = rng.randrange(len(node))
                if isinstance(node[index], dict | list) and rng.random() < 0.6:
                    node = node[index]
                    continue
                node[index] = value
                return
            return

    def alias_bomb(self) -> str:
        """Aliases that multiply: nine levels of ten."""
        lines = ["bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in range(1, self.rng.choice([3, 5, 9])):
            refs = ", ".join([f"*b{level - 1}"] * 10)
            lines.append(f"bomb{level}: &b{level} [{refs}]")
        return "\n".join(lines) + "\n"

    def byte_mutant(self, raw: bytes) -> bytes:
        """Raw controls, other encodings, a BOM, CRLF, truncation, several documents."""
        rng = self.rng
        choice = rng.random()
        if choice < 0.35:
            at = rng.randrange(len(raw) + 1)
            bad = rng.choice(
                [
                    *(b"\x1b]0;pwn\x07", b"\x1b[2J", b"\x00", b"\x85", b"\x9b", b"\x7f"),
                    *("\u202e".encode(), "\u2028".encode(), b"\r::error ::raw\r\n", b"\xff"),
                ]
            )
            return raw[:at] + bad + raw[at:]
        if choice < 0.5:
            text = raw.decode("utf-8", "replace")
            return text.encode(rng.choice(["latin-1", "utf-16", "utf-32", "cp1252"]), "replace")
        if choice < 0.6:
            return b"\xef\xbb\xbf" + raw
        if choice < 0.7:
            return raw.replace(b"\n", b"\r\n")
        if choice < 0.8:
            return raw[: rng.randrange(len(raw) + 1)]
        if choice < 0.9:
            return raw + b"---\n" + raw
        return raw.replace(b": ", b":\t", 1)

    # Files.

    def name(self, suffix: str = ".yaml") -> str:
        """A fresh plain name."""
        self.counter += 1
        return f"p{self.counter}{suffix}"

    def write(self, rel: str | bytes, data: bytes) -> str:
        """Write a repo-relative file (making its folders); its path as a str."""
        path = self.scene.repo / os.fsdecode(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return os.fsdecode(rel)

    def link(self, rel: str | bytes, target: str) -> str | None:
        """A symbolic link at a repo-relative path."""
        path = self.scene.repo / os.fsdecode(rel)
        path.parent.mkdir(parents=True, exist_ok=True)
        if os.path.lexists(path):
            return None
        path.symlink_to(target)
        return os.fsdecode(rel)

    def build(self) -> Tree:
        """Fill the repository."""
        rng, repo, tree = self.rng, self.scene.repo, self.tree
        if rng.random() < 0.9:
            (repo / ".git").mkdir()
            (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
        else:
            (repo / ".git").write_text("gitdir: ../elsewhere/.git\n", encoding="utf-8")
        proposals_link = rng.random() < 0.04
        if proposals_link:
            self.link("proposals", rng.choice(["../outside", str(self.scene.outside), "/"]))
        else:
            self.proposal_files()
            self.links()
        tree.folders.append("proposals")
        self.strategy_files()
        self.settings_files()
        return tree

    def proposal_files(self) -> None:
        rng, tree = self.rng, self.tree
        folders = ["proposals"] + [
            os.fsdecode(b"proposals/" + rng.choice(HOSTILE_DIRS)) for _ in range(rng.randint(0, 2))
        ]
        tree.folders.extend(folders[1:])
        for _ in range(rng.randint(1, 7)):
            folder = rng.choice(folders)
            tree.proposals.append(self.write(f"{folder}/{self.name()}", self.proposal()))
        for _ in range(rng.choice([0, 0, 1, 2, 3])):
            name = os.fsencode(rng.choice(folders)) + b"/" + rng.choice(HOSTILE_NAMES)
            tree.proposals.append(self.write(name, self.proposal()))
        if rng.random() < 0.07:  # enough files for a parallel run and its spool
            for _ in range(rng.randint(64, 90)):
                data = yaml_document(rng.choice(examples()), rng).encode()
                if rng.random() < 0.2:
                    data = self.proposal()
                self.write(f"proposals/many/{self.name()}", data)
            tree.folders.append("proposals/many")
        if rng.random() < 0.05:
            fifo = self.scene.repo / "proposals" / "pipe.yaml"
            os.mkfifo(fifo)
            tree.proposals.append("proposals/pipe.yaml")

    def links(self) -> None:
        rng, scene, tree = self.rng, self.scene, self.tree
        catalogue = [
            ("proposals/leak.yaml", "../../secret.txt"),
            ("proposals/abs-leak.yaml", str(scene.secret)),
            ("proposals/passwd.yaml", "/etc/passwd"),
            ("proposals/shadow.yml", "/etc/shadow"),
            ("proposals/environ.yaml", "/proc/self/environ"),
            ("proposals/zero.yaml", "/dev/zero"),
            ("proposals/root", "/"),
            ("proposals/up", ".."),
            ("proposals/upup", "../.."),
            ("proposals/dangling.yaml", "nowhere.yaml"),
            ("proposals/loop1.yaml", "loop2.yaml"),
            ("proposals/loop2.yaml", "loop1.yaml"),
            ("proposals/self.yaml", "self.yaml"),
            ("proposals/outdir", "../../outside"),
            ("proposals/outdir-abs", str(scene.outside)),
            ("proposals/outleak.yaml", "../../outside/leak.yaml"),
            ("proposals/sub/loop", ".."),
            ("proposals/inside.yaml", os.path.relpath(tree.proposals[0], "proposals")),
            ("proposals/\xff-link.yaml", "../../secret.txt"),
            ("out-link.json", "../secret.txt"),
            ("strategies/link-out.yaml", "../../outside/strategy.yaml"),
            ("strategies/secret.yaml", "../../secret.txt"),
        ]
        chosen = rng.sample(catalogue, k=min(len(catalogue), rng.choice([0, 1, 2, 3, 5, 8])))
        if rng.random() < 0.06:  # the settings themselves a link out of the repository
            target = rng.choice(["../secret.txt", "../outside/.strategikoll.yaml", "/etc/passwd"])
            chosen.append((rng.choice([".strategikoll.yaml", "pyproject.toml"]), target))
        for rel, target in chosen:
            made = self.link(os.fsencode(rel), target)
            if made is not None:
                tree.links.append(made)
                if made.startswith("proposals/"):
                    tree.proposals.append(made)

    def strategy_files(self) -> None:
        rng, tree = self.rng, self.tree
        count = rng.choice([0, 0, 1, 1, 2, 3])
        if rng.random() < 0.15:  # a long chain
            length = rng.choice([3, 15, 16, 17, 40])
            for i in range(length):
                nxt = f"chain{i + 1}.yaml" if i + 1 < length else self.extends_target()
                data = small_strategy(rng, f"chain{i}", nxt, self.text)
                self.write(f"strategies/chain{i}.yaml", yaml_document(data, rng).encode())
            tree.strategies.append("strategies/chain0.yaml")
        if rng.random() < 0.15:  # a district's strategy on a base of its own, both valid

            def plain() -> str:
                return rng.choice(["Ett krav gäller här", "A requirement of the district"])

            base = small_strategy(rng, "base", "stockholm@2016", plain)
            district = small_strategy(rng, "district", "base.yaml", plain)
            district["principles"][0]["id"] = "own.district"
            base["principles"][0]["id"] = "own.base"
            self.write("strategies/base.yaml", yaml_document(base, rng).encode())
            self.write("strategies/district.yaml", yaml_document(district, rng).encode())
            tree.strategies.append("strategies/district.yaml")
        if rng.random() < 0.1:  # a cycle
            for a, b in (("cycle-a", "cycle-b"), ("cycle-b", "cycle-a")):
                data = small_strategy(rng, a, f"{b}.yaml", self.text)
                self.write(f"strategies/{a}.yaml", yaml_document(data, rng).encode())
            tree.strategies.append("strategies/cycle-a.yaml")
        for _ in range(count):
            name = f"strategies/{self.name()}"
            tree.strategies.append(self.write(name, self.strategy()))
        tree.strategies.extend(s for s in tree.links if s.startswith("strategies/"))

    def extends_target(self) -> Any:
        """What a strategy of the tree extends."""
        scene = self.scene
        return self.rng.choice(
            [
                "stockholm@2016",
                "stockholm@2008",
                "../../outside/strategy.yaml",
                str(scene.outside / "strategy.yaml"),
                "../../secret.txt",
                str(scene.secret),
                "/etc/passwd",
                "link-out.yaml",
                "self.yaml",
                "nowhere.yaml",
                "../../repo/strategies/../../outside/strategy.yaml",
                self.text(),
                Raw("[stockholm@2016]"),
            ]
        )

    def strategy(self) -> bytes:
        """A strategy file: small and hostile, or a bundled one mutated."""
        rng = self.rng
        if rng.random() < 0.5:
            data: Any = small_strategy(
                rng, rng.choice(["own", "stockholm", self.text()]), self.extends_target(), self.text
            )
        else:
            data = deep(rng.choice(bundled_strategies()))
            for _ in range(rng.randint(1, 3)):
                self.mutate_strategy(data)
        text = yaml_document(data, rng)
        if rng.random() < 0.1:
            text = text[: rng.randrange(len(text) + 1)]
        return text.encode("utf-8", "surrogatepass")

    def mutate_strategy(self, data: dict[str, Any]) -> None:
        rng = self.rng
        principles = data.get("principles") or [{}]
        principle = rng.choice(principles)
        choice = rng.random()
        if choice < 0.3:
            data["extends"] = self.extends_target()
        elif choice < 0.5:
            principle["condition"] = rng.choice(
                [
                    {"count": {"field": "title", "op": ">=", "value": 1}},
                    {"share": {"field": "title", "of": "amount_sek", "op": ">=", "percent": 100}},
                    {"sum": {"field": "themes", "of": "x", "op": ">", "value": Raw("1e308")}},
                    {"compare": {"field": "themes", "op": "<", "value": Raw(".nan")}},
                    {"compare": {"field": "start_date", "op": "<", "field2": "title"}},
                    {"duration": {"from": "title", "to": "kind", "op": "<=", "span": "4y"}},
                    {"mentions": {"field": "funding", "values_from": "nothing"}},
                    {"in": {"field": "kind", "values": self.text()}},
                    {"equals": {"field": "decision.body", "value": self.value()}},
                    {"is_true": self.text()},
                    {"not": {"not": {"not": {"present": "title"}}}},
                ]
            )
        elif choice < 0.75:
            target = rng.choice(["title", "message", "citation", "id", "note"])
            principle[target] = (
                {"sv": self.text(), "en": self.text()}
                if target in ("title", "message", "note")
                else self.text()
            )
            if target == "citation":
                principle[target] = {
                    "source": "x.txt",
                    "section": self.text(),
                    "quote": self.text(),
                }
        elif choice < 0.85:
            data[rng.choice(["city", "version", "name", "source"])] = self.text()
        else:
            data[self.text_key()] = self.value()

    def settings(self) -> dict[str, Any]:
        """Random settings, from harmless to hostile."""
        rng, scene, tree = self.rng, self.scene, self.tree
        own = tree.strategies or ["strategies/none.yaml"]
        choices: dict[str, list[Any]] = {
            "city": ["stockholm", "all", "malmo", "stockholm@2008", self.text(), 5, ["stockholm"]],
            "paths": [
                ["proposals"],
                ["."],
                ["/"],
                ["../"],
                ["../secret.txt"],
                [str(scene.secret)],
                ["/etc/passwd"],
                ["proposals/leak.yaml"],
                ["proposals/outdir"],
                ["proposals/../../outside"],
                [self.text_or_str()],
                "proposals",
                [],
                [1],
            ],
            "exclude": [["*.yml"], ["p1.yaml"], [self.text_or_str()], "*", [["x"]], ["/"]],
            "strategy": [
                [rng.choice(own)],
                own,
                [str(scene.outside / "strategy.yaml")],
                ["../outside/strategy.yaml"],
                ["../secret.txt"],
                ["/etc/passwd"],
                ["strategies/link-out.yaml"],
                ["strategies"],
                [self.text_or_str()],
                "strategies/x.yaml",
            ],
            "jobs": [10**9, 10**30, 0, -1, 1, 2, "2", True, 2.5],
            "max_size": ["1G", "99999999999", "16M", "17M", "2M", "1k", "0", "-1", "1e9", 5],
            "lang": ["sv", "en", "xx", self.text(), 1],
            "format": [*FORMATS, "JSON", "xml", self.text(), 3],
            "fail_on": ["fail", "warn", "never", self.text()],
            "waivers": ["ignore", "register"],
            "waiver_register": ["../register.yaml"],
        }
        keys = rng.sample(sorted(choices), k=rng.randint(0, 5))
        settings = {key: rng.choice(choices[key]) for key in keys}
        if rng.random() < 0.15:
            settings[self.text_key()] = self.value()
        return settings

    def settings_files(self) -> None:
        rng, tree = self.rng, self.tree
        which = rng.choices(["none", "yaml", "toml", "both"], [30, 35, 25, 10])[0]
        if which in ("yaml", "both") and not (self.scene.repo / ".strategikoll.yaml").is_symlink():
            self.write(".strategikoll.yaml", self.settings_yaml())
        if which in ("toml", "both") and not (self.scene.repo / "pyproject.toml").is_symlink():
            self.write("pyproject.toml", self.settings_toml())
        if rng.random() < 0.5:
            tree.configs.append(self.write("config/settings.yaml", self.settings_yaml()))
        if rng.random() < 0.3:
            tree.configs.append(self.write("config/pyproject.toml", self.settings_toml()))
        if rng.random() < 0.3:
            made = self.link("config/link.yaml", "../../secret.txt")
            if made:
                tree.configs.append(made)
        trusted = self.scene.base / "base-settings.yaml"
        trusted.write_bytes(self.settings_yaml())
        tree.configs.append(str(trusted))

    def settings_yaml(self) -> bytes:
        rng = self.rng
        data: Any = self.settings()
        if rng.random() < 0.05:
            data = rng.choice([[data], self.text(), None])
        raw = yaml_document(data, rng).encode("utf-8", "surrogatepass")
        if rng.random() < 0.1:
            raw = self.byte_mutant(raw)
        return raw

    def settings_toml(self) -> bytes:
        rng = self.rng
        lines = ["[project]", 'name = "proposals"', ""]
        table = self.settings()
        if rng.random() < 0.08:
            lines += ["[tool]", f"strategikoll = {toml_value(self.text())}"]
        else:
            lines.append("[tool.strategikoll]")
            lines += [f"{toml_string(k)} = {toml_value(v)}" for k, v in table.items()]
        text = "\n".join(lines) + "\n"
        if rng.random() < 0.08:
            text += rng.choice(["[tool.strategikoll]\n", "[tool.strategikoll\n", 'x = "\x1b"\n'])
        return text.encode("utf-8", "surrogatepass")


# Commands.


@dataclasses.dataclass
class Command:
    """One `strategikoll check` to run in a scene."""

    paths: list[str]
    options: list[tuple[str, str | None]]
    cwd: str = "."  # repo-relative
    env: dict[str, str] = dataclasses.field(default_factory=dict)
    stdin: bytes | None = None
    kill_after: float | None = None

    def argv(self) -> list[str]:
        """The arguments after the program's name."""
        out = ["check"]
        for flag, value in self.options:
            out.append(flag)
            if value is not None:
                out.append(value.replace("\x00", "") or "x")  # no argument can hold a NUL
        return (
            [*out, *self.paths]
            if not any(p.startswith("-") for p in self.paths)
            else [
                *out,
                "--",
                *self.paths,
            ]
        )

    def option(self, flag: str) -> str | None:
        """The value of an option, or None."""
        return next((v for f, v in self.options if f == flag), None)

    def has(self, flag: str) -> bool:
        """Whether a flag is given."""
        return any(f == flag for f, _ in self.options)

    def to_json(self) -> dict[str, Any]:
        """What a saved finding records of it."""
        data = dataclasses.asdict(self)
        data["stdin"] = base64.b64encode(self.stdin).decode() if self.stdin is not None else None
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Command:
        """The command a saved finding records."""
        stdin = base64.b64decode(data["stdin"]) if data.get("stdin") is not None else None
        return cls(
            paths=list(data["paths"]),
            options=[(f, v) for f, v in data["options"]],
            cwd=data["cwd"],
            env=dict(data["env"]),
            stdin=stdin,
            kill_after=data.get("kill_after"),
        )

    def rebased(self, old: str, new: str) -> Command:
        """The same command in a copy of its scene at `new`."""

        def fix(text: str) -> str:
            return text.replace(old, new)

        return dataclasses.replace(
            self,
            paths=[fix(p) for p in self.paths],
            options=[(f, fix(v) if v is not None else None) for f, v in self.options],
            env={k: fix(v) for k, v in self.env.items()},
        )


def make_command(rng: random.Random, tree: Tree, number: int) -> Command:
    """A random command line for a tree."""
    folder = tree.scene.repo / "proposals"
    cwd = (
        "proposals" if rng.random() < 0.12 and folder.is_dir() and not folder.is_symlink() else "."
    )

    def here(rel: str) -> str:  # a repo-relative path as seen from the working directory
        return rel if Path(rel).is_absolute() else os.path.relpath(rel, cwd)

    paths, stdin = command_paths(rng, tree, here)
    options = command_options(rng, tree, here, number)
    env: dict[str, str] = {}
    if rng.random() < 0.15:
        env["PYTHONIOENCODING"] = "ascii:strict"
    if rng.random() < 0.08:
        env["FORCE_COLOR"] = "1"
        env["COLUMNS"] = rng.choice(["20", "80"])
    if rng.random() < 0.3:
        env["CI"] = "true"
    kill_after = rng.choice([0.05, 0.2, 0.4, 0.8]) if rng.random() < 0.04 else None
    return Command(paths, options, cwd, env, stdin, kill_after)


def command_paths(
    rng: random.Random, tree: Tree, here: Callable[[str], str]
) -> tuple[list[str], bytes | None]:
    """What a command checks (none: the settings' paths), and its stdin for `-`."""
    choice = rng.random()
    if choice < 0.12:
        return [], None
    if choice < 0.3:
        return [here(".")], None
    if choice < 0.55:
        return [here(rng.choice(tree.folders))], None
    if choice < 0.8 and tree.proposals:
        return [
            here(p)
            for p in rng.sample(tree.proposals, k=min(len(tree.proposals), rng.randint(1, 3)))
        ], None
    if choice < 0.88 and tree.links:
        return [here(rng.choice(tree.links))], None
    if choice < 0.94:
        return ["-"], Builder(rng, tree.scene).proposal()
    return [here("proposals"), here("proposals"), "nowhere.yaml"], None


def command_options(
    rng: random.Random, tree: Tree, here: Callable[[str], str], number: int
) -> list[tuple[str, str | None]]:
    """A command's options, in a random order."""
    register = str(tree.scene.base / "register.yaml")
    options: list[tuple[str, str | None]] = []
    fmt = rng.choice([*FORMATS, *FORMATS, None, "GitHub"])
    if fmt is not None:
        options.append(("--format", fmt))
    city = rng.choice(["stockholm", "all", None, None, "malmo", "stockholm@2008"])
    if city is not None:
        options.append(("--city", city))
    settings = rng.random()
    if settings < 0.4:
        options.append(("--isolated", None))
    elif settings < 0.6 and tree.configs:
        options.append(("--config", here(rng.choice(tree.configs))))
    strategy = None
    if rng.random() < 0.2 and tree.strategies:
        strategy = rng.choice(tree.strategies)
        options.append(("--strategy", here(strategy)))
    if rng.random() < 0.4:
        options.append(("--output", here(output_target(rng, tree, number, strategy))))
        if rng.random() < 0.6:
            options.append(("--force", None))
    waivers: list[list[tuple[str, str | None]]] = [
        [("--waivers", rng.choice(["accept", "ignore"]))],
        [("--waivers", "register"), ("--waiver-register", register)],
        [("--waivers", "register")],
        [("--waiver-register", register)],
    ]
    options += rng.choices([[], *waivers], [74, 10, 10, 3, 3])[0]
    extras: list[tuple[str, str | None]] = [
        ("--lang", rng.choice(["en", "sv"])),
        ("--fail-on", rng.choice(["warn", "fail"])),
        ("--jobs", rng.choice(["1", "2", "64"])),
        ("--max-size", rng.choice(["1k", "16M", "17M", "2M"])),
        ("--exclude", rng.choice(["*.yml", "p1.yaml", "*", rng.choice(HOSTILE_TEXTS)])),
        ("--at", rng.choice(["2010-01-01", "2020-06-01"])),
    ]
    options += [extra for extra in extras if rng.random() < 0.12]
    rng.shuffle(options)
    return options


def output_target(rng: random.Random, tree: Tree, number: int, strategy: str | None) -> str:
    """Where `--output` points: something new, an input, the settings, a strategy (often one
    that `strategy`, the command's, is or extends), a link."""
    scene = tree.scene
    choice = rng.random()
    candidates: list[str] = []
    if choice < 0.3:
        return f"report-{number}.out"
    if choice < 0.4:
        return f"proposals/report-{number}.yaml"
    if choice < 0.55:
        candidates = tree.proposals
    elif choice < 0.65:
        candidates = [
            f for f in (".strategikoll.yaml", "pyproject.toml") if os.path.lexists(scene.repo / f)
        ]
    elif choice < 0.72:
        candidates = tree.configs
    elif choice < 0.82:  # a strategy, or one that a strategy extends
        used = [strategy] if strategy is not None and rng.random() < 0.7 else tree.strategies
        candidates = [
            os.path.relpath(real, scene.repo)
            for each in used
            for real in _extends_chain(scene.repo / each)
            if _inside(real, str(scene.repo))
        ] or tree.strategies
    elif choice < 0.86:
        candidates = [link for link in tree.links if not link.startswith("proposals/root")]
    elif choice < 0.9:
        candidates = ["proposals/outdir/new.json", "proposals/upup/new.json"]
    elif choice < 0.94:
        candidates = ["proposals", "/dev/stdout", "nowhere/x.json"]
    else:
        candidates = ["proposals/many/p3.yaml", "proposals/inside.yaml", "out-link.json"]
    safe = [c for c in candidates if not _dangerous_output(c, scene)]
    return rng.choice(safe) if safe else f"report-{number}.out"


def _dangerous_output(rel: str, scene: Scene) -> bool:
    """A target a bug could turn into a write outside the scene (through a link to a system
    file, say): never chosen."""
    if rel == "/dev/stdout":
        return False
    path = scene.repo / rel
    folder_inside = _inside(os.path.realpath(path.parent), str(scene.base))
    target_inside = not os.path.lexists(path) or _inside(os.path.realpath(path), str(scene.base))
    return not (folder_inside and target_inside)


# Running a command.


@dataclasses.dataclass
class Outcome:
    """What one run did."""

    status: int | None
    stdout: bytes
    stderr: bytes
    seconds: float
    timed_out: bool = False
    stray: bool = False  # processes of the run still there after it ended


def environment(scene: Scene, command: Command) -> dict[str, str]:
    """The run's environment: a CI job's, with a token in it."""
    env = {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(scene.base / "home"),
        "TMPDIR": str(scene.tmp),
        "LANG": "C.UTF-8",
        "FUZZ_TOKEN": scene.marker,
        "GITHUB_STEP_SUMMARY": str(scene.summary),
    }
    env.update(command.env)
    return env


def execute(exe: str, scene: Scene, command: Command) -> Outcome:
    """Run the command in its scene; a run that outlives TIMEOUT is killed with its children."""
    argv = [os.fsencode(exe), *(os.fsencode(a) for a in command.argv())]
    start = time.perf_counter()
    process = subprocess.Popen(
        argv,
        cwd=scene.repo / command.cwd,
        env=environment(scene, command),
        stdin=subprocess.PIPE if command.stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    timed_out = False
    try:
        stdout, stderr = process.communicate(command.stdin, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        timed_out = True
        _kill_group(process.pid)
        stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    stray = _group_alive(process.pid)
    if stray:
        _kill_group(process.pid)
    return Outcome(process.returncode, stdout, stderr, seconds, timed_out, stray)


def kill_midway(exe: str, scene: Scene, command: Command) -> None:
    """Start the command and kill it, and every process it started, after a while."""
    argv = [os.fsencode(exe), *(os.fsencode(a) for a in command.argv())]
    process = subprocess.Popen(
        argv,
        cwd=scene.repo / command.cwd,
        env=environment(scene, command),
        stdin=subprocess.PIPE if command.stdin is not None else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    with contextlib.suppress(subprocess.TimeoutExpired, BrokenPipeError):
        process.communicate(command.stdin, timeout=command.kill_after)
    _kill_group(process.pid)
    process.wait()
    _wait_group_gone(process.pid)


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _group_alive(pgid: int, grace: float = 1.0) -> bool:
    """Whether processes of the run's group are still there after `grace` seconds."""
    deadline = time.monotonic() + grace
    while True:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        if time.monotonic() > deadline:
            return True
        time.sleep(0.05)


def _wait_group_gone(pgid: int) -> None:
    if _group_alive(pgid, grace=2.0):
        _kill_group(pgid)


# What the file system looked like.

Entry = tuple[Any, ...]


def snapshot(scene: Scene) -> dict[str, Entry]:
    """Every entry under the scene (links not followed), base-relative, with what identifies its
    content: kind, inode, mtime, size and a hash for files, the target for links."""
    skip = {scene.tmp, scene.base / "home", scene.summary}
    found: dict[str, Entry] = {}
    stack = [scene.base]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            path = Path(entry.path)
            if path in skip:
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            rel = os.path.relpath(path, scene.base)
            kind = stat.S_IFMT(info.st_mode)
            if stat.S_ISDIR(info.st_mode):
                found[rel] = ("dir", info.st_ino)
                stack.append(path)
            elif stat.S_ISLNK(info.st_mode):
                found[rel] = ("link", info.st_ino, str(path.readlink()))
            elif stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                found[rel] = ("file", info.st_ino, info.st_mtime_ns, info.st_size, digest)
            else:
                found[rel] = ("other", kind, info.st_ino, info.st_mtime_ns)
    return found


def temporaries(scene: Scene) -> set[str]:
    """Base-relative paths of everything that looks like a temporary file or folder of a run,
    and of everything in $TMPDIR."""
    out: set[str] = set()
    for folder, dirs, files in os.walk(scene.base):
        if Path(folder) == scene.base / "home":
            dirs[:] = []
            continue
        for name in (*dirs, *files):
            path = Path(folder, name)
            in_tmp = Path(folder) == scene.tmp
            if in_tmp or TEMP_MARK in name or name.endswith(".tmp"):
                out.add(os.path.relpath(path, scene.base))
        dirs[:] = [d for d in dirs if TEMP_MARK not in d and Path(folder, d) != scene.tmp]
    return out


# The inputs of a run, as the gate's documentation describes them.


def _inside(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip(os.sep) + os.sep)


def _is(test: Callable[[], bool]) -> bool:
    """A test of a path that is False, not an error, for a name too long or a link loop."""
    try:
        return test()
    except (OSError, ValueError):
        return False


def _real(path: Path | str) -> str | None:
    """The real path, or None for a path no system call takes (a NUL in it)."""
    try:
        return os.path.realpath(path)
    except (ValueError, OSError):
        return None


def settings_in_force(scene: Scene, command: Command) -> tuple[Path | None, Path]:
    """The settings file a run reads, and the folder its paths are relative to."""
    cwd = scene.repo / command.cwd
    if command.has("--isolated"):
        return None, cwd
    config = command.option("--config")
    if config is not None:
        return cwd / config, scene.repo
    folder = Path(os.path.realpath(cwd))
    root = Path(os.path.realpath(scene.repo))
    for each in (folder, *folder.parents):
        yaml_file, toml_file = each / ".strategikoll.yaml", each / "pyproject.toml"
        if yaml_file.is_file():
            return yaml_file, each
        if toml_file.is_file() and _toml_table(toml_file) is not None:
            return toml_file, each
        if each == root:
            break
    return None, cwd


def _toml_table(path: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    tool = data.get("tool")
    table = tool.get("strategikoll") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _settings_data(path: Path | None) -> dict[str, Any]:
    if path is None:
        return {}
    if path.suffix == ".toml" or path.name == "pyproject.toml":
        return _toml_table(path) or {}
    data = _load_yaml(path)
    return data if isinstance(data, dict) else {}


def _load_yaml(path: Path | str) -> Any:
    """A YAML file of the tree as data, or None when it is not one."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(Path(path).read_bytes(), Loader=loader)  # noqa: S506 - a safe loader
    except (OSError, yaml.YAMLError, ValueError, RecursionError):
        return None


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def run_inputs(scene: Scene, command: Command) -> set[str]:
    """Real paths of every file the run reads: the settings in force, the strategies (with what
    they extend), and every proposal under the paths checked."""
    cwd = scene.repo / command.cwd
    settings, relative_to = settings_in_force(scene, command)
    data = _settings_data(settings)
    inputs: set[str] = set()
    if settings is not None:
        inputs.add(os.path.realpath(settings))
    strategies = [cwd / s for f, s in command.options if f == "--strategy" and s is not None]
    strategies = strategies or [relative_to / s for s in _strings(data.get("strategy"))]
    for strategy in strategies:
        inputs.update(_extends_chain(strategy))
    paths = [cwd / p for p in command.paths if p != "-"]
    paths = paths or [relative_to / p for p in _strings(data.get("paths"))]
    given = [v for f, v in command.options if f == "--exclude" and v is not None]
    exclude = tuple(given or _strings(data.get("exclude")))
    root = os.path.realpath(scene.repo)
    for path in paths:
        real = _real(path)
        if real is None or not _inside(real, root):
            continue  # out of the repository (through a link, or named by the settings): not read
        if _is(path.is_dir):
            inputs.update(_yaml_files_under(path, exclude))
        else:
            inputs.add(real)
    return inputs


def _extends_chain(path: Path) -> set[str]:
    found: set[str] = set()
    for _ in range(64):
        real = _real(path)
        if real is None or real in found or not _is(Path(real).is_file):
            break
        found.add(real)
        data = _load_yaml(real)
        extends = data.get("extends") if isinstance(data, dict) else None
        if not isinstance(extends, str) or not extends.endswith((".yaml", ".yml")):
            break
        path = path.parent / extends
    return found


def _excluded(path: str, patterns: tuple[str, ...]) -> bool:
    """Whether `--exclude` or the settings leave a file found in a folder out: a pattern matches
    its name or the end of its real path."""
    full = Path(os.path.realpath(path)).as_posix()
    name = Path(path).name
    return any(fnmatch(name, p) or fnmatch(full, f"*/{p.lstrip('/')}") for p in patterns)


def _yaml_files_under(top: Path, exclude: tuple[str, ...] = ()) -> set[str]:
    real_top = os.path.realpath(top)
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack = [str(top)]
    while stack:
        folder = stack.pop()
        try:
            info = Path(folder).stat()
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            real = os.path.realpath(entry.path)
            if entry.name.startswith(".") or not _inside(real, real_top):
                continue
            with contextlib.suppress(OSError):
                if entry.is_dir():
                    stack.append(entry.path)
                elif entry.name.lower().endswith((".yaml", ".yml")) and not _excluded(
                    entry.path, exclude
                ):
                    found.add(real)
    return found


# The oracles.


@dataclasses.dataclass(frozen=True)
class Violation:
    """One broken promise: its category, a key that names its kind, and what was seen."""

    category: str
    key: str
    detail: str


RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
SGR = re.compile("\x1b\\[[0-9;]*m")
IGNORABLE = "\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff"
COMMAND_LINE = re.compile(f"^[\\s{IGNORABLE}]*:[{IGNORABLE}]*:")
LEGACY_COMMAND = re.compile(f"#[{IGNORABLE}]*#(?:\\[|vso\\[|teamcity\\[)")
GITHUB_LINE = re.compile(r"::(error|warning|notice)(?: ([^:\r\n]*))?::([^\r\n]*)")
GITHUB_KEYS = {"file", "line", "col", "endLine", "endColumn", "title"}
PASSWD = (b"root:x:0:0", b"root%3Ax%3A0%3A0", b"daemon:x:1:1", b"root:*:", b"root:!")
LOCATED = re.compile(r"([^\s:\"'/]+)(?::\d+)?:\d+:\d+:|\"file\": ?\"([^\"]+)\"")
"""A file name where a message locates a problem (`name:3:1:`), or a JSON report's `"file"`."""
INTERNAL = ("internt fel i strategikoll", "internal error in strategikoll")


def _show(text: str, limit: int = 160) -> str:
    return ascii(text[:limit])


def effective_format(scene: Scene, command: Command) -> str:
    """The format the run writes in, as the command line and the settings choose it."""
    given = command.option("--format")
    if given is not None:
        return given.lower()
    settings, _ = settings_in_force(scene, command)
    chosen = _settings_data(settings).get("format")
    if isinstance(chosen, str) and chosen.lower() in FORMATS:
        return chosen.lower()
    return "text"


@dataclasses.dataclass
class Seen:
    """What a command wrote where, decoded, for the oracles."""

    name: str
    data: bytes
    text: str | None


class Judge:
    """Applies the oracles to one run."""

    def __init__(self, scene: Scene, command: Command, outcome: Outcome) -> None:
        self.scene = scene
        self.command = command
        self.outcome = outcome
        self.found: list[Violation] = []
        self.fmt = effective_format(scene, command)
        self.ascii = command.env.get("PYTHONIOENCODING", "").startswith("ascii")
        self.color = "FORCE_COLOR" in command.env

    def add(self, category: str, key: str, detail: str) -> None:
        """Record a violation, once per key."""
        if not any(v.key == f"{category}:{key}" for v in self.found):
            self.found.append(Violation(category, f"{category}:{key}", detail))

    def crash(self) -> None:
        out = self.outcome
        both = out.stdout + out.stderr
        if out.timed_out:
            self.add("crash", "timeout", f"no exit within {TIMEOUT:.0f} s")
        elif out.status not in (0, 1, 2):
            self.add("crash", f"status {out.status}", f"exit status {out.status}")
        if b"Traceback (most recent call last)" in both:
            lines = [line for line in both.decode("utf-8", "replace").splitlines() if line.strip()]
            error = next((line for line in reversed(lines) if not line.startswith(" ")), "?")
            frames = [line.strip() for line in lines if line.strip().startswith('File "')]
            ours = [f for f in frames if "strategikoll" in f] or frames
            place = re.sub(r'^File ".*/(src/)?', "", ours[-1]) if ours else "?"
            place = re.sub(r'", line (\d+), in (.*)', r":\2", place)
            self.add("crash", f"traceback {error.split(':')[0]} at {place}", error)
        for phrase in INTERNAL:
            if phrase.encode() in both:
                text = both.decode("utf-8", "replace")
                at = text.find(phrase)
                self.add("crash", "internal error", _show(text[at : at + 300]))
        if out.stray:
            self.add("leftover", "processes left running", "the run's process group outlived it")

    def streams(self, output: bytes | None) -> list[Seen]:
        """stdout, stderr, the output file and the job summary, decoded."""
        out = self.outcome
        encoding = "ascii" if self.ascii else "utf-8"
        seen = [Seen("stdout", out.stdout, None), Seen("stderr", out.stderr, None)]
        if output is not None:
            seen.append(Seen("output", output, None))
        summary = self.scene.summary.read_bytes() if self.scene.summary.exists() else b""
        seen.append(Seen("summary", summary, None))
        for each in seen:
            codec = encoding if each.name in ("stdout", "stderr") else "utf-8"
            try:
                each.text = each.data.decode(codec)
            except UnicodeDecodeError as exc:
                self.add("invalid", f"{each.name} not {codec}", f"{exc}")
                each.text = each.data.decode(codec, "replace")
        return seen

    def leaks(self, seen: list[Seen]) -> None:
        marker = self.scene.marker.encode()
        for each in seen:
            if marker in each.data:
                at = each.data.find(marker)
                context = each.data[max(0, at - 300) : at + 40].decode("utf-8", "replace")
                names = [a or b for a, b in LOCATED.findall(context)]
                source = re.sub(r"\d+", "N", Path(names[-1]).name) if names else "?"
                self.add("leak", f"marker in {each.name} from {source}", _show(context[-240:], 240))
            for line in PASSWD:
                if line in each.data:
                    self.add("leak", f"system file in {each.name}", line.decode())

    def escapes(self, seen: list[Seen]) -> None:
        for each in seen:
            text = each.text or ""
            if each.name == "summary":
                text = text.removeprefix(SUMMARY_BEFORE)
            if self.color and each.name != "summary":
                text = SGR.sub("", text)
            kind = self.kind_of(each.name)
            allowed = "\t\n\r" if kind == "junit" else "\t\n"
            for match in RAW_CONTROL.finditer(text):
                if match.group() not in allowed:
                    char = f"U+{ord(match.group()):04X}"
                    self.add(
                        "escape",
                        f"raw {_control_class(match.group())} in {each.name} ({kind})",
                        f"{char} at {match.start()}: "
                        + _show(text[max(0, match.start() - 80) : match.start() + 40]),
                    )
                    break
            if kind == "github" and each.name in ("stdout", "output"):
                self.github_lines(text, each.name)
            elif each.name in ("stdout", "stderr") or kind == "text":
                self.log_lines(text, each.name, kind)
            if kind == "markdown" or each.name == "summary":
                self.markdown(text, each.name)

    def kind_of(self, name: str) -> str:
        """The format of a stream: the report's where the report goes, text for stderr."""
        if name == "summary":
            return "markdown"
        if name == "stderr":
            return "text"
        to_file = self.command.option("--output") is not None
        if (name == "output") == to_file:
            return self.fmt
        return "text"

    def log_lines(self, text: str, name: str, kind: str) -> None:
        for line in text.split("\n"):
            if COMMAND_LINE.match(line):
                self.add("escape", f"workflow command line in {name} ({kind})", _show(line))
            if LEGACY_COMMAND.search(line):
                self.add("escape", f"legacy command in {name} ({kind})", _show(line))

    def github_lines(self, text: str, name: str) -> None:
        for line in text.split("\n"):
            if not COMMAND_LINE.match(line):
                if LEGACY_COMMAND.search(line):
                    self.add("escape", f"legacy command in {name} (github)", _show(line))
                continue
            match = GITHUB_LINE.fullmatch(line)
            if match is None:
                self.add("escape", f"malformed workflow command in {name}", _show(line))
                continue
            keys = [pair.split("=", 1)[0] for pair in (match.group(2) or "").split(",") if pair]
            pairs_ok = all("=" in p for p in (match.group(2) or "").split(",") if p)
            if not pairs_ok or not set(keys) <= GITHUB_KEYS or len(keys) != len(set(keys)):
                self.add("escape", f"bad workflow command properties in {name}", _show(line))

    def markdown(self, text: str, name: str) -> None:
        prose = outside_code(text)
        checks = [
            ("html", re.compile(r"<(?:[A-Za-z!?/])")),
            ("mention", re.compile(r"(?<![A-Za-z0-9_`\\])@(?:octocat|github)\b")),
            ("link", re.compile(r"://evil\.example|www\.evil\.example")),
        ]
        for what, pattern in checks:
            match = pattern.search(prose)
            if match:
                context = prose[max(0, match.start() - 80) : match.end() + 40]
                self.add("escape", f"raw {what} in markdown {name}", _show(context))

    def validity(self, seen: list[Seen], output_written: bool) -> None:
        status = self.outcome.status
        to_file = self.command.option("--output") is not None
        name = "output" if to_file else "stdout"
        report = next((s for s in seen if s.name == name), Seen(name, b"", ""))
        if any(v.category == "crash" for v in self.found):
            return  # a crash's output is not judged: it is the crash that is found
        if to_file and status in (0, 1) and not output_written:
            self.add("invalid", "no output file", "exit 0/1 but --output was not written")
        data = report.data
        if not data and status == 2:
            return
        fmt = self.fmt
        try:
            if fmt in ("json", "sarif"):
                document = json.loads(data.decode("utf-8"))
                if fmt == "sarif" and (
                    not isinstance(document, dict) or document.get("version") != "2.1.0"
                ):
                    raise ValueError("not SARIF 2.1.0")
                if fmt == "sarif":
                    self.sarif_markdown(document, report.name)
            elif fmt == "junit":
                ET.fromstring(data)  # noqa: S314 - our own scratch output
        except (ValueError, ET.ParseError) as exc:
            where = f"{fmt} {report.name}" + (" (ascii stdout)" if self.ascii else "")
            self.add("invalid", f"{where} does not parse", _show(str(exc), 300))
        summary = next(s for s in seen if s.name == "summary")
        if not summary.data.startswith(SUMMARY_BEFORE.encode()):
            self.add(
                "invalid", "job summary truncated", _show(summary.data.decode(errors="replace"))
            )

    def sarif_markdown(self, document: Any, name: str) -> None:
        for text in _values_of(document, "markdown"):
            if isinstance(text, str):
                self.markdown(text, f"{name} (sarif markdown)")


def _values_of(node: Any, key: str) -> Iterator[Any]:
    if isinstance(node, dict):
        for k, v in node.items():
            if k == key:
                yield v
            yield from _values_of(v, key)
    elif isinstance(node, list):
        for v in node:
            yield from _values_of(v, key)


def _control_class(char: str) -> str:
    code = ord(char)
    if char == "\x1b":
        return "ESC"
    if char == "\r":
        return "CR"
    if code < 0x20 or code == 0x7F:
        return "C0"
    if code < 0xA0:
        return "C1"
    if char in "\u2028\u2029":
        return "line separator"
    if 0xD800 <= code <= 0xDFFF:
        return "surrogate"
    if code in (0xFFFE, 0xFFFF):
        return "non-character"
    return "bidi control"


def outside_code(text: str) -> str:
    """Markdown with its inline code spans (and backslash escapes) taken out, as CommonMark
    reads them: what remains is where GitHub renders HTML, links and mentions."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char == "\\" and i + 1 < n:
            i += 2
            out.append(" ")
            continue
        if char != "`":
            out.append(char)
            i += 1
            continue
        j = i
        while j < n and text[j] == "`":
            j += 1
        run = j - i
        k, close = j, -1
        while k < n:
            if text[k] != "`":
                k += 1
                continue
            m = k
            while m < n and text[m] == "`":
                m += 1
            if m - k == run:
                close = k
                break
            k = m
        if close < 0:
            out.append(text[i:j])
            i = j
        else:
            out.append(" ")
            i = close + run
    return "".join(out)


def modified(
    scene: Scene,
    command: Command,
    before: dict[str, Entry],
    after: dict[str, Entry],
    inputs: set[str],
) -> tuple[list[Violation], bool, str | None]:
    """What changed in the scene that may not: a violation for each; whether the output was
    written; and the output's entry (base-relative)."""
    found: list[Violation] = []
    target = command.option("--output")
    target_key = None
    target_allowed = False
    if target is not None and target != "/dev/stdout":
        path = scene.repo / command.cwd / target
        parent = os.path.realpath(path.parent)
        key_path = str(Path(parent, path.name))
        if _inside(key_path, str(scene.base)):
            target_key = os.path.relpath(key_path, scene.base)
            is_input = _is(path.exists) and os.path.realpath(path) in inputs
            existed = target_key in before
            target_allowed = not is_input and (command.has("--force") or not existed)
    written = target_key is not None and before.get(target_key) != after.get(target_key)
    written = written and target_key in after
    planted = set(scene.planted)
    for rel in sorted(set(before) | set(after)):
        if rel == target_key and target_allowed:
            continue
        if before.get(rel) == after.get(rel):
            continue
        if TEMP_MARK in rel or rel.endswith(".tmp"):
            continue  # the leftovers oracle's
        if rel in planted and rel not in after:
            continue
        old, new = before.get(rel), after.get(rel)
        change = "created" if old is None else "removed" if new is None else "changed"
        what = _what_is(scene, rel, inputs)
        if rel == target_key:
            why = "an input" if what != "tree file" else "existing, without --force"
            detail = f"--output {target!r} {change} {rel!r} ({why})"
            found.append(Violation("modified", f"modified:output over {what}", detail))
        else:
            found.append(
                Violation("modified", f"modified:{what} {change}", f"{rel!r}: {old} -> {new}")
            )
    return found, written, target_key


def _what_is(scene: Scene, rel: str, inputs: set[str]) -> str:
    path = str(scene.base / rel)
    real = os.path.realpath(path)
    if real == str(scene.secret) or _inside(real, str(scene.outside)):
        return "secret"
    if real in inputs:
        return "input"
    if not _inside(path, str(scene.repo)):
        return "outside file"
    return "tree file"


def leftovers(
    scene: Scene, before: set[str], after: set[str], written_to: str | None
) -> list[Violation]:
    """Temporary files and folders the run made and did not remove, and stale ones of a dead
    run beside the output it wrote (`written_to`, base-relative)."""
    found: list[Violation] = []
    for rel in sorted(after - before):
        shape = re.sub(r"[-_][a-z0-9_]{8}(\.tmp)?$", r"-X\1", Path(rel).name)
        shape = re.sub(r"\d+", "N", shape)
        found.append(Violation("leftover", f"leftover:{shape}", rel))
    if written_to is not None:
        folder, name = os.path.split(written_to)
        stale = str(Path(folder, f".{name}{TEMP_MARK}"))
        for rel in scene.planted:
            if rel.startswith(stale) and rel in after:
                found.append(Violation("leftover", "leftover:stale temp not removed", rel))
    return found


def judge_run(
    scene: Scene,
    *,
    command: Command,
    outcome: Outcome,
    before: dict[str, Entry],
    temps_before: set[str],
    inputs: set[str],
) -> list[Violation]:
    """Every oracle, for one run."""
    after = snapshot(scene)
    changes, written, target_key = modified(scene, command, before, after, inputs)
    output = None
    target = command.option("--output")
    if written and target is not None:
        path = scene.repo / command.cwd / target
        with contextlib.suppress(OSError):
            output = path.read_bytes() if _is(path.is_file) else None
    judge = Judge(scene, command, outcome)
    judge.crash()
    seen = judge.streams(output)
    judge.leaks(seen)
    judge.escapes(seen)
    if not outcome.timed_out:
        judge.validity(seen, written)
    found = judge.found + changes
    found += leftovers(scene, temps_before, temporaries(scene), target_key if written else None)
    return found


def plant_stale(rng: random.Random, scene: Scene, command: Command) -> None:
    """Put a dead run's temporary file beside the output, as a killed run leaves it."""
    target = command.option("--output")
    if target is None or target == "/dev/stdout":
        return
    folder = (scene.repo / command.cwd / target).parent
    if not folder.is_dir() or not _inside(os.path.realpath(folder), str(scene.base)):
        return
    pid = dead_pid(rng)
    name = f".{Path(target).name}{TEMP_MARK}{pid}-stale0.tmp"
    (folder / name).write_text("half a report", encoding="utf-8")
    rel = os.path.relpath(Path(os.path.realpath(folder), name), scene.base)
    scene.planted.append(rel)


def dead_pid(rng: random.Random) -> int:
    """A process id no process has now."""
    while True:
        pid = rng.randint(20_000, 32_000)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            continue


def run_and_judge(exe: str, scene: Scene, command: Command) -> tuple[Outcome, list[Violation]]:
    """Run a command (killed first and run again, when it says so) and apply every oracle."""
    scene.summary.write_text(SUMMARY_BEFORE, encoding="utf-8")
    before = snapshot(scene)
    temps_before = temporaries(scene)
    inputs = run_inputs(scene, command)
    if command.kill_after is not None:
        kill_midway(exe, scene, command)
        if command.option("--output") is not None and not command.has("--force"):
            command = dataclasses.replace(command, options=[*command.options, ("--force", None)])
        command = dataclasses.replace(command, kill_after=None)
    outcome = execute(exe, scene, command)
    return outcome, judge_run(
        scene,
        command=command,
        outcome=outcome,
        before=before,
        temps_before=temps_before,
        inputs=inputs,
    )


# Copies of a scene: to reduce a finding and to save and replay it.


def clone_scene(src: Path, dst: Path, old: str | None = None) -> None:
    """Copy a scene folder entry by entry (links as links, pipes as pipes), with the absolute
    path `old` (`src` by default) in link targets and file contents changed to `dst`."""
    before, after = os.fsencode(old or str(src)), os.fsencode(str(dst))
    dst.mkdir(parents=True, exist_ok=True)
    for folder, dirs, files in os.walk(src):
        rel = os.path.relpath(folder, src)
        target_dir = dst / rel if rel != "." else dst
        for name in dirs + files:
            source, copy = Path(folder, name), target_dir / name
            info = os.lstat(source)
            if stat.S_ISLNK(info.st_mode):
                copy.symlink_to(os.fsdecode(os.fsencode(source.readlink()).replace(before, after)))
            elif stat.S_ISDIR(info.st_mode):
                copy.mkdir()
            elif stat.S_ISREG(info.st_mode):
                copy.write_bytes(source.read_bytes().replace(before, after))
            elif stat.S_ISFIFO(info.st_mode):
                os.mkfifo(copy)


def remove_entry(path: Path) -> None:
    """Remove a file, link or folder without following links."""
    if path.is_symlink() or not path.is_dir():
        path.unlink()
    else:
        shutil.rmtree(path)


def reproduces(
    exe: str, scene_dir: Path, scene: Scene, command: Command, *, key: str, old: str | None = None
) -> bool:
    """Whether `command` in a fresh copy of the scene at `scene_dir` gives a violation with
    `key`. `old` is the absolute path the scene's files and `command` name it by."""
    old = old or str(scene_dir)
    with tempfile.TemporaryDirectory(prefix="fuzz-tree-try-") as scratch:
        base = Path(scratch, "s")
        clone_scene(scene_dir, base, old)
        planted = [p for p in scene.planted if os.path.lexists(base / p)]
        _, found = run_and_judge(
            exe, Scene(base, scene.marker, planted), command.rebased(old, str(base))
        )
        return any(v.key == key for v in found)


def _entries(repo: Path) -> list[Path]:
    """Everything in a repository but `.git`, deepest first, links not followed."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(repo):
        dirs[:] = [d for d in dirs if not (Path(folder) == repo and d == ".git")]
        found += [Path(folder, name) for name in (*dirs, *files)]
    return sorted(found, key=lambda p: (-len(p.parts), str(p)))


def reduce(
    exe: str, scene_dir: Path, scene: Scene, command: Command, *, key: str, budget: int = 100
) -> Command:
    """Remove from the scene (in place) and from the command whatever the violation does not
    need, trying at most `budget` runs; the reduced command."""
    tries = 0

    def still(candidate: Command) -> bool:
        nonlocal tries
        tries += 1
        return reproduces(exe, scene_dir, scene, candidate, key=key)

    if not still(command):
        return command  # it does not happen twice: keep everything
    for index in reversed(range(len(command.options))):
        shorter = dataclasses.replace(
            command, options=command.options[:index] + command.options[index + 1 :]
        )
        if tries < budget and still(shorter):
            command = shorter
    aside = scene_dir.parent / "aside"
    for entry in _entries(scene_dir / "repo"):
        if tries >= budget:
            break
        if not os.path.lexists(entry) or entry == scene_dir / "repo" / "proposals":
            continue
        entry.rename(aside)
        if still(command):
            remove_entry(aside)
        else:
            aside.rename(entry)
    return command


def save_finding(
    exe: str,
    findings: Path,
    pre: Scene,
    command: Command,
    *,
    violation: Violation,
    outcome: Outcome,
    origin: str,
    reduce_it: bool,
) -> Path:
    """Save the scene as it was before the command (`pre`) and the command of a violation,
    reduced, under `findings`."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", violation.key)[:60].strip("-")
    digest = hashlib.sha256(violation.key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    folder = findings / f"{slug}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    tree_dir = folder / "tree"
    if tree_dir.exists():
        shutil.rmtree(tree_dir)
    clone_scene(pre.base, tree_dir)
    saved_scene = Scene(tree_dir, pre.marker, list(pre.planted))
    saved = command.rebased(str(pre.base), str(tree_dir))
    reduced = saved
    if reduce_it:
        with contextlib.suppress(OSError):
            reduced = reduce(exe, tree_dir, saved_scene, saved, key=violation.key)
    record = {
        "key": violation.key,
        "category": violation.category,
        "detail": violation.detail,
        "origin": origin,
        "base": str(tree_dir),
        "marker": pre.marker,
        "planted": [p for p in pre.planted if os.path.lexists(tree_dir / p)],
        "command": reduced.to_json(),
    }
    (folder / "command.json").write_text(
        json.dumps(record, indent=2, ensure_ascii=True), encoding="utf-8"
    )
    shown = " ".join(shlex.quote(a) for a in reduced.argv())
    env = "".join(f"{k}={shlex.quote(v)} " for k, v in reduced.env.items())
    report = [
        f"violation: {violation.key}",
        f"detail:    {violation.detail}",
        f"origin:    {origin}",
        f"run in:    {tree_dir / 'repo' / reduced.cwd}",
        f"command:   {env}strategikoll {shown}",
        f"stdin:     {len(reduced.stdin)} bytes" if reduced.stdin is not None else "stdin:     -",
        f"killed:    after {reduced.kill_after} s, then run again" if reduced.kill_after else "",
        f"replay:    python tools/fuzz_tree.py --replay {folder}",
        f"exit status (unreduced run): {outcome.status}",
        "stdout (unreduced run, first 3000 bytes):",
        ascii(outcome.stdout[:3000]),
        "stderr (unreduced run, first 3000 bytes):",
        ascii(outcome.stderr[:3000]),
    ]
    text = "\n".join(report) + "\n"  # a name that is not UTF-8 is shown as its bytes' escapes
    (folder / "report.txt").write_text(text, encoding="utf-8", errors="backslashreplace")
    return folder


# Iterations, in parallel.

_shared: dict[str, Any] = {}


def _start(claimed: Any, lock: Any, options: dict[str, Any]) -> None:
    _shared.update(claimed=claimed, lock=lock, **options)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _claim(key: str) -> bool:
    """Whether this process is the first to find `key` (and so saves it)."""
    with _shared["lock"]:
        if key in _shared["claimed"]:
            return False
        _shared["claimed"][key] = True
        return True


def one_tree(number: int) -> tuple[int, list[tuple[str, str, str]], float]:
    """Build tree `number`, run its commands; (commands run, violations, slowest run). A fault
    of this script is told on stderr and counted, and the run goes on."""
    try:
        return _one_tree(number)
    except Exception:  # noqa: BLE001 - one tree's fault must not end a long run
        print(f"fuzz_tree: tree {number}: {traceback.format_exc()}", file=sys.stderr)
        return 0, [("fuzzer", "fuzzer:error", traceback.format_exc(limit=2))], 0.0


def _one_tree(number: int) -> tuple[int, list[tuple[str, str, str]], float]:
    seed, exe = _shared["seed"], _shared["exe"]
    rng = random.Random(f"{seed}:{number}")  # noqa: S311 - reproducible, not secret
    violations: list[tuple[str, str, str]] = []
    commands = 0
    slowest = 0.0
    with (
        tempfile.TemporaryDirectory(prefix="fuzz-tree-") as scratch,
        tempfile.TemporaryDirectory(prefix="fuzz-tree-pre-") as pre_dir,
    ):
        scene = make_scene(rng, Path(scratch))
        tree = Builder(rng, scene).build()
        for index in range(rng.randint(2, 6)):
            command = make_command(rng, tree, index)
            if rng.random() < 0.15:
                plant_stale(rng, scene, command)
            pre = Scene(Path(pre_dir, str(index)), scene.marker, list(scene.planted))
            clone_scene(scene.base, pre.base)
            outcome, found = run_and_judge(exe, scene, command)
            commands += 1
            slowest = max(slowest, outcome.seconds)
            for violation in found:
                violations.append((violation.category, violation.key, violation.detail))
                if _shared["findings"] and _claim(violation.key):
                    save_finding(
                        exe,
                        Path(_shared["findings"]),
                        pre,
                        command.rebased(str(scene.base), str(pre.base)),
                        violation=violation,
                        outcome=outcome,
                        origin=f"seed {seed}, tree {number}, command {index}",
                        reduce_it=_shared["reduce"],
                    )
            shutil.rmtree(pre.base)
            scrub(scene)
    return commands, violations, slowest


def scrub(scene: Scene) -> None:
    """Remove from the repository every file that holds the marker (a report of a run that
    leaked it): a later run that shows it again has not read anything outside."""
    marker = scene.marker.encode()
    for folder, _dirs, files in os.walk(scene.repo):
        for name in files:
            path = Path(folder, name)
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink() and marker in path.read_bytes():
                    path.unlink()


def fuzz(args: argparse.Namespace) -> int:
    """Run the iterations, print what was found; the exit status."""
    findings = Path(args.findings).resolve() if args.findings else None
    if findings:
        findings.mkdir(parents=True, exist_ok=True)
    options = {
        "seed": args.seed,
        "exe": args.exe,
        "findings": str(findings) if findings else None,
        "reduce": not args.no_reduce,
    }
    manager = multiprocessing.Manager()
    claimed, lock = manager.dict(), manager.Lock()
    counts: Counter[str] = Counter()
    keys: Counter[str] = Counter()
    details: dict[str, str] = {}
    trees = commands = 0
    slowest = 0.0
    start = time.perf_counter()
    with multiprocessing.Pool(args.jobs, _start, (claimed, lock, options)) as pool:
        for ran, found, slow in pool.imap_unordered(one_tree, range(args.iterations)):
            trees += 1
            commands += ran
            slowest = max(slowest, slow)
            for category, key, detail in found:
                counts[category] += 1
                keys[key] += 1
                details.setdefault(key, detail)
            if trees % 100 == 0:
                elapsed = time.perf_counter() - start
                print(f"  {trees} trees, {commands} commands, {elapsed:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - start
    manager.shutdown()
    for key, count in sorted(keys.items()):
        print(f"  {count:5d}  {key}\n         e.g. {details[key][:300]}")
    print(f"  {elapsed:.0f} s, slowest command {slowest:.1f} s, seed {args.seed}")
    if findings and keys:
        print(f"  reproducers in {findings}")
    parts = ", ".join(f"{counts[c]} {PLURAL[c]}" for c in CATEGORIES)
    faults = (
        f" ({counts['fuzzer']} trees lost to faults of this script)" if counts["fuzzer"] else ""
    )
    print(f"fuzz_tree: {trees} trees, {commands} commands, {parts}{faults}")
    return 1 if keys else 0


def replay(args: argparse.Namespace) -> int:
    """Run saved findings again; say which still happen."""
    folders: list[Path] = []
    for each in args.replay:
        path = Path(each)
        if (path / "command.json").exists():
            folders.append(path)
        else:
            folders += sorted(p.parent for p in path.glob("*/command.json"))
    still = 0
    for folder in folders:
        record = json.loads((folder / "command.json").read_text(encoding="utf-8"))
        command = Command.from_json(record["command"])
        scene = Scene(folder / "tree", record["marker"], list(record["planted"]))
        happens = sum(
            reproduces(
                args.exe, folder / "tree", scene, command, key=record["key"], old=record["base"]
            )
            for _ in range(args.tries)
        )
        still += happens > 0
        verdict = "REPRODUCES" if happens else "gone"
        print(f"{verdict:10}  {happens}/{args.tries}  {record['key']}  ({folder.name})")
    print(f"fuzz_tree replay: {still} of {len(folders)} findings reproduce")
    return 1 if still else 0


def default_exe() -> str:
    """`strategikoll` beside the Python running this, or on PATH."""
    beside = Path(sys.executable).parent / "strategikoll"
    return str(beside) if beside.exists() else shutil.which("strategikoll") or "strategikoll"


def main() -> None:
    """Parse the arguments and fuzz, or replay."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--iterations", type=int, default=1000, help="trees to build")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--findings", default=None, help="folder for reproducers")
    parser.add_argument("--exe", default=default_exe(), help="the strategikoll to run")
    parser.add_argument("--no-reduce", action="store_true", help="save findings unreduced")
    parser.add_argument("--replay", nargs="+", default=None, help="saved findings to run again")
    parser.add_argument("--tries", type=int, default=3, help="runs per finding in --replay")
    args = parser.parse_args()
    sys.exit(replay(args) if args.replay else fuzz(args))


if __name__ == "__main__":
    main()
