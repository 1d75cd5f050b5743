"""Images the book uses: what they really are (by their bytes), and where they go."""

from __future__ import annotations

from builder.errors import BookError, Location

# EPUB 3 core media types for images; the extension must agree with the content.
_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
          ".gif": "image/gif", ".webp": "image/webp", ".svg": "image/svg+xml"}  # fmt: skip


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


def extension(media: str) -> str:
    return {"image/jpeg": ".jpg", "image/svg+xml": ".svg"}.get(media, "." + media.split("/")[1])
