"""Curly quotes: every straight quote decided by its context, then by the pairing state.

Why context first: the open/closed state alone goes wrong for the rest of a paragraph after
one slip (a stray mark, an apostrophe taken for a quote), while a quote's neighbours nearly
always say which way it faces: ` "Hi` opens, `Hi" ` closes. The state only breaks ties
(` " ` or `a"b`), and it is scoped to a block: a quotation carries over into the next
paragraph only when that paragraph opens with a quote mark again (the convention for
quotations running over several paragraphs). Straight single quotes are also apostrophes
('Frisco, the Bennets' house), so they look ahead in the paragraph before they open or close.
Curly marks the author already typed are kept as they are, but they open and close
quotations like any other, so a half-curled text still pairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from builder.transforms.typography.characters import (
    APOSTROPHE,
    DOUBLE,
    LEFT_SKIP,
    MARK,
    PARA,
    RIGHT_SKIP,
    SINGLE,
)
from builder.transforms.typography.rules import OPENING, PUNCT, WORD, Rules

_OPEN_, _CLOSE_, _TIE = range(3)

# What a straight quote is, given the class of its left (row) and right (column) neighbour.
# This is the "flanking" decision: context first, pairing state only for _TIE.
#            right: SPACE    WORD     DASH     OPENING  PUNCT
_FLANK: Final = (
    (_TIE, _OPEN_, _OPEN_, _OPEN_, _OPEN_),  # left SPACE: ` "Hi` opens; ` " ` is unclear
    (_CLOSE_, _TIE, _CLOSE_, _CLOSE_, _CLOSE_),  # left WORD: `Hi" ` closes; `a"b` is unclear
    # left DASH: `—"Hi` opens (speech after a dash), `and—" ` closes (interrupted speech).
    (_CLOSE_, _OPEN_, _CLOSE_, _OPEN_, _CLOSE_),
    # left OPENING: `("Hi`, `“'Hi` open; `(" ` is unclear (`:'(" she typed` closes).
    (_TIE, _OPEN_, _OPEN_, _OPEN_, _OPEN_),
    (_CLOSE_, _TIE, _CLOSE_, _TIE, _CLOSE_),  # left PUNCT: `." ` closes; `."Hi` is unclear
)


# --- Quotes ---------------------------------------------------------------------------------


def _open(stack: list[str], kind: str) -> None:
    """Open a quotation; re-opening one already open (a continued or mistyped quotation)
    abandons whatever was opened inside it."""
    if kind in stack:
        del stack[stack.index(kind) + 1 :]
    else:
        stack.append(kind)


def _close(stack: list[str], kind: str) -> None:
    """Close a quotation and, with it, any quotation left open inside it."""
    if kind in stack:
        del stack[stack.index(kind) :]


def _visible(text: str, i: int) -> int:
    """Index of the first character at or after i that is neither whitespace nor a mark
    (stops at the next PARA)."""
    while text[i] == MARK or (text[i] != PARA and text[i].isspace()):
        i += 1
    return i


def _flank(text: str, p: int, rules: Rules) -> tuple[int, int]:
    """(flank, left class) of the quote at p, for looking ahead: straight quotes around it are
    not decided yet and count as punctuation. (curl inlines the same steps, knowing what the
    quote on its left became.)"""
    i = p - 1
    while text[i] in LEFT_SKIP:
        i -= 1
    left = PUNCT if text[i] in "\"'" else rules.cls(text[i])
    j = p + 1
    while text[j] in RIGHT_SKIP:
        j += 1
    return _FLANK[left][rules.cls(text[j])], left


def _opening_kinds(text: str, start: int, rules: Rules) -> set[str]:
    """Kinds of quotation (DOUBLE, SINGLE) whose opening mark begins the block starting at start:
    `"'Tis` begins with both, `He said` with none."""
    kinds = set()
    i = _visible(text, start)
    while True:
        ch = text[i]
        if ch in rules.openers_double:
            kinds.add(DOUBLE)
        elif ch in rules.openers_single:
            kinds.add(SINGLE)
        elif ch not in LEFT_SKIP:
            return kinds
        i += 1


def _carry(text: str, start: int, stack: list[str], rules: Rules) -> list[str]:
    """State at the start of a block. A quotation runs on into this paragraph only if the
    paragraph opens with a quote mark of that kind again (the paragraph before ended without
    closing it); otherwise the missing closing mark was a slip and the state is reset."""
    kinds = _opening_kinds(text, start, rules)
    return [kind for kind in stack if kind in kinds]


def _next_single(text: str, p: int, rules: Rules) -> Iterator[tuple[int, int]]:
    """(flank, left class) of each single quote mark after p in the same block, lazily. (The
    pattern also finds the PARA ending the block, so a look ahead costs only as far as it
    goes, even in a huge block.)"""
    for match in rules.singles.finditer(text, p + 1):
        if match.group() == PARA:
            return
        yield _flank(text, match.start(), rules)


class _Ahead:
    """Where the current block ends and where its last closing single quote is: computed once
    per block, when first asked, so that a paragraph full of 'Frisco-like apostrophes costs
    one scan, not one scan per apostrophe. (Flanks seen ahead do not depend on decisions, so
    the answer stays valid; questions come in reading order.)"""

    def __init__(self, text: str, rules: Rules) -> None:
        self.text, self.rules = text, rules
        self.end = -1  # the PARA ending the block scanned last
        self.last_closer = -1

    def closer_after(self, p: int) -> bool:
        if p >= self.end:
            self.last_closer = -1
            for match in self.rules.singles.finditer(self.text, p + 1):
                if match.group() == PARA:
                    self.end = match.start()
                    break
                if _flank(self.text, match.start(), self.rules)[0] == _CLOSE_:
                    self.last_closer = match.start()
        return self.last_closer > p


def _is_leading_apostrophe(text: str, p: int, rules: Rules, ahead: _Ahead) -> bool:
    """'Frisco: a straight ' before an unknown word is an apostrophe when nothing in the rest
    of the paragraph could close it and the next paragraph does not continue a quotation
    (a quotation running over paragraphs leaves its first paragraphs unclosed, but then the
    next paragraph opens with a quote mark again)."""
    if ahead.closer_after(p):
        return False
    return ahead.end == len(text) - 1 or SINGLE not in _opening_kinds(text, ahead.end + 1, rules)


def _is_trailing_apostrophe(text: str, p: int, rules: Rules) -> bool:
    """The Bennets' house inside a single quotation: a ' after a letter is an apostrophe, not
    the closing quote, when the next single quote mark in the paragraph surely closes: it
    follows punctuation, as the closing quote of speech does (`'I love the Bennets' house,'
    she said`). A next mark after a letter proves nothing (`'Ja' und Hans' Auto`), so then
    the quotation closes here."""
    following = next(_next_single(text, p, rules), None)
    return following == (_CLOSE_, PUNCT)


def curl(text: str, rules: Rules) -> str:
    """Decide every straight quote, in reading order (the state depends on what came before).

    This runs once per quote mark of a whole novel, so the hot path for `"` is inlined."""
    open_double, close_double = rules.style.open_double, rules.style.close_double
    memo, classify = rules.memo, rules.cls
    stack: list[str] = []  # open quotations, outermost first: [DOUBLE, SINGLE]...
    previous = 0  # position of the previous quote mark
    last_pos, last_cls = -1, PUNCT  # position and neighbour class of the last decided one
    ahead = _Ahead(text, rules)

    def decide(match: re.Match[str]) -> str:
        nonlocal previous, last_pos, last_cls
        p = match.start()
        if stack:
            # Crossing into a new block: decide what carries over.
            block_start = text.rfind(PARA, previous, p)
            if block_start != -1:
                stack[:] = _carry(text, block_start + 1, stack, rules)
        previous = p
        # Neighbours, looking through segment marks; a straight quote just before this one
        # counts as what it was decided to be (`"'Tis`: the ' follows an opening quote).
        i = p - 1
        ch = text[i]
        while ch in LEFT_SKIP:
            i -= 1
            ch = text[i]
        if ch == '"' or ch == "'":
            left = last_cls if i == last_pos else PUNCT
        else:
            found = memo.get(ch)
            left = classify(ch) if found is None else found
        j = p + 1
        ch = text[j]
        while ch in RIGHT_SKIP:
            j += 1
            ch = text[j]
        found = memo.get(ch)
        right = classify(ch) if found is None else found
        flank = _FLANK[left][right]
        mark = text[p]
        if mark == '"':
            last_pos = p
            if flank == _TIE:
                flank = _CLOSE_ if DOUBLE in stack else _OPEN_
            if flank == _OPEN_:
                if stack:
                    _open(stack, DOUBLE)
                else:
                    stack.append(DOUBLE)
                last_cls = OPENING
                return open_double
            if stack:
                _close(stack, DOUBLE)
            last_cls = PUNCT
            return close_double
        if mark == "'":
            mark, last_cls = _decide_single(text, p, rules, stack, ahead, (flank, left, right))
            last_pos = p
            return mark
        _track_curly(mark, flank, rules, stack)
        return mark

    return rules.events.sub(decide, text)


def _decide_single(
    text: str,
    p: int,
    rules: Rules,
    stack: list[str],
    ahead: _Ahead,
    context: tuple[int, int, int],
) -> tuple[str, int]:
    """Output mark and neighbour class of a straight single quote; context is its flank and
    the classes of its left and right neighbours."""
    style = rules.style
    flank, left, right = context
    if flank == _TIE:
        flank = _CLOSE_ if SINGLE in stack else _OPEN_
    if flank == _OPEN_:
        if right == WORD and _is_leading_apostrophe(text, p, rules, ahead):
            return APOSTROPHE, PUNCT
        _open(stack, SINGLE)
        return style.open_single, OPENING
    # Right-flanking: a closing quote only if a single quotation is open; otherwise it ends a
    # word (the Bennets' house, goin' home): an apostrophe.
    if SINGLE not in stack or (left == WORD and _is_trailing_apostrophe(text, p, rules)):
        return APOSTROPHE, PUNCT
    _close(stack, SINGLE)
    return style.close_single, PUNCT


def _track_curly(mark: str, flank: int, rules: Rules, stack: list[str]) -> None:
    """Existing curly marks are kept, but they open and close quotations like any other."""
    kind, role = rules.curly[mark]
    if role == "open":
        _open(stack, kind)
    elif role == "close":
        _close(stack, kind)
    elif role == "apostrophe":
        # ’ closes only where a closing quote is certain: anywhere else (:’( or a lone ’) it is
        # an apostrophe and must not end the quotation it stands in.
        if flank == _CLOSE_:
            _close(stack, kind)
    else:
        # The same mark opens and closes (Swedish ”): decide by context, then by state.
        if flank == _TIE:
            flank = _CLOSE_ if kind in stack else _OPEN_
        if flank == _CLOSE_:
            _close(stack, kind)
        else:
            _open(stack, kind)
