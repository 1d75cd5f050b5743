"""Book folders for the checker's tests: a clean book that a rule can then break."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

# Metadata a store wants, so that a clean book gives no finding at all.
CLEAN_YAML = """\
title: Clean Book
author: Test Author
language: en
identifier: urn:uuid:00000000-0000-4000-8000-000000000002
description: A book with nothing wrong in it.
"""


@pytest.fixture
def write_book(tmp_path: Path) -> Callable[..., Path]:
    """Write a book folder: extra book.yaml lines plus {relative path: text} files."""

    def write(yaml: str = "", files: dict[str, str] | None = None) -> Path:
        root = tmp_path / "book"
        root.mkdir(exist_ok=True)
        (root / "book.yaml").write_text(CLEAN_YAML + textwrap.dedent(yaml), encoding="utf-8")
        for name, content in (files or {"manuscript/01.md": "# One\n\nText.\n"}).items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content), encoding="utf-8")
        return root

    return write
