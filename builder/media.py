"""Images the book uses: what they really are (by their bytes), and where they go."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Iterator

from builder import sources
from builder.config import BookConfig
from builder.errors import BookError, Location
from builder.model import Book, Chapter, iter_elements

# EPUB 3 core media types for images; the extension must agree with the content.
_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"}  # fmt: skip

# A 600 dpi full-bleed page of 8.5 × 11 in is about 34 million pixels; a picture
# declaring far more is a decompression bomb (a few KB that decode to gigabytes).
MAX_PIXELS = int(os.environ.get("BOOK_MAX_IMAGE_PIXELS", 100_000_000))
# An SVG's DOCTYPE is where entities live: "billion laughs" and external files.
_SVG_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def sniff(data: bytes) -> str | None:
    """The image media type from the first bytes, or None when it is no image we know."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:1024].lstrip().lower()
    if head.startswith((b"<?xml", b"<svg", b"<!--")) and b"<svg" in data[:4096].lower():
        return "image/svg+xml"
    return None


def media_type(path: str, data: bytes, where: Location) -> str:
    """Check that an image file is what its name says, and return its media type."""
    suffix = "." + path.rsplit(".", 1)[-1].lower() if "." in path else ""
    expected = _TYPES.get(suffix)
    if expected is None:
        raise BookError(f"{path!r}: images must be PNG, JPEG, GIF, WebP or SVG", where, "I001")
    actual = sniff(data)
    if actual != expected:
        found = actual or "not an image"
        raise BookError(f"{path!r} is named {suffix} but its content is {found}", where, "I002")
    return expected


def checked_type(path: str, data: bytes, where: Location) -> str:
    """The media type of a whole image file that is what its name says and safe to decode."""
    kind = media_type(path, data, where)
    check_safe(path, data, kind, where)
    return kind


def check_safe(path: str, data: bytes, kind: str, where: Location) -> None:
    """Refuse an image that would blow up when decoded, before anything decodes it."""
    if kind == "image/svg+xml":
        if _SVG_DOCTYPE.search(data):
            message = f"{path!r}: SVG with a DOCTYPE or entities is not allowed; remove them"
            raise BookError(message, where, "I004")
        return
    from PIL import Image, UnidentifiedImageError

    try:
        # Image.open reads the header only; the pixels are decoded later, if ever.
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        message = f"{path!r} has more than the limit of {MAX_PIXELS:,} pixels; scale it down"
        raise BookError(message, where, "I005") from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise BookError(f"{path!r} is damaged or not a readable image", where, "I002") from None
    if width * height > MAX_PIXELS:
        message = (
            f"{path!r} is {width} × {height} pixels, more than the limit of "
            f"{MAX_PIXELS:,} pixels; scale it down"
        )
        raise BookError(message, where, "I005")


def extension(media: str) -> str:
    return {"image/jpeg": ".jpg", "image/svg+xml": ".svg"}.get(media, "." + media.split("/")[1])


def used(book: Book) -> Iterator[tuple[str, Location]]:
    """Every picture the book shows (the cover first), with where it is named."""
    if book.config.cover:
        yield book.config.cover, Location("book.yaml", book.config.lines.get("cover"))
    for chapter in book.chapters():
        for tree in (chapter.blocks, *(note.blocks for note in chapter.notes)):
            for node in iter_elements(tree):
                if node.tag == "img":
                    yield node.attr("src"), Location(chapter.source, node.line or None)
    for node in iter_elements(book.dedication + book.epigraph):
        if node.tag == "img":
            yield node.attr("src"), Location("book.yaml")
    photo = book.config.about_author.photo if book.config.about_author else None
    if photo:
        yield photo, Location("book.yaml", book.config.lines.get("about-author"))


def pictures(config: BookConfig, chapters: Iterable[Chapter]) -> list[str]:
    """The pictures the chapters and the cover show, each once, in order of first use."""
    found = [config.cover] if config.cover else []
    # The cover's own pictures: a new one makes dist/'s cover stale.
    found += [path for path in (config.print.cover.front, config.print.cover.author_photo) if path]
    for chapter in chapters:
        for tree in (chapter.blocks, *(note.blocks for note in chapter.notes)):
            found.extend(node.attr("src") for node in iter_elements(tree) if node.tag == "img")
    if config.about_author and config.about_author.photo:
        found.append(config.about_author.photo)
    return list(dict.fromkeys(found))


def check_all(book: Book) -> None:
    """Refuse, before any layout, a picture that is not what it says or unsafe to decode."""
    for path, where in used(book):
        checked_type(path, sources.read_bytes(book.config.root, path, where), where)
