"""What the rules need from the chapters the build's readers made (pipeline.read).

The readers run once, in the pipeline, for the build and the check alike. They know what
the checker's view of the source does not: the error a chapter is refused with, its
title, its ids, the scene breaks that plain text marks with wider gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import SCENE_BREAK, Chapter, Element
from builder.render.xhtml import anchor_ids


@dataclass(frozen=True)
class Facts:
    """What the rules need from a chapter the reader accepted."""

    title: str
    anchors: frozenset[str]  # ids a link may point to
    gaps: tuple[int, ...]  # lines of scene breaks made by wider gaps (plain text)


def facts(chapters: tuple[Chapter, ...]) -> Facts:
    """What the rules need from one file's chapters (a Word or HTML file may hold many:
    its title is its first chapter's, its ids those of them all)."""
    gaps = tuple(
        node.line
        for chapter in chapters
        for node in chapter.blocks
        if isinstance(node, Element) and node.tag == SCENE_BREAK and chapter.source.endswith(".txt")
    )
    anchors = frozenset().union(*(anchor_ids(chapter) for chapter in chapters))
    return Facts(chapters[0].title_text, anchors, gaps)
