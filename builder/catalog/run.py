"""`book catalog`: every book of a catalog, from the cache where it can, by the engine where
it must; then the report. One broken book never stops the others."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console

from builder.catalog import cache, listing, report
from builder.catalog.work import Job, Outcome
from builder.errors import BookError

if TYPE_CHECKING:
    from builder.catalog.cluster import Dask
    from builder.catalog.engines import Local

CACHE_DIR = ".book-cache"


@dataclass(frozen=True)
class Options:
    formats: tuple[str, ...]
    engine: str = "local"  # local or dask
    jobs: int | None = None
    address: str | None = None
    cache: Path | None = None


def main(path: Path, options: Options, console: Console) -> int:
    """Build the catalog at PATH; the exit status: 1 if a book failed, else 0."""
    started = time.monotonic()
    catalog = listing.load(path)
    store = cache.Store((options.cache or catalog.root / CACHE_DIR).resolve())
    jobs = [_job(catalog, book, options.formats, store) for book in catalog.books]
    done: list[Outcome] = []
    work: list[Job] = []
    for job in jobs:
        found = from_cache(store, job)
        if found is None:
            work.append(job)
        else:
            done.append(found)
    with report.Display(console, len(jobs), done) as display:
        for outcome in _built(work, options):
            display.finished(outcome)
            done.append(outcome)
    order = {job.book: number for number, job in enumerate(jobs)}
    done.sort(key=lambda outcome: order[outcome.book])
    seconds = time.monotonic() - started
    settings = {"catalog": str(catalog.root), "formats": list(options.formats),
                "engine": options.engine, "seconds": round(seconds, 3)}  # fmt: skip
    written = report.write(catalog.root, done, settings)
    console.print(
        f"{report.summary(done, seconds)}; report: {written}", highlight=False, soft_wrap=True
    )
    return 1 if any(outcome.failed for outcome in done) else 0


def _job(catalog: listing.Catalog, book: listing.Book, formats: tuple[str, ...],
         store: cache.Store) -> Job:  # fmt: skip
    shared = catalog.defaults_text
    key = cache.book_key(book.root, book.name, formats, shared, os.environ)
    file = str(catalog.file.resolve()) if catalog.file else None
    root = str(book.root.resolve())
    return Job(book.name, root, formats, key, str(store.folder), file, shared)


def from_cache(store: cache.Store, job: Job) -> Outcome | None:
    """The book's Outcome from the cache, its files brought back into dist/; None: a miss.

    A failure is kept too (an error in the book comes back until the book changes).
    """
    entry = store.get(job.key)
    if entry is None:
        return None
    try:
        kept = Outcome(job.book, **entry.report)
    except TypeError:  # not an entry this builder wrote
        return None
    if not kept.failed:
        try:
            restored = store.restore(entry, Path(job.root))
        except (cache.Damaged, BookError):
            return None
        kept.status = "restored" if restored else "cached"
    # The figures are this run's: nothing was built.
    kept.seconds = kept.cpu_seconds = kept.peak_memory_mb = 0.0
    return kept


def _built(work: list[Job], options: Options) -> Iterator[Outcome]:
    """The Outcomes of the books the cache did not have, as the engine finishes them."""
    if not work:
        return
    jobs = options.jobs or os.cpu_count() or 1
    if options.engine == "dask":
        from builder.catalog import cluster

        engine: Dask | Local = cluster.Dask(jobs, options.address)
    else:
        from builder.catalog import engines

        engine = engines.Local(min(jobs, len(work)))
    with closing(engine.run(work)) as outcomes:
        yield from outcomes
