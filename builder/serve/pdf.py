"""The PDF, rebuilt in the background after each change, one build at a time.

Each build is `python -m builder.serve.pdf_worker ROOT`, a program of its own (never a
fork of the server, see pdf_worker.py), which writes dist/<name>.pdf as `book build`
does. Changes that come while it lays out the pages are gathered into one more build once
it is done, so the PDF catches up however fast the author types, and the HTML preview
never waits for it.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from builder.serve.state import Board


class PdfJob:
    def __init__(self, root: Path, board: Board) -> None:
        self.root = root
        self.board = board
        self._wanted = threading.Event()
        self._stopping = False
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._loop, name="pdf", daemon=True)
        self._thread.start()

    def request(self) -> None:
        """The book changed: build the PDF again (after the build under way, if any)."""
        self._wanted.set()

    def stop(self) -> None:
        """End the build under way, if any (its temporary file is removed), and the thread."""
        self._stopping = True
        self._wanted.set()
        with self._lock:
            process = self._process
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._thread.join(timeout=10)

    def _loop(self) -> None:
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._stopping:
                return
            self.board.publish(pdf="building", pdf_message="")
            status, message = self._build()
            if self._stopping:
                return
            if status == 0:
                self.board.publish(pdf="ready", pdf_message="")
            else:
                self.board.publish(pdf="failed", pdf_message=message)

    def _build(self) -> tuple[int, str]:
        command = [sys.executable, "-m", "builder.serve.pdf_worker", str(self.root)]
        with self._lock:
            if self._stopping:
                return 1, ""
            # A session of its own: Ctrl-C in the terminal reaches the server, which ends
            # this build itself, rather than both at once.
            self._process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
            )
        _, errors = self._process.communicate()
        lines = errors.decode("utf-8", "replace").strip().splitlines()
        return self._process.returncode, lines[-1] if lines else "the PDF build failed"
