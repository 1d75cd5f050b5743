"""Reading the author's files: only inside the book folder, only text we can decode.

Every file the builder opens goes through here, so the rules live in one place:
paths are resolved (symlinks followed) and must stay inside the book folder,
must be regular files, and must not be absurdly large.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from builder.errors import BookError, Location
from builder.urls import SCHEME

# A 500,000-word novel is about 3 MB; a single chapter or image ten times that
# is not a manuscript but a mistake (or an attack), and would exhaust memory later.
MAX_FILE_BYTES = 64 * 1024 * 1024


def resolve(root: Path, relative: str, where: Location) -> Path:
    """The real path of a book-relative path, refusing anything that leaves the book folder."""
    pure = PurePosixPath(relative)
    if pure.is_absolute() or ".." in pure.parts:
        raise BookError(f"{relative!r} is outside the book folder", where, "F002")
    real_root = root.resolve()
    path = (real_root / pure).resolve()
    if not path.is_relative_to(real_root):
        raise BookError(f"{relative!r} leads outside the book folder", where, "F002")
    if not path.exists():
        raise BookError(f"{relative!r} does not exist", where, "F001")
    if not path.is_file():
        raise BookError(f"{relative!r} is not a regular file", where, "F003")
    return path


def read_bytes(root: Path, relative: str, where: Location) -> bytes:
    """The content of a book file, within the size cap."""
    path = resolve(root, relative, where)
    if path.stat().st_size > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise BookError(f"{relative!r} is larger than {limit} MB", where, "F004")
    return path.read_bytes()


def book_relative(source: str, path: str) -> str | None:
    """A path written in the book file SOURCE, relative to the book folder; None if it leaves.

    Markdown paths are URLs, so %20 is a space. The reader and the checker both resolve
    links and images with this, so they agree on what a path names.
    """
    parts: list[str] = []
    for part in (PurePosixPath(source).parent / unquote(path)).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def decode(relative: str, data: bytes) -> str:
    """The text of the book file RELATIVE, whose content is DATA: UTF-8 with or without a
    byte-order mark, CRLF or LF, as LF text."""
    for bom, encoding in _OTHER_BOMS:
        if data.startswith(bom):
            raise BookError(
                f"the file is {encoding} (it starts with a {encoding} byte-order mark); "
                "save it as UTF-8",
                Location(relative, 1, 1),
                "F005",
            )
    try:
        # utf-8-sig drops a BOM; left in, it would turn "# Title" into a paragraph.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BookError(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8",
            Location(relative, line, column),
            "F005",
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Word processors paste a manual line break as VT and a page break as FF.
    text = text.replace("\v", "\n").replace("\f", "\n\n")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise BookError(
            f"control character U+{ord(bad.group()):04X} in the text; remove it",
            Location(relative, line, column),
            "F006",
        )
    return text


# Word processors on Windows save "Unicode" text as UTF-16; UTF-32 first, as its
# little-endian mark starts with UTF-16's.
_OTHER_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)

# XML (and so XHTML) cannot carry these; anywhere else they are invisible garbage.
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")


def picture(root: Path, source: str, src: str, where: Location) -> str:
    """The book-relative path of the picture SRC that the book file SOURCE shows, after
    checking that it is a file of the book (every reader names pictures through this)."""
    if SCHEME.match(src):
        message = f"images must be files in the book folder, not {src[:60]!r}"
        raise BookError(message, where, "M004")
    target = book_relative(source, src)
    if target is None:
        raise BookError(f"{src!r} is outside the book folder", where, "F002")
    resolve(root, target, where)
    return target


def check_unpacked_size(source: str, archive: zipfile.ZipFile, kind: str) -> None:
    """A .docx, .odt or .epub is a zip: a small file may unpack to gigabytes (a zip bomb),
    so its unpacked size is held to the limit of any manuscript file. zipfile never reads
    past a member's declared size (a member that lies fails its CRC), so the declared sizes
    are the ones to add up. KIND names the file for the author ("the Word document")."""
    if sum(member.file_size for member in archive.infolist()) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        raise BookError(f"{kind} unpacks to more than {limit} MB", Location(source), "F004")


def check_zip_bytes(source: str, data: bytes, kind: str) -> None:
    """check_unpacked_size for a file's bytes; bytes that are no zip are left to the
    reader, whose own failure names the file."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_unpacked_size(source, archive, kind)
    except (zipfile.BadZipFile, OSError, EOFError):
        return
