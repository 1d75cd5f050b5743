"""A web page for import (a Google Docs "Web page" export, a saved page): its metadata from
<title>, <meta> and <html lang>, and what the HTML reader leaves out, found where it was.
"""

from __future__ import annotations

from lxml import etree

from builder.importer.imported import Dropped

# What can run or fetch: the HTML reader drops it whole; the author hears where it was.
_ACTIVE = {"script": "script", "iframe": "frame", "frame": "frame", "form": "form",
           "object": "embedded object", "embed": "embedded object",
           "applet": "embedded object"}  # fmt: skip
_SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
# Control characters and spaces that browsers ignore inside a URL's scheme.
_IGNORED_IN_SCHEME = dict.fromkeys(range(33))
_SNIPPET_WORDS = 6
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def metadata(tree: etree._Element) -> dict[str, object]:
    """book.yaml keys from the page's head: <title>, <meta name=...>, <html lang>."""
    found: dict[str, object] = {}
    title = tree.find(".//title")
    if title is not None:
        found["title"] = _squeeze("".join(str(text) for text in title.itertext()))
    metas = {
        str(meta.get("name") or "").strip().lower(): _squeeze(str(meta.get("content") or ""))
        for meta in tree.iter("meta")
    }
    found["author"] = metas.get("author", "")
    found["description"] = metas.get("description", "")
    keywords = metas.get("keywords", "")
    found["subjects"] = [k.strip() for k in keywords.split(",") if k.strip()]
    found["language"] = str(tree.get("lang") or tree.get(_XML_LANG) or "").strip()
    return {key: value for key, value in found.items() if value}


def dropped(tree: etree._Element, word: bool = False) -> list[Dropped]:
    """What can run or fetch in the page, at its line (WORD: mammoth's page has no lines)."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.tag in _ACTIVE:
            found.append(Dropped(_ACTIVE[element.tag], _where(element, word)))
        if any(str(name).lower().startswith("on") for name in element.attrib):
            found.append(Dropped("event handler", _where(element, word)))
        href = str(element.get("href") or "").translate(_IGNORED_IN_SCHEME).lower()
        if element.tag == "a" and href.startswith(_SCRIPT_SCHEMES):
            found.append(Dropped("script link", _where(element, word)))
    return found


def _where(element: etree._Element, word: bool) -> str:
    if not word and isinstance(element.sourceline, int):
        return f"line {element.sourceline}"
    words = "".join(str(text) for text in element.itertext()).split()
    snippet = " ".join(words[:_SNIPPET_WORDS]) + ("…" if len(words) > _SNIPPET_WORDS else "")
    return repr(snippet) if snippet else "the document"


def _squeeze(text: str) -> str:
    return " ".join(text.split())
