"""Benchmark: `book build --format pdf` against the same book as one WeasyPrint document.

Run from the repository root: .venv/bin/python benchmarks/pdf_vs_single.py [--words N]

In one run, on the same generated book and with the same stylesheets:
  baseline  the whole book laid out as one WeasyPrint document (builder.render.pdf.single)
  full      `book build --format pdf` with an empty cache (pieces in parallel, stamped)
  rebuild   the same after editing one sentence of one chapter (cache warm)
Each is a child process; wall time with perf_counter, peak memory with os.wait4.
Targets (on a 2-core machine): full <= 0.60 of baseline, rebuild <= 0.10, memory <= 0.50.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from epub_vs_pandoc import Run, measure
from generate import generate

BASELINE = """
import sys
from pathlib import Path
from builder import pipeline
from builder.render.pdf import single as pdf_single
book = pipeline.transform(pipeline.read_book(Path(sys.argv[1])))
data, _ = pdf_single.package(book, pipeline.build_time(book.config, {}))
Path(sys.argv[2]).write_bytes(data)
"""


def edit_one_chapter(book: Path) -> Path:
    """Add a sentence to the first paragraph of a chapter in the middle of the book."""
    chapters = sorted((book / "manuscript").rglob("*.md"))
    chapter = chapters[len(chapters) // 2]
    lines = chapter.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines[index] += " And then, quite unexpectedly, the author added one more sentence."
    chapter.write_text("\n".join(lines), encoding="utf-8")
    return chapter


def check(run: Run, what: str) -> Run:
    if run.returncode != 0:
        sys.exit(f"{what} failed:\n{run.stderr[-2000:]}")
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--chapters", type=int, default=320)
    parser.add_argument("--parts", type=int, default=16)
    args = parser.parse_args()
    python = sys.executable
    book_command = str(Path(python).parent / "book")
    with tempfile.TemporaryDirectory() as temp:
        book = Path(temp) / "book"
        generate(book, args.words, args.chapters, args.parts)
        print(f"generated {args.words:,} words in {args.chapters} chapters, {args.parts} parts")
        baseline = check(
            measure([python, "-c", BASELINE, str(book), str(Path(temp) / "one.pdf")], Path.cwd()),
            "baseline",
        )
        shutil.rmtree(book / "dist", ignore_errors=True)
        full = check(measure([book_command, "build", str(book), "--format", "pdf"], book), "full")
        edited = edit_one_chapter(book)
        rebuild = check(
            measure([book_command, "build", str(book), "--format", "pdf"], book), "rebuild"
        )
    print(f"edited for the rebuild: {edited.relative_to(book)}\n")
    print(f"{'run':<10}{'time s':>9}{'peak MiB':>10}")
    for name, run in (("baseline", baseline), ("full", full), ("rebuild", rebuild)):
        print(f"{name:<10}{run.seconds:>9.2f}{run.peak_kib / 1024:>10.1f}")
    peak = max(full.peak_kib, rebuild.peak_kib)
    print("\nratio to the one-document baseline")
    for name, value, target in (
        ("full build time", full.seconds / baseline.seconds, 0.60),
        ("rebuild time", rebuild.seconds / baseline.seconds, 0.10),
        ("peak memory", peak / baseline.peak_kib, 0.50),
    ):
        verdict = "PASS" if value <= target else "FAIL"
        print(f"  {name:<16}{value:>7.3f}  target <= {target:.2f}  {verdict}")


if __name__ == "__main__":
    main()
