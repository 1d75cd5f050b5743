"""Shared fixtures: the corpus, book folders in tmp_path, building, unzipping, EPUBCheck."""

from __future__ import annotations

import shutil
import textwrap
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.checks import epubcheck

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_path(relative: str) -> Path:
    """A file or folder of the real corpus; missing, the test fails (a skip would hide it).

    CI lays shared/ beside the repository, so the corpus is always there when set up right.
    """
    path = CORPUS / relative
    if not path.exists():
        pytest.fail(
            f"the corpus is missing: looked for {path} (the repository's sibling "
            "shared/corpus; copy or link shared/ beside the repository)",
            pytrace=False,
        )
    return path


def corpus_book(name: str) -> Path:
    path = corpus_path(name)
    if not path.is_dir():
        pytest.fail(f"corpus book {name} at {path} is not a folder", pytrace=False)
    return path


def require_tool(command: str, package: str) -> str:
    """The path of COMMAND; missing, the test fails: ./dev installs it, so CI has it."""
    found = shutil.which(command)
    if found is None:
        pytest.fail(
            f"{command} is not on the PATH: install {package} (./dev test does)", pytrace=False
        )
    return found


@pytest.fixture
def copy_book(tmp_path: Path) -> Callable[[Path], Path]:
    """Copy a book folder (without dist/) into tmp_path, so builds never touch the source."""

    def copy(source: Path) -> Path:
        target = tmp_path / source.name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns("dist", ".*", "__pycache__"))
        return target

    return copy


@pytest.fixture
def make_book(tmp_path: Path) -> Callable[..., Path]:
    """Write a small book folder: book.yaml text plus {relative path: text} files."""

    def make(yaml: str = "", files: dict[str, str | bytes] | None = None) -> Path:
        root = tmp_path / "book"
        root.mkdir(exist_ok=True)
        header = "title: Test Book\nauthor: Test Author\nlanguage: en\n"
        (root / "book.yaml").write_text(header + textwrap.dedent(yaml), encoding="utf-8")
        for name, content in (files or {"manuscript/01.md": "# One\n\nText.\n"}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return make


def copy_sample(target: Path) -> Path:
    """The repository's sample book (book.yaml, manuscript, images) copied to TARGET."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "book.yaml", target)
    for folder in ("manuscript", "images"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def build_epub(root: Path) -> Path:
    from builder import pipeline

    (written,) = pipeline.build(root, ("epub",))
    return written


def unzip(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def assert_epubcheck_clean(epub: Path) -> None:
    problems = epubcheck.problems(epub)
    assert problems == [], "\n".join(str(p) for p in problems)
