"""Package metadata from book.yaml and from what the book really contains."""

from __future__ import annotations

from ebooklib import epub

from builder.config import BookConfig
from builder.model import Book, iter_elements


def epub_identifier(identifier: str) -> str:
    """book.yaml's `isbn:978...` becomes the URN form reading systems and stores expect."""
    if identifier.lower().startswith("isbn:"):
        return "urn:isbn:" + identifier[5:].replace("-", "").replace(" ", "")
    return identifier


def _meta(book: epub.EpubBook, prop: str, value: str, refines: str = "", id: str = "") -> None:
    attrs = {"property": prop}
    if refines:
        attrs = {"refines": refines, **attrs}
    if id:
        attrs = {"id": id, **attrs}
    book.add_metadata(None, "meta", value, attrs)


def describe(target: epub.EpubBook, config: BookConfig) -> None:
    """Title, people, dates and the rest of Dublin Core, plus series for two vocabularies."""
    target.set_identifier(epub_identifier(config.identifier))
    target.set_title(config.title)
    if config.subtitle:
        target.add_metadata("DC", "title", config.subtitle, {"id": "subtitle"})
        _meta(target, "title-type", "subtitle", "#subtitle")
    target.set_language(config.language)
    for index, author in enumerate(config.authors, start=1):
        target.add_author(author, role="aut", uid=f"author-{index}")
    for index, person in enumerate(config.contributors, start=1):
        target.add_metadata("DC", "contributor", person.name, {"id": f"contributor-{index}"})
        target.add_metadata(
            None,
            "meta",
            person.role,
            {"refines": f"#contributor-{index}", "property": "role", "scheme": "marc:relators"},
        )
    for key in ("publisher", "description", "rights"):
        value = getattr(config, key)
        if value:
            target.add_metadata("DC", key, value)
    # Only the author's own date: the build's fallback time (for the zip entries and
    # dcterms:modified, which ebooklib writes) is no date the book was published.
    if config.date:
        target.add_metadata("DC", "date", config.date)
    for subject in config.subjects:
        target.add_metadata("DC", "subject", subject)
    if config.series:
        _meta(target, "belongs-to-collection", config.series.name, id="series")
        _meta(target, "collection-type", "series", "#series")
        # Calibre (and the Kobo and Kindle tools built on it) read only their own series keys.
        target.add_metadata(
            None, "meta", "", {"name": "calibre:series", "content": config.series.name}
        )
        if config.series.number:
            _meta(target, "group-position", config.series.number, "#series")
            target.add_metadata(
                None, "meta", "", {"name": "calibre:series_index", "content": config.series.number}
            )


def accessibility(target: epub.EpubBook, book: Book, paginated: bool = False) -> None:
    """EPUB Accessibility metadata that states only what is true of this book."""
    images = [
        node
        for chapter in book.chapters()
        for tree in (chapter.blocks, *(note.blocks for note in chapter.notes))
        for node in iter_elements(tree)
        if node.tag == "img"
    ]
    described = all(image.attr("alt").strip() for image in images)
    visual = bool(images) or book.config.cover is not None
    _meta(target, "schema:accessMode", "textual")
    if visual:
        _meta(target, "schema:accessMode", "visual")
    if not images or described:
        _meta(target, "schema:accessModeSufficient", "textual")
    if visual:
        _meta(target, "schema:accessModeSufficient", "textual,visual")
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ]
    if images and described:
        features.append("alternativeText")
    if paginated:
        # The page list and markers come from our own print PDF of the same source.
        features += ["pageBreakMarkers", "pageNavigation"]
        _meta(target, "pageBreakSource", epub_identifier(book.config.identifier))
    for feature in features:
        _meta(target, "schema:accessibilityFeature", feature)
    _meta(target, "schema:accessibilityHazard", "none")
    _meta(target, "schema:accessibilitySummary", _summary(len(images), described))


def _summary(image_count: int, described: bool) -> str:
    text = (
        "This publication has a table of contents and headings for its parts and chapters, "
        "follows a single reading order, and lets readers choose fonts and text size."
    )
    if image_count:
        which = "All" if described else "Not all"
        text += f" {which} of its {image_count} images have a text alternative."
    return text + " It has no known hazards."
