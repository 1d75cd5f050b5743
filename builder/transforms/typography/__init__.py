"""Typography: curly quotes, apostrophes, dashes, ellipses and French spacing, one rule a module.

engine.py runs the rules, in order, over a chapter joined into one string; nodes.py
applies them to the book's text nodes, never to code or URLs. The rules: primes.py
(5'10"), apostrophes.py, quotes.py, dashes.py, ellipses.py, french_spacing.py, with
urls.py keeping links out of all of them; languages.py holds each language's conventions.
"""

from __future__ import annotations

from builder.transforms.typography.engine import smarten
from builder.transforms.typography.languages import STYLES, Style, style_for
from builder.transforms.typography.nodes import apply, smarten_nodes
from builder.transforms.typography.segments import Segment, SegmentKind

__all__ = [
    "STYLES",
    "Segment",
    "SegmentKind",
    "Style",
    "apply",
    "smarten",
    "smarten_nodes",
    "style_for",
]
