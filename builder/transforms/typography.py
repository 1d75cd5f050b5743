"""Typographic "smartening": curly quotes, apostrophes, dashes, ellipses, French spacing.

The one public function is :func:`smarten`. It receives a chapter as blocks (paragraphs,
headings, list items...) of segments and returns the new text of every segment.

How it works, and why it is built this way:

* Speed. A 500,000-word novel must go through in a small fraction of a second, so the
  whole chapter is joined into ONE string and every rule is a compiled regular expression
  (or a tight loop over regex matches) over that string, instead of per-segment Python code.
  Segment boundaries are kept in the string as a reserved marker character (a Unicode
  noncharacter, which by definition never occurs in interchanged text), so mapping the
  result back to segments is one ``str.split``. Length-changing replacements (``...`` -> ``…``)
  therefore need no offset bookkeeping.
* Context across inline markup. Rules that look at neighbouring characters look *through* a
  segment marker, so ``"*You* want"`` (segments ``"`` | ``You`` | `` want"``) is curled exactly
  like ``"You want"``.
* Code. A code segment (code span, autolink) becomes a single placeholder character that
  counts as a word character for its neighbours and is never edited; URLs and e-mail
  addresses found inside text segments get the same treatment and are restored verbatim.
* Quotes are decided by context (left/right flanking) first; the open/closed state of
  double and single quotes is only a tie-breaker, and it is scoped to a block: a quotation
  only carries over into the next paragraph when that paragraph opens with a quote mark
  again (the convention for quotations running over several paragraphs).
* Idempotence. Every rule only consumes characters that it never produces (straight quotes,
  hyphens, full stops) or rewrites spacing to a fixed form, so a second run changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from typing import Final, Literal

__all__ = ["Segment", "SegmentKind", "smarten"]

SegmentKind = Literal["text", "code"]
Segment = tuple[str, SegmentKind]

# --- Reserved characters used inside the joined chapter string -------------------------------
# U+FDD0..U+FDEF are noncharacters: Unicode reserves them for exactly this kind of internal use,
# so they cannot clash with a manuscript (a segment that contains one anyway is left untouched).
_MARK: Final = "\ufdd0"  # boundary between two segments of a block
_CODE: Final = "\ufdd1"  # stands for a whole code segment
# A code segment that is only whitespace (the pipeline sends a hard line break <br> as a "\n"
# code segment) is whitespace to its neighbours, not a word: it stands in as a newline.
_BLANK_CODE: Final = "\n"
_URL: Final = "\ufdd2"  # stands for a URL or e-mail address found inside a text segment
# Blocks are separated by PARAGRAPH SEPARATOR: it is whitespace to every rule, so nothing
# (a quote, an ellipsis) is ever read across two paragraphs by accident.
_PARA: Final = "\u2029"
_RESERVED: Final = (_MARK, _CODE, _URL, _PARA)

# Typesetters put a hair space between two adjacent quote marks (“ ‘My motive…’): it is not a
# word space, so the rules deciding a quote look through it like through a segment mark.
_HAIR: Final = "\u200a"
_LEFT_SKIP: Final = _MARK + _HAIR
# On the right a run of straight quotes is skipped as well (`'"` ending a nested quotation).
_RIGHT_SKIP: Final = _MARK + _HAIR + "\"'"

# A "word-like" neighbour: letters, digits, underscore, and the code/URL placeholders: a code
# span or a URL reads as a word to the text around it ("`foo`'s" has an apostrophe).
_W: Final = r"[\w\ufdd1\ufdd2]"
_WORDLIKE: Final = "_" + _CODE + _URL

# --- Output characters -----------------------------------------------------------------------
_APOSTROPHE: Final = "\u2019"  # ’ — the apostrophe is the right single quote in every language
_EM: Final = "\u2014"  # —
_EN: Final = "\u2013"  # –
_ELLIPSIS: Final = "\u2026"  # …
_NBSP: Final = "\u00a0"
_NNBSP: Final = "\u202f"  # narrow no-break space
_PRIME: Final = "\u2032"  # ′
_DOUBLE_PRIME: Final = "\u2033"  # ″
_DASHES: Final = "-\u2010\u2011\u2012\u2013\u2014\u2015"
# Brackets and inverted marks before a quote mean the quote opens: `("Yes")`, `¿"Sí"?`.
_OPENING_PUNCTUATION: Final = "([{¿¡"

# Quote kinds kept on the state stack.
_D: Final = "D"
_S: Final = "S"


@dataclass(frozen=True)
class _Style:
    """The conventions of one language (chosen by the primary subtag of the BCP 47 tag)."""

    open_double: str
    close_double: str
    open_single: str
    close_single: str
    # What `--` (and a hyphen before a closing quote) becomes: the language's main dash.
    dash: str = _EM
    # What a spaced ` - ` between words becomes.
    spaced_dash: str = _EN
    # French puts no-break spaces inside guillemets and before ; ! ? :
    french_spacing: bool = False


# English: “double” with ‘single’ inside. Authors type `--` for an em dash because that is the
# typewriter convention for it, so `--` -> em dash. A *spaced* hyphen (`word - word`) becomes a
# spaced en dash: the author asked for a dash with space around it, and the spaced dash of
# English typography is the en dash (an em dash with spaces leaves gaping holes); we never
# change the author's spacing, only the dash character.
_ENGLISH: Final = _Style("\u201c", "\u201d", "\u2018", "\u2019")

# Only conventions we are sure of. Portuguese (“ ” in Brazil, « » in Portugal — the region
# decides) and Dutch (“ ” / ‘ ’ today) are served correctly by the English fallback.
# German: „…“ with ‚…‘ inside; the Gedankenstrich is an en dash.
_GERMAN: Final = _Style("\u201e", "\u201c", "\u201a", "\u2018", dash=_EN)
_STYLES: Final[dict[str, _Style]] = {
    "en": _ENGLISH,
    "de": _GERMAN,
    "cs": _GERMAN,  # „…“ ‚…‘, pomlčka is an en dash
    "sk": _GERMAN,
    # Imprimerie nationale: « … » with “…” inside; dialogue and incises use the tiret (em).
    "fr": _Style("\u00ab", "\u00bb", "\u201c", "\u201d", french_spacing=True),
    # RAE: «…» first, “…” second level; raya (em dash) for dialogue.
    "es": _Style("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": _Style("\u00ab", "\u00bb", "\u201c", "\u201d"),
    # «…» with „…“ inside; the Russian/Ukrainian dash is an em dash, also when spaced.
    "ru": _Style("\u00ab", "\u00bb", "\u201e", "\u201c", spaced_dash=_EM),
    "uk": _Style("\u00ab", "\u00bb", "\u201e", "\u201c", spaced_dash=_EM),
    # „…” with «…» inside; dialogue with the pauza (em dash).
    "pl": _Style("\u201e", "\u201d", "\u00ab", "\u00bb"),
    # Swedish and Finnish use the same mark to open and close: ”…” and ’…’; tankstreck is –.
    "sv": _Style("\u201d", "\u201d", "\u2019", "\u2019", dash=_EN),
    "fi": _Style("\u201d", "\u201d", "\u2019", "\u2019", dash=_EN),
    # Danish: »…« and ›…‹ pointing inwards; tankestreg is –.
    "da": _Style("\u00bb", "\u00ab", "\u203a", "\u2039", dash=_EN),
    # Norwegian (Språkrådet): «…» with ‘…’ inside; tankestrek is –.
    "nb": _Style("\u00ab", "\u00bb", "\u2018", "\u2019", dash=_EN),
    "nn": _Style("\u00ab", "\u00bb", "\u2018", "\u2019", dash=_EN),
    "no": _Style("\u00ab", "\u00bb", "\u2018", "\u2019", dash=_EN),
}

# --- Classification of a quote's neighbours ---------------------------------------------------
_SPACE, _WORD, _DASH, _OPENING, _PUNCT = range(5)
_OPEN_, _CLOSE_, _TIE = range(3)

# What a straight quote is, given the class of its left (row) and right (column) neighbour.
# This is the "flanking" decision: context first, pairing state only for _TIE.
#            right: SPACE    WORD     DASH     OPENING  PUNCT
_FLANK: Final = (
    (_TIE, _OPEN_, _OPEN_, _OPEN_, _OPEN_),  # left SPACE: ` "Hi` opens; ` " ` is unclear
    (_CLOSE_, _TIE, _CLOSE_, _CLOSE_, _CLOSE_),  # left WORD: `Hi" ` closes; `a"b` is unclear
    # left DASH: `—"Hi` opens (speech after a dash), `and—" ` closes (interrupted speech).
    (_CLOSE_, _OPEN_, _CLOSE_, _OPEN_, _CLOSE_),
    # left OPENING: `("Hi`, `“'Hi` open; `(" ` is unclear (`:'(" she typed` closes).
    (_TIE, _OPEN_, _OPEN_, _OPEN_, _OPEN_),
    (_CLOSE_, _TIE, _CLOSE_, _TIE, _CLOSE_),  # left PUNCT: `." ` closes; `."Hi` is unclear
)

# --- Apostrophes that regular expressions can settle before any pairing -----------------------
# Leading elisions that are never ordinary words, so an initial apostrophe before them is
# always an apostrophe, whatever the case ('Tis, 'twas, 'em...).
_ALWAYS_ELIDED: Final = (
    "tis|twas|twere|twill|twould|twixt|tween|tisn|twasn|em|neath|gainst|cept|pon|spose|scuse"
    "|nother|ave|avin|im|ello|eard|appen"
)
# Elisions that are also ordinary words ('cause/cause, 'round/round, 'er/er...). Lower case,
# they are elisions; capitalised at the start of a quotation they are more often the first
# word of the quotation ('Round and round it went'), so those go through the general rule for
# unknown words instead (apostrophe only if no closing single quote follows).
_LOWER_ELIDED: Final = "til|cause|cos|bout|round|er|e|ere|ow|ome|ad|alf"

_NOT_AFTER_WORD: Final = rf"(?<!{_W}')(?<!{_W}{_MARK}')"
_SURE_APOSTROPHE: Final = re.compile(
    "'(?:"
    # Inside a word: don't, o'clock, rock'n'roll, `code`'s (the mark may sit on a segment edge).
    rf"(?:(?<={_W}')|(?<={_W}{_MARK}'))(?={_MARK}?{_W})"
    # Emoticons :'( ;'-) =') — a tear, not a quotation; it must not open a quote.
    rf"|(?<=[:;=]')(?=-?[()\[\]DPpOo3|/\\*](?!{_W}))"
    # 'n' as in rock 'n' roll: both marks are apostrophes.
    rf"|{_NOT_AFTER_WORD}(?={_MARK}?[nN]'(?!{_MARK}?{_W}))"
    rf"|(?<=[^\w\ufdd1\ufdd2\ufdd0]'[nN]')(?!{_MARK}?{_W})"
    rf"|(?<=[^\w\ufdd1\ufdd2]{_MARK}'[nN]')(?!{_MARK}?{_W})"
    # Known leading elisions, unless the word is itself quoted ('em' as a one-word quotation).
    rf"|{_NOT_AFTER_WORD}(?={_MARK}?(?:(?i:{_ALWAYS_ELIDED})|{_LOWER_ELIDED})(?!{_W})"
    rf"(?!{_MARK}?'(?!{_MARK}?{_W})))"
    # Abbreviated years: '90s, '05 — but not '1984' (a quoted number).
    rf"|{_NOT_AFTER_WORD}(?={_MARK}?\d\d(?:s(?!{_W})|(?![\w'\ufdd1\ufdd2])))"
    ")"
)
# Feet and inches (5'10") must not be taken for quotes: an unpaired `"` would flip the pairing
# of the rest of the paragraph. They become primes, which is what they are.
_FEET_INCHES: Final = re.compile(r"'(?<=\d')(\d{1,2}(?:\.\d+)?)\"(?!\w)")

# --- URLs and e-mail addresses inside text ----------------------------------------------------
_URL_CHARS: Final = '^\\s<>"“”‘’«»\ufdd0-\ufdd2'
# A URL never ends with sentence punctuation: `see http://x.org/a.` ends before the dot.
# (Bounded, so that a pathological run of `://` without spaces stays linear.)
_URL_TAIL: Final = re.compile(rf"[{_URL_CHARS}]{{0,2000}}[{_URL_CHARS}.,;:!?)\]'…]")
_SCHEME_BEFORE: Final = re.compile(r"(?<![\w.+-])[A-Za-z][A-Za-z0-9+.-]*$")
# The local part may hold an apostrophe (o'hara@example.com), but cannot start with one.
_EMAIL_LEFT: Final = re.compile(r"[\w.+-][\w.+'-]*$")
_EMAIL_RIGHT: Final = re.compile(r"[\w-]+(?:\.[\w-]+)+")

# --- Ellipses ---------------------------------------------------------------------------------
_DOTS: Final = re.compile(r"\.(?:\.{2,}|(?:[ \u00a0]\.){2,})")


def _ellipsis(match: re.Match[str]) -> str:
    """Three dots are an ellipsis; four are a full stop followed by an ellipsis (the sentence
    ended before the omission, Chicago 13.53), so the meaning the author typed is kept; five or
    more carry no extra meaning and become a single ellipsis."""
    return "." + _ELLIPSIS if match.group().count(".") == 4 else _ELLIPSIS


# --- Per-language compiled rules --------------------------------------------------------------


@dataclass
class _Rules:
    """A style plus everything compiled for it (built once per language, then cached)."""

    style: _Style
    openers_double: str  # marks that may open a double quotation, straight one included
    openers_single: str
    opening: str  # characters that make a following quote an opening one
    events: re.Pattern[str]  # every quote mark the pairing pass must look at
    singles: re.Pattern[str]  # single quote marks, for looking ahead within a block
    curly: dict[str, tuple[str, str]]  # existing curly mark -> (kind, role)
    close_quotes: str  # closing marks a dash may stand before (interrupted speech)
    open_quotes: str  # opening marks a dash may stand after
    hyphens: re.Pattern[str]
    en_dashes: re.Pattern[str] | None
    memo: dict[str, int] = field(default_factory=dict)

    def cls(self, ch: str) -> int:
        """Class of a neighbouring character (memoised: a book has few distinct characters)."""
        found = self.memo.get(ch)
        if found is None:
            found = self.memo[ch] = _classify(ch, self.opening)
        return found


def _classify(ch: str, opening: str) -> int:
    if ch.isspace():
        return _SPACE
    if ch.isalnum() or ch in _WORDLIKE:
        return _WORD
    if ch in _DASHES:
        return _DASH
    if ch in opening:
        return _OPENING
    return _PUNCT


def _curly_roles(style: _Style) -> dict[str, tuple[str, str]]:
    """How existing curly marks of this language move the pairing state: they are never
    rewritten, but a text the author half-curled must still pair correctly."""
    roles: dict[str, tuple[str, str]] = {}
    for kind, opener, closer in (
        (_D, style.open_double, style.close_double),
        (_S, style.open_single, style.close_single),
    ):
        if opener == closer:
            roles[opener] = (kind, "both")
        else:
            roles[opener] = (kind, "open")
            roles[closer] = (kind, "close")
    if roles.get(_APOSTROPHE, ("", ""))[1] == "close":
        # ’ is also the apostrophe: it may close a single quotation, never open one.
        roles[_APOSTROPHE] = (_S, "apostrophe")
    return roles


def _mark_pattern(marks: str) -> str:
    """Alternation matching the given marks, skipping ’ inside words (an apostrophe). Every
    branch starts with a literal so the regex engine can jump between candidates quickly."""
    branches = []
    for ch in dict.fromkeys(marks):
        if ch == _APOSTROPHE:
            branches.append(rf"{ch}(?!{_MARK}?{_W})")
        else:
            branches.append(re.escape(ch))
    return "|".join(branches)


@lru_cache(maxsize=32)
def _rules_for(primary: str) -> _Rules:
    style = _STYLES.get(primary, _ENGLISH)
    marks = style.open_double + style.close_double + style.open_single + style.close_single
    close_quotes = style.close_double + style.close_single
    # French guillemets get their own spacing rule, so a dash after « is left alone.
    open_quotes = (
        style.open_single if style.french_spacing else style.open_double + style.open_single
    )
    cq, oq = re.escape(close_quotes), re.escape(open_quotes)
    at_quote = rf"(?={_MARK}?[\u00a0\u202f]?{_MARK}?[{cq}])|(?<=[{oq}]-)|(?<=[{oq}]{_MARK}-)"
    # Only hyphens worth a look: runs of two or more, a spaced one, one at a quote. (Each
    # pattern starts with a literal, which lets the regex engine skip ahead at C speed.)
    hyphens = re.compile(rf"-(?:-+|(?<= -)(?= )|{at_quote})")
    # In em-dash languages an en dash typed at a quote is an interruption too.
    en_dashes = re.compile(_EN + "(?:" + at_quote.replace("-)", _EN + ")") + ")")
    return _Rules(
        style=style,
        openers_double=style.open_double + '"',
        openers_single=style.open_single + "'",
        opening=_OPENING_PUNCTUATION + style.open_double + style.open_single,
        events=re.compile("\"|'|" + _mark_pattern(marks)),
        singles=re.compile(
            "'|" + _PARA + "|" + _mark_pattern(style.open_single + style.close_single)
        ),
        curly=_curly_roles(style),
        close_quotes=close_quotes,
        open_quotes=open_quotes,
        hyphens=hyphens,
        en_dashes=en_dashes if style.dash == _EM else None,
    )


# --- Joining and splitting ------------------------------------------------------------------


@dataclass
class _Joined:
    text: str
    pieces: int  # how many _MARK-separated pieces we put in
    codes: int  # how many _CODE placeholders we put in
    irregular: set[int]  # blocks with code or empty segments (not one piece per segment)


_BETWEEN_BLOCKS: Final = _MARK + _PARA + _MARK


def _join(blocks: Sequence[Sequence[Segment]]) -> _Joined:
    """The chapter as one string: segments separated by _MARK, blocks by _PARA (which is also
    the first and last character, so every quote has a neighbour on both sides), so that the
    blocks are cut apart again by _BETWEEN_BLOCKS. Empty text segments are left out: they
    cannot change, and leaving them out means at most one _MARK separates two characters of
    a block, which keeps the context rules simple."""
    pieces: list[str] = [_PARA]
    append = pieces.append
    codes = 0
    irregular: set[int] = set()
    for index, block in enumerate(blocks):
        if len(block) == 1:  # the common case, kept short: one non-empty text segment
            text, kind = block[0]
            if kind == "text" and text:
                append(text)
                append(_PARA)
                continue
        before = len(pieces)
        for text, kind in block:
            if kind != "text":
                blank = bool(text) and text.isspace()
                append(_BLANK_CODE if blank else _CODE)
                codes += not blank
                irregular.add(index)
            elif text:
                append(text)
            else:
                irregular.add(index)
        if len(pieces) == before:
            append("")  # a block with nothing in it still takes its place between _PARAs
            irregular.add(index)
        append(_PARA)
    return _Joined(_MARK.join(pieces), len(pieces), codes, irregular)


def _is_clean(joined: _Joined, blocks: Sequence[Sequence[Segment]]) -> bool:
    """False if some segment itself contains one of our reserved characters."""
    text = joined.text
    return (
        text.count(_MARK) == joined.pieces - 1
        and text.count(_CODE) == joined.codes
        and text.count(_PARA) == len(blocks) + 1
        and _URL not in text
    )


def _split(text: str, blocks: Sequence[Sequence[Segment]], irregular: set[int]) -> list[list[str]]:
    """The new text of every segment: cut the blocks apart, then each block of several
    segments into its pieces; the few irregular blocks are unpacked segment by segment."""
    if not blocks:
        return []
    chunks = text[2:-2].split(_BETWEEN_BLOCKS)
    if len(chunks) != len(blocks):
        raise RuntimeError("typography: a block separator was lost")  # a bug in a rule
    out = list(map(str.split, chunks, repeat(_MARK)))
    for index in irregular:
        out[index] = _unpack(chunks[index], blocks[index])
    return out


def _unpack(chunk: str, block: Sequence[Segment]) -> list[str]:
    pieces = iter(chunk.split(_MARK))
    row: list[str] = []
    for original, kind in block:
        if kind != "text":
            next(pieces)  # the placeholder: code comes back as it was
            row.append(original)
        else:
            row.append(next(pieces) if original else "")  # an empty text had no piece
    return row


def _has_reserved(text: str) -> bool:
    return any(ch in text for ch in _RESERVED)


# --- URLs -----------------------------------------------------------------------------------


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


def _protect_urls(text: str) -> tuple[str, list[str]]:
    """Replace every URL / e-mail address by one _URL placeholder (a word-like character), so
    no rule can touch `http://x.org/a--b...c` or `www.example.com/it's`."""
    if "://" not in text and "www." not in text and "@" not in text:
        return text, []
    spans = _url_spans(text)
    parts: list[str] = []
    last = 0
    for start, end in spans:
        parts += (text[last:start], _URL)
        last = end
    parts.append(text[last:])
    return "".join(parts), [text[start:end] for start, end in spans]


def _restore_urls(out: list[list[str]], urls: list[str]) -> None:
    """Put the URLs back, in order (segments and URLs are both in reading order)."""
    found = iter(urls)
    for row in out:
        for i, piece in enumerate(row):
            if _URL in piece:
                row[i] = re.sub(_URL, lambda _: next(found), piece)


# --- Quotes ---------------------------------------------------------------------------------


def _open(stack: list[str], kind: str) -> None:
    """Open a quotation; re-opening one already open (a continued or mistyped quotation)
    abandons whatever was opened inside it."""
    if kind in stack:
        del stack[stack.index(kind) + 1 :]
    else:
        stack.append(kind)


def _close(stack: list[str], kind: str) -> None:
    """Close a quotation and, with it, any quotation left open inside it."""
    if kind in stack:
        del stack[stack.index(kind) :]


def _visible(text: str, i: int) -> int:
    """Index of the first character at or after i that is neither whitespace nor a mark
    (stops at the next _PARA)."""
    while text[i] == _MARK or (text[i] != _PARA and text[i].isspace()):
        i += 1
    return i


def _flank(text: str, p: int, rules: _Rules) -> tuple[int, int]:
    """(flank, left class) of the quote at p, for looking ahead: straight quotes around it are
    not decided yet and count as punctuation. (_curl inlines the same steps, knowing what the
    quote on its left became.)"""
    i = p - 1
    while text[i] in _LEFT_SKIP:
        i -= 1
    left = _PUNCT if text[i] in "\"'" else rules.cls(text[i])
    j = p + 1
    while text[j] in _RIGHT_SKIP:
        j += 1
    return _FLANK[left][rules.cls(text[j])], left


def _opening_kinds(text: str, start: int, rules: _Rules) -> set[str]:
    """Kinds of quotation (_D, _S) whose opening mark begins the block starting at start:
    `"'Tis` begins with both, `He said` with none."""
    kinds = set()
    i = _visible(text, start)
    while True:
        ch = text[i]
        if ch in rules.openers_double:
            kinds.add(_D)
        elif ch in rules.openers_single:
            kinds.add(_S)
        elif ch not in _LEFT_SKIP:
            return kinds
        i += 1


def _carry(text: str, start: int, stack: list[str], rules: _Rules) -> list[str]:
    """State at the start of a block. A quotation runs on into this paragraph only if the
    paragraph opens with a quote mark of that kind again (the paragraph before ended without
    closing it); otherwise the missing closing mark was a slip and the state is reset."""
    kinds = _opening_kinds(text, start, rules)
    return [kind for kind in stack if kind in kinds]


def _next_single(text: str, p: int, rules: _Rules) -> Iterator[tuple[int, int]]:
    """(flank, left class) of each single quote mark after p in the same block, lazily. (The
    pattern also finds the _PARA ending the block, so a look ahead costs only as far as it
    goes, even in a huge block.)"""
    for match in rules.singles.finditer(text, p + 1):
        if match.group() == _PARA:
            return
        yield _flank(text, match.start(), rules)


class _Ahead:
    """Where the current block ends and where its last closing single quote is: computed once
    per block, when first asked, so that a paragraph full of 'Frisco-like apostrophes costs
    one scan, not one scan per apostrophe. (Flanks seen ahead do not depend on decisions, so
    the answer stays valid; questions come in reading order.)"""

    def __init__(self, text: str, rules: _Rules) -> None:
        self.text, self.rules = text, rules
        self.end = -1  # the _PARA ending the block scanned last
        self.last_closer = -1

    def closer_after(self, p: int) -> bool:
        if p >= self.end:
            self.last_closer = -1
            for match in self.rules.singles.finditer(self.text, p + 1):
                if match.group() == _PARA:
                    self.end = match.start()
                    break
                if _flank(self.text, match.start(), self.rules)[0] == _CLOSE_:
                    self.last_closer = match.start()
        return self.last_closer > p


def _is_leading_apostrophe(text: str, p: int, rules: _Rules, ahead: _Ahead) -> bool:
    """'Frisco: a straight ' before an unknown word is an apostrophe when nothing in the rest
    of the paragraph could close it and the next paragraph does not continue a quotation
    (a quotation running over paragraphs leaves its first paragraphs unclosed, but then the
    next paragraph opens with a quote mark again)."""
    if ahead.closer_after(p):
        return False
    return ahead.end == len(text) - 1 or _S not in _opening_kinds(text, ahead.end + 1, rules)


def _is_trailing_apostrophe(text: str, p: int, rules: _Rules) -> bool:
    """The Bennets' house inside a single quotation: a ' after a letter is an apostrophe, not
    the closing quote, when the next single quote mark in the paragraph surely closes: it
    follows punctuation, as the closing quote of speech does (`'I love the Bennets' house,'
    she said`). A next mark after a letter proves nothing (`'Ja' und Hans' Auto`), so then
    the quotation closes here."""
    following = next(_next_single(text, p, rules), None)
    return following == (_CLOSE_, _PUNCT)


def _curl(text: str, rules: _Rules) -> str:
    """Decide every straight quote, in reading order (the state depends on what came before).

    This runs once per quote mark of a whole novel, so the hot path for `"` is inlined."""
    open_double, close_double = rules.style.open_double, rules.style.close_double
    memo, classify = rules.memo, rules.cls
    stack: list[str] = []  # open quotations, outermost first: [_D], [_D, _S], [_S, _D]...
    previous = 0  # position of the previous quote mark
    last_pos, last_cls = -1, _PUNCT  # position and neighbour class of the last decided one
    ahead = _Ahead(text, rules)

    def decide(match: re.Match[str]) -> str:
        nonlocal previous, last_pos, last_cls
        p = match.start()
        if stack:
            # Crossing into a new block: decide what carries over.
            block_start = text.rfind(_PARA, previous, p)
            if block_start != -1:
                stack[:] = _carry(text, block_start + 1, stack, rules)
        previous = p
        # Neighbours, looking through segment marks; a straight quote just before this one
        # counts as what it was decided to be (`"'Tis`: the ' follows an opening quote).
        i = p - 1
        ch = text[i]
        while ch in _LEFT_SKIP:
            i -= 1
            ch = text[i]
        if ch == '"' or ch == "'":
            left = last_cls if i == last_pos else _PUNCT
        else:
            found = memo.get(ch)
            left = classify(ch) if found is None else found
        j = p + 1
        ch = text[j]
        while ch in _RIGHT_SKIP:
            j += 1
            ch = text[j]
        found = memo.get(ch)
        right = classify(ch) if found is None else found
        flank = _FLANK[left][right]
        mark = text[p]
        if mark == '"':
            last_pos = p
            if flank == _TIE:
                flank = _CLOSE_ if _D in stack else _OPEN_
            if flank == _OPEN_:
                if stack:
                    _open(stack, _D)
                else:
                    stack.append(_D)
                last_cls = _OPENING
                return open_double
            if stack:
                _close(stack, _D)
            last_cls = _PUNCT
            return close_double
        if mark == "'":
            mark, last_cls = _decide_single(text, p, rules, stack, ahead, (flank, left, right))
            last_pos = p
            return mark
        _track_curly(mark, flank, rules, stack)
        return mark

    return rules.events.sub(decide, text)


def _decide_single(
    text: str,
    p: int,
    rules: _Rules,
    stack: list[str],
    ahead: _Ahead,
    context: tuple[int, int, int],
) -> tuple[str, int]:
    """Output mark and neighbour class of a straight single quote; context is its flank and
    the classes of its left and right neighbours."""
    style = rules.style
    flank, left, right = context
    if flank == _TIE:
        flank = _CLOSE_ if _S in stack else _OPEN_
    if flank == _OPEN_:
        if right == _WORD and _is_leading_apostrophe(text, p, rules, ahead):
            return _APOSTROPHE, _PUNCT
        _open(stack, _S)
        return style.open_single, _OPENING
    # Right-flanking: a closing quote only if a single quotation is open; otherwise it ends a
    # word (the Bennets' house, goin' home): an apostrophe.
    if _S not in stack or (left == _WORD and _is_trailing_apostrophe(text, p, rules)):
        return _APOSTROPHE, _PUNCT
    _close(stack, _S)
    return style.close_single, _PUNCT


def _track_curly(mark: str, flank: int, rules: _Rules, stack: list[str]) -> None:
    """Existing curly marks are kept, but they open and close quotations like any other."""
    kind, role = rules.curly[mark]
    if role == "open":
        _open(stack, kind)
    elif role == "close":
        _close(stack, kind)
    elif role == "apostrophe":
        # ’ closes only where a closing quote is certain: anywhere else (:’( or a lone ’) it is
        # an apostrophe and must not end the quotation it stands in.
        if flank == _CLOSE_:
            _close(stack, kind)
    else:
        # The same mark opens and closes (Swedish ”): decide by context, then by state.
        if flank == _TIE:
            flank = _CLOSE_ if kind in stack else _OPEN_
        if flank == _CLOSE_:
            _close(stack, kind)
        else:
            _open(stack, kind)


# --- Dashes ---------------------------------------------------------------------------------


def _dash_replacer(rules: _Rules) -> Callable[[re.Match[str]], str]:
    style = rules.style

    def replace(match: re.Match[str]) -> str:
        text = match.string
        start, end = match.span()
        run = match.group()
        before = text[start - 1]
        if before == _MARK:
            before = text[start - 2]
        after = text[end + 1] if text[end] == _MARK else text[end]
        # Interrupted speech (`and-"`, `and--"`) and speech opening on a dash (`"-and`): a
        # hyphen there is a typed stand-in for the language's dash.
        at_quote = _before_closing_quote(text, end, rules) or (
            before in rules.open_quotes and after.isalpha()
        )
        if run == _EN:
            return _EM if at_quote else run  # an en dash at a quote in an em-dash language
        if len(run) <= 2 and at_quote:
            return style.dash
        if len(run) == 3:
            return _EM  # `---` is unambiguous: the author asked for an em dash
        if len(run) > 3:
            # A longer run is a drawn line or a blank to fill in (Mr. ----), which no single
            # dash renders faithfully: leave it as typed.
            return run
        if len(run) == 2:
            # Between digits `--` is a range (1990--1995 -> 1990–1995), the en dash's job; a
            # single hyphen between digits stays (phone numbers, ISBNs, dates).
            return _EN if before.isdigit() and after.isdigit() else style.dash
        return _spaced_hyphen(text, start, style)

    return replace


def _before_closing_quote(text: str, end: int, rules: _Rules) -> bool:
    i = end
    if text[i] == _MARK:
        i += 1
    if text[i] in "\u00a0\u202f":
        i += 1
        if text[i] == _MARK:
            i += 1
    if text[i] not in rules.close_quotes:
        return False
    # ’ followed by a letter is an apostrophe (mid-'90s), not a closing quote.
    following = text[i + 2] if text[i + 1] == _MARK else text[i + 1]
    return not (following.isalnum() or following in _WORDLIKE)


def _spaced_hyphen(text: str, start: int, style: _Style) -> str:
    """` - ` between words is a dash. Between two numbers it may be a minus (5 - 3), and next
    to more spaces or at a paragraph edge it is layout, so it stays."""
    if text[start - 1] != " " or text[start + 1] != " ":
        return "-"
    left, right = text[start - 2], text[start + 2]
    if left.isspace() or right.isspace() or _MARK in (left, right):
        return "-"
    if left.isdigit() and right.isdigit():
        return "-"
    return style.spaced_dash


# --- French spacing -------------------------------------------------------------------------
# French sets a no-break space inside « » and before : — U+00A0, a full word space, as the
# Imprimerie nationale prescribes (and a character every e-reader font has) — and a narrow
# no-break space (U+202F, the "espace fine insécable") before ; ! ?. Whatever spaces the author
# typed there (none, a space, a no-break space, a thin space; possibly on the other side of a
# segment edge) are replaced, so nothing is ever doubled and a second run changes nothing.
#
# Speed: each rule is a pattern with a LITERAL replacement, which re.sub applies in C (a
# replacement with a group reference or a function calls back into Python for every match).
# So each rule comes twice, without and with a segment mark among the spaces. Marks that need
# a space BEFORE them are handled on the reversed text: there the spaces come after the mark,
# so the pattern starts with the mark itself (a pattern starting with optional spaces is tried
# at every position), and its lookarounds read the original text's neighbours: the lookahead
# after the spaces sees the character before them, a lookbehind the character after the mark.
_SP: Final = "[ \\t\\u00a0\\u202f\\u2009]*+"  # possessive: spaces are never given back


def _with_and_without_mark(head: str, tail: str, out: str) -> list[tuple[re.Pattern[str], str]]:
    """The rule HEAD + spaces + TAIL -> OUT, and its variant keeping a segment mark found among
    the spaces after OUT (for the reversed rules, OUT and the mark are in reversed order too:
    `»` + space reads space + `»` once the text is turned back)."""
    return [
        (re.compile(f"{head}{_SP}(?!{_MARK}){tail}"), out),
        (re.compile(f"{head}{_SP}{_MARK}{_SP}{tail}"), out + _MARK),
    ]


def _french_rules() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    # A space goes in only after a word or closing punctuation: not at a line start, and not
    # between two marks (`?!` gets one space, before the ?).
    after_text = rf"(?=[^\s;:!?«(\[{_MARK}])"
    forward = _with_and_without_mark("«", "", "«" + _NBSP)
    reverse = _with_and_without_mark("»", rf"(?=[^\s«{_MARK}])", "»" + _NBSP)
    for stop in ";!?":
        # Not before a word character: a;b and ?q= are not sentence punctuation.
        head = rf"{re.escape(stop)}(?<!{_W}{re.escape(stop)})(?<!{_W}{_MARK}{re.escape(stop)})"
        reverse += _with_and_without_mark(head, after_text, stop + _NNBSP)
    # A colon only before a space: 10:30 and :-) are not colons of running text.
    colon = rf":(?:(?<=\s:)|(?<=\s{_MARK}:))"
    reverse += _with_and_without_mark(colon, after_text, ":" + _NBSP)
    return forward, reverse


_FRENCH_FORWARD, _FRENCH_REVERSE = _french_rules()


def _french_spacing(text: str) -> str:
    for pattern, replacement in _FRENCH_FORWARD:
        text = pattern.sub(replacement, text)
    reverse = text[::-1]
    for pattern, replacement in _FRENCH_REVERSE:
        reverse = pattern.sub(replacement, reverse)
    return reverse[::-1]


# --- The pipeline ---------------------------------------------------------------------------


def _smarten_text(text: str, rules: _Rules) -> str:
    """All rules over the joined chapter, in an order where each sees what it needs: quotes
    first (dashes and French spacing depend on which marks open and close)."""
    if "'" in text:
        text = _FEET_INCHES.sub(_PRIME + r"\1" + _DOUBLE_PRIME, text)
        text = _SURE_APOSTROPHE.sub(_APOSTROPHE, text)
    if '"' in text or "'" in text:
        text = _curl(text, rules)
    if "-" in text:
        text = rules.hyphens.sub(_dash_replacer(rules), text)
    if rules.en_dashes and _EN in text:
        text = rules.en_dashes.sub(_dash_replacer(rules), text)
    if ".." in text or ". ." in text or ".\u00a0." in text:
        text = _DOTS.sub(_ellipsis, text)
    if rules.style.french_spacing:
        text = _french_spacing(text)
    return text


def smarten(blocks: Sequence[Sequence[Segment]], language: str) -> list[list[str]]:
    """Return, for each block and each segment, the segment's new text.

    A block is one paragraph (or heading, list item, table cell...) given as its text
    segments in reading order; inline markup between segments is invisible here
    (e.g. `"*You* want"` arrives as [('"', 'text'), ('You', 'text'), (' want', 'text')]).
    "code" segments (code spans, URLs) are returned unchanged but still count as
    context (a non-space, word-like character) for neighbouring text.
    Blocks are consecutive blocks of one chapter in order: quote state carries
    from one block to the next (for quotations running over several paragraphs).

    ``language`` is a BCP 47 tag; its primary subtag chooses the quote marks, dashes and
    spacing (``de-AT`` -> German). Languages without an entry get the English rules. A code
    segment that is only whitespace (a hard line break) counts as a space, not a word.
    """
    rules = _rules_for(language.replace("_", "-").split("-", 1)[0].lower())
    joined = _join(blocks)
    if not _is_clean(joined, blocks):
        # A segment holds one of our reserved characters: leave such segments untouched.
        blocks = [
            [(t, "code" if k == "text" and _has_reserved(t) else k) for t, k in block]
            for block in blocks
        ]
        joined = _join(blocks)
    text, urls = _protect_urls(joined.text)
    out = _split(_smarten_text(text, rules), blocks, joined.irregular)
    if urls:
        _restore_urls(out, urls)
    return out
