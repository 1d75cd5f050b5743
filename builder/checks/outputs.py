"""Checks on what the builder makes: dist/'s EPUB through EPUBCheck, its findings traced back.

The EPUB is the one in dist/ (built first by the pipeline when it is missing or stale).
EPUBCheck runs on it in a worker thread: the JVM takes seconds to start, and the
manuscript rules run meanwhile. EPUBCheck's places are inside the EPUB; each is traced to
the source it came from: a chapter's XHTML to its manuscript file, the author's CSS to
itself, everything else (title page, package, navigation) to book.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from builder.checks import epubcheck
from builder.checks.findings import ERROR, WARNING, Finding
from builder.config import CONFIG_FILE, BookConfig

_CHAPTER = re.compile(r"(?:^|/)text/(chapter-\d+)\.xhtml$")
_USER_STYLE = re.compile(r"(?:^|/)styles/user-(\d+)\.css$")


def _trace(message: epubcheck.Message, config: BookConfig, names: Mapping[str, str]) -> Finding:
    """EPUBCheck's message as a finding in the author's source (NAMES: chapter-NNN -> file)."""
    # E001: EPUBCheck errors make stores refuse the file. E002: its warnings are problems
    # some reading systems show.
    code, severity = ("E002", WARNING) if message.severity == "WARNING" else ("E001", ERROR)
    inside = ":".join(str(p) for p in (message.path, message.line) if p is not None)
    text = (
        f"EPUBCheck {message.code}" + (f" in {inside}" if inside else "") + f": {message.message}"
    )
    path = message.path or ""
    chapter = _CHAPTER.search(path)
    if chapter and chapter.group(1) in names:
        return Finding(code, severity, text, names[chapter.group(1)])
    style = _USER_STYLE.search(path)
    if style and int(style.group(1)) <= len(config.styles):
        source = config.styles[int(style.group(1)) - 1]
        return Finding(code, severity, text, source, message.line, message.column)
    return Finding(code, severity, text, CONFIG_FILE)


class EpubCheckRun:
    """EPUBCheck started on an EPUB now, in the background; its findings collected later."""

    def __init__(self, epub: Path, config: BookConfig, names: Mapping[str, str]) -> None:
        self.config, self.names = config, names
        self.status = "not run"
        self.ran = False  # whether EPUBCheck gave a report
        self.pool = ThreadPoolExecutor(max_workers=1)
        self.pending: Future[list[epubcheck.Message]] = self.pool.submit(epubcheck.problems, epub)

    def __enter__(self) -> EpubCheckRun:
        return self

    def findings(self) -> list[Finding]:
        """Wait for EPUBCheck and return its problems as findings (or why it did not run)."""
        try:
            problems = self.pending.result()
        except epubcheck.EpubCheckUnavailable as error:
            self.status = "not run: EPUBCheck is unavailable"
            # E003: the EPUB was not validated; say so rather than pass silently.
            message = f"EPUBCheck could not run: {error} (or use --no-epubcheck)"
            return [Finding("E003", WARNING, message, CONFIG_FILE)]
        self.ran = True
        self.status = f"{len(problems)} problem(s)" if problems else "no problems"
        return [_trace(message, self.config, self.names) for message in problems]

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
