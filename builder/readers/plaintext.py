"""Plain text as people paste it from a word processor, a browser or Project Gutenberg.

How paragraphs are separated is guessed per file (book.yaml's `plain_text: {paragraphs}`
overrides the guess), because copying from Word or a web page gives one line break between
paragraphs, not the blank line a fan-fiction site's text box gives:

- ``blank-line``: paragraphs between blank lines; a paragraph's own line breaks are kept
  (verse, a letter's signature).
- ``line``: each line is a paragraph; then a blank line is a scene break.
- ``indent``: a line starting with spaces or a tab starts a paragraph; lines are joined.
- ``wrapped``: paragraphs between blank lines, hard-wrapped at 60-75 columns (Project
  Gutenberg): a paragraph whose lines fill the width is joined with spaces.

A scene break is a line of symbols (``***``, ``oOo``...) or a wider gap than the usual one
between paragraphs: with one blank line between paragraphs, two or more mark a break; text
pasted with two blank lines everywhere needs three. The first line is the chapter's title
when it looks like one (short, no closing punctuation, not dialogue). ``*word*`` and
``_word_`` are italics, ``**word**`` and ``__word__`` bold (see emphasis.py).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from builder.config import PlainTextStyle as Style
from builder.markers import is_scene_break_line
from builder.model import SCENE_BREAK, Element, Node, Text
from builder.readers.emphasis import inline

_TITLE_WORDS = re.compile(r"^(chapter|part|prologue|epilogue|interlude)\b", re.IGNORECASE)
_SENTENCE_END = tuple(".,;:!?…\"'”’)—-")
# A line longer than any hard wrap: typed as one line, so a paragraph of its own.
_LONG_LINE = 80
# Prose lines are this long on average, wrapped or not; verse lines are shorter.
_PROSE_WIDTH = 45
# A hard-wrapped line fills at least this share of the widest line (a word longer than
# the rest of the width is rare, so wrapped prose seldom falls short of it).
_FULL = 0.7


@dataclass(frozen=True)
class Paragraph:
    """Lines of one paragraph, as typed (book check needs their exact columns)."""

    lines: tuple[str, ...]
    line: int  # 1-based line of its first line
    gap_before: int  # blank lines before it
    joined: bool = False  # hard-wrapped: its line breaks are spaces

    @property
    def text(self) -> str:
        """The paragraph as the book prints it: each line without its surrounding spaces."""
        return (" " if self.joined else "\n").join(line.strip() for line in self.lines)


def paragraphs(text: str, style: Style | None = None) -> list[Paragraph]:
    """TEXT split into paragraphs the STYLE way (None: guess it from the text)."""
    style = style or guess(text)
    blocks = _blank_line_blocks(text)
    if style == "line":
        return [_one_line(block, i) for block in blocks for i in range(len(block.lines))]
    if style == "indent":
        return [part for block in blocks for part in _indented(block)]
    if style == "wrapped":
        width = _width(blocks)
        return [_wrapped(block, width) for block in blocks]
    return blocks


def _blank_line_blocks(text: str) -> list[Paragraph]:
    """TEXT split at blank lines (lines of nothing but spaces count as blank)."""
    found: list[Paragraph] = []
    current: list[str] = []
    start = gap = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
            continue
        if current:
            found.append(Paragraph(tuple(current), start, gap))
            current, gap = [], 0
        gap += 1
    if current:
        found.append(Paragraph(tuple(current), start, gap))
    return found


def _one_line(block: Paragraph, index: int) -> Paragraph:
    return Paragraph(
        (block.lines[index],), block.line + index, block.gap_before if not index else 0
    )


def _indented(block: Paragraph) -> list[Paragraph]:
    """BLOCK cut before each line that starts with a space or tab; each part joined."""
    starts = [i for i, line in enumerate(block.lines) if i == 0 or line[:1] in (" ", "\t")]
    ends = [*starts[1:], len(block.lines)]
    return [
        Paragraph(block.lines[s:e], block.line + s, block.gap_before if not s else 0, True)
        for s, e in zip(starts, ends, strict=True)
    ]


def _wrapped(block: Paragraph, width: int) -> Paragraph:
    """BLOCK joined when its lines (all but the last) fill the width: otherwise verse.

    Three in four is enough: a word too long for the rest of a line leaves a short one."""
    body = block.lines[:-1]
    full = sum(len(line.rstrip()) >= width * _FULL for line in body)
    return Paragraph(block.lines, block.line, block.gap_before, full >= len(body) * 0.75)


def _width(blocks: list[Paragraph]) -> int:
    """The width text is wrapped at: the longest line but a few (a stray long one)."""
    lengths = sorted(len(line.rstrip()) for block in blocks for line in block.lines)
    return lengths[int(len(lengths) * 0.95)] if lengths else 0


def guess(text: str) -> Style:
    """How TEXT separates its paragraphs, from its lines' lengths and indents.

    Blank lines when most lines stand alone between blank lines. Otherwise an indent opens
    each paragraph when many lines inside blocks have one and the lines are prose (a poem
    indents its lines too, but they are short); lines of about the same width under 80
    columns are hard-wrapped; lines longer than a hard wrap are whole paragraphs typed on
    one line.
    """
    blocks = _blank_line_blocks(text)
    multi = [block for block in blocks if len(block.lines) > 1]
    inner = [line.rstrip() for block in multi for line in block.lines]
    total = sum(len(block.lines) for block in blocks)
    if len(inner) < 3 or len(inner) < total / 2:
        return "blank-line"
    long_share = sum(len(line) > _LONG_LINE for line in inner) / len(inner)
    # Indented lines that follow another line: each is a paragraph's start in indent text.
    indents = sum(line[:1] in (" ", "\t") for block in multi for line in block.lines[1:])
    prose = long_share >= 0.2 or sum(map(len, inner)) / len(inner) >= _PROSE_WIDTH
    if indents >= max(2, len(multi), len(inner) / 20) and prose:
        return "indent"
    if _looks_wrapped(blocks):
        return "wrapped"
    return "line" if long_share >= 0.2 else "blank-line"


def _looks_wrapped(blocks: list[Paragraph]) -> bool:
    """Three in four lines (not counting paragraphs' last) fill a width of 50-80 columns."""
    width = _width(blocks)
    body = [len(line.rstrip()) for block in blocks for line in block.lines[:-1]]
    if not body or not 50 <= width <= _LONG_LINE:
        return False
    return sum(length >= width * _FULL for length in body) / len(body) >= 0.75


def _break_gap(paragraphs: list[Paragraph], least: int) -> int:
    """The smallest gap that marks a scene break: wider than the usual gap, and at least LEAST."""
    gaps = Counter(p.gap_before for p in paragraphs[1:])
    if not gaps:
        return least
    usual = gaps.most_common(1)[0][0]
    return max(least, usual + 1)


def _is_title(first: Paragraph, rest: list[Paragraph]) -> bool:
    if len(first.lines) != 1 or not rest:
        return False
    line = first.text
    if _TITLE_WORDS.match(line):
        return True
    return (
        len(line) <= 80
        and not line.endswith(_SENTENCE_END)
        and not line.startswith(('"', "'", "“", "‘", "«", "„", "-", "*"))
        and not is_scene_break_line(line)
    )


def read(text: str, style: Style | None = None) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """Parse pasted plain text into (title nodes, blocks); STYLE None: guess it."""
    style = style or guess(text)
    found = paragraphs(text, style)
    title: tuple[Node, ...] = ()
    if found and _is_title(found[0], found[1:]):
        title = (Text(found[0].text),)
        found = found[1:]
    # One line break between paragraphs: a single blank line is the wider gap.
    threshold = _break_gap(found, 1 if style in ("line", "indent") else 2)
    blocks: list[Node] = []
    for index, paragraph in enumerate(found):
        if index and paragraph.gap_before >= threshold:
            blocks.append(Element(SCENE_BREAK, (), (), paragraph.line - 1))
        blocks.append(Element("p", inline(paragraph.text), (), paragraph.line))
    return title, tuple(blocks)
