"""The dask engine: one task per book, on a cluster given by `--address` or on a
LocalCluster of this machine's processes.

Dask places and retries the tasks: each asks for the memory its book may take (the
MEMORY resource, in MB: the layout's memory limit for a PDF, less for an EPUB alone),
so that a worker offering 8,192 MB never builds more than four PDFs at once; a task
whose book process was killed is tried again (`retries`), and one whose worker died is
given to another worker by the scheduler. The task builds the book in a process of its
own (engines.in_fresh_process) and writes its outputs and its cache entry there, atomically:
the catalog's folder and the cache must be on storage that every worker sees at the
same path (as on this machine, or an NFS mount on each node of a cluster).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Generator
from typing import Any

from builder import limits
from builder.catalog.engines import RETRIES, Killed, in_fresh_process, killed_outcome
from builder.catalog.work import Job, Outcome, Unusable

RESOURCE = "MEMORY"
# An EPUB alone: Pride and Prejudice peaks near 150 MB, War and Peace near 400 MB.
EPUB_MEMORY_MB = 512


def memory_needed(job: Job) -> int:
    """What JOB's book asks of a worker's MEMORY: its memory limit, if it lays out a PDF."""
    limit = limits.memory_mb() or limits.DEFAULT_MEMORY_MB
    return limit if "pdf" in job.formats else min(limit, EPUB_MEMORY_MB)


class Dask:
    """Books as dask tasks: on the scheduler at ADDRESS, or on JOBS local worker processes."""

    def __init__(self, jobs: int, address: str | None) -> None:
        self.jobs = jobs
        self.address = address

    def run(self, work: list[Job]) -> Generator[Outcome, None, None]:
        """Each job's Outcome, in the order they finish; closing it cancels the rest."""
        try:
            # As a module of unknown type: distributed ships no type information.
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            message = "the dask engine is not installed: pip install 'book-builder[cluster]'"
            raise Unusable(message) from None
        need = max((memory_needed(job) for job in work), default=EPUB_MEMORY_MB)
        cluster = None
        if self.address is None:
            # Workers that may have children: each keeps a fork server for its books.
            importlib.import_module("dask").config.set({"distributed.worker.daemon": False})
            cluster = distributed.LocalCluster(
                n_workers=self.jobs, threads_per_worker=1, processes=True,
                resources={RESOURCE: need}, dashboard_address=None, silence_logs=logging.ERROR,
            )  # fmt: skip
        client = distributed.Client(self.address or cluster)
        futures: dict[Any, Job] = {}
        try:
            _check_workers(client, need)
            for number, job in enumerate(work):
                future = client.submit(
                    in_fresh_process, job, key=f"book-{number}-{job.key[:16]}",
                    resources={RESOURCE: memory_needed(job)}, retries=RETRIES, pure=False,
                )  # fmt: skip
                futures[future] = job
            for future in distributed.as_completed(futures):
                yield _outcome(future, futures[future])
        finally:
            client.cancel(list(futures))
            client.close()
            if cluster is not None:
                cluster.close()


def _check_workers(client: Any, need: int) -> None:
    """A task asking for more MEMORY than every worker offers would wait for ever."""
    workers = client.scheduler_info().get("workers", {}).values()
    offered = [worker.get("resources", {}).get(RESOURCE, 0) for worker in workers]
    if not offered:
        raise Unusable("the dask cluster has no workers")
    if max(offered) < need:
        raise Unusable(
            f"no dask worker offers {need} MB of {RESOURCE} (the most is {max(offered):g}): "
            f"start the workers with --resources {RESOURCE}={need} or more"
        )


def _outcome(future: Any, job: Job) -> Outcome:
    """The task's Outcome; a task that failed every try is a failed book, not a crash."""
    if future.status != "error":
        outcome = future.result()
        assert isinstance(outcome, Outcome)
        return outcome
    error = future.exception()
    if isinstance(error, Killed):
        return killed_outcome(job.book, error.signum, RETRIES + 1)
    message = f"{job.book}: error: the dask task failed ({type(error).__name__}: {error})"
    return Outcome(job.book, "failed", error=message, exit_code=1)
