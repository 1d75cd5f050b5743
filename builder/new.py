"""`book new DIR`: a book folder that builds and checks clean as it is, with CI to keep it so."""

from __future__ import annotations

import json
import re
import uuid
from importlib import resources
from pathlib import Path
from string import Template

from builder import __version__


class FolderNotEmpty(Exception):
    """The target folder holds something already: `book new` never overwrites a file."""


def _template(name: str) -> str:
    return resources.files("builder").joinpath("templates", name).read_text(encoding="utf-8")


def _title(folder: Path) -> str:
    """'my-first-novel' -> 'My First Novel'."""
    words = re.split(r"[-_\s]+", folder.resolve().name)
    return " ".join(word[:1].upper() + word[1:] for word in words if word) or "Untitled"


def _yaml_text(value: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: titles with ':' or '#' stay text.
    return json.dumps(value, ensure_ascii=False)


def workflow(install: str) -> str:
    """The GitHub Actions workflow, installing the builder with INSTALL (pip arguments)."""
    return Template(_template("book.yml")).substitute(install=install)


def create(
    folder: Path, title: str | None = None, author: str = "Your Name", language: str = "en"
) -> list[Path]:
    """Write a new book into FOLDER (which must not exist or be empty); return the files."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(f"{folder} already exists and is not empty")
    metadata = Template(_template("book.yaml")).substitute(
        title=_yaml_text(title or _title(folder)),
        author=_yaml_text(author),
        language=_yaml_text(language),
        identifier=f"urn:uuid:{uuid.uuid4()}",  # new book, new identity; it then stays
    )
    files = {
        "book.yaml": metadata,
        "manuscript/01-chapter-one.md": _template("chapter.md"),
        ".gitignore": _template("gitignore"),
        ".github/workflows/book.yml": workflow(f'"book-builder=={__version__}"'),
    }
    written = []
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
