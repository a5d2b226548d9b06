"""Repository settings: `[tool.strategikoll]` in pyproject.toml, or `.strategikoll.yaml`.

Looked for in the working directory and its parents, up to the repository root (the directory
holding `.git`). Command-line options win over settings; settings win over built-in defaults.

Settings come from the tree being checked, and a pull request can change that tree, so they are
held to what a tree may decide (see SECURITY.md): their paths stay inside the repository, and
they can lower the cost of a run but not raise it. A gate that must not trust the tree reads its
settings from elsewhere (`--config FILE`, say the base branch's) or none at all (`--isolated`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError

from strategikoll.errors import InputError, Problem, UsageError
from strategikoll.loader import Document, load_file
from strategikoll.texts import t
from strategikoll.validation import problems_from

YAML_NAME = ".strategikoll.yaml"
TOML_NAME = "pyproject.toml"


class Settings(BaseModel):
    """What a repository can set once instead of on every command line."""

    # Built when a settings file is read: a run without one never pays for it.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    city: str | None = Field(None, description="Default --city.")
    # Lists as defaults, not `default_factory=list`: pydantic copies them for each instance, and
    # a factory's signature is read on every start.
    paths: list[str] = Field(default=[], description="What to check when no path is given.")
    exclude: list[str] = Field(default=[], description="Glob patterns of files to skip.")
    fail_on: Literal["fail", "warn"] | None = Field(None, description="Default --fail-on.")
    lang: Literal["sv", "en"] | None = Field(None, description="Default --lang.")
    format: str | None = Field(None, description="Default --format.")
    strategy: list[str] = Field(default=[], description="Own strategy files.")
    jobs: StrictInt | None = Field(
        None, ge=1, description="Processes to use; default one per core."
    )
    max_size: str | None = Field(
        None, description="Largest file read, like --max-size: 500k, 2M or a number of bytes."
    )


@dataclass(frozen=True)
class Found:
    """Settings and the file they came from; paths in them are made relative to where we run."""

    settings: Settings
    file: Path | None
    root: Path | None = None  # the repository their paths must stay in
    base: Path | None = None  # what their paths are relative to; the file's folder by default

    @contextlib.contextmanager
    def blamed(self, from_settings: bool) -> Iterator[None]:
        """Name the settings file in a usage error that a setting (not a flag) caused."""
        try:
            yield
        except UsageError as error:
            if not from_settings or self.file is None:
                raise
            raise UsageError(f"{self.file}: {error.message}") from None

    def path(self, value: str) -> str:
        """A path from the settings file, as seen from the working directory.

        It must lead to somewhere inside the repository, links resolved: a settings file may
        not send the run, or the reading of a strategy, anywhere else.
        """
        if self.file is None:
            return value
        target = (self.base or self.file.parent) / value
        root = self.root or self.file.parent.resolve()
        try:
            inside = Path(os.path.realpath(target)).is_relative_to(root)
        except ValueError:  # a NUL in the name: no path at all
            inside = False
        if not inside:
            raise UsageError(t("config_path_outside", path=value, root=root))
        return os.path.relpath(target)


def leads_outside(path: Path, root: Path) -> bool:
    """Whether `path` goes through a link to somewhere outside `root` (the repository): such a
    path, named by whoever runs the check but laid by the tree, is never read."""
    try:
        real = Path(os.path.realpath(path))
        absolute = Path(os.path.abspath(path))  # noqa: PTH100 - normalised, links not resolved
    except ValueError:  # a NUL in the name: nothing to follow
        return False
    return real != absolute and not real.is_relative_to(root)


NONE = Settings.model_construct()
"""No settings: every default, made without building the model's validator."""
ISOLATED = Found(NONE, None)
"""No settings at all: what `--isolated` gives."""


def repository_root(start: Path | None = None) -> Path:
    """The repository a run is in: the nearest folder up from `start` holding `.git`, or `start`
    (the working directory) itself."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        if (folder / ".git").exists():
            return folder
    return directory


def find(start: Path | None = None, root: Path | None = None) -> Found:
    """The settings in force for a run started in `start` (the working directory by default).

    When one folder holds settings in both files, neither is chosen silently: that is an error.
    """
    directory = (start or Path.cwd()).resolve()
    root = root or repository_root(directory)
    for folder in (directory, *directory.parents):
        yaml_file, toml_file = folder / YAML_NAME, folder / TOML_NAME
        for each in (yaml_file, toml_file):
            if leads_outside(each, root):  # laid by the tree: never followed out of it
                raise UsageError(f"{each}: {t('link_outside')}")
        table = _toml_table(toml_file) if toml_file.is_file() else None
        if yaml_file.is_file() and table is not None:
            raise UsageError(t("config_twice", yaml=yaml_file, toml=toml_file))
        if yaml_file.is_file():
            return Found(_from_yaml(yaml_file), yaml_file, root)
        if table is not None:
            return Found(_validate(table, Document(str(toml_file), table)), toml_file, root)
        if folder == root:
            break
    return Found(NONE, None, root)


def load(file: Path, root: Path | None = None) -> Found:
    """The settings of one named file (`--config`): a `.strategikoll.yaml`-style YAML file, or a
    TOML file with a `[tool.strategikoll]` table. Its paths are read relative to the working
    directory's repository, since the file itself may lie elsewhere (the base branch's copy)."""
    root = root or repository_root()
    if leads_outside(file, root):  # a link the tree laid, whoever names it
        raise UsageError(f"{file}: {t('link_outside')}")
    if not file.is_file():
        raise UsageError(t("config_missing", path=file))
    if file.suffix == ".toml":
        table = _toml_table(file)
        if table is None:
            raise UsageError(t("config_no_table", path=file))
        settings = _validate(table, Document(str(file), table))
    else:
        settings = _from_yaml(file)
    return Found(settings, file, root, base=root)


def _from_yaml(file: Path) -> Settings:
    document = load_file(file, display=str(file))
    if not isinstance(document.data, dict):
        message = t("config_not_mapping")
        raise InputError(str(file), [Problem(message, 1, 1)])
    return _validate(document.data, document)


def _toml_table(file: Path) -> dict[str, Any] | None:
    import tomllib

    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(file), [Problem(t("config_unreadable", reason=exc))]) from None
    tool = data.get("tool")
    table = tool.get("strategikoll") if isinstance(tool, dict) else None
    return table if isinstance(table, dict) else None


def _validate(data: dict[str, Any], document: Document) -> Settings:
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise InputError(document.file, problems_from(exc, document, Settings)) from None
