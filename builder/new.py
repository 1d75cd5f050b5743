"""`book new DIR`: a book folder that builds and checks clean as it is, with CI to keep it so."""

from __future__ import annotations

import json
import re
import shlex
import uuid
from collections.abc import Mapping, Sequence
from importlib import metadata, resources
from pathlib import Path
from string import Template
from typing import Any

import yaml

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


def workflow(install: Sequence[str], note: Sequence[str] = ()) -> str:
    """The GitHub Actions workflow: its install step runs `pip install INSTALL`, under NOTE.

    NOTE is comment lines (our own text, never a value read from outside); the command
    goes in as a YAML scalar written by PyYAML, so no URL or path can change the YAML.
    """
    command = "pip install " + shlex.join(install)
    run = yaml.safe_dump({"run": command}, width=2**31, allow_unicode=True)
    if run.count("\n") > 1:  # a line break in a value: one double-quoted line instead
        run = yaml.safe_dump({"run": command}, width=2**31, default_style='"')
    comments = "".join(f"      # {line}\n" for line in note)
    return Template(_template("book.yml")).substitute(note=comments, run=run.rstrip("\n"))


# --- how this builder was installed, so that the workflow installs the same one ------------

DIST = "book-builder"
PLACEHOLDER = f"{DIST} @ git+https://github.com/OWNER/REPOSITORY@COMMIT"
REACHABLE = ("https://", "http://", "ssh://", "git://")

PIN_VERSION = (
    "The builder at the version you have, so that every build uses the same one;",
    "to move to a newer builder, change the version after ==.",
)
PIN_COMMIT = (
    "The builder from its repository at the commit you have, so that every build uses",
    "the same one; to move on, put a newer commit after the @ (a tag such as @v1.0",
    "pins it too; a branch such as @main follows the branch, unpinned).",
)
PIN_ARCHIVE = (
    "The builder from the archive you installed, checked by its hash, so that every",
    "build uses the same one; to move on, point it at a newer archive and its hash.",
)
FROM_A_FOLDER = (
    "Your builder was installed from a folder on your computer, which GitHub cannot",
    "reach: replace OWNER/REPOSITORY below with the builder's repository on GitHub,",
    "and COMMIT with the commit to use (`git rev-parse HEAD` in the builder's folder).",
    "A commit pins the builder, so that every build uses the same one.",
)


def installed_from() -> dict[str, Any] | None:
    """How pip recorded this builder (PEP 610's direct_url.json); None: from a package index.

    An empty dict when nothing usable is recorded (not installed, or a damaged record).
    """
    # Only an installer writes INSTALLER: a setuptools *.egg-info left in a source folder
    # (first on sys.path when run from there) records nothing about an installation.
    installs = [d for d in metadata.distributions(name=DIST) if d.read_text("INSTALLER")]
    if not installs:
        return {}
    text = installs[0].read_text("direct_url.json")
    if text is None:
        return None
    try:
        record = json.loads(text)
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def install_step(
    direct_url: Mapping[str, Any] | None, version: str = __version__
) -> tuple[list[str], tuple[str, ...]]:
    """The pip arguments that install this same builder on GitHub's machines, with a note."""
    if direct_url is None:
        return [f"{DIST}=={version}"], PIN_VERSION
    url = direct_url.get("url")
    if not isinstance(url, str) or not url.startswith(REACHABLE):
        return [PLACEHOLDER], FROM_A_FOLDER  # a folder or a file: not on GitHub's machines
    vcs, archive = direct_url.get("vcs_info"), direct_url.get("archive_info")
    if isinstance(vcs, Mapping) and vcs.get("commit_id"):
        requirement = f"{DIST} @ {vcs.get('vcs', 'git')}+{url}@{vcs['commit_id']}"
        return [requirement + _fragment(direct_url, {})], PIN_COMMIT
    if isinstance(archive, Mapping):
        return [f"{DIST} @ {url}" + _fragment(direct_url, archive)], PIN_ARCHIVE
    return [PLACEHOLDER], FROM_A_FOLDER


def _fragment(direct_url: Mapping[str, Any], archive: Mapping[str, Any]) -> str:
    """pip's URL fragment: the subdirectory the package is in, and the archive's hash."""
    parts = []
    if direct_url.get("subdirectory"):
        parts.append(f"subdirectory={direct_url['subdirectory']}")
    hashes = archive.get("hashes")
    if isinstance(hashes, Mapping) and hashes.get("sha256"):
        parts.append(f"sha256={hashes['sha256']}")
    elif isinstance(archive.get("hash"), str):
        parts.append(archive["hash"])  # the older form, already "sha256=..."
    return "#" + "&".join(parts) if parts else ""


def create(
    folder: Path,
    title: str | None = None,
    author: str = "Your Name",
    language: str = "en",
    theme: str | None = None,
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
    if theme is not None:
        metadata += _theme_lines(theme)
    files = {
        "book.yaml": metadata,
        "manuscript/01-chapter-one.md": _template("chapter.md"),
        ".gitignore": _template("gitignore"),
        ".github/workflows/book.yml": workflow(*install_step(installed_from())),
    }
    written = []
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written


def _theme_lines(name: str) -> str:
    """book.yaml's `theme:` for a built-in theme; another name is refused before anything is
    written."""
    from builder.errors import BookError, Location
    from builder.render import themes

    names = themes.builtin_names()
    if name not in names:
        message = f"unknown theme {name!r}: use one of {', '.join(names)}"
        raise BookError(message, Location("--theme"), "Y006")
    return f"# The book's design: `book themes` lists the others.\ntheme: {_yaml_text(name)}\n"
