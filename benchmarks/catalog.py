"""`book catalog` against `book build` run book after book, and a second catalog run.

python benchmarks/catalog.py [--books 20] [--format all] [--jobs N] [--keep DIR]
python benchmarks/catalog.py --cost [--keep DIR]     # one book's cost by page count

In one run: the same catalog (copies of the sample book and of the corpus's short book,
each with its own title) is built (1) by `book build` for each book in turn, (2) by `book
catalog --engine local` from an empty cache, and (3) by `book catalog` again with nothing
changed. Targets: (1)/(2) at least 1.7 on 2 cores; (3)/(2) at most 0.05. Wall times of
whole commands, from their start to their end, as a user waits for them.

--cost builds a few books of growing length once each and prints what each cost: CPU
seconds (the build and its layout workers), peak memory, pages, output sizes (the figures
of docs/scale.md).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
BOOK = Path(sys.executable).with_name("book")
sys.path.insert(0, str(REPO / "benchmarks"))

from generate import generate  # noqa: E402


def retitle(root: Path, title: str) -> None:
    yaml = root / "book.yaml"
    lines = yaml.read_text("utf-8").splitlines(keepends=True)
    yaml.write_text("".join(f"title: {title}\n" if x.startswith("title:") else x for x in lines))


def make_catalog(folder: Path, books: int) -> list[Path]:
    """BOOKS folders: one sample book in four, the rest the corpus's short chapter."""
    roots = []
    for number in range(1, books + 1):
        root = folder / f"book-{number:03d}"
        if number % 4 == 0:
            root.mkdir(parents=True)
            shutil.copy(REPO / "book.yaml", root)
            for part in ("manuscript", "images"):
                shutil.copytree(REPO / part, root / part)
        else:
            shutil.copytree(CORPUS / "last-morning", root)
        retitle(root, f"Book {number}")
        roots.append(root)
    return roots


def compare(args: argparse.Namespace, work: Path) -> None:
    sequential = make_catalog(work / "sequential", args.books)
    make_catalog(work / "catalog", args.books)
    print(f"{args.books} books, --format {args.format}, {os.cpu_count()} cores")
    print("                                         wall s    CPU s")
    one_by_one = one_by_one_cpu = 0.0
    for root in sequential:
        wall, cpu, _, status = _measured([str(BOOK), "build", str(root), "--format", args.format])
        assert status == 0, f"book build {root} failed"
        one_by_one, one_by_one_cpu = one_by_one + wall, one_by_one_cpu + cpu
    print(f"  book build, one book after another   {one_by_one:8.2f} {one_by_one_cpu:8.1f}")
    command = [str(BOOK), "catalog", str(work / "catalog"), "--format", args.format]
    if args.jobs:
        command += ["--jobs", str(args.jobs)]
    first, cpu, _, status = _measured(command)
    assert status == 0, "book catalog failed"
    # The books' processes are the fork server's children, not waited for by the catalog:
    # their CPU time is in the report.
    cpu += sum(book["cpu_seconds"] for book in _report(work / "catalog")["books"])
    print(f"  book catalog, empty cache            {first:8.2f} {cpu:8.1f}")
    again, cpu, _, status = _measured(command)
    assert status == 0, "book catalog (again) failed"
    print(f"  book catalog, nothing changed        {again:8.2f} {cpu:8.1f}")
    _check_same(sequential, work / "catalog")
    print(f"ratio one-by-one / catalog   {one_by_one / first:6.2f}   target >= 1.7")
    print(f"ratio second run / first     {again / first:6.3f}   target <= 0.05")
    print("(wall times on a machine other jobs keep busy say little: rerun on a quiet one)")


def _report(folder: Path) -> dict[str, Any]:
    report = json.loads((folder / "dist" / "catalog-report.json").read_text("utf-8"))
    assert isinstance(report, dict)
    return report


def _check_same(sequential: list[Path], catalog: Path) -> None:
    """The catalog's outputs are the bytes `book build` wrote."""
    for root in sequential:
        for output in [*(root / "dist").glob("*.epub"), *(root / "dist").glob("*.pdf")]:
            twin = catalog / root.name / "dist" / output.name
            assert twin.read_bytes() == output.read_bytes(), f"{twin} differs"


def cost(work: Path) -> None:
    """One build per book of growing length: CPU, peak memory, pages, sizes."""
    books = [("last-morning", shutil.copytree(CORPUS / "last-morning", work / "short"))]
    sample = work / "sample"
    sample.mkdir()
    shutil.copy(REPO / "book.yaml", sample)
    for part in ("manuscript", "images"):
        shutil.copytree(REPO / part, sample / part)
    books.append(("sample book", sample))
    pride = shutil.copytree(CORPUS / "pride-and-prejudice", work / "pp")
    books.append(("Pride and Prejudice", pride))
    for words in (250_000, 500_000):
        generate(work / f"gen-{words}", words=words, chapters=words // 1600, parts=8, seed=1)
        books.append((f"generated, {words:,} words", work / f"gen-{words}"))
    print("book                        pages   CPU s  wall s  peak MiB   PDF KiB  EPUB KiB")
    for name, root in books:
        wall, cpu, peak, status = _measured([str(BOOK), "build", str(root)])
        assert status == 0, f"book build {root} failed"
        pdf, epub = next((root / "dist").glob("*.pdf")), next((root / "dist").glob("*.epub"))
        print(f"{name:26} {_pages(pdf):6} {cpu:7.1f} {wall:7.1f} {peak:9.0f} "
              f"{pdf.stat().st_size / 1024:9.0f} {epub.stat().st_size / 1024:9.0f}")  # fmt: skip


def _measured(command: list[str]) -> tuple[float, float, float, int]:
    """Wall, CPU (the build and its layout workers), peak MiB of any of them, status."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    cpu = usage.ru_utime + usage.ru_stime
    return wall, cpu, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--books", type=int, default=20)
    parser.add_argument("--format", default="all", choices=("epub", "pdf", "all"))
    parser.add_argument("--jobs", type=int, default=0, help="book catalog --jobs (default: cores)")
    parser.add_argument("--cost", action="store_true", help="per-book cost by page count")
    parser.add_argument("--keep", type=Path, help="work here and keep it (must not exist)")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="catalog-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if args.cost:
            cost(work)
        else:
            compare(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
