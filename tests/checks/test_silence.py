"""Silencing: per book in book.yaml, per place with a Markdown comment, and unused silences."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from builder.checks import runner

SLIPS = """\
# One

The the first slip.

The the second slip.
"""


def codes(root: Path, epubcheck: bool = False) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in runner.check(root, epubcheck=epubcheck).findings]


class TestBookSilence:
    def test_mapping_form(self, write_book: Callable[..., Path]) -> None:
        """`check: {ignore: [T002]}` silences every T002 in the book."""
        root = write_book("check: {ignore: [T002]}\n", {"manuscript/01.md": SLIPS})
        report = runner.check(root, epubcheck=False)
        assert report.findings == [] and report.silenced == 2

    def test_list_form(self, write_book: Callable[..., Path]) -> None:
        """`check: [T002]` is the same as `check: {ignore: [T002]}`."""
        root = write_book("check: [T002]\n", {"manuscript/01.md": SLIPS})
        assert codes(root) == []

    def test_unused_is_reported_at_its_code(self, write_book: Callable[..., Path]) -> None:
        """A code silenced in book.yaml that nothing in the book has is X001, at that code."""
        root = write_book("check:\n  ignore: [T002, S009]\n", {"manuscript/01.md": SLIPS})
        (finding,) = runner.check(root, epubcheck=False).findings
        assert (finding.code, finding.file, finding.line, finding.column) == (
            "X001",
            "book.yaml",
            7,
            18,
        )

    def test_epubcheck_codes_not_judged_without_epubcheck(
        self, write_book: Callable[..., Path]
    ) -> None:
        """E002 silenced while EPUBCheck did not run is not called unused."""
        assert codes(write_book("check: [E002]\n")) == []

    def test_bad_code_is_a_schema_error(self, write_book: Callable[..., Path]) -> None:
        """A code that is not a letter and three digits is a Y006 error in book.yaml."""
        assert codes(write_book("check: {ignore: [t2]}\n")) == [("Y006", 6)]

    def test_plain_text_cannot_silence(self, write_book: Callable[..., Path]) -> None:
        """In a .txt chapter a comment line is text, so it silences nothing."""
        text = "Title\n\n[//]: # (book-check: ignore T002)\n\nThe the slip.\n"
        assert codes(write_book("", {"manuscript/01.txt": text})) == [("T002", 5)]


class TestPlaceSilence:
    def test_silences_the_next_block_only(self, write_book: Callable[..., Path]) -> None:
        """A comment before a paragraph silences its code there and nowhere else."""
        text = SLIPS.replace("The the first", "[//]: # (book-check: ignore T002)\n\nThe the first")
        assert codes(write_book("", {"manuscript/01.md": text})) == [("T002", 7)]

    def test_several_codes(self, write_book: Callable[..., Path]) -> None:
        """One comment may name several codes, separated by spaces or commas."""
        text = "# One\n\n[//]: # (book-check: ignore T002, T003)\n\nThe the  slip.\n"
        assert codes(write_book("", {"manuscript/01.md": text})) == []

    def test_other_comment_forms(self, write_book: Callable[..., Path]) -> None:
        """Any label and a quoted title work too: [comment]: # "book-check: ignore T002"."""
        text = '# One\n\n[comment]: # "book-check: ignore T002"\n\nThe the slip.\n'
        assert codes(write_book("", {"manuscript/01.md": text})) == []

    def test_unused_is_reported(self, write_book: Callable[..., Path]) -> None:
        """A comment that silences nothing is X001 at the comment's line."""
        text = "# One\n\n[//]: # (book-check: ignore T005)\n\nFine.\n"
        assert codes(write_book("", {"manuscript/01.md": text})) == [("X001", 3)]

    def test_inside_a_paragraph_is_an_error(self, write_book: Callable[..., Path]) -> None:
        """Without a blank line before it the comment is paragraph text: X002, an error."""
        text = "# One\n\nText.\n[//]: # (book-check: ignore T002)\n\nThe the slip.\n"
        assert codes(write_book("", {"manuscript/01.md": text})) == [("X002", 4), ("T002", 6)]

    def test_misspelt_is_reported(self, write_book: Callable[..., Path]) -> None:
        """A book-check comment the checker cannot read is X003."""
        text = "# One\n\n[//]: # (book-check: ignroe T002)\n\nFine.\n"
        assert codes(write_book("", {"manuscript/01.md": text})) == [("X003", 3)]

    def test_comment_renders_to_nothing(self, write_book: Callable[..., Path]) -> None:
        """The builder prints nothing for the comment: the chapter has just its paragraph."""
        from builder.readers import read_chapter

        text = "# One\n\n[//]: # (book-check: ignore T002)\n\nThe the slip.\n"
        root = write_book("", {"manuscript/01.md": text})
        chapter = read_chapter(root, "manuscript/01.md", 1)
        assert len(chapter.blocks) == 1
