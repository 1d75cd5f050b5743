"""Markdown manuscripts as the checker sees them: block structure from markdown-it, in place.

The parser is the Markdown reader's own (readers/markdown.configure), so the checker sees
the blocks the builder sees. It only runs the block phase, which is cheap and gives every
block its lines; inline syntax is found by inline.py in each block's own source, so that
findings keep their columns.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from builder.checks import silence
from builder.checks.inline import Inline, lex
from builder.checks.source import Block, SourceFile
from builder.markers import is_scene_break_line
from builder.readers import markdown


@cache
def _parser() -> MarkdownIt:
    # The reader's own configuration, block phase only; and footnote definitions left where
    # they are written, with their lines.
    return markdown.configure().disable(["inline", "footnote_tail"])


# What is not prose at the start of a block's line: blockquote markers, a list item's
# marker on its first line, a footnote's label on its first line, a heading's hashes.
_QUOTE_MARKS = re.compile(r"^(?:[ \t]*>[ \t]?)+")
_ITEM_MARKS = re.compile(r"^(?:[ \t]*(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)))+")
_NOTE_LABEL = re.compile(r"^(?:[ \t]*>)*[ \t]*\[\^[^\]]+\]:")
_ATX_OPEN = re.compile(r"^(?:[ \t]*>[ \t]?)*[ \t]*#{1,6}(?=[ \t]|$)")
_ATX_CLOSE = re.compile(r"(?:[ \t]+#+)?[ \t]*$")
# An id set in an attribute block, {#id} or {.class #id}.
_ID = re.compile(r"\{[^{}\n]*?#([A-Za-z_][\w.-]*)[^{}\n]*\}")


def _blank(line: str, pattern: re.Pattern[str]) -> str:
    """LINE with what PATTERN matches at its start replaced by spaces."""
    match = pattern.match(line)
    if not match or not match.group():
        return line
    return " " * match.end() + line[match.end() :]


class _Walker:
    """Turns the token stream into blocks, keeping track of the containers around them."""

    def __init__(self, source: SourceFile, lines: list[str], references: dict[str, str]) -> None:
        self.source = source
        self.lines = lines
        self.references = references
        self.quote_depth = 0
        self.item_lines: set[int] = set()
        self.note: str | None = None
        self.note_line = -1
        self.in_table = False

    def walk(self, tokens: list[Token]) -> None:
        for index, token in enumerate(tokens):
            kind = token.type
            if kind in ("blockquote_open", "blockquote_close"):
                self.quote_depth += 1 if kind.endswith("open") else -1
            elif kind == "list_item_open" and token.map:
                self.item_lines.add(token.map[0])
            elif kind == "footnote_reference_open" and token.map:
                self.note, self.note_line = str(token.meta["label"]), token.map[0]
                self.source.footnotes.setdefault(self.note, token.map[0] + 1)
            elif kind == "footnote_reference_close":
                self.note = None
            elif kind in ("table_open", "table_close"):
                # Tables are data, not prose: the text rules leave them alone.
                self.in_table = kind == "table_open"
            elif kind == "hr" and token.map:
                self.scene_break(token.map[0], self.lines[token.map[0]])
            elif kind == "inline" and token.map and not self.in_table:
                self.text_block(tokens[index - 1], token.map)

    def scene_break(self, line: int, typed: str) -> None:
        marker = typed.strip().lstrip("> \t")
        self.source.blocks.append(Block("break", line + 1, line + 1, Inline(""), marker=marker))

    def text_block(self, opener: Token, span: list[int]) -> None:
        first, stop = span
        raw = [self.prose_line(n, opener) for n in range(first, stop)]
        inline = lex("\n".join(raw), self.references)
        visible = inline.prose.replace("\x00", "").strip()
        heading = opener.type == "heading_open"
        if (not visible and heading) or (visible and is_scene_break_line(visible)):
            self.scene_break(first, self.lines[first])
            return
        note, depth = self.note, self.quote_depth
        if heading:
            setext = opener.markup if opener.markup in ("=", "-") else ""
            level = int(opener.tag[1])
            block = Block("heading", first + 1, stop, inline, level, note, depth, setext=setext)
        else:
            block = Block("paragraph", first + 1, stop, inline, note=note, depth=depth)
        self.source.blocks.append(block)

    def prose_line(self, number: int, opener: Token) -> str:
        line = self.lines[number]
        is_first = opener.map is not None and number == opener.map[0]
        if is_first and number in self.item_lines:
            line = _blank(line, _ITEM_MARKS)
        elif self.quote_depth:
            line = _blank(line, _QUOTE_MARKS)
        if is_first and self.note is not None and number == self.note_line:
            line = _blank(line, _NOTE_LABEL)
        if opener.type == "heading_open" and opener.markup.startswith("#"):
            line = _blank(line, _ATX_OPEN)
            close = _ATX_CLOSE.search(line)
            if close and close.group():
                line = line[: close.start()] + " " * (len(line) - close.start())
        return line


def _coverage(tokens: list[Token], count: int) -> tuple[list[str], list[tuple[int, int]]]:
    """What each line is part of (text, code or other) and every block's (first, stop) lines."""
    covered = [""] * count
    spans = []
    for token in tokens:
        if not token.map or token.nesting < 0:
            continue
        first, stop = token.map
        spans.append((first, stop))
        kind = {"paragraph_open": "text", "heading_open": "text", "code_block": "code",
                "fence": "code"}.get(token.type)  # fmt: skip
        if kind:
            covered[first:stop] = [kind] * (stop - first)
    return covered, spans


def read_markdown(path: str, text: str) -> SourceFile:
    """A Markdown manuscript's blocks, footnote definitions and silence comments."""
    env: dict[str, dict[str, dict[str, str]]] = {}
    tokens = _parser().parse(text, env)
    references = {label: ref["href"] for label, ref in env.get("references", {}).items()}
    lines = text.split("\n")
    source = SourceFile(path, markdown=True)
    _Walker(source, lines, references).walk(tokens)
    covered, spans = _coverage(tokens, len(lines))
    source.silences, source.problems = silence.comments(path, lines, covered, spans)
    source.ids = {
        match.group(1)
        for line, kind in zip(lines, covered, strict=True)
        if kind != "code" and "{" in line
        for match in _ID.finditer(line)
    }
    return source
