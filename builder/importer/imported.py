"""What reading a document for import gives: metadata, chapters, pictures, and what was lost."""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.readers.split import Section


@dataclass(frozen=True)
class Dropped:
    """Something the document had that the book does not get, and where it was."""

    what: str  # a count noun, singular: "comment", "remote image", "script"
    where: str  # as an author finds it: "chapter 3", "paragraph 12", "word/comments.xml"


@dataclass
class Imported:
    """A document read for import.

    METADATA holds book.yaml keys the document has (title, author, language, description,
    subjects, series, date). In CHAPTERS, each picture's src is "images/NAME", and PICTURES
    maps that NAME to the picture's bytes."""

    metadata: dict[str, object] = field(default_factory=dict)
    chapters: list[Section] = field(default_factory=list)
    pictures: dict[str, bytes] = field(default_factory=dict)
    dropped: list[Dropped] = field(default_factory=list)
