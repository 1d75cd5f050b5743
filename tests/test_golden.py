"""Golden books: tests/books/<case>/ built and compared, unzipped, with expected/.

Run with BOOK_REGENERATE=1 to rewrite the expected output after a deliberate
change; then read the diff before committing it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from builder.render import styles
from tests.conftest import assert_epubcheck_clean, build_epub, unzip

BOOKS = Path(__file__).parent / "books"
CASES = sorted(p.name for p in BOOKS.iterdir() if (p / "book.yaml").is_file())
REGENERATE = os.environ.get("BOOK_REGENERATE") == "1"


def _expected(case: Path) -> dict[str, bytes]:
    folder = case / "expected"
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _regenerate(case: Path, files: dict[str, bytes]) -> None:
    folder = case / "expected"
    shutil.rmtree(folder, ignore_errors=True)
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


@pytest.mark.parametrize("name", CASES)
class TestGoldenBook:
    def test_matches_expected(self, name: str, tmp_path: Path) -> None:
        """The built EPUB, unzipped, equals the reviewed expected output file by file."""
        root = shutil.copytree(
            BOOKS / name, tmp_path / name, ignore=shutil.ignore_patterns("expected")
        )
        epub = build_epub(root)
        files = unzip(epub)
        # Our own stylesheets travel as they are: compared with styles/, not stored again.
        for sheet in ("base.css", "epub.css"):
            assert files.pop(f"EPUB/styles/{sheet}") == styles.house(sheet)
        if REGENERATE:
            _regenerate(BOOKS / name, files)
        expected = _expected(BOOKS / name)
        assert sorted(files) == sorted(expected)
        for file, data in files.items():
            assert data.decode("utf-8", "replace") == expected[file].decode("utf-8", "replace"), (
                file
            )
        assert_epubcheck_clean(epub)
