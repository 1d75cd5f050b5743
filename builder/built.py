"""What dist/'s files were built from: the hash of a book's sources, and the records of
the last build (which source each output came from, the PDF's page map) by which `book
check`, `--format cover` and an EPUB built on its own know whether dist/ is current."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from builder import config as config_mod
from builder import sources
from builder.errors import BookError, Location
from builder.output import write_atomically
from builder.render.page_map import PageMap

DIST = "dist"
# Where the last PDF's pages began, for an EPUB built on its own from the same source.
PAGE_MAP = Path(DIST) / ".cache" / "pages.json"
# What each file in dist/ was built from, so that book check knows whether it is current.
BUILT = Path(DIST) / ".cache" / "built.json"


def record(config: config_mod.BookConfig, written: dict[str, Path], digest: str) -> None:
    """Note what each file just written was built from (the PDF: for which target too)."""
    built = entries(config.root)
    for kind, path in written.items():
        built[kind] = {"file": path.name, "source": digest, "target": config.print.target}
    write_atomically(config.root / BUILT, json.dumps(built, sort_keys=True).encode())


def entries(root: Path) -> dict[str, dict[str, str]]:
    try:
        built = json.loads((root / BUILT).read_text())
    except (OSError, ValueError):
        return {}
    return built if isinstance(built, dict) else {}


def laid_out_for(config: config_mod.BookConfig) -> str:
    """The print target dist/'s PDF was laid out for: book.yaml's, or `--target`'s."""
    entry = entries(config.root).get("pdf")
    target = entry.get("target") if isinstance(entry, dict) else None
    return target if isinstance(target, str) else config.print.target


def source_digest(
    config: config_mod.BookConfig, manuscript: Mapping[str, bytes], images: Iterable[str] = ()
) -> str:
    """A hash of everything the outputs come from: book.yaml, manuscript, styles, pictures
    and the builder's version.

    MANUSCRIPT holds the bytes the build read (read once, not again for the hash).
    """
    from builder import __version__

    digest = hashlib.sha256(__version__.encode())
    for name in (path for group in config.contents for path in group.files):
        digest.update(name.encode() + b"\0" + manuscript[name])
    digest.update(config_mod.CONFIG_FILE.encode() + b"\0" + config.source)
    for name in config.styles:
        data = sources.read_bytes(config.root, name, Location(name))
        digest.update(name.encode() + b"\0" + data)
    _theme_digest(config, digest)
    for name in images:
        try:
            data = sources.read_bytes(config.root, name, Location(name))
        except BookError:  # reported where the picture is used (media.check_all)
            data = b"\0unreadable"
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def _theme_digest(config: config_mod.BookConfig, digest: Any) -> None:
    """Add the theme's files: an author editing their theme's CSS changes the outputs."""
    from builder.render import themes

    theme = themes.of(config)
    for path in sorted(theme.folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            digest.update(path.relative_to(theme.folder).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())


def saved_page_map(root: Path, digest: str) -> PageMap | None:
    """The page map of the last PDF, if it was built from exactly this source."""
    try:
        saved_digest, page_map = json.loads((root / PAGE_MAP).read_text())
    except (OSError, ValueError):
        return None
    if saved_digest != digest:
        return None
    return {
        section: [(label, (tuple(path), offset)) for label, (path, offset) in entries]
        for section, entries in page_map.items()
    }
