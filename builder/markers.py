"""How authors mark things in running text: scene-break lines, author's-note openers."""

from __future__ import annotations

import re

# A line made only of ornament symbols: ***, * * *, ~~~, ###, -----, ===, +++, §, ◇ ◇ ◇ ...
_SYMBOL_LINE = re.compile(r"^\s*(?:[*~#=+_\-•·§◇◆❦❧⁂✻✽]\s*){3,}$|^\s*[§⁂❦❧]\s*$")
# oOo, OoO, o0o, xXx, XxX: mixed case (or with a zero) so that "ooo" or a letter's
# "xxx" (kisses) is not mistaken for a break.
_LETTER_LINE = re.compile(r"^\s*(?:[oO0]{3,}|[xX]{3,})\s*$")


def is_scene_break_line(text: str) -> bool:
    """Whether a paragraph's whole text is a scene-break marker."""
    if _SYMBOL_LINE.match(text):
        return True
    if _LETTER_LINE.match(text):
        letters = text.strip()
        return "0" in letters or (letters != letters.lower() and letters != letters.upper())
    return False


# "A/N:", "AN:", "Author's Note:", "Authors' notes -" at a paragraph's start. "AN" must be
# upper case: "An" starts ordinary sentences.
AUTHORS_NOTE_START = re.compile(
    r"^\W{0,3}(?:(?i:a/n)|AN\b|(?i:author[’']?s?[’']?\s+notes?))\s*[:.\-–—]"
)


def is_authors_note_start(text: str) -> bool:
    return AUTHORS_NOTE_START.match(text) is not None
