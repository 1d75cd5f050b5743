"""Markdown inline syntax in a block's source, found in place so findings keep their columns.

markdown-it-py does not say where inline tokens start, so the checker reads a paragraph's
source once, left to right, and notes what the text rules must not look at (code spans,
URLs, link destinations, attributes, footnote references, raw HTML) and what the
structure rules need (links, images, footnote references, raw HTML), each at its index.
Nothing is removed: what is not prose is overwritten with MASK, so an index in the masked
text is an index in the source. One pass with compiled patterns: linear in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from markdown_it.common.utils import normalizeReference

from builder.urls import url_spans

# Stands for a character that is markup, not prose. NUL cannot occur in a manuscript:
# sources.decode refuses control characters.
MASK = "\x00"


@dataclass(frozen=True)
class Link:
    """A link or image: where its `[` (or `![`) is, its text (alt text), and its target."""

    image: bool
    index: int
    text: str
    target: str


@dataclass
class Inline:
    """A block's prose with markup masked, and the inline constructs found in it."""

    prose: str
    links: list[Link] = field(default_factory=list)
    notes: list[tuple[int, str]] = field(default_factory=list)  # footnote references
    html: list[tuple[int, str]] = field(default_factory=list)  # raw HTML tags and comments


# Where something other than plain prose may start: one character class, so that the
# search runs at C speed over plain prose; URLs are found in a second pass (mask_urls).
_TRIGGER = re.compile(r"[\\`<\[\]{]")
_ESCAPABLE = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\n")
_FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")
_BACKTICKS = re.compile(r"`+")
_AUTOLINK = re.compile(
    r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s]*>"
    r"|<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*>"
)
_HTML = re.compile(
    r"<!--.*?-->"
    r"|</?([A-Za-z][A-Za-z0-9-]*)"
    r"(?:\s+[A-Za-z_:][\w.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)*\s*/?>",
    re.DOTALL,
)
# Only real HTML element names count as HTML: fan fiction's <grin> or <snip> is prose the
# author wants printed as typed, which is exactly what the builder does.
_HTML_TAG_NAMES = (
    "a abbr address article aside b big blockquote br caption center cite code dd del details "
    "dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd "
    "li mark nav ol p pre q s samp section small span strike strong style sub summary sup "
    "table tbody td tfoot th thead tr tt u ul var script iframe object embed video audio "
    "source picture svg math ruby rt rp wbr nobr"
)
HTML_TAGS = frozenset(_HTML_TAG_NAMES.split())
_DESTINATION = re.compile(
    r"\(\s*(?:<(?P<angle>[^<>\n]*)>|(?P<bare>(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*))"
    r"(?:\s+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)"
)
_REFERENCE = re.compile(r"\[((?:[^\[\]\\]|\\.){0,999})\]")
_ATTRIBUTES = re.compile(
    r"\{[ \t]*(?:(?:[#.][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}]+))[ \t]*)+\}"
)


@cache
def _closing_run(width: int) -> re.Pattern[str]:
    # A run of N backticks opens a code span closed by the next run of exactly N.
    return re.compile(rf"(?<!`)`{{{width}}}(?!`)")


class _Lexer:
    def __init__(self, raw: str, references: Mapping[str, str]) -> None:
        self.raw = raw
        self.chars = list(raw)
        self.references = references
        self.result = Inline("")
        self.openers: list[tuple[int, bool]] = []
        self.escaped: set[int] = set()

    def mask(self, start: int, end: int) -> None:
        self.chars[start:end] = MASK * (end - start)

    def run(self) -> Inline:
        pos = 0
        while match := _TRIGGER.search(self.raw, pos):
            pos = self.token(match.group(), match.start())
        self.result.prose = mask_urls("".join(self.chars))
        return self.result

    def token(self, char: str, start: int) -> int:
        """Handle the construct starting with CHAR at START; return where to go on scanning."""
        if char == "\\":
            if self.raw[start + 1 : start + 2] in _ESCAPABLE:
                self.mask(start, start + 1)  # the backslash only: the escaped character is prose
                self.escaped.add(start + 1)
                return start + 2
            return start + 1
        if char == "`":
            return self.code_span(start)
        if char == "<":
            return self.angle(start)
        if char == "[":
            return self.open_bracket(start)
        if char == "]":
            return self.close_bracket(start)
        attrs = _ATTRIBUTES.match(self.raw, start)
        if attrs is None:
            return start + 1
        self.mask(start, attrs.end())
        return attrs.end()

    def open_bracket(self, start: int) -> int:
        note = (
            _FOOTNOTE_REF.match(self.raw, start) if self.raw[start + 1 : start + 2] == "^" else None
        )
        if note:
            self.result.notes.append((start, note.group()[2:-1]))
            self.mask(start, note.end())
            return note.end()
        image = start > 0 and self.raw[start - 1] == "!" and start - 1 not in self.escaped
        self.openers.append((start - 1 if image else start, image))
        return start + 1

    def code_span(self, start: int) -> int:
        run = _BACKTICKS.match(self.raw, start)
        width = run.end() - start if run else 1
        closing = _closing_run(width).search(self.raw, start + width)
        if closing is None:
            return start + width
        self.mask(start, closing.end())
        return closing.end()

    def angle(self, start: int) -> int:
        autolink = _AUTOLINK.match(self.raw, start)
        if autolink:
            self.mask(start, autolink.end())
            return autolink.end()
        html = _HTML.match(self.raw, start)
        if html and (html.group(1) is None or html.group(1).lower() in HTML_TAGS):
            self.result.html.append((start, html.group()))
            self.mask(start, html.end())
            return html.end()
        return start + 1

    def close_bracket(self, start: int) -> int:
        if not self.openers:
            return start + 1
        opened, image = self.openers.pop()
        text_start = opened + (2 if image else 1)
        label = self.raw[text_start:start]
        target, end = self.target(start + 1, label)
        if target is None:
            if not image and _ATTRIBUTES.match(self.raw, start + 1):
                self.mask(opened, opened + 1)  # a span, [text]{.class}: its brackets are markup
                self.mask(start, start + 1)
            return start + 1
        self.result.links.append(Link(image, opened, label, target))
        self.mask(opened, text_start)
        self.mask(start, end)
        if not image:  # links do not nest: brackets opened before a link are text
            self.openers = [opener for opener in self.openers if opener[1]]
        return end

    def target(self, after: int, label: str) -> tuple[str | None, int]:
        """The destination after `]` and where the link ends: (url), [ref], [] or nothing."""
        inline = _DESTINATION.match(self.raw, after)
        if inline:
            return inline.group("angle") or inline.group("bare") or "", inline.end()
        reference = _REFERENCE.match(self.raw, after)
        if reference:
            name = reference.group(1) or label
            return self.references.get(normalizeReference(name)), reference.end()
        return self.references.get(normalizeReference(label)), after


def lex(raw: str, references: Mapping[str, str]) -> Inline:
    """Mask the markup in RAW (one block's source) and list its inline constructs."""
    if not _TRIGGER.search(raw):
        return Inline(mask_urls(raw))
    return _Lexer(raw, references).run()


def mask_urls(raw: str) -> str:
    """RAW with its URLs and e-mail addresses masked: they are not prose, in any file."""
    spans = url_spans(raw)
    if not spans:
        return raw
    chars = list(raw)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)
