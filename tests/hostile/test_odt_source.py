"""Hostile OpenDocument files: each is refused in one line naming the file, and nothing
outside the file is read or expanded."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from builder import sources
from builder.errors import BookError
from builder.readers import odt

FIXTURE = Path(__file__).parent.parent / "fixtures" / "docs" / "pandoc-lamp-keeper.odt"


def _with_content(content: bytes) -> bytes:
    """The fixture with its content.xml replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(FIXTURE) as source, zipfile.ZipFile(out, "w") as copy:
        for member in source.infolist():
            body = content if member.filename == "content.xml" else source.read(member)
            copy.writestr(member, body)
    return out.getvalue()


def _content(body: str, doctype: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>' + doctype + "<office:document-content "
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:text><text:p>{body}</text:p></office:text></office:body>"
        "</office:document-content>"
    ).encode()


@pytest.mark.parametrize(
    "data",
    [b"just some text, named .odt\n", FIXTURE.read_bytes()[:2000], b"PK\x03\x04broken"],
    ids=["text", "truncated", "not-a-zip"],
)
def test_a_file_that_is_no_odt_is_one_line_naming_it(data: bytes) -> None:
    with pytest.raises(BookError) as caught:
        odt.to_html("manuscript/novel.odt", data)
    assert caught.value.code == "F010"
    assert str(caught.value).startswith("manuscript/novel.odt: error[F010]")
    assert "\n" not in str(caught.value)


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        bomb.writestr("content.xml", b"\0" * (sources.MAX_FILE_BYTES + 1))
    with pytest.raises(BookError) as caught:
        odt.to_html("bomb.odt", out.getvalue())
    assert caught.value.code == "F004"


def test_an_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doctype = f'<!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
    try:
        page = odt.to_html("x.odt", _with_content(_content("before &x; after", doctype)))
    except BookError as error:
        assert error.code == "F010"
        return
    assert b"TOP-SECRET-VALUE" not in page


def test_entity_expansion_is_refused_or_not_expanded() -> None:
    doctype = (
        '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 20}">' for i in range(8))
        + "]>"
    )
    try:
        page = odt.to_html("x.odt", _with_content(_content("&i;", doctype)))
    except BookError as error:
        assert error.code == "F010"
        return
    assert len(page) < 1_000_000
