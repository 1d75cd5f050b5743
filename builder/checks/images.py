"""What the checker asks of an image file: what it is, how many bytes and how many pixels."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from builder.errors import Location
from builder.media import media_type

# Enough of the file for media.sniff to tell PNG, JPEG, GIF, WebP and SVG apart.
_HEAD_BYTES = 4096


@dataclass(frozen=True)
class ImageFacts:
    media: str  # its media type (image/png...)
    size: int  # bytes
    pixels: tuple[int, int] | None  # width, height; None for SVG or an unreadable file


def facts(path: Path, relative: str, where: Location) -> ImageFacts:
    """Facts about an image (raises BookError I001/I002 when it is not what its name says)."""
    with path.open("rb") as handle:
        head = handle.read(_HEAD_BYTES)
    media = media_type(relative, head, where)
    return ImageFacts(
        media, path.stat().st_size, None if media.endswith("svg+xml") else _pixels(path)
    )


@cache
def _pixels(path: Path) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        # Opening reads the header only; the pixels are never decoded.
        with Image.open(path) as image:
            width, height = image.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError):
        return None
    return width, height
