"""A manuscript file as the checker sees it: blocks of prose, each with its place in the file.

The builder's readers make the document model, which keeps a block's first line but not
where a word is. The text rules need exact lines and columns in what the author typed, so
the checker keeps each block's own source lines, with markup overwritten by a mask rather
than removed (see inline.py): an index in the prose is a column in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from builder.checks.findings import Finding
from builder.checks.inline import Inline, mask_urls
from builder.config import PlainTextStyle
from builder.markers import is_scene_break_line
from builder.readers import plaintext

BlockKind = Literal["paragraph", "heading", "break"]
SEPARATOR = "\n\x00\n"


@dataclass(frozen=True)
class Block:
    """A paragraph, heading or scene break, from line LINE to line END (1-based, inclusive)."""

    kind: BlockKind
    line: int
    end: int
    inline: Inline
    level: int = 0  # a heading's level
    note: str | None = None  # the footnote whose text this is
    depth: int = 0  # how many blockquotes it is in
    marker: str = ""  # a scene break as typed
    setext: str = ""  # the underline character of a setext heading

    @property
    def prose(self) -> str:
        return self.inline.prose

    def position(self, index: int) -> tuple[int, int]:
        """The (line, column) in the file of the character at INDEX in the prose."""
        line_start = self.prose.rfind("\n", 0, index) + 1
        return self.line + self.prose.count("\n", 0, index), index - line_start + 1


@dataclass(frozen=True)
class Silence:
    """`[//]: # (book-check: ignore CODES)`: CODES are not reported on lines FIRST to LAST."""

    codes: tuple[str, ...]
    file: str
    line: int
    first: int
    last: int

    def covers(self, finding: Finding) -> bool:
        return (
            finding.file == self.file
            and finding.code in self.codes
            and finding.line is not None
            and self.first <= finding.line <= self.last
        )


@dataclass
class SourceFile:
    """One manuscript file's blocks in order, footnote definitions and silences."""

    path: str
    markdown: bool
    blocks: list[Block] = field(default_factory=list)
    footnotes: dict[str, int] = field(default_factory=dict)  # label -> line of its definition
    silences: list[Silence] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)  # malformed silences
    ids: set[str] = field(default_factory=set)  # ids set with {#id}, for links to anchors
    style: PlainTextStyle | None = None  # how a .txt file separates paragraphs
    markup: bool = False  # a Word or HTML file, seen through its reader (markup.py)
    _joined: tuple[str, list[int], list[Block]] | None = field(default=None, repr=False)

    def joined(self) -> tuple[str, list[int], list[Block]]:
        """The prose of every paragraph and heading in one string, with where each starts.

        Rules search this one string (a few long searches are much faster than many short
        ones); the separator has a masked character, so no match runs across two blocks.
        """
        if self._joined is None:
            blocks = [block for block in self.blocks if block.kind != "break"]
            starts, offset = [], 0
            for block in blocks:
                starts.append(offset)
                offset += len(block.prose) + len(SEPARATOR)
            self._joined = SEPARATOR.join(block.prose for block in blocks), starts, blocks
        return self._joined

    def block_at(self, line: int) -> Block | None:
        """The paragraph, heading or scene break that starts at LINE."""
        return next((block for block in self.blocks if block.line == line), None)

    def headings(self) -> list[Block]:
        return [block for block in self.blocks if block.kind == "heading"]

    def title_line(self) -> int | None:
        """The line of the chapter's title, as the readers choose it."""
        if not self.markdown:
            return self.blocks[0].line if self.blocks else None
        for block in self.headings():
            if block.level <= 3 and block.prose.strip(" \t\n\x00"):
                return block.line
        return None

    def add_breaks(self, lines: list[int]) -> None:
        """Scene breaks the plain-text reader found in wider gaps between paragraphs."""
        for line in lines:
            self.blocks.append(Block("break", line, line, Inline(""), marker="blank lines"))
        self.blocks.sort(key=lambda block: block.line)
        self._joined = None


def read_plaintext(path: str, text: str, style: PlainTextStyle | None = None) -> SourceFile:
    """Pasted plain text: the plain-text reader's paragraphs, a line of symbols a scene break.

    STYLE is book.yaml's `plain_text: {paragraphs}` (None: guessed, as the reader does)."""
    source = SourceFile(path, markdown=False)
    source.style = style or plaintext.guess(text)
    source.blocks = [
        _plain_block(paragraph) for paragraph in plaintext.paragraphs(text, source.style)
    ]
    return source


def _plain_block(paragraph: plaintext.Paragraph) -> Block:
    body = "\n".join(paragraph.lines)
    end = paragraph.line + len(paragraph.lines) - 1
    if is_scene_break_line(body.strip()):
        return Block("break", paragraph.line, end, Inline(""), marker=body.strip())
    return Block("paragraph", paragraph.line, end, Inline(mask_urls(body)))
