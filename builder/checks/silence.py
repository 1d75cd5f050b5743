"""Silencing findings: per book in book.yaml (`check: {ignore: [...]}`) or per place in Markdown.

The place form is a Markdown comment that the builder already renders to nothing, a link
reference definition: `[//]: # (book-check: ignore T003)` silences T003 in the block that
follows it. Plain text has no such comment (any line of it is printed), so a .txt chapter
can only be silenced from book.yaml. A silence that no longer silences anything is
reported, so silences do not outlive the problems they were written for.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from builder.checks.findings import ERROR, WARNING, Finding
from builder.checks.source import Silence

# A link reference definition whose title holds the instruction; `#` is its destination.
_COMMENT = re.compile(
    r"^(?:[ \t]*>)*[ \t]*\[[^\]\n]+\]:[ \t]*#[ \t]*"
    r"(?:\((?P<a>[^)\n]*)\)|\"(?P<b>[^\"\n]*)\"|'(?P<c>[^'\n]*)')[ \t]*$"
)
_INSTRUCTION = re.compile(r"book-check:\s*ignore\s+([A-Z][0-9]{3}(?:[\s,]+[A-Z][0-9]{3})*)\s*,?")


def comments(
    path: str, lines: list[str], covered: list[str], spans: list[tuple[int, int]]
) -> tuple[list[Silence], list[Finding]]:
    """The silences written in a Markdown file, and findings for those that cannot work.

    COVERED says what each line belongs to (text, code...), SPANS every block's lines.
    """
    silences: list[Silence] = []
    problems: list[Finding] = []
    for number, line in enumerate(lines):
        if "book-check" not in line.lower() or covered[number] == "code":
            continue
        comment = _COMMENT.match(line)
        title = comment and (comment["a"] or comment["b"] or comment["c"] or "")
        instruction = _INSTRUCTION.fullmatch(title.strip()) if title else None
        if instruction is None:
            # X003: a comment meant for the checker that it cannot read silences nothing.
            message = (
                "not a silence the checker understands: write [//]: # (book-check: ignore T003)"
            )
            problems.append(Finding("X003", WARNING, message, path, number + 1, 1))
            continue
        if covered[number] == "text":
            # X002: a reference definition cannot interrupt a paragraph, so this line is text.
            message = (
                "this silence is part of the paragraph above, so it is printed in the book: "
                "put a blank line before it"
            )
            problems.append(Finding("X002", ERROR, message, path, number + 1, 1))
            continue
        codes = tuple(re.findall(r"[A-Z][0-9]{3}", instruction.group(1)))
        first, last = _next_block(number, spans)
        silences.append(Silence(codes, path, number + 1, first, last))
    return silences, problems


def _next_block(line: int, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The 1-based lines of the block that starts first after LINE (0-based); (0, -1) if none."""
    starts = [span for span in spans if span[0] > line]
    if not starts:
        return 0, -1
    first = min(start for start, _ in starts)
    return first + 1, max(stop for start, stop in starts if start == first)


@dataclass(frozen=True)
class BookSilence:
    """A code silenced for the whole book in book.yaml, at its line there."""

    code: str
    line: int | None
    column: int | None


def apply(
    findings: Iterable[Finding],
    places: list[Silence],
    book: list[BookSilence],
    unjudged: frozenset[str],
) -> tuple[list[Finding], int]:
    """The findings left after silencing, plus X001 for each silence that silenced nothing.

    Codes in UNJUDGED had no chance to be found (their check did not run), so a silence
    of them is not called unused. Returns the kept findings and how many were silenced.
    """
    ignored = {silence.code for silence in book}
    used: set[object] = set()
    kept: list[Finding] = []
    silenced = 0
    for finding in findings:
        place = next((s for s in places if s.covers(finding)), None)
        if place is not None:
            used.add((place, finding.code))
        elif finding.code in ignored:
            used.add(finding.code)
        else:
            kept.append(finding)
            continue
        silenced += 1
    kept.extend(_unused(places, book, used, unjudged))
    return kept, silenced


def _unused(
    places: list[Silence], book: list[BookSilence], used: set[object], unjudged: frozenset[str]
) -> list[Finding]:
    # X001: a silence that matches nothing hides the next real problem of that kind.
    unused = []
    for place in places:
        for code in place.codes:
            if (place, code) not in used and code not in unjudged:
                message = f"nothing to silence: no {code} finding in the block after this comment"
                unused.append(Finding("X001", WARNING, message, place.file, place.line, 1))
    for entry in book:
        if entry.code not in used and entry.code not in unjudged:
            message = f"nothing to silence: the book has no {entry.code} finding"
            unused.append(Finding("X001", WARNING, message, "book.yaml", entry.line, entry.column))
    return unused
