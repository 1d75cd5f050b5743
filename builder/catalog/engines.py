"""Where a catalog's books are built: a pool of processes on this machine, or a dask cluster.

Either way each book is built in a process started for it alone (job.py), never in a
process that has laid out another book: WeasyPrint keeps whole documents in memory, and
a process that has imported it must not be forked. A process killed in the middle of a
book (the OOM killer, a cluster's node going away) costs a retry, not the catalog; the
book's time limit is kept here, its memory limit in the process itself.

The local engine is concurrent.futures' thread pool: each thread starts one book's
process from a fork server (a clean process that has imported the builder, but not
WeasyPrint, so that a small book does not pay for Python's start and imports) and waits
for its answer. The dask engine submits one task per book (dask schedules, retries and
places them by the memory they ask for); the task starts the book's process the same way
(from a fork server of its worker), or as `python -m builder.catalog.job` where the
worker may not have children.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict
from multiprocessing.context import ForkServerContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from builder import limits
from builder.catalog.job import child
from builder.catalog.work import Job, Outcome

# How often a book is tried again after its process was killed (so three tries in all).
RETRIES = 2
# How long a stopped book's process has to clean up before it is killed.
GRACE_S = 10.0


class Killed(Exception):
    """A book's process ended by a signal it did not ask for: worth another try."""

    def __init__(self, book: str, signum: int) -> None:
        super().__init__(book, signum)
        self.book = book
        self.signum = signum


def killed_outcome(book: str, signum: int, tries: int) -> Outcome:
    name = signal.Signals(signum).name if signum in signal.valid_signals() else str(signum)
    error = f"{book}: error: the process building it was killed ({name}), {tries} times"
    return Outcome(book, "failed", error=error, exit_code=1, attempts=tries)


def silent_outcome(book: str, status: int) -> Outcome:
    error = f"{book}: error: the process building it ended without an answer (status {status})"
    return Outcome(book, "failed", error=error, exit_code=1)


def time_outcome(book: str) -> Outcome:
    error = limits.time_exceeded()
    return Outcome(book, "failed", error=f"{book}: {error}", code=error.code, exit_code=3)


def sweep(job: Job, pid: int) -> None:
    """Remove the temporary files a killed book process left in its dist/."""
    for stale in Path(job.root, "dist").rglob(f".*.{pid}.*.tmp"):
        stale.unlink(missing_ok=True)


def fork_server() -> ForkServerContext:
    """Processes forked from a server that has imported the builder, not WeasyPrint."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["builder.catalog.job"])
    return context


def answer(
    job: Job, process: BaseProcess, reader: Any, started: float, stopping: Callable[[], bool]
) -> Outcome:
    """The book's Outcome, once its process answers, dies or runs out of time."""
    outcome: Outcome | None = None
    if not reader.poll(limits.time_s()):  # neither an answer nor the end of the pipe
        process.kill()
        outcome = time_outcome(job.book)
    else:
        # EOFError: the process died before it answered.
        with contextlib.suppress(EOFError, OSError):
            outcome = reader.recv()
    process.join()
    assert process.pid is not None and process.exitcode is not None
    if outcome is None or process.exitcode != 0:
        sweep(job, process.pid)
    if outcome is None:
        if stopping():
            raise Stopped
        if process.exitcode < 0:
            raise Killed(job.book, -process.exitcode)
        return silent_outcome(job.book, process.exitcode)
    outcome.seconds = round(time.monotonic() - started, 3)
    return outcome


class Local:
    """Books in fresh processes on this machine, JOBS at a time."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.context = fork_server()
        self.lock = threading.Lock()
        self.stopping = False
        self.running: dict[int, BaseProcess] = {}

    def run(self, work: list[Job]) -> Generator[Outcome, None, None]:
        """Each job's Outcome, in the order they finish; closing it stops every book."""
        pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="book")
        futures = [pool.submit(self._tries, job) for job in work]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            self._stop()
            pool.shutdown(wait=True, cancel_futures=True)

    def _tries(self, job: Job) -> Outcome:
        for attempt in range(1, RETRIES + 2):
            try:
                outcome = self._once(job)
            except Killed as killed:
                if attempt > RETRIES:
                    return killed_outcome(job.book, killed.signum, attempt)
                continue
            outcome.attempts = attempt
            return outcome
        raise AssertionError("unreachable")

    def _once(self, job: Job) -> Outcome:
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(target=child, args=(job, writer), name=job.book)
        with self.lock:
            if self.stopping:
                raise Stopped
            started = time.monotonic()
            process.start()
            assert process.pid is not None
            self.running[process.pid] = process
        writer.close()
        try:
            return answer(job, process, reader, started, lambda: self.stopping)
        finally:
            reader.close()
            with self.lock:
                self.running.pop(process.pid, None)

    def _stop(self) -> None:
        """Stop every book still building: SIGTERM (it unwinds, leaving no temporary
        file), then SIGKILL for one that takes longer than GRACE_S."""
        with self.lock:
            self.stopping = True
            processes = list(self.running.values())
        for process in processes:
            process.terminate()
        deadline = time.monotonic() + GRACE_S
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join()


class Stopped(Exception):
    """The catalog is stopping: no new book starts, none is tried again."""


def in_fresh_process(job: Job) -> Outcome:
    """JOB's book in a process of its own, from a dask task: forked from this worker's fork
    server, or where the worker may not have children (a daemonic process, dask's default
    for the workers its nannies start) by `python -m builder.catalog.job`. Raises Killed
    when the process dies by a signal, so that dask tries again."""
    if multiprocessing.current_process().daemon:
        return in_subprocess(job)
    context = fork_server()
    reader, writer = context.Pipe(duplex=False)
    process = context.Process(target=child, args=(job, writer), name=job.book)
    started = time.monotonic()
    process.start()
    writer.close()
    try:
        return answer(job, process, reader, started, lambda: False)
    finally:
        reader.close()


def in_subprocess(job: Job) -> Outcome:
    """JOB's book built by `python -m builder.catalog.job`; raises Killed when the process
    dies by a signal."""
    started = time.monotonic()
    command = [sys.executable, "-m", "builder.catalog.job"]
    try:
        done = subprocess.run(
            command, input=json.dumps(asdict(job)).encode(), capture_output=True,
            timeout=limits.time_s(), check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        return time_outcome(job.book)
    if done.returncode < 0:
        raise Killed(job.book, -done.returncode)
    try:
        outcome = Outcome(**json.loads(done.stdout))
    except (ValueError, TypeError):
        return silent_outcome(job.book, done.returncode)
    outcome.seconds = round(time.monotonic() - started, 3)
    return outcome
