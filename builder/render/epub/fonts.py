"""The theme's fonts in the EPUB: subset to the characters the book uses, and renamed.

A theme's titles need a few dozen glyphs of a font that holds hundreds or thousands, so
the EPUB carries only those (fontTools' subsetter, the one WeasyPrint itself uses for
the PDF). Every OpenType layout feature is kept, so small capitals (smcp), ligatures and
old-style figures still work for the characters that are there.

A subset is a Modified Version under the SIL Open Font License, and a Modified Version
must not carry the font's Reserved Font Name (Cardo, Dancing Script and Linux Libertine
have one). So every subset gets a neutral family name of its own, made from a hash of the
original's name so the same font gives the same bytes in every build; the copyright and
licence entries of its name table stay as they were. The stylesheets keep calling the
family by their own @font-face name, which is not the font's and which readers never see.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from typing import Any

from lxml import etree

# Name table entries that name the font (family, full name, unique id, PostScript name,
# typographic and WWS family); the copyright (0) and licence (13, 14) entries are kept.
_FAMILY_IDS = (1, 16, 21)
_FULL_IDS = (4, 3)
_POSTSCRIPT_ID = 6
# Characters every reading system may draw with the font whatever the text holds: the
# printable ASCII range, so a title edited later never shows a box for a digit.
_ALWAYS = "".join(chr(code) for code in range(0x20, 0x7F))


def subset(data: bytes, characters: Iterable[str]) -> bytes:
    """DATA (an OpenType or TrueType font) cut down to CHARACTERS, under a name of its own."""
    from fontTools import subset as subsetter
    from fontTools.ttLib import TTFont

    # recalcTimestamp=False: the head table keeps its date, so the EPUB is reproducible.
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    options = subsetter.Options()
    options.layout_features = ["*"]  # smcp, onum, liga ... for the glyphs that stay
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a reader needs
    cutter = subsetter.Subsetter(options)
    cutter.populate(unicodes=sorted({ord(char) for char in (*characters, *_ALWAYS)}))
    cutter.subset(font)
    _rename(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def subset_name(font: Any) -> str:
    """The family name a subset of FONT gets: neutral, and the same in every build."""
    original = font["name"].getDebugName(_POSTSCRIPT_ID) or font["name"].getDebugName(4) or ""
    return "Subset " + hashlib.sha256(original.encode()).hexdigest()[:8].upper()


def _rename(font: Any) -> None:
    """Replace every name of FONT (name table and CFF) with the subset's own."""
    family = subset_name(font)
    style = font["name"].getDebugName(2) or "Regular"
    full = f"{family} {style}"
    postscript = f"{family}-{style}".replace(" ", "")
    table = font["name"]
    for record in list(table.names):
        if record.nameID in _FAMILY_IDS:
            record.string = family
        elif record.nameID in _FULL_IDS:
            record.string = full
        elif record.nameID == _POSTSCRIPT_ID:
            record.string = postscript
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        top.FamilyName, top.FullName = family, full


XHTML_BODY = "{http://www.w3.org/1999/xhtml}body"


def characters(documents: Iterable[bytes], stylesheets: Iterable[bytes]) -> set[str]:
    """Every character the EPUB can show: its documents' text and the stylesheets' strings
    (generated content such as an ornament)."""
    found: set[str] = set()
    for document in documents:
        for body in etree.fromstring(document).iter(XHTML_BODY):
            found.update("".join(str(text) for text in body.itertext()))
    for sheet in stylesheets:
        found.update(_css_strings(sheet))
    return found


def _css_strings(data: bytes) -> str:
    import tinycss2

    tokens = tinycss2.parse_stylesheet(data.decode("utf-8-sig"), skip_comments=True)
    stack: list[Any] = list(tokens)
    out: list[str] = []
    while stack:
        token = stack.pop()
        if getattr(token, "type", "") == "string":
            out.append(token.value)
        for name in ("prelude", "content", "arguments"):
            stack.extend(getattr(token, name, None) or ())
    return "".join(out)
