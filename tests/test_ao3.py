"""AO3 downloads: a three-chapter work in AO3's own download format (tests/fixtures/ao3)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lxml import etree

from builder import config
from builder.model import AUTHORS_NOTE, SCENE_BREAK, Element, iter_elements, plain_text
from builder.readers import ao3, html
from builder.readers.split import Section

FIXTURES = Path(__file__).parent / "fixtures" / "ao3"
HTML = FIXTURES / "The_Lighthouse_Ledger.html"


def read_html(data: bytes) -> ao3.Ao3Work | None:
    return ao3.read(FIXTURES, "The_Lighthouse_Ledger.html", html.parse("work.html", data))


@pytest.fixture(scope="module")
def work() -> ao3.Ao3Work:
    result = read_html(HTML.read_bytes())
    assert result is not None
    return result


def spans(nodes: tuple[object, ...], tag: str) -> list[str]:
    return [plain_text(e.children) for e in iter_elements(nodes) if e.tag == tag]  # type: ignore[arg-type]


def source_spans(tag: str) -> list[str]:
    """TAG's spans in the download's chapters and its work end notes, as written."""
    tree = etree.parse(str(HTML), etree.HTMLParser())
    places = tree.xpath("//div[@id='chapters'] | //div[@id='endnotes']")
    return [" ".join("".join(e.itertext()).split()) for p in places for e in p.iter(tag)]


def chapter_spans(work: ao3.Ao3Work, tag: str) -> list[str]:
    return [" ".join(s.split()) for c in work.chapters for s in spans(c.blocks, tag)]


def notes(section: Section) -> list[str]:
    """The paragraphs of the section's author's notes."""
    return [plain_text(p.children) for b in section.blocks if _is_note(b) for p in b.children]


def _is_note(block: object) -> bool:
    return isinstance(block, Element) and block.tag == AUTHORS_NOTE


def test_metadata_from_the_preface(work: ao3.Ao3Work) -> None:
    assert work.metadata == {
        "title": "The Lighthouse Ledger",
        "author": "lantern_keeper",
        "language": "en",
        "description": "A keeper writes down the weather, the ships, and one visitor she did "
        "not expect.\n\nThree evenings on a rock in the sea.",
        "subjects": [
            "Original Work",
            "Original Female Character/Original Male Character",
            "Original Female Character",
            "Original Male Character",
            "Lighthouses",
            "Slow Burn",
            "Letters",
        ],
        "series": {"name": "Weather Along the Coast", "number": "2"},
        "date": "2024-03-02",
    }


def test_metadata_is_a_valid_book_yaml(work: ao3.Ao3Work, tmp_path: Path) -> None:
    (tmp_path / "manuscript").mkdir()
    (tmp_path / "manuscript" / "01.md").write_text("# One\n\nText.\n", encoding="utf-8")
    (tmp_path / "book.yaml").write_text(yaml.safe_dump(work.metadata), encoding="utf-8")
    loaded = config.load(tmp_path)
    assert loaded.series == config.Series("Weather Along the Coast", "2")
    assert (loaded.language, loaded.date, loaded.authors) == (
        "en",
        "2024-03-02",
        ("lantern_keeper",),
    )


def test_chapters_and_titles(work: ao3.Ao3Work) -> None:
    titles = [plain_text(c.title) for c in work.chapters]
    # "Chapter 1: Fair, Wind from the West" is its title; an untitled chapter keeps its number.
    assert titles == ["Fair, Wind from the West", "Fog", "Chapter 3"]


def test_every_italic_and_bold_span_kept(work: ao3.Ao3Work) -> None:
    assert chapter_spans(work, "em") == source_spans("em")
    assert len(source_spans("em")) == 9
    assert (
        chapter_spans(work, "strong")
        == source_spans("strong")
        == ["Assistant Keeper, temporary", "And"]
    )


def test_notes_are_authors_notes_where_the_reader_meets_them(work: ao3.Ao3Work) -> None:
    first, second, third = work.chapters
    assert notes(first) == [
        "Written for a prompt about ledgers. Thank you to my beta, who knows where every "
        "comma goes.",
        "Margit keeps the book.",
        "The ledger entries are in italics throughout.",
    ]
    # One note, set apart once, however many AO3 gave: the reader meets one box.
    assert _is_note(first.blocks[0]) and not _is_note(first.blocks[1])
    assert [_is_note(b) for b in second.blocks].count(True) == 2  # one opens, one closes
    assert notes(second)[:2] == [
        "Tobias mends the pump, and something else.",
        "A short one. The fog chapter was always going to be short.",
    ]
    assert _is_note(second.blocks[-1]) and notes(second)[-1].startswith("Yes, the pump")
    assert notes(third) == ["Thank you for reading! Part three is about the other lighthouse."]
    assert _is_note(third.blocks[-1])


def test_scene_break_and_paragraphs(work: ao3.Ao3Work) -> None:
    first = work.chapters[0]
    assert [b.tag for b in first.blocks if isinstance(b, Element)].count(SCENE_BREAK) == 1
    counts = [
        sum(1 for b in c.blocks if isinstance(b, Element) and b.tag == "p") for c in work.chapters
    ]
    assert counts == [10, 9, 9]


def test_the_archives_own_text_stays_out(work: ao3.Ao3Work) -> None:
    text = " ".join(plain_text(c.blocks) + plain_text(c.title) for c in work.chapters)
    for archive_words in ("Posted originally", "Archive of Our Own", "Words:", "Rating",
                          "Chapter Summary", "Chapter Notes", "End Notes", "See the end",
                          "drop by the Archive", "Preface", "Afterword", "Original Work",
                          "lantern_keeper"):  # fmt: skip
        assert archive_words not in text


def test_the_callers_tree_is_not_changed() -> None:
    tree = html.parse("work.html", HTML.read_bytes())
    before = etree.tostring(tree)
    ao3.read(FIXTURES, "work.html", tree)
    assert etree.tostring(tree) == before


def test_a_page_that_is_not_ao3s_is_none() -> None:
    assert (
        read_html(b"<html><body><div id='chapters'><h2 class='heading'>1</h2></div></body></html>")
        is None
    )
    assert read_html(b"<html><body><h1>Title</h1><p>Text.</p></body></html>") is None


def one_chapter_work() -> bytes:
    """A one-chapter work, as show.html.erb writes it: its text straight under #chapters,
    and an anonymous byline."""
    data = HTML.read_bytes()
    start, end = data.index(b'<div id="chapters"'), data.index(b'<div id="afterword"')
    body = (
        b'<div id="chapters" class="userstuff">\n'
        b'<div class="userstuff"><p>Only <em>this</em>.</p></div>\n</div>\n'
    )
    data = data[:start] + body + data[end:]
    return data.replace(
        b'by <a rel="author" href="https://archiveofourown.org/users/lantern_keeper/pseuds/lantern_keeper">lantern_keeper</a>',
        b"by Anonymous",
    )


def test_a_one_chapter_work_is_titled_by_the_work() -> None:
    work = read_html(one_chapter_work())
    assert work is not None
    (only,) = work.chapters
    assert plain_text(only.title) == "The Lighthouse Ledger"
    assert spans(only.blocks, "em") == ["this", "other"]  # the work end notes close it
    assert work.metadata["author"] == "Anonymous"


def test_an_empty_summary_is_no_description() -> None:
    data = HTML.read_bytes().replace(
        b"<p>A keeper writes down the weather, the ships, and one visitor she did <em>not</em> "
        b"expect.</p>\n<p>Three evenings on a rock in the sea.</p>",
        b"<p> </p>",
    )
    work = read_html(data)
    assert work is not None and "description" not in work.metadata


def test_a_page_break_inside_a_chapter_is_not_carried() -> None:
    # AO3 cuts the chapters itself; an author's inline page-break style is only spacing,
    # and the readers' PAGE_BREAK marker must not reach the writer or the renderer.
    data = HTML.read_bytes().replace(
        b'<div class="userstuff">',
        b'<div class="userstuff"><p style="page-break-before:always">x</p>',
        1,
    )
    result = read_html(data)
    assert result is not None
    tags = {e.tag for c in result.chapters for e in iter_elements(c.blocks)}
    assert "page-break" not in tags
