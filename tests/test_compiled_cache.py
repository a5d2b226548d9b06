"""Bundled strategies kept compiled between runs: the same strategies, never stale, never in the
way.

A cold check reads the bundled strategies from a cache instead of compiling them (`compiled.py`).
These tests hold the cache to what the file gives: an equal strategy, the same report; an edited
strategy or module is compiled again; a damaged, foreign or unwritable cache is the same as none;
and nothing from the tree being checked is ever kept.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from strategikoll import compiled, strategies
from strategikoll.compiled import CACHE_VARIABLE, kept_or_compiled
from strategikoll.strategies import BUNDLED_DIR, load_strategy

BUNDLED = sorted(BUNDLED_DIR.glob("*.yaml"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    return folder


def _never() -> strategies.Strategy:
    raise AssertionError("compiled again, though the cache holds it")


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_a_kept_strategy_is_the_strategy_its_file_compiles_to(cache, path):
    first = kept_or_compiled(path, lambda: load_strategy(path))
    assert len(list(cache.glob(f"{path.stem}-*.pickle"))) == 1
    again = kept_or_compiled(path, _never)
    fresh = load_strategy(path)
    assert again == fresh == first
    assert again is not first
    for kept, made in zip(again.principles, fresh.principles, strict=True):
        assert (kept.id, kept.origin, kept.reads) == (made.id, made.origin, made.reads)
        assert kept.judged == {} and kept.witnessed == {}


def _check_all(env: dict[str, str]) -> str:
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "strategikoll",
            "check",
            str(EXAMPLES),
            "--city",
            "all",
            "-f",
            "json",
        ],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, **env},
        check=False,
    )
    assert run.returncode in (0, 1), run.stderr
    report = json.loads(run.stdout)
    report.pop("tool", None)
    return json.dumps(report, sort_keys=True)


def test_every_example_is_judged_alike_compiled_kept_or_without_a_cache(tmp_path):
    folder = tmp_path / "cache"
    written = _check_all({CACHE_VARIABLE: str(folder)})  # compiles and keeps
    assert len(list(folder.glob("*.pickle"))) == len({p.stem.split("-")[0] for p in BUNDLED})
    read = _check_all({CACHE_VARIABLE: str(folder)})  # reads what was kept
    without = _check_all({CACHE_VARIABLE: "off"})
    assert written == read == without
    assert '"verdict": "fail"' in without


@pytest.fixture
def own_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> Path:
    """The bundled strategies and the package's modules, copied where a test may edit them."""
    bundled = tmp_path / "bundled"
    shutil.copytree(BUNDLED_DIR, bundled)
    package = tmp_path / "package"
    shutil.copytree(compiled.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(strategies, "BUNDLED_DIR", bundled)
    monkeypatch.setattr(compiled, "PACKAGE", package)
    _forget()
    yield bundled
    _forget()


def _forget() -> None:
    """What this process remembers of the bundled strategies and of the cache's key."""
    compiled.digest.cache_clear()
    strategies.bundled.cache_clear()
    strategies.bundled_versions.cache_clear()
    strategies._principles_of.cache_clear()


def test_an_edited_strategy_is_compiled_again(own_package, cache):
    before = strategies.bundled("malmo", "2006")
    first_id = before.principles[0].id
    title = before.principles[0].spec.title.sv
    path = own_package / "malmo-2006.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(title) >= 1
    path.write_text(text.replace(title, "Ändrad rubrik", 1), encoding="utf-8")
    _forget()
    after = strategies.bundled("malmo", "2006")
    changed = next(p for p in after.principles if p.id == first_id)
    assert changed.spec.title.sv == "Ändrad rubrik"
    assert len(list(cache.glob("malmo-2006-*.pickle"))) == 1  # the stale one is gone


def test_an_edited_module_gives_another_key(own_package):
    key = compiled.digest()
    module = compiled.PACKAGE / "conditions.py"
    module.write_text(module.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    compiled.digest.cache_clear()
    assert compiled.digest() != key


def test_a_damaged_or_foreign_file_is_compiled_over(cache):
    path = BUNDLED_DIR / "goteborg-undated.yaml"
    cache.mkdir()
    target = cache / f"{path.stem}-{compiled.digest()}.pickle"
    for content in (b"not a pickle", pickle.dumps({"a": "dict"}), b""):
        target.write_bytes(content)
        strategy = kept_or_compiled(path, lambda: load_strategy(path))
        assert strategy == load_strategy(path)
        assert kept_or_compiled(path, _never) == strategy  # and kept whole this time


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("in the way", encoding="utf-8")
    monkeypatch.setenv(CACHE_VARIABLE, str(blocked / "cache"))
    path = BUNDLED_DIR / "helsingborg-2012.yaml"
    assert kept_or_compiled(path, lambda: load_strategy(path)) == load_strategy(path)
    assert blocked.read_text(encoding="utf-8") == "in the way"


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_VARIABLE, "off")
    assert compiled.folder() is None
    monkeypatch.delenv(CACHE_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert compiled.folder() == tmp_path / "strategikoll"


def test_a_strategy_from_the_tree_is_never_kept(cli, write, tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(folder))
    own = write(
        "own.yaml",
        (BUNDLED_DIR / "malmo-2006.yaml")
        .read_text(encoding="utf-8")
        .replace("city: malmo", "city: egen", 1),
    )
    proposal = EXAMPLES / "malmo" / "cooperation-agreement-newcastle.yaml"
    run = cli("check", proposal, "--strategy", own)
    assert run.exit_code in (0, 1), run.stderr
    kept = {p.name.rsplit("-", 1)[0] for p in folder.glob("*.pickle")} if folder.exists() else set()
    assert all(name in {p.stem for p in BUNDLED} for name in kept)
    assert not list(folder.rglob("*own*")) if folder.exists() else True


def test_the_cities_other_spellings_are_kept_as_read(cache):
    strategies.city_names.cache_clear()
    try:
        first = strategies.city_names()
        assert len(list(cache.glob("city-names-*.pickle"))) == 1
        strategies.city_names.cache_clear()
        assert strategies.city_names() == first == strategies._city_names()
        assert first["malmö"] == "malmo"
    finally:
        strategies.city_names.cache_clear()


def test_a_module_rewritten_with_its_old_time_still_gives_another_key(own_package):
    """An install may keep the files' modification times; the change time it cannot keep."""
    key = compiled.digest()
    module = compiled.PACKAGE / "engine.py"
    before = module.stat()
    module.write_bytes(module.read_bytes())
    os.utime(module, ns=(before.st_atime_ns, before.st_mtime_ns))
    compiled.digest.cache_clear()
    assert compiled.digest() != key


def test_nothing_is_kept_in_or_read_from_the_repository_being_checked(tmp_path, monkeypatch):
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    inside = repository / ".cache"
    monkeypatch.setenv(CACHE_VARIABLE, str(inside))
    monkeypatch.chdir(repository)
    path = BUNDLED_DIR / "goteborg-undated.yaml"
    # A file of the right name, as a pull request could commit it, is never read.
    inside.mkdir(mode=0o700)
    planted = inside / f"{path.stem}-{compiled.digest()}.pickle"
    planted.write_bytes(pickle.dumps(load_strategy(BUNDLED_DIR / "malmo-2006.yaml")))
    made = []
    strategy = kept_or_compiled(path, lambda: made.append(1) or load_strategy(path))
    assert made == [1] and strategy.city == "goteborg"
    assert [p.name for p in inside.iterdir()] == [planted.name]  # nothing written either


def test_a_kept_file_others_may_write_to_is_not_read(cache):
    path = BUNDLED_DIR / "goteborg-undated.yaml"
    kept_or_compiled(path, lambda: load_strategy(path))
    (target,) = cache.glob(f"{path.stem}-*.pickle")
    target.chmod(0o666)
    made = []
    kept_or_compiled(path, lambda: made.append(1) or load_strategy(path))
    assert made == [1]
    cache.chmod(0o777)
    target.chmod(0o600)
    made.clear()
    kept_or_compiled(path, lambda: made.append(1) or load_strategy(path))
    assert made == [1]
