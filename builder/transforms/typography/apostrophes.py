"""Apostrophes that regular expressions can settle before any pairing.

Why before the quotes: a straight ' inside a word (don't), in an emoticon (:'( ), in
rock 'n' roll, before a known elision ('tis, 'em) or an abbreviated year ('90s) is never a
quote, and taking it for one would open a quotation that nothing closes. Settling these
first leaves the pairing pass only the marks that really are in doubt.
"""

from __future__ import annotations

import re
from typing import Final

from builder.transforms.typography.characters import APOSTROPHE, MARK, W

# --- Apostrophes that regular expressions can settle before any pairing -----------------------
# Leading elisions that are never ordinary words, so an initial apostrophe before them is
# always an apostrophe, whatever the case ('Tis, 'twas, 'em...).
_ALWAYS_ELIDED: Final = (
    "tis|twas|twere|twill|twould|twixt|tween|tisn|twasn|em|neath|gainst|cept|pon|spose|scuse"
    "|nother|ave|avin|im|ello|eard|appen"
)
# Elisions that are also ordinary words ('cause/cause, 'round/round, 'er/er...). Lower case,
# they are elisions; capitalised at the start of a quotation they are more often the first
# word of the quotation ('Round and round it went'), so those go through the general rule for
# unknown words instead (apostrophe only if no closing single quote follows).
_LOWER_ELIDED: Final = "til|cause|cos|bout|round|er|e|ere|ow|ome|ad|alf"

_NOT_AFTER_WORD: Final = rf"(?<!{W}')(?<!{W}{MARK}')"
_SURE_APOSTROPHE: Final = re.compile(
    "'(?:"
    # Inside a word: don't, o'clock, rock'n'roll, `code`'s (the mark may sit on a segment edge).
    rf"(?:(?<={W}')|(?<={W}{MARK}'))(?={MARK}?{W})"
    # Emoticons :'( ;'-) =') — a tear, not a quotation; it must not open a quote.
    rf"|(?<=[:;=]')(?=-?[()\[\]DPpOo3|/\\*](?!{W}))"
    # 'n' as in rock 'n' roll: both marks are apostrophes.
    rf"|{_NOT_AFTER_WORD}(?={MARK}?[nN]'(?!{MARK}?{W}))"
    rf"|(?<=[^\w\ufdd1\ufdd2\ufdd0]'[nN]')(?!{MARK}?{W})"
    rf"|(?<=[^\w\ufdd1\ufdd2]{MARK}'[nN]')(?!{MARK}?{W})"
    # Known leading elisions, unless the word is itself quoted ('em' as a one-word quotation).
    rf"|{_NOT_AFTER_WORD}(?={MARK}?(?:(?i:{_ALWAYS_ELIDED})|{_LOWER_ELIDED})(?!{W})"
    rf"(?!{MARK}?'(?!{MARK}?{W})))"
    # Abbreviated years: '90s, '05 — but not '1984' (a quoted number).
    rf"|{_NOT_AFTER_WORD}(?={MARK}?\d\d(?:s(?!{W})|(?![\w'\ufdd1\ufdd2])))"
    ")"
)


def sure_apostrophes(text: str) -> str:
    return _SURE_APOSTROPHE.sub(APOSTROPHE, text)
