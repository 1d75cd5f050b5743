"""Bad text and bad data: each refused with its own line naming the file, or handled safely."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from tests.hostile.conftest import Good, png_header


class TestEncodings:
    def test_invalid_utf8(self, good: Callable[..., Good]) -> None:
        """Bytes that are not UTF-8 are refused at their line and column."""
        book = good()
        book.write("manuscript/01.md", b"# One\n\nCaf\xe9 au lait.\n")
        line = book.refused("F005", "manuscript/01.md:3:4")
        assert "0xe9" in line

    def test_utf16(self, good: Callable[..., Good]) -> None:
        """A UTF-16 file (with its byte-order mark) is refused, naming the encoding."""
        book = good()
        book.write("manuscript/01.md", "# One\n\nText.\n".encode("utf-16"))
        assert "UTF-16" in book.refused("F005", "manuscript/01.md")

    def test_utf32(self, good: Callable[..., Good]) -> None:
        """A UTF-32 file is refused, naming the encoding."""
        book = good()
        book.write("manuscript/01.md", "# One\n\nText.\n".encode("utf-32"))
        assert "UTF-32" in book.refused("F005", "manuscript/01.md")

    def test_utf8_bom_keeps_the_heading(self, good: Callable[..., Good]) -> None:
        """A UTF-8 byte-order mark does not turn '# Title' into a paragraph."""
        book = good()
        book.write("manuscript/01.md", "\ufeff# Dawn\n\nText.\n".encode())
        out = book.builds()
        assert b'<h1 class="chapter-title">Dawn</h1>' in b"".join(_unzipped(out["test-book.epub"]))

    def test_nul(self, good: Callable[..., Good]) -> None:
        """A NUL character is refused at its place."""
        book = good()
        book.write("manuscript/01.md", "# One\n\nNul\0 here.\n")
        book.refused("F006", "manuscript/01.md:3:4")

    def test_escape_character(self, good: Callable[..., Good]) -> None:
        """Another control character (ESC) is refused at its place."""
        book = good()
        book.write("manuscript/01.md", "# One\n\nAn \x1b[31m escape.\n")
        book.refused("F006", "manuscript/01.md:3:4")

    def test_yaml_not_utf8(self, good: Callable[..., Good]) -> None:
        """A book.yaml that is not UTF-8 is refused at its place."""
        book = good()
        book.write("book.yaml", b"title: Caf\xe9\nauthor: A\nlanguage: en\n")
        book.refused("F005", "book.yaml:1:")


class TestShapes:
    def test_empty_chapter(self, good: Callable[..., Good]) -> None:
        """An empty chapter is an error; ebooklib never writes half an EPUB."""
        book = good()
        book.write("manuscript/02.md", "")
        book.refused("C001", "manuscript/02.md")

    def test_huge_file(self, good: Callable[..., Good]) -> None:
        """A chapter over 64 MB is refused before it is read (a sparse file here)."""
        book = good()
        with (book.root / "manuscript/02.md").open("wb") as handle:
            handle.truncate(65 * 1024 * 1024)
        book.refused("F004", "manuscript/02.md")

    def test_very_long_line(self, good: Callable[..., Good]) -> None:
        """A 2 MB paragraph on one line builds, in reasonable time."""
        book = good()
        book.write("manuscript/02.md", "# Two\n\n" + "word, 'quote' -- " * 120_000 + "\n")
        start = time.monotonic()
        book.builds()
        assert time.monotonic() - start < 60

    @pytest.mark.parametrize(
        "text",
        [
            ">" * 5000 + " deep\n",
            "".join("  " * i + "- item\n" for i in range(2000)),
            "".join("    " * i + "1. item\n" for i in range(300)),
            "*_" * 3000 + "x" + "_*" * 3000 + "\n",
            "<div>" * 10000 + "x" + "</div>" * 10000 + "\n",
            "[" * 5000 + "x" + "](https://example.com)" * 5000 + "\n",
        ],
        ids=["blockquotes", "bullets", "ordered", "emphasis", "raw-html", "brackets"],
    )
    def test_deep_nesting(self, good: Callable[..., Good], text: str) -> None:
        """Nesting thousands deep neither blows the stack nor shows a traceback."""
        book = good("pdf")
        book.fmt = "all"
        book.write("manuscript/02.md", "# Two\n\n" + text)
        book.builds()

    def test_yaml_deep(self, good: Callable[..., Good]) -> None:
        """book.yaml nested a thousand deep is refused (PyYAML would hit RecursionError)."""
        book = good()
        book.write("book.yaml", "title: T\nauthor: A\nlanguage: en\nseries: " + "[" * 1000)
        book.refused("Y008", "book.yaml:4:")

    def test_yaml_alias(self, good: Callable[..., Good]) -> None:
        """YAML aliases (billion laughs) are refused."""
        book = good()
        book.yaml("subjects: &a [x, x]\nrights: *a\n")
        book.refused("Y008", "book.yaml:5:")

    def test_yaml_duplicate_key(self, good: Callable[..., Good]) -> None:
        """A duplicate key is refused, not silently overwritten."""
        book = good()
        book.write("book.yaml", "title: A\nauthor: B\nlanguage: en\ntitle: C\n")
        book.refused("Y007", "book.yaml:4:1")

    def test_yaml_norway(self, good: Callable[..., Good]) -> None:
        """`language: no` is Norwegian, not False."""
        book = good()
        book.write("book.yaml", "title: A\nauthor: B\nlanguage: no\n")
        out = book.builds()
        assert b"<dc:language>no</dc:language>" in b"".join(_unzipped(out["a.epub"]))


def _unzipped(data: bytes) -> list[bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [archive.read(name) for name in archive.namelist()]


class TestStyles:
    @pytest.mark.parametrize(
        ("css", "place"),
        [
            ("p {\n  font-size: 1e9px;\n}", "styles/my.css:2:14"),
            ("body { margin: -1e9in; }", "styles/my.css:1:16"),
            ("p { text-indent: 99999999%; }", "styles/my.css:1:18"),
        ],
    )
    def test_absurd_values(self, good: Callable[..., Good], css: str, place: str) -> None:
        """An absurd length is refused at its place, before WeasyPrint overflows or hangs."""
        book = good("pdf", styles="p { color: black; }")
        book.write("styles/my.css", css)
        book.refused("P003", place)

    def test_css_not_utf8(self, good: Callable[..., Good]) -> None:
        """A stylesheet that is not UTF-8 is refused."""
        book = good(styles="p { color: black; }")
        book.write("styles/my.css", b"p::before { content: '\xe9'; }")
        book.refused("F005", "styles/my.css:1")


PICTURE = "# One\n\n![A picture](../images/{name})\n"


class TestImages:
    @pytest.mark.parametrize("fmt", ["epub", "pdf"])
    def test_png_bomb(self, good: Callable[..., Good], fmt: str) -> None:
        """A PNG declaring 100,000 × 100,000 pixels is refused from its header alone."""
        book = good(fmt)
        book.write("images/bomb.png", png_header(100_000, 100_000))
        book.write("manuscript/01.md", PICTURE.format(name="bomb.png"))
        assert "images/bomb.png" in book.refused("I005", "manuscript/01.md")

    def test_jpeg_named_png(self, good: Callable[..., Good]) -> None:
        """A file named .png holding a JPEG is refused."""
        book = good()
        book.write("images/a.png", b"\xff\xd8\xff\xe0" + b"\0" * 100)
        book.write("manuscript/01.md", PICTURE.format(name="a.png"))
        book.refused("I002", "manuscript/01.md")

    def test_text_named_png(self, good: Callable[..., Good]) -> None:
        """A text file named .png is refused."""
        book = good("pdf")
        book.write("images/a.png", "not a picture at all")
        book.write("manuscript/01.md", PICTURE.format(name="a.png"))
        book.refused("I002", "manuscript/01.md")

    def test_truncated_png(self, good: Callable[..., Good]) -> None:
        """A PNG cut off after its signature is refused as damaged."""
        book = good("pdf")
        book.write("images/a.png", b"\x89PNG\r\n\x1a\n\0\0")
        book.write("manuscript/01.md", PICTURE.format(name="a.png"))
        assert "damaged" in book.refused("I002", "manuscript/01.md")

    @pytest.mark.parametrize(
        "svg",
        [
            '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            '<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
        ],
        ids=["billion-laughs", "external-entity"],
    )
    @pytest.mark.parametrize("fmt", ["epub", "pdf"])
    def test_svg_entities(self, good: Callable[..., Good], svg: str, fmt: str) -> None:
        """An SVG with a DOCTYPE or entities is refused."""
        book = good(fmt)
        book.write("images/a.svg", svg)
        book.write("manuscript/01.md", PICTURE.format(name="a.svg"))
        book.refused("I004", "manuscript/01.md")
