"""A book's settings in a catalog: its own book.yaml, with the catalog's `defaults:` under it.

The merge happens on the YAML trees, before config.py reads them, so a shared key is
checked by the same parser as the book's own, and a book's key always wins. `print:` is
merged key by key: a book that sets only its trim size keeps the catalog's other print
settings. A shared value that is wrong is reported at its line in catalog.yaml.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from yaml.nodes import MappingNode, Node

from builder import config
from builder.errors import BookError
from builder.yamlsafe import mapping_items, spelled

# Keys whose mappings are merged key by key rather than taken whole.
MERGED = ("print",)


def load(root: Path, defaults: MappingNode | None, file: str, text: str) -> config.BookConfig:
    """ROOT's config with DEFAULTS (from FILE, whose canonical form is TEXT) merged in."""
    data, node = config.read_node(root)
    if defaults is None:
        return config.from_node(root, data, node)
    node, taken = merge(node, defaults)
    for key, value in taken:
        _check(root, key, value, file)
    # What the outputs were built from includes the shared settings (built.source_digest).
    source = data + b"\0" + file.encode() + b"\0" + text.encode()
    return config.from_node(root, source, node)


def merge(book: MappingNode, defaults: MappingNode) -> tuple[MappingNode, list[tuple[str, Node]]]:
    """BOOK's tree with the DEFAULTS it does not set, and the shared (key, value) it took."""
    shared = {
        key: value for key, _, value in mapping_items(defaults, config.CONFIG_FILE, config.FIELDS)
    }
    items: list[tuple[Node, Node]] = []
    taken: list[tuple[str, Node]] = []
    for key, key_node, value in mapping_items(book, config.CONFIG_FILE, config.FIELDS):
        extra = shared.pop(key, None)
        if key in MERGED and isinstance(value, MappingNode) and isinstance(extra, MappingNode):
            missing = _missing(value, extra)
            value = MappingNode(value.tag, [*value.value, *missing.value])
            taken.append((key, missing))
        items.append((key_node, value))
    for key_node, value in defaults.value:
        key = spelled(str(key_node.value), config.FIELDS)
        if key in shared:
            items.append((key_node, value))
            taken.append((key, value))
    return MappingNode(book.tag, items), taken


def _missing(mine: MappingNode, shared: MappingNode) -> MappingNode:
    """SHARED's items whose keys MINE lacks."""
    # `cover-front` and `cover_front` are one key (yamlsafe.spelled).
    keys = {key.replace("-", "_") for key, _, _ in mapping_items(mine, config.CONFIG_FILE)}
    return MappingNode(
        shared.tag,
        [(k, v) for k, v in shared.value if str(k.value).replace("-", "_") not in keys],
    )


def _check(root: Path, key: str, value: Node, file: str) -> None:
    """A shared value, parsed in this book (paths are the book's): errors name FILE."""
    try:
        config.parse_value(root, key, value)
    except BookError as error:
        raise type(error)(error.message, replace(error.location, file=file), error.code) from None
