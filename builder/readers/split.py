"""One document, many chapters: where a Word, HTML or EPUB manuscript is cut into chapters.

A chapter starts at any of:
- an h1 heading (Word's Heading 1);
- a chapter line: a short paragraph or heading that is nothing but "Chapter 12",
  "CHAPTER TWELVE", "Chapter XII. The Ball", "Chapter 3: The Ball", "Prologue" or
  "Epilogue" (chapterlines.py says exactly what reads as one);
- a page break followed by a short centred paragraph (a title set by hand in Word).

A document with fewer h1 headings than chapter lines uses its h1 headings for something
else (the book's title, or parts: "Part One"): there, only chapter lines cut, and an h1
just before a chapter line opens that chapter's text rather than ending the previous one's.
Otherwise both cut (chapters in Heading 1, and a "Prologue" typed as a plain paragraph).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from builder.model import NOTEREF, PAGE_BREAK, Element, Footnote, Node, plain_text
from builder.readers.chapterlines import MAX_TITLE, is_chapter_line

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Section:
    """One chapter's worth of a document: its title (inline nodes, () if none), its blocks
    and its notes, numbered from 1 within the section as its NOTEREF elements are."""

    title: tuple[Node, ...]
    blocks: tuple[Node, ...]
    notes: tuple[Footnote, ...] = ()

    def mapped(self, change: Callable[[tuple[Node, ...]], tuple[Node, ...]]) -> Section:
        """The section with CHANGE made to its blocks and to each note's."""
        notes = tuple(Footnote(note.number, change(note.blocks)) for note in self.notes)
        return Section(self.title, change(self.blocks), notes)


def take_title(blocks: tuple[Node, ...]) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """A chapter's title is its first heading, taken out of the text."""
    for index, block in enumerate(blocks):
        if isinstance(block, Element) and block.tag in ("h1", "h2", "h3") and block.children:
            return block.children, blocks[:index] + blocks[index + 1 :]
    return (), blocks


def _text(node: Node) -> str:
    return plain_text(node.children).strip() if isinstance(node, Element) else ""


def _lines(nodes: tuple[Node, ...]) -> str:
    """The characters of inline NODES with each line break as a new line."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Element):
            out.append("\n" if node.tag == "br" else _lines(node.children))
        else:
            out.append(node.text)
    return "".join(out)


def _is_line(node: Node) -> bool:
    """A paragraph or heading that is a chapter line, whole."""
    return (
        isinstance(node, Element)
        and node.tag in ("p", *_HEADINGS)
        and is_chapter_line(_lines(node.children))
    )


def _is_h1(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == "h1" and bool(_text(node))


def _is_page_break(node: Node) -> bool:
    return isinstance(node, Element) and node.tag == PAGE_BREAK


def _is_set_title(blocks: tuple[Node, ...], index: int) -> bool:
    """A short centred paragraph right after a page break: a title set by hand."""
    node = blocks[index]
    return (
        index > 0
        and _is_page_break(blocks[index - 1])
        and isinstance(node, Element)
        and node.tag == "p"
        and "center" in node.attr("class").split()
        and 0 < len(_text(node)) <= MAX_TITLE
        and not any(isinstance(n, Element) and n.tag == "img" for n in node.children)
    )


def _titles(blocks: tuple[Node, ...]) -> list[int]:
    """The indexes of the blocks that open a chapter (and are its title)."""
    lines = {i for i, node in enumerate(blocks) if _is_line(node)}
    h1s = {i for i, node in enumerate(blocks) if _is_h1(node)}
    # Fewer h1 headings than chapter lines: they are parts' titles, or the book's.
    use_h1 = len(h1s - lines) >= len(lines - h1s)
    return [
        i
        for i in range(len(blocks))
        if i in lines or (use_h1 and i in h1s) or _is_set_title(blocks, i)
    ]


def _start(blocks: tuple[Node, ...], title: int) -> int:
    """Where the chapter whose title is at TITLE starts: an h1 (a part's title) and page
    breaks just before it belong to it, not to the chapter before."""
    start = title
    while start > 0 and (_is_page_break(blocks[start - 1]) or _is_h1(blocks[start - 1])):
        start -= 1
    return start


def _unwrap(title: tuple[Node, ...]) -> tuple[Node, ...]:
    # A chapter line typed in bold is bold because it is a title: the title is set as one.
    if len(title) == 1 and isinstance(title[0], Element) and title[0].tag == "strong":
        return title[0].children
    return title


def _has_text(blocks: tuple[Node, ...]) -> bool:
    return any(not (isinstance(b, Element) and b.tag in _HEADINGS) for b in blocks)


def sections(blocks: tuple[Node, ...], notes: tuple[Footnote, ...]) -> list[Section]:
    """The document's chapters, in reading order; page breaks are gone from all of them.

    Text before the first chapter's title is a chapter of its own (untitled) if it holds
    more than headings (a book's title, its author); a document without titles is one;
    a title followed by no text (a typed contents list) is dropped."""
    titles = _titles(blocks)
    if not titles:
        title, rest = take_title(drop_breaks(blocks))
        return [Section(title, rest, notes)]
    starts = [_start(blocks, i) for i in titles]
    out = []
    front = drop_breaks(blocks[: starts[0]])
    if _has_text(front):
        out.append(_renumbered((), front, notes))
    for n, (start, index) in enumerate(zip(starts, titles, strict=True)):
        end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
        heading = blocks[index]
        assert isinstance(heading, Element)  # _titles picks only elements
        body = drop_breaks(blocks[start:index] + blocks[index + 1 : end])
        out.append(_renumbered(_unwrap(heading.children), body, notes))
    # A title with no text after it is not a chapter: a contents list typed by hand
    # ("Chapter 1", "Chapter 2"... at the top) would otherwise make empty chapters.
    return [section for section in out if section.blocks or section.notes] or out[:1]


def drop_breaks(blocks: tuple[Node, ...]) -> tuple[Node, ...]:
    """BLOCKS without the page breaks that only the cutting into chapters looks at."""
    return tuple(b for b in blocks if not _is_page_break(b))


def _renumbered(
    title: tuple[Node, ...], blocks: tuple[Node, ...], notes: tuple[Footnote, ...]
) -> Section:
    """A section with only the notes its text refers to, numbered from 1 in their order."""
    numbers: dict[str, str] = {}
    for ref in _noterefs((*title, *blocks)):
        numbers.setdefault(ref.attr("note"), str(len(numbers) + 1))
    kept = {note.number: note for note in notes}
    own = tuple(
        Footnote(int(new), kept[int(old)].blocks)
        for old, new in numbers.items()
        if old.isdigit() and int(old) in kept
    )
    if not numbers:  # no note referred to: nothing to rewrite (most chapters of a novel)
        return Section(title, blocks, own)
    seen: dict[str, int] = {}
    return Section(_rewrite(title, numbers, seen), _rewrite(blocks, numbers, seen), own)


def _noterefs(nodes: tuple[Node, ...]) -> list[Element]:
    found: list[Element] = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == NOTEREF:
                found.append(node)
            found.extend(_noterefs(node.children))
    return found


def _rewrite(
    nodes: tuple[Node, ...], numbers: dict[str, str], seen: dict[str, int] | None = None
) -> tuple[Node, ...]:
    """NODES with each NOTEREF's note and ref in the section's own numbers; a note's
    occurrences are counted again within the section ("1", then "1-2")."""
    seen = {} if seen is None else seen
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag == NOTEREF:
            old = node.attr("note")
            new = numbers.get(old, old)
            seen[new] = count = seen.get(new, 0) + 1
            ref = f"{new}-{count}" if count > 1 else new
            node = replace(node, attrs=(("note", new), ("ref", ref)))
        elif isinstance(node, Element) and node.children:
            node = replace(node, children=_rewrite(node.children, numbers, seen))
        out.append(node)
    return tuple(out)
