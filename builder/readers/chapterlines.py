"""Chapter lines: a paragraph that is nothing but a chapter's title, in English.

"Chapter 12", "CHAPTER TWELVE", "Chapter XII.", "Chapter Twenty-One", "Ch. 3",
"Chapter 3: The Ball", "Chapter 3 — The Ball", "Prologue", "Epilogue: Ten Years On".
The whole paragraph must be the line and short (MAX_TITLE characters), and a title after
the number must follow punctuation: "Chapter one ended badly." in the prose is a sentence,
not a title. "Part One" is not a chapter: parts hold chapters.
"""

from __future__ import annotations

import re

MAX_TITLE = 80

_UNITS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    "fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|"
    "eighty|ninety|hundred|thousand"
)
_WORDS = rf"(?:{_UNITS})(?:(?:[\s-]+|\s+and\s+)(?:{_UNITS}))*"
# A well-formed numeral only: "Chapter dim." is not a number.
_ROMAN = r"(?=[ivxlcdm])m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBER = rf"(?:\d{{1,4}}|{_ROMAN}|{_WORDS})"
# After the number: nothing, a full stop, or punctuation and a title on the same line.
_AFTER = r"(?:\s*[.:]?|\s*[.:\-–—|]\s*\S.*)"
_LINE = re.compile(
    rf"^(?:(?:chapter|ch\.)\s*{_NUMBER}\b|prologue\b|epilogue\b){_AFTER}$",
    re.IGNORECASE | re.DOTALL,
)


def is_chapter_line(text: str) -> bool:
    """Whether TEXT (a paragraph's whole text, stripped) is a chapter's title line."""
    text = " ".join(text.split())
    return 0 < len(text) <= MAX_TITLE and _LINE.match(text) is not None
