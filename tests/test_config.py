"""book.yaml: the schema, its defaults, and one clear error per mistake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builder import config
from builder.errors import BookError


def error_of(root: Path) -> BookError:
    with pytest.raises(BookError) as caught:
        config.load(root)
    return caught.value


class TestValues:
    def test_required_and_defaults(self, make_book: Callable[..., Path]) -> None:
        """A minimal book.yaml loads with a stable identifier and an output name from the title."""
        loaded = config.load(make_book())
        assert loaded.title == "Test Book"
        assert loaded.authors == ("Test Author",)
        assert loaded.identifier.startswith("urn:uuid:")
        assert loaded.identifier == config.load(make_book()).identifier
        assert loaded.output == "test-book"
        assert loaded.authors_notes == "keep"
        assert loaded.typography is True

    def test_norwegian_is_not_false(self, make_book: Callable[..., Path]) -> None:
        """`language: no` is the Norwegian tag, not YAML's boolean."""
        root = make_book()
        text = (root / "book.yaml").read_text().replace("language: en", "language: no")
        (root / "book.yaml").write_text(text)
        assert config.load(root).language == "no"

    def test_unquoted_date_stays_text(self, make_book: Callable[..., Path]) -> None:
        """An unquoted date is kept as written, not turned into a date object."""
        assert config.load(make_book("date: 2024-03-01\n")).date == "2024-03-01"

    def test_full_metadata(self, make_book: Callable[..., Path]) -> None:
        """Contributors map to MARC codes; series and epigraph become typed values."""
        root = make_book(
            """
            contributors:
              - {name: A Translator, role: translator}
              - {name: An Artist, role: Cover Artist}
            series: {name: The Saga, number: 2}
            epigraph: {text: "Words.", source: Someone}
            authors_notes: end
            """
        )
        loaded = config.load(root)
        assert [c.role for c in loaded.contributors] == ["trl", "cov"]
        assert loaded.series == config.Series("The Saga", "2")
        assert loaded.epigraph == config.Epigraph("Words.", "Someone")
        assert loaded.authors_notes == "end"

    def test_bom_and_crlf(self, make_book: Callable[..., Path]) -> None:
        """A book.yaml saved with a byte-order mark and CRLF line ends loads."""
        root = make_book()
        text = (root / "book.yaml").read_text().replace("\n", "\r\n")
        (root / "book.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode())
        assert config.load(root).title == "Test Book"


class TestSpelling:
    def test_hyphen_and_underscore_are_one_key(self, make_book: Callable[..., Path]) -> None:
        """book.yaml has keys of both spellings (plain_text, cover-front); an author may
        write either, at the top level and inside print:."""
        loaded = config.load(make_book(
            "authors-notes: omit\nprint: {crop-marks: true, back_cover: Back text}\n"
            "about_author: {text: Me.}\n"
        ))  # fmt: skip
        assert loaded.authors_notes == "omit"
        assert loaded.print.crop_marks is True
        assert loaded.print.cover.back_text == "Back text"
        assert loaded.about_author is not None

    def test_unknown_either_way(self, make_book: Callable[..., Path]) -> None:
        assert "unknown key 'about_authors'" in str(error_of(make_book("about_authors: x\n")))


class TestContents:
    def test_natural_sort_default(self, make_book: Callable[..., Path]) -> None:
        """Without `contents`, manuscript files come in natural order: 2 before 10."""
        files = {f"manuscript/ch{n}.md": f"# {n}\n\nText.\n" for n in (10, 2, 1)}
        files["manuscript/notes.txt"] = "Plain.\n"
        files["manuscript/image.png"] = "not a chapter"
        (group,) = config.load(make_book("", files)).contents
        assert group.part is None
        assert group.files == (
            "manuscript/ch1.md", "manuscript/ch2.md", "manuscript/ch10.md", "manuscript/notes.txt"
        )  # fmt: skip

    def test_parts_paths_and_globs(self, make_book: Callable[..., Path]) -> None:
        """Loose files and parts keep their order; globs expand in natural order."""
        files = {f"manuscript/{n}.md": "Text.\n" for n in ("intro", "a1", "a2", "b10", "b9")}
        root = make_book(
            """
            contents:
              - manuscript/intro.md
              - part: First
                chapters: [manuscript/a*.md]
              - part: Second
                chapters: [manuscript/b*.md]
            """,
            files,
        )
        groups = config.load(root).contents
        assert [(g.part, g.files) for g in groups] == [
            (None, ("manuscript/intro.md",)),
            ("First", ("manuscript/a1.md", "manuscript/a2.md")),
            ("Second", ("manuscript/b9.md", "manuscript/b10.md")),
        ]


class TestErrors:
    @pytest.mark.parametrize(
        ("extra", "line", "code", "words"),
        [
            ("colour: blue\n", 4, "Y002", "unknown key 'colour'"),
            ("subjects: {a: 1}\n", 4, "Y003", "expected a list"),
            ("date: 2024-13-01\n", 4, "Y006", "not a date"),
            ("cover: images/missing.jpg\n", 4, "F001", "does not exist"),
            ("contents: [manuscript/none-*.md]\n", 4, "Y005", "matches no file"),
            ("title: Again\n", 4, "Y007", "duplicate key 'title'"),
            (
                "plain_text: {paragraphs: line}\nplain-text: {paragraphs: line}\n",
                5,
                "Y007",
                "duplicate key 'plain_text'",
            ),
            ("a: &x 1\nb: *x\n", 5, "Y008", "aliases"),
            ("x: !!python/object:os.system ls\n", 4, "Y008", "tags"),
            ("authors_notes: sometimes\n", 4, "Y006", "keep, end or omit"),
            ("cover: ../outside.jpg\n", 4, "F002", "outside the book folder"),
            ("series: {name: S, number: two}\n", 4, "Y006", "not a number"),
            ("check: {ignore: [T999]}\n", 4, "Y006", "no check code"),
            ("contents:\n  - part: P\n    chapter: [x]\n", 6, "Y002", "unknown key 'chapter'"),
            ("title: [a, b\n", 5, "Y001", "invalid YAML"),
        ],
    )
    def test_one_line_error_with_line(
        self, make_book: Callable[..., Path], extra: str, line: int, code: str, words: str
    ) -> None:
        """Each mistake is one error naming book.yaml, its line and a stable code."""
        error = error_of(make_book(extra))
        assert error.location.file == "book.yaml"
        assert error.location.line == line
        assert error.code == code
        assert words in error.message
        assert "\n" not in str(error)

    def test_missing_required_key(self, make_book: Callable[..., Path]) -> None:
        """A book.yaml without a title says so."""
        root = make_book()
        (root / "book.yaml").write_text("author: A\nlanguage: en\n")
        assert "missing required key 'title'" in str(error_of(root))

    def test_bad_language_tag(self, make_book: Callable[..., Path]) -> None:
        """A language that is not a BCP 47 tag is refused at its line."""
        root = make_book()
        (root / "book.yaml").write_text("title: T\nauthor: A\nlanguage: English\n")
        error = error_of(root)
        assert (error.location.line, error.code) == (3, "Y006")

    def test_deep_nesting(self, make_book: Callable[..., Path]) -> None:
        """Absurdly nested YAML is a clear error, not a RecursionError."""
        error = error_of(make_book("x: " + "[" * 5000 + "]" * 5000 + "\n"))
        assert error.code == "Y008"
