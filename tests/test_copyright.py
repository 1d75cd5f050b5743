"""The copyright page prints identifiers a reader can use, never a machine's UUID."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

from tests.conftest import build_epub, unzip

XHTML = "{http://www.w3.org/1999/xhtml}"


def _copyright_lines(root: Path) -> list[str]:
    page = etree.fromstring(unzip(build_epub(root))["EPUB/text/copyright.xhtml"])
    return ["".join(p.itertext()) for p in page.iter(f"{XHTML}p")]


class TestCopyrightIdentifier:
    @pytest.mark.parametrize(
        ("identifier", "printed"),
        [
            ("isbn:978-0-306-40615-7", "ISBN 978-0-306-40615-7"),
            ("urn:isbn:9780306406157", "ISBN 9780306406157"),
            ("doi:10.1000/182", "DOI 10.1000/182"),
        ],
    )
    def test_reader_identifiers_are_printed(
        self, make_book: Callable[..., Path], identifier: str, printed: str
    ) -> None:
        """An ISBN or a DOI is printed with its name, without the URI prefix."""
        lines = _copyright_lines(make_book(f"identifier: {identifier}\n"))
        assert printed in lines
        assert not any(identifier in line for line in lines)

    @pytest.mark.parametrize(
        "identifier",
        ["urn:uuid:12345678-1234-4234-8234-123456789abc", "https://example.com/my-book", None],
    )
    def test_machine_identifiers_are_not_printed(
        self, make_book: Callable[..., Path], identifier: str | None
    ) -> None:
        """A UUID (given or the default one) or another URI stays off the page."""
        yaml = f"identifier: {identifier}\n" if identifier else ""
        lines = _copyright_lines(make_book(yaml))
        assert lines and not any("urn:" in line or "://" in line for line in lines)
        assert not any(line.startswith(("ISBN", "DOI")) for line in lines)
