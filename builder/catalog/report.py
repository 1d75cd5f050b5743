"""What a catalog run shows: a progress bar with the time left, each failure's line, a
summary, and dist/catalog-report.json with every book's line."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from types import TracebackType
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from builder.catalog.work import Outcome
from builder.output import write_atomically

REPORT = Path("dist") / "catalog-report.json"
# The statuses in the order the summary names them.
STATUSES = ("built", "restored", "cached", "failed")


class Display:
    """The progress bar (on a terminal) and a line for each book that fails."""

    def __init__(self, console: Console, total: int, done: Sequence[Outcome]) -> None:
        self.console = console
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console,
            disable=not console.is_terminal,
        )
        # The books found in the cache are done before the bar starts: counted in its
        # total, they would make the estimate of the time left far too short.
        self.task = self.progress.add_task("books", total=total - len(done))
        for outcome in done:
            self._print(outcome)

    def __enter__(self) -> Display:
        self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.stop()

    def finished(self, outcome: Outcome) -> None:
        self.progress.update(self.task, advance=1)
        self._print(outcome)

    def _print(self, outcome: Outcome) -> None:
        if outcome.error:
            # markup off: an error line holds brackets (error[Y002]).
            self.console.print(outcome.error, markup=False, highlight=False, soft_wrap=True)


def summary(outcomes: Sequence[Outcome], seconds: float) -> str:
    counts = Counter(outcome.status for outcome in outcomes)
    parts = [f"{counts[status]} {status}" for status in STATUSES if counts[status]]
    return f"{len(outcomes)} books: {', '.join(parts)} in {seconds:.1f} s"


def write(root: Path, outcomes: Sequence[Outcome], settings: dict[str, Any]) -> Path:
    """ROOT/dist/catalog-report.json: the run's settings and every book's line."""
    counts = Counter(outcome.status for outcome in outcomes)
    data = {
        **settings,
        "summary": {status: counts[status] for status in STATUSES},
        "books": [asdict(outcome) for outcome in outcomes],
    }
    return write_atomically(root / REPORT, (json.dumps(data, indent=2) + "\n").encode())
