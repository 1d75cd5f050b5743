"""Pictures an imported document shows, named images/image-001.png... by what they are.

A picture is named by its content, not by the name the document gave it: a Word file's
"media/image1.emf" or a web page's "photo?id=3" would not tell the builder (or EPUB
readers) its type, and the importer's own names never leave images/.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes

from lxml import etree

from builder import media, sources
from builder.errors import BookError, Location
from builder.importer.imported import Dropped
from builder.urls import SCHEME

MAX_PICTURE_BYTES = sources.MAX_FILE_BYTES
# The HTML reader's hook (html.Pictures): a picture's src and place -> its src in the model.
PictureHook = Callable[[str, Location], str | None]
# A CSS url() to anything but a fragment of the same file.
_OUTSIDE_URL = re.compile(r"url\(\s*['\"]?\s*[^'\"#\s)]", re.IGNORECASE)
_EXTENSIONS = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif",
               "image/webp": "webp", "image/svg+xml": "svg"}  # fmt: skip


class Pictures:
    """The pictures kept so far (FILES: name -> bytes); what is left out goes to DROPPED."""

    def __init__(self, dropped: list[Dropped]) -> None:
        self.files: dict[str, bytes] = {}
        self.dropped = dropped
        self._names: dict[bytes, str] = {}  # a picture shown twice is kept once

    def add(self, data: bytes, where: str) -> str | None:
        """The name in images/ of the picture DATA, or None (and why, in dropped)."""
        kind = media.sniff(data)
        if kind is None or len(data) > MAX_PICTURE_BYTES:
            # EMF, WMF and TIFF from Word: no EPUB reader shows them.
            self.dropped.append(Dropped("unsupported picture", where))
            return None
        digest = hashlib.sha256(data).digest()
        if digest in self._names:
            return self._names[digest]
        name = f"image-{len(self.files) + 1:03d}.{_EXTENSIONS[kind]}"
        try:
            media.check_safe(name, data, kind, Location(name))
        except BookError:  # a decompression bomb, an SVG with entities: the build would refuse
            self.dropped.append(Dropped("unsafe picture", where))
            return None
        if kind == "image/svg+xml" and not _inert_svg(data):
            self.dropped.append(Dropped("unsafe picture", where))
            return None
        self.files[name] = data
        self._names[digest] = name
        return name


def _inert_svg(data: bytes) -> bool:
    """Whether an SVG neither runs nor fetches anything: no script, no event handler, no
    foreign HTML, no reference outside itself. (A document is untrusted; a book's own
    SVGs are the author's, and are not held to this.)"""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        tree = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return False
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname in ("script", "foreignObject"):
            return False
        for name, value in element.attrib.items():
            local = etree.QName(name).localname.lower()
            if local.startswith("on") or (local == "href" and not str(value).startswith("#")):
                return False
        if _OUTSIDE_URL.search(f"{element.text or ''} {element.get('style') or ''}"):
            return False
    return True


def from_archive(pictures: Pictures, members: dict[str, bytes]) -> PictureHook:
    """The HTML reader's picture hook for a document whose pictures are inside it (an
    .odt's, an EPUB's, by the path the document names them with): each goes to PICTURES;
    one linked by address is reported and not fetched, one not there is reported."""

    def picture(src: str, where: Location) -> str | None:
        if src in members:
            name = pictures.add(members[src], src)
            return None if name is None else f"images/{name}"
        remote = src.startswith("//") or src.lower().startswith(("http:", "https:"))
        pictures.dropped.append(Dropped("remote image" if remote else "missing picture", src[:80]))
        return None

    return picture


def from_page(pictures: Pictures, folder: Path, src: str, where: str) -> str | None:
    """The name in images/ of the picture SRC that a web page in FOLDER shows, or None.

    Pictures beside the page or beneath its folder are part of the document (Google Docs
    exports its pictures into images/ next to the page); remote ones are not fetched."""
    if src.lower().startswith("data:"):
        data = _data_url(src)
        if data is None:
            pictures.dropped.append(Dropped("unreadable picture", where))
            return None
        return pictures.add(data, where)
    if src.startswith("//") or src.lower().startswith(("http:", "https:")):
        pictures.dropped.append(Dropped("remote image", f"{where}: {src[:80]}"))
        return None
    if SCHEME.match(src):  # file:, ftp:...: not part of the document either
        pictures.dropped.append(Dropped("linked picture", f"{where}: {src[:80]}"))
        return None
    path = _beneath(folder, unquote(src.partition("#")[0].partition("?")[0]))
    if path is None:
        pictures.dropped.append(Dropped("missing picture", f"{where}: {src[:80]}"))
        return None
    return pictures.add(path.read_bytes(), where)


def _beneath(folder: Path, relative: str) -> Path | None:
    """FOLDER/RELATIVE if it is a file of sane size beneath FOLDER (links followed)."""
    if not relative:
        return None
    real_folder = folder.resolve()
    path = (real_folder / relative).resolve()
    if not path.is_relative_to(real_folder) or not path.is_file():
        return None
    return path if path.stat().st_size <= MAX_PICTURE_BYTES else None


def _data_url(src: str) -> bytes | None:
    """The bytes of a data: URL, or None if it is malformed or over the size cap."""
    header, comma, payload = src.partition(",")
    # Base64 is 4 characters for 3 bytes: anything longer than this is over the cap.
    if not comma or len(payload) > MAX_PICTURE_BYTES // 3 * 4 + 4:
        return None
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode("".join(payload.split()), validate=True)
        except (binascii.Error, ValueError):
            return None
    return unquote_to_bytes(payload)
