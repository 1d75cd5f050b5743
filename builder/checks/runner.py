"""`book check`: the build's own stages (pipeline.py), then the rules, then dist/'s files.

Every stage's errors become findings and the check goes on, so one run reports every
problem: a chapter the reader refuses does not stop the others being checked. Each
manuscript file is read once, by the pipeline; the rules look at the same text.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from pathlib import Path

from builder import built, pipeline, readers
from builder.checks import book_yaml, markup, outputs, preflight, silence, structure, text
from builder.checks import cover as cover_preflight
from builder.checks import stores as store_rules
from builder.checks.chapters import Facts, facts
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
    """Every manuscript file as the rules see it (source) and as the readers made it."""

    sources: dict[str, SourceFile] = field(default_factory=dict)
    chapters: dict[str, Facts | None] = field(default_factory=dict)  # None: refused
    # Word and HTML files, seen through their chapters, and where each of their lines is.
    markup: dict[str, tuple[SourceFile, markup.Places]] = field(default_factory=dict)


def _manuscript(reading: pipeline.Reading) -> _Manuscript:
    """The rules' view of each file, from the text the pipeline read (not a second read)."""
    manuscript = _Manuscript()
    for path, content in reading.texts.items():
        if readers.is_markup(path):  # no lines to go to: seen through its chapters, below
            continue
        is_text = path.endswith(".txt")
        if is_text:
            source = read_plaintext(path, content, reading.config.plain_text)
        else:
            source = read_markdown(path, content)
        manuscript.sources[path] = source
    for path, read in zip(pipeline.manuscript_files(reading.config), reading.chapters, strict=True):
        if path in manuscript.chapters:  # listed twice in contents
            continue
        if isinstance(read, BookError):
            manuscript.chapters[path] = None
        else:
            manuscript.chapters[path] = found = facts(read)
            if path in manuscript.sources:
                manuscript.sources[path].add_breaks(list(found.gaps))
            elif readers.is_markup(path):
                manuscript.markup[path] = markup.read_markup(path, read)
    return manuscript


def _rules(config: BookConfig, manuscript: _Manuscript) -> list[Finding]:
    found: list[Finding] = []
    context = text.Context(config.language, config.typography)
    view = structure.BookView(config, manuscript.sources, manuscript.chapters)
    for source in manuscript.sources.values():
        found.extend(source.problems)
        found.extend(text.check_file(source, context))
        found.extend(structure.check_file(source, view))
    found.extend(text.mixed_scene_breaks(list(manuscript.sources.values())))
    found.extend(structure.duplicate_titles(view))
    for source, places in manuscript.markup.values():
        # The text rules only: links, notes and pictures are the reader's, checked as built.
        found.extend(places.locate(finding) for finding in text.check_file(source, context))
    return found


def _add_errors(found: list[Finding], errors: list[BookError], manuscript: _Manuscript) -> None:
    """The stages' own errors (each once), unless a rule reported the same problem already."""
    for error in dict.fromkeys(errors):
        source = manuscript.sources.get(error.location.file)
        if not structure.already_found(error, found, source):
            found.append(from_error(error))


@dataclass
class _Outputs:
    """dist/'s files to validate, or why there are none."""

    paths: dict[str, Path] = field(default_factory=dict)
    refused: list[BookError] = field(default_factory=list)  # why they could not be built
    why_not: str = ""

    def status(self, kind: str) -> str:
        return self.why_not.format({"epub": "EPUB", "pdf": "PDF"}[kind])


def _outputs(meta: book_yaml.Metadata, reading: pipeline.Reading, kinds: list[str]) -> _Outputs:
    """dist/'s current files of KINDS, built first (as `book build` does) when they are not."""
    if not kinds:
        return _Outputs()
    if not meta.loads:
        return _Outputs(why_not="not run: book.yaml has errors")
    if reading.errors():
        return _Outputs(why_not="not run: the {} could not be built")
    try:
        return _Outputs(pipeline.current_outputs(reading, kinds))
    except BookError as error:
        return _Outputs(refused=[error], why_not="not run: the {} could not be built")


def check(root: Path, *, epubcheck: bool = True, pdf: bool = False) -> Report:
    """Check the book in ROOT: book.yaml, the manuscript and (optionally) dist/'s files.

    EPUBCHECK validates dist/'s EPUB, PDF preflights dist/'s PDF; either is built first,
    through the pipeline, when it is missing or was built from another source.
    """
    meta = book_yaml.check(root)
    config = meta.config
    if config is None:
        return Report(meta.findings, files=[CONFIG_FILE])
    reading = pipeline.read(config)
    manuscript = _manuscript(reading)
    kinds = [kind for kind, wanted in (("epub", epubcheck), ("pdf", pdf)) if wanted]
    built = _outputs(meta, reading, kinds)
    found = list(meta.findings)
    run = _epubcheck(built, reading)
    with run or nullcontext():
        found.extend(_rules(config, manuscript))
        found.extend(store_rules.check(config, reading.accepted(), built.paths.get("epub")))
        _add_errors(found, [*reading.errors(), *built.refused], manuscript)
        pdf_status = "skipped" if not pdf else built.status("pdf")
        if "pdf" in built.paths:
            preflighted = _preflight(built.paths["pdf"], config)
            found.extend(preflighted)
            pdf_status = f"{len(preflighted)} problem(s)" if preflighted else "no problems"
            found.extend(cover_preflight.check(reading))  # when dist/ has a cover
        if run is not None:
            found.extend(run.findings())
    status = run.status if run else "skipped" if not epubcheck else built.status("epub")
    unjudged = frozenset() if run and run.ran else _EPUBCHECK_CODES
    places = [s for source in manuscript.sources.values() for s in source.silences]
    kept, silenced = silence.apply(found, places, meta.silences, unjudged)
    order = [CONFIG_FILE, *pipeline.manuscript_files(config)]
    return Report(ordered(kept, order), silenced, status, order, pdf_status)


def _preflight(pdf: Path, config: BookConfig) -> list[Finding]:
    """The print preflight of PDF, for the target it was laid out for (`book build --target`)."""
    settings = replace(config.print, target=built.laid_out_for(config))  # type: ignore[arg-type]
    return preflight.preflight(pdf, replace(config, print=settings))


def _epubcheck(built: _Outputs, reading: pipeline.Reading) -> outputs.EpubCheckRun | None:
    """EPUBCheck started on dist/'s EPUB, if there is one to check."""
    if "epub" not in built.paths:
        return None
    names = {chapter.name: chapter.source for chapter in reading.accepted()}
    return outputs.EpubCheckRun(built.paths["epub"], reading.config, names)
