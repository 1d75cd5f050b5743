"""The characters the rules work with: reserved stand-ins inside the joined chapter, and output.

Every rule runs over ONE string, the whole chapter joined (see engine.py), so the places
where segments, blocks, code and URLs were are kept as reserved characters in that string.
Rules never produce the characters they consume, which is what makes a second run change
nothing.
"""

from __future__ import annotations

from typing import Final

# --- Reserved characters used inside the joined chapter string -------------------------------
# U+FDD0..U+FDEF are noncharacters: Unicode reserves them for exactly this kind of internal use,
# so they cannot clash with a manuscript (a segment that contains one anyway is left untouched).
MARK: Final = "\ufdd0"  # boundary between two segments of a block
CODE: Final = "\ufdd1"  # stands for a whole code segment
# A code segment that is only whitespace (the pipeline sends a hard line break <br> as a "\n"
# code segment) is whitespace to its neighbours, not a word: it stands in as a newline.
BLANK_CODE: Final = "\n"
URL: Final = "\ufdd2"  # stands for a URL or e-mail address found inside a text segment
# Blocks are separated by PARAGRAPH SEPARATOR: it is whitespace to every rule, so nothing
# (a quote, an ellipsis) is ever read across two paragraphs by accident.
PARA: Final = "\u2029"
RESERVED: Final = (MARK, CODE, URL, PARA)

# Typesetters put a hair space between two adjacent quote marks (“ ‘My motive…’): it is not a
# word space, so the rules deciding a quote look through it like through a segment mark.
HAIR: Final = "\u200a"
LEFT_SKIP: Final = MARK + HAIR
# On the right a run of straight quotes is skipped as well (`'"` ending a nested quotation).
RIGHT_SKIP: Final = MARK + HAIR + "\"'"

# A "word-like" neighbour: letters, digits, underscore, and the code/URL placeholders: a code
# span or a URL reads as a word to the text around it ("`foo`'s" has an apostrophe).
W: Final = r"[\w\ufdd1\ufdd2]"
WORDLIKE: Final = "_" + CODE + URL

# --- Output characters -----------------------------------------------------------------------
APOSTROPHE: Final = "\u2019"  # ’ — the apostrophe is the right single quote in every language
EM: Final = "\u2014"  # —
EN: Final = "\u2013"  # –
ELLIPSIS: Final = "\u2026"  # …
NBSP: Final = "\u00a0"
NNBSP: Final = "\u202f"  # narrow no-break space
PRIME: Final = "\u2032"  # ′
DOUBLE_PRIME: Final = "\u2033"  # ″
DASHES: Final = "-\u2010\u2011\u2012\u2013\u2014\u2015"
# Brackets and inverted marks before a quote mean the quote opens: `("Yes")`, `¿"Sí"?`.
OPENING_PUNCTUATION: Final = "([{¿¡"

# Quote kinds kept on the state stack.
DOUBLE: Final = "D"
SINGLE: Final = "S"
