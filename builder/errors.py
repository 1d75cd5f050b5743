"""The one error type users see: a message tied to a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in the author's sources something is: a book-relative path, 1-based line/column."""

    file: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class BookWarning(UserWarning):
    """Something an author should know about, which does not stop the build."""

    def __init__(self, message: str, location: Location, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code

    def __str__(self) -> str:
        return f"{self.location}: warning[{self.code}]: {self.message}"


class BookError(Exception):
    """A problem in the book (not in the builder): reported as one line, exit status 1.

    Rendered as ``FILE:LINE:COL: error[CODE]: message`` so that editors and CI
    annotations can jump to the place.
    """

    exit_code = 1

    def __init__(self, message: str, location: Location, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.code = code

    def __str__(self) -> str:
        return f"{self.location}: error[{self.code}]: {self.message}"
