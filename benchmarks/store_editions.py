"""Benchmark: what `--store all` adds to `book build --format epub`.

Run from the repository root: .venv/bin/python benchmarks/store_editions.py [--words N]

On one generated book, alternating: `book build --format epub` (the EPUB alone) and
`book build --format epub --store all` (the EPUB and the four store editions, the kepub
among them). Each is a child process; wall time with perf_counter, CPU time and peak
memory with os.wait4. Reports the medians and the cost of one edition.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from epub_vs_pandoc import Run, measure
from generate import generate

BACK_MATTER = """
website: https://author.example.org/
about-author: The author lives by the sea.
also-by:
  - title: Another Book
    links:
      kindle: https://www.amazon.com/dp/B000000001
      kobo: https://www.kobo.com/ebook/another-book
newsletter: {text: Hear first., url: "https://author.example.org/news"}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    book_command = shutil.which("book") or str(Path(sys.executable).parent / "book")
    with tempfile.TemporaryDirectory() as folder:
        book = Path(folder) / "book"
        generate(book, args.words, chapters=max(args.words // 2500, 1), parts=4)
        with (book / "book.yaml").open("a", encoding="utf-8") as handle:
            handle.write(BACK_MATTER)
        plain: list[Run] = []
        stores: list[Run] = []
        for _ in range(args.runs):
            plain.append(measure([book_command, "build", "-f", "epub", str(book)], book))
            command = [book_command, "build", "-f", "epub", "--store", "all", str(book)]
            stores.append(measure(command, book))
        for runs in (plain, stores):
            if any(run.returncode for run in runs):
                sys.exit(f"book failed:\n{runs[-1].stderr[-2000:]}")
    for name, runs in (("epub", plain), ("epub + 4 stores", stores)):
        wall = statistics.median(run.seconds for run in runs)
        cpu = statistics.median(run.cpu for run in runs)
        peak = max(run.peak_kib for run in runs) / 1024
        print(f"{name:16} {wall:6.2f} s wall  {cpu:6.2f} s CPU  {peak:6.1f} MiB peak")
    extra = statistics.median(s.cpu - p.cpu for s, p in zip(stores, plain, strict=True)) / 4
    print(f"one edition: {extra:.2f} s CPU ({args.words:,} words)")


if __name__ == "__main__":
    main()
