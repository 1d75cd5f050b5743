"""What the rules need from the chapters the build's readers made (pipeline.read).

The readers run once, in the pipeline, for the build and the check alike. They know what
the checker's view of the source does not: the error a chapter is refused with, its
title, its ids, the scene breaks that plain text marks with wider gaps.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model import SCENE_BREAK, Chapter, Element


@dataclass(frozen=True)
class Facts:
    """What the rules need from a chapter the reader accepted."""

    title: str
    anchors: frozenset[str]  # ids a link may point to
    gaps: tuple[int, ...]  # lines of scene breaks made by wider gaps (plain text)


def facts(chapter: Chapter) -> Facts:
    from builder.render.xhtml import anchor_ids

    gaps = tuple(
        node.line
        for node in chapter.blocks
        if isinstance(node, Element) and node.tag == SCENE_BREAK and chapter.source.endswith(".txt")
    )
    return Facts(chapter.title_text, anchor_ids(chapter), gaps)
