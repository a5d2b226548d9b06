"""Carry out a check: find the files, read each, and judge it against the strategies that apply.

The command line hands a `CheckSettings` here and gets a `Report` back; nothing here prints.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import gc
import itertools
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatch
from functools import partial
from pathlib import Path
from typing import Any

from strategikoll import texts
from strategikoll.config import leads_outside
from strategikoll.engine import Rendered, Report, Result, Spooled, Verdict, judge
from strategikoll.errors import InputError, Problem, StrategikollError, UsageError
from strategikoll.escaping import display_name
from strategikoll.loader import MAX_BYTES, Document, load_bytes, load_file
from strategikoll.output import remove_leftovers, temp_prefix
from strategikoll.proposal import is_proposal_like, read_proposal
from strategikoll.strategies import Strategy, load_strategy, resolve
from strategikoll.waivers import ACCEPT_WAIVERS, WaiverPolicy

STDIN = "-"
SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class CheckSettings:
    """What to check and against what; the command line builds it from its options."""

    paths: tuple[str, ...]
    city: str | None = None
    at: dt.date | None = None
    strategy_files: tuple[Path, ...] = ()
    max_bytes: int = MAX_BYTES
    exclude: tuple[str, ...] = ()
    force_exclude: bool = False  # `exclude` also leaves out files named, as pre-commit names them
    stdin_filename: str | None = None  # the name standard input is shown and excluded by
    jobs: int = 0  # 0: one process per core
    output: Path | None = None  # where the report goes: never one of the files checked
    reports: tuple[Path, ...] = ()  # where further reports go (`--report`): never one either
    root: Path | None = None  # the repository: no link is followed out of it, no strategy read
    fail_on: Verdict = Verdict.FAIL  # the threshold every format's failures agree with
    waiver_policy: WaiverPolicy = ACCEPT_WAIVERS
    render: Callable[[Sequence[Result]], str] | None = None
    """A format's text for consecutive results, made by the workers of a parallel run. Their
    text may be spooled to a file that exists only while the report is being read."""


@dataclass(frozen=True)
class Walked:
    """A YAML file found by walking a directory: judged when it is a proposal, and skipped (and
    said so with -v) when it plainly is not one, a `mkdocs.yml` say. A file named on the command
    line is always judged strictly."""

    path: Path


@dataclass(frozen=True)
class Refused:
    """A path met on the way that is never opened, and why (a message key): a link that leads
    out of the directory being checked, a link to nothing, a folder that cannot be read."""

    reason: str


PARALLEL_FROM = 64
"""Below this many files, starting worker processes costs more than it saves."""

Progress = Callable[[int, int], None]
"""Told (files done, files in all) as the run goes on."""


def run_check(settings: CheckSettings, progress: Progress | None = None) -> Report:
    """Judge every proposal the settings name, in parallel across cores for large runs.

    The strategies are those of `--city` and `--strategy`; with neither, each proposal's own
    `city`. A bad `--city` or strategy file, or an output that is one of the files, stops the run
    before any file is read. The report yields the results as they are judged, in the order of the
    files, however many processes judged them.
    """
    chosen = resolve(settings.city, settings.at) if settings.city else []
    made_of: list[Path] = []  # every file of the strategies, what they extend included
    chosen += [
        load_strategy(path, root=settings.root, read=made_of) for path in settings.strategy_files
    ]
    inputs = {_identity_of(path) for path in made_of} - {None}
    strategies = chosen or None
    seen: set[tuple[int, int]] = set()
    empty: list[str] = []
    excluded: list[str] = []
    files = list(
        iter_files(
            settings.paths,
            settings.exclude,
            seen,
            settings.root,
            empty,
            force_exclude=settings.force_exclude,
            stdin_name=settings.stdin_filename,
            excluded=excluded,
        )
    )
    if not files and not excluded:  # nothing to judge at all: a usage error, not an error result
        raise UsageError(texts.t("no_proposals", paths=", ".join(settings.paths)))
    for target in (settings.output, *settings.reports):
        if target is not None and _identity_of(target) in seen | inputs:
            raise UsageError(texts.t("output_is_input", path=target))
    work = partial(
        check_one,
        strategies=strategies,
        max_bytes=settings.max_bytes,
        at=settings.at,
        waiver_policy=settings.waiver_policy,
    )
    jobs = settings.jobs or os.cpu_count() or 1
    skipped = [(folder, texts.t("no_yaml_here")) for folder in empty]
    skipped += [(name, texts.t("excluded_named")) for name in excluded]
    judged = _judged(files, work, jobs, progress, settings.render)
    return Report(judged, fail_on=settings.fail_on, skipped=skipped)


File = tuple[str, Path | Walked | Refused | None]
Render = Callable[[Sequence[Result]], str]


def _judged(
    files: list[File],
    work: Callable[..., list[Result]],
    jobs: int,
    progress: Progress | None,
    render: Render | None = None,
) -> Iterator[Result | Rendered]:
    """The results of every file in order: from worker processes when it pays, else here.

    Worker processes take the files a batch at a time. With `render`, they also write the output
    for each batch, so that the parent process only passes text on: judging and rendering then
    both use every core, and the parent handles one text per batch.
    """
    if jobs > 1 and len(files) >= PARALLEL_FROM and all(p is not None for _, p in files):
        import multiprocessing  # a run of one file starts no process

        size = max(1, min(64, len(files) // (jobs * 8)))
        batches = [files[i : i + size] for i in range(0, len(files), size)]
        spools = Path(tempfile.gettempdir())
        remove_leftovers(spools)  # what runs that were killed left behind
        with tempfile.TemporaryDirectory(prefix=temp_prefix("spool"), dir=spools) as spool:
            start = (texts.language(), work, render, spool)
            gc.freeze()  # the collector in the workers need not visit (and copy) what they share
            try:
                with multiprocessing.Pool(jobs, _start_worker, start) as pool, _terminable():
                    judged = _in_order(pool, enumerate(batches), jobs * IN_FLIGHT_PER_JOB)
                    yield from _counted(judged, len(files), progress)
            finally:
                gc.unfreeze()
    else:
        singles = ((1, work(name, path)) for name, path in files)
        yield from _counted(singles, len(files), progress)


@contextlib.contextmanager
def _terminable() -> Iterator[None]:
    """While workers run, SIGTERM (a CI job cancelled, a timeout) ends the run as an exception
    does: the workers are stopped and the spool directory removed. Entered once the workers are
    started, so that they keep the default: the pool stops them with SIGTERM."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _counted(
    batches: Iterable[tuple[int, Sequence[Result | Rendered]]],
    total: int,
    progress: Progress | None,
) -> Iterator[Result | Rendered]:
    done = 0
    for size, results in batches:
        yield from results
        done += size
        if progress is not None:
            progress(done, total)


IN_FLIGHT_PER_JOB = 4
"""Batches given to each worker ahead of what the report has taken: enough to keep the workers
busy, few enough that a report slower than the workers (one that writes a page of each result,
say) does not hold the whole run in memory."""


def _in_order(
    pool: Any, batches: Iterable[tuple[int, list[File]]], in_flight: int
) -> Iterator[tuple[int, list[Result | Rendered]]]:
    """The workers' results of each batch, in order, with at most `in_flight` batches given out
    and not yet taken: the next batch goes out as the report takes one. All of it happens here,
    in the caller's thread; nothing waits in the pool's own threads, so a run stopped at any
    point (an error, the reader gone, the interpreter ending) lets the pool stop too."""
    waiting = iter(batches)
    given: collections.deque[Any] = collections.deque(
        pool.apply_async(_check_in_worker, (batch,))
        for batch in itertools.islice(waiting, in_flight)
    )
    while given:
        judged = given.popleft().get()
        following = next(waiting, None)
        if following is not None:
            given.append(pool.apply_async(_check_in_worker, (following,)))
        yield judged


_worker: dict[str, Any] = {}
"""In a worker process: what to do with each file, set once when the worker starts."""


def _start_worker(
    language: str, work: Callable[..., list[Result]], render: Render | None, spool: str
) -> None:
    texts.set_language(language)
    _worker.update(work=work, render=render, spool=spool)


def _check_in_worker(numbered: tuple[int, list[File]]) -> tuple[int, list[Result | Rendered]]:
    """The results of a batch of files. Rendered, the text of all of them comes with the first,
    written to a file of the spool directory: it goes to the output without passing through the
    pipe back to the parent, where sending large texts costs more than making them."""
    number, batch = numbered
    work = _worker["work"]
    results: list[Result] = [result for name, path in batch for result in work(name, path)]
    render: Render | None = _worker["render"]
    if render is None:
        return len(batch), list(results)
    skipped = [r for r in results if r.skipped is not None]  # not rendered, only told
    results = [r for r in results if r.skipped is None]
    text = render(results)
    rendered: str | Spooled = text
    if text:
        path = Path(_worker["spool"], f"{number:07d}")
        path.write_text(text, encoding="utf-8", errors="surrogateescape", newline="\n")
        rendered = Spooled(path)
    # The others keep only what a report counts; the first is whole, so that a report that finds
    # it alone in the run (HTML's page of one proposal) can still say everything about it.
    return len(batch), [
        *skipped,
        *(
            Rendered(Result(r.file, r.verdict, r.strategy, title=r.title), "")
            if i
            else Rendered(r, rendered)
            for i, r in enumerate(results)
        ),
    ]


def iter_files(
    paths: tuple[str, ...],
    exclude: tuple[str, ...] = (),
    seen: set[tuple[int, int]] | None = None,
    root: Path | None = None,
    empty: list[str] | None = None,
    *,
    force_exclude: bool = False,
    stdin_name: str | None = None,
    excluded: list[str] | None = None,
) -> Iterator[File]:
    """Each input as (name, path): directories searched recursively and sorted; stdin as None.

    Files found in directories are left out when their path or name matches an `exclude` pattern.
    Each file is given once, however many ways lead to it; `seen` collects the (device, inode)
    of every file given. No link is followed out of a directory being walked, nor a named path
    that is a link out of `root` (the repository): such a path comes as `Refused`, unread.
    The name is for showing (`escaping.display_name`); the path is what is read. A directory
    without a single YAML file gives nothing; its name is added to `empty`.

    With `force_exclude` the patterns leave out files named too (standard input by `stdin_name`,
    the name it is shown by); their names are added to `excluded`.
    """
    seen = set() if seen is None else seen
    excluded = [] if excluded is None else excluded
    stdin_read = False
    for raw in _named_kept(paths, exclude if force_exclude else (), stdin_name, excluded):
        if raw == STDIN:
            if not stdin_read:
                stdin_read = True
                yield display_name(stdin_name or STDIN), None
            continue
        path = Path(raw)
        if root is not None and leads_outside(path, root):
            yield display_name(raw), Refused("link_outside")
            continue
        if os.path.isdir(path):  # noqa: PTH112 - a name too long is a "no", not an error
            found = _walked(path, exclude, seen)
            if not found and empty is not None:
                empty.append(display_name(raw))
            yield from found
        else:
            try:
                info = path.stat()
                key = (info.st_dev, info.st_ino)
            except OSError:  # missing or unreadable: reported when it is read
                yield display_name(raw), path
                continue
            if key not in seen:
                seen.add(key)
                yield display_name(raw), path


def _walked(
    folder: Path, exclude: tuple[str, ...], seen: set[tuple[int, int]]
) -> list[tuple[str, Walked | Refused]]:
    """The files a walk of `folder` finds, less those excluded or already given by another way."""
    found: list[tuple[str, Walked | Refused]] = []
    for file, key in _walk(folder):
        if exclude and _excluded(file, exclude):
            continue
        if isinstance(key, Refused):
            found.append((display_name(str(file)), key))
        elif key not in seen:
            seen.add(key)
            found.append((display_name(str(file)), Walked(file)))
    return found


def _named_kept(
    paths: tuple[str, ...], patterns: tuple[str, ...], stdin_name: str | None, excluded: list[str]
) -> Iterator[str]:
    """The paths named, less the files that `patterns` leave out (`--force-exclude`): their names
    are added to `excluded`. Standard input is matched by the name it is given. A folder is kept:
    the patterns apply to what is found in it."""
    if not patterns:
        yield from paths
        return
    for raw in paths:
        named = stdin_name if raw == STDIN else raw
        if named and not os.path.isdir(named) and _excluded(Path(named), patterns):  # noqa: PTH112
            excluded.append(display_name(named))
        else:
            yield raw


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    """A pattern matches the file's name, or the end of its path wherever the run started."""
    full = Path(os.path.realpath(path)).as_posix()  # never raises, a link loop included
    return any(fnmatch(path.name, p) or fnmatch(full, f"*/{p.lstrip('/')}") for p in patterns)


def _walk(root: Path) -> Iterator[tuple[Path, tuple[int, int] | Refused]]:
    """The YAML files under `root`, sorted, each once, with its (device, inode): a symlink loop
    or a second way in is noticed by those, which the directory listing gives without a call per
    file. A link is followed only while it stays inside `root`; a link out of it, a link to
    nothing and a folder that cannot be read come as `Refused`, so that they are reported and
    never read."""
    top = Path(os.path.realpath(root))
    visited_dirs: set[tuple[int, int]] = set()
    stack = [root]
    found: dict[str, tuple[int, int] | Refused] = {}
    keys: set[tuple[int, int]] = set()
    while stack:
        directory = stack.pop()
        try:
            info = directory.stat()
            if (info.st_dev, info.st_ino) in visited_dirs:
                continue
            visited_dirs.add((info.st_dev, info.st_ino))
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            if directory != root:
                found[str(directory)] = Refused("folder_unreadable")
            continue
        for entry in entries:
            if entry.name.startswith("."):  # .git, .github, .venv: not proposals
                continue
            try:
                seen = _entry(entry, top, info.st_dev)
            except OSError:
                continue
            if isinstance(seen, Path):
                stack.append(seen)
            elif isinstance(seen, Refused):
                found[entry.path] = seen
            elif seen is not None and seen not in keys:
                keys.add(seen)
                found[entry.path] = seen
    for name in sorted(found):
        yield Path(name), found[name]


def _entry(
    entry: os.DirEntry[str], top: Path, device: int
) -> Path | Refused | tuple[int, int] | None:
    """What one entry of a listing is: a folder to walk, a link refused, a YAML file's identity,
    or None for anything else."""
    if entry.is_symlink():
        refused = _link_refused(entry, top)
        if refused is not None:
            return refused
    if entry.is_dir():
        return Path(entry.path)
    if not entry.name.lower().endswith(SUFFIXES):
        return None
    return _identity(entry, device)


def _link_refused(entry: os.DirEntry[str], top: Path) -> Refused | None:
    """Why a link met while walking is not followed, or None when it stays inside `top`."""
    target = Path(os.path.realpath(entry.path))
    if not target.is_relative_to(top):
        return Refused("link_outside")
    if not os.path.exists(target):  # noqa: PTH110 - a name too long is a "no", not an error
        return Refused("link_dangling") if entry.name.lower().endswith(SUFFIXES) else None
    return None


def _identity_of(path: Path) -> tuple[int, int] | None:
    """The (device, inode) of the file at `path`, or None when there is none."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _identity(entry: os.DirEntry[str], device: int) -> tuple[int, int]:
    if entry.is_symlink():  # the file it points to is what counts
        target = entry.stat()
        return target.st_dev, target.st_ino
    return device, entry.inode()


def check_one(
    name: str,
    path: Path | Walked | Refused | None,
    *,
    strategies: list[Strategy] | None,
    max_bytes: int = MAX_BYTES,
    at: dt.date | None = None,
    waiver_policy: WaiverPolicy = ACCEPT_WAIVERS,
) -> list[Result]:
    """The results for one file: one per strategy, or a single error result."""
    if isinstance(path, Refused):
        return [
            Result(name, Verdict.ERROR, error=InputError(name, [Problem(texts.t(path.reason))]))
        ]
    walked = isinstance(path, Walked)
    if isinstance(path, Walked):  # narrowed here for the type checker, not by `walked`
        path = path.path
    document = None
    try:
        document = _read(name, path, max_bytes)
        if walked and not is_proposal_like(document.data):
            return [Result(name, Verdict.PASS, skipped=texts.t("not_a_proposal"))]
        proposal = read_proposal(document)
        chosen = (
            strategies
            if strategies is not None
            else _strategies_named_by(proposal.city, document, at)
        )
        return judge(proposal, document, chosen, waiver_policy=waiver_policy)
    except InputError as error:
        if document is not None:
            if strategies is None:
                error = _with_city_problem(error, document, at)
            error = error.with_excerpts(document.text)
        return [Result(name, Verdict.ERROR, error=error)]
    except Exception as exc:  # noqa: BLE001 - one file's surprise must not stop the others
        problem = Problem(texts.t("internal_error", detail=f"{type(exc).__name__}: {exc}"))
        return [Result(name, Verdict.ERROR, error=InputError(name, [problem]))]


def _read(name: str, path: Path | None, max_bytes: int) -> Document:
    if path is None:
        return load_bytes(sys.stdin.buffer.read(max_bytes + 1), name, max_bytes)
    try:
        return load_file(path, name, max_bytes)
    except InputError:
        # os.path, not Path: a name too long or a folder that cannot be searched is a "no" here,
        # not an error that ends the run.
        if not os.path.lexists(path):
            raise InputError(name, [Problem(texts.t("path_missing"))]) from None
        raise


def _with_city_problem(error: InputError, document: Document, at: dt.date | None) -> InputError:
    """The error, with an unknown `city` among its problems: every problem is told at once."""
    city = document.data.get("city") if isinstance(document.data, dict) else None
    if not isinstance(city, str) or any(p.path == "city" for p in error.problems):
        return error
    try:
        _strategies_named_by(city, document, at)
    except InputError as more:
        problems = sorted(
            [*error.problems, *more.problems], key=lambda p: (p.line or 0, p.column or 0)
        )
        return InputError(error.file, problems)
    return error


def _strategies_named_by(
    city: str | None, document: Document, at: dt.date | None
) -> list[Strategy]:
    if city is None:
        line, column = document.position(("kind",))
        raise InputError(document.file, [Problem(texts.t("no_city"), line, column)])
    if "@" in city or city.strip().lower() == "all":
        # A proposal names its city; which version judges it is the run's choice, not its own.
        line, column = document.position(("city",))
        message = f"city: {texts.t('city_with_version', city=city)}"
        raise InputError(document.file, [Problem(message, line, column, "city")])
    try:
        return resolve(city, at)
    except StrategikollError as exc:
        line, column = document.position(("city",))
        raise InputError(
            document.file, [Problem(f"city: {exc.message}", line, column, "city")]
        ) from None
