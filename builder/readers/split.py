"""One document, many chapters: where a Word, HTML or EPUB manuscript is cut into chapters."""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import Element, Footnote, Node


@dataclass(frozen=True)
class Section:
    """One chapter's worth of a document: its title (inline nodes, () if none), its blocks
    and its notes, numbered from 1 within the section as its NOTEREF elements are."""

    title: tuple[Node, ...]
    blocks: tuple[Node, ...]
    notes: tuple[Footnote, ...] = ()


def take_title(blocks: tuple[Node, ...]) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """A chapter's title is its first heading, taken out of the text."""
    for index, block in enumerate(blocks):
        if isinstance(block, Element) and block.tag in ("h1", "h2", "h3") and block.children:
            return block.children, blocks[:index] + blocks[index + 1 :]
    return (), blocks


def sections(blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> list[Section]:
    """The document's chapters, in reading order (for now, the whole document is one)."""
    title, rest = take_title(blocks)
    return [Section(title, rest, notes)]
