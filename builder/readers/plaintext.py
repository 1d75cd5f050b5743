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
class _Paragraph:
    lines: tuple[str, ...]
    line: int  # 1-based line of its first line
    gap_before: int  # blank lines before it


def _paragraphs(text: str) -> list[_Paragraph]:
    found: list[_Paragraph] = []
    current: list[str] = []
    start = gap = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if line:
            if not current:
                start = number
            current.append(line)
            continue
        if current:
            found.append(_Paragraph(tuple(current), start, gap))
            current, gap = [], 0
        gap += 1
    if current:
        found.append(_Paragraph(tuple(current), start, gap))
    return found


def _break_gap(paragraphs: list[_Paragraph]) -> int:
    """The smallest gap that marks a scene break: wider than the usual gap, and at least 2."""
    gaps = Counter(p.gap_before for p in paragraphs[1:])
    if not gaps:
        return 2
    usual = gaps.most_common(1)[0][0]
    return max(2, usual + 1)


def _is_title(first: _Paragraph, rest: list[_Paragraph]) -> bool:
    if len(first.lines) != 1 or not rest:
        return False
    line = first.lines[0]
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
    paragraphs = _paragraphs(text)
    title: tuple[Node, ...] = ()
    if paragraphs and _is_title(paragraphs[0], paragraphs[1:]):
        title = (Text(paragraphs[0].lines[0]),)
        paragraphs = paragraphs[1:]
    threshold = _break_gap(paragraphs)
    blocks: list[Node] = []
    for index, paragraph in enumerate(paragraphs):
        if index and paragraph.gap_before >= threshold:
            blocks.append(Element(SCENE_BREAK, (), (), paragraph.line - 1))
        blocks.append(Element("p", (Text("\n".join(paragraph.lines)),), (), paragraph.line))
    return title, tuple(blocks)
