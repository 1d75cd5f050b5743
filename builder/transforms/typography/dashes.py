"""Dashes: `--` and `---`, spaced hyphens, and hyphens at a quote, in the language's dash.

Why: authors type `--` for a dash because that is the typewriter convention for it, and a
hyphen where speech breaks off (`and-"`); the language decides which dash that is (em in
English, en in German). A hyphen that may be a minus, a range or a drawn line is left as
typed: the rules only change a hyphen whose meaning is certain, never the author's spacing.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from builder.transforms.typography.characters import EM, EN, MARK, WORDLIKE
from builder.transforms.typography.languages import Style
from builder.transforms.typography.rules import Rules


def _dash_replacer(rules: Rules) -> Callable[[re.Match[str]], str]:
    style = rules.style

    def replace(match: re.Match[str]) -> str:
        text = match.string
        start, end = match.span()
        run = match.group()
        before = text[start - 1]
        if before == MARK:
            before = text[start - 2]
        after = text[end + 1] if text[end] == MARK else text[end]
        # Interrupted speech (`and-"`, `and--"`) and speech opening on a dash (`"-and`): a
        # hyphen there is a typed stand-in for the language's dash.
        at_quote = _before_closing_quote(text, end, rules) or (
            before in rules.open_quotes and after.isalpha()
        )
        if run == EN:
            return EM if at_quote else run  # an en dash at a quote in an em-dash language
        if len(run) <= 2 and at_quote:
            return style.dash
        if len(run) == 3:
            return EM  # `---` is unambiguous: the author asked for an em dash
        if len(run) > 3:
            # A longer run is a drawn line or a blank to fill in (Mr. ----), which no single
            # dash renders faithfully: leave it as typed.
            return run
        if len(run) == 2:
            # Between digits `--` is a range (1990--1995 -> 1990–1995), the en dash's job; a
            # single hyphen between digits stays (phone numbers, ISBNs, dates).
            return EN if before.isdigit() and after.isdigit() else style.dash
        return _spaced_hyphen(text, start, style)

    return replace


def _before_closing_quote(text: str, end: int, rules: Rules) -> bool:
    i = end
    if text[i] == MARK:
        i += 1
    if text[i] in "\u00a0\u202f":
        i += 1
        if text[i] == MARK:
            i += 1
    if text[i] not in rules.close_quotes:
        return False
    # ’ followed by a letter is an apostrophe (mid-'90s), not a closing quote.
    following = text[i + 2] if text[i + 1] == MARK else text[i + 1]
    return not (following.isalnum() or following in WORDLIKE)


def _spaced_hyphen(text: str, start: int, style: Style) -> str:
    """` - ` between words is a dash. Between two numbers it may be a minus (5 - 3), and next
    to more spaces or at a paragraph edge it is layout, so it stays."""
    if text[start - 1] != " " or text[start + 1] != " ":
        return "-"
    left, right = text[start - 2], text[start + 2]
    if left.isspace() or right.isspace() or MARK in (left, right):
        return "-"
    if left.isdigit() and right.isdigit():
        return "-"
    return style.spaced_dash


def dashes(text: str, rules: Rules) -> str:
    """Hyphens worth a look, then (in em-dash languages) en dashes typed at a quote."""
    if "-" in text:
        text = rules.hyphens.sub(_dash_replacer(rules), text)
    if rules.en_dashes and EN in text:
        text = rules.en_dashes.sub(_dash_replacer(rules), text)
    return text
