"""`book catalog` on the local engine: twenty books, one broken, and the cache on reruns."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from tests.catalog.conftest import (
    BROKEN,
    Run,
    book_names,
    change_chapter,
    outputs,
    run_catalog,
)

BROKEN_LINE = "books/broken/book.yaml:7:1: error[Y002]: unknown key 'colour'"


class TestCatalog:
    def test_every_good_book_is_what_book_build_makes(
        self, built: tuple[Path, Run], expected: dict[str, bytes]
    ) -> None:
        """Each good book's EPUB is byte for byte the EPUB `book build` makes of it."""
        folder, _ = built
        assert len(book_names(folder)) == 20
        found = outputs(folder)
        assert sorted(found) == sorted(expected)
        for path, data in expected.items():
            assert found[path] == data, path

    def test_the_broken_book_fails_alone(self, built: tuple[Path, Run]) -> None:
        """The broken book fails with its one line, on screen and in the report; exit 1."""
        _, run = built
        assert run.status == 1
        assert BROKEN_LINE in run.stderr.splitlines()
        statuses = run.statuses()
        assert statuses.pop(f"books/{BROKEN}") == "failed"
        assert set(statuses.values()) == {"built"}
        assert run.books()[f"books/{BROKEN}"]["error"] == BROKEN_LINE

    def test_the_report_says_what_each_book_cost(self, built: tuple[Path, Run]) -> None:
        """Time, CPU time and peak memory of each built book, and its outputs."""
        folder, run = built
        for name, book in run.books().items():
            if book["status"] == "built":
                assert book["seconds"] > 0 and book["cpu_seconds"] > 0
                assert book["peak_memory_mb"] > 10
                (output,) = book["outputs"]
                assert (folder / name / output).is_file()
        assert run.report["summary"] == {"built": 19, "restored": 0, "cached": 0, "failed": 1}

    def test_the_defaults_apply_where_a_book_is_silent(self, built: tuple[Path, Run]) -> None:
        """catalog.yaml's publisher fills in; the sample's own publisher wins."""
        folder, _ = built
        assert "Harbour Lane Books" in _opf(folder / "books/morning-1")
        sample = _opf(folder / "books/sample-1")
        assert "Book Builder Press" in sample and "Harbour Lane" not in sample


def _opf(book: Path) -> str:
    (epub,) = (book / "dist").glob("*.epub")
    with zipfile.ZipFile(epub) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".opf"))
        return archive.read(name).decode()


def _stamps(folder: Path) -> dict[str, int]:
    return {
        path.relative_to(folder).as_posix(): path.stat().st_mtime_ns
        for path in folder.glob("books/*/dist/**/*")
        if path.is_file()
    }


class TestCache:
    def test_a_second_run_builds_nothing(self, built_copy: Path) -> None:
        """Nothing changed: every book comes from the cache, no file in dist/ is rewritten."""
        before = _stamps(built_copy)
        run = run_catalog(built_copy, "--format", "epub")
        assert run.status == 1  # the broken book is still broken, from the cache
        statuses = run.statuses()
        assert statuses.pop(f"books/{BROKEN}") == "failed"
        assert set(statuses.values()) == {"cached"}
        assert BROKEN_LINE in run.stderr.splitlines()
        assert _stamps(built_copy) == before

    def test_a_changed_book_alone_is_built(self, built_copy: Path) -> None:
        """One chapter changed: that book is built again, and only that book."""
        before = outputs(built_copy)
        change_chapter(built_copy / "books/morning-7")
        run = run_catalog(built_copy, "--format", "epub")
        statuses = run.statuses()
        assert statuses.pop("books/morning-7") == "built"
        assert set(statuses.values()) == {"cached", "failed"}
        after = outputs(built_copy)
        changed = [path for path in after if after[path] != before[path]]
        assert changed == ["books/morning-7/dist/the-last-morning-7.epub"]

    def test_a_lost_dist_comes_back_from_the_cache(self, built_copy: Path) -> None:
        """dist/ deleted: the same bytes are restored, not built."""
        before = outputs(built_copy)
        for path in built_copy.glob("books/pride-*/dist/*.epub"):
            path.unlink()
        run = run_catalog(built_copy, "--format", "epub")
        assert run.statuses()["books/pride-1"] == "restored"
        assert run.statuses()["books/pride-2"] == "restored"
        assert outputs(built_copy) == before

    def test_a_damaged_cache_is_not_restored(self, built_copy: Path) -> None:
        """An object of the cache that is not what its name says: the book is built."""
        before = outputs(built_copy)
        for path in (built_copy / ".book-cache" / "objects").rglob("*"):
            if path.is_file():
                path.write_bytes(b"damaged")
        (built_copy / "books/morning-2/dist/the-last-morning-2.epub").unlink()
        run = run_catalog(built_copy, "--format", "epub")
        assert run.statuses()["books/morning-2"] == "built"
        assert outputs(built_copy) == before

    def test_another_format_is_another_build(self, built_copy: Path) -> None:
        """The formats are in the key: an EPUB in the cache is no PDF."""
        (built_copy / "catalog.yaml").write_text("books: [books/morning-1]\n", "utf-8")
        cache = built_copy / "cache"
        run = run_catalog(built_copy, "--format", "epub", "--cache", str(cache))
        assert run.statuses() == {"books/morning-1": "built"}  # the defaults are in it too
        assert run_catalog(built_copy, "--format", "epub", "--cache", str(cache)).statuses() == {
            "books/morning-1": "cached"
        }
        entries = list((cache / "entries").rglob("*.json"))
        assert len(entries) == 1 and os.path.getsize(entries[0]) > 0


class TestLimits:
    def test_a_book_over_the_memory_limit_fails_alone_and_is_not_kept(
        self, built_copy: Path
    ) -> None:
        """The book's process is held to BOOK_MEMORY_LIMIT_MB: L001 (exit status 3 for
        book build), the catalog exits 1; the failure is not cached, so a run with room
        builds it."""
        (built_copy / "catalog.yaml").write_text("books: [books/pride-1]\n", "utf-8")
        cache = str(built_copy / "fresh-cache")
        tight = run_catalog(
            built_copy, "--format", "epub", "--cache", cache, env={"BOOK_MEMORY_LIMIT_MB": "40"}
        )
        assert tight.status == 1
        (book,) = tight.report["books"]
        assert (book["code"], book["exit_code"]) == ("L001", 3)
        assert book["error"].startswith("books/pride-1/book.yaml: error[L001]")
        again = run_catalog(built_copy, "--format", "epub", "--cache", cache)
        assert again.statuses() == {"books/pride-1": "built"}
