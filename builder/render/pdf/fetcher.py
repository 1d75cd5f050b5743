"""What WeasyPrint may load: files inside the book folder and our own styles, and data: URLs.

WeasyPrint's default fetcher reads any file:// path and any http(s) URL, so a
manuscript could pull /etc/passwd into a PDF or make the build call a server.
This one refuses everything else, and fails the build (instead of printing a
page without the resource) when an allowed file cannot be read. Pictures are
checked as the build's own are (media.py): no decompression bombs, no SVG entities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from builder import media
from builder.errors import BookError, Location
from builder.sources import MAX_FILE_BYTES


class ResourceRefused(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside what the book may use; stops the layout."""


class BookFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, *roots: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self._roots = [root.resolve() for root in roots]

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "data":
            response = super().fetch(url, headers)
            body = response.read()
            response.close()
            return URLFetcherResponse(url, _checked(url[:40], body), response.headers)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ResourceRefused(f"{url!r}: only files inside the book folder are used")
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self._roots):
            raise ResourceRefused(f"{url!r} is outside the book folder")
        if not path.is_file():
            raise ResourceRefused(f"{url!r} does not exist or is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ResourceRefused(f"{url!r} is larger than {MAX_FILE_BYTES // 2**20} MB")
        return URLFetcherResponse(url, body=_checked(url, path.read_bytes()))


def _checked(url: str, body: bytes) -> bytes:
    """BODY, unless it is a picture that would blow up when decoded."""
    kind = media.sniff(body)
    if kind is not None:
        try:
            media.check_safe(url, body, kind, Location(url))
        except BookError as error:
            raise ResourceRefused(error.message) from None
    return body
