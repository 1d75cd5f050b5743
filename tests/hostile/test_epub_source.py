"""Hostile EPUB sources: entities, paths out of the zip, zip bombs, damaged and false files.

Each starts from the AO3 EPUB that Calibre made (tests/fixtures/ao3) and breaks one part."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from builder import sources
from builder.errors import BookError
from builder.model import plain_text
from builder.readers import epub

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ao3"
GOOD = (FIXTURES / "The_Lighthouse_Ledger.epub").read_bytes()
NAME = "manuscript/work.epub"
OPF = "content.opf"
CHAPTER = "The_Lighthouse_Ledger_split_002.xhtml"

LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
        for n in range(1, 10)
    )
    + "]>"
)
PASSWD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(GOOD)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def with_doctype(data: bytes, doctype: str, entity: str, where: bytes) -> bytes:
    """DATA (an XML part) with DOCTYPE after its declaration and &ENTITY; inside WHERE."""
    declaration, rest = data.split(b"?>", 1)
    rest = rest.replace(where, where + f"&{entity};".encode(), 1)
    return declaration + b"?>" + doctype.encode() + rest


def refused(data: bytes) -> str:
    with pytest.raises(BookError) as caught:
        epub.read(NAME, data)
    message = str(caught.value)
    assert NAME in message and "\n" not in message
    return message


def read_all(data: bytes) -> tuple[epub.Epub, str]:
    """The EPUB and all its chapters' text, read within a second."""
    start = time.perf_counter()
    book = epub.read(NAME, data)
    sections = epub.sections(FIXTURES, NAME, book)
    text = " ".join(plain_text(s.blocks) for s in sections)
    assert time.perf_counter() - start < 1.0
    return book, text


def test_billion_laughs_in_the_package_refused() -> None:
    # libxml2 stops at its entity amplification limit: the package is not read at all.
    members = parts()
    members[OPF] = with_doctype(members[OPF], LAUGHS, "lol9", b"<dc:title>")
    assert "not well-formed XML" in refused(zipped(members))


def test_billion_laughs_in_a_chapter_not_expanded() -> None:
    members = parts()
    members[CHAPTER] = with_doctype(members[CHAPTER], LAUGHS, "lol9", b'<p class="calibre6">')
    _, text = read_all(zipped(members))
    assert "lollol" not in text
    assert "The ledger lived on the table" in text  # the chapter is still read


@pytest.mark.parametrize("target", [OPF, CHAPTER])
def test_external_entity_not_read(target: str) -> None:
    members = parts()
    where = b"<dc:title>" if target == OPF else b'<p class="calibre6">'
    members[target] = with_doctype(members[target], PASSWD, "xxe", where)
    book, text = read_all(zipped(members))
    assert "root:" not in text and "root:" not in str(book.metadata)


@pytest.mark.parametrize("href", ["../../x", "/etc/passwd", "file:///etc/passwd", "a/../../b"])
def test_manifest_href_out_of_the_zip_refused(href: str) -> None:
    members = parts()
    members[OPF] = members[OPF].replace(b'href="page_styles.css"', f'href="{href}"'.encode())
    message = refused(zipped(members))
    assert "leads outside" in message or "not a file inside" in message


def test_package_path_out_of_the_zip_refused() -> None:
    members = parts()
    members["META-INF/container.xml"] = members["META-INF/container.xml"].replace(
        b'full-path="content.opf"', b'full-path="../content.opf"'
    )
    assert "leads outside" in refused(zipped(members))


def test_zip_bomb_refused_before_it_is_unpacked() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts().items():
            archive.writestr(name, data)
        with archive.open("bomb.xhtml", "w", force_zip64=True) as bomb:
            chunk = b"\0" * (1 << 20)
            for _ in range(sources.MAX_FILE_BYTES // len(chunk) + 1):
                bomb.write(chunk)
    data = out.getvalue()
    assert len(data) < 1_000_000  # a small file...
    with pytest.raises(BookError) as caught:
        epub.read(NAME, data)
    assert caught.value.code == "F004" and "unpacks to more than" in str(caught.value)


def test_truncated_zip() -> None:
    assert "not a zip" in refused(GOOD[: len(GOOD) // 2])


def test_text_file_named_epub() -> None:
    assert "not a zip" in refused(b"Chapter 1\n\nIt was a dark and stormy night.\n")


def test_damaged_member() -> None:
    data = bytearray(zipped(parts()))
    start = data.index(b"The_Lighthouse_Ledger_split_002.xhtml") + 60
    data[start : start + 200] = b"\xff" * 200  # inside the deflated text of a chapter
    message = refused(bytes(data))
    assert "cannot be read" in message or "not well-formed" in message


@pytest.mark.parametrize(
    ("member", "change", "said"),
    [
        ("META-INF/container.xml", None, "no 'META-INF/container.xml'"),
        (OPF, b"<package", "not well-formed XML"),
        (CHAPTER, None, "has no"),
    ],
)
def test_missing_or_broken_parts(member: str, change: bytes | None, said: str) -> None:
    members = parts()
    if change is None:
        del members[member]
    else:
        members[member] = change
    assert said in refused(zipped(members))


def test_encrypted_member() -> None:
    data = bytearray(zipped(parts()))
    # The general-purpose flag's bit 0 in the chapter's central directory entry: encrypted.
    name = CHAPTER.encode()
    central = data.rindex(name) - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 8] |= 1
    assert "cannot be read (RuntimeError)" in refused(bytes(data))
