"""catalog.yaml: which folders are books, and how its defaults meet a book's own book.yaml."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder import config
from builder.catalog import cache, listing, settings
from builder.cli import app
from builder.errors import BookError


def _book(folder: Path, yaml: str) -> Path:
    folder.mkdir(parents=True)
    header = "title: A Book\nauthor: An Author\nlanguage: en\n"
    (folder / "book.yaml").write_text(header + textwrap.dedent(yaml), "utf-8")
    (folder / "manuscript").mkdir()
    (folder / "manuscript" / "01.md").write_text("# One\n\nText.\n", "utf-8")
    return folder


def _load(root: Path, catalog: Path) -> config.BookConfig:
    found = listing.load(catalog)
    return settings.load(root, found.defaults, "catalog.yaml", found.defaults_text)


def _catalog(folder: Path, yaml: str) -> Path:
    (folder / "catalog.yaml").write_text(textwrap.dedent(yaml), "utf-8")
    return folder


class TestDefaults:
    def test_a_book_takes_what_it_does_not_set(self, tmp_path: Path) -> None:
        """publisher and print.trim from the catalog, the book's own print.opening kept."""
        root = _book(tmp_path / "one", "print: {opening: drop-cap}\n")
        _catalog(tmp_path, "defaults:\n  publisher: Harbour Lane\n  print: {trim: 5x8}\n")
        loaded = _load(root, tmp_path)
        assert loaded.publisher == "Harbour Lane"
        assert (loaded.print.width_in, loaded.print.opening) == (5.0, "drop-cap")

    def test_the_book_wins(self, tmp_path: Path) -> None:
        """A key the book sets is the book's, at every level of print."""
        root = _book(tmp_path / "one", "publisher: Own\nprint: {trim: 6x9}\n")
        _catalog(tmp_path, "defaults:\n  publisher: Harbour Lane\n  print: {trim: 5x8}\n")
        loaded = _load(root, tmp_path)
        assert (loaded.publisher, loaded.print.width_in) == ("Own", 6.0)

    def test_a_wrong_shared_value_is_reported_in_catalog_yaml(self, tmp_path: Path) -> None:
        """The error names catalog.yaml and the value's line, not book.yaml."""
        root = _book(tmp_path / "one", "")
        _catalog(tmp_path, "books: [one]\ndefaults:\n  print: {trim: 3x3 furlongs}\n")
        with pytest.raises(BookError) as raised:
            _load(root, tmp_path)
        assert str(raised.value).startswith("catalog.yaml:3:")
        assert raised.value.code == "Y006"

    def test_the_defaults_are_in_the_key(self, tmp_path: Path) -> None:
        """Another publisher for the catalog: every book's key changes."""
        root = _book(tmp_path / "one", "")
        keys = {
            cache.book_key(root, "one", ("epub",), shared, {})
            for shared in ("", "publisher: A\n", "publisher: B\n")
        }
        assert len(keys) == 3


class TestCatalogFile:
    def test_an_unknown_key_in_defaults_stops_the_catalog(self, tmp_path: Path) -> None:
        """One line naming catalog.yaml's line, exit 1, before any book is built."""
        _book(tmp_path / "one", "")
        _catalog(tmp_path, "defaults:\n  colour: red\n")
        result = CliRunner().invoke(app, ["catalog", str(tmp_path)])
        assert result.exit_code == 1
        assert "catalog.yaml:2:3: error[Y002]: unknown key 'colour'" in result.output
        assert not (tmp_path / "one" / "dist").exists()

    def test_books_are_listed_folders_and_globs(self, tmp_path: Path) -> None:
        """In the order listed, a glob's folders in natural order, each once."""
        for name in ("b/2", "b/10", "b/1", "solo"):
            _book(tmp_path / name, "")
        _catalog(tmp_path, "books: [solo, b/*, b/1]\n")
        assert [book.name for book in listing.load(tmp_path).books] == [
            "solo", "b/1", "b/2", "b/10"
        ]  # fmt: skip

    def test_a_folder_of_books_needs_no_catalog_yaml(self, tmp_path: Path) -> None:
        """Every sub-folder with a book.yaml; others (dist/, notes) are no books."""
        _book(tmp_path / "one", "")
        (tmp_path / "notes").mkdir()
        assert [book.name for book in listing.load(tmp_path).books] == ["one"]


class TestKey:
    def test_a_change_in_the_builder_changes_its_fingerprint(self, tmp_path: Path) -> None:
        """The builder's own files are in the key: one changed byte, another key."""
        package = Path(cache.__file__).resolve().parent.parent
        copy = tmp_path / "builder"
        shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
        assert cache.fingerprint(copy) == cache.fingerprint(package)
        (copy / "catalog" / "cache.py").write_text("# changed\n", "utf-8")
        assert cache.fingerprint(copy) != cache.fingerprint(package)

    def test_files_outside_the_build_are_not_in_the_key(self, tmp_path: Path) -> None:
        """dist/ and hidden files change nothing; a manuscript file does."""
        root = _book(tmp_path / "one", "")
        key = cache.book_key(root, "one", ("epub",), "", {})
        (root / "dist").mkdir()
        (root / "dist" / "x.epub").write_bytes(b"x")
        (root / ".git").mkdir()
        (root / ".git" / "HEAD").write_bytes(b"x")
        assert cache.book_key(root, "one", ("epub",), "", {}) == key
        (root / "manuscript" / "01.md").write_text("# One\n\nOther text.\n", "utf-8")
        assert cache.book_key(root, "one", ("epub",), "", {}) != key
