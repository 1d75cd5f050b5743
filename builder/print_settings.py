"""The `print:` settings of book.yaml: trim size, bleed, target and chapter openings, and
the full-wrap cover's paper, service and texts.

Defaults make a good 6 × 9 in trade paperback with none of them set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from yaml.nodes import MappingNode, Node, ScalarNode

from builder import sources
from builder.errors import BookError, Location
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
Paper = Literal["white", "cream", "color"]
Service = Literal["kdp", "ingramspark", "lulu"]


@dataclass(frozen=True)
class CoverSettings:
    """What only the full-wrap cover uses (builder/render/cover/)."""

    paper: Paper = "white"
    service: Service = "kdp"
    front: str | None = None  # print.cover-front: the front at print resolution
    back_text: str | None = None  # print.back-cover: Markdown; None: the description
    author_photo: str | None = None


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
    # Out of the repr, which keys the interior's layout cache (render/pdf/style.py): a new
    # back-cover text must not lay the interior out again.
    cover: CoverSettings = field(default_factory=CoverSettings, repr=False)


_CUSTOM = re.compile(r"^(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)\s*(in|mm)$")
_CHOICES: dict[str, tuple[str, ...]] = {
    "target": ("print", "digital"),
    "opening": ("small-caps", "drop-cap", "none"),
    "variant": ("pdf/a-3b", "pdf/x-4", "none"),
    "edition": ("standard", "large-print"),
}
_COVER_CHOICES: dict[str, tuple[str, ...]] = {
    "paper": ("white", "cream", "color"),
    "service": ("kdp", "ingramspark", "lulu"),
}
# book.yaml's keys for the cover, and CoverSettings' attributes.
_COVER_TEXTS = {"back-cover": "back_text"}
_COVER_FILES = {"cover-front": "front", "author-photo": "author_photo"}
_KEYS = frozenset(
    ("trim", "bleed", "crop_marks", *_CHOICES, *_COVER_CHOICES, *_COVER_TEXTS, *_COVER_FILES)
)
_KNOWN = (
    "trim, bleed, crop_marks, target, opening, variant, edition, paper, service, cover-front, "
    "back-cover, author-photo"
)


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


def parse(node: Node, file: str, root: Path | None = None) -> PrintSettings:
    """Read the `print:` mapping of book.yaml (the files it names are in ROOT, when given)."""
    if not isinstance(node, MappingNode):
        raise BookError("`print` must be a mapping", location(node, file), "Y003")
    values: dict[str, object] = {}
    cover: dict[str, str] = {}
    for key, key_node, value in mapping_items(node, file, _KEYS):
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
        elif key in (*_COVER_CHOICES, *_COVER_TEXTS, *_COVER_FILES):
            cover.update(_cover_value(key, text, where, root))
        else:
            message = f"unknown key {key!r} in print (expected {_KNOWN})"
            raise BookError(message, location(key_node, file), "Y002")
    values["cover"] = CoverSettings(**cover)  # type: ignore[arg-type]
    return PrintSettings(**values)  # type: ignore[arg-type]


def _cover_value(key: str, text: str, where: Location, root: Path | None) -> dict[str, str]:
    """The CoverSettings attribute and value of one of the cover's keys."""
    if not text:
        raise BookError(f"`print.{key}` must not be empty", where, "Y006")
    if key in _COVER_CHOICES:
        if text not in _COVER_CHOICES[key]:
            choices = ", ".join(_COVER_CHOICES[key])
            raise BookError(f"`print.{key}` must be one of {choices}", where, "Y006")
        return {key: text}
    if key in _COVER_FILES:
        if root is not None:
            sources.resolve(root, text, where)
        return {_COVER_FILES[key]: text}
    return {_COVER_TEXTS[key]: text}


def gutter_in(pages: int) -> float:
    """The inside margin KDP requires for a page count (its published table)."""
    for limit, gutter in ((150, 0.375), (300, 0.5), (500, 0.625), (700, 0.75)):
        if pages <= limit:
            return gutter
    return 0.875
