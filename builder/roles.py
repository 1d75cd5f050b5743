"""Contributor roles as authors write them, mapped to MARC relator codes for EPUB metadata."""

from __future__ import annotations

# https://id.loc.gov/vocabulary/relators: the roles a book's credits usually name.
RELATORS: dict[str, str] = {
    "author": "aut",
    "adapter": "adp",
    "afterword": "aft",
    "annotator": "ann",
    "artist": "art",
    "cover artist": "cov",
    "cover designer": "cov",
    "compiler": "com",
    "contributor": "ctb",
    "designer": "dsr",
    "editor": "edt",
    "foreword": "aui",
    "illustrator": "ill",
    "introduction": "aui",
    "narrator": "nrt",
    "photographer": "pht",
    "proofreader": "pfr",
    "publisher": "pbl",
    "translator": "trl",
}


def relator_code(role: str) -> str | None:
    """The MARC code for a role word ('Translator', 'cover-artist') or a code itself ('trl')."""
    word = role.strip().lower().replace("-", " ").replace("_", " ")
    if word in RELATORS:
        return RELATORS[word]
    if word in RELATORS.values():
        return word
    return None
