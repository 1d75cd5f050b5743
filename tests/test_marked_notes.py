"""Author's notes marked in Markdown (`{.authors-note}` before a quote), as book import
writes them: read as notes, and kept, gathered or left out like detected A/N notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builder import pipeline
from builder.model import AUTHORS_NOTE, Element, plain_text

CHAPTER = """\
# One

{.authors-note}
> Thanks for the kudos!
>
> Next chapter on Friday.

The story starts here.

It goes on.

{.authors-note}
> See you soon.
"""


def _built(make_book: Callable[..., Path], mode: str):  # type: ignore[no-untyped-def]
    root = make_book(f"authors_notes: {mode}\n", {"manuscript/01.md": CHAPTER})
    return pipeline.transform(pipeline.assemble(pipeline.read(pipeline.load_config(root))))


def _tags(book) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.tag for b in next(book.chapters()).blocks if isinstance(b, Element)]


def test_keep_leaves_marked_notes_in_place(make_book: Callable[..., Path]) -> None:
    book = _built(make_book, "keep")
    assert _tags(book) == [AUTHORS_NOTE, "p", "p", AUTHORS_NOTE]
    first = next(book.chapters()).blocks[0]
    assert isinstance(first, Element) and len(first.children) == 2


def test_end_gathers_marked_notes(make_book: Callable[..., Path]) -> None:
    book = _built(make_book, "end")
    assert _tags(book) == ["p", "p"]
    gathered = [plain_text(n.blocks) for n in book.gathered_notes]
    assert gathered == ["Thanks for the kudos!Next chapter on Friday.", "See you soon."]


def test_omit_drops_marked_notes(make_book: Callable[..., Path]) -> None:
    book = _built(make_book, "omit")
    assert _tags(book) == ["p", "p"]
    assert book.gathered_notes == ()


@pytest.mark.parametrize("mode", ["keep", "end", "omit"])
def test_a_plain_quote_is_story(make_book: Callable[..., Path], mode: str) -> None:
    """Only the marked quote is a note: a quote without the class is the author's text."""
    text = "# One\n\n> A letter.\n\nStory.\n"
    root = make_book(f"authors_notes: {mode}\n", {"manuscript/01.md": text})
    book = pipeline.transform(pipeline.assemble(pipeline.read(pipeline.load_config(root))))
    assert _tags(book) == ["blockquote", "p"]


def test_sup_and_sub_are_read(make_book: Callable[..., Path]) -> None:
    """Pandoc's ^superscript^ and ~subscript~; a lone tilde stays text."""
    root = make_book("", {"manuscript/01.md": "# One\n\nThe 1^st^ of H~2~O, hello~ you.\n"})
    (chapter,) = pipeline.read(pipeline.load_config(root)).accepted()
    (paragraph,) = chapter.blocks
    assert isinstance(paragraph, Element)
    tags = [c.tag for c in paragraph.children if isinstance(c, Element)]
    assert tags == ["sup", "sub"]
    assert plain_text(paragraph.children) == "The 1st of H2O, hello~ you."


def test_check_reads_sup_and_sub() -> None:
    """book check's source view uses the same parser: the paragraph is one block of prose."""
    from builder.checks.mdsource import read_markdown

    source = read_markdown("manuscript/01.md", "# One\n\nThe 1^st^ of H~2~O.\n")
    assert [b.kind for b in source.blocks] == ["heading", "paragraph"]
