"""`book check`, stage by stage: book.yaml, each manuscript file, the book, the outputs.

Every stage turns the builder's errors into findings and goes on, so one run reports
every problem: a chapter the reader refuses does not stop the others being checked.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from builder import sources
from builder.checks import book_yaml, chapters, outputs, preflight, silence, structure, text
from builder.checks.findings import ERROR, Finding, from_error, ordered
from builder.checks.mdsource import read_markdown
from builder.checks.source import SourceFile, read_plaintext
from builder.config import CONFIG_FILE, BookConfig
from builder.errors import BookError

# Codes only EPUBCheck can find: when it did not run, a silence of them is not "unused".
_EPUBCHECK_CODES = frozenset({"E001", "E002", "E003"})


@dataclass
class Report:
    """The findings left after silencing, in file order, and how the run went."""

    findings: list[Finding]
    silenced: int = 0
    epubcheck: str = "not run"
    files: list[str] = field(default_factory=list)
    pdf: str = "not run"

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == ERROR)

    @property
    def warnings(self) -> int:
        return len(self.findings) - self.errors

    def failed(self, strict: bool = False) -> bool:
        """Exit status 1: an error, or with --strict any finding at all."""
        return bool(self.errors or (strict and self.findings))


@dataclass
class _Manuscript:
    """Every manuscript file read both ways: as source (for the rules) and by the readers."""

    sources: dict[str, SourceFile] = field(default_factory=dict)
    chapters: dict[str, chapters.Facts | None] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    refused: list[BookError] = field(default_factory=list)  # the readers' errors


def _sources(config: BookConfig, manuscript: _Manuscript) -> None:
    for path in (path for group in config.contents for path in group.files):
        try:
            content = sources.read_text(config.root, path)
        except BookError as error:
            manuscript.findings.append(from_error(error))
            continue
        is_text = path.endswith(".txt")
        source = read_plaintext(path, content) if is_text else read_markdown(path, content)
        manuscript.sources[path] = source


def _add_chapters(manuscript: _Manuscript, outcomes: dict[str, chapters.Outcome]) -> None:
    for path, outcome in outcomes.items():
        if isinstance(outcome, BookError):
            manuscript.chapters[path] = None
            if path in manuscript.sources:  # else the source's own error is reported
                manuscript.refused.append(outcome)
        else:
            manuscript.chapters[path] = outcome
            if path in manuscript.sources:
                manuscript.sources[path].add_breaks(list(outcome.gaps))


def _rules(config: BookConfig, manuscript: _Manuscript) -> list[Finding]:
    found = list(manuscript.findings)
    context = text.Context(config.language, config.typography)
    view = structure.BookView(config, manuscript.sources, manuscript.chapters)
    for source in manuscript.sources.values():
        found.extend(source.problems)
        found.extend(text.check_file(source, context))
        found.extend(structure.check_file(source, view))
    found.extend(text.mixed_scene_breaks(list(manuscript.sources.values())))
    found.extend(structure.duplicate_titles(view))
    return found


def _add_errors(found: list[Finding], errors: list[BookError]) -> None:
    """The builder's own errors, unless a rule already reported the same problem."""
    for error in errors:
        if not structure.covered_reader_error(error, found):
            found.append(from_error(error))


def check(root: Path, *, epubcheck: bool = True, pdf: PdfMode = "off") -> Report:
    """Check the book in ROOT: book.yaml, the manuscript and (optionally) the outputs.

    PDF: "off"; "current", preflight dist/'s PDF if it was built from this source;
    "build", lay the PDF out now (through the build's cache) and preflight it.
    """
    meta = book_yaml.check(root)
    config = meta.config
    if config is None:
        return Report(meta.findings, files=[CONFIG_FILE])
    files = [path for group in config.contents for path in group.files]
    # The readers start first (in a child process, before any thread exists), then the
    # EPUB is built and EPUBCheck starts in the background, then the rules run.
    reading = chapters.Reading(root, files)
    run = outputs.EpubCheckRun(root) if epubcheck and meta.loads else None
    found = list(meta.findings)
    manuscript = _Manuscript()
    with run or nullcontext():
        _sources(config, manuscript)
        _add_chapters(manuscript, reading.outcomes())
        found.extend(_rules(config, manuscript))
        _add_errors(found, manuscript.refused)
        if run is not None:
            found.extend(run.findings())
            _add_errors(found, run.refused)
    pdf_status = "not run"
    if pdf != "off" and meta.loads:
        pdf_status, preflighted = _preflight(root, config, pdf, found)
        found.extend(preflighted)
    status = run.status if run else "skipped" if not epubcheck else "not run: book.yaml has errors"
    unjudged = frozenset() if run and run.ran else _EPUBCHECK_CODES
    places = [s for source in manuscript.sources.values() for s in source.silences]
    kept, silenced = silence.apply(found, places, meta.silences, unjudged)
    order = [CONFIG_FILE, *files]
    return Report(ordered(kept, order), silenced, status, order, pdf_status)


PdfMode = Literal["off", "current", "build"]


def _preflight(
    root: Path, config: BookConfig, mode: PdfMode, found: list[Finding]
) -> tuple[str, list[Finding]]:
    """The print preflight's status and findings (see preflight.py)."""
    if mode == "current":
        pdf = preflight.current_pdf(root, config)
        if pdf is None:
            return "not run: no PDF built from this source (book build, or --pdf)", []
        findings = preflight.preflight(pdf, config)
        return (f"{len(findings)} problem(s)" if findings else "no problems"), findings
    if any(f.severity == ERROR for f in found):
        return "not run: the book has errors", []
    import os
    import tempfile

    from builder import pipeline
    from builder.render.pdf import package as pdf_packager

    try:
        book = pipeline.transform(pipeline.read_book(root))
        data, _ = pdf_packager.package(book, pipeline.build_time(book.config, os.environ))
    except BookError as error:
        return "not run: the PDF could not be built", [from_error(error)]
    with tempfile.TemporaryDirectory(prefix="book-check-") as folder:
        path = Path(folder) / "book.pdf"
        path.write_bytes(data)
        findings = preflight.preflight(path, config)
    return (f"{len(findings)} problem(s)" if findings else "no problems"), findings
