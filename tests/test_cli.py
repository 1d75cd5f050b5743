"""The `book` command through Typer's CliRunner: exit codes and one-line messages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from builder.cli import app

runner = CliRunner()


class TestBuild:
    def test_builds_and_prints_path(self, make_book: Callable[..., Path]) -> None:
        """`book build DIR` writes dist/<name>.epub and prints its path."""
        root = make_book()
        result = runner.invoke(app, ["build", str(root), "--format", "epub"])
        assert result.exit_code == 0, result.output
        assert (root / "dist" / "test-book.epub").is_file()
        assert result.output.strip().endswith("test-book.epub")

    def test_book_error_is_one_line(self, make_book: Callable[..., Path]) -> None:
        """A problem in the book is one line naming file and line, exit 1, no traceback."""
        root = make_book()
        runner.invoke(app, ["build", str(root)])
        before = (root / "dist" / "test-book.epub").read_bytes()
        (root / "book.yaml").write_text("title: T\nauthor: A\nlanguage: en\ncolour: red\n")
        result = runner.invoke(app, ["build", str(root)])
        assert result.exit_code == 1
        assert result.output.strip() == "book.yaml:4:1: error[Y002]: unknown key 'colour'"
        assert (root / "dist" / "test-book.epub").read_bytes() == before
        outputs = sorted(p.name for p in (root / "dist").iterdir() if not p.name.startswith("."))
        assert outputs == ["test-book.epub", "test-book.pdf"]

    def test_debug_shows_traceback(self, make_book: Callable[..., Path]) -> None:
        """--debug lets the exception through for a full traceback."""
        root = make_book("colour: red\n")
        result = runner.invoke(app, ["build", str(root), "--debug"])
        assert result.exit_code == 1
        assert result.exception is not None and "colour" in str(result.exception)

    def test_empty_chapter_leaves_nothing(self, make_book: Callable[..., Path]) -> None:
        """An empty chapter is an error and nothing is written to dist/."""
        root = make_book("", {"manuscript/01.md": "# One\n\nText.\n", "manuscript/02.md": ""})
        result = runner.invoke(app, ["build", str(root)])
        assert result.exit_code == 1
        assert "manuscript/02.md:1: error[C001]" in result.output
        assert not (root / "dist").exists()

    def test_wrong_command_line(self, tmp_path: Path) -> None:
        """A wrong option or a missing folder is a usage error, exit 2."""
        assert runner.invoke(app, ["build", "--format", "mobi"]).exit_code == 2
        assert runner.invoke(app, ["build", str(tmp_path / "nowhere")]).exit_code == 2

    def test_version(self) -> None:
        """--version prints the version."""
        result = runner.invoke(app, ["--version"])
        assert result.exit_code == 0 and result.output.startswith("book ")


class TestOutputs:
    def test_permissions_follow_umask(self, make_book: Callable[..., Path]) -> None:
        """Outputs are readable by others like any file the user writes, not private temp files."""
        import os
        import stat

        root = make_book()
        runner.invoke(app, ["build", str(root), "--format", "epub"])
        mode = stat.S_IMODE((root / "dist" / "test-book.epub").stat().st_mode)
        umask = os.umask(0)
        os.umask(umask)
        assert mode == 0o666 & ~umask


class TestCheck:
    def test_builds_missing_outputs(self, make_book: Callable[..., Path]) -> None:
        """`book check` without dist/ builds the EPUB and PDF there, then validates them."""
        root = make_book()
        result = runner.invoke(app, ["check", str(root)])
        assert "EPUBCheck: no problems; PDF preflight: no problems" in result.output
        outputs = sorted(p.name for p in (root / "dist").iterdir() if not p.name.startswith("."))
        assert outputs == ["test-book.epub", "test-book.pdf"]

    def test_rules_only_write_nothing(self, make_book: Callable[..., Path]) -> None:
        """With --no-epubcheck and --no-pdf nothing is built: dist/ is not made."""
        root = make_book()
        result = runner.invoke(app, ["check", str(root), "--no-epubcheck", "--no-pdf"])
        assert "EPUBCheck: skipped; PDF preflight: skipped" in result.output
        assert not (root / "dist").exists()
