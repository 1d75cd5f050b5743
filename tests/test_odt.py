"""readers.odt: a real .odt made by pandoc, read through odfpy's XHTML and the HTML reader."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypandoc
import pytest

from builder.errors import BookError
from builder.model import NOTEREF, SCENE_BREAK, Element, plain_text
from builder.readers import html, odt

SOURCE = """\
# Chapter One

It was *very* dark and **cold**, said [Mr Smith]{.smallcaps}.[^1]

* * *

> A quoted letter.

Second paragraph with *italic words* and H~2~O.

[^1]: The footnote text.
"""


@pytest.fixture(scope="module")
def odt_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("odt")
    (folder / "in.md").write_text(SOURCE, encoding="utf-8")
    pandoc = pypandoc.get_pandoc_path()
    subprocess.run([pandoc, "in.md", "-o", "out.odt"], cwd=folder, check=True)
    return (folder / "out.odt").read_bytes()


def _tags(nodes: tuple, tag: str) -> list[str]:  # type: ignore[type-arg]
    found = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == tag:
                found.append(plain_text(node.children))
            found += _tags(node.children, tag)
    return found


def test_what_comes_across(odt_bytes: bytes) -> None:
    data = odt.to_html("manuscript/one.odt", odt_bytes)
    blocks, notes = html.read(Path("."), "manuscript/one.odt", data, word=True)
    assert _tags(blocks, "h1") == ["Chapter One"]
    assert _tags(blocks, "em") == ["very", "italic words"]
    assert _tags(blocks, "strong") == ["cold"]
    assert [c.replace("\xa0", " ") for c in _tags(blocks, "span")] == ["Mr Smith"]
    assert _tags(blocks, "sub") == ["2"]
    assert [b.tag for b in blocks if isinstance(b, Element)] == [
        "h1", "p", SCENE_BREAK, "blockquote", "p"
    ]  # fmt: skip
    assert len(_tags(blocks, NOTEREF)) == 1
    assert [plain_text(n.blocks) for n in notes] == ["The footnote text."]


@pytest.mark.parametrize("data", [b"just some text", b"PK\x03\x04 truncated"])
def test_not_an_odt_is_one_line_error(data: bytes) -> None:
    with pytest.raises(BookError) as caught:
        odt.to_html("manuscript/one.odt", data)
    message = str(caught.value)
    assert "manuscript/one.odt" in message and "F010" in message and "\n" not in message


def test_zip_bomb_refused(tmp_path: Path) -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("content.xml", b"\0" * (200 * 1024 * 1024))
    with pytest.raises(BookError) as caught:
        odt.to_html("manuscript/one.odt", buffer.getvalue())
    assert "F004" in str(caught.value)
