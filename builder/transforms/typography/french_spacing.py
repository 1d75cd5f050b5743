"""French spacing: no-break spaces inside « » and before ; : ! ?.

Why: French typography sets these spaces, and a plain space there lets a line break leave
a guillemet or a question mark alone at the start of a line.
"""

from __future__ import annotations

import re
from typing import Final

from builder.transforms.typography.characters import MARK, NBSP, NNBSP, W

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
        (re.compile(f"{head}{_SP}(?!{MARK}){tail}"), out),
        (re.compile(f"{head}{_SP}{MARK}{_SP}{tail}"), out + MARK),
    ]


def _french_rules() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    # A space goes in only after a word or closing punctuation: not at a line start, and not
    # between two marks (`?!` gets one space, before the ?).
    after_text = rf"(?=[^\s;:!?«(\[{MARK}])"
    forward = _with_and_without_mark("«", "", "«" + NBSP)
    reverse = _with_and_without_mark("»", rf"(?=[^\s«{MARK}])", "»" + NBSP)
    for stop in ";!?":
        # Not before a word character: a;b and ?q= are not sentence punctuation.
        head = rf"{re.escape(stop)}(?<!{W}{re.escape(stop)})(?<!{W}{MARK}{re.escape(stop)})"
        reverse += _with_and_without_mark(head, after_text, stop + NNBSP)
    # A colon only before a space: 10:30 and :-) are not colons of running text.
    colon = rf":(?:(?<=\s:)|(?<=\s{MARK}:))"
    reverse += _with_and_without_mark(colon, after_text, ":" + NBSP)
    return forward, reverse


_FRENCH_FORWARD, _FRENCH_REVERSE = _french_rules()


def french_spacing(text: str) -> str:
    for pattern, replacement in _FRENCH_FORWARD:
        text = pattern.sub(replacement, text)
    reverse = text[::-1]
    for pattern, replacement in _FRENCH_REVERSE:
        reverse = pattern.sub(replacement, reverse)
    return reverse[::-1]
