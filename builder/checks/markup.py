"""Word and HTML chapters for the text rules: the reader's paragraphs, placed in words.

A Word or HTML file has no lines an author can go to (mammoth's HTML is one line, and a
.docx has none at all), so the rules read the paragraphs the reader made (the document
model, as the book prints them) and each finding is placed by chapter and paragraph:
"chapter 3 “The Ball”, paragraph 12". To the rules the file looks like a plain-text one
whose every paragraph starts on a line of its own (a line break inside one starts the
next line); the runner turns those line numbers back into places (Places.locate).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from builder.checks.findings import Finding
from builder.checks.inline import MASK, Inline, mask_urls
from builder.checks.source import Block, BlockKind, SourceFile
from builder.model import AUTHORS_NOTE, NOTEREF, SCENE_BREAK, Chapter, Code, Element, Node

_TITLE_CHARS = 40  # of a chapter's title in a place: enough to know it again
_PARAGRAPHS = frozenset({"p", "li", "td", "th", "dt", "dd"})
_CONTAINERS = _PARAGRAPHS | {"ul", "ol", "blockquote", "table"}  # an item of paragraphs


@dataclass
class Places:
    """For each line the rules see, the place in words of the block it belongs to."""

    lines: list[str] = field(default_factory=lambda: [""])  # 1-based: lines[0] unused

    def add(self, count: int, place: str) -> int:
        """Lines for a block of COUNT lines at PLACE; returns its first line."""
        first = len(self.lines)
        self.lines.extend([place] * count)
        return first

    def locate(self, finding: Finding) -> Finding:
        """FINDING at its place in words, instead of a line and column nobody can find."""
        line = finding.line or 0
        place = self.lines[line] if 0 < line < len(self.lines) else None
        return replace(finding, line=None, column=None, place=place)


def _title(chapter: Chapter) -> str:
    title = " ".join(chapter.title_text.split())
    return title if len(title) <= _TITLE_CHARS else title[: _TITLE_CHARS - 1] + "…"


def _prose(nodes: tuple[Node, ...], collapse: bool) -> str:
    """The characters of inline NODES as printed: a line break is a new line, code masked.

    COLLAPSE: white space as HTML shows it (runs of spaces and newlines are one space)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Code):
            out.append(MASK * len(node.text))
        elif isinstance(node, Element):
            if node.tag == "br":
                out.append("\n")
            elif node.tag != NOTEREF:
                out.append(_prose(node.children, collapse))
        else:
            out.append(_collapse(node.text) if collapse else node.text)
    return "".join(out)


def _collapse(text: str) -> str:
    spaced = " ".join(text.split())
    return (" " if text[:1].isspace() else "") + spaced + (" " if text[-1:].isspace() else "")


@dataclass
class _Builder:
    source: SourceFile
    places: Places
    collapse: bool
    paragraph: int = 0

    def block(self, kind: BlockKind, prose: str, place: str, depth: int = 0) -> None:
        count = prose.count("\n") + 1
        line = self.places.add(count, place)
        block = Block(kind, line, line + count - 1, Inline(mask_urls(prose)), depth=depth)
        self.source.blocks.append(block)

    def blocks(self, nodes: tuple[Node, ...], where: str, depth: int = 0) -> None:
        for node in nodes:
            if not isinstance(node, Element):
                continue
            if node.tag == SCENE_BREAK:
                self.block("break", "", where)
            elif node.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                prose = _prose(node.children, self.collapse)
                self.block("heading", prose, f"{where}, heading “{' '.join(prose.split())}”")
            elif node.tag in _PARAGRAPHS and not _has_blocks(node):
                self.paragraph += 1
                prose = _prose(node.children, self.collapse)
                self.block("paragraph", prose, f"{where}, paragraph {self.paragraph}", depth)
            elif node.tag in ("blockquote", AUTHORS_NOTE):
                self.blocks(node.children, where, depth + 1)
            else:
                self.blocks(node.children, where, depth)


def _has_blocks(node: Element) -> bool:
    return any(isinstance(c, Element) and c.tag in _CONTAINERS for c in node.children)


def read_markup(path: str, chapters: tuple[Chapter, ...]) -> tuple[SourceFile, Places]:
    """The rules' view of a Word or HTML file made of CHAPTERS, and where each line is."""
    source = SourceFile(path, markdown=False, markup=True)
    builder = _Builder(source, Places(), collapse=not path.lower().endswith(".docx"))
    for index, chapter in enumerate(chapters, start=1):
        where = f"chapter {index} “{_title(chapter)}”"
        builder.paragraph = 0
        builder.block("heading", _prose(chapter.title, builder.collapse), f"{where}, title")
        builder.blocks(chapter.blocks, where)
        for note in chapter.notes:
            builder.paragraph = 0
            builder.blocks(note.blocks, f"{where}, note {note.number}")
    return source, builder.places
