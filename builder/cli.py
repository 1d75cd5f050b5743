"""The `book` command: arguments in, exit status out. The work happens in pipeline.py."""

from __future__ import annotations

import signal
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from builder import __version__
from builder.errors import BookError, BookWarning

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Turn a manuscript kept as plain files into an EPUB 3 (and a print PDF).",
)


class Target(StrEnum):
    print = "print"
    digital = "digital"


class Format(StrEnum):
    epub = "epub"
    pdf = "pdf"
    all = "all"  # the EPUB and the PDF; a cover only when asked for (docs/cover.md)
    cover = "cover"


BookDir = Annotated[
    Path,
    typer.Argument(help="The book folder (with book.yaml).", file_okay=False, exists=True),
]
Debug = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


class Terminated(BaseException):
    """SIGTERM (a CI job cancelled, `kill`): unwinds like Ctrl-C, so temporary files go."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


@contextmanager
def _reported(debug: bool) -> Iterator[None]:
    """The error contract: one line and exit 1 (book), 3 (a limit), 130/143 (interrupted)."""
    try:
        previous = signal.signal(signal.SIGTERM, _terminate)
    except ValueError:  # not the main thread: leave signals alone
        previous = None
    try:
        yield
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        raise typer.Exit(130) from None
    except Terminated:
        print("terminated", file=sys.stderr)
        raise typer.Exit(143) from None
    except typer.Exit:
        raise
    except Exception as error:
        _fail(error, debug)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _fail(error: Exception, debug: bool) -> None:
    """Report an error in one line (or fully with --debug) and exit with its status."""
    if debug:
        raise error
    status = 1
    if isinstance(error, BookError):
        message = str(error)
        status = error.exit_code
    elif isinstance(error, MemoryError):
        message = "error[L001]: the build ran out of memory"
        status = 3
    elif isinstance(error, RecursionError):
        message = "error: the book is nested too deeply to build (quotes, lists or styles)"
    elif isinstance(error, OSError):
        place = f": {error.filename}" if error.filename else ""
        message = f"error: {error.strerror or error}{place}"
    else:
        message = (
            f"error: the builder failed unexpectedly ({type(error).__name__}: {error}); "
            "run again with --debug and report it"
        )
    print(message, file=sys.stderr)
    raise typer.Exit(status)


@app.command()
def build(
    directory: BookDir = Path("."),
    format: Annotated[Format, typer.Option("--format", "-f", help="What to build.")] = Format.all,
    target: Annotated[
        Target | None,
        typer.Option(
            "--target", help="PDF for a print service or for screens (book.yaml's print.target)."
        ),
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            help="Also one EPUB per store: kindle,apple,kobo,google or all (see publishing.md).",
        ),
    ] = None,
    debug: Debug = False,
) -> None:
    """Build dist/<name>.epub and dist/<name>.pdf from the book folder."""
    from builder import pipeline
    from builder.back_matter import parse_stores

    formats = pipeline.FORMATS if format is Format.all else (format.value,)
    try:
        stores = parse_stores(store or "")
    except ValueError as error:
        raise typer.BadParameter(str(error), param_hint="--store") from None
    with _reported(debug), warnings.catch_warnings(record=True) as notices:
        warnings.simplefilter("always", BookWarning)
        written = pipeline.build(directory, formats, target.value if target else None, stores)
    _print_notices(notices)
    for path in written:
        print(path)


def _print_notices(notices: list[warnings.WarningMessage]) -> None:
    """The build's warnings, one line each on stderr (the findings go to stdout)."""
    for notice in notices:
        if isinstance(notice.message, BookWarning):
            print(str(notice.message), file=sys.stderr)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


@app.command()
def check(
    directory: BookDir = Path("."),
    format: Annotated[
        CheckFormat, typer.Option("--format", "-f", help="text, json or github annotations.")
    ] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    no_epubcheck: Annotated[
        bool, typer.Option("--no-epubcheck", help="Do not validate (or build) the EPUB.")
    ] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", hidden=True, help="The default: preflight the PDF.")
    ] = False,
    no_pdf: Annotated[
        bool, typer.Option("--no-pdf", help="Do not preflight (or lay out) the PDF.")
    ] = False,
    debug: Debug = False,
) -> None:
    """Report every problem in the book, at its file and line; exit 1 if one is an error.

    dist/'s EPUB and PDF are validated; when they are missing or were built from another
    source, they are built first, as `book build` builds them.
    """
    from builder.checks import report, runner

    with _reported(debug), warnings.catch_warnings(record=True) as notices:
        warnings.simplefilter("always", BookWarning)
        result = runner.check(directory, epubcheck=not no_epubcheck, pdf=pdf or not no_pdf)
    _print_notices(notices)
    if format is CheckFormat.json:
        print(report.as_json(result))
    elif format is CheckFormat.github:
        print(report.as_github(result, _repository_prefix(directory)))
    else:
        report.write_text(result, sys.stdout)
    raise typer.Exit(1 if result.failed(strict) else 0)


def _repository_prefix(directory: Path) -> str:
    """The book folder as GitHub names files: relative to where the command runs."""
    try:
        relative = directory.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return ""
    return "" if relative == Path(".") else relative.as_posix() + "/"


@app.command()
def new(
    directory: Annotated[Path, typer.Argument(help="The folder to make (new or empty).")],
    title: Annotated[str | None, typer.Option(help="Default: from the folder's name.")] = None,
    author: Annotated[str, typer.Option(help="The author's name.")] = "Your Name",
    language: Annotated[str, typer.Option(help="A BCP 47 tag: en, en-GB, fr...")] = "en",
    theme: Annotated[str | None, typer.Option(help="A built-in theme (see `book themes`).")] = None,
    debug: Debug = False,
) -> None:
    """Make a new book folder that builds and checks clean, with a GitHub workflow."""
    from builder import new as new_book

    with _reported(debug):
        try:
            written = new_book.create(directory, title, author, language, theme)
        except new_book.FolderNotEmpty as error:
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(1) from None
    for path in written:
        print(path)


@app.command()
def themes(
    directory: Annotated[
        Path | None,
        typer.Argument(help="With --preview: the book folder (default: here).", file_okay=False),
    ] = None,
    preview: Annotated[
        bool, typer.Option("--preview", help="Write dist/<name>-themes.pdf from your book.")
    ] = False,
    debug: Debug = False,
) -> None:
    """List the built-in themes; with --preview, show each one set from your own book."""
    from builder.render import themes as themes_mod

    with _reported(debug):
        if preview:
            from builder.render.pdf import contact_sheet

            print(contact_sheet.write(directory or Path(".")))
            return
        for name in themes_mod.builtin_names():
            print(f"{name:<12} {themes_mod.builtin(name).description}")


@app.command()
def serve(
    directory: BookDir = Path("."),
    port: Annotated[
        int,
        typer.Option("--port", min=1, max=65535, help="On 127.0.0.1; the next free one if taken."),
    ] = 8000,
    no_pdf: Annotated[
        bool, typer.Option("--no-pdf", help="Do not lay out the PDF after each change.")
    ] = False,
    debug: Debug = False,
) -> None:
    """Preview the book in a browser as its EPUB shows it; rebuild on every change."""
    from builder.serve import watch

    with _reported(debug):
        watch.run(directory, port, pdf=not no_pdf, debug=debug)


@app.command(name="import")
def import_(
    source: Annotated[
        Path, typer.Argument(help="The document: .docx, .epub, .html, .htm or .txt.")
    ],
    directory: Annotated[
        Path | None,
        typer.Argument(help="The folder to make (new or empty). Default: from the title."),
    ] = None,
    debug: Debug = False,
) -> None:
    """Make a new book folder from one document: book.yaml, manuscript/, images/."""
    from builder.importer import folder, formats, summary

    with _reported(debug):
        try:
            imported = formats.read(source)
            title = str(imported.metadata["title"])
            target = folder.write(imported, directory or folder.default_folder(title, Path()))
        except (formats.CannotImport, folder.Refused) as error:
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(1) from None
    print(target)
    for line in summary.lines(imported.dropped):
        print(line, file=sys.stderr)
    if imported.metadata.get("author") == formats.PLACEHOLDER_AUTHOR:
        print(
            f"no author in the document: book.yaml names {formats.PLACEHOLDER_AUTHOR!r}, "
            "put yours there",
            file=sys.stderr,
        )


class Engine(StrEnum):
    local = "local"
    dask = "dask"


@app.command()
def catalog(
    path: Annotated[
        Path, typer.Argument(help="A folder of book folders, or a catalog.yaml.", exists=True)
    ] = Path("."),
    format: Annotated[Format, typer.Option("--format", "-f", help="What to build.")] = Format.all,
    engine: Annotated[
        Engine, typer.Option(help="local: processes here; dask: a dask cluster.")
    ] = Engine.local,
    address: Annotated[
        str | None, typer.Option(help="A running dask scheduler (tcp://host:8786).")
    ] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", min=1, help="Books at once (default: cores).")
    ] = None,
    cache: Annotated[
        Path | None, typer.Option(help="The cache folder (default: .book-cache by the books).")
    ] = None,
    debug: Debug = False,
) -> None:
    """Build every book of a catalog, each into its own dist/; exit 1 if one failed.

    Unchanged books come from the cache. dist/catalog-report.json says how each went.
    """
    from rich.console import Console

    from builder.catalog import run, work

    if address is not None and engine is not Engine.dask:
        raise typer.BadParameter("--address is for --engine dask", param_hint="--address")
    formats = ("epub", "pdf") if format is Format.all else (format.value,)  # pipeline.FORMATS
    options = run.Options(formats, engine.value, jobs, address, cache)
    with _reported(debug):
        try:
            status = run.main(path, options, Console(stderr=True))
        except work.Unusable as error:
            print(f"error: {error}", file=sys.stderr)
            raise typer.Exit(1) from None
    raise typer.Exit(status)


def _version(value: bool) -> None:
    if value:
        print(f"book {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """book: EPUB and print PDF from Markdown or plain text."""


def main() -> None:
    app()
