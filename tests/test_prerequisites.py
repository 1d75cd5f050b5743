"""What the tests need is there, and a missing piece fails the run instead of skipping tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.conftest import CORPUS, corpus_book, corpus_path, require_tool


def _outcome(call: Callable[[], object]) -> BaseException:
    """What CALL raises: pytest's skip and failure are both BaseExceptions, told apart here."""
    with pytest.raises(BaseException) as info:
        call()
    return info.value


class TestMissingPrerequisites:
    def test_missing_corpus_fails(self) -> None:
        """A missing corpus book fails the test, saying where it was looked for."""
        outcome = _outcome(lambda: corpus_book("no-such-book"))
        assert isinstance(outcome, pytest.fail.Exception), type(outcome)
        assert str(CORPUS / "no-such-book") in str(outcome)

    def test_missing_corpus_file_fails(self) -> None:
        """A missing corpus file fails the same way."""
        outcome = _outcome(lambda: corpus_path("last-morning/no-such-file.txt"))
        assert isinstance(outcome, pytest.fail.Exception), type(outcome)
        assert "no-such-file.txt" in str(outcome)

    def test_missing_tool_fails(self) -> None:
        """A missing command fails the test and names the package to install."""
        outcome = _outcome(lambda: require_tool("no-such-tool-b7e1", "some-package"))
        assert isinstance(outcome, pytest.fail.Exception), type(outcome)
        assert "no-such-tool-b7e1" in str(outcome) and "some-package" in str(outcome)


class TestPresent:
    @pytest.mark.parametrize("name", ["last-morning", "pride-and-prejudice"])
    def test_corpus(self, name: str) -> None:
        """The real books are beside the repository (CI copies shared/ there)."""
        assert any(corpus_book(name).joinpath("manuscript").iterdir())

    @pytest.mark.parametrize(
        ("command", "package"),
        [("mutool", "mupdf-tools"), ("pdftoppm", "poppler-utils"), ("java", "a JRE")],
    )
    def test_tools(self, command: str, package: str) -> None:
        """The commands the tests run are installed (./dev installs them)."""
        assert require_tool(command, package)
