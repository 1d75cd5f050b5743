"""Web pages exported by word processors: what they say with CSS and ids, said with the
tags the HTML reader knows.

Google Docs ("Download → Web page") marks italics and bold with classes, each defined in
the page's <style> (`.c2{font-style:italic}`), and writes its footnotes as paragraphs
linked to their references (`<a href="#ftnt1" id="ftnt_ref1">`) after a rule. Read as
they are, the italics would be lost and the notes would be text at the end of the
chapter behind a scene break. Spans styled inline (`style="font-style:italic"`), as
other exporters write them, are read the same way. Only the meaning is taken from the
CSS: nothing is fetched (`@import` is ignored) and the look stays behind.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

# A class name in a rule's selector: ".c2", ".c2, .c7" (compound selectors are not ours).
_CLASS_SELECTOR = re.compile(r"^\s*\.([\w-]+)\s*$")
# Google Docs' note ids: its reference is ftnt_refN, the note's own link back is ftntN.
_GOOGLE_NOTE = re.compile(r"^#?ftnt(\d+)$")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def tidy(tree: etree._Element) -> None:
    """Rewrite TREE in place: styled spans as em/strong/sup/sub/s, Google Docs' notes as
    the reader's notes (li id="footnote-N", as mammoth writes them)."""
    classes = _class_rules(tree)
    for span in list(tree.iter("span")):
        properties = _properties(span, classes)
        tags = _tags(properties, _in_heading(span))
        for tag in tags:
            _wrap_content(span, tag)
        if tags or _is_small_caps(properties):
            # Said now with tags: the span's CSS has nothing more to tell a later reader.
            span.attrib.pop("style", "")
            span.attrib.pop("class", "")
        if _is_small_caps(properties):
            span.set("class", "smallcaps")
    _google_notes(tree)


def _class_rules(tree: etree._Element) -> dict[str, dict[str, str]]:
    """Each class's declarations, from the page's <style> elements."""
    import tinycss2

    rules: dict[str, dict[str, str]] = {}
    for style in tree.iter("style"):
        text = style.text or ""
        for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
            if rule.type != "qualified-rule":
                continue  # @import, @media...: not the meaning of the text
            declarations = _declarations(tinycss2.parse_declaration_list(rule.content))
            for selector in tinycss2.serialize(rule.prelude).split(","):
                match = _CLASS_SELECTOR.match(selector)
                if match:
                    rules.setdefault(match[1], {}).update(declarations)
    return rules


def _declarations(items: Iterable[object]) -> dict[str, str]:
    import tinycss2

    found = {}
    for item in items:
        if getattr(item, "type", "") == "declaration":
            value = tinycss2.serialize(item.value).strip().lower()  # type: ignore[attr-defined]
            found[str(item.lower_name)] = value  # type: ignore[attr-defined]
    return found


def _properties(span: etree._Element, classes: dict[str, dict[str, str]]) -> dict[str, str]:
    import tinycss2

    found: dict[str, str] = {}
    for name in (span.get("class") or "").split():
        found.update(classes.get(name, {}))
    style = span.get("style")
    if style:
        found.update(_declarations(tinycss2.parse_declaration_list(style)))
    return found


def _tags(properties: dict[str, str], in_heading: bool) -> list[str]:
    tags = []
    if properties.get("font-style", "") in ("italic", "oblique"):
        tags.append("em")
    weight = properties.get("font-weight", "")
    if not in_heading and (weight in ("bold", "bolder") or weight in ("600", "700", "800", "900")):
        tags.append("strong")  # a heading is bold already: its words are not stressed
    if "line-through" in properties.get("text-decoration", ""):
        tags.append("s")
    vertical = properties.get("vertical-align", "")
    if vertical in ("super", "sub"):
        tags.append("sup" if vertical == "super" else "sub")
    return tags


def _is_small_caps(properties: dict[str, str]) -> bool:
    caps = (properties.get("font-variant", ""), properties.get("font-variant-caps", ""))
    return "small-caps" in caps


def _in_heading(element: etree._Element) -> bool:
    return any(ancestor.tag in _HEADINGS for ancestor in element.iterancestors())


def _wrap_content(element: etree._Element, tag: str) -> None:
    """ELEMENT's text and children moved into a new TAG child: <span><em>…</em></span>."""
    wrapper = etree.Element(tag)
    wrapper.text, element.text = element.text, None
    for child in list(element):
        wrapper.append(child)  # moves the child, with its tail
    element.append(wrapper)


def _google_notes(tree: etree._Element) -> None:
    """<div><p><a href="#ftnt_ref1" id="ftnt1">[1]</a> Text</p></div> as a note."""
    anchors = {str(a.get("id")): a for a in tree.iter("a") if a.get("id")}
    for back_id, back in anchors.items():
        number = _GOOGLE_NOTE.match(back_id)
        target = (back.get("href") or "").lstrip("#")
        reference = anchors.get(target) if target.startswith("ftnt_ref") else None
        container = _note_container(back)
        if number is None or reference is None or container is None:
            continue
        if reference.get("href") != f"#{back_id}":
            continue  # not a pair of links to each other
        note_id = f"footnote-{number[1]}"
        reference.set("href", f"#{note_id}")
        container.tag = "li"
        container.set("id", note_id)
        rule = container.getprevious()
        if rule is not None and rule.tag == "hr":  # the line above the notes, not a break
            _remove(rule)
        paragraph = back.getparent()
        _remove(back)
        _strip_start(paragraph)


def _strip_start(element: etree._Element | None) -> None:
    """The space (often a no-break space) between a note's number and its text, removed."""
    while element is not None and not (element.text or "").strip(" \xa0") and len(element):
        element.text = None
        element = element[0]
    if element is not None and element.text:
        element.text = element.text.lstrip(" \xa0")


def _note_container(back: etree._Element) -> etree._Element | None:
    """The <div> that holds this note alone (Google Docs writes one per note)."""
    paragraph = back.getparent()
    container = paragraph.getparent() if paragraph is not None else None
    if container is None or container.tag != "div":
        return None
    return container


def _remove(element: etree._Element) -> None:
    """Take ELEMENT out of the tree, keeping the text that follows it."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)
