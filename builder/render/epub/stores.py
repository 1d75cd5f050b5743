"""One EPUB per store: its links, and what the store asks of the file.

Every edition is the book's EPUB packaged with STORE, so its back matter links to that
store only (builder/render/back_matter.py). Then:

- kindle: nothing more. KDP converts EPUB itself; the builder's EPUB keeps within its
  guidelines by construction (navigation two levels deep at most, which is what Kindle
  shows; no scripts, forms or fixed positions), and `book check` reports images and files
  beyond KDP's limits (D003, D004).
- apple: `META-INF/com.apple.ibooks.display-options.xml` with `specified-fonts` when the
  book embeds fonts: without it Apple Books shows its own font, not the book's.
- kobo: a kepub (`.kepub.epub`): Kobo's sentence spans and wrapper divs in each content
  document (kepub.py), for Kobo's reading statistics and page turns.
- google: nothing more.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from datetime import datetime

from lxml import etree

from builder.model import Book
from builder.render.epub import kepub
from builder.render.epub import package as epub
from builder.render.page_map import PageMap

DISPLAY_OPTIONS = "META-INF/com.apple.ibooks.display-options.xml"
_FONTS = (".otf", ".ttf", ".woff", ".woff2")


def file_name(output: str, store: str) -> str:
    """dist/'s name for STORE's edition: Kobo's readers know a kepub by `.kepub.epub`."""
    return f"{output}-{store}.kepub.epub" if store == "kobo" else f"{output}-{store}.epub"


def edition(book: Book, when: datetime, page_map: PageMap | None, store: str) -> bytes:
    """The EPUB for STORE."""
    data = epub.package(book, when, page_map, store)
    if store == "kobo":
        return _rewrite(data, _kobo)
    if store == "apple":
        return _rewrite(data, lambda name, content: content, _apple_extra)
    return data


def _kobo(name: str, content: bytes) -> bytes:
    # The navigation document stays as EPUB defines it: Kobo's engine reads it for the
    # contents, not as pages to count.
    if name.endswith(".xhtml") and not name.endswith("/nav.xhtml"):
        return kepub.document(content)
    return content


def display_options(names: list[str]) -> bytes | None:
    """Apple's display options for an EPUB of these file NAMES: only when it embeds fonts."""
    if not any(name.lower().endswith(_FONTS) for name in names):
        return None
    root = etree.Element("display_options")
    platform = etree.SubElement(root, "platform", {"name": "*"})
    etree.SubElement(platform, "option", {"name": "specified-fonts"}).text = "true"
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def _apple_extra(names: list[str]) -> dict[str, bytes]:
    options = display_options(names)
    return {DISPLAY_OPTIONS: options} if options else {}


def _rewrite(
    data: bytes,
    change: Callable[[str, bytes], bytes],
    extra: Callable[[list[str]], dict[str, bytes]] = lambda names: {},
) -> bytes:
    """The EPUB DATA with each entry passed through CHANGE and EXTRA's files added.

    Entries keep their order and timestamps (the mimetype first and stored, OCF 3.3), so
    an edition is as reproducible as the EPUB.
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as result:
        infos = source.infolist()
        for info in infos:
            _write(result, info, change(info.filename, source.read(info.filename)))
        for name, content in extra([info.filename for info in infos]).items():
            _write(result, zipfile.ZipInfo(name, date_time=infos[0].date_time), content)
    return out.getvalue()


def _write(archive: zipfile.ZipFile, info: zipfile.ZipInfo, content: bytes) -> None:
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    stored = info.filename == "mimetype"
    entry.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    archive.writestr(entry, content)
