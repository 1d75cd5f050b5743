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
    return re.compile(rf"(?<![\w{c}]){m}(?=[^\s{c}])(.+?)(?<=[^\s{c}]){m}(?![\w{c}])", re.DOTALL)


# Bold first: `**word**` is not italics around `*word*`.
_PATTERNS = (
    ("strong", _pair("**")),
    ("strong", _pair("__")),
    ("em", _pair("*")),
    ("em", _pair("_")),
)
_MASK = "\x00"  # stands for a URL's characters, which no marker pattern matches


def inline(text: str) -> tuple[Node, ...]:
    """TEXT as Text and em/strong elements."""
    masked = list(text)
    for start, end in url_spans(text):
        masked[start:end] = _MASK * (end - start)
    return _parse(text, "".join(masked))


def _parse(text: str, masked: str) -> tuple[Node, ...]:
    best: tuple[str, re.Match[str]] | None = None
    for tag, pattern in _PATTERNS:
        found = pattern.search(masked)
        if found and (best is None or found.start() < best[1].start()):
            best = tag, found
    if best is None:
        return (Text(text),) if text else ()
    tag, found = best
    start, end = found.span(1)
    inside = _parse(text[start:end], masked[start:end])
    before = _parse(text[: found.start()], masked[: found.start()])
    return (*before, Element(tag, inside), *_parse(text[found.end() :], masked[found.end() :]))
