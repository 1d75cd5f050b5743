"""`book serve`: build, serve, then rebuild on every change until Ctrl-C.

The main thread watches the book's folders (watchfiles, over the system's file events)
and rebuilds the preview; a thread serves it (server.py); another runs the PDF builds
(pdf.py). Ctrl-C reaches the main thread wherever it is, and everything is stopped on
the way out.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType

import watchfiles

from builder.built import DIST
from builder.config import CONFIG_FILE
from builder.serve.pdf import PdfJob
from builder.serve.preview import Preview
from builder.serve.server import HOST, bind
from builder.serve.state import Board

# watchfiles gathers the events of one save: it yields once no new event came for STEP
# milliseconds, or after DEBOUNCE at most. An editor's save is a burst of a few
# milliseconds, so a short step keeps the reload quick.
STEP = 20
DEBOUNCE = 400


def run(root: Path, port: int, pdf: bool = True, debug: bool = False) -> None:
    """Serve the preview of the book in ROOT on PORT (or the next free one) until Ctrl-C;
    with PDF, lay out the PDF in the background after each change; with DEBUG, print
    each failed build's traceback."""
    root = root.resolve()
    board = Board()
    preview = Preview(root, board, debug)
    built = preview.rebuild()
    server = bind(port, board, root)
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    print(f"previewing {root} at http://{HOST}:{server.server_port}/ (Ctrl-C to stop)")
    sys.stdout.flush()
    job = PdfJob(root, board) if pdf else None
    if job is None:
        board.publish(pdf="off")
    try:
        if built and job:
            job.request()
        _until_signalled(preview, job)
    finally:
        board.close()
        server.shutdown()
        server.server_close()
        if job:
            job.stop()


def _until_signalled(preview: Preview, pdf: PdfJob | None) -> None:
    """Watch until a signal: watchfiles turns each into KeyboardInterrupt, so SIGTERM is
    noted here and handed to the handler the command set (exit 143, not Ctrl-C's 130)."""
    terminated = threading.Event()
    before = signal.getsignal(signal.SIGTERM)

    def note(signum: int, frame: FrameType | None) -> None:
        terminated.set()
        if callable(before):
            before(signum, frame)

    signal.signal(signal.SIGTERM, note)
    try:
        _watch(preview, pdf)
    except KeyboardInterrupt:
        if terminated.is_set() and callable(before):
            before(signal.SIGTERM, None)
        raise
    finally:
        signal.signal(signal.SIGTERM, before)


def _watch(preview: Preview, pdf: PdfJob | None) -> None:
    """Rebuild on each change; watch again when the build reads from other folders."""
    ignored = watchfiles.DefaultFilter(ignore_paths=[str(preview.root / DIST)])
    while True:
        folders = preview.folders()
        # Each folder on its own, not its subfolders: a book folder may hold a repository's
        # .git, a virtualenv, node_modules. A new subfolder shows as a change in its parent.
        for changes in watchfiles.watch(
            *folders, watch_filter=ignored, recursive=False, step=STEP, debounce=DEBOUNCE
        ):
            if preview.rebuild(_only_edits(changes, preview.root)) and pdf:
                pdf.request()
            # A watched folder removed and made again (a `git checkout`) needs a new watch.
            moved = any(Path(path) in folders for _, path in changes)
            if moved or preview.folders() != folders:
                break


def _only_edits(changes: set[tuple[watchfiles.Change, str]], root: Path) -> bool:
    """Whether the changes only edited files: none came or went, book.yaml is untouched."""
    config = root / CONFIG_FILE
    edited = watchfiles.Change.modified
    return all(kind == edited and Path(path) != config for kind, path in changes)
