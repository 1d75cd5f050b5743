"""Compose YAML into nodes that keep their line numbers, refusing YAML's risky corners.

We read the node tree rather than Python objects because every error must name
its line in book.yaml, and because PyYAML's object layer silently turns
``language: no`` into ``False`` and keeps the last of two duplicate keys.
"""

from __future__ import annotations

from collections.abc import Container

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode

from builder.errors import BookError, Location

# Deeper than any real book.yaml; PyYAML recurses per level and would raise
# RecursionError (not YAMLError) long before Python's own limit is useful.
MAX_DEPTH = 32


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and explicit tags and bounds nesting."""

    def __init__(self, stream: str, file: str) -> None:
        super().__init__(stream)
        self._file = file
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        where = Location(self._file, event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, AliasEvent):
            # Aliases let a small file expand into a huge one ("billion laughs").
            raise BookError("YAML aliases (*name) are not allowed", where, "Y008")
        tag = getattr(event, "tag", None)
        if tag not in (None, "!"):
            raise BookError(f"YAML tags ({tag}) are not allowed", where, "Y008")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise BookError(f"nesting deeper than {MAX_DEPTH} levels", where, "Y008")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def compose(text: str, file: str) -> Node | None:
    """Parse YAML text into a node tree, or raise BookError at the offending line."""
    loader = _StrictLoader(text, file)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise BookError(f"invalid YAML: {problem}", Location(file, line, column), "Y001") from None
    except yaml.YAMLError as exc:
        raise BookError(f"invalid YAML: {exc}", Location(file), "Y001") from None
    finally:
        loader.dispose()


def location(node: Node, file: str) -> Location:
    """The 1-based place where a node starts."""
    return Location(file, node.start_mark.line + 1, node.start_mark.column + 1)


def mapping_items(
    node: MappingNode, file: str, known: Container[str] = ()
) -> list[tuple[str, ScalarNode, Node]]:
    """The (key, key node, value node) pairs of a mapping, refusing duplicate keys.

    A key spelled with `-` where KNOWN has `_` (or the other way round) is the KNOWN key:
    book.yaml has keys of both kinds (`plain_text`, `cover-front`), and an author should
    not have to remember which is which. Both spellings at once are a duplicate."""
    seen: dict[str, int] = {}
    items = []
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            raise BookError("keys must be plain words", location(key_node, file), "Y003")
        key = spelled(str(key_node.value), known)
        if key in seen:
            raise BookError(
                f"duplicate key {key!r} (first at line {seen[key]})",
                location(key_node, file),
                "Y007",
            )
        seen[key] = key_node.start_mark.line + 1
        items.append((key, key_node, value_node))
    return items


def spelled(key: str, known: Container[str]) -> str:
    """KEY as KNOWN spells it, when KNOWN has it with `_` and `-` swapped; else KEY."""
    if key in known:
        return key
    other = key.replace("-", "_") if "-" in key else key.replace("_", "-")
    return other if other in known else key


def fields(node: Node, file: str, allowed: dict[str, bool]) -> dict[str, Node]:
    """The values of a small mapping with the ALLOWED keys (True = required), by key."""
    if not isinstance(node, MappingNode):
        expected = f"expected a mapping with keys {', '.join(allowed)}"
        raise BookError(expected, location(node, file), "Y003")
    values: dict[str, Node] = {}
    for key, key_node, value in mapping_items(node, file, allowed):
        if key not in allowed:
            message = f"unknown key {key!r} (expected {', '.join(allowed)})"
            raise BookError(message, location(key_node, file), "Y002")
        values[key] = value
    for key, required in allowed.items():
        if required and key not in values:
            raise BookError(f"missing key {key!r}", location(node, file), "Y004")
    return values
