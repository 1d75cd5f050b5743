"""The few CSS properties an HTML manuscript marks text with, read with tinycss2.

Google Docs' "Web page" export sets no inline styles: every paragraph and span has classes
(`<p class="c3 c7">`) defined in a `<style>` element (`.c3{text-align:center}`). Other
exports put the same properties in `style` attributes. Both are read as CSS, with the
parser WeasyPrint uses, and only single-class rules (`.c3`) count: that is all these
exports write, and a cascade of selectors would be a browser's job.
"""

from __future__ import annotations

from collections.abc import Iterable

import tinycss2
from lxml import etree

from builder.model import Element, Node

SMALL_CAPS_CLASS = "smallcaps"  # Pandoc's name for [text]{.smallcaps}

Declarations = dict[str, str]
# Only what the readers act on: keeping the rest would only cost memory.
_WANTED = frozenset(
    {"text-align", "page-break-before", "break-before", "font-style", "font-weight",
     "font-variant", "font-variant-caps", "text-decoration", "text-decoration-line",
     "vertical-align"}
)  # fmt: skip


def _declarations(tokens: Iterable[tinycss2.ast.Node]) -> Declarations:
    out: Declarations = {}
    for item in tinycss2.parse_declaration_list(
        list(tokens), skip_comments=True, skip_whitespace=True
    ):
        if isinstance(item, tinycss2.ast.Declaration) and item.lower_name in _WANTED:
            out[item.lower_name] = tinycss2.serialize(item.value).strip().lower()
    return out


def _class_name(prelude: list[tinycss2.ast.Node]) -> str | None:
    """The class of a selector that is one class and nothing more (`.c3`, `p.c3`)."""
    tokens = [t for t in prelude if not isinstance(t, tinycss2.ast.WhitespaceToken)]
    if tokens and isinstance(tokens[0], tinycss2.ast.IdentToken):
        tokens = tokens[1:]  # p.c3: the element name does not matter here
    if (
        len(tokens) == 2
        and isinstance(tokens[0], tinycss2.ast.LiteralToken)
        and tokens[0].value == "."
        and isinstance(tokens[1], tinycss2.ast.IdentToken)
    ):
        return str(tokens[1].value)
    return None


def class_rules(tree: etree._Element) -> dict[str, Declarations]:
    """The properties each class sets, from the document's <style> elements."""
    rules: dict[str, Declarations] = {}
    for style in tree.iter("style"):
        text = "".join(str(piece) for piece in style.itertext())
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if not isinstance(rule, tinycss2.ast.QualifiedRule):
                continue
            name = _class_name(rule.prelude)
            if name is not None:
                rules.setdefault(name, {}).update(_declarations(rule.content))
    return rules


def style(element: etree._Element, rules: dict[str, Declarations]) -> Declarations:
    """ELEMENT's own properties: its classes' rules, then its style attribute over them."""
    out: Declarations = {}
    for name in (element.get("class") or "").split():
        out.update(rules.get(name, {}))
    inline = element.get("style")
    if inline:
        out.update(_declarations(tinycss2.parse_component_value_list(inline)))
    return out


def is_centred(element: etree._Element, declared: Declarations) -> bool:
    """`<p align=center>`, `text-align: center`, or mammoth's `p.center` (word.py)."""
    align = (element.get("align") or "").lower()
    classes = (element.get("class") or "").split()
    return align == "center" or declared.get("text-align") == "center" or "center" in classes


def breaks_page(declared: Declarations) -> bool:
    """`page-break-before: always` (CSS 2, what Word and Google Docs write) or
    `break-before: page` (CSS 3)."""
    return declared.get("page-break-before") in ("always", "page", "left", "right") or (
        declared.get("break-before") in ("page", "left", "right", "recto", "verso")
    )


def styled(children: tuple[Node, ...], declared: Declarations) -> tuple[Node, ...]:
    """A span's italics, bold, small caps, strike-through, superscript and subscript set
    with CSS: by class, as Google Docs exports them, or in its style attribute, as the
    model's elements around CHILDREN."""
    if "small-caps" in (declared.get("font-variant"), declared.get("font-variant-caps")):
        children = (Element("span", children, (("class", SMALL_CAPS_CLASS),)),)
    lines = declared.get("text-decoration", "") + " " + declared.get("text-decoration-line", "")
    if "line-through" in lines.split():
        children = (Element("s", children),)
    tag = raised(declared.get("vertical-align", ""))
    if tag:
        children = (Element(tag, children),)
    if declared.get("font-weight") in ("bold", "bolder", "600", "700", "800", "900"):
        children = (Element("strong", children),)
    if declared.get("font-style") in ("italic", "oblique"):
        children = (Element("em", children),)
    return children


def raised(align: str) -> str | None:
    """sup or sub for `vertical-align: super | sub`, or the raised or lowered text
    LibreOffice writes for its superscript (`vertical-align: 33%`, `-33%`)."""
    if align in ("super", "sub"):
        return "sup" if align == "super" else "sub"
    if align.endswith("%"):
        try:
            amount = float(align[:-1])
        except ValueError:
            return None
        return "sup" if amount > 0 else "sub" if amount < 0 else None
    return None
