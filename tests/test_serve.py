"""`book serve`: the live preview, loaded in a real headless Chromium (Debian's, driven by
Playwright), kept current through edits, broken edits and back; and what it refuses."""

from __future__ import annotations

import http.client
import select
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright
from pypdf import PdfReader

from builder.serve.preview import Preview
from builder.serve.state import Board
from tests.conftest import ROOT, require_tool

CHAPTER = "manuscript/01-out-of-sorts.md"
PELL = "Agnes Pell"  # in its first paragraph
PATIENCE = 30_000  # ms: a build and a reload take well under a second; the PDF, seconds


def _sample(target: Path) -> Path:
    """The repository's sample book (book.yaml, manuscript, images) in TARGET."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "book.yaml", target)
    for folder in ("manuscript", "images"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Served:
    """`book serve` running on a book folder, as the author starts it."""

    def __init__(self, root: Path, port: int, *options: str) -> None:
        book = Path(sys.executable).with_name("book")
        command = [str(book), "serve", str(root), "--port", str(port), *options]
        self.root = root
        self.process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.url = self._url()

    def _url(self) -> str:
        """The address `book serve` prints once it serves."""
        assert self.process.stdout is not None
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline() if ready else ""
        if "http://" not in line:
            self.process.kill()
            pytest.fail(f"book serve printed no address: {line!r} {self.process.stderr}")
        return line[line.index("http://") :].split()[0]

    def interrupt(self) -> tuple[int, str]:
        """Ctrl-C: the exit status and what was printed on stderr."""
        self.process.send_signal(signal.SIGINT)
        _, errors = self.process.communicate(timeout=30)
        return self.process.returncode, errors

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


@pytest.fixture
def browser() -> Iterator[Browser]:
    chromium = require_tool("chromium", "chromium")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, headless=True)
        yield launched
        launched.close()


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class TestPreview:
    def test_follows_edits(self, tmp_path: Path, browser: Browser) -> None:
        """An edit shows without a reload; a broken one shows its error and keeps the text."""
        served = Served(_sample(tmp_path / "book"), _free_port())
        try:
            page = browser.new_page()
            errors = _console_errors(page)
            page.goto(served.url)
            page.get_by_role("link", name="Out of Sorts").nth(1).click()
            section = page.frame_locator("#section")
            expect(section.locator("h2")).to_have_text("Out of Sorts")
            page.evaluate("window.notReloaded = true")
            scrolled = page.frame(name="section").evaluate(
                "() => { scrollTo(0, 600); return scrollY; }"
            )
            assert scrolled > 0

            _edit(served.root / CHAPTER, PELL, "Agnes Quillfeather")
            expect(section.get_by_text("Quillfeather").first).to_be_attached(timeout=PATIENCE)
            # Shown again where the author was reading.
            page.wait_for_function(
                "y => document.getElementById('section').contentWindow.scrollY === y", arg=scrolled
            )

            (served.root / "book.yaml").write_text("title: [unclosed\n", encoding="utf-8")
            expect(page.locator("#error")).to_contain_text("book.yaml:", timeout=PATIENCE)
            expect(section.get_by_text("Quillfeather").first).to_be_visible()
            shutil.copy(ROOT / "book.yaml", served.root / "book.yaml")
            expect(page.locator("#error")).to_be_hidden(timeout=PATIENCE)

            _edit(served.root / CHAPTER, "Quillfeather", "Quillfeather\n\n![](images/gone.png)")
            error = page.locator("#error")
            expect(error).to_contain_text(f"{CHAPTER}:", timeout=PATIENCE)
            expect(error).to_contain_text("gone.png")
            expect(section.get_by_text("Quillfeather").first).to_be_visible()

            assert page.evaluate("window.notReloaded") is True
            assert errors == []
            page.close()
            assert served.interrupt() == (130, "interrupted\n")
        finally:
            served.kill()

    def test_latest_pdf_is_one_click_away(self, tmp_path: Path, browser: Browser) -> None:
        """The PDF is laid out in the background after an edit and linked from the page."""
        served = Served(_sample(tmp_path / "book"), _free_port())
        try:
            page = browser.new_page()
            page.goto(served.url)
            state = page.locator("#pdf-state")
            expect(state).to_have_attribute("data-state", "ready", timeout=120_000)
            _edit(served.root / CHAPTER, PELL, "Agnes Tregarthen")
            expect(state).to_have_attribute("data-state", "building", timeout=PATIENCE)
            expect(state).to_have_attribute("data-state", "ready", timeout=120_000)
            with page.expect_popup() as opened:
                page.get_by_role("link", name="PDF").click()
            assert opened.value.url == served.url + "book.pdf"
            pdf = page.request.get(opened.value.url)
            assert pdf.headers["content-type"] == "application/pdf"
            (tmp_path / "got.pdf").write_bytes(pdf.body())
            text = "".join(p.extract_text() for p in PdfReader(tmp_path / "got.pdf").pages)
            assert "Tregarthen" in text
            page.close()
            assert served.interrupt() == (130, "interrupted\n")
            assert not list((served.root / "dist").glob(".*.tmp"))
        finally:
            served.kill()


class TestServesOnlyThePreview:
    def test_paths_outside_are_not_found(self, tmp_path: Path) -> None:
        """`..`, absolute, encoded and symlinked paths, and other hosts, all get 404."""
        root = _sample(tmp_path / "book")
        secret = tmp_path / "secret.txt"
        secret.write_text("not for the browser")
        (root / "images" / "secret.png").symlink_to(secret)
        (root / "dist").mkdir()
        (root / "dist" / "out-of-sorts.pdf").symlink_to(secret)  # where the PDF would be
        served = Served(root, _free_port(), "--no-pdf")
        port = int(served.url.rstrip("/").rsplit(":", 1)[1])
        try:
            assert _get(port, "/book/text/chapter-001.xhtml") == 200
            for target in (
                "/book/../book.yaml",
                "/book/text/../../book.yaml",
                "/book/%2e%2e/book.yaml",
                "/book/%2E%2E%2Fbook.yaml",
                "/book/..%2f..%2fsecret.txt",
                "/book.yaml",
                "/manuscript/01-out-of-sorts.md",
                "/images/secret.png",
                "/book/media/secret.png",
                str(secret),
                "/" + str(secret),
                "http://127.0.0.1/book.yaml",
                "/book/..\\book.yaml",
                "/dist/out-of-sorts.pdf",
                "/book.pdf",
            ):
                assert _get(port, target) == 404, target
            assert _get(port, "/", host="attacker.example") == 404
        finally:
            status, errors = served.interrupt()
        assert (status, errors) == (130, "interrupted\n")

    def test_next_free_port(self, tmp_path: Path) -> None:
        """A port already taken: the next free one, printed; SIGTERM stops it with 143."""
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            served = Served(_sample(tmp_path / "book"), port, "--no-pdf")
            try:
                assert served.url.startswith("http://127.0.0.1:")
                assert int(served.url.rstrip("/").rsplit(":", 1)[1]) > port
                served.process.terminate()
                assert served.process.wait(timeout=30) == 143
            finally:
                served.kill()


def _get(port: int, target: str, host: str | None = None) -> int:
    """The status of a request sent as it is written (a browser would tidy `..` away)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.putrequest("GET", target, skip_host=True)
        connection.putheader("Host", host or f"127.0.0.1:{port}")
        connection.endheaders()
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class TestIncremental:
    def test_only_the_edited_chapter_is_made_again(self, tmp_path: Path) -> None:
        """A rebuild after one edit reads, transforms and renders that chapter only."""
        root = _sample(tmp_path / "book")
        preview = Preview(root, Board())
        assert preview.rebuild()
        assert len(preview.rebuilt["read"]) == 4
        _edit(root / CHAPTER, PELL, "Agnes Quillfeather")
        assert preview.rebuild(only_edits=True)
        made = {stage: preview.rebuilt[stage] for stage in ("read", "transform", "xhtml")}
        assert made == {"read": [CHAPTER], "transform": ["chapter-001"], "xhtml": ["chapter-001"]}
        assert b"Quillfeather" in preview.board.snapshot.files["text/chapter-001.xhtml"].data
        assert not preview.rebuild()  # nothing changed: the pages are not reloaded
        assert preview.rebuilt["read"] == []

    def test_a_picture_gone_is_reported_at_its_line(self, tmp_path: Path) -> None:
        """A remembered chapter whose picture was removed: `book build`'s error, with its line."""
        root = _sample(tmp_path / "book")
        preview = Preview(root, Board())
        assert preview.rebuild()
        (root / "images" / "lighthouse.png").unlink()
        assert not preview.rebuild()
        source = "manuscript/02-the-keepers-letter.md"
        lines = (root / source).read_text(encoding="utf-8").splitlines()
        line = next(n for n, text in enumerate(lines, 1) if "lighthouse.png" in text)
        error = preview.board.snapshot.error or ""
        assert error.startswith(f"{source}:{line}: error[F001]:"), error
        assert b"lighthouse" in preview.board.snapshot.files["text/chapter-002.xhtml"].data


class TestNoWeasyPrintInTheServer:
    def test_preview_build_does_not_import_weasyprint(self, tmp_path: Path) -> None:
        """The server starts PDF builds as new programs, so it must never load WeasyPrint
        (a fork of a process that has would copy its threads' state half-way)."""
        root = _sample(tmp_path / "book")
        probe = (
            "import sys; from pathlib import Path; import builder.serve.watch;"
            "from builder.serve.preview import Preview; from builder.serve.state import Board;"
            f"assert Preview(Path({str(root)!r}), Board()).rebuild();"
            "print(sorted(m for m in sys.modules if m.startswith('weasyprint')))"
        )
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
        assert (done.returncode, done.stdout) == (0, "[]\n"), done.stderr
