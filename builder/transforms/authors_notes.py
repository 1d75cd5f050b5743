"""Author's notes (A/N:) at a chapter's start or end: set apart, gathered, or left out.

Fan fiction is posted chapter by chapter with a note from the author before or
after the story; in a book the reader wants the story first. book.yaml's
``authors_notes`` says what happens: ``keep`` (in place, styled apart), ``end``
(moved to an "Author's Notes" section at the back) or ``omit``.
"""

from __future__ import annotations

from dataclasses import replace

from builder.markers import is_authors_note_start
from builder.model import AUTHORS_NOTE, SCENE_BREAK, Book, Element, GatheredNote, Node, plain_text

# A note that opens a chapter runs to the first scene break when the break comes
# this soon; otherwise it is the single A/N paragraph.
MAX_OPENING_NOTE = 4
# A closing note starts within the last blocks of the chapter's last scene.
MAX_CLOSING_NOTE = 8


def _starts_note(node: Node) -> bool:
    return (
        isinstance(node, Element)
        and node.tag == "p"
        and is_authors_note_start(plain_text(node.children))
    )


def _is_break(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == SCENE_BREAK


def _opening(blocks: tuple[Node, ...]) -> int:
    """How many leading blocks form an opening note (0 if none); a break after it goes too."""
    if not blocks or not _starts_note(blocks[0]):
        return 0
    for index, node in enumerate(blocks[: MAX_OPENING_NOTE + 1]):
        if _is_break(node):
            return index
    return 1


def _closing(blocks: tuple[Node, ...]) -> int:
    """Index where a closing note starts (len(blocks) if none)."""
    last_break = max((i for i, node in enumerate(blocks) if _is_break(node)), default=-1)
    first_candidate = max(last_break + 1, len(blocks) - MAX_CLOSING_NOTE)
    for index in range(first_candidate, len(blocks)):
        if _starts_note(blocks[index]):
            return index
    return len(blocks)


def split(blocks: tuple[Node, ...]) -> tuple[tuple[Node, ...], tuple[Node, ...], tuple[Node, ...]]:
    """(opening note, story, closing note) of a chapter's blocks."""
    head = _opening(blocks)
    opening = blocks[:head]
    rest = blocks[head:]
    if opening and rest and _is_break(rest[0]):
        rest = rest[1:]
    tail = _closing(rest)
    story, closing = rest[:tail], rest[tail:]
    while story and closing and _is_break(story[-1]):
        story = story[:-1]
    return opening, story, closing


def _wrapped(blocks: tuple[Node, ...]) -> tuple[Node, ...]:
    if not blocks:
        return ()
    line = blocks[0].line if isinstance(blocks[0], Element) else 0
    return (Element(AUTHORS_NOTE, blocks, (), line),)


def _is_marked(node: Node) -> bool:
    """A note the source marked itself (`{.authors-note}` before a quote, AO3's notes)."""
    return isinstance(node, Element) and node.tag == AUTHORS_NOTE


def apply(book: Book) -> Book:
    """Mark author's notes and keep, gather or drop them as book.yaml says."""
    mode = book.config.authors_notes
    gathered: list[GatheredNote] = []
    parts = []
    for part in book.parts:
        chapters = []
        for chapter in part.chapters:
            opening, story, closing = split(chapter.blocks)
            marked = [n.children for n in story if isinstance(n, Element) and _is_marked(n)]
            text = tuple(n for n in story if not _is_marked(n))
            # A chapter that is nothing but a note keeps it: it is the author's whole text.
            if mode == "keep" or not text:
                blocks = _wrapped(opening) + story + _wrapped(closing)
            else:
                blocks = text
                if mode == "end":
                    notes = (opening, *marked, closing)
                    gathered.extend(GatheredNote(chapter, note) for note in notes if note)
            chapters.append(replace(chapter, blocks=blocks))
        parts.append(replace(part, chapters=tuple(chapters)))
    return replace(book, parts=tuple(parts), gathered_notes=tuple(gathered))
