"""A catalog of twenty books for `book catalog`'s tests, and what `book build` makes of each.

Copies of the sample book and of the corpus books, with small variations (a title, one
chapter), one of them broken; listed by a catalog.yaml whose defaults give the books
without a publisher one. EPUBs only, so that the suite stays quick: the PDF's path
through the catalog is the same, and the fault tests build PDFs.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from builder import pipeline
from tests.conftest import copy_sample, corpus_book

BOOK = Path(sys.executable).with_name("book")
CATALOG_YAML = """\
books: [books/*]
defaults:
  publisher: Harbour Lane Books
  print: {trim: 5x8}
"""
# What the defaults add to a book that lacks them, as `book build` would read it.
DEFAULTS = {"publisher": "publisher: Harbour Lane Books\n", "print": "print: {trim: 5x8}\n"}
BROKEN = "broken"


def retitle(root: Path, title: str) -> None:
    yaml = root / "book.yaml"
    lines = yaml.read_text("utf-8").splitlines(keepends=True)
    lines = [f"title: {title}\n" if line.startswith("title:") else line for line in lines]
    yaml.write_text("".join(lines), "utf-8")


def change_chapter(root: Path) -> Path:
    """Add a paragraph to the book's last chapter; returns the chapter."""
    chapter = sorted((root / "manuscript").iterdir())[-1]
    chapter.write_text(chapter.read_text("utf-8") + "\n\nA paragraph added later.\n", "utf-8")
    return chapter


def copy_corpus(name: str, target: Path) -> Path:
    shutil.copytree(corpus_book(name), target)
    return target


def make_catalog(folder: Path) -> None:
    """Twenty book folders under FOLDER/books and FOLDER/catalog.yaml; returns FOLDER."""
    books = folder / "books"
    books.mkdir(parents=True)
    for number in range(1, 6):
        root = copy_sample(books / f"sample-{number}")
        retitle(root, f"Out of Sorts {number}")
    change_chapter(books / "sample-5")
    for number in range(1, 13):
        root = copy_corpus("last-morning", books / f"morning-{number}")
        retitle(root, f"The Last Morning {number}")
    change_chapter(books / "morning-3")
    copy_corpus("pride-and-prejudice", books / "pride-1")
    change_chapter(copy_corpus("pride-and-prejudice", books / "pride-2"))
    broken = copy_corpus("last-morning", books / BROKEN)
    with (broken / "book.yaml").open("a", encoding="utf-8") as yaml:
        yaml.write("colour: red\n")
    (folder / "catalog.yaml").write_text(CATALOG_YAML, "utf-8")


def book_names(folder: Path) -> list[str]:
    return sorted(f"books/{path.name}" for path in (folder / "books").iterdir())


@dataclass
class Run:
    """One `book catalog` run: its exit status, its screen, its report."""

    status: int
    stdout: str
    stderr: str
    report: dict[str, Any]

    def books(self) -> dict[str, dict[str, Any]]:
        return {book["book"]: book for book in self.report["books"]}

    def statuses(self) -> dict[str, str]:
        return {name: book["status"] for name, book in self.books().items()}


def run_catalog(path: Path, *options: str, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        [str(BOOK), "catalog", str(path), *options],
        capture_output=True, text=True, timeout=600, env={**os.environ, **(env or {})},
    )  # fmt: skip
    folder = path if path.is_dir() else path.parent
    report = json.loads((folder / "dist" / "catalog-report.json").read_text("utf-8"))
    return Run(done.returncode, done.stdout, done.stderr, report)


def outputs(folder: Path) -> dict[str, bytes]:
    """Every EPUB and PDF under FOLDER's book folders, by path relative to FOLDER."""
    found = [*folder.glob("books/*/dist/*.epub"), *folder.glob("books/*/dist/*.pdf")]
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in found}


def merged_copy(book: Path, target: Path) -> Path:
    """BOOK with the catalog's defaults written into its book.yaml, as an author would."""
    shutil.copytree(book, target, ignore=shutil.ignore_patterns("dist"))
    yaml = target / "book.yaml"
    text = yaml.read_text("utf-8")
    own = {line.split(":", 1)[0] for line in text.splitlines() if line and line[0].isalpha()}
    extra = "".join(line for key, line in DEFAULTS.items() if key not in own)
    yaml.write_text(text.rstrip("\n") + "\n" + extra, "utf-8")
    return target


def once(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """FOLDER made by MAKE once for the whole run, even when xdist's workers share it out:
    the first worker makes it (under a lock), the others find it made."""
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / name
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (base / f"{name}.done").exists():
            shutil.rmtree(folder, ignore_errors=True)
            make(folder)
            (base / f"{name}.done").touch()
    return folder


@pytest.fixture(scope="session")
def catalog_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalog, never built: copy it before building."""
    return once(tmp_path_factory, "catalog-source", make_catalog)


def _build_plain(source: Path) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        for name in book_names(source):
            if not name.endswith(BROKEN):
                copy = merged_copy(source / name, folder / "books" / Path(name).name)
                pipeline.build(copy, ("epub",))

    return make


@pytest.fixture(scope="session")
def expected(catalog_source: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What a plain `book build --format epub` makes of each good book, by output path."""
    return outputs(once(tmp_path_factory, "plain", _build_plain(catalog_source)))


def _build_catalog(source: Path) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        shutil.copytree(source, folder)
        run = run_catalog(folder, "--format", "epub", "--jobs", "2")
        (folder / "run.json").write_text(json.dumps([run.status, run.stdout, run.stderr]))

    return make


@pytest.fixture(scope="session")
def built(catalog_source: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """The catalog built once by the local engine, two books at a time."""
    folder = once(tmp_path_factory, "built", _build_catalog(catalog_source))
    status, stdout, stderr = json.loads((folder / "run.json").read_text())
    report = json.loads((folder / "dist" / "catalog-report.json").read_text("utf-8"))
    return folder, Run(status, stdout, stderr, report)


@pytest.fixture
def built_copy(built: tuple[Path, Run], tmp_path: Path) -> Path:
    """A copy of the built catalog (with its dist/ folders and its cache) to change."""
    folder = tmp_path / "catalog"
    shutil.copytree(built[0], folder, symlinks=True)
    return folder
