"""What travels between the catalog and a book's process: plain values, sent as pickles
(through a pipe, to a dask task) or as JSON (to `python -m builder.catalog.job`).

Kept apart from job.py so that the catalog's own process, which mostly looks things up
in the cache, never imports the build.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Job:
    """What a fresh process needs to build one book (plain values: it is sent as JSON)."""

    book: str  # the name in the report: the folder, relative to the catalog
    root: str
    formats: tuple[str, ...]
    key: str
    cache: str
    catalog_file: str | None = None
    shared: str = ""  # the catalog's defaults as canonical YAML (in the key)


@dataclass
class Outcome:
    """A book's line in the report."""

    book: str
    status: str  # built, cached (dist/ was current), restored (from the cache), failed
    outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    peak_memory_mb: float = 0.0
    findings: list[str] = field(default_factory=list)
    error: str | None = None
    code: str | None = None  # the error's code, when it is a BookError
    exit_code: int = 0
    attempts: int = 1

    @property
    def failed(self) -> bool:
        return self.status == "failed"


class Unusable(Exception):
    """The engine cannot build this catalog (not installed, no worker fits): one line."""
