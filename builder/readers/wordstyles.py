"""mammoth's style lookup by kind of element: the same first match, without the long scan.

For every paragraph, run, bold or italic stretch, mammoth walks the whole style map (ours
and its own default, about sixty rules) until one matches, though a rule only ever matches
elements of its own kind (mammoth's _document_matcher_matches starts with that test). A
plain run matches nothing and so is tested against every rule: on a novel that is two
million tests, a fifth of the import. Here each converter keeps the rules of each kind in
their order, and tests only those: the first match is the one mammoth would find; and
since a rule reads only an element's style, numbering, break type and colour, the match
is remembered for elements alike in those.
tests/test_word_xml.py holds both lookups to the same HTML on real documents.
"""

from __future__ import annotations

from typing import Any

# What mammoth's _document_matcher_matches reads of an element.
_READ = ("style_id", "style_name", "numbering", "break_type", "color")
_mammoths: Any = None  # mammoth's own _find_style, once install() replaced it


def _find_style(self: Any, element: Any, element_type: str) -> Any:
    from mammoth.conversion import _document_matcher_matches

    kinds = self.__dict__.get("_book_style_kinds")
    if kinds is None:
        kinds = {}
        for style in self._style_map:
            kinds.setdefault(style.document_matcher.element_type, []).append(style)
        self._book_style_kinds = kinds
        self._book_found = {}
    # A matcher reads only these of an element, so elements alike in them find the same
    # rule: a novel's ten thousand Normal paragraphs are matched once.
    key: tuple[Any, ...] | None = (element_type, *(getattr(element, n, None) for n in _READ))
    try:
        return self._book_found[key]
    except KeyError:
        pass
    except TypeError:  # something unhashable in it: look it up each time
        key = None
    found = None
    for style in kinds.get(element_type, ()):
        if _document_matcher_matches(style.document_matcher, element, element_type):
            found = style
            break
    if key is not None:
        self._book_found[key] = found
    return found


def install() -> None:
    """Have mammoth's converter look styles up by kind (idempotent)."""
    from mammoth.conversion import _DocumentConverter

    global _mammoths
    if _DocumentConverter._find_style is not _find_style:
        _mammoths = _DocumentConverter._find_style
        _DocumentConverter._find_style = _find_style


def mammoths_own() -> Any:
    """mammoth's own lookup, as it was before install() (for the tests that compare)."""
    install()
    return _mammoths
