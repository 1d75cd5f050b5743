"""Benchmark importing the 500,000-word novel as one .docx against `pandoc -f docx -t markdown`.

.venv/bin/python benchmarks/import_vs_pandoc.py [--words 500000] [--runs 3] [--via auto]

Generates the novel (not timed), writes it as ONE .docx with pandoc (not timed), then runs,
each as a child process in alternating order, measuring wall time and the child's own peak
RSS (os.wait4, as epub_vs_pandoc.py does):
  pandoc   pandoc -f docx -t markdown novel.docx -o novel.md
  book     `book import novel.docx DIR` when that command exists (--via import), else this
           script's own child (--via readers): word.read, split.sections and, when
           builder.writers.markdown exists, one Markdown file per chapter.
Prints the median times, the largest peaks and the book/pandoc ratios against the issue's
target (at most 0.5 of pandoc's time and of its peak memory). It reports; it does not gate.
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, this file's folder is on sys.path, so the sibling module imports directly.
from epub_vs_pandoc import Run, measure
from generate import chapter_files, count_words, generate

TARGET = 0.5  # the whole import: at most half of pandoc's time and of its peak memory


def pandoc_path() -> str:
    try:
        import pypandoc

        return str(pypandoc.get_pandoc_path())
    except (ImportError, OSError):
        found = shutil.which("pandoc")
        if found is None:
            sys.exit("pandoc not found: install pypandoc-binary (pip install -e '.[bench]')")
        return found


def make_docx(book: Path, docx: Path) -> None:
    """The whole novel as one document: every chapter file (`# Title` + body) in order.

    The footnote labels of the generated chapters are unique across the book, so the
    concatenation is valid Markdown; -smart keeps quotes and dashes as typed."""
    source = docx.with_suffix(".md")
    texts = [path.read_text(encoding="utf-8") for path in chapter_files(book)]
    source.write_text("\n\n".join(texts), encoding="utf-8")
    command = [pandoc_path(), str(source), "-f", "markdown-smart", "-o", str(docx)]
    subprocess.run(command, check=True)


def has_import_command(book: Path) -> bool:
    """True once `book import` exists (another part of issue 8 adds it)."""
    if not book.exists():
        return False
    probe = subprocess.run([str(book), "import", "--help"], capture_output=True, check=False)
    return probe.returncode == 0


def book_command(via: str, docx: Path, out: Path) -> tuple[str, list[str]]:
    script = Path(sys.executable).parent / "book"  # the console script of this venv
    if via == "import" or (via == "auto" and has_import_command(script)):
        return "book import", [str(script), "import", str(docx), str(out)]
    return "readers", [sys.executable, __file__, "--inner", str(docx), str(out)]


def inner(docx: Path, out: Path) -> None:
    """What the import does today without `book import`: read, cut, write the chapters."""
    from builder.readers import split, word

    blocks, notes = word.read(out, docx.name, docx.read_bytes())
    sections = split.sections(blocks, notes)
    try:
        from builder.writers import markdown  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        print(f"{len(sections)} sections; no Markdown writer yet: none written", file=sys.stderr)
        return
    out.mkdir(parents=True)
    for number, section in enumerate(sections, 1):
        text = markdown.chapter(section.title, section.blocks, section.notes)
        (out / f"{number:03d}.md").write_text(text, encoding="utf-8")


def run(name: str, command: list[str], cwd: Path, output: Path) -> Run:
    """One measured run, after removing the previous run's output (a fresh start each time)."""
    if output.is_dir():
        shutil.rmtree(output)
    output.unlink(missing_ok=True)
    result = measure(command, cwd)
    if result.returncode != 0:
        sys.exit(f"{name} failed (status {result.returncode}):\n{result.stderr[-2000:]}")
    print(
        f"  {name:<12}{result.seconds:8.2f} s {result.cpu:8.2f} s CPU "
        f"{result.peak_kib / 1024:8.1f} MiB",
        flush=True,
    )
    return result


def report(results: dict[str, list[Run]]) -> None:
    print(f"\n{'tool':<14}{'time s':>8}{'CPU s':>8}{'peak MiB':>10}  (medians / max)")
    figures = {}
    for name, runs in results.items():
        seconds = statistics.median(r.seconds for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        peak = max(r.peak_kib for r in runs) / 1024
        figures[name] = (seconds, cpu, peak)
        print(f"{name:<14}{seconds:8.2f}{cpu:8.2f}{peak:10.1f}")
    ours = next(name for name in figures if name != "pandoc")
    print(f"\nratio {ours}/pandoc")
    for index, label in enumerate(("time", "CPU", "memory")):
        ratio = figures[ours][index] / figures["pandoc"][index]
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"  {label:<7}{ratio:7.3f}  target <= {TARGET:.2f}  {verdict}")


def benchmark(work: Path, args: argparse.Namespace) -> None:
    book, docx = work / "book", work / "novel.docx"
    start = time.perf_counter()
    generate(book, args.words, args.chapters, args.parts, args.seed)
    make_docx(book, docx)
    print(
        f"generated {count_words(book):,} words in {len(chapter_files(book))} chapters, "
        f"as one .docx of {docx.stat().st_size / 2**20:.1f} MiB "
        f"({time.perf_counter() - start:.1f} s, not timed)"
    )
    name, ours = book_command(args.via, docx, work / "imported")
    pandoc = [pandoc_path(), "-f", "docx", "-t", "markdown", str(docx), "-o", "pandoc.md"]
    tools = [("pandoc", pandoc, work / "pandoc.md"), (name, ours, work / "imported")]
    results: dict[str, list[Run]] = {"pandoc": [], name: []}
    print(f"running each {args.runs} times, alternating order:")
    for round_ in range(args.runs):
        for tool, command, clean in tools if round_ % 2 == 0 else tools[::-1]:
            results[tool].append(run(tool, command, work, clean))
    report(results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=500_000)
    parser.add_argument("--chapters", type=int, default=320)
    parser.add_argument("--parts", type=int, default=16)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="runs per tool (default 3)")
    parser.add_argument(
        "--via",
        choices=("auto", "import", "readers"),
        default="auto",
        help="time `book import` (auto: when it exists) or the readers directly",
    )
    parser.add_argument("--keep", type=Path, help="work in DIR (new) and keep the novel.docx")
    inner_help = argparse.SUPPRESS  # the child process the benchmark times
    parser.add_argument("--inner", nargs=2, type=Path, metavar=("DOCX", "OUT"), help=inner_help)
    args = parser.parse_args()
    if args.inner:
        inner(*args.inner)
        return
    if args.keep:
        args.keep.mkdir(parents=True)  # refuses an existing DIR: nothing is overwritten
        benchmark(args.keep, args)
        return
    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        benchmark(Path(tmp), args)


if __name__ == "__main__":
    main()
