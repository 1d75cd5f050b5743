"""Feet and inches: 5'10" becomes 5′10″, with primes.

Why first, before any quote is decided: an unpaired `"` taken for a quote would flip the
pairing of the rest of the paragraph. Primes are what these marks are.
"""

from __future__ import annotations

import re
from typing import Final

from builder.transforms.typography.characters import DOUBLE_PRIME, PRIME

_FEET_INCHES: Final = re.compile(r"'(?<=\d')(\d{1,2}(?:\.\d+)?)\"(?!\w)")


def primes(text: str) -> str:
    return _FEET_INCHES.sub(PRIME + r"\1" + DOUBLE_PRIME, text)
