"""`*italics*` and `**bold**` typed in plain text, as people mark emphasis without Markdown.

A marker opens only before a letter and after a space or punctuation, and closes only after
one and before a space or punctuation, so `snake_case`, `2*3*4` and a lone `*sigh` stay as
typed; markers inside a URL (builder/urls.py finds them) are part of the address.
"""

from __future__ import annotations

import re

from builder.model import Element, Node, Text
from builder.urls import url_spans


def _pair(marker: str) -> re.Pattern[str]:
    m, c = re.escape(marker), re.escape(marker[0])
    # The inside never holds the marker itself (a single `*` inside `**` is fine), so a search
    # from an opener stops at the next marker: linear even with thousands of unpaired ones.
    inside = rf"(?:[^{c}]|{c}(?!{c}))" if len(marker) == 2 else rf"[^{c}]"
    # ... and holds a letter or digit: `*!*` or `_*_` is not emphasis.
    return re.compile(
        rf"(?<![\w{c}]){m}(?=[^\s{c}])(?=[^{c}]*[^\W_])({inside}+?)(?<=[^\s{c}]){m}(?![\w{c}])"
    )


# Bold first: `**word**` is not italics around `*word*`.
_PATTERNS = (
    ("strong", _pair("**")),
    ("strong", _pair("__")),
    ("em", _pair("*")),
    ("em", _pair("_")),
)
# Italics in bold in italics is as deep as prose goes; deeper is left as typed.
_DEPTH = 3
_MASK = "\x00"  # stands for a URL's characters, which no marker pattern matches


def inline(text: str) -> tuple[Node, ...]:
    """TEXT as Text and em/strong elements."""
    masked = list(text)
    for start, end in url_spans(text):
        masked[start:end] = _MASK * (end - start)
    return _parse(text, "".join(masked))


def _parse(text: str, masked: str, depth: int = 0) -> tuple[Node, ...]:
    """The Text and elements of TEXT, left to right (a loop: a paragraph may hold thousands)."""
    nodes: list[Node] = []
    start = 0
    ahead: dict[int, re.Match[str] | None] = {}  # each pattern's next match
    while depth < _DEPTH:
        found = _first(masked, start, ahead)
        if found is None:
            break
        tag, match = found
        if match.start() > start:
            nodes.append(Text(text[start : match.start()]))
        inner = slice(*match.span(1))
        nodes.append(Element(tag, _parse(text[inner], masked[inner], depth + 1)))
        start = match.end()
    if start < len(text):
        nodes.append(Text(text[start:]))
    return tuple(nodes)


def _first(
    masked: str, start: int, ahead: dict[int, re.Match[str] | None]
) -> tuple[str, re.Match[str]] | None:
    """The marker pair that opens first at or after START.

    AHEAD keeps each pattern's next match, searched again only once START has passed it:
    searching every pattern to the end after each pair would be quadratic.
    """
    best: tuple[str, re.Match[str]] | None = None
    for index, (tag, pattern) in enumerate(_PATTERNS):
        if index not in ahead or _passed(ahead[index], start):
            ahead[index] = pattern.search(masked, start)
        found = ahead[index]
        if found and (best is None or found.start() < best[1].start()):
            best = tag, found
    return best


def _passed(match: re.Match[str] | None, start: int) -> bool:
    """A match that START has gone past (None: the pattern has no match left)."""
    return match is not None and match.start() < start
