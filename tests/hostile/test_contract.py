"""The error contract and nothing lost: exit 1, 2, 3, 130, 143; dist/ as it was, no temp files."""

from __future__ import annotations

import errno
import hashlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT, assert_epubcheck_clean
from tests.hostile.conftest import Good, invoke, leftovers, snapshot

BOOK = Path(sys.executable).parent / "book"


def tree_digest(root: Path) -> dict[str, str]:
    """A hash of every input file (dist/ left out)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file() and "dist" not in p.relative_to(root).parts
    }


class TestLimits:
    def test_memory_limit(self, good: Callable[..., Good], monkeypatch: pytest.MonkeyPatch) -> None:
        """A layout over the memory limit stops with exit 3 and L001."""
        book = good("pdf")
        book.write("manuscript/01.md", "# One\n\nChanged, so laid out again.\n")
        monkeypatch.setenv("BOOK_MEMORY_LIMIT_MB", "60")
        assert "memory limit of 60 MB" in book.refused("L001", "book.yaml", 3)

    def test_time_limit(self, good: Callable[..., Good], monkeypatch: pytest.MonkeyPatch) -> None:
        """A layout over the time limit stops with exit 3 and L002."""
        book = good("pdf")
        book.write("manuscript/01.md", "# One\n\n" + "Many words here. " * 5000 + "\n")
        monkeypatch.setenv("BOOK_TIME_LIMIT_S", "0.01")
        assert "time limit" in book.refused("L002", "book.yaml", 3)

    def test_debug_shows_the_limit(
        self, good: Callable[..., Good], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """With --debug the exception comes through for a traceback."""
        book = good("pdf")
        book.write("manuscript/01.md", "# One\n\nAgain.\n")
        monkeypatch.setenv("BOOK_MEMORY_LIMIT_MB", "60")
        result = invoke("build", str(book.root), "--format", "pdf", "--debug")
        assert result.status == 1 and "L001" in str(result.exception)


class TestNothingLost:
    def test_disk_full(self, good: Callable[..., Good], monkeypatch: pytest.MonkeyPatch) -> None:
        """A full disk while writing leaves the previous output and no temp file."""
        book = good()
        book.write("manuscript/01.md", "# One\n\nNew text.\n")

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(os, "fsync", full)
        assert "No space left" in book.refused("O001", "test-book.epub")

    def test_ctrl_c(self, good: Callable[..., Good], monkeypatch: pytest.MonkeyPatch) -> None:
        """Ctrl-C mid-build exits 130 and leaves dist/ as it was."""
        from builder.render.epub import package as epub

        book = good()
        book.write("manuscript/01.md", "# One\n\nNew text.\n")

        def interrupted(*args: object, **kwargs: object) -> bytes:
            raise KeyboardInterrupt

        monkeypatch.setattr(epub, "package", interrupted)
        result = invoke("build", str(book.root), "--format", "epub")
        assert result.status == 130 and result.output.strip() == "interrupted"
        book.unchanged()

    def test_failed_epub_keeps_the_pdf(self, good: Callable[..., Good]) -> None:
        """Outputs are written only when all are made: a failure keeps both old files."""
        book = good("all")
        book.write("manuscript/01.md", "# One\n\n[x](#nowhere)\n")
        book.refused("R002", "manuscript/01.md")

    def test_stale_temp_file_swept(self, good: Callable[..., Good]) -> None:
        """A temp file a killed build left (its process gone) is removed by the next build."""
        book = good()
        stale = book.root / "dist" / ".test-book.epub.999999999.abc.tmp"
        stale.write_bytes(b"half")
        book.builds()
        assert not stale.exists()

    def test_inputs_never_modified(self, good: Callable[..., Good]) -> None:
        """Neither a good nor a failed build changes a file of the book."""
        book = good("all")
        before = tree_digest(book.root)
        book.builds()
        book.write("manuscript/02.md", "# Two\n\nBad\0.\n")
        before = tree_digest(book.root)
        book.refused("F006", "manuscript/02.md")
        assert tree_digest(book.root) == before


def _bigger(book: Good, tmp: Path) -> None:
    """Put a generated 60,000-word manuscript in the book's place."""
    out = tmp / "generated"
    command = [sys.executable, str(ROOT / "benchmarks/generate.py"), str(out),
               "--words", "60000", "--chapters", "24", "--parts", "2"]  # fmt: skip
    subprocess.run(command, check=True, capture_output=True)
    import shutil

    shutil.rmtree(book.root / "manuscript")
    shutil.copytree(out / "manuscript", book.root / "manuscript")


def _start(book: Good) -> subprocess.Popen[bytes]:
    command = [str(BOOK), "build", str(book.root), "--format", "pdf"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, start_new_session=True)
    # Wait until the layout is under way: the workers are the build's children.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        children = Path(f"/proc/{process.pid}/task/{process.pid}/children")
        if children.exists() and children.read_text().split():
            time.sleep(1.0)
            break
        time.sleep(0.05)
    assert process.poll() is None, "the build ended before it could be stopped"
    return process


def _stat(pid: int) -> list[str] | None:
    """/proc/PID/stat's fields after the command name (state first), or None if gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _children(pid: int) -> list[tuple[int, str]]:
    """PID's child processes, each with its start time (so a reused pid is not taken for it)."""
    found = []
    for entry in Path("/proc").iterdir():
        fields = _stat(int(entry.name)) if entry.name.isdigit() else None
        if fields is not None and fields[1] == str(pid):
            found.append((int(entry.name), fields[19]))
    return found


def _workers(pid: int) -> list[tuple[int, str]]:
    """The build's layout workers (forks of it, so the same command line), once started."""
    command = Path(f"/proc/{pid}/cmdline").read_bytes()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = []
        for child in _children(pid):
            try:
                if Path(f"/proc/{child[0]}/cmdline").read_bytes() == command:
                    found.append(child)
            except OSError:
                continue
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("the build started no layout worker")


def _alive(worker: tuple[int, str]) -> bool:
    """Still running: the same process (same start time), and not a zombie awaiting its reaper."""
    fields = _stat(worker[0])
    return fields is not None and fields[19] == worker[1] and fields[0] not in "ZX"


@pytest.mark.skipif(not Path("/proc").exists(), reason="needs /proc")
class TestKilled:
    def test_sigkill_mid_layout(self, good: Callable[..., Good], tmp_path: Path) -> None:
        """SIGKILL during a long PDF layout leaves the previous PDF intact, no temp file."""
        book = good("pdf")
        _bigger(book, tmp_path)
        process = _start(book)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(30)
        assert snapshot(book.root) == book.before
        stray = [p for p in (book.root / "dist").iterdir() if p.name != ".cache"]
        assert sorted(p.name for p in stray) == ["test-book.pdf"]

    def test_workers_die_with_a_killed_build(
        self, good: Callable[..., Good], tmp_path: Path
    ) -> None:
        """SIGKILL to the build alone (a CI time-out) ends its layout workers within seconds."""
        book = good("pdf")
        _bigger(book, tmp_path)
        process = _start(book)
        workers = _workers(process.pid)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(map(_alive, workers)):
            time.sleep(0.1)
        alive = [pid for pid, _ in workers if _alive((pid, _))]
        for pid in alive:  # no orphan left behind by a failing test either
            os.kill(pid, signal.SIGKILL)
        assert alive == [], "layout workers outlived the build"

    def test_sigterm_mid_layout(self, good: Callable[..., Good], tmp_path: Path) -> None:
        """SIGTERM stops the build (exit 143), kills its workers, and removes temp files."""
        book = good("pdf")
        _bigger(book, tmp_path)
        process = _start(book)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
        assert process.returncode == 143, err
        assert err.decode().strip() == "terminated"
        book.unchanged()
        assert not leftovers(book.root)


class TestContract:
    def test_wrong_command_lines(self, tmp_path: Path) -> None:
        """A wrong command line is exit 2 for build, check and new."""
        assert invoke("build", "--format", "mobi").status == 2
        assert invoke("check", str(tmp_path / "nowhere")).status == 2
        assert invoke("new").status == 2

    def test_new_into_a_file(self, tmp_path: Path) -> None:
        """`book new` where a file is: one line, exit 1."""
        target = tmp_path / "taken"
        target.write_text("x")
        result = invoke("new", str(target))
        assert result.status == 1 and len(result.output.strip().splitlines()) == 1
        assert "Traceback" not in result.output and "taken" in result.output

    def test_check_hostile_book(self, good: Callable[..., Good], secret: Path) -> None:
        """`book check` on a book with a symlink out: findings, exit 1, no traceback."""
        book = good()
        (book.root / "manuscript/02.md").symlink_to(secret)
        book.yaml("contents: [manuscript/01.md, manuscript/02.md]\n")
        result = invoke("check", str(book.root), "--no-epubcheck", "--no-pdf")
        assert result.status == 1, result.output
        assert "Traceback" not in result.output and "F002" in result.output

    def test_unexpected_error(
        self, good: Callable[..., Good], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A bug is one line asking for --debug, exit 1; --debug shows it."""
        from builder import pipeline

        book = good()

        def broken(*args: object) -> None:
            raise ZeroDivisionError("boom")

        monkeypatch.setattr(pipeline, "build", broken)
        result = invoke("build", str(book.root))
        assert result.status == 1 and "--debug" in result.output
        assert len(result.output.strip().splitlines()) == 1
        assert isinstance(invoke("build", str(book.root), "--debug").exception, ZeroDivisionError)


FRAGMENTS = ["<script>", "</p>", "&amp;", "&#0;", "]]>", "<!--", "{.x}", "[^1]", "\ud800",
             "\x00", "\x1b", "\u202e", "\ufeff", "\r", "> ", "* ", "#", "`", "|a|b|\n|-|-|",
             "](", "\t"]  # fmt: skip


@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.one_of(st.text(max_size=20), st.sampled_from(FRAGMENTS)), max_size=30))
def test_any_text(pieces: list[str]) -> None:
    """Any chapter text builds an EPUB that EPUBCheck passes, or fails with the contract."""
    text = "# Title\n\n" + "".join(pieces) + "\n\nEnd.\n"
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "book.yaml").write_text("title: T\nauthor: A\nlanguage: en\n")
        (root / "manuscript").mkdir()
        (root / "manuscript/01.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        result = invoke("build", str(root), "--format", "epub")
        if result.status == 0:
            assert_epubcheck_clean(root / "dist/t.epub")
        else:
            lines = result.output.strip().splitlines()
            assert result.status == 1 and len(lines) == 1, result.output
            assert lines[0].startswith("manuscript/01.md") and "error[" in lines[0]
            assert not (root / "dist").exists() or not leftovers(root)
