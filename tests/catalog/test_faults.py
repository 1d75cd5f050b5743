"""Faults in a catalog run: a book's process killed mid-build, and Ctrl-C.

These start the real `book catalog` and act on its real processes, found in /proc: the
fork server (a child of the catalog), the book processes (its children) and their
layout workers (theirs). Small PDF books, so that each book takes long enough to act on.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from builder import pipeline
from tests.catalog.conftest import BOOK, copy_corpus, retitle, run_catalog
from tests.catalog.processes import alive, book_processes, children

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def pdf_catalog(folder: Path, count: int) -> Path:
    """COUNT copies of the short corpus book, each a different title, in FOLDER."""
    for number in range(1, count + 1):
        retitle(copy_corpus("last-morning", folder / f"morning-{number}"), f"Morning {number}")
    return folder


def _wait_for(found: Callable[[], list[int]], process: subprocess.Popen[bytes]) -> list[int]:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if pids := found():
            return pids
        time.sleep(0.02)
    process.kill()
    pytest.fail("the catalog never reached the state to act on")


def _interruptible() -> None:
    """In the child: Ctrl-C as at a terminal, even where the tests run with SIGINT ignored
    (a shell's background job), which Python and so the catalog would inherit."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def test_a_book_whose_process_is_killed_is_built_again(tmp_path: Path) -> None:
    """SIGKILL to a book's process in the middle of its layout: tried again, the catalog
    completes, and no dist/ holds a half-written file."""
    folder = pdf_catalog(tmp_path / "catalog", 2)
    command = [str(BOOK), "catalog", str(folder), "--jobs", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def laying_out() -> list[int]:
        return [book for book in book_processes(process.pid) if children(book)]

    (victim, *_) = _wait_for(laying_out, process)
    os.kill(victim, signal.SIGKILL)
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr.decode()
    report = json.loads((folder / "dist" / "catalog-report.json").read_text())
    tries = {book["book"]: book["attempts"] for book in report["books"]}
    assert sorted(tries.values()) == [1, 2]
    assert {book["status"] for book in report["books"]} == {"built"}
    assert _temporaries(folder) == []
    killed = next(name for name, count in tries.items() if count == 2)
    plain = pdf_catalog(tmp_path / "plain", 2) / killed
    for output in pipeline.build(plain):
        assert (folder / killed / "dist" / output.name).read_bytes() == output.read_bytes()


def test_ctrl_c_stops_everything_and_a_rerun_resumes(tmp_path: Path) -> None:
    """SIGINT to `book catalog` while a book is laid out: exit 130, every process it
    started ends, nothing half-written; the rerun takes the finished book from the cache."""
    folder = pdf_catalog(tmp_path / "catalog", 3)
    command = [str(BOOK), "catalog", str(folder), "--jobs", "1"]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, preexec_fn=_interruptible
    )

    def second_book_laid_out() -> list[int]:
        if not list(folder.glob("*/dist/*.pdf")):
            return []
        books = book_processes(process.pid)
        return [pid for book in books for pid in (book, *children(book)) if children(book)]

    started = _wait_for(second_book_laid_out, process)
    os.kill(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=180)
    assert process.returncode == 130, stderr.decode()
    assert "interrupted" in stderr.decode()
    assert [pid for pid in started if alive(pid)] == []
    assert _temporaries(folder) == []
    finished = {path.parent.parent.name for path in folder.glob("*/dist/*.pdf")}
    assert 1 <= len(finished) < 3
    rerun = run_catalog(folder)
    assert rerun.status == 0
    for name, status in rerun.statuses().items():
        assert status == ("cached" if name in finished else "built"), name
