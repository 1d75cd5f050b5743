"""Benchmark `book build --format epub` against pandoc on the same generated novel.

.venv/bin/python benchmarks/epub_vs_pandoc.py [--words 500000] [--keep DIR]

Generates a book (not timed), then runs each tool as a child process several times in
alternating order, measuring wall time and the child's own peak RSS (os.wait4). Prints the
median time, the largest peak and the book/pandoc ratios against the project's targets.
Always exits 0 when the benchmark ran: it reports, it does not gate.
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# Run as a script, this file's folder is on sys.path, so the sibling module imports directly.
from generate import AUTHOR, TITLE, chapter_files, count_words, generate

TIME_TARGET = 0.20  # book may take at most a fifth of pandoc's wall time
MEMORY_TARGET = 0.25  # and at most a quarter of its peak memory


@dataclass
class Run:
    seconds: float  # wall time, from Popen to reaping
    peak_kib: int  # ru_maxrss: KiB on Linux
    returncode: int
    stderr: str
    cpu: float = 0.0  # user + system seconds of exactly that child: steadier on a busy machine


@dataclass
class Tool:
    name: str
    command: list[str] | None  # None: the tool is not installed
    cwd: Path
    output: Callable[[], Path | None]  # finds the file this tool wrote, if any
    reset: Callable[[], None]  # removes earlier output so every run starts clean
    missing: str = ""
    runs: list[Run] = field(default_factory=list)
    error: str = ""

    @property
    def usable(self) -> bool:
        return self.command is not None and not self.error


def measure(command: list[str], cwd: Path) -> Run:
    """Time one child and read its peak RSS from the kernel's accounting of exactly that pid.

    os.wait4 returns the rusage of the reaped child (plus any grandchildren it waited for),
    unlike resource.getrusage(RUSAGE_CHILDREN), which would mix in every earlier run.
    stderr goes to a file, not a pipe: nobody reads a pipe while we block in wait4.
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here: tell Popen
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace")
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss, proc.returncode, stderr, cpu)


def pandoc_tool(book: Path, out: Path) -> Tool:
    files = [str(path.relative_to(book)) for path in chapter_files(book)]  # reading order
    try:
        import pypandoc

        pandoc: str | None = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        pandoc = shutil.which("pandoc")
    command = None
    if pandoc:
        meta = ["--metadata", f"title={TITLE}", "--metadata", f"author={AUTHOR}"]
        command = [pandoc, "-f", "markdown", "-t", "epub3", *meta, "-o", str(out), *files]
    return Tool(
        name="pandoc",
        command=command,
        cwd=book,
        output=lambda: out if out.exists() else None,
        reset=lambda: out.unlink(missing_ok=True),
        missing="pandoc not found: install pypandoc-binary (pip install -e '.[bench]')",
    )


def book_tool(book: Path) -> Tool:
    script = Path(sys.executable).parent / "book"  # the console script of this venv
    dist = book / "dist"
    return Tool(
        name="book",
        command=[str(script), "build", str(book), "--format", "epub"] if script.exists() else None,
        cwd=book,
        output=lambda: max(dist.glob("*.epub"), key=os.path.getmtime, default=None),
        # A fresh dist/ each run: no stale EPUB counted as output, no reuse between runs.
        reset=lambda: shutil.rmtree(dist, ignore_errors=True),
        missing=f"book not found at {script}: install the project (pip install -e .)",
    )


def run_once(tool: Tool) -> None:
    assert tool.command is not None
    tool.reset()
    run = measure(tool.command, tool.cwd)
    if run.returncode != 0:
        tail = "\n    ".join(run.stderr.strip().splitlines()[-15:])
        tool.error = f"exited with status {run.returncode}:\n    {tail}"
        print(f"  {tool.name:<6} failed (status {run.returncode}); not run again", flush=True)
    elif tool.output() is None:
        tool.error = "exited 0 but wrote no .epub"
    else:
        tool.runs.append(run)
        print(f"  {tool.name:<6} {run.seconds:8.2f} s {run.peak_kib / 1024:8.1f} MiB", flush=True)


def run_all(tools: list[Tool], rounds: int) -> None:
    """Alternate the order each round so neither tool always runs with a warmer page cache."""
    for round_ in range(rounds):
        for tool in tools if round_ % 2 == 0 else tools[::-1]:
            if tool.usable:
                run_once(tool)


def size_mib(path: Path | None) -> str:
    return f"{path.stat().st_size / 2**20:.2f}" if path else "-"


def report(tools: list[Tool]) -> None:
    print(f"\n{'tool':<8}{'time s':>10}{'peak MiB':>10}{'output MiB':>12}  (median of runs / max)")
    results: dict[str, tuple[float, float]] = {}
    for tool in tools:
        if tool.command is None:
            print(f"{tool.name:<8}  not run: {tool.missing}")
            continue
        if tool.error:
            print(f"{tool.name:<8}  FAILED: {tool.error}")
            continue
        seconds = statistics.median(run.seconds for run in tool.runs)
        peak = max(run.peak_kib for run in tool.runs) / 1024
        results[tool.name] = (seconds, peak)
        print(f"{tool.name:<8}{seconds:10.2f}{peak:10.1f}{size_mib(tool.output()):>12}")
    if len(results) < 2:
        print("\nratios book/pandoc: not available (a tool did not run)")
        return
    (book_s, book_mb), (pan_s, pan_mb) = results["book"], results["pandoc"]
    print("\nratio book/pandoc")
    for label, ratio, target in (
        ("time", book_s / pan_s, TIME_TARGET),
        ("memory", book_mb / pan_mb, MEMORY_TARGET),
    ):
        verdict = "PASS" if ratio <= target else "FAIL"
        print(f"  {label:<7}{ratio:7.3f}  target <= {target:.2f}  {verdict}")


def benchmark(book: Path, pandoc_out: Path, args: argparse.Namespace) -> None:
    start = time.perf_counter()
    generate(book, args.words, args.chapters, args.parts, args.seed)
    print(
        f"generated {book}: {count_words(book):,} words, {len(chapter_files(book))} chapters, "
        f"{args.parts} parts, seed {args.seed} ({time.perf_counter() - start:.1f} s, not timed)"
    )
    pandoc_out.parent.mkdir(parents=True, exist_ok=True)  # pandoc does not create folders
    tools = [pandoc_tool(book, pandoc_out), book_tool(book)]
    for tool in tools:
        if tool.command is None:  # say so now, not only after minutes of pandoc runs
            print(f"warning: {tool.missing}; measuring the other tool only")
    print(f"running each tool {args.runs} times, alternating order:")
    run_all(tools, args.runs)
    report(tools)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--chapters", type=int, default=320)
    parser.add_argument("--parts", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument("--keep", type=Path, help="generate into DIR and keep book and outputs")
    args = parser.parse_args()
    if args.keep:
        if (args.keep / "manuscript").exists():
            parser.error(f"{args.keep}/manuscript already exists: pick a new or empty --keep DIR")
        benchmark(args.keep, args.keep / "pandoc" / "generated-novel.epub", args)
        return
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        benchmark(Path(tmp) / "book", Path(tmp) / "pandoc.epub", args)


if __name__ == "__main__":
    main()
