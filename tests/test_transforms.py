"""Structure transforms: scene breaks, author's notes, first-paragraph indents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from builder import config
from builder.model import AUTHORS_NOTE, SCENE_BREAK, Book, Chapter, Element, Node, Part, Text
from builder.transforms import authors_notes, indents, scene_breaks


def p(text: str) -> Element:
    return Element("p", (Text(text),))


BREAK = Element(SCENE_BREAK)


def book_of(make_book: Callable[..., Path], blocks: tuple[Node, ...], yaml: str = "") -> Book:
    loaded = config.load(make_book(yaml))
    chapter = Chapter("manuscript/01.md", 1, (Text("One"),), blocks)
    return Book(loaded, (Part(1, None, (chapter,)),))


def blocks_of(book: Book) -> tuple[Node, ...]:
    return next(book.chapters()).blocks


def shape(blocks: tuple[Node, ...]) -> list[str]:
    return [b.tag if isinstance(b, Element) else "text" for b in blocks]


class TestSceneBreaks:
    @pytest.mark.parametrize("marker", ["* * *", "oOo", "~~~", "###", "xXx", "-----", "⁂"])
    def test_typed_markers_become_breaks(self, make_book: Callable[..., Path], marker: str) -> None:
        """A paragraph that is only a break marker becomes the one scene-break element."""
        book = scene_breaks.mark(book_of(make_book, (p("a"), p(marker), p("b"))))
        assert shape(blocks_of(book)) == ["p", SCENE_BREAK, "p"]

    def test_words_are_not_markers(self, make_book: Callable[..., Path]) -> None:
        """Ordinary short paragraphs, ellipses and kisses stay paragraphs."""
        book = scene_breaks.mark(book_of(make_book, (p("..."), p("xxx"), p("Ooh"), p("No."))))
        assert shape(blocks_of(book)) == ["p", "p", "p", "p"]

    def test_tidy(self, make_book: Callable[..., Path]) -> None:
        """Breaks at a chapter's edges or doubled up are dropped."""
        blocks = (BREAK, p("a"), BREAK, BREAK, p("b"), BREAK)
        assert shape(blocks_of(scene_breaks.tidy(book_of(make_book, blocks)))) == [
            "p", SCENE_BREAK, "p"
        ]  # fmt: skip


class TestAuthorsNotes:
    STORY = (p("A/N: Thanks for reading!"), BREAK, p("Story."), BREAK, p("More story."),
             p("A/N: This is the end."), p("Second note paragraph."))  # fmt: skip

    def test_split(self) -> None:
        """An opening note runs to the first break; a closing note to the end."""
        opening, story, closing = authors_notes.split(self.STORY)
        assert [len(opening), len(story), len(closing)] == [1, 3, 2]

    @pytest.mark.parametrize(
        "opener", ["AN: x", "Author's Note: x", "Author’s notes - x", "**A/N:** x", "a/n: x"]
    )
    def test_openers(self, opener: str) -> None:
        """The usual ways of opening a note are recognised."""
        opening, _, _ = authors_notes.split((p(opener), p("Story.")))
        assert len(opening) == 1

    def test_not_a_note(self) -> None:
        """Sentences that merely start with "An" are story."""
        opening, _, closing = authors_notes.split((p("An owl: hooting."), p("An end: here.")))
        assert opening == closing == ()

    def test_keep(self, make_book: Callable[..., Path]) -> None:
        """keep: notes stay in place, wrapped as author's notes."""
        book = authors_notes.apply(book_of(make_book, self.STORY))
        assert shape(blocks_of(book)) == [AUTHORS_NOTE, "p", SCENE_BREAK, "p", AUTHORS_NOTE]

    def test_end(self, make_book: Callable[..., Path]) -> None:
        """end: notes leave the chapter and are gathered for the back of the book."""
        book = authors_notes.apply(book_of(make_book, self.STORY, "authors_notes: end\n"))
        assert shape(blocks_of(book)) == ["p", SCENE_BREAK, "p"]
        assert [len(n.blocks) for n in book.gathered_notes] == [1, 2]

    def test_omit(self, make_book: Callable[..., Path]) -> None:
        """omit: notes are left out."""
        book = authors_notes.apply(book_of(make_book, self.STORY, "authors_notes: omit\n"))
        assert shape(blocks_of(book)) == ["p", SCENE_BREAK, "p"]
        assert book.gathered_notes == ()

    def test_note_only_chapter_stays(self, make_book: Callable[..., Path]) -> None:
        """A chapter that is only a note keeps it, so no chapter comes out empty."""
        book = book_of(make_book, (p("A/N: Hiatus."),), "authors_notes: omit\n")
        assert shape(blocks_of(authors_notes.apply(book))) == [AUTHORS_NOTE]


class TestIndents:
    def test_first_paragraphs(self) -> None:
        """Paragraphs after the title, a heading, a break or a note get no indent."""
        note = Element(AUTHORS_NOTE, (p("n1"), p("n2")))
        blocks = (p("a"), p("b"), BREAK, p("c"), Element("h2", (Text("H"),)), p("d"), note, p("e"))
        marked = indents.mark_first(blocks)
        flat = [b.attr("class") for b in marked if isinstance(b, Element) and b.tag == "p"]
        assert flat == ["noindent", "", "noindent", "noindent", "noindent"]
        inner = marked[6]
        assert isinstance(inner, Element)
        assert [c.attr("class") for c in inner.children if isinstance(c, Element)] == [
            "noindent", ""
        ]  # fmt: skip

    def test_keeps_existing_class(self) -> None:
        """An author's own class survives next to ours."""
        (marked,) = indents.mark_first((replace(p("a"), attrs=(("class", "letter"),)),))
        assert isinstance(marked, Element) and marked.attr("class") == "letter noindent"
