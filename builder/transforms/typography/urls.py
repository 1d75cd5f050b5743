"""URL protection: URLs and e-mail addresses in text are never touched.

Why: `http://x.org/a--b...c` or `www.example.com/it's` must come out exactly as typed, or
the link breaks. Each is replaced by one placeholder that reads as a word to its neighbours
(so `see www.x.org's page` still has an apostrophe), and put back after every rule has run.
"""

from __future__ import annotations

import re
from typing import Final

from builder.transforms.typography.characters import URL

_URL_CHARS: Final = '^\\s<>"“”‘’«»\ufdd0-\ufdd2'
# A URL never ends with sentence punctuation: `see http://x.org/a.` ends before the dot.
# (Bounded, so that a pathological run of `://` without spaces stays linear.)
_URL_TAIL: Final = re.compile(rf"[{_URL_CHARS}]{{0,2000}}[{_URL_CHARS}.,;:!?)\]'…]")
_SCHEME_BEFORE: Final = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*$")
# The local part may hold an apostrophe (o'hara@example.com), but cannot start with one.
_EMAIL_LEFT: Final = re.compile(r"[\w.+-][\w.+'-]*$")
_EMAIL_RIGHT: Final = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Spans of URLs and e-mail addresses, found from their anchors (`://`, `www.`, `@`) with
    str.find: a regex for e-mail addresses tried at every word would be far too slow."""
    spans: list[tuple[int, int]] = []
    for anchor in ("://", "www.", "@"):
        i = text.find(anchor)
        while i != -1:
            span = _url_at(text, i, anchor)
            if span:
                spans.append(span)
            i = text.find(anchor, i + 1)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _url_at(text: str, i: int, anchor: str) -> tuple[int, int] | None:
    if anchor == "://":
        scheme = _SCHEME_BEFORE.search(text, max(0, i - 32), i)
        tail = _URL_TAIL.match(text, i + 3)
        return (scheme.start(), tail.end()) if scheme and tail else None
    if anchor == "www.":
        tail = _URL_TAIL.match(text, i)
        inside_word = text[i - 1].isalnum() or text[i - 1] in "./"
        return (i, tail.end()) if tail and not inside_word else None
    left = _EMAIL_LEFT.search(text, max(0, i - 64), i)
    right = _EMAIL_RIGHT.match(text, i + 1)
    return (left.start(), right.end()) if left and right else None


def protect_urls(text: str) -> tuple[str, list[str]]:
    """Replace every URL / e-mail address by one URL placeholder (a word-like character), so
    no rule can touch `http://x.org/a--b...c` or `www.example.com/it's`."""
    if "://" not in text and "www." not in text and "@" not in text:
        return text, []
    spans = _url_spans(text)
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
