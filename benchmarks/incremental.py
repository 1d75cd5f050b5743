"""Benchmark cold and incremental builds of a War-and-Peace-size book, in one run.

.venv/bin/python benchmarks/incremental.py [--words 500000] [--runs 3] [--no-pdf]

On one generated book (not timed), each measured as a child process (wall time from
Popen to reaping, CPU time and peak RSS from os.wait4, as in epub_vs_pandoc.py):

  pandoc         pandoc -f markdown -t epub3, all chapters (median of --runs)
  epub cold      `book build --format epub` with no dist/ (median of --runs)
  epub rebuild   the same after editing one chapter, cache warm (median of --runs)
  pdf baseline   the whole book as one WeasyPrint document (once: minutes)
  pdf cold       `book build --format pdf` with no dist/ (once; warms the cache)
  pdf rebuild    the same after editing one chapter (median of --runs)

and prints the ratios against issue 10's targets. Every rebuild edits the chapter again
(one more sentence), so no run finds its own edit in the cache. Reports, never gates.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from epub_vs_pandoc import Run, measure, pandoc_tool
from generate import generate
from pdf_vs_single import BASELINE, edit_one_chapter

TARGETS = {
    "epub cold time": 0.12,
    "epub cold memory": 0.25,
    "epub rebuild time": 0.05,
    "pdf rebuild time": 0.04,
}


def checked(run: Run, what: str) -> Run:
    if run.returncode != 0:
        sys.exit(f"{what} failed:\n{run.stderr[-2000:]}")
    return run


def book(book_dir: Path, kind: str) -> list[str]:
    return [str(Path(sys.executable).parent / "book"), "build", str(book_dir), "--format", kind]


def median(runs: list[Run]) -> Run:
    """The run of median wall time, with the largest peak of all."""
    middle = sorted(runs, key=lambda run: run.seconds)[len(runs) // 2]
    peak = max(run.peak_kib for run in runs)
    cpu = statistics.median(run.cpu for run in runs)
    return Run(middle.seconds, peak, 0, "", cpu)


def repeat(
    runs: int, before: Callable[[], object] | None, command: list[str], cwd: Path, what: str
) -> Run:
    """COMMAND RUNS times, calling BEFORE before each."""
    found = []
    for _ in range(runs):
        if before is not None:
            before()
        found.append(checked(measure(command, cwd), what))
        print(f"  {what:<14}{found[-1].seconds:8.2f} s", flush=True)
    return median(found)


def epub_runs(root: Path, temp: Path, runs: int) -> dict[str, Run]:
    pandoc = pandoc_tool(root, temp / "pandoc.epub")
    if pandoc.command is None:
        sys.exit(pandoc.missing)
    found = {"pandoc": repeat(runs, pandoc.reset, pandoc.command, root, "pandoc")}
    clean = partial(shutil.rmtree, root / "dist", ignore_errors=True)
    found["epub cold"] = repeat(runs, clean, book(root, "epub"), root, "epub cold")
    edit = partial(edit_one_chapter, root)
    found["epub rebuild"] = repeat(runs, edit, book(root, "epub"), root, "epub rebuild")
    return found


def pdf_runs(root: Path, temp: Path, runs: int) -> dict[str, Run]:
    shutil.rmtree(root / "dist", ignore_errors=True)
    baseline_command = [sys.executable, "-c", BASELINE, str(root), str(temp / "one.pdf")]
    found = {"pdf baseline": repeat(1, None, baseline_command, Path.cwd(), "pdf baseline")}
    found["pdf cold"] = repeat(1, None, book(root, "pdf"), root, "pdf cold")
    edit = partial(edit_one_chapter, root)
    found["pdf rebuild"] = repeat(runs, edit, book(root, "pdf"), root, "pdf rebuild")
    return found


def report(found: dict[str, Run]) -> None:
    print(f"\n{'run':<14}{'time s':>9}{'cpu s':>9}{'peak MiB':>10}")
    for name, run in found.items():
        print(f"{name:<14}{run.seconds:>9.2f}{run.cpu:>9.2f}{run.peak_kib / 1024:>10.1f}")
    pandoc = found["pandoc"]
    ratios = {
        "epub cold time": (found["epub cold"].seconds, pandoc.seconds),
        "epub cold memory": (found["epub cold"].peak_kib, pandoc.peak_kib),
        "epub rebuild time": (found["epub rebuild"].seconds, pandoc.seconds),
    }
    if "pdf baseline" in found:
        ratios["pdf rebuild time"] = (found["pdf rebuild"].seconds, found["pdf baseline"].seconds)
    print("\nratio (wall time; CPU time in brackets)")
    cpu = {
        "epub cold time": found["epub cold"].cpu / pandoc.cpu,
        "epub rebuild time": found["epub rebuild"].cpu / pandoc.cpu,
    }
    if "pdf baseline" in found:
        cpu["pdf rebuild time"] = found["pdf rebuild"].cpu / found["pdf baseline"].cpu
    for name, (ours, theirs) in ratios.items():
        value, target = ours / theirs, TARGETS[name]
        extra = f"({cpu[name]:.3f})" if name in cpu else ""
        verdict = "PASS" if value <= target else "FAIL"
        print(f"  {name:<18}{value:>7.3f} {extra:>8}  target <= {target:.2f}  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--chapters", type=int, default=320)
    parser.add_argument("--parts", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF runs (minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="book-incremental-") as name:
        temp = Path(name)
        root = temp / "book"
        generate(root, args.words, args.chapters, args.parts)
        print(f"generated {args.words:,} words, {args.chapters} chapters, {args.parts} parts")
        found = epub_runs(root, temp, args.runs)
        if not args.no_pdf:
            found |= pdf_runs(root, temp, args.runs)
    report(found)


if __name__ == "__main__":
    main()
