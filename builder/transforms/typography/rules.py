"""Everything compiled for one language (its marks, its dash patterns), built once and cached.

A straight quote is decided by the class of its neighbours (space, word, dash, opening
bracket, punctuation): this module classifies characters, memoised per language because a
book has few distinct characters and the pairing pass asks about every quote's neighbours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from builder.transforms.typography.characters import (
    APOSTROPHE,
    DASHES,
    DOUBLE,
    EM,
    EN,
    MARK,
    OPENING_PUNCTUATION,
    PARA,
    SINGLE,
    WORDLIKE,
    W,
)
from builder.transforms.typography.languages import ENGLISH, STYLES, Style

# --- Classification of a quote's neighbours ---------------------------------------------------
SPACE, WORD, DASH, OPENING, PUNCT = range(5)


@dataclass
class Rules:
    """A style plus everything compiled for it (built once per language, then cached)."""

    style: Style
    openers_double: str  # marks that may open a double quotation, straight one included
    openers_single: str
    opening: str  # characters that make a following quote an opening one
    events: re.Pattern[str]  # every quote mark the pairing pass must look at
    singles: re.Pattern[str]  # single quote marks, for looking ahead within a block
    curly: dict[str, tuple[str, str]]  # existing curly mark -> (kind, role)
    close_quotes: str  # closing marks a dash may stand before (interrupted speech)
    open_quotes: str  # opening marks a dash may stand after
    hyphens: re.Pattern[str]
    en_dashes: re.Pattern[str] | None
    memo: dict[str, int] = field(default_factory=dict)

    def cls(self, ch: str) -> int:
        """Class of a neighbouring character (memoised: a book has few distinct characters)."""
        found = self.memo.get(ch)
        if found is None:
            found = self.memo[ch] = _classify(ch, self.opening)
        return found


def _classify(ch: str, opening: str) -> int:
    if ch.isspace():
        return SPACE
    if ch.isalnum() or ch in WORDLIKE:
        return WORD
    if ch in DASHES:
        return DASH
    if ch in opening:
        return OPENING
    return PUNCT


def _curly_roles(style: Style) -> dict[str, tuple[str, str]]:
    """How existing curly marks of this language move the pairing state: they are never
    rewritten, but a text the author half-curled must still pair correctly."""
    roles: dict[str, tuple[str, str]] = {}
    for kind, opener, closer in (
        (DOUBLE, style.open_double, style.close_double),
        (SINGLE, style.open_single, style.close_single),
    ):
        if opener == closer:
            roles[opener] = (kind, "both")
        else:
            roles[opener] = (kind, "open")
            roles[closer] = (kind, "close")
    if roles.get(APOSTROPHE, ("", ""))[1] == "close":
        # ’ is also the apostrophe: it may close a single quotation, never open one.
        roles[APOSTROPHE] = (SINGLE, "apostrophe")
    return roles


def _mark_pattern(marks: str) -> str:
    """Alternation matching the given marks, skipping ’ inside words (an apostrophe). Every
    branch starts with a literal so the regex engine can jump between candidates quickly."""
    branches = []
    for ch in dict.fromkeys(marks):
        if ch == APOSTROPHE:
            branches.append(rf"{ch}(?!{MARK}?{W})")
        else:
            branches.append(re.escape(ch))
    return "|".join(branches)


@lru_cache(maxsize=32)
def rules_for(primary: str) -> Rules:
    style = STYLES.get(primary, ENGLISH)
    marks = style.open_double + style.close_double + style.open_single + style.close_single
    close_quotes = style.close_double + style.close_single
    # French guillemets get their own spacing rule, so a dash after « is left alone.
    open_quotes = (
        style.open_single if style.french_spacing else style.open_double + style.open_single
    )
    cq, oq = re.escape(close_quotes), re.escape(open_quotes)
    at_quote = rf"(?={MARK}?[\u00a0\u202f]?{MARK}?[{cq}])|(?<=[{oq}]-)|(?<=[{oq}]{MARK}-)"
    # Only hyphens worth a look: runs of two or more, a spaced one, one at a quote. (Each
    # pattern starts with a literal, which lets the regex engine skip ahead at C speed.)
    hyphens = re.compile(rf"-(?:-+|(?<= -)(?= )|{at_quote})")
    # In em-dash languages an en dash typed at a quote is an interruption too.
    en_dashes = re.compile(EN + "(?:" + at_quote.replace("-)", EN + ")") + ")")
    return Rules(
        style=style,
        openers_double=style.open_double + '"',
        openers_single=style.open_single + "'",
        opening=OPENING_PUNCTUATION + style.open_double + style.open_single,
        events=re.compile("\"|'|" + _mark_pattern(marks)),
        singles=re.compile(
            "'|" + PARA + "|" + _mark_pattern(style.open_single + style.close_single)
        ),
        curly=_curly_roles(style),
        close_quotes=close_quotes,
        open_quotes=open_quotes,
        hyphens=hyphens,
        en_dashes=en_dashes if style.dash == EM else None,
    )
