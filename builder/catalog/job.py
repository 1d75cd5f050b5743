"""One book of a catalog, built in the process this runs in: a fresh one, started for it.

The process takes the limits of `book build`'s layout workers (builder/limits.py: the
memory limit on its address space; the time limit is its engine's to keep), builds the
book as `book build` does, files what it wrote in the cache, and answers with its line of
the report. `python -m builder.catalog.job` does the same with the job as JSON on stdin
and the outcome as JSON on stdout (how a dask worker starts it).
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import signal
import sys
import time
import warnings
from dataclasses import asdict
from pathlib import Path
from typing import Any

from builder import built, limits, pipeline
from builder.catalog import cache, listing, settings
from builder.catalog.work import Job, Outcome
from builder.errors import BookError, BookWarning, Location

# Errors another try may not meet (a full or read-only disk); None: the builder's own bug.
TRANSIENT = (None, "O001")


class Terminated(BaseException):
    """SIGTERM from the catalog (stopping): unwinds, so no temporary file is left."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


def child(job: Job, answer: Any) -> None:
    """The body of a book's process: build, then send the Outcome down the pipe ANSWER."""
    # Made before the limit applies: a process over it may not manage to make another.
    over_limit = pickle.dumps(_failed(job, limits.memory_exceeded()))
    _confine()
    try:
        answer.send(run(job))
    except MemoryError:
        answer.send_bytes(over_limit)
    answer.close()


def _confine() -> None:
    limits.confine(os.getppid())
    signal.signal(signal.SIGTERM, _terminate)


def run(job: Job) -> Outcome:
    """Build JOB's book here; a failure is an Outcome too, with its one-line error."""
    root = Path(job.root)
    with warnings.catch_warnings(record=True) as notices:
        warnings.simplefilter("always", BookWarning)
        try:
            written = _build(job, root)
            outcome = Outcome(job.book, "built", [_relative(p, root) for p in written])
        except BookError as error:
            outcome = _failed(job, error)
        except MemoryError:
            outcome = _failed(job, limits.memory_exceeded())
        except Exception as error:  # one book's bug must not stop the catalog: reported
            outcome = Outcome(job.book, "failed", error=_unexpected(job.book, error), exit_code=1)
    outcome.findings = [
        _line(job, notice.message) for notice in notices if isinstance(notice.message, BookWarning)
    ]
    _measure(outcome)
    _file(job, root, outcome)
    return outcome


def _build(job: Job, root: Path) -> list[Path]:
    defaults = listing.defaults_of(Path(job.catalog_file)) if job.catalog_file else None
    config = settings.load(root, defaults, _catalog_name(job), job.shared)
    return pipeline.build_from(pipeline.read(config), job.formats)


def _catalog_name(job: Job) -> str:
    return listing.CATALOG_FILE if job.catalog_file is None else Path(job.catalog_file).name


def _failed(job: Job, error: BookError) -> Outcome:
    line = _line(job, error)
    return Outcome(job.book, "failed", error=line, code=error.code, exit_code=error.exit_code)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _line(job: Job, error: BookError | BookWarning) -> str:
    """The error's line, its file named from the catalog's folder (book/manuscript/01.md)."""
    where = error.location
    if where.file != _catalog_name(job):
        where = Location(f"{job.book}/{where.file}", where.line, where.column, where.place)
    return str(type(error)(error.message, where, error.code))


def _unexpected(book: str, error: BaseException) -> str:
    return (
        f"{book}: error: the builder failed unexpectedly ({type(error).__name__}: {error}); "
        "run `book build --debug` on it and report it"
    )


def _measure(outcome: Outcome) -> None:
    """CPU time and peak memory of this process and of its layout workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    outcome.cpu_seconds = round(
        own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime, 3
    )
    outcome.peak_memory_mb = round(max(own.ru_maxrss, workers.ru_maxrss) / 1024, 1)


def _file(job: Job, root: Path, outcome: Outcome) -> None:
    """Keep what the build wrote (or the error it stopped on) in the cache, under its key.

    Not when a file changed while the book was built (the key would lie), nor for a
    failure that another try could mend: a limit, a full disk, a crash.
    """
    lasting = not outcome.failed or (outcome.exit_code == 1 and outcome.code not in TRANSIENT)
    if (
        not lasting
        or cache.book_key(root, job.book, job.formats, job.shared, os.environ) != job.key
    ):
        return
    paths = [*outcome.outputs, *_records(root)] if not outcome.failed else []
    report = {k: v for k, v in asdict(outcome).items() if k not in ("book", "attempts")}
    try:
        cache.Store(Path(job.cache)).put(job.key, root, paths, report)
    except (BookError, OSError) as error:
        outcome.findings.append(f"{job.book}: warning: not kept in the cache: {error}")


def _records(root: Path) -> list[str]:
    """dist/'s notes of what the outputs came from (book check reads them)."""
    return [path.as_posix() for path in (built.BUILT, built.PAGE_MAP) if (root / path).is_file()]


def main() -> None:
    """`python -m builder.catalog.job`: a Job as JSON on stdin, its Outcome on stdout."""
    answer = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever else prints must not mix with the answer
    data = json.load(sys.stdin)
    job = Job(**{**data, "formats": tuple(data["formats"])})
    over_limit = json.dumps(asdict(_failed(job, limits.memory_exceeded())))
    _confine()
    started = time.monotonic()
    try:
        outcome = run(job)
        outcome.seconds = round(time.monotonic() - started, 3)
        text = json.dumps(asdict(outcome))
    except MemoryError:
        text = over_limit
    answer.write(text)
    answer.close()


if __name__ == "__main__":
    main()
