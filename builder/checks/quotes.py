"""Double quotation marks, paired paragraph by paragraph, in the book's language.

Single quotes are left out on purpose: the same mark is an apostrophe ('tis, the '90s,
Mara's), so counting them would flag half of every novel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from builder.checks.source import Block
from builder.transforms.typography.languages import Style, style_for

OPEN, CLOSE = "open", "close"


@dataclass(frozen=True)
class Marks:
    """A language's double quotation marks: those that only open, only close, or either."""

    opening: str
    closing: str
    either: str = '"'


# The marks come from the typography's table of each language (one source of the truth).
# Only double-shaped marks are paired: ‘ ’ ‚ ‹ › are apostrophes or inner marks too often.
_DOUBLE_SHAPED = "“”„‟«»"
# A quotation in another language (a German „…“ in an English book) is read by the marks'
# commonest roles...
_COMMON = Marks("“„«", "”»")


def _own_marks(style: Style) -> Marks:
    pairs = (style.open_double + style.close_double, style.open_single + style.close_single)
    opening, closing, either = "", "", '"'
    for pair in (*pairs, *style.other_quotes):
        opener, closer = pair[0], pair[1]
        if opener not in _DOUBLE_SHAPED:
            continue
        if opener == closer:
            either += opener
        else:
            opening, closing = opening + opener, closing + closer
    return Marks(opening, closing, either)


@cache
def marks_for(language: str) -> Marks:
    """...unless the language's own marks give one of them another role (German “ closes,
    Swedish ” goes both ways): then only the language's own marks are paired."""
    own = _own_marks(style_for(language))
    if set(own.opening) & set(_COMMON.closing) or set(own.closing) & set(_COMMON.opening):
        return own
    if set(own.either) - set(_COMMON.either):
        return own
    unique = dict.fromkeys
    opening = "".join(unique(_COMMON.opening + own.opening))
    return Marks(opening, "".join(unique(_COMMON.closing + own.closing)))


@cache
def _pattern(marks: Marks) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(marks.opening + marks.closing + marks.either)}]")


# 5'10": inches, not a closing quote (the typography makes it a double prime).
_FEET = re.compile(r"\d['’]\d{1,2}$")


def _positions(prose: str, pattern: re.Pattern[str]) -> list[int]:
    return [
        m.start()
        for m in pattern.finditer(prose)
        if not (
            m.start()
            and prose[m.start() - 1].isdigit()
            and _FEET.search(prose, max(0, m.start() - 4), m.start())
        )
    ]


_SPACE_BEFORE = set("([{—–-\n\t ")
_SPACE_AFTER = set(".,;:!?)]}…—–-\n\t ")
_TRANSPARENT = "*_~"  # emphasis markers do not change which way a quote faces


def _neighbour(text: str, index: int, step: int) -> str:
    index += step
    while 0 <= index < len(text) and text[index] in _TRANSPARENT:
        index += step
    return text[index] if 0 <= index < len(text) else " "


def _role(text: str, index: int, marks: Marks, depth: int) -> str:
    char = text[index]
    if char in marks.opening:
        return OPEN
    if char in marks.closing:
        return CLOSE
    left = _neighbour(text, index, -1)
    right = _neighbour(text, index, 1)
    opens = left in _SPACE_BEFORE or left in marks.opening
    closes = right in _SPACE_AFTER or right in marks.closing
    if opens != closes:
        return OPEN if opens else CLOSE
    return CLOSE if depth else OPEN


@dataclass
class Scan:
    """Quote problems (block, index in its prose, message) and paragraphs that continue one."""

    problems: list[tuple[Block, int, str]] = field(default_factory=list)
    continued: set[int] = field(default_factory=set)  # id() of continuing paragraphs

    def unclosed(self, place: tuple[Block, int]) -> None:
        message = "quotation not closed (if it runs on, open the next paragraph with a quote mark)"
        self.problems.append((place[0], place[1], message))

    def stray(self, block: Block, index: int) -> None:
        message = "closing quote mark with no opening one before it in the paragraph"
        self.problems.append((block, index, message))


def _starts_with_quote(block: Block, first: int) -> bool:
    return not block.prose[:first].strip(" \t\n\x00" + _TRANSPARENT)


@dataclass
class _Carry:
    """A quotation left open at a paragraph's end, waiting for the next paragraphs."""

    place: tuple[Block, int]
    depth: int  # blockquote depth: a quotation does not run out of a blockquote
    note: str | None
    silent: bool = False  # carried through paragraphs without any quotation mark


def _goes_on(carry: _Carry, block: Block) -> bool:
    return block.kind == "paragraph" and (block.depth, block.note) == (carry.depth, carry.note)


def _resume(carry: _Carry, block: Block, found: list[int], marks: Marks) -> bool:
    """Whether BLOCK (with quote marks at FOUND) continues the carried quotation."""
    first = found[0]
    if not carry.silent and _starts_with_quote(block, first):
        return True  # the paragraph opens the quotation again
    return _role(block.prose, first, marks, 1) == CLOSE  # or it closes it


def scan(blocks: list[Block], language: str) -> Scan:
    """Pair the double quotes of a chapter's blocks, allowing quotations over paragraphs.

    A quotation may run over paragraphs in two ways, both accepted: each paragraph
    opens it again (the usual convention), or the paragraphs between carry no quotation
    mark at all until one closes it (letters quoted in blockquotes, as in Austen).
    """
    marks = marks_for(language)
    pattern = _pattern(marks)
    result = Scan()
    carry: _Carry | None = None
    for block in blocks:
        if carry and not _goes_on(carry, block):
            result.unclosed(carry.place)
            carry = None
        if block.kind == "break":
            continue
        found = _positions(block.prose, pattern)
        stack: list[tuple[Block, int]] = []
        if carry and not found:
            carry.silent = True
            result.continued.add(id(block))
            continue
        if carry and _resume(carry, block, found, marks):
            stack = [carry.place]
            result.continued.add(id(block))
            if _starts_with_quote(block, found[0]) and not carry.silent:
                found = found[1:]  # the mark that reopens the quotation is not a new one
        elif carry:
            result.unclosed(carry.place)
        carry = None
        for index in found:
            if _role(block.prose, index, marks, len(stack)) == OPEN:
                stack.append((block, index))
            elif stack:
                stack.pop()
            else:
                result.stray(block, index)
        for place in stack[:-1] if block.kind == "paragraph" else stack:
            result.unclosed(place)
        if stack and block.kind == "paragraph":
            carry = _Carry(stack[-1], block.depth, block.note)
    if carry:
        result.unclosed(carry.place)
    return result
