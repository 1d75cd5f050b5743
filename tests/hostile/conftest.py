"""Hostile books: build a good one, break it, build again: one line, and dist/ as it was."""

from __future__ import annotations

import http.server
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import pytest
from typer.testing import CliRunner

from builder.cli import app

runner = CliRunner()
MARKER = "SECRET-7f3c9e-DO-NOT-LEAK"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file in dist/ outside the cache, by name."""
    dist = root / "dist"
    if not dist.exists():
        return {}
    return {
        str(p.relative_to(dist)): p.read_bytes()
        for p in dist.rglob("*")
        if p.is_file() and ".cache" not in p.relative_to(dist).parts
    }


def leftovers(root: Path) -> list[str]:
    """Temporary files anywhere under dist/ (the cache included)."""
    return [str(p) for p in (root / "dist").rglob("*.tmp")] if (root / "dist").exists() else []


@dataclass
class Result:
    status: int
    output: str
    exception: BaseException | None


def invoke(*args: str) -> Result:
    result = runner.invoke(app, list(args))
    return Result(result.exit_code, result.output, result.exception)


@dataclass
class Good:
    """A small book that builds, with its dist/ as the good build left it."""

    root: Path
    fmt: str
    before: dict[str, bytes]

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def yaml(self, extra: str) -> None:
        base = "title: Test Book\nauthor: Test Author\nlanguage: en\n"
        self.write("book.yaml", base + extra)

    def refused(self, code: str, culprit: str, status: int = 1, *extra: str) -> str:
        """Build again: exit STATUS, one line naming CULPRIT with error[CODE]; dist/ untouched."""
        result = invoke("build", str(self.root), "--format", self.fmt, *extra)
        lines = result.output.strip().splitlines()
        assert result.status == status, result.output
        assert len(lines) == 1, result.output
        assert f"error[{code}]" in lines[0] and culprit in lines[0], lines[0]
        assert "Traceback" not in result.output
        self.unchanged()
        return lines[0]

    def builds(self) -> dict[str, bytes]:
        result = invoke("build", str(self.root), "--format", self.fmt)
        assert result.status == 0, result.output
        assert not leftovers(self.root)
        return snapshot(self.root)

    def unchanged(self) -> None:
        assert snapshot(self.root) == self.before
        assert not leftovers(self.root)


@pytest.fixture
def good(tmp_path: Path) -> Callable[..., Good]:
    def make(fmt: str = "epub", styles: str | None = None) -> Good:
        root = tmp_path / "book"
        book = Good(root, fmt, {})
        extra = "styles: [styles/my.css]\n" if styles is not None else ""
        book.yaml(extra)
        book.write("manuscript/01.md", "# One\n\nThe first chapter.\n")
        if styles is not None:
            book.write("styles/my.css", styles)
        result = invoke("build", str(root), "--format", fmt)
        assert result.status == 0, result.output
        book.before = snapshot(root)
        assert book.before
        return book

    return make


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the book folder whose content must never reach an output."""
    path = tmp_path / "secret.txt"
    path.write_text(MARKER + "\n", encoding="utf-8")
    return path


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        type(self).requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(MARKER.encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on 127.0.0.1 that records every request; stopped after the test."""
    requests: list[str] = []
    handler = type("Handler", (_Recorder,), {"requests": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.timeout = 1
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def output_bytes(root: Path) -> bytes:
    """Everything the outputs hold: the EPUB's entries unzipped, the PDF's streams decoded."""
    import pikepdf

    found = b""
    for path in (root / "dist").glob("*.epub"):
        with zipfile.ZipFile(path) as archive:
            found += b"".join(archive.read(name) for name in archive.namelist())
    for path in (root / "dist").glob("*.pdf"):
        with pikepdf.open(path) as pdf:
            assert "/Names" not in pdf.Root or "/EmbeddedFiles" not in pdf.Root.Names
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    found += obj.read_bytes()
        found += path.read_bytes()
    return found


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares WIDTH × HEIGHT pixels and holds almost nothing: a bomb's header."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))


__all__ = ["MARKER", "Good", "invoke", "leftovers", "output_bytes", "png_header", "snapshot"]
