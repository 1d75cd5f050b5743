"""Plain text as people paste it from a word processor or a fan-fiction site.

Paragraphs are separated by blank lines. A scene break is a line of symbols
(``***``, ``oOo``...) or a wider gap than the usual one between paragraphs:
with one blank line between paragraphs, two or more mark a break; text pasted
with two blank lines everywhere needs three. The first line is the chapter's
title when it looks like one (short, no closing punctuation, not dialogue).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from builder.markers import is_scene_break_line
from builder.model import SCENE_BREAK, Element, Node, Text

_TITLE_WORDS = re.compile(r"^(chapter|part|prologue|epilogue|interlude)\b", re.IGNORECASE)
_SENTENCE_END = tuple(".,;:!?…\"'”’)—-")


@dataclass(frozen=True)
class Paragraph:
    """Lines between blank lines, as typed (book check needs their exact columns)."""

    lines: tuple[str, ...]
    line: int  # 1-based line of its first line
    gap_before: int  # blank lines before it

    @property
    def text(self) -> str:
        """The paragraph as the book prints it: each line without its surrounding spaces."""
        return "\n".join(line.strip() for line in self.lines)


def paragraphs(text: str) -> list[Paragraph]:
    """TEXT split into paragraphs at blank lines (lines of nothing but spaces count as blank)."""
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


def _break_gap(paragraphs: list[Paragraph]) -> int:
    """The smallest gap that marks a scene break: wider than the usual gap, and at least 2."""
    gaps = Counter(p.gap_before for p in paragraphs[1:])
    if not gaps:
        return 2
    usual = gaps.most_common(1)[0][0]
    return max(2, usual + 1)


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


def read(text: str) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """Parse pasted plain text into (title nodes, blocks)."""
    found = paragraphs(text)
    title: tuple[Node, ...] = ()
    if found and _is_title(found[0], found[1:]):
        title = (Text(found[0].text),)
        found = found[1:]
    threshold = _break_gap(found)
    blocks: list[Node] = []
    for index, paragraph in enumerate(found):
        if index and paragraph.gap_before >= threshold:
            blocks.append(Element(SCENE_BREAK, (), (), paragraph.line - 1))
        blocks.append(Element("p", (Text(paragraph.text),), (), paragraph.line))
    return title, tuple(blocks)
