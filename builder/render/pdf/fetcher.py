"""What WeasyPrint may load: files inside the book folder and our own styles, and data: URLs.

WeasyPrint's default fetcher reads any file:// path and any http(s) URL, so a
manuscript could pull /etc/passwd into a PDF or make the build call a server.
This one refuses everything else, and fails the build (instead of printing a
page without the resource) when an allowed file cannot be read. Pictures are
checked as the build's own are (media.py): no decompression bombs, no SVG entities.
WeasyPrint names the book folder and our styles by stand-in URLs
(reproducible.py), which this fetcher maps to the real folders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from builder import media
from builder.errors import BookError, Location
from builder.render.pdf.reproducible import BOOK_URL, HOUSE_URL
from builder.sources import MAX_FILE_BYTES


class ResourceRefused(FatalURLFetchingError):  # type: ignore[misc]
    """A URL outside what the book may use; stops the layout."""


class BookFetcher(URLFetcher):  # type: ignore[misc]
    def __init__(self, book: Path, house: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self._roots = [book.resolve(), house.resolve()]
        stand_ins = (urlsplit(BOOK_URL).path, urlsplit(HOUSE_URL).path)
        self._stand_ins = dict(zip(stand_ins, self._roots, strict=True))

    def fetch(self, url: str, headers: Any = None) -> Any:
        parts = urlsplit(url)
        if parts.scheme == "data":
            response = super().fetch(url, headers)
            body = response.read()
            response.close()
            return URLFetcherResponse(url, _checked(url[:40], body), response.headers)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ResourceRefused(f"{url!r}: only files inside the book folder are used")
        path = self._local(unquote(parts.path)).resolve()
        # The author knows a file of the book by its path in the book, not by a stand-in URL.
        shown = unquote(url.removeprefix(BOOK_URL))
        if not any(path.is_relative_to(root) for root in self._roots):
            raise ResourceRefused(f"{shown!r} is outside the book folder")
        if not path.is_file():
            raise ResourceRefused(f"{shown!r} does not exist or is not a regular file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ResourceRefused(f"{shown!r} is larger than {MAX_FILE_BYTES // 2**20} MB")
        return _LocalFile(url, path, _checked(url, path.read_bytes()))

    def _local(self, url_path: str) -> Path:
        """The file a URL's path names: under a stand-in folder, or as it is written."""
        for stand_in, root in self._stand_ins.items():
            if url_path.startswith(stand_in):
                return root / url_path[len(stand_in) :]
        return Path(url_path)


class _LocalFile(URLFetcherResponse):  # type: ignore[misc]
    """A file's content under its stand-in URL, and its real path.

    WeasyPrint reads a picture again from the response's path when it writes
    the PDF; the path it would take from the URL may be another file, or none.
    """

    def __init__(self, url: str, path: Path, body: bytes) -> None:
        super().__init__(url, body=body)
        self._path = path

    @property
    def path(self) -> str:
        return str(self._path)


def _checked(url: str, body: bytes) -> bytes:
    """BODY, unless it is a picture that would blow up when decoded."""
    kind = media.sniff(body)
    if kind is not None:
        try:
            media.check_safe(url, body, kind, Location(url))
        except BookError as error:
            raise ResourceRefused(error.message) from None
    return body
