"""Ellipses: three dots (spaced or not) become `…`.

Why one character: an ellipsis set as three full stops can break across lines and
spaces out unevenly; `…` is one glyph the typeface drew for the purpose.
"""

from __future__ import annotations

import re
from typing import Final

from builder.transforms.typography.characters import ELLIPSIS

_DOTS: Final = re.compile(r"\.(?:\.{2,}|(?:[ \u00a0]\.){2,})")


def _ellipsis(match: re.Match[str]) -> str:
    """Three dots are an ellipsis; four are a full stop followed by an ellipsis (the sentence
    ended before the omission, Chicago 13.53), so the meaning the author typed is kept; five or
    more carry no extra meaning and become a single ellipsis."""
    return "." + ELLIPSIS if match.group().count(".") == 4 else ELLIPSIS


def ellipses(text: str) -> str:
    return _DOTS.sub(_ellipsis, text)
