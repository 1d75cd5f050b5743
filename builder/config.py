"""book.yaml: a documented schema loaded into a typed, frozen BookConfig.

Each key has one parser that turns its YAML node into a typed value or raises a
BookError naming book.yaml and the line. The table ``FIELDS`` is the schema;
docs/book-yaml.md describes the same keys for authors.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Literal, get_args

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder import back_matter, sources
from builder import contents as contents_mod
from builder.codes import CODES
from builder.errors import BookError, Location
from builder.print_settings import PrintSettings
from builder.print_settings import parse as parse_print
from builder.roles import relator_code
from builder.yamlsafe import compose, fields, location, mapping_items

CONFIG_FILE = "book.yaml"

AuthorsNotes = Literal["keep", "end", "omit"]
# How a .txt file separates paragraphs (see builder/readers/plaintext.py).
PlainTextStyle = Literal["blank-line", "line", "indent", "wrapped"]
PLAIN_TEXT_STYLES: tuple[str, ...] = get_args(PlainTextStyle)


@dataclass(frozen=True)
class Contributor:
    name: str
    role: str  # MARC relator code, e.g. "trl"


@dataclass(frozen=True)
class Series:
    name: str
    number: str | None


@dataclass(frozen=True)
class Epigraph:
    text: str
    source: str | None


@dataclass(frozen=True)
class BookConfig:
    """Everything book.yaml says, checked and with defaults filled in."""

    root: Path
    title: str
    authors: tuple[str, ...]
    language: str
    identifier: str
    output: str
    subtitle: str | None = None
    contributors: tuple[Contributor, ...] = ()
    publisher: str | None = None
    date: str | None = None
    description: str | None = None
    subjects: tuple[str, ...] = ()
    rights: str | None = None
    series: Series | None = None
    cover: str | None = None
    contents: tuple[contents_mod.Group, ...] = ()
    dedication: str | None = None
    epigraph: Epigraph | None = None
    authors_notes: AuthorsNotes = "keep"
    typography: bool = True
    styles: tuple[str, ...] = ()
    # A built-in theme's name or a folder in the book (render/themes.py); None: the default.
    theme: str | None = None
    print: PrintSettings = field(default_factory=PrintSettings)
    # How .txt files separate paragraphs (plaintext.STYLES); None: guessed per file.
    plain_text: PlainTextStyle | None = None
    # Back matter and praise (builder/back_matter.py).
    about_author: back_matter.AboutAuthor | None = None
    also_by: tuple[back_matter.OtherBook, ...] = ()
    newsletter: back_matter.Newsletter | None = None
    acknowledgements: str | None = None
    praise: tuple[back_matter.Praise, ...] = ()
    website: str | None = None
    # Line of each key in book.yaml, for diagnostics about values after loading.
    lines: dict[str, int] = field(default_factory=dict, compare=False)
    # book.yaml as read, for the digest of the source (so it is not read again).
    source: bytes = field(default=b"", compare=False, repr=False)


# --- value parsers: (node, context) -> value -------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    root: Path

    def error(self, node: Node, message: str, code: str = "Y003") -> BookError:
        return BookError(message, location(node, CONFIG_FILE), code)


def _string(node: Node, ctx: _Ctx) -> str:
    # The raw scalar text: `language: no` is Norwegian, not False; `date: 2020-01-01` a string.
    if not isinstance(node, ScalarNode) or node.tag == "tag:yaml.org,2002:null":
        raise ctx.error(node, "expected text")
    text = str(node.value).strip()
    if not text:
        raise ctx.error(node, "must not be empty", "Y006")
    return text


def _string_list(node: Node, ctx: _Ctx) -> tuple[str, ...]:
    if isinstance(node, ScalarNode):
        return (_string(node, ctx),)
    if not isinstance(node, SequenceNode):
        raise ctx.error(node, "expected a list of text")
    return tuple(_string(item, ctx) for item in node.value)


def _boolean(node: Node, ctx: _Ctx) -> bool:
    if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:bool":
        raise ctx.error(node, "expected true or false")
    return str(node.value).lower() in ("true", "yes", "on")


_LANGUAGE = re.compile(
    r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)


def _language(node: Node, ctx: _Ctx) -> str:
    value = _string(node, ctx)
    if not _LANGUAGE.match(value):
        raise ctx.error(node, f"{value!r} is not a language tag such as en, en-GB, de, fr", "Y006")
    return value


def _date(node: Node, ctx: _Ctx) -> str:
    value = _string(node, ctx)
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    try:
        if not match:
            raise ValueError
        Date(int(match[1]), int(match[2] or 1), int(match[3] or 1))
    except ValueError:
        message = f"{value!r} is not a date in the form YYYY or YYYY-MM-DD"
        raise ctx.error(node, message, "Y006") from None
    return value


def _identifier(node: Node, ctx: _Ctx) -> str:
    value = _string(node, ctx)
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$", value):
        raise ctx.error(node, f"{value!r} is not isbn:…, urn:uuid:… or another URI", "Y006")
    return value


def _contributors(node: Node, ctx: _Ctx) -> tuple[Contributor, ...]:
    if not isinstance(node, SequenceNode):
        raise ctx.error(node, "expected a list of {name, role}")
    result = []
    for item in node.value:
        values = fields(item, CONFIG_FILE, {"name": True, "role": True})
        role = _string(values["role"], ctx)
        code = relator_code(role)
        if code is None:
            raise ctx.error(values["role"], f"unknown role {role!r}", "Y006")
        result.append(Contributor(_string(values["name"], ctx), code))
    return tuple(result)


def _series(node: Node, ctx: _Ctx) -> Series:
    values = fields(node, CONFIG_FILE, {"name": True, "number": False})
    number = _string(values["number"], ctx) if "number" in values else None
    if number is not None and not re.fullmatch(r"\d+(\.\d+)?", number):
        raise ctx.error(values["number"], f"series number {number!r} is not a number", "Y006")
    return Series(_string(values["name"], ctx), number)


def _epigraph(node: Node, ctx: _Ctx) -> Epigraph:
    values = fields(node, CONFIG_FILE, {"text": True, "source": False})
    source = _string(values["source"], ctx) if "source" in values else None
    return Epigraph(_string(values["text"], ctx), source)


def _authors_notes(node: Node, ctx: _Ctx) -> str:
    value = _string(node, ctx)
    if value not in ("keep", "end", "omit"):
        raise ctx.error(node, f"{value!r} must be keep, end or omit", "Y006")
    return value


def _output(node: Node, ctx: _Ctx) -> str:
    value = _string(node, ctx)
    if not re.fullmatch(r"[\w][\w.-]*", value) or value.endswith((".epub", ".pdf")):
        raise ctx.error(node, f"{value!r} must be a plain file name without extension", "Y006")
    return value


def _book_file(node: Node, ctx: _Ctx) -> str:
    value = _string(node, ctx)
    sources.resolve(ctx.root, value, location(node, CONFIG_FILE))
    return value


def _book_files(node: Node, ctx: _Ctx) -> tuple[str, ...]:
    if not isinstance(node, SequenceNode):
        raise ctx.error(node, "expected a list of file paths")
    return tuple(_book_file(item, ctx) for item in node.value)


def _plain_text(node: Node, ctx: _Ctx) -> str:
    # `plain_text: {paragraphs: line}`: when the guess from the text is wrong.
    value_node = fields(node, CONFIG_FILE, {"paragraphs": True})["paragraphs"]
    value = _string(value_node, ctx)
    if value not in PLAIN_TEXT_STYLES:
        choices = ", ".join(PLAIN_TEXT_STYLES)
        raise ctx.error(value_node, f"paragraphs {value!r} must be one of {choices}", "Y006")
    return value


def _theme(node: Node, ctx: _Ctx) -> str:
    from builder.render import themes

    value = _string(node, ctx)
    themes.find(ctx.root, value, location(node, CONFIG_FILE))
    return value


def _print(node: Node, ctx: _Ctx) -> PrintSettings:
    return parse_print(node, CONFIG_FILE, ctx.root)


_CHECK_CODE = re.compile(r"[A-Z][0-9]{3}")


def _check(node: Node, ctx: _Ctx) -> tuple[str, ...]:
    # `check: {ignore: [T003, S005]}` or the list alone: codes a book has chosen to accept.
    if isinstance(node, MappingNode):
        node = fields(node, CONFIG_FILE, {"ignore": True})["ignore"]
    items = node.value if isinstance(node, SequenceNode) else [node]
    codes = []
    for item in items:
        code = _string(item, ctx)
        if not _CHECK_CODE.fullmatch(code):
            raise ctx.error(item, f"{code!r} is not a check code such as T003", "Y006")
        if code not in CODES:
            # A typo would silence nothing, and the finding the author meant would stay.
            raise ctx.error(item, f"{code!r} is no check code (see docs/check.md)", "Y006")
        codes.append(code)
    return tuple(codes)


def _contents(node: Node, ctx: _Ctx) -> tuple[contents_mod.Group, ...]:
    return contents_mod.parse(node, ctx.root, CONFIG_FILE)


@dataclass(frozen=True)
class Field:
    parse: Callable[[Node, _Ctx], object]
    required: bool
    doc: str
    # The BookConfig attribute, when it is not the key; None: checked but not kept (`check`
    # is for book check, which reads it from the YAML to report silences at their place).
    attribute: str | None = ""


FIELDS: dict[str, Field] = {
    "title": Field(_string, True, "The book's title."),
    "subtitle": Field(_string, False, "Shown on the title page and in metadata."),
    "author": Field(_string_list, True, "A name, or a list of names.", "authors"),
    "language": Field(_language, True, "BCP 47 tag: en, en-GB, de, fr..."),
    "contributors": Field(_contributors, False, "List of {name, role}: translator, editor..."),
    "identifier": Field(_identifier, False, "isbn:978..., urn:uuid:... or any URI."),
    "publisher": Field(_string, False, "Dublin Core publisher."),
    "date": Field(_date, False, "Publication date, YYYY or YYYY-MM-DD."),
    "description": Field(_string, False, "A blurb for stores and readers."),
    "subjects": Field(_string_list, False, "List of subjects."),
    "rights": Field(_string, False, "Copyright or licence statement."),
    "series": Field(_series, False, "{name, number}."),
    "cover": Field(_book_file, False, "JPEG or PNG, relative to the book folder."),
    "contents": Field(_contents, False, "Reading order: paths, globs, {part, chapters}."),
    "dedication": Field(_string, False, "Markdown text for the dedication page."),
    "epigraph": Field(_epigraph, False, "{text, source} for the epigraph page."),
    "authors_notes": Field(_authors_notes, False, "keep (default), end or omit."),
    "typography": Field(_boolean, False, "Smart quotes, dashes, ellipses (default true)."),
    "plain_text": Field(_plain_text, False, "{paragraphs}: how .txt files separate them."),
    "styles": Field(_book_files, False, "Your CSS files, added after the builder's."),
    "theme": Field(_theme, False, "A built-in theme's name, or a theme folder in the book."),
    "output": Field(_output, False, "Base name of dist/ files (default: from the title)."),
    "print": Field(_print, False, "{trim, bleed, target, opening, edition, paper, service...}."),
    "praise": Field(back_matter.praise, False, "[{quote, source}]: praise before the title page."),
    "acknowledgements": Field(
        back_matter.text, False, "Markdown text for an Acknowledgements page."
    ),
    "about-author": Field(
        back_matter.about_author, False, "{text, photo}: the About the Author page.", "about_author"
    ),
    "also-by": Field(
        back_matter.also_by, False, "[{title, links}]: the author's other books.", "also_by"
    ),
    "newsletter": Field(back_matter.newsletter, False, "{text, url, title}: a call to sign up."),
    "website": Field(back_matter.url, False, "The author's website, where a store has no link."),
    "check": Field(_check, False, "{ignore: [codes]}: findings book check skips.", None),
}


def parse_value(root: Path, key: str, node: Node) -> object:
    """The value of KEY (a key of FIELDS) checked on its own: a catalog's shared settings."""
    return FIELDS[key].parse(node, _Ctx(root))


def read_node(root: Path) -> tuple[bytes, MappingNode]:
    """ROOT/book.yaml's bytes and its YAML tree, read and parsed once per command."""
    data = sources.read_bytes(root, CONFIG_FILE, Location(CONFIG_FILE))
    node = compose(sources.decode(CONFIG_FILE, data), CONFIG_FILE)
    if not isinstance(node, MappingNode):
        raise BookError(
            "book.yaml must be a mapping of keys to values", Location(CONFIG_FILE, 1), "Y003"
        )
    return data, node


def load(root: Path) -> BookConfig:
    """Read and check ROOT/book.yaml."""
    return from_node(root, *read_node(root))


def from_node(root: Path, data: bytes, node: MappingNode) -> BookConfig:
    """The config that book.yaml's tree NODE (whose file held DATA) describes, checked."""
    ctx = _Ctx(root)
    values: dict[str, object] = {}
    lines: dict[str, int] = {}
    for key, key_node, value_node in mapping_items(node, CONFIG_FILE, FIELDS):
        spec = FIELDS.get(key)
        if spec is None:
            raise ctx.error(key_node, f"unknown key {key!r}", "Y002")
        value = spec.parse(value_node, ctx)
        if spec.attribute is not None:
            values[spec.attribute or key] = value
        lines[key] = key_node.start_mark.line + 1
    for key, spec in FIELDS.items():
        if spec.required and key not in lines:
            raise BookError(f"missing required key {key!r}", Location(CONFIG_FILE, 1), "Y004")
    return _with_defaults(root, values, lines, data)


def _with_defaults(
    root: Path, values: dict[str, object], lines: dict[str, int], data: bytes
) -> BookConfig:
    title = str(values["title"])
    authors = values["authors"]
    assert isinstance(authors, tuple)
    if "identifier" not in values:
        # Stable across rebuilds, so reading systems keep notes and positions.
        seed = "book:" + title + "\n" + "\n".join(authors)
        values["identifier"] = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}"
    values.setdefault("output", slugify(title) or "book")
    if "contents" not in values:
        values["contents"] = contents_mod.default(root, CONFIG_FILE)
    return BookConfig(root=root, lines=lines, source=data, **values)  # type: ignore[arg-type]


def slugify(text: str) -> str:
    """A lowercase ASCII file name from a title: 'The Last Morning!' -> 'the-last-morning'."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
