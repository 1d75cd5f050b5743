"""The document model every stage shares: a Book of parts, chapters and block trees.

Text is kept apart from markup by construction (as mdBook's HTML tree does):
``Text`` and ``Code`` hold characters, ``Element`` holds a tag from a closed
vocabulary (``BLOCK_TAGS``; every other tag is inline). Readers build it,
transforms return new Books, and only the renderer turns it into markup.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from builder.config import BookConfig


@dataclass(frozen=True, slots=True)
class Text:
    """Characters of the author's prose; typography may change them."""

    text: str

    # Pickled as a call (chapter_cache.py): a slotted dataclass's own state-setting way
    # takes most of the time of loading a cached chapter.
    def __reduce__(self) -> tuple[type[Text], tuple[str]]:
        return Text, (self.text,)


@dataclass(frozen=True, slots=True)
class Code:
    """Characters that must stay exactly as typed: code spans, code blocks, URLs."""

    text: str

    def __reduce__(self) -> tuple[type[Code], tuple[str]]:
        return Code, (self.text,)


@dataclass(frozen=True, slots=True)
class Element:
    """A structural or inline element; ``line`` is its 1-based source line (0 if unknown)."""

    tag: str
    children: tuple[Node, ...] = ()
    attrs: tuple[tuple[str, str], ...] = ()
    line: int = 0

    def __reduce__(self) -> tuple[type[Element], tuple[object, ...]]:
        return Element, (self.tag, self.children, self.attrs, self.line)

    def attr(self, name: str, default: str = "") -> str:
        for key, value in self.attrs:
            if key == name:
                return value
        return default


Node = Text | Code | Element

# Our own semantic tags next to the HTML ones: the renderer maps them to markup.
SCENE_BREAK = "scene-break"  # an empty Element; a thematic break between scenes
AUTHORS_NOTE = "authors-note"  # blocks of an author's note (A/N:)
NOTEREF = "noteref"  # a footnote reference; attrs: note (number), ref (occurrence id)
# An empty Element where a Word or HTML document starts a new page: readers make it for
# readers.split, which cuts chapters at it and removes every one (the renderer never sees it).
PAGE_BREAK = "page-break"

BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li", "pre", "table",
     "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div", SCENE_BREAK, AUTHORS_NOTE,
     PAGE_BREAK}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Footnote:
    """A chapter's note number N, referenced by NOTEREF elements with note=N."""

    number: int
    blocks: tuple[Node, ...]


@dataclass(frozen=True)
class Chapter:
    """One manuscript file: its title (inline nodes), its blocks and its notes."""

    source: str  # book-relative path of the manuscript file
    number: int  # 1-based position in the book's reading order
    title: tuple[Node, ...]
    blocks: tuple[Node, ...]
    notes: tuple[Footnote, ...] = ()

    @property
    def name(self) -> str:
        """The stem used for its output file and ids."""
        return f"chapter-{self.number:03d}"

    @property
    def title_text(self) -> str:
        return plain_text(self.title)


@dataclass(frozen=True)
class Part:
    """Chapters under a part title; ``title`` None means chapters directly in the book."""

    number: int
    title: str | None
    chapters: tuple[Chapter, ...]

    @property
    def name(self) -> str:
        return f"part-{self.number:02d}"


@dataclass(frozen=True)
class GatheredNote:
    """An author's note moved to the back of the book, remembering its chapter."""

    chapter: Chapter
    blocks: tuple[Node, ...]


@dataclass(frozen=True)
class Book:
    config: BookConfig
    parts: tuple[Part, ...]
    dedication: tuple[Node, ...] = ()
    epigraph: tuple[Node, ...] = ()
    gathered_notes: tuple[GatheredNote, ...] = field(default=())

    def chapters(self) -> Iterator[Chapter]:
        for part in self.parts:
            yield from part.chapters


def plain_text(nodes: tuple[Node, ...]) -> str:
    """The characters of some nodes without markup (for titles in navigation and metadata)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == "br":
                out.append(" ")
            elif node.tag != NOTEREF:
                out.append(plain_text(node.children))
        else:
            out.append(node.text)
    return "".join(out)


def iter_elements(nodes: tuple[Node, ...]) -> Iterator[Element]:
    """Every element in some node trees, depth first."""
    for node in nodes:
        if isinstance(node, Element):
            yield node
            yield from iter_elements(node.children)


def with_pictures(nodes: tuple[Node, ...], src: Callable[[str], str]) -> tuple[Node, ...]:
    """NODES with each picture's src replaced by SRC(src) (where the picture is kept)."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element):
            attrs = node.attrs
            if node.tag == "img":
                attrs = tuple((k, src(v) if k == "src" else v) for k, v in attrs)
            node = Element(node.tag, with_pictures(node.children, src), attrs, node.line)
        out.append(node)
    return tuple(out)
