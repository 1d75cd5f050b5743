"""A finding: one problem `book check` reports, tied to a place in the author's sources."""

from __future__ import annotations

import re
from dataclasses import dataclass

from builder.codes import Severity as Severity  # re-exported: the checks import it from here
from builder.codes import require
from builder.errors import BookError

ERROR: Severity = "error"
WARNING: Severity = "warning"


@dataclass(frozen=True)
class Finding:
    """A stable code, how bad it is, what is wrong, and where (book-relative, 1-based)."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int | None = None
    column: int | None = None
    place: str | None = None  # in a Word or HTML file, where in words (errors.Location)

    def __post_init__(self) -> None:
        # A finding's code and severity are the registry's (builder/codes.py), so docs/check.md
        # describes every finding as it is reported.
        require(self.code, self.severity)

    def as_dict(self) -> dict[str, object]:
        # "place" only where there is one: a text file's findings keep their old shape.
        place = {"place": self.place} if self.place else {}
        return {
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            **place,
        }

    def where(self) -> str:
        if self.place:
            return f"{self.file} ({self.place})"
        return ":".join(str(p) for p in (self.file, self.line, self.column) if p is not None)


def from_error(error: BookError) -> Finding:
    """The finding for a BookError raised by the builder's own stages (always an error)."""
    where = error.location
    return Finding(
        error.code, ERROR, error.message, where.file, where.line, where.column, where.place
    )


def ordered(findings: list[Finding], files: list[str]) -> list[Finding]:
    """Findings by file (FILES' order first, then the rest by name), then line, column, code."""
    rank = {name: index for index, name in enumerate(files)}

    def key(finding: Finding) -> tuple[int, str, int, int, tuple[int, ...], str, str]:
        return (
            rank.get(finding.file, len(rank)),
            finding.file,
            finding.line or 0,
            finding.column or 0,
            # "chapter 2 …, paragraph 12" before "chapter 10 …": by the numbers in it.
            tuple(int(n) for n in re.findall(r"\d+", finding.place or "")),
            finding.code,
            finding.message,
        )

    return sorted(set(findings), key=key)
