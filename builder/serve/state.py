"""What the open pages are told: the last good preview, the last error and the PDF's state.

The watcher thread publishes a new Snapshot after every build and the PDF job after every
PDF; each open page's event stream waits on the Board for the next one. A snapshot is
never changed, only replaced, so a request reads one consistent preview without a lock.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

PdfState = Literal["none", "off", "building", "ready", "failed"]


@dataclass(frozen=True)
class File:
    """One file of the preview: a path inside the EPUB, its media type, its bytes."""

    media_type: str
    data: bytes
    etag: str  # so that a page reloaded after a build fetches again only what changed

    @classmethod
    def of(cls, media_type: str, data: bytes) -> File:
        return cls(media_type, data, '"' + hashlib.blake2b(data, digest_size=12).hexdigest() + '"')


@dataclass(frozen=True)
class Entry:
    """A line of the contents beside the preview: a section's title and its document."""

    title: str
    href: str  # inside the EPUB, as text/NAME.xhtml
    children: tuple[Entry, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """Everything the server shows at one moment."""

    revision: int = 0  # moves on with every change below: the event streams' cue
    build: int = 0  # moves on with every build whose files differ: the pages' cue to reload
    title: str = ""
    files: Mapping[str, File] = field(default_factory=dict)
    contents: tuple[Entry, ...] = ()
    error: str | None = None  # the last build's one-line error; the files are the last good
    pdf_name: str = ""  # the PDF in dist/, as book.yaml names it
    pdf: PdfState = "none"
    pdf_message: str = ""  # the PDF build's one-line error

    @property
    def outline(self) -> str:
        """A digest of what the page around the preview shows: the title and the contents."""
        listed = json.dumps([self.title, _plain(self.contents)]).encode()
        return hashlib.blake2b(listed, digest_size=8).hexdigest()

    @property
    def pdf_words(self) -> str:
        """The PDF's state as the page says it, beside the link to the PDF."""
        return {
            "none": "not built yet",
            "off": "not laid out (--no-pdf)",
            "building": "being laid out…",
            "ready": "up to date",
            "failed": self.pdf_message,
        }[self.pdf]

    def event(self) -> str:
        """The state as the page's script reads it from the event stream (JSON)."""
        state = {"build": self.build, "outline": self.outline, "error": self.error}
        return json.dumps({**state, "pdf": self.pdf, "pdfWords": self.pdf_words})


def _plain(entries: tuple[Entry, ...]) -> list[object]:
    return [[entry.title, entry.href, _plain(entry.children)] for entry in entries]


class Board:
    """The current Snapshot, and a way to wait for the next one."""

    def __init__(self) -> None:
        self._snapshot = Snapshot()
        self._changed = threading.Condition()
        self._closed = False

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def publish(self, **changes: object) -> Snapshot:
        """Replace the snapshot with CHANGES applied, and wake every waiting stream."""
        with self._changed:
            old = self._snapshot
            self._snapshot = replace(old, revision=old.revision + 1, **changes)  # type: ignore[arg-type]
            self._changed.notify_all()
            return self._snapshot

    def wait(self, seen: int, timeout: float) -> Snapshot | None:
        """The snapshot once its revision is past SEEN (or TIMEOUT passed); None when closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._snapshot.revision != seen, timeout)
            return None if self._closed else self._snapshot

    def close(self) -> None:
        """The server is stopping: every stream ends."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
