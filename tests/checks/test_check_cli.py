"""`book check` on the command line: the three output formats, exit codes and --strict."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder.checks import report
from builder.checks import runner as check_runner
from builder.checks.findings import WARNING, Finding
from builder.checks.runner import Report
from builder.cli import app

runner = CliRunner()
CASES = Path(__file__).parent / "cases"
WARNINGS_ONLY = CASES / "T002-doubled-words"
WITH_ERRORS = CASES / "S003-links"


def check(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["check", *args, "--no-epubcheck", "--no-pdf"])
    return result.exit_code, result.output


class TestExitStatus:
    def test_clean_book_exits_0(self, write_book: Callable[..., Path]) -> None:
        """A book with nothing to report exits 0, even with --strict."""
        root = write_book()
        assert check(str(root))[0] == 0
        assert check(str(root), "--strict")[0] == 0

    def test_warnings_only_exit_0(self) -> None:
        """Warnings alone do not fail the check."""
        assert check(str(WARNINGS_ONLY))[0] == 0

    def test_strict_counts_warnings(self) -> None:
        """--strict makes a warning fail the check, as MkDocs' strict mode does."""
        assert check(str(WARNINGS_ONLY), "--strict")[0] == 1

    def test_error_exits_1(self) -> None:
        """An error fails the check."""
        assert check(str(WITH_ERRORS))[0] == 1

    def test_wrong_command_line_exits_2(self, tmp_path: Path) -> None:
        """A wrong option or a missing folder is a usage error."""
        assert runner.invoke(app, ["check", "--format", "xml"]).exit_code == 2
        assert runner.invoke(app, ["check", str(tmp_path / "nowhere")]).exit_code == 2

    def test_missing_book_yaml_is_a_finding(self, tmp_path: Path) -> None:
        """A folder without book.yaml gives an F001 finding on book.yaml, not a crash."""
        status, output = check(str(tmp_path), "--format", "json")
        assert status == 1
        assert [f["code"] for f in json.loads(output)] == ["F001"]


class TestJsonFormat:
    def test_is_the_list_of_findings(self) -> None:
        """--format json prints a list of {code, severity, message, file, line, column}."""
        status, output = check(str(WITH_ERRORS), "--format", "json")
        found = json.loads(output)
        assert status == 1
        assert found == json.loads((WITH_ERRORS / "expected.json").read_text("utf-8"))
        assert all(
            list(f) == ["code", "severity", "message", "file", "line", "column"] for f in found
        )

    def test_clean_book_is_an_empty_list(self, write_book: Callable[..., Path]) -> None:
        """Nothing to report is an empty JSON list."""
        assert json.loads(check(str(write_book()), "--format", "json")[1]) == []


class TestTextFormat:
    def test_grouped_by_file(self) -> None:
        """Findings are listed under their file, each with line:column, severity and code."""
        output = check(str(CASES / "C001-empty-chapter"))[1]
        lines = output.splitlines()
        assert lines[0] == "manuscript/01.md"
        assert lines[1].split() == ["3:15", "warning", "T002", "doubled", "word:", "the", "the"]
        assert lines[3] == "manuscript/02.md"
        assert "error    C001  the chapter has no text" in lines[4]
        assert lines[-1].startswith("2 errors, 1 warning; EPUBCheck: skipped")

    def test_plain_when_not_a_terminal(self) -> None:
        """Output to a pipe (as here) has no colour codes."""
        assert "\x1b[" not in check(str(WITH_ERRORS))[1]

    def test_coloured_on_a_terminal(self) -> None:
        """On a terminal, severities are coloured and messages are printed as they are."""
        found = check_runner.check(CASES / "S001-S002-footnotes", epubcheck=False)
        out = io.StringIO()
        report.write_text(found, out, color=True)
        assert "\x1b[31merror" in out.getvalue()
        assert "footnote [^nope] is not defined" in out.getvalue()

    def test_silenced_count_in_summary(self) -> None:
        """The summary says how many findings were silenced."""
        assert "silenced" in check(str(CASES / "X-silences"))[1].splitlines()[-1]


class TestGithubFormat:
    def test_annotations(self) -> None:
        """--format github prints ::error and ::warning workflow commands with file and line."""
        output = check(str(WITH_ERRORS), "--format", "github")[1]
        first = output.splitlines()[0]
        assert first.startswith("::error file=")
        assert ",line=3,col=13,title=S003::link to '#missing'" in first

    def test_paths_relative_to_the_working_folder(
        self, monkeypatch: pytest.MonkeyPatch, write_book: Callable[..., Path]
    ) -> None:
        """File names are the book folder's path plus the book-relative path, as GitHub wants."""
        root = write_book(files={"manuscript/01.md": "# One\n\nThe the end.\n"})
        monkeypatch.chdir(root.parent)
        output = check("book", "--format", "github")[1]
        assert output.strip() == (
            "::warning file=book/manuscript/01.md,line=3,col=5,title=T002::doubled word: The the"
        )

    def test_escaping(self) -> None:
        """Commas and colons in a file property and newlines in a message are escaped."""
        found = Report([Finding("T002", WARNING, "50% of\nit", "a,b:c.md", 1, 2)])
        expected = "::warning file=a%2Cb%3Ac.md,line=1,col=2,title=T002::50%25 of%0Ait"
        assert report.as_github(found) == expected
