"""The one error type users see: a message tied to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from builder.codes import require


@dataclass(frozen=True)
class Location:
    """Where in the author's sources something is: a book-relative path, 1-based line/column.

    A Word or HTML file has no lines the author can go to: PLACE says where instead, in
    words ("chapter 3 “The Ball”, paragraph 12"), and is shown after the file's name."""

    file: str
    line: int | None = None
    column: int | None = None
    place: str | None = None

    def __str__(self) -> str:
        if self.place:
            return f"{self.file} ({self.place})"
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class _Located(Exception):
    """A message tied to a place, shown as ``FILE:LINE:COL: KIND[CODE]: message``.

    That form lets editors and CI annotations jump to the place.
    """

    kind = ""

    def __init__(self, message: str, location: Location, code: str) -> None:
        require(code)  # every code is in builder/codes.py, so authors can look it up
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code

    def __str__(self) -> str:
        return f"{self.location}: {self.kind}[{self.code}]: {self.message}"

    def __reduce__(self) -> tuple[type[_Located], tuple[str, Location, str]]:
        # Raised in a layout worker, it must cross back to the parent intact.
        return (type(self), (self.message, self.location, self.code))


class BookWarning(_Located, UserWarning):
    """Something an author should know about, which does not stop the build."""

    kind = "warning"


class BookError(_Located):
    """A problem in the book (not in the builder): reported as one line, exit status 1."""

    kind = "error"
    exit_code = 1


class LimitExceeded(BookError):
    """The book needs more memory or time than the build may use: exit status 3."""

    exit_code = 3
