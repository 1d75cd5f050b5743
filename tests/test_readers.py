"""Readers: plain text as pasted and Markdown, into the document model."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builder.errors import BookError
from builder.model import NOTEREF, SCENE_BREAK, Code, Element, Text, plain_text
from builder.readers import markdown, plaintext, read_chapter
from tests.conftest import corpus_book


def tags(blocks: tuple[object, ...]) -> list[str]:
    return [b.tag for b in blocks if isinstance(b, Element)]


class TestPlainText:
    def test_paragraphs_and_gap_breaks(self) -> None:
        """Blank lines separate paragraphs; two blank lines make a scene break."""
        title, blocks = plaintext.read("One.\n\nTwo\nstill two.\n\n\nThree.\n")
        assert title == ()
        assert tags(blocks) == ["p", "p", SCENE_BREAK, "p"]
        assert plain_text(blocks[1].children) == "Two\nstill two."  # type: ignore[union-attr]

    def test_double_spaced_paste(self) -> None:
        """Text pasted with two blank lines everywhere needs three for a break."""
        _, blocks = plaintext.read("One.\n\n\nTwo.\n\n\nThree.\n\n\n\nFour.\n")
        assert tags(blocks) == ["p", "p", "p", SCENE_BREAK, "p"]

    @pytest.mark.parametrize("marker", ["***", "* * *", "~~~", "###", "oOo", "xXx", "-----", "§"])
    def test_symbol_line_is_not_a_title(self, marker: str) -> None:
        """A line of symbols is never taken for the chapter title."""
        title, _ = plaintext.read(f"{marker}\n\nText.\n")
        assert title == ()

    @pytest.mark.parametrize(
        ("first", "is_title"),
        [
            ("Chapter 12: The End.", True),
            ("The Long Way Home", True),
            ("He was training alone the morning I had to leave.", False),
            ('"Hello there"', False),
        ],
    )
    def test_title_line(self, first: str, is_title: bool) -> None:
        """The first line is a title when it looks like one, not when it is prose or dialogue."""
        title, blocks = plaintext.read(f"{first}\n\nSome text here.\n")
        assert (plain_text(title) == first) is is_title
        assert len(blocks) == (1 if is_title else 2)

    def test_last_morning(self) -> None:
        """The brief's chapter: 30 paragraphs (27 story, 3 note) and exactly two breaks."""
        text = (corpus_book("last-morning") / "manuscript" / "final-chapter.txt").read_text()
        title, blocks = plaintext.read(text)
        assert title == ()
        assert tags(blocks).count("p") == 30
        breaks = [i for i, b in enumerate(blocks) if b.tag == SCENE_BREAK]  # type: ignore[union-attr]
        assert len(breaks) == 2
        after = [plain_text(blocks[i + 1].children) for i in breaks]  # type: ignore[union-attr]
        assert after[0].startswith("I looked up at him.")
        assert after[1].startswith("I'd been watching him leave")


class TestMarkdown:
    def read(self, text: str, root: Path = Path(".")) -> tuple:  # type: ignore[type-arg]
        return markdown.read(root, "manuscript/ch.md", text)

    def test_footnotes(self) -> None:
        """A footnote reference becomes a noteref and its definition a numbered note."""
        blocks, notes = self.read("Text[^a] and more[^a].\n\n[^a]: The *note*.\n")
        refs = [n for n in blocks[0].children if isinstance(n, Element) and n.tag == NOTEREF]
        assert [r.attr("ref") for r in refs] == ["1", "1-2"]
        assert len(notes) == 1 and notes[0].number == 1
        assert plain_text(notes[0].blocks[0].children) == "The note."

    def test_inline_footnote(self) -> None:
        """An inline note (^[...]), which has no label, becomes a numbered note too."""
        blocks, notes = self.read("Text^[An inline *note*.] and more.\n\n^[^1]\n")
        refs = [
            n for b in blocks for n in b.children if isinstance(n, Element) and n.tag == NOTEREF
        ]
        assert [r.attr("note") for r in refs] == ["1", "2"]
        assert plain_text(notes[0].blocks[0].children) == "An inline note."

    def test_raw_html_is_text(self) -> None:
        """Raw HTML is shown as typed, never passed through as markup."""
        blocks, _ = self.read('Hi <script>alert("x")</script> <b onclick="y">b</b>\n')
        assert (
            plain_text(blocks[0].children) == 'Hi <script>alert("x")</script> <b onclick="y">b</b>'
        )

    def test_attributes_and_code(self) -> None:
        """{.class} attributes are kept; code spans become Code that typography will skip."""
        blocks, _ = self.read('{.letter}\nDear "you", `x = "y"`.\n')
        assert blocks[0].attr("class") == "letter"
        code = blocks[0].children[1]
        assert code.tag == "code" and code.children == (Code('x = "y"'),)

    def test_disallowed_attribute(self) -> None:
        """An attribute that could carry script or style is refused at its line."""
        with pytest.raises(BookError) as caught:
            self.read("One.\n\n{onclick=x}\nTwo.\n")
        # Reported at the paragraph the attribute line applies to.
        assert str(caught.value).startswith("manuscript/ch.md:4: error[M002]")

    def test_javascript_link(self) -> None:
        """A javascript: link never becomes a link; other unknown schemes are refused."""
        blocks, _ = self.read("[x](javascript:alert(1))\n")
        assert tags(blocks[0].children) == []
        with pytest.raises(BookError, match="not allowed"):
            self.read("[x](smb://host/share)\n")

    def test_hard_breaks_and_scene_break(self) -> None:
        """Backslash line ends give line breaks (letters, verse); *** gives a scene break."""
        blocks, _ = self.read("> Dear Sir,\\\n> Yours.\n\n* * *\n\nAfter.\n")
        assert tags(blocks) == ["blockquote", SCENE_BREAK, "p"]
        assert "br" in tags(blocks[0].children[0].children)

    def test_image_paths(self, make_book: Callable[..., Path]) -> None:
        """Image paths are relative to the Markdown file and must exist in the book."""
        root = make_book("", {"manuscript/a.md": "x", "images/p.png": "png"})
        blocks, _ = self.read("![A picture](../images/p.png)\n", root)
        assert blocks[0].children[0].attrs == (("src", "images/p.png"), ("alt", "A picture"))
        with pytest.raises(BookError, match="does not exist"):
            self.read("![A picture](../images/q.png)\n", root)

    def test_title_from_first_heading(self, make_book: Callable[..., Path]) -> None:
        """The first heading is the chapter title, taken out of the text."""
        root = make_book("", {"manuscript/01.md": "A/N: hi\n\n# The *Title*\n\nText.\n"})
        chapter = read_chapter(root, "manuscript/01.md", 1)
        assert chapter.title_text == "The Title"
        assert tags(chapter.blocks) == ["p", "p"]

    def test_default_title_and_empty_chapter(self, make_book: Callable[..., Path]) -> None:
        """No heading gives "Chapter N"; an empty file is an error naming it."""
        root = make_book("", {"manuscript/01.md": "Text.\n", "manuscript/02.md": "\n\n"})
        assert read_chapter(root, "manuscript/01.md", 7).title == (Text("Chapter 7"),)
        with pytest.raises(BookError, match=r"manuscript/02.md:1: error\[C001\]"):
            read_chapter(root, "manuscript/02.md", 2)

    def test_bom_heading(self, make_book: Callable[..., Path]) -> None:
        """A byte-order mark does not turn "# Title" into a paragraph."""
        root = make_book("", {"manuscript/01.md": "\ufeff# Title\r\n\r\nText.\r\n".encode()})
        assert read_chapter(root, "manuscript/01.md", 1).title_text == "Title"

    def test_invalid_utf8(self, make_book: Callable[..., Path]) -> None:
        """A file that is not UTF-8 is an error naming its line."""
        root = make_book("", {"manuscript/01.md": b"# T\n\nCaf\xe9\n"})
        with pytest.raises(BookError, match=r"manuscript/01.md:3:4: error\[F005\]"):
            read_chapter(root, "manuscript/01.md", 1)


class TestDefaultTitle:
    def test_in_the_book_language(self, make_book: Callable[..., Path]) -> None:
        """A chapter without a heading is "Kapitel 3" in a German book, not "Chapter 3"."""
        root = make_book("", {"manuscript/01.md": "Text.\n"})
        assert read_chapter(root, "manuscript/01.md", 3, "de-AT").title_text == "Kapitel 3"
