"""Text rules: typing slips in the prose, found where the author typed them.

Each rule reads one manuscript file's prose (code, URLs and markup masked, see inline.py)
and yields warnings at exact lines and columns. Every pattern is compiled once and runs
over the file's whole prose in one pass, so a long novel is checked in linear time.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from builder.checks import paragraphs, quotes
from builder.checks.findings import WARNING, Finding
from builder.checks.source import Block, SourceFile


@dataclass
class Context:
    """What the text rules need to know about the book."""

    language: str
    typography: bool = True
    _scans: dict[str, quotes.Scan] = field(default_factory=dict)

    @property
    def primary(self) -> str:
        return self.language.split("-")[0].lower()

    def quotes(self, source: SourceFile) -> quotes.Scan:
        """The quotation pairing of a file, worked out once for the rules that need it."""
        if source.path not in self._scans:
            self._scans[source.path] = quotes.scan(source.blocks, self.language)
        return self._scans[source.path]


def _at(source: SourceFile, place: tuple[Block, int], code: str, message: str) -> Finding:
    line, column = place[0].position(place[1])
    return Finding(code, WARNING, message, source.path, line, column)


@dataclass(frozen=True)
class _Hit:
    """A match in a file's joined prose TEXT, inside BLOCK, which starts at OFFSET in TEXT."""

    text: str
    match: re.Match[str]
    block: Block
    offset: int  # where the block starts in TEXT

    def at(self, index: int) -> tuple[Block, int]:
        """The place of INDEX (in TEXT) as a block and an index in its prose."""
        return self.block, index - self.offset

    def before(self, index: int) -> str:
        return self.text[index - 1] if index > 0 else "\n"

    def after(self, index: int) -> str:
        return self.text[index] if index < len(self.text) else "\n"


def _hits(source: SourceFile, pattern: re.Pattern[str], lower: bool = False) -> Iterator[_Hit]:
    """Matches of PATTERN in the file's prose (lower-cased first if LOWER), with their block.

    The patterns start with a literal or a character class, so the search runs at C speed;
    the context around the (rare) matches is then checked in Python.
    """
    text, starts, blocks = source.joined()
    searched = text.lower() if lower else text
    if len(searched) != len(text):  # a rare letter whose lower case is longer
        searched = text
    for match in pattern.finditer(searched):
        index = bisect_right(starts, match.start()) - 1
        yield _Hit(text, match, blocks[index], starts[index])


# --- T001 ----------------------------------------------------------------------------------


def unbalanced_quotes(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T001: an unpaired quotation mark misleads the reader and the typography both.
    for block, index, message in context.quotes(source).problems:
        yield _at(source, (block, index), "T001", message)


# --- T002 ----------------------------------------------------------------------------------

_DOUBLED = re.compile(r"(?<![\w'’-])(\w++)\s++\1(?![\w'’-])")
# Words that are often doubled on purpose: "that that", "had had", "teach her her own",
# "what it is is", "gave in in the end", and reduplications ("no no", "there there").
_MEANT_TWICE_WORDS = (
    "that had her is was you it in on out up down off over do did does so no very well now "
    "there ha haha bye yes yeah tut tsk hush blah knock bang chop la ho hee heh hmm ah oh "
    "ooh aw boo night pooh hip far really many more much round around again wait come go "
    "run quick quickly long away never ever bla nous vous die der das sie"
)
_MEANT_TWICE = frozenset(_MEANT_TWICE_WORDS.split())


def doubled_words(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T002: "the the" is the commonest slip that a spelling checker does not see.
    for hit in _hits(source, _DOUBLED, lower=True):
        word = hit.match.group(1)
        if not word.isalpha() or word in _MEANT_TWICE or _three(hit, word):
            continue
        first, second = hit.match.start(), hit.match.end() - len(word)
        typed = f"{hit.text[first : first + len(word)]} {hit.text[second : hit.match.end()]}"
        yield _at(source, hit.at(second), "T002", f"doubled word: {typed}")


def _three(hit: _Hit, word: str) -> bool:
    """Whether WORD comes a third time, before or after: "ha ha ha" is meant."""
    start, end = hit.match.start(), hit.match.end()
    before = _WORD_BEFORE.search(hit.text[max(0, start - 40) : start])
    after = _WORD_AFTER.match(hit.text[end : end + 40])
    return any(m is not None and m.group(1).lower() == word for m in (before, after))


_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_WORD_AFTER = re.compile(r"\s+(\w+)")


# --- T003 ----------------------------------------------------------------------------------

_DOUBLE_SPACE = re.compile(r"  +")
_SENTENCE_END = re.compile(r"[.!?:…][\"'”’»)\]*_]*$")


def double_spaces(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T003: two spaces inside a sentence mark a deleted word or a slip. Two after a full
    # stop are a typewriter habit, harmless in the book: said once per file, not each time.
    after_sentence: list[tuple[Block, int]] = []
    for hit in _hits(source, _DOUBLE_SPACE):
        start, end = hit.match.start(), hit.match.end()
        if hit.before(start).isspace() or hit.after(end).isspace():
            continue  # indentation, or a hard line break at a line's end
        if _SENTENCE_END.search(hit.text, max(0, start - 4), start):
            after_sentence.append(hit.at(start))
        else:
            yield _at(source, hit.at(start), "T003", "two spaces between words")
    if after_sentence:
        count = len(after_sentence)
        times = "once" if count == 1 else f"{count} times in this file"
        message = f"two spaces after a sentence ({times}); one is enough"
        yield _at(source, after_sentence[0], "T003", message)


# --- T004 ----------------------------------------------------------------------------------

_SPACE_BEFORE = re.compile(r"[ \t]+([,.;:!?])")
# After ; or : these make an emoticon, not punctuation: ;) :-( :'( :D
_EMOTICON = re.compile(r"[-'’]?[()DPpOo3|/\\\[\]*]")


def space_before_punctuation(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T004: a space before a comma or full stop is a slip; French alone wants one before
    # ; : ! ? (the typography then makes it a no-break space).
    french = context.primary == "fr"
    for hit in _hits(source, _SPACE_BEFORE):
        mark, index = hit.match.group(1), hit.match.start(1)
        previous = hit.before(hit.match.start())
        if previous.isspace() or (french and mark in ";:!?"):
            continue
        if not _is_punctuation(mark, previous, hit.text[index + 1 : index + 3]):
            continue
        yield _at(source, hit.at(hit.match.start()), "T004", f"space before {mark!r}")


def _is_punctuation(mark: str, previous: str, following: str) -> bool:
    """Whether MARK after a space is punctuation, not an ellipsis, a decimal or an emoticon."""
    if mark == ".":
        # An ellipsis (...), a spaced one (. . .) or a decimal (.5).
        spaced = previous == "." or following == " ."
        return not (following[:1] in ".…" or following[:1].isdigit() or spaced)
    if mark in ";:":
        return not (_EMOTICON.match(following) or following[:1].isdigit())
    return True


# --- T005 ----------------------------------------------------------------------------------

_DOTS = re.compile(r"\.\.+")


def wrong_dots(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T005: an ellipsis has three dots; two are a slip, four or more read as a stammer
    # (Russian "?.." and "!.." are correct, hence not after ? or !).
    for hit in _hits(source, _DOTS):
        dots, start = hit.match.group(), hit.match.start()
        if len(dots) == 3 or hit.before(start) in ".…" or hit.after(hit.match.end()) == "…":
            continue
        if len(dots) == 2 and hit.before(start) in "?!":
            continue
        message = f"{len(dots)} dots: an ellipsis is three (...)"
        yield _at(source, hit.at(start), "T005", message)


# --- T006 ----------------------------------------------------------------------------------

_SPACED_HYPHEN = re.compile(r" - ")


def spaced_hyphen(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T006: a hyphen joins words; between spaces it stands in for a dash.
    if context.typography:
        message = "a hyphen used as a dash: the book shows an en dash (–); type -- for an em dash"
    else:
        message = "a hyphen used as a dash: type – or — (typography is off, so it stays a hyphen)"
    for hit in _hits(source, _SPACED_HYPHEN):
        before, after = hit.before(hit.match.start()), hit.after(hit.match.end())
        if before.isspace() or before == "-" or after.isspace() or after == "-":
            continue
        yield _at(source, hit.at(hit.match.start() + 1), "T006", message)


# --- T007 ----------------------------------------------------------------------------------

_DIALOGUE_START = re.compile(r"^[\s\x00*_]*([\"“„«»”])[\s\x00*_]*([^\W\d_])")


def lowercase_dialogue(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T007: speech that opens a paragraph starts with a capital ("Hello," she said).
    scan = context.quotes(source)
    marks = quotes.marks_for(context.language)
    for block in source.blocks:
        if block.kind != "paragraph" or id(block) in scan.continued:
            continue
        match = _DIALOGUE_START.match(block.prose)
        if match and match.group(1) not in marks.closing and match.group(2).islower():
            message = "speech opening a paragraph starts with a lower-case letter"
            yield _at(source, (block, match.start(2)), "T007", message)


# --- T010, T011 ----------------------------------------------------------------------------

_DOUBLED_PUNCTUATION = re.compile(r",,|;;")
_NO_SPACE_AFTER = re.compile(r"[,;.!?][^\W\d_]")


def doubled_punctuation(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T010: ",," or ";;" is always a slip of the finger.
    for hit in _hits(source, _DOUBLED_PUNCTUATION):
        message = f"doubled {hit.match.group()[0]!r}"
        yield _at(source, hit.at(hit.match.start()), "T010", message)


def missing_space(source: SourceFile, context: Context) -> Iterator[Finding]:
    # T011: "end.Next" or "one,two" runs two words together (URLs are masked already;
    # "e.g." and "U.S." do not match: a word of two lower-case letters must come first).
    for hit in _hits(source, _NO_SPACE_AFTER):
        start = hit.match.start()
        word, mark, rest = (
            hit.text[max(0, start - 2) : start],
            hit.text[start],
            hit.text[start + 1 : start + 3],
        )
        if not (len(word) == 2 and word.isalpha() and word.islower()):
            continue
        if (mark in ",;" and rest.isalpha()) or (rest[:1].isupper() and rest[1:].islower()):
            yield _at(source, hit.at(start), "T011", f"no space after {mark!r}")


Rule = Callable[[SourceFile, Context], Iterator[Finding]]
RULES: tuple[Rule, ...] = (
    unbalanced_quotes,
    doubled_words,
    double_spaces,
    space_before_punctuation,
    wrong_dots,
    spaced_hyphen,
    lowercase_dialogue,
    doubled_punctuation,
    missing_space,
)


def check_file(source: SourceFile, context: Context) -> list[Finding]:
    found = [finding for rule in RULES for finding in rule(source, context)]
    return found + list(paragraphs.long_paragraphs(source))


# --- T008: across the book -------------------------------------------------------------------


def _style(marker: str) -> str:
    return "".join(marker.split())  # "* * *" and "***" are one style


def mixed_scene_breaks(sources: list[SourceFile]) -> list[Finding]:
    # T008: one book, one scene-break marker; an odd one out is often not meant as a break
    # at all (two blank lines pasted by accident, or --- meant as a rule under a heading).
    breaks = [(source, block) for source in sources for block in source.blocks
              if block.kind == "break"]  # fmt: skip
    counts = Counter(_style(block.marker) for _, block in breaks)
    if len(counts) < 2:
        return []
    usual, times = counts.most_common(1)[0]
    typed = next(block.marker for _, block in breaks if _style(block.marker) == usual)
    uses = "once" if times == 1 else f"{times} times"
    findings = []
    for source, block in breaks:
        if _style(block.marker) != usual:
            message = (
                f"scene break {block.marker!r} differs from the book's usual {typed!r} ({uses})"
            )
            findings.append(Finding("T008", WARNING, message, source.path, block.line))
    return findings
