"""Typographic "smartening": every rule of this package, in order, over a whole chapter.

The rules live one per module (primes, apostrophes, quotes, dashes, ellipses,
french_spacing, with urls protecting links from all of them); nodes.py applies them to
the book's text nodes. The one public function here is :func:`smarten`. It receives a
chapter as blocks (paragraphs, headings, list items...) of segments and returns the new
text of every segment.

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

from collections.abc import Sequence

from builder.transforms.typography.apostrophes import sure_apostrophes
from builder.transforms.typography.dashes import dashes
from builder.transforms.typography.ellipses import ellipses
from builder.transforms.typography.french_spacing import french_spacing
from builder.transforms.typography.languages import primary_subtag
from builder.transforms.typography.primes import primes
from builder.transforms.typography.quotes import curl
from builder.transforms.typography.rules import Rules, rules_for
from builder.transforms.typography.segments import (
    Segment,
    has_reserved,
    is_clean,
    join_blocks,
    split_blocks,
)
from builder.transforms.typography.urls import protect_urls, restore_urls

__all__ = ["smarten"]


def _smarten_text(text: str, rules: Rules) -> str:
    """All rules over the joined chapter, in an order where each sees what it needs: quotes
    first (dashes and French spacing depend on which marks open and close)."""
    if "'" in text:
        text = primes(text)
        text = sure_apostrophes(text)
    if '"' in text or "'" in text:
        text = curl(text, rules)
    text = dashes(text, rules)
    if ".." in text or ". ." in text or ".\u00a0." in text:
        text = ellipses(text)
    if rules.style.french_spacing:
        text = french_spacing(text)
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
    rules = rules_for(primary_subtag(language))
    joined = join_blocks(blocks)
    if not is_clean(joined, blocks):
        # A segment holds one of our reserved characters: leave such segments untouched.
        blocks = [
            [(t, "code" if k == "text" and has_reserved(t) else k) for t, k in block]
            for block in blocks
        ]
        joined = join_blocks(blocks)
    text, urls = protect_urls(joined.text)
    out = split_blocks(_smarten_text(text, rules), blocks, joined.irregular)
    if urls:
        restore_urls(out, urls)
    return out
