"""Joining a chapter's segments into one string, and cutting the result back into segments.

Why one string: speed (every rule is a compiled regex over the whole chapter, not Python
code per segment) and context across inline markup (a rule looking at a neighbour looks
through a segment boundary, so `"*You* want"` is curled like `"You want"`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from typing import Final, Literal

from builder.transforms.typography.characters import BLANK_CODE, CODE, MARK, PARA, RESERVED, URL

SegmentKind = Literal["text", "code"]
Segment = tuple[str, SegmentKind]


@dataclass
class Joined:
    text: str
    pieces: int  # how many MARK-separated pieces we put in
    codes: int  # how many CODE placeholders we put in
    irregular: set[int]  # blocks with code or empty segments (not one piece per segment)


_BETWEEN_BLOCKS: Final = MARK + PARA + MARK


def join_blocks(blocks: Sequence[Sequence[Segment]]) -> Joined:
    """The chapter as one string: segments separated by MARK, blocks by PARA (which is also
    the first and last character, so every quote has a neighbour on both sides), so that the
    blocks are cut apart again by _BETWEEN_BLOCKS. Empty text segments are left out: they
    cannot change, and leaving them out means at most one MARK separates two characters of
    a block, which keeps the context rules simple."""
    pieces: list[str] = [PARA]
    append = pieces.append
    codes = 0
    irregular: set[int] = set()
    for index, block in enumerate(blocks):
        if len(block) == 1:  # the common case, kept short: one non-empty text segment
            text, kind = block[0]
            if kind == "text" and text:
                append(text)
                append(PARA)
                continue
        before = len(pieces)
        for text, kind in block:
            if kind != "text":
                blank = bool(text) and text.isspace()
                append(BLANK_CODE if blank else CODE)
                codes += not blank
                irregular.add(index)
            elif text:
                append(text)
            else:
                irregular.add(index)
        if len(pieces) == before:
            append("")  # a block with nothing in it still takes its place between _PARAs
            irregular.add(index)
        append(PARA)
    return Joined(MARK.join(pieces), len(pieces), codes, irregular)


def is_clean(joined: Joined, blocks: Sequence[Sequence[Segment]]) -> bool:
    """False if some segment itself contains one of our reserved characters."""
    text = joined.text
    return (
        text.count(MARK) == joined.pieces - 1
        and text.count(CODE) == joined.codes
        and text.count(PARA) == len(blocks) + 1
        and URL not in text
    )


def split_blocks(
    text: str, blocks: Sequence[Sequence[Segment]], irregular: set[int]
) -> list[list[str]]:
    """The new text of every segment: cut the blocks apart, then each block of several
    segments into its pieces; the few irregular blocks are unpacked segment by segment."""
    if not blocks:
        return []
    chunks = text[2:-2].split(_BETWEEN_BLOCKS)
    if len(chunks) != len(blocks):
        raise RuntimeError("typography: a block separator was lost")  # a bug in a rule
    out = list(map(str.split, chunks, repeat(MARK)))
    for index in irregular:
        out[index] = _unpack(chunks[index], blocks[index])
    return out


def _unpack(chunk: str, block: Sequence[Segment]) -> list[str]:
    pieces = iter(chunk.split(MARK))
    row: list[str] = []
    for original, kind in block:
        if kind != "text":
            next(pieces)  # the placeholder: code comes back as it was
            row.append(original)
        else:
            row.append(next(pieces) if original else "")  # an empty text had no piece
    return row


def has_reserved(text: str) -> bool:
    return any(ch in text for ch in RESERVED)
