"""Reading stays inside the book folder; WeasyPrint loads nothing else and calls no server."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile.conftest import MARKER, Good, invoke, output_bytes, png_header

CONTENTS = "contents: [manuscript/01.md, {name}]\n"


class TestReading:
    def test_chapter_symlink_out(self, good: Callable[..., Good], secret: Path) -> None:
        """A chapter that is a symlink to a file outside the book is refused."""
        book = good()
        (book.root / "manuscript/02.md").symlink_to(secret)
        book.refused("F002", "manuscript/02.md")

    def test_dotdot_path(self, good: Callable[..., Good], secret: Path) -> None:
        """A ../ path in contents is refused."""
        book = good()
        book.yaml(CONTENTS.format(name="../secret.txt"))
        book.refused("F002", "../secret.txt")

    def test_absolute_path(self, good: Callable[..., Good], secret: Path) -> None:
        """An absolute path in contents is refused."""
        book = good()
        book.yaml(CONTENTS.format(name=str(secret)))
        book.refused("F002", str(secret))

    def test_fifo(self, good: Callable[..., Good]) -> None:
        """A FIFO named like a chapter is not read (it would block for ever)."""
        book = good()
        os.mkfifo(book.root / "manuscript/02.md")
        book.yaml(CONTENTS.format(name="manuscript/02.md"))
        book.refused("F003", "manuscript/02.md")

    @pytest.mark.parametrize("contents", ["", "contents: [manuscript/*.md]\n"])
    def test_fifo_found_by_a_glob(self, good: Callable[..., Good], contents: str) -> None:
        """A FIFO named like a chapter, found by default or by a glob, is refused by name."""
        book = good()
        os.mkfifo(book.root / "manuscript/02.md")
        book.yaml(contents)
        line = book.refused("F003", "manuscript/02.md")
        assert "FIFO" in line
        result = invoke("check", str(book.root), "--no-epubcheck")
        assert result.status == 1, result.output
        assert "F003" in result.output and "manuscript/02.md" in result.output

    def test_broken_symlink_named_like_a_chapter(self, good: Callable[..., Good]) -> None:
        """A symlink to nothing, named like a chapter, is not left out unseen."""
        book = good()
        (book.root / "manuscript/02.md").symlink_to(book.root / "gone.md")
        book.refused("F003", "manuscript/02.md")

    def test_dev_zero_symlink(self, good: Callable[..., Good]) -> None:
        """A symlink to /dev/zero is refused before anything reads it."""
        book = good()
        (book.root / "manuscript/02.md").symlink_to("/dev/zero")
        book.yaml(CONTENTS.format(name="manuscript/02.md"))
        book.refused("F002", "manuscript/02.md")

    def test_directory_named_like_a_file(self, good: Callable[..., Good]) -> None:
        """A folder called 02.md, listed as a chapter, is not a regular file."""
        book = good()
        (book.root / "manuscript/02.md").mkdir()
        book.yaml(CONTENTS.format(name="manuscript/02.md"))
        book.refused("F003", "manuscript/02.md")

    def test_image_symlink_out(self, good: Callable[..., Good], secret: Path) -> None:
        """An image that is a symlink out of the book is refused."""
        book = good()
        (book.root / "images").mkdir()
        (book.root / "images/a.png").symlink_to(secret)
        book.write("manuscript/01.md", "# One\n\n![x](../images/a.png)\n")
        book.refused("F002", "manuscript/01.md")

    def test_image_dotdot(self, good: Callable[..., Good], secret: Path) -> None:
        """An image path climbing out of the book is refused."""
        book = good()
        book.write("manuscript/01.md", "# One\n\n![x](../../secret.txt)\n")
        book.refused("F002", "manuscript/01.md")

    def test_image_file_url(self, good: Callable[..., Good], secret: Path) -> None:
        """An image given as a file:// URL stays text (markdown-it refuses the URL)."""
        book = good()
        book.write("manuscript/01.md", f"# One\n\n![x](file://{secret})\n")
        book.builds()
        assert MARKER.encode() not in output_bytes(book.root)
        assert b'src="file:' not in output_bytes(book.root)

    def test_stylesheet_symlink_out(self, good: Callable[..., Good], secret: Path) -> None:
        """An author's stylesheet that is a symlink out of the book is refused."""
        book = good(styles="p { color: black; }")
        (book.root / "styles/my.css").unlink()
        (book.root / "styles/my.css").symlink_to(secret)
        book.refused("F002", "styles/my.css")


class TestLayoutSandbox:
    @pytest.mark.parametrize(
        "css",
        [
            "body {{ background: url(file://{secret}); }}",
            "@font-face {{ font-family: X; src: url(file://{secret}); }} p {{ font-family: X; }}",
            "@import url(file://{secret});",
            "body {{ background: url(../secret.txt); }}",
        ],
    )
    def test_css_outside_refused(self, good: Callable[..., Good], secret: Path, css: str) -> None:
        """CSS naming a file outside the book (URL, @font-face, @import, ../) stops the PDF."""
        book = good("pdf", styles="p { color: black; }")
        book.write("styles/my.css", css.format(secret=secret))
        book.refused("P001", "secret.txt")

    def test_css_symlink_to_dev_zero(self, good: Callable[..., Good]) -> None:
        """A stylesheet picture that is a symlink to /dev/zero is refused, not read."""
        book = good("pdf", styles="p { color: black; }")
        (book.root / "styles/zero.png").symlink_to("/dev/zero")
        book.write("styles/my.css", "body { background: url(zero.png); }")
        book.refused("P001", "zero.png")

    @pytest.mark.parametrize(
        "css",
        [
            "body {{ background: url({url}/a.png); }}",
            "@import url({url}/a.css);",
            "@font-face {{ font-family: X; src: url({url}/f.woff); }} p {{ font-family: X; }}",
            "p::before {{ content: url({url}/b.png); }}",
        ],
    )
    def test_no_network(
        self, good: Callable[..., Good], server: tuple[str, list[str]], css: str
    ) -> None:
        """Loopback URLs in CSS are refused and the server receives no request."""
        url, requests = server
        book = good("pdf", styles="p { color: black; }")
        book.write("styles/my.css", css.format(url=url))
        book.refused("P001", "127.0.0.1")
        assert requests == []

    def test_no_network_from_markdown(
        self, good: Callable[..., Good], server: tuple[str, list[str]]
    ) -> None:
        """An http image in Markdown is refused; the server receives no request."""
        url, requests = server
        book = good("pdf")
        book.write("manuscript/01.md", f"# One\n\n![x]({url}/a.png)\n")
        book.refused("M004", "manuscript/01.md")
        assert requests == []

    def test_data_url_bomb(self, good: Callable[..., Good]) -> None:
        """A data: URL picture declaring a huge size is refused by the fetcher."""
        import base64

        book = good("pdf", styles="p { color: black; }")
        data = base64.b64encode(png_header(100_000, 100_000)).decode()
        book.write("styles/my.css", f"body {{ background: url(data:image/png;base64,{data}); }}")
        book.refused("P001", "pixels")


class TestRawHtmlIsText:
    def test_nothing_reaches_outputs(
        self, good: Callable[..., Good], secret: Path, server: tuple[str, list[str]]
    ) -> None:
        """Raw HTML is shown as text: no attachment, script, handler, link or fetch arises."""
        url, requests = server
        book = good("pdf")
        html = (
            f'<link rel="attachment" href="file://{secret}">\n\n'
            f'<a rel="attachment" href="{secret}">a</a> <img src="file://{secret}">\n\n'
            f'<script>alert(1)</script> <p onclick="alert(1)">x</p>\n\n'
            f'<a href="javascript:alert(1)">j</a> <img src="{url}/x.png">\n\n'
            f"<style>@import url({url}/s.css);</style>\n"
        )
        book.write("manuscript/01.md", "# One\n\n" + html)
        book.fmt = "all"
        book.builds()
        found = output_bytes(book.root)
        assert MARKER.encode() not in found
        assert requests == []
        import zipfile

        with zipfile.ZipFile(book.root / "dist/test-book.epub") as archive:
            text = archive.read("EPUB/text/chapter-001.xhtml").decode()
        from lxml import etree

        tree = etree.fromstring(text.encode())
        assert not list(tree.iter("{*}script")) and not list(tree.iter("{*}img"))
        assert {link.get("rel") for link in tree.iter("{*}link")} == {"stylesheet"}
        attributes = [name for e in tree.iter() for name in e.attrib]
        assert not [name for name in attributes if name.startswith("on")]
        hrefs = [e.get("href", "") for e in tree.iter()]
        assert not [href for href in hrefs if href.startswith(("javascript", "file", "http"))]
        assert "&lt;script&gt;" in text

    def test_javascript_link(self, good: Callable[..., Good]) -> None:
        """A Markdown link to javascript: stays text; no javascript: href reaches the EPUB."""
        book = good()
        book.write("manuscript/01.md", "# One\n\n[click](javascript:alert(1))\n")
        book.builds()
        assert b'href="javascript' not in output_bytes(book.root)

    def test_unknown_link_scheme(self, good: Callable[..., Good]) -> None:
        """A link with a scheme that is not for the web or mail is refused."""
        book = good()
        book.write("manuscript/01.md", "# One\n\n[click](smb://server/share)\n")
        book.refused("M003", "manuscript/01.md")

    def test_event_handler_attribute(self, good: Callable[..., Good]) -> None:
        """An {onclick=...} attribute never reaches the EPUB."""
        book = good()
        book.write("manuscript/01.md", '# One\n\nText.\n{onclick="alert(1)"}\n')
        result = invoke("build", str(book.root), "--format", "epub")
        assert result.status in (0, 1), result.output
        if result.status:
            assert "error[M002]" in result.output and "manuscript/01.md" in result.output
            book.unchanged()
        assert b'onclick="' not in output_bytes(book.root)


class TestSecretsNeverLeak:
    @pytest.mark.parametrize("how", ["symlink", "dotdot", "absolute", "css"])
    def test_secret(self, good: Callable[..., Good], secret: Path, how: str) -> None:
        """However the secret is named, the build fails and no output holds it."""
        book = good("pdf", styles="p { color: black; }")
        book.fmt = "all"
        if how == "symlink":
            (book.root / "manuscript/02.md").symlink_to(secret)
        elif how == "dotdot":
            book.write("manuscript/02.md", "# Two\n\n![x](../../secret.txt)\n")
        elif how == "absolute":
            book.write("manuscript/02.md", f"# Two\n\n![x]({secret})\n")
        else:
            face = f"@font-face {{ font-family: X; src: url(file://{secret}); }}"
            css = face + " p { font-family: X; }"
            book.write("styles/my.css", css)

        result = invoke("build", str(book.root))
        assert result.status == 1, result.output
        assert MARKER not in result.output
        assert not (book.root / "dist").exists() or MARKER.encode() not in output_bytes(book.root)
