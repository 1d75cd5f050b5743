"""The preview's web server: the standard library's ThreadingHTTPServer, on loopback only.

Why http.server: the preview serves a handful of fixed routes and one event stream to one
author's browser on the same machine. The standard library does that in a thread per
connection with nothing to install; a framework (and its ASGI server) would add
dependencies and an event loop for no feature the preview uses. See docs/serve.md.

Nothing here opens a file named by a request: the EPUB's files are looked up by exact name
in the last good build, held in memory, and the PDF is the one file book.yaml names in
dist/. So `..`, absolute paths, encoded ones and symlinks all end in 404.
"""

from __future__ import annotations

import errno
import os
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlsplit

from builder.built import DIST
from builder.serve import shell
from builder.serve.state import Board, File

HOST = "127.0.0.1"
PORTS_TRIED = 100  # from the port asked for, the next free one up to this many
KEEP_ALIVE = 15.0  # seconds between comments on an idle event stream (finds closed pages)
_STATIC = {shell.SCRIPT: "preview.js", shell.STYLESHEET: "preview.css"}
_STATIC_TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8"}


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never holds up Ctrl-C

    def __init__(self, port: int, board: Board, root: Path) -> None:
        super().__init__((HOST, port), _Handler)
        self.board = board
        self.root = root
        self.hosts = {f"{HOST}:{self.server_port}", f"localhost:{self.server_port}"}

    def handle_error(self, request: object, client_address: object) -> None:
        """One line on the terminal, not socketserver's traceback; nothing for a page that
        went away in the middle of an answer (a reload, a closed tab)."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            print(f"error: the preview could not answer ({type(error).__name__}: {error})",
                  file=sys.stderr)  # fmt: skip


def bind(port: int, board: Board, root: Path) -> PreviewServer:
    """A server on PORT, or on the next free port after it."""
    for candidate in range(port, min(port + PORTS_TRIED, 65536)):
        try:
            return PreviewServer(candidate, board, root)
        except OSError as error:
            if error.errno != errno.EADDRINUSE:
                raise
    last = min(port + PORTS_TRIED, 65536) - 1
    raise OSError(errno.EADDRINUSE, f"no free port from {port} to {last} on {HOST}")


def request_path(target: str) -> str | None:
    """The path a request asks for, decoded; None for anything but a plain path inside
    the site: `..` or `.` (written plain or %-encoded), a backslash or NUL, a host."""
    split = urlsplit(target)
    if split.scheme or split.netloc or not split.path.startswith("/"):
        return None
    path = unquote(split.path)
    if "\\" in path or "\0" in path:
        return None
    if {".", ".."} & set(path.split("/")):
        return None
    return path


class _Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the builds' errors, not every request."""

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def do_GET(self) -> None:
        self._answer(head=False)

    def _answer(self, head: bool) -> None:
        path = request_path(self.path)
        # A page on another name for this address (DNS rebinding) is not the author's.
        if path is None or self.headers.get("Host") not in self.server.hosts:
            self._send(HTTPStatus.NOT_FOUND, File.of("text/plain", b"not found\n"), head)
        elif path == shell.EVENTS and not head:
            self._events()
        elif path == "/":
            page = File.of("text/html; charset=utf-8", shell.page(self.server.board.snapshot))
            self._send(HTTPStatus.OK, page, head)
        else:
            found = self._file(path)
            status = HTTPStatus.OK if found else HTTPStatus.NOT_FOUND
            self._send(status, found or File.of("text/plain", b"not found\n"), head)

    def _file(self, path: str) -> File | None:
        if path.startswith(shell.BOOK):
            return self.server.board.snapshot.files.get(path[len(shell.BOOK) :])
        if path in _STATIC:
            name = _STATIC[path]
            data = resources.files("builder.serve").joinpath(name).read_bytes()
            return File.of(_STATIC_TYPES[Path(name).suffix], data)
        if path == shell.PDF:
            return _pdf(self.server.root, self.server.board.snapshot.pdf_name)
        return None

    def _send(self, status: HTTPStatus, file: File, head: bool) -> None:
        if status == HTTPStatus.OK and self.headers.get("If-None-Match") == file.etag:
            status, file = HTTPStatus.NOT_MODIFIED, File(file.media_type, b"", file.etag)
        self.send_response(status)
        self.send_header("Content-Type", file.media_type)
        self.send_header("Content-Length", str(len(file.data)))
        # Always asked again, answered 304 when unchanged: a reloaded section is current.
        self.send_header("Cache-Control", "no-cache")
        self.send_header("ETag", file.etag)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if not head:
            self.wfile.write(file.data)

    def _events(self) -> None:
        """Server-sent events: the state now, then each new one, until the page goes."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = -1
        try:
            while (snapshot := self.server.board.wait(seen, KEEP_ALIVE)) is not None:
                if snapshot.revision == seen:
                    self.wfile.write(b": still here\n\n")
                else:
                    self.wfile.write(f"data: {snapshot.event()}\n\n".encode())
                    seen = snapshot.revision
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded


def _pdf(root: Path, name: str) -> File | None:
    """dist/'s PDF, if the build made one there; a symlink in its place is not followed."""
    if not name or (root / DIST).is_symlink():
        return None
    try:
        handle = os.open(root / DIST / name, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as pdf:
        return File.of("application/pdf", pdf.read())
