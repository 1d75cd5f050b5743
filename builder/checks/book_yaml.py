"""book.yaml: every schema error at once, then what stores and reading systems want.

The schema is config.py's own (its FIELDS table and parsers), run key by key so that one
wrong key does not hide the next; a list whose items are wrong is run item by item, so
every missing chapter is named. The rules after it look at what the schema accepts but a
publisher would not: an unknown language, an ISBN that does not add up, a small cover.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from builder import config as config_mod
from builder import contents as contents_mod
from builder import pipeline, sources
from builder.checks import images
from builder.checks.findings import ERROR, WARNING, Finding, from_error
from builder.checks.silence import BookSilence
from builder.config import CONFIG_FILE, BookConfig
from builder.errors import BookError, Location
from builder.yamlsafe import compose, location, mapping_items

# Stores (Apple Books, Kobo, KDP) ask for covers of at least this size; 1600 × 2560 is ideal.
MIN_COVER_SHORT_SIDE = 1400
MIN_COVER_LONG_SIDE = 2000


@dataclass
class Metadata:
    """What the book.yaml checks found, and the config the other checks can go on with."""

    config: BookConfig | None = None  # None when book.yaml cannot be read at all
    findings: list[Finding] = field(default_factory=list)
    nodes: dict[str, Node] = field(default_factory=dict)  # value node of each key
    silences: list[BookSilence] = field(default_factory=list)
    loads: bool = False  # whether the builder loads this book.yaml (so the EPUB can be built)


def check(root: Path) -> Metadata:
    """Check ROOT/book.yaml: schema, then the publishing rules."""
    result = Metadata()
    try:
        node = compose(sources.read_text(root, CONFIG_FILE), CONFIG_FILE)
        if not isinstance(node, MappingNode):
            message = "book.yaml must be a mapping of keys to values"
            raise BookError(message, Location(CONFIG_FILE, 1), "Y003")
        items = mapping_items(node, CONFIG_FILE)
    except BookError as error:
        result.findings.append(from_error(error))
        return result
    result.nodes = {key: value for key, _, value in items}
    try:
        result.config = pipeline.load_config(root)
        result.loads = True
    except BookError:
        # Key by key, to report every error rather than the first.
        written = {key for key, _, _ in items}
        result.config = _config(root, _parse_keys(root, items, result), result, written)
    result.silences = _silences(result.nodes.get("check"))
    for rule in RULES:
        result.findings.extend(rule(result.config, result.nodes))
    return result


def _parse_keys(
    root: Path, items: list[tuple[str, ScalarNode, Node]], result: Metadata
) -> dict[str, object]:
    """Each key through its parser; errors become findings and the key is left out."""
    ctx = config_mod._Ctx(root)  # the schema's own context, so errors match the build's
    values: dict[str, object] = {}
    result.nodes = {}
    for key, key_node, value_node in items:
        spec = config_mod.FIELDS.get(key)
        if spec is None:
            result.findings.append(from_error(ctx.error(key_node, f"unknown key {key!r}", "Y002")))
            continue
        try:
            value = spec.parse(value_node, ctx)
        except BookError as error:
            result.findings.extend(_item_errors(spec, value_node, ctx, error))
            continue
        if spec.attribute is not None:
            values[spec.attribute or key] = value
        result.nodes[key] = value_node
    for key, spec in config_mod.FIELDS.items():
        if spec.required and key not in result.nodes and key not in (i[0] for i in items):
            missing = BookError(f"missing required key {key!r}", Location(CONFIG_FILE, 1), "Y004")
            result.findings.append(from_error(missing))
    return values


def _item_errors(
    spec: config_mod.Field, node: Node, ctx: config_mod._Ctx, error: BookError
) -> list[Finding]:
    """The errors of a list's items one by one (every missing chapter, not just the first)."""
    found = []
    if isinstance(node, SequenceNode) and len(node.value) > 1:
        for item in node.value:
            try:
                spec.parse(SequenceNode(node.tag, [item]), ctx)
            except BookError as item_error:
                found.append(from_error(item_error))
    return found or [from_error(error)]


def _config(
    root: Path, values: dict[str, object], result: Metadata, written: set[str]
) -> BookConfig:
    """A config from the keys that are right, with stand-ins for those that are not."""
    defaults = {"title": "", "authors": (), "language": "en", "identifier": "", "output": "book"}
    values = defaults | values
    if "contents" not in values:
        try:
            values["contents"] = contents_mod.default(root, CONFIG_FILE)
        except BookError as error:
            if "contents" not in written:  # else the error in `contents` is reported already
                result.findings.append(from_error(error))
    lines = {key: node.start_mark.line + 1 for key, node in result.nodes.items()}
    return BookConfig(root=root, lines=lines, **values)  # type: ignore[arg-type]


def _silences(node: Node | None) -> list[BookSilence]:
    if node is None:
        return []
    if isinstance(node, MappingNode):
        node = next(value for key, value in node.value if key.value == "ignore")
    items = node.value if isinstance(node, SequenceNode) else [node]
    return [
        BookSilence(str(item.value).strip(), *_line_column(item))
        for item in items
        if isinstance(item, ScalarNode)
    ]


def _line_column(node: Node) -> tuple[int | None, int | None]:
    where = location(node, CONFIG_FILE)
    return where.line, where.column


def _at(nodes: dict[str, Node], key: str, code: str, message: str) -> Finding:
    line, column = _line_column(nodes[key]) if key in nodes else (None, None)
    severity = WARNING if code in _WARNINGS else ERROR
    return Finding(code, severity, message, CONFIG_FILE, line, column)


_WARNINGS = frozenset({"B003", "B004", "B005", "B006"})

# ISO 639-1: the two-letter language subtags (BCP 47 takes these, or three-letter ISO 639-2/3).
_ISO_639_1_CODES = (
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv "
    "cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr "
    "ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw "
    "ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv "
    "ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr "
    "ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi "
    "yo za zh zu iw in ji"
)
_ISO_639_1 = frozenset(_ISO_639_1_CODES.split())
# Country codes typed where a language was meant, and the language probably meant.
_COUNTRY_NOT_LANGUAGE = {"jp": "ja", "cz": "cs", "dk": "da", "gr": "el", "ua": "uk", "cn": "zh",
                         "gb": "en", "us": "en", "se": "sv", "rs": "sr", "ee": "et"}  # fmt: skip


def language(config: BookConfig, nodes: dict[str, Node]) -> Iterator[Finding]:
    # B001: an unknown language makes reading systems hyphenate and speak the book wrongly.
    if "language" not in nodes:
        return
    primary, *rest = config.language.lower().split("-")
    if len(primary) == 2 and primary not in _ISO_639_1:
        hint = _COUNTRY_NOT_LANGUAGE.get(primary)
        message = f"{primary!r} is not a language code" + (
            f" (did you mean {hint!r}?)" if hint else ""
        )
        yield _at(nodes, "language", "B001", message)
    elif rest and rest[0] == "uk":
        yield _at(nodes, "language", "B001", "the region code for the United Kingdom is GB (en-GB)")


def isbn(config: BookConfig, nodes: dict[str, Node]) -> Iterator[Finding]:
    # B002: an ISBN with a wrong check digit is refused by every store and library.
    match = re.fullmatch(r"(?i:urn:)?(?i:isbn):\s*([0-9Xx -]+)", config.identifier)
    if "identifier" not in nodes or match is None:
        return
    digits = re.sub(r"[ -]", "", match.group(1)).upper()
    if len(digits) not in (10, 13) or "X" in digits[:-1] or (len(digits) == 13 and "X" in digits):
        yield _at(nodes, "identifier", "B002", f"ISBN {match.group(1)!r} must have 10 or 13 digits")
    elif not _isbn_sums(digits):
        yield _at(nodes, "identifier", "B002", f"ISBN {match.group(1)!r} has a wrong check digit")


def _isbn_sums(digits: str) -> bool:
    values = [10 if d == "X" else int(d) for d in digits]
    if len(values) == 10:
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    return sum(v * (3 if i % 2 else 1) for i, v in enumerate(values)) % 10 == 0


def unlisted_files(config: BookConfig, nodes: dict[str, Node]) -> Iterator[Finding]:
    # B003: a chapter added to manuscript/ but not to `contents` is silently left out.
    if "contents" not in nodes:
        return
    listed = {path for group in config.contents for path in group.files}
    try:
        (every,) = contents_mod.default(config.root, CONFIG_FILE)
    except BookError:
        return
    for path in every.files:
        if path not in listed:
            message = "this file is not in book.yaml's contents, so it is not in the book"
            yield Finding("B003", WARNING, message, path)


def recommended(config: BookConfig, nodes: dict[str, Node]) -> Iterator[Finding]:
    # B004, B005: stores show the description, and the identifier is what keeps readers'
    # notes and positions when the title or author changes (the default is made from them).
    if "description" not in nodes:
        yield Finding(
            "B004", WARNING, "no description: stores and library apps show one", CONFIG_FILE
        )
    if "identifier" not in nodes:
        message = (
            "no identifier: give the book its ISBN, or a urn:uuid that stays when the title changes"
        )
        yield Finding("B005", WARNING, message, CONFIG_FILE)


def cover(config: BookConfig, nodes: dict[str, Node]) -> Iterator[Finding]:
    # B006: stores refuse or blur covers smaller than they ask for. I001-I003: the build
    # needs a real JPEG or PNG.
    if config.cover is None or "cover" not in nodes:
        return
    where = Location(CONFIG_FILE, *_line_column(nodes["cover"]))
    try:
        facts = images.facts(config.root / config.cover, config.cover, where)
    except BookError as error:
        yield from_error(error)
        return
    if facts.media not in ("image/jpeg", "image/png"):
        yield _at(nodes, "cover", "I003", "the cover must be a JPEG or PNG image")
    elif facts.pixels:
        short, long = sorted(facts.pixels)
        if short < MIN_COVER_SHORT_SIDE or long < MIN_COVER_LONG_SIDE:
            width, height = facts.pixels
            message = (
                f"the cover is {width} × {height} pixels; stores ask for at least "
                f"{MIN_COVER_SHORT_SIDE} × {MIN_COVER_LONG_SIDE} (1600 × 2560 is ideal)"
            )
            yield _at(nodes, "cover", "B006", message)


RULES = (language, isbn, unlisted_files, recommended, cover)
