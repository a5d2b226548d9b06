"""Repository settings: `[tool.strategikoll]` in pyproject.toml, or `.strategikoll.yaml`.

Looked for in the working directory and its parents, up to the repository root (the directory
holding `.git`). Command-line options win over settings; settings win over built-in defaults.
"""

from __future__ import annotations

import contextlib
import os
import tomllib
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

    model_config = ConfigDict(extra="forbid", frozen=True)

    city: str | None = Field(None, description="Default --city.")
    paths: list[str] = Field(
        default_factory=list, description="What to check when no path is given."
    )
    exclude: list[str] = Field(default_factory=list, description="Glob patterns of files to skip.")
    fail_on: Literal["fail", "warn"] | None = Field(None, description="Default --fail-on.")
    lang: Literal["sv", "en"] | None = Field(None, description="Default --lang.")
    format: str | None = Field(None, description="Default --format.")
    strategy: list[str] = Field(default_factory=list, description="Own strategy files.")
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
        """A path from the settings file, as seen from the working directory."""
        if self.file is None or Path(value).is_absolute():
            return value
        return os.path.relpath(self.file.parent / value)


def find(start: Path | None = None) -> Found:
    """The settings in force for a run started in `start` (the working directory by default)."""
    directory = (start or Path.cwd()).resolve()
    for folder in (directory, *directory.parents):
        yaml_file, toml_file = folder / YAML_NAME, folder / TOML_NAME
        if yaml_file.is_file():
            return Found(_from_yaml(yaml_file), yaml_file)
        if toml_file.is_file():
            table = _toml_table(toml_file)
            if table is not None:
                return Found(_validate(table, Document(str(toml_file), table)), toml_file)
        if (folder / ".git").exists():
            break
    return Found(Settings(), None)


def _from_yaml(file: Path) -> Settings:
    document = load_file(file, display=str(file))
    if not isinstance(document.data, dict):
        message = t("config_not_mapping")
        raise InputError(str(file), [Problem(message, 1, 1)])
    return _validate(document.data, document)


def _toml_table(file: Path) -> dict[str, Any] | None:
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
