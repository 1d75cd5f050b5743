"""URLs and e-mail addresses typed in running text: not prose, so nothing may rewrite or judge them.

One finder for everything that must leave them alone: the checker masks them so that
`http://x.org/a--b` is no spaced dash and `www.example.com/it's` no quotation mark (and
typography's URL protection is the same finding of the same spans).
"""

from __future__ import annotations

import re
from typing import Final

# A link or image target with a scheme (`https:`, `javascript:`), as opposed to a path.
SCHEME: Final = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# The schemes a link in the book may use: anything else (javascript:, data:, file:) is refused.
LINK_SCHEMES: Final = ("http://", "https://", "mailto:", "ftp://", "tel:")

# Characters a URL never holds: space, brackets and quotes around it, and the placeholders
# the checker (NUL) and typography (U+FDD0-U+FDD2) put where markup was.
_URL_CHARS: Final = '^\\s<>"“”‘’«»\x00\ufdd0-\ufdd2'
# A URL never ends with sentence punctuation: `see http://x.org/a.` ends before the dot.
# (Bounded, so that a pathological run of `://` without spaces stays linear.)
_URL_TAIL: Final = re.compile(rf"[{_URL_CHARS}]{{0,2000}}[{_URL_CHARS}.,;:!?)\]'…]")
_SCHEME_BEFORE: Final = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*$")
# The local part may hold an apostrophe (o'hara@example.com), but cannot start with one.
_EMAIL_LEFT: Final = re.compile(r"(?:(?<![\w.+-])mailto:)?[\w.+-][\w.+'-]*$", re.IGNORECASE)
_EMAIL_RIGHT: Final = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every URL and e-mail address in TEXT, in order, never overlapping.

    Found from their anchors (`://`, `www.`, `@`) with str.find: a regex for e-mail
    addresses tried at every word would be far too slow.
    """
    if "://" not in text and "www." not in text and "@" not in text:
        return []
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
        inside_word = i > 0 and (text[i - 1].isalnum() or text[i - 1] in "./")
        return (i, tail.end()) if tail and not inside_word else None
    left = _EMAIL_LEFT.search(text, max(0, i - 64), i)
    right = _EMAIL_RIGHT.match(text, i + 1)
    return (left.start(), right.end()) if left and right else None
