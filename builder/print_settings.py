"""The `print:` settings of book.yaml: trim size, bleed, target and chapter openings.

Defaults make a good 6 × 9 in trade paperback with none of them set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from yaml.nodes import MappingNode, Node, ScalarNode

from builder.errors import BookError
from builder.yamlsafe import location, mapping_items

MM_PER_IN = 25.4

# Trim sizes print-on-demand services offer most, in inches (width, height).
TRIMS: dict[str, tuple[float, float]] = {
    "5x8": (5.0, 8.0),
    "5.25x8": (5.25, 8.0),
    "5.5x8.5": (5.5, 8.5),
    "6x9": (6.0, 9.0),
    "a5": (148 / MM_PER_IN, 210 / MM_PER_IN),
    "129x198mm": (129 / MM_PER_IN, 198 / MM_PER_IN),
}
BLEED_IN = 0.125

Target = Literal["print", "digital"]
Opening = Literal["small-caps", "drop-cap", "none"]
Variant = Literal["pdf/a-3b", "pdf/x-4", "none"]
Edition = Literal["standard", "large-print"]


@dataclass(frozen=True)
class PrintSettings:
    width_in: float = 6.0
    height_in: float = 9.0
    bleed: bool = False
    crop_marks: bool = False
    target: Target = "print"
    # None: the theme's opening (render/themes.py; small caps for the default theme).
    opening: Opening | None = None
    variant: Variant = "none"
    edition: Edition = "standard"


_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(in|mm)$")
_CHOICES: dict[str, tuple[str, ...]] = {
    "target": ("print", "digital"),
    "opening": ("small-caps", "drop-cap", "none"),
    "variant": ("pdf/a-3b", "pdf/x-4", "none"),
    "edition": ("standard", "large-print"),
}


def trim_size(text: str) -> tuple[float, float] | None:
    """Inches for a preset name ('6x9', 'a5') or a custom size ('150x230mm', '6.14x9.21in')."""
    key = text.strip().lower().replace(" ", "")
    if key in TRIMS:
        return TRIMS[key]
    match = _CUSTOM.match(key)
    if not match:
        return None
    factor = 1.0 if match[3] == "in" else 1 / MM_PER_IN
    width, height = float(match[1]) * factor, float(match[2]) * factor
    if not (2 <= width <= 20 and 2 <= height <= 20):
        return None
    return width, height


def parse(node: Node, file: str) -> PrintSettings:
    """Read the `print:` mapping of book.yaml."""
    if not isinstance(node, MappingNode):
        raise BookError("`print` must be a mapping", location(node, file), "Y003")
    values: dict[str, object] = {}
    for key, key_node, value in mapping_items(node, file):
        where = location(value, file)
        if not isinstance(value, ScalarNode):
            raise BookError(f"`print.{key}` must be a single value", where, "Y003")
        text = str(value.value).strip()
        if key == "trim":
            size = trim_size(text)
            if size is None:
                names = ", ".join(TRIMS)
                message = f"unknown trim size {text!r} (use {names}, or e.g. 150x230mm)"
                raise BookError(message, where, "Y006")
            values["width_in"], values["height_in"] = size
        elif key in ("bleed", "crop_marks"):
            if value.tag != "tag:yaml.org,2002:bool":
                raise BookError(f"`print.{key}` must be true or false", where, "Y003")
            values[key] = text.lower() in ("true", "yes", "on")
        elif key in _CHOICES:
            if text not in _CHOICES[key]:
                choices = ", ".join(_CHOICES[key])
                raise BookError(f"`print.{key}` must be one of {choices}", where, "Y006")
            values[key] = text
        else:
            known = "trim, bleed, crop_marks, target, opening, variant, edition"
            message = f"unknown key {key!r} in print (expected {known})"
            raise BookError(message, location(key_node, file), "Y002")
    return PrintSettings(**values)  # type: ignore[arg-type]


def gutter_in(pages: int) -> float:
    """The inside margin KDP requires for a page count (its published table)."""
    for limit, gutter in ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75)):
        if pages <= limit:
            return gutter
    return 0.875
