"""Every diagnostic code the builder reports, in one list: severity, meaning, who reports it.

Codes are a contract with authors: they appear in messages, in `book check`'s reports, in
CI annotations and in the silences authors write (`check: ignore: [T006]`). So they are
listed once, here: BookError, BookWarning and Finding refuse a code that is not in the list
(a typo would otherwise ship as a code nobody can look up), and docs/check.md's tables are
generated from it (tests/test_codes.py keeps them the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["error", "warning"]

# Who reports a code: a stage of the build (so `book build` stops or warns on it, and
# `book check` reports it too) or one of the checker's own passes.
Stage = Literal[
    "book.yaml", "files", "readers", "render", "layout", "writing", "check", "EPUBCheck",
    "preflight",
]  # fmt: skip


@dataclass(frozen=True)
class Code:
    severity: Severity
    stage: Stage
    meaning: str  # one line of Markdown: what is wrong, as docs/check.md says it


_E: Final = "error"
_W: Final = "warning"

CODES: Final[dict[str, Code]] = {
    # --- book.yaml and the files it names --------------------------------------------------
    "Y001": Code(_E, "book.yaml", "book.yaml is not valid YAML."),
    "Y002": Code(_E, "book.yaml", "An unknown key (in book.yaml, in `print`, in a part of "
        "`contents`)."),
    "Y003": Code(_E, "book.yaml", "A value of the wrong type or shape (a list where text is "
        "expected)."),
    "Y004": Code(_E, "book.yaml", "A required key is missing (`title`, `author`, `language`; a "
        "part's `title` or `chapters`)."),
    "Y005": Code(_E, "book.yaml", "An entry of `contents` that matches no file."),
    "Y006": Code(_E, "book.yaml", "A value that is not allowed: a language that is not a tag, a "
        "date not in ISO form `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, an unknown role, a file listed "
        "twice…"),
    "Y007": Code(_E, "book.yaml", "A key given twice."),
    "Y008": Code(_E, "book.yaml", "YAML aliases, tags, or nesting deeper than the limit (see "
        "[security.md](security.md))."),
    "F001": Code(_E, "files", "A file that book.yaml names (a cover, a chapter, a stylesheet) "
        "does not exist."),
    "F002": Code(_E, "files", "A path that leads outside the book folder."),
    "F003": Code(_E, "files", "A path that is not a regular file (a folder, a device, a FIFO "
        "or broken symlink named like a chapter)."),
    "F004": Code(_E, "files", "A file larger than the limit (see [security.md](security.md))."),
    "F005": Code(_E, "files", "A text file that is not UTF-8 (or starts with a UTF-16 or UTF-32 "
        "byte-order mark)."),
    "F006": Code(_E, "files", "A control character in the text."),
    "F007": Code(_E, "readers", "A `.docx` file that is not a Word document that can be read "
        "(a text file renamed, a damaged or truncated file)."),
    "F008": Code(_E, "readers", "An `.epub` file that cannot be read: not a zip, damaged or "
        "truncated, no package file, or a manifest that names a file outside the EPUB."),
    "F009": Code(_W, "readers", "Something in a Word, OpenDocument or EPUB chapter that the "
        "book cannot carry (a comment, a picture no e-reader shows, a remote image), left out."),
    "F010": Code(_E, "readers", "An `.odt` file that is not an OpenDocument text that can be "
        "read (a text file renamed, a damaged or truncated file)."),
    "B001": Code(_E, "check", "The language is not a language (`jp` for `ja`, `en-UK` for "
        "`en-GB`)."),
    "B002": Code(_E, "check", "The ISBN in `identifier` has a wrong check digit, or not 10 or "
        "13 digits."),
    "B003": Code(_W, "check", "A file under `manuscript/` that `contents` leaves out, so it is "
        "not in the book."),
    "B004": Code(_W, "check", "No `description`: stores and library apps show one."),
    "B005": Code(_W, "check", "No `identifier`: the default one changes when the title or "
        "author does."),
    "B006": Code(_W, "check", "The cover is smaller than stores ask for (1400 px on the short "
        "side, 2000 on the long; 1600 × 2560 is ideal)."),
    "I001": Code(_E, "files", "An image that is not a PNG, JPEG, GIF, WebP or SVG."),
    "I002": Code(_E, "files", "An image that is not what its name says, or is damaged."),
    "I003": Code(_E, "files", "A cover that is not a JPEG or PNG."),
    "I004": Code(_E, "files", "An SVG with a DOCTYPE or entities (see "
        "[security.md](security.md))."),
    "I005": Code(_E, "files", "An image of more than 100 million pixels (see "
        "[security.md](security.md))."),
    # --- The text --------------------------------------------------------------------------
    "T001": Code(_W, "check", "A quotation mark without its pair in the paragraph. A quotation "
        "may run over paragraphs: either each paragraph opens it again (the usual convention), "
        "or the paragraphs between carry no quotation mark until one closes it (a quoted "
        "letter). Only double quotes are paired: a single quote is also the apostrophe."),
    "T002": Code(_W, "check", 'A doubled word: "the the". Words that are often doubled on '
        'purpose are left alone ("that that", "had had", "teach her her own", "ha ha ha").'),
    "T003": Code(_W, "check", "Two spaces between words. Two after a full stop (a typewriter "
        "habit, harmless in the book) are reported once per file."),
    "T004": Code(_W, "check", "A space before `, . ; : ! ?` — except in French, which wants one "
        "before `; : ! ?`, and except an ellipsis, `. . .` and emoticons such as `:'(`."),
    "T005": Code(_W, "check", "Two dots, or four or more, where an ellipsis has three (Russian "
        "`?..` and `!..` are right)."),
    "T006": Code(_W, "check", "A hyphen between spaces used as a dash (` - `)."),
    "T007": Code(_W, "check", "Speech that opens a paragraph starting with a lower-case letter "
        '(`"hello," she said`).'),
    "T008": Code(_W, "check", "A scene-break marker different from the rest of the book (`---` "
        "in a book of `* * *`, or two blank lines in plain text where the rest use `oOo`)."),
    "T010": Code(_W, "check", "`,,` or `;;`."),
    "T011": Code(_W, "check", "No space after punctuation between words: `end.Next`, `one,two`."),
    "T012": Code(_W, "check", "A plain-text paragraph of more than 1,000 words, or of more than "
        "10 lines in a file whose paragraphs are separated by blank lines: the file probably has "
        "one line break between paragraphs. Set `plain_text: {paragraphs: line}` in book.yaml "
        "(see [manuscript.md](manuscript.md)). In a Word or HTML file: a paragraph of more than "
        "1,000 words or 10 lines, often paragraphs joined with line breaks (Shift+Enter)."),
    "C001": Code(_E, "readers", "An empty chapter."),
    # --- Structure -------------------------------------------------------------------------
    "S001": Code(_E, "check", "A footnote referenced (`[^x]`) but not defined: it is printed as "
        "typed."),
    "S002": Code(_W, "check", "A footnote defined but never referenced: it is left out of the "
        "book."),
    "S003": Code(_E, "check", "A link to a file that does not exist, is not a chapter, is "
        "outside the book, or to an id that is not there."),
    "S004": Code(_E, "check", "An image that does not exist or is not a file in the book "
        "folder."),
    "S005": Code(_W, "check", "An image without alt text."),
    "S006": Code(_W, "check", "An image over 5 MB, or over 4000 pixels on a side."),
    "S007": Code(_W, "check", "A skipped heading level (`#` then `###`)."),
    "S008": Code(_W, "check", "Two chapters with the same title (compared within a part, so "
        'each part may have its "Chapter 1").'),
    "S009": Code(_W, "check", "Raw HTML (`<b>`, `<br>`, `<!-- -->`). The builder does not "
        "interpret HTML: it is printed as typed. Only real HTML tag names count, so fan "
        "fiction's `<grin>` is left alone."),
    "S010": Code(_W, "check", "A line of `---` right under a paragraph, which makes the "
        "paragraph a heading rather than a scene break."),
    "M001": Code(_E, "readers", "Markdown the builder does not support."),
    "M002": Code(_E, "readers", "An attribute other than id, class and lang, or an id that is "
        "not valid."),
    "M003": Code(_E, "readers", "A link of a kind that is not allowed (a `javascript:` link)."),
    "M004": Code(_E, "readers", "An image that is not a file in the book folder (a web "
        "address)."),
    "M005": Code(_E, "readers", "Text nested too deeply (quotations or lists inside each "
        "other)."),
    "R001": Code(_E, "render", "An element the renderer cannot render."),
    "R002": Code(_E, "render", "A link to an id that is not in the chapter, or to a chapter "
        "that is not in the book."),
    # --- Outputs ---------------------------------------------------------------------------
    "E001": Code(_E, "EPUBCheck", "An EPUBCheck error (or fatal error) in the built EPUB."),
    "E002": Code(_W, "EPUBCheck", "An EPUBCheck warning."),
    "E003": Code(_W, "EPUBCheck", "EPUBCheck could not run (no Java, or the `epubcheck` package "
        "is missing)."),
    "O001": Code(_E, "writing", "An output file that cannot be written (a read-only `dist/`, a "
        "full disk)."),
    # --- The print PDF ---------------------------------------------------------------------
    "P001": Code(_E, "layout", "A stylesheet asks for a file outside the book folder, or "
        "something WeasyPrint could not load (found while laying out)."),
    "P002": Code(_W, "layout", "Characters the book typeface lacks (reported by `book build`, "
        "at their line)."),
    "P003": Code(_E, "render", "An absurd length in a stylesheet."),
    "P004": Code(_E, "layout", "A layout that fails on nesting or on a value out of range."),
    "L001": Code(_E, "layout", "The layout went over its memory limit (exit status 3; see "
        "[security.md](security.md))."),
    "L002": Code(_E, "layout", "The layout went over its time limit (exit status 3; see "
        "[security.md](security.md))."),
    "L003": Code(_E, "layout", "A paragraph of more than 200,000 characters "
        "(`BOOK_PARAGRAPH_LIMIT`), too long to lay out for print in reasonable time: break it "
        "into paragraphs, or build the EPUB alone (exit status 3; see "
        "[security.md](security.md))."),
    "P101": Code(_E, "preflight", "A page whose trim box is not book.yaml's trim size."),
    "P102": Code(_E, "preflight", "A font that is not embedded."),
    "P103": Code(_W, "preflight", "A font other than the book typeface: a fallback for missing "
        "glyphs."),
    "P104": Code(_E, "preflight", "Text nearer the edge than the minimum margins for the page "
        "count: KDP's gutter inside, 0.25 in elsewhere."),
    "P105": Code(_W, "preflight", "An image printed below 300 dots per inch."),
    "P106": Code(_W, "preflight", "Bookmarks or links in a print PDF."),
    "P107": Code(_W, "preflight", "A theme's ornament picture printed below 300 dots per inch "
        "(see [themes.md](themes.md))."),
    # --- Silences --------------------------------------------------------------------------
    "X001": Code(_W, "check", "A silence that silences nothing (see below)."),
    "X002": Code(_E, "check", "A silence comment with no blank line before it: it is part of "
        "the paragraph above, and printed in the book."),
    "X003": Code(_W, "check", "A `book-check` comment the checker cannot read."),
}  # fmt: skip


def require(code: str, severity: Severity | None = None) -> Code:
    """CODE's entry; a code not in the list (or reported as the wrong severity) is a bug in
    the builder, so it fails loudly where it is made rather than reaching an author."""
    entry = CODES.get(code)
    if entry is None:
        raise ValueError(f"{code!r} is not a diagnostic code in builder/codes.py")
    if severity is not None and severity != entry.severity:
        raise ValueError(f"{code} is an {entry.severity} in builder/codes.py, not a {severity}")
    return entry
