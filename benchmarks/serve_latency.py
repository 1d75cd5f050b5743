"""`book serve`'s edit-to-reload latency against a cold `book build --format epub`.

.venv/bin/python benchmarks/serve_latency.py [--book DIR] [--edits 10] [--no-pdf]

Copies the book (Pride and Prejudice from the corpus by default) to a temporary folder,
times a cold `book build --format epub` of it (dist/ removed before each run), then starts
`book serve` on it, opens the preview in headless Chromium (Debian's /usr/bin/chromium,
driven by Playwright) on the chapter it edits, and edits that chapter's file again and
again. Each latency runs from just before the file is written to the moment the page in
the browser holds the new text (the browser's clock, Date.now(), checked on every
animation frame, against the same machine's clock in this script). The PDF is laid out in
the background all the while, as an author would have it (--no-pdf: without it). Prints
the medians and the ratio latency / cold build against the target; always exits 0.
"""

from __future__ import annotations

import argparse
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BOOK = ROOT.parent / "shared" / "corpus" / "pride-and-prejudice"
BOOK = Path(sys.executable).with_name("book")
TARGET = 0.20  # the reload may take at most a fifth of a cold EPUB build
CHROMIUM = "/usr/bin/chromium"
# The page's own check, run on every animation frame: the moment the section shows WORD.
SHOWS = """word => {
  const body = document.getElementById("section").contentDocument?.body;
  return body && body.textContent.includes(word) ? Date.now() : false;
}"""


def cold_builds(book: Path, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        shutil.rmtree(book / "dist", ignore_errors=True)
        start = time.perf_counter()
        subprocess.run([str(BOOK), "build", str(book), "--format", "epub"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        times.append(time.perf_counter() - start)
    return times


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_serve(book: Path, no_pdf: bool) -> tuple[subprocess.Popen[str], str]:
    command = [str(BOOK), "serve", str(book), "--port", str(free_port())]
    process = subprocess.Popen(
        command + (["--no-pdf"] if no_pdf else []), stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "http://" not in line:
        process.kill()
        sys.exit(f"book serve printed no address: {line!r}")
    return process, line[line.index("http://") :].split()[0]


def show_chapter(page: Page, chapter: int) -> None:
    """Show the edited file's chapter (the contents link to its XHTML document)."""
    page.locator(f'nav a[href="/book/text/chapter-{chapter:03d}.xhtml"]').click()
    page.wait_for_function(
        "() => document.getElementById('section').contentDocument?.readyState === 'complete'"
    )


def edit_latencies(page: Page, source: Path, edits: int) -> list[float]:
    """Each time, one word of the first paragraph is replaced by a new one."""
    original = source.read_text(encoding="utf-8")
    paragraph = original.index("\n\n") + 2
    word_end = original.index(" ", paragraph)
    latencies = []
    for number in range(edits):
        word = f"Edited{number:03d}word"
        text = original[:paragraph] + word + original[word_end:]
        written = time.time()
        source.write_text(text, encoding="utf-8")
        shown = page.wait_for_function(SHOWS, arg=word, polling="raf", timeout=60_000)
        latencies.append(shown.json_value() / 1000 - written)
        time.sleep(0.5)  # let the page settle, as between an author's saves
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--book", type=Path, default=CORPUS_BOOK)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3, help="cold builds")
    parser.add_argument("--chapter", type=int, default=10, help="the chapter edited")
    parser.add_argument("--no-pdf", action="store_true", help="serve without the PDF")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        book = Path(temporary) / args.book.name
        shutil.copytree(args.book, book, ignore=shutil.ignore_patterns("dist", ".*"))
        cold = statistics.median(cold_builds(book, args.runs))
        print(f"cold `book build --format epub`: {cold:.3f} s (median of {args.runs})")
        process, url = start_serve(book, args.no_pdf)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                page = browser.new_page()
                page.goto(url)
                show_chapter(page, args.chapter)
                # One chapter a file: the Nth file in reading order is chapter N.
                source = sorted((book / "manuscript").glob("*.md"))[args.chapter - 1]
                latencies = edit_latencies(page, source, args.edits)
                browser.close()
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
    report(cold, latencies, args.no_pdf)


def report(cold: float, latencies: list[float], no_pdf: bool) -> None:
    median = statistics.median(latencies)
    pdf = "without the PDF" if no_pdf else "the PDF laid out in the background"
    spread = f"min {min(latencies):.3f} s, max {max(latencies):.3f} s, {len(latencies)} edits"
    print(f"`book serve` edit to page ({pdf}): median {median:.3f} s, {spread}")
    ratio = median / cold
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"ratio serve/cold  {ratio:.3f}  target <= {TARGET:.2f}  {verdict}")


if __name__ == "__main__":
    main()
