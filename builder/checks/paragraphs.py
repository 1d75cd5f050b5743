"""T012: a plain-text paragraph too long to be one, a sign the paragraphs were not found.

Text copied from Word or a web page has one line break between paragraphs; when the
reader's guess (or book.yaml's `plain_text`) takes it for blank-line text, a chapter becomes
one paragraph with its paragraphs as line breaks. The rule reads the reader's own
paragraphs (source.py), so it sees exactly what the book prints.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.checks.findings import WARNING, Finding
from builder.checks.source import SourceFile

MAX_WORDS = 1000
# Verse and letters keep their line breaks, but seldom run past this many lines.
MAX_LINES = 10
_SETTING = "if each line is a paragraph, set `plain_text: {paragraphs: line}` in book.yaml"
# In Word or HTML, paragraphs run together when they were typed with Shift+Enter (a line
# break) or pasted into one paragraph.
_JOINED = "were its paragraphs joined with line breaks (Shift+Enter)?"


def long_paragraphs(source: SourceFile) -> Iterator[Finding]:
    """Plain-text, Word or HTML paragraphs of over MAX_WORDS words, or over MAX_LINES lines."""
    if source.markdown:
        return
    for block in source.blocks:
        if block.kind != "paragraph":
            continue
        message = _message(source, len(block.prose.split()), block.end - block.line + 1)
        if message:
            yield Finding("T012", WARNING, message, source.path, block.line)


def _message(source: SourceFile, words: int, lines: int) -> str | None:
    if source.markup:
        # Lines here are the paragraph's line breaks (checks/markup.py): many is a sign too.
        if lines > MAX_LINES:
            return f"a paragraph of {words:,} words and {lines - 1} line breaks: {_JOINED}"
        if words > MAX_WORDS:
            return f"a paragraph of {words:,} words: is it several run together?"
        return None
    if words > MAX_WORDS:
        return f"a paragraph of {words:,} words and {lines} lines: {_SETTING}"
    if lines > MAX_LINES and source.style == "blank-line":
        return f"a paragraph of {lines} lines, printed as one: {_SETTING}"
    return None
