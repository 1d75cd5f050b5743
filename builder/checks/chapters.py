"""The builder's own readers on every chapter, in a second process where the system can fork.

The checker reads each file twice: as source, for the rules (source.py), and through the
builder's readers, for what only they know: the error a chapter is refused with, its
title, its ids, the scene breaks plain text marks with wider gaps. The readers are most
of the work, so where the system forks they run in a child process while the parent
reads the sources and runs the rules; on two cores a check then costs about one reading
of the book. Only these few facts travel back, not the document model.
"""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from builder.errors import BookError, Location
from builder.model import SCENE_BREAK, Element
from builder.readers import read_chapter


@dataclass(frozen=True)
class Facts:
    """What the rules need from a chapter the reader accepted."""

    title: str
    anchors: frozenset[str]  # ids a link may point to
    gaps: tuple[int, ...]  # lines of scene breaks made by wider gaps (plain text)


Outcome = Facts | BookError


def _outcome(root: Path, path: str, number: int) -> Outcome:
    from builder.render.xhtml import anchor_ids

    try:
        chapter = read_chapter(root, path, number)
    except BookError as error:
        return error
    gaps = tuple(
        node.line
        for node in chapter.blocks
        if isinstance(node, Element) and node.tag == SCENE_BREAK and path.endswith(".txt")
    )
    return Facts(chapter.title_text, anchor_ids(chapter), gaps)


def read(root: Path, files: list[str]) -> dict[str, Outcome]:
    """Each file through the builder's readers, as chapter 1, 2, 3... of the book."""
    return {path: _outcome(root, path, number) for number, path in enumerate(files, start=1)}


# A BookError does not survive pickling (its __init__ takes three arguments): it travels
# as its fields.
_Sent = Facts | tuple[str, str, str, int | None, int | None]


def _child(sender: Connection, root: Path, files: list[str]) -> None:
    try:
        outcomes = read(root, files)
    except Exception:  # a bug, not a book error: the parent reads again and reports it
        sender.send(None)
        return
    sent: dict[str, _Sent] = {}
    for path, outcome in outcomes.items():
        if isinstance(outcome, BookError):
            where = outcome.location
            sent[path] = (outcome.code, outcome.message, where.file, where.line, where.column)
        else:
            sent[path] = outcome
    sender.send(sent)


def _revive(value: _Sent) -> Outcome:
    if isinstance(value, Facts):
        return value
    code, message, file, line, column = value
    return BookError(message, Location(file, line, column), code)


class Reading:
    """`read` started in a forked child now, its outcomes collected by `outcomes()`."""

    def __init__(self, root: Path, files: list[str]) -> None:
        self.root, self.files = root, files
        self.receiver: Connection | None = None
        self.process: multiprocessing.process.BaseProcess | None = None
        # Fork only: a spawned child would import the builder again and gain nothing.
        if "fork" in multiprocessing.get_all_start_methods() and len(files) > 1:
            context = multiprocessing.get_context("fork")
            self.receiver, sender = context.Pipe(duplex=False)
            self.process = context.Process(target=_child, args=(sender, root, files), daemon=True)
            self.process.start()
            sender.close()

    def outcomes(self) -> dict[str, Outcome]:
        if self.receiver is None or self.process is None:
            return read(self.root, self.files)
        try:
            sent: dict[str, _Sent] | None = self.receiver.recv()
        except EOFError:  # the child died (out of memory, killed): read here instead
            sent = None
        finally:
            self.receiver.close()
            self.process.join()
        if sent is None:
            return read(self.root, self.files)
        return {path: _revive(value) for path, value in sent.items()}
