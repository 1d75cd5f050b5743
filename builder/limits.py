"""How much memory and time a layout may take: beyond them, exit status 3, not a stuck machine.

WeasyPrint runs in worker processes (one per core, or one for a small job) whose
address space is capped with RLIMIT_AS and whose results are awaited for a
bounded time; a worker over either limit is killed and the build says which
limit it hit. BOOK_MEMORY_LIMIT_MB and BOOK_TIME_LIMIT_S change them (0: none).
A paragraph too long for WeasyPrint to break into lines in reasonable time is
refused before any layout starts (BOOK_PARAGRAPH_LIMIT, in characters).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

from builder.errors import LimitExceeded, Location
from builder.model import BLOCK_TAGS, Book, Element, Node, iter_elements, plain_text

MEMORY_ENV, TIME_ENV = "BOOK_MEMORY_LIMIT_MB", "BOOK_TIME_LIMIT_S"
PARAGRAPH_ENV = "BOOK_PARAGRAPH_LIMIT"
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# A worker starts at about 0.3 GB of address space (fonts, libraries, arenas), and
# a 1,300-page book laid out as one document peaks near 0.6 GB of memory.
DEFAULT_MEMORY_MB = 2048
DEFAULT_TIME_S = 30 * 60
# WeasyPrint re-encodes and re-shapes the rest of a paragraph for every line it breaks,
# so one paragraph costs about the square of its length: on one core, 130,000 characters
# take 6 s, 330,000 take 23 s and 660,000 take 54 s, while the same text in paragraphs
# takes half that; a 400,000-word chapter on one line would take many minutes. 200,000
# characters (some 30,000 words) is far more than a printed paragraph ever holds.
DEFAULT_PARAGRAPH_CHARS = 200_000

T = TypeVar("T")
R = TypeVar("R")


def _setting(name: str, default: float) -> float | None:
    raw = os.environ.get(name, "").strip()
    try:
        value = float(raw) if raw else default
    except ValueError:
        value = default
    return value if value > 0 else None


def memory_mb() -> int | None:
    value = _setting(MEMORY_ENV, DEFAULT_MEMORY_MB)
    return None if value is None else int(value)


def time_s() -> float | None:
    return _setting(TIME_ENV, DEFAULT_TIME_S)


def paragraph_chars() -> int | None:
    value = _setting(PARAGRAPH_ENV, DEFAULT_PARAGRAPH_CHARS)
    return None if value is None else int(value)


def check_paragraphs(book: Book) -> None:
    """Refuse, before any layout, a paragraph too long to lay out for print in time."""
    limit = paragraph_chars()
    if limit is None:
        return
    for chapter in book.chapters():
        blocks = chapter.blocks + tuple(b for note in chapter.notes for b in note.blocks)
        for block in _leaf_blocks(blocks):
            size = len(plain_text(block.children))
            if size > limit:
                message = (
                    f"a paragraph of {size:,} characters is too long to lay out for print "
                    f"(limit {limit:,}, {PARAGRAPH_ENV}); break it into paragraphs, or build "
                    "the EPUB alone with --format epub"
                )
                raise LimitExceeded(message, Location(chapter.source, block.line or None), "L003")


def _leaf_blocks(nodes: tuple[Node, ...]) -> list[Element]:
    """The blocks that hold text directly (paragraphs, headings, list items of text...)."""
    return [
        element
        for element in iter_elements(nodes)
        if element.tag in BLOCK_TAGS
        and not any(child.tag in BLOCK_TAGS for child in iter_elements(element.children))
    ]


def memory_exceeded() -> LimitExceeded:
    message = (
        f"the layout exceeded the memory limit of {memory_mb()} MB; shorten what one "
        f"chapter holds (huge pictures, tables, very long paragraphs) or raise {MEMORY_ENV}"
    )
    return LimitExceeded(message, Location("book.yaml"), "L001")


def time_exceeded() -> LimitExceeded:
    message = (
        f"the layout exceeded the time limit of {time_s():g} s; check the stylesheets "
        f"for extreme values, or raise {TIME_ENV}"
    )
    return LimitExceeded(message, Location("book.yaml"), "L002")


def _die_with(parent: int) -> None:
    """In a worker: end when the build (PARENT) ends, even by SIGKILL (a CI job's time-out).

    Otherwise the workers live on as orphans, laying out a book nobody waits for.
    """
    if sys.platform.startswith("linux"):
        import ctypes

        # The kernel sends SIGKILL when the thread that forked us ends: the pool forks its
        # workers in the thread that calls bounded_map, which ends with the build (and
        # not before the pool, which bounded_map shuts down before it returns).
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    elif sys.platform != "win32":
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    # The parent may have died before prctl ran: then no signal will ever come.
    if os.getppid() != parent:
        os._exit(1)


def _watch(parent: int) -> None:
    """Where there is no prctl: poll for the parent's end (we are then reparented)."""
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


def _start(initializer: Callable[..., None], initargs: tuple[Any, ...], parent: int) -> None:
    """In a worker: die with the build, cap memory, leave Ctrl-C and SIGTERM to the parent."""
    _die_with(parent)
    limit = memory_mb()
    if limit is not None and sys.platform != "win32":
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        wanted = limit * 1024 * 1024
        soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if memory_mb() is not None and not os.environ.get("BOOK_WORKER_STDERR"):
        # Out of memory, C libraries (GLib) print their own errors; the build's one line
        # says what happened. BOOK_WORKER_STDERR=1 keeps them, for debugging.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    initializer(*initargs)


def confine(parent: int) -> None:
    """In a process of its own that builds a whole book (`book catalog`): the limits and
    signals of a layout worker, so that the book is held to the same memory limit."""
    _start(_nothing, (), parent)


def _nothing() -> None:
    pass


def bounded_map(
    function: Callable[[T], R],
    jobs: Iterable[T],
    workers: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...] = (),
) -> Iterator[R]:
    """FUNCTION over JOBS in worker processes, in order, within the memory and time limits."""
    # Fork keeps the modules already imported; spawn where there is no fork.
    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=_start,
        initargs=(initializer, initargs, os.getpid()),
    )
    finished = False
    try:
        yield from pool.map(function, jobs, timeout=time_s())
        finished = True
    except TimeoutError:
        raise time_exceeded() from None
    except (MemoryError, BrokenProcessPool):
        raise memory_exceeded() from None
    except SystemError:
        # What a C extension raises when an allocation fails without setting MemoryError.
        if memory_mb() is None:
            raise
        raise memory_exceeded() from None
    finally:
        if not finished:
            # Stop now: waiting for the batches still running could take minutes.
            for process in list((pool._processes or {}).values()):
                process.kill()
            _unblock_feeder(pool)
        pool.shutdown(wait=True, cancel_futures=True)


def _unblock_feeder(pool: ProcessPoolExecutor) -> None:
    """Let the pool shut down although its workers were killed mid-job.

    The thread that feeds jobs to the workers may be blocked writing a large batch into
    their pipe; with the workers dead nobody reads it, and a Python without the fix for
    CPython gh-94777 (Debian 12's 3.11.2 among them) then waits for that thread forever.
    Closing the pipe's reading end here makes the write fail at once, as fixed Pythons
    do themselves; closing it twice is harmless.
    """
    queue = getattr(pool, "_call_queue", None)
    reader = getattr(queue, "_reader", None)
    if reader is not None:
        reader.close()
