"""Chapter lines: a paragraph that is nothing but a chapter's title, in English.

"Chapter 12", "CHAPTER TWELVE", "Chapter XII.", "Chapter Twenty-One", "Ch. 3",
"Chapter the First", "Chapter 3: The Ball", "Chapter 3 — The Ball", "Chapter 3" and
"The Ball" on two lines of one paragraph, "Prologue", "Epilogue: Ten Years On".
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
_ORDINALS = (
    "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
    "thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|"
    "thirtieth|fortieth|fiftieth"
)
# "Chapter the First", "Chapter Twenty-Second": the older books' way.
_ORDINAL = rf"(?:the\s+)?(?:(?:twenty|thirty|forty|fifty)[\s-]+)?(?:{_ORDINALS})"
_NUMBER = rf"(?:\d{{1,4}}|{_ROMAN}|{_WORDS}|{_ORDINAL})"
# After the number: nothing, a full stop, or punctuation and a title on the same line, or
# a title on a line of its own (a line break, Shift+Enter in Word).
_AFTER = r"(?:\s*[.:]?|\s*[.:\-–—|]\s*\S.*|[ .:]*\n\s*\S.*)"
_LINE = re.compile(
    rf"^(?:(?:chapter|ch\.)\s*{_NUMBER}\b|prologue\b|epilogue\b){_AFTER}$",
    re.IGNORECASE,
)


def is_chapter_line(text: str) -> bool:
    """Whether TEXT (a paragraph's whole text, stripped; a line break as "\\n") is a
    chapter's title line."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    text = "\n".join(line for line in lines if line)
    return 0 < len(text) <= MAX_TITLE and _LINE.match(text) is not None
