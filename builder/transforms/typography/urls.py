"""URL protection: URLs and e-mail addresses in text are never touched.

Why: `http://x.org/a--b...c` or `www.example.com/it's` must come out exactly as typed, or
the link breaks. Each is replaced by one placeholder that reads as a word to its neighbours
(so `see www.x.org's page` still has an apostrophe), and put back after every rule has run.
"""

from __future__ import annotations

import re

from builder.transforms.typography.characters import URL
from builder.urls import url_spans


def protect_urls(text: str) -> tuple[str, list[str]]:
    """Replace every URL / e-mail address by one URL placeholder (a word-like character), so
    no rule can touch `http://x.org/a--b...c` or `www.example.com/it's`."""
    spans = url_spans(text)
    if not spans:
        return text, []
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += (text[last:start], URL)
        last = end
    parts.append(text[last:])
    return "".join(parts), [text[start:end] for start, end in spans]


def restore_urls(out: list[list[str]], urls: list[str]) -> None:
    """Put the URLs back, in order (segments and URLs are both in reading order)."""
    found = iter(urls)
    for row in out:
        for i, piece in enumerate(row):
            if URL in piece:
                row[i] = re.sub(URL, lambda _: next(found), piece)
