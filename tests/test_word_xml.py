"""mammoth's parts read through lxml give the very trees mammoth's own minidom parser gives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from mammoth.conversion import _DocumentConverter
from mammoth.docx import office_xml, xmlparser

from builder.readers import word, wordstyles, wordxml

DOCS = sorted((Path(__file__).parent / "fixtures" / "docs").glob("*.docx"))


def parts(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(n, archive.read(n)) for n in archive.namelist() if n.endswith((".xml", ".rels"))]


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_part_gives_minidoms_tree(path: Path) -> None:
    namespaces = office_xml._namespaces
    for name, data in parts(path):
        ours = wordxml.parse_xml(io.BytesIO(data), namespaces)
        theirs = xmlparser.parse_xml(io.BytesIO(data), namespaces)
        assert ours == theirs, name


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_part_reads_as_office_xml_reads_it(path: Path) -> None:
    """Parsed and with Word's alternate content collapsed, in one pass or in mammoth's two."""
    namespaces = office_xml._namespaces
    for name, data in parts(path):
        ours = wordxml.read(io.BytesIO(data))
        parsed = xmlparser.parse_xml(io.BytesIO(data), namespaces)
        assert ours == office_xml._collapse_alternate_content(parsed)[0], name


def test_alternate_content_is_in_the_documents() -> None:
    # Else the test above would not test the collapsing.
    assert any(b"mc:AlternateContent" in data for path in DOCS for _, data in parts(path))


def test_the_word_reader_uses_it() -> None:
    word.to_html("a.docx", DOCS[0].read_bytes())
    assert office_xml.read is wordxml.read


def test_entities_are_not_expanded() -> None:
    data = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/hostname">'
        b'<!ENTITY a "aaaaaaaaaa">]><d>x&e;y&a;</d>'
    )
    tree = wordxml.parse_xml(io.BytesIO(data))
    assert [child.value for child in tree.children] == ["x", "y"]


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_styles_looked_up_by_kind_give_the_same_html(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = path.read_bytes()
    ours = word.to_html(path.name, data)
    assert _DocumentConverter._find_style is wordstyles._find_style
    monkeypatch.setattr(wordstyles, "install", lambda: None)
    monkeypatch.setattr(_DocumentConverter, "_find_style", wordstyles.mammoths_own())
    assert word.to_html(path.name, data) == ours
    assert b"<p" in ours
