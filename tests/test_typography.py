"""Tests for builder.transforms.typography.smarten.

Most behaviour is pinned by the fixture files in tests/typography/<language>/<rule>.txt (their
format is described in tests/typography/README.md); this module parses and runs them, checks
properties with hypothesis, and runs the rules over the real manuscripts of ../shared/corpus.
"""

from __future__ import annotations

import ast
import re
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.transforms.typography import Segment, SegmentKind, smarten
from tests.conftest import corpus_path

FIXTURES = Path(__file__).resolve().parent / "typography"

QUOTE_CHARS = "\"'“”‘’„‚«»‹›"
STRAIGHTEN = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
CASE_SEPARATOR = "===="
PART_SEPARATOR = "----"
_ESCAPES = {"\\": "\\", "`": "`", "|": "|", "n": "\n", "#": "#"}


# --- The fixture format ---------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One fixture case: input blocks, the expected text of each segment, and where it is."""

    source: str  # "en/quotes.txt:12"
    title: str
    language: str
    blocks: list[list[Segment]]
    expected: list[list[str]]
    expected_kinds: list[list[SegmentKind]]


def parse_segments(line: str) -> list[Segment]:
    """Split one block's text into segments: `code` is a code segment, | ends a text segment
    (two in a row make an empty one), and backslash escapes \\ \\` \\| \\n \\# and \\uXXXX."""
    segments: list[Segment] = []
    current: list[str] = []
    in_code = False
    previous_bar = False
    i = 0
    while i < len(line):
        ch = line[i]
        bar = False
        if ch == "\\":
            escaped, i = _escape(line, i)
            current.append(escaped)
        elif ch == "`":
            if in_code:
                segments.append(("".join(current), "code"))
                current = []
            elif current:
                segments.append(("".join(current), "text"))
                current = []
            in_code = not in_code
        elif ch == "|" and not in_code:
            if current or previous_bar:
                segments.append(("".join(current), "text"))
                current = []
            bar = True
        else:
            current.append(ch)
        previous_bar = bar
        i += 1
    if in_code:
        raise ValueError(f"unclosed code span in {line!r}")
    if current or previous_bar:
        segments.append(("".join(current), "text"))
    return segments


def _escape(line: str, i: int) -> tuple[str, int]:
    """The character a backslash escape at i stands for, and the index of its last character."""
    following = line[i + 1 : i + 2]
    if following == "u":
        return chr(int(line[i + 2 : i + 6], 16)), i + 5
    if following in _ESCAPES:
        return _ESCAPES[following], i + 1
    raise ValueError(f"unknown escape \\{following} in {line!r}")


def parse_blocks(lines: list[str]) -> list[list[Segment]]:
    """Blocks are separated by empty lines; the lines of one block are joined with newlines
    (a soft line break inside a paragraph)."""
    blocks: list[list[Segment]] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(parse_segments("\n".join(current)))
            current = []
    return blocks


def parse_fixture(path: Path) -> list[Case]:
    """All cases of one fixture file; the language is the name of the file's folder unless a
    `# lang: TAG` header line says otherwise."""
    cases: list[Case] = []
    lines = path.read_text(encoding="utf-8").split("\n")
    start = 0
    for number, line in enumerate([*lines, CASE_SEPARATOR], start=1):
        if line == CASE_SEPARATOR:
            chunk = lines[start : number - 1]
            if any(text.strip() for text in chunk):
                cases.append(_parse_case(path, start + 1, chunk))
            start = number
    return cases


def _parse_case(path: Path, first_line: int, lines: list[str]) -> Case:
    language = path.parent.name
    titles: list[str] = []
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        header = lines.pop(0).lstrip("#").strip()
        if header.startswith("lang:"):
            language = header.removeprefix("lang:").strip()
        elif header:
            titles.append(header)
    if PART_SEPARATOR in lines:
        split = lines.index(PART_SEPARATOR)
        given_lines, expected_lines = lines[:split], lines[split + 1 :]
    else:
        given_lines, expected_lines = lines, lines  # no expected part: must come out unchanged
    blocks = parse_blocks(given_lines)
    expected = parse_blocks(expected_lines)
    source = f"{path.parent.name}/{path.name}:{first_line}"
    return Case(
        source=source,
        title=" ".join(titles),
        language=language,
        blocks=blocks,
        expected=[[text for text, _ in block] for block in expected],
        expected_kinds=[[kind for _, kind in block] for block in expected],
    )


def all_cases() -> list[Case]:
    return [case for path in sorted(FIXTURES.glob("*/*.txt")) for case in parse_fixture(path)]


def kinds(blocks: list[list[Segment]]) -> list[list[SegmentKind]]:
    return [[kind for _, kind in block] for block in blocks]


def rerun(blocks: list[list[Segment]], out: list[list[str]]) -> list[list[Segment]]:
    """The output of smarten as input again, with the original segment kinds."""
    return [
        [(new, kind) for new, (_, kind) in zip(row, block, strict=True)]
        for row, block in zip(out, blocks, strict=True)
    ]


def text_blocks(*paragraphs: str) -> list[list[Segment]]:
    return [[(paragraph, "text")] for paragraph in paragraphs]


def smarten_text(*paragraphs: str, language: str = "en") -> list[str]:
    """smarten over plain paragraphs of one text segment each."""
    return [row[0] for row in smarten(text_blocks(*paragraphs), language)]


# --- Tests of the fixture format itself ---------------------------------------------------


class TestFixtureFormat:
    def test_bars_split_text_segments(self) -> None:
        """A | ends a text segment and two in a row make an empty one."""
        assert parse_segments('"|You|| want"') == [
            ('"', "text"),
            ("You", "text"),
            ("", "text"),
            (' want"', "text"),
        ]

    def test_backticks_make_code_segments(self) -> None:
        """Backticks delimit a code segment, and are not part of any text."""
        assert parse_segments("Use `x | y` now") == [
            ("Use ", "text"),
            ("x | y", "code"),
            (" now", "text"),
        ]

    def test_escapes(self) -> None:
        """Backslash escapes give literal |, `, backslash, newline and any code point."""
        assert parse_segments(r"a\|b\`c\\d\ne\u00a0f") == [("a|b`c\\d\ne\u00a0f", "text")]

    def test_blocks_and_unchanged_cases(self, tmp_path: Path) -> None:
        """Empty lines separate blocks, lines of a block join with a newline, and a case
        without an expected part must come out unchanged."""
        folder = tmp_path / "de"
        folder.mkdir()
        fixture = folder / "x.txt"
        fixture.write_text("# title\n# lang: de-AT\none\ntwo\n\nthree\n====\nsame\n")
        first, second = parse_fixture(fixture)
        assert first.language == "de-AT" and first.title == "title"
        assert first.blocks == [[("one\ntwo", "text")], [("three", "text")]]
        assert second.language == "de" and second.expected == [["same"]]

    def test_every_rule_has_a_fixture_file(self) -> None:
        """Every rule of the brief is pinned by at least one fixture file."""
        names = {str(path.relative_to(FIXTURES)) for path in FIXTURES.glob("*/*.txt")}
        for required in (
            "en/quotes.txt",
            "en/apostrophes.txt",
            "en/multi-paragraph.txt",
            "en/nested.txt",
            "en/dashes.txt",
            "en/interruptions.txt",
            "en/ellipses.txt",
            "en/code-and-urls.txt",
            "en/markup-boundaries.txt",
            "en/already-curly.txt",
            "en/emoticons.txt",
            "de/quotes.txt",
            "fr/quotes.txt",
            "fr/spacing.txt",
        ):
            assert required in names


class TestLayout:
    PACKAGE = Path(__file__).resolve().parents[1] / "builder" / "transforms" / "typography"

    def test_one_rule_a_module_with_its_why(self) -> None:
        """Each rule has a module of its own that opens by saying what it does and why."""
        rules = ("primes", "apostrophes", "quotes", "dashes", "ellipses", "french_spacing", "urls")
        for name in rules:
            source = (self.PACKAGE / f"{name}.py").read_text("utf-8")
            docstring = ast.get_docstring(ast.parse(source)) or ""
            assert "Why" in docstring, name

    def test_modules_stay_small(self) -> None:
        """No module of the typography grows past 400 lines."""
        for path in self.PACKAGE.glob("*.py"):
            assert len(path.read_text("utf-8").splitlines()) < 400, path.name


# --- The fixtures -----------------------------------------------------------------------------

CASES = all_cases()


class TestFixtures:
    @pytest.mark.parametrize("case", CASES, ids=[f"{c.source} {c.title}" for c in CASES])
    def test_case(self, case: Case) -> None:
        """The fixture's input comes out as its expected part, segment by segment."""
        assert kinds(case.blocks) == case.expected_kinds, "fixture input and expected differ"
        assert smarten(case.blocks, case.language) == case.expected

    @pytest.mark.parametrize("case", CASES, ids=[f"{c.source} {c.title}" for c in CASES])
    def test_expected_is_stable(self, case: Case) -> None:
        """Running smarten over an expected output changes nothing (idempotence)."""
        blocks = [
            [(text, kind) for text, kind in zip(row, row_kinds, strict=True)]
            for row, row_kinds in zip(case.expected, case.expected_kinds, strict=True)
        ]
        assert smarten(blocks, case.language) == case.expected

    def test_there_are_many_cases(self) -> None:
        """The fixture files hold a substantial number of cases."""
        assert len(CASES) >= 150


# --- The interface ---------------------------------------------------------------------------


class TestInterface:
    def test_shape_is_preserved(self) -> None:
        """One string per input segment, blocks in the same order, empty blocks included."""
        blocks: list[list[Segment]] = [
            [("a", "text"), ("b", "code"), ("", "text")],
            [],
            [("c", "text")],
        ]
        assert smarten(blocks, "en") == [["a", "b", ""], [], ["c"]]

    def test_no_blocks(self) -> None:
        """An empty chapter gives an empty result."""
        assert smarten([], "en") == []

    def test_code_is_returned_unchanged(self) -> None:
        """Code segments keep their exact text, quotes, dashes and dots included."""
        code = "print(\"it's\") -- ... 'x'"
        out = smarten([[('"', "text"), (code, "code"), ('"', "text")]], "en")
        assert out == [["“", code, "”"]]

    def test_code_counts_as_a_word(self) -> None:
        """A quote between code and a word is an apostrophe, as after any word."""
        assert smarten([[("code", "code"), ("'s value", "text")]], "en") == [["code", "’s value"]]

    def test_blank_code_counts_as_space(self) -> None:
        """A code segment that is only whitespace (a hard line break) is not a word."""
        out = smarten([[('"Dear Sir,', "text"), ("\n", "code"), ('"I write."', "text")]], "en")
        assert out == [["“Dear Sir,", "\n", "“I write.”"]]

    def test_input_is_not_modified(self) -> None:
        """smarten builds new lists and leaves the caller's blocks alone."""
        blocks: list[list[Segment]] = [[('"a"', "text")]]
        smarten(blocks, "en")
        assert blocks == [[('"a"', "text")]]

    @pytest.mark.parametrize("tag", ["de", "de-AT", "DE-at", "de_CH", "de-Latn-DE"])
    def test_language_by_primary_subtag(self, tag: str) -> None:
        """The rules are chosen by the primary subtag, in any case, with - or _."""
        assert smarten_text('"Ja"', language=tag) == ["„Ja“"]

    @pytest.mark.parametrize("tag", ["en", "en-GB", "en-US", "zz", "pt-BR", "nl", ""])
    def test_english_and_fallback(self, tag: str) -> None:
        """English, and any language without a table entry, get English quotes and dashes."""
        assert smarten_text('"Yes--no..."', language=tag) == ["“Yes—no…”"]

    def test_reserved_characters_leave_segment_untouched(self) -> None:
        """A segment holding one of the internal marker characters is returned unchanged."""
        odd = 'a\ufdd0"b"\u2029c'
        out = smarten([[(odd, "text"), (' "x"', "text")]], "en")
        assert out == [[odd, " “x”"]]

    def test_quote_state_carries_from_block_to_block(self) -> None:
        """Blocks of one call share quote state: a continued quotation stays open."""
        assert smarten_text('"Open.', '"Still open "') == ["“Open.", "“Still open ”"]

    def test_separate_calls_start_afresh(self) -> None:
        """A quotation left open in one call does not reach into the next call."""
        smarten_text('"Open.')
        assert smarten_text('He said,"Go."') == ["He said,“Go.”"]


# --- Properties ---------------------------------------------------------------------------

# Characters that exercise every rule; no `/`, `@` or `w` so that no URL can appear.
ALPHABET = "abnstTe19 \"'“”‘’„‚«»-–—.,;:!?()…\u00a0\n"
LANGUAGES = ["en", "de", "fr", "sv", "da", "ru", "pl", "es", "nb", "zz"]

text_strategy = st.text(alphabet=ALPHABET, max_size=25)
segment_strategy = st.one_of(
    st.tuples(text_strategy, st.just("text")),
    st.tuples(st.text(max_size=6), st.just("code")),
)
blocks_strategy = st.lists(st.lists(segment_strategy, max_size=5), max_size=5)


class TestProperties:
    @settings(max_examples=400, deadline=None)
    @given(blocks=blocks_strategy, language=st.sampled_from(LANGUAGES))
    def test_idempotent(self, blocks: list[list[Segment]], language: str) -> None:
        """smarten(smarten(x)) == smarten(x)."""
        once = smarten(blocks, language)
        assert smarten(rerun(blocks, once), language) == once

    @settings(max_examples=200, deadline=None)
    @given(blocks=blocks_strategy, language=st.sampled_from(LANGUAGES))
    def test_shape_and_code(self, blocks: list[list[Segment]], language: str) -> None:
        """The output has the input's shape and every code segment is unchanged."""
        out = smarten(blocks, language)
        assert [len(row) for row in out] == [len(block) for block in blocks]
        for row, block in zip(out, blocks, strict=True):
            for new, (old, kind) in zip(row, block, strict=True):
                if kind == "code":
                    assert new == old

    @settings(max_examples=300, deadline=None)
    @given(blocks=blocks_strategy, language=st.sampled_from(LANGUAGES))
    def test_no_straight_quote_survives(self, blocks: list[list[Segment]], language: str) -> None:
        """Every straight quote in text is decided: outside code and URLs none is left."""
        out = smarten(blocks, language)
        for row, block in zip(out, blocks, strict=True):
            for new, (_, kind) in zip(row, block, strict=True):
                if kind == "text":
                    assert '"' not in new and "'" not in new

    @settings(max_examples=300, deadline=None)
    @given(
        text=st.text(alphabet="abstTe \"'“”‘’,.!?()", min_size=1, max_size=30),
        data=st.data(),
        language=st.sampled_from(LANGUAGES),
    )
    def test_markup_next_to_a_quote_changes_nothing(
        self, text: str, data: st.DataObject, language: str
    ) -> None:
        """Splitting a text at a quote mark (inline markup there) gives the same quotes."""
        cuts = [
            i for i in range(1, len(text)) if text[i] in QUOTE_CHARS or text[i - 1] in QUOTE_CHARS
        ]
        if not cuts:
            return
        cut = data.draw(st.sampled_from(cuts))
        whole = "".join(smarten([[(text, "text")]], language)[0])
        split = "".join(smarten([[(text[:cut], "text"), (text[cut:], "text")]], language)[0])
        assert split == whole

    @settings(max_examples=200, deadline=None)
    @given(blocks=blocks_strategy)
    def test_curly_input_keeps_its_quotes(self, blocks: list[list[Segment]]) -> None:
        """Text without straight quotes keeps every quote character it has, in order."""
        clean = [[(t.replace('"', "").replace("'", ""), k) for t, k in block] for block in blocks]
        out = smarten(clean, "en")
        for row, block in zip(out, clean, strict=True):
            for new, (old, _) in zip(row, block, strict=True):
                assert [c for c in new if c in QUOTE_CHARS] == [c for c in old if c in QUOTE_CHARS]


# --- Speed -------------------------------------------------------------------------------------


def _timed(blocks: list[list[Segment]], language: str = "en") -> float:
    start = time.perf_counter()
    smarten(blocks, language)
    return time.perf_counter() - start


class TestPerformance:
    """Generous bounds (10x or more above measured times): they catch quadratic behaviour and
    per-segment slow paths, not small regressions."""

    def test_a_long_chapter_is_fast(self) -> None:
        """About 1 MB of dialogue in 20,000 blocks, with markup, takes well under a second."""
        paragraph: list[Segment] = [
            ('"Wait," she said, "it\'s ', "text"),
            ("not", "text"),
            (" over--the Bennets' house... and-\"", "text"),
        ]
        assert _timed([paragraph] * 20_000) < 1.0

    def test_one_huge_block_stays_linear(self) -> None:
        """A 600,000-character paragraph of unclosed leading apostrophes is not quadratic."""
        assert _timed([[("He went to 'Frisco and 'Bama. " * 20_000, "text")]]) < 2.0

    def test_french_spacing_is_fast(self) -> None:
        """French spacing over about 1 MB takes well under a second."""
        paragraph: list[Segment] = [('"Bonjour", dit-il ; "quoi ?" Oui: non! ', "text")]
        assert _timed([paragraph] * 25_000, "fr") < 1.0


# --- Real manuscripts ------------------------------------------------------------------------


def _corpus_file(relative: str) -> Path:
    return corpus_path(relative)


@pytest.fixture(scope="module")
def last_morning() -> list[str]:
    """The paragraphs of last-morning's chapter (separated by blank lines), smartened."""
    text = _corpus_file("last-morning/manuscript/final-chapter.txt").read_text("utf-8")
    return smarten_text(*[p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()])


@pytest.fixture(scope="module")
def pride_and_prejudice() -> list[str]:
    """Every non-empty line of every chapter of Pride and Prejudice, markdown and all."""
    folder = _corpus_file("pride-and-prejudice/manuscript")
    files = sorted(folder.glob("*.md"))
    assert files, f"no chapters in {folder}"
    text = "\n".join(path.read_text("utf-8") for path in files)
    return [line for line in text.split("\n") if line.strip()]


class TestLastMorning:
    """The final chapter of a fan-fiction story, pasted as plain text with straight quotes."""

    def test_every_straight_quote_is_curled(self, last_morning: list[str]) -> None:
        """No straight quote or apostrophe is left anywhere."""
        assert not any('"' in p or "'" in p for p in last_morning)

    def test_quotes_pair_in_every_paragraph(self, last_morning: list[str]) -> None:
        """Each paragraph's dialogue opens and closes as often as it should."""
        for paragraph in last_morning:
            assert paragraph.count("“") == paragraph.count("”"), paragraph

    def test_interrupted_speech(self, last_morning: list[str]) -> None:
        """`and-"` becomes `and—”`."""
        assert "“You shouldn’t be here. Someone could come and—”" in last_morning

    def test_ellipses(self, last_morning: list[str]) -> None:
        """`...` becomes one ellipsis character and the existing `…` stays."""
        assert not any("..." in p for p in last_morning)
        assert any("We kissed again… and it was slow" in p for p in last_morning)
        assert any("I realised that I was… strangely glad" in p for p in last_morning)

    def test_emoticon_is_harmless(self, last_morning: list[str]) -> None:
        """`:'(` keeps its shape and the next paragraph's apostrophes are apostrophes."""
        assert any(p.endswith("I’m sorry :’(") for p in last_morning)
        assert any(p.startswith("I’m not promising anything") for p in last_morning)

    def test_apostrophes(self, last_morning: list[str]) -> None:
        """Contractions get the apostrophe U+2019."""
        assert "“I don’t care.”" in last_morning
        assert "“You’re leaving aren’t you?”" in last_morning

    def test_idempotent(self, last_morning: list[str]) -> None:
        """The curled chapter goes through unchanged."""
        assert smarten_text(*last_morning) == last_morning


class TestPrideAndPrejudice:
    """Jane Austen's novel from Standard Ebooks: its quotes are already curly."""

    def test_no_quote_character_changes(self, pride_and_prejudice: list[str]) -> None:
        """Every quote character of every paragraph comes out as it went in."""
        for before, after in zip(
            pride_and_prejudice, smarten_text(*pride_and_prejudice), strict=True
        ):
            assert [c for c in after if c in QUOTE_CHARS] == [c for c in before if c in QUOTE_CHARS]

    def test_text_is_unchanged(self, pride_and_prejudice: list[str]) -> None:
        """A finished text has nothing left to smarten."""
        assert smarten_text(*pride_and_prejudice) == pride_and_prejudice

    def test_straightened_quotes_come_back(self, pride_and_prejudice: list[str]) -> None:
        """With its quotes made straight, the novel comes back exactly as Standard Ebooks set
        it: a real test of the context rules, pairing, nesting and multi-paragraph quotes."""
        straight = [line.translate(STRAIGHTEN) for line in pride_and_prejudice]
        assert smarten_text(*straight) == pride_and_prejudice
