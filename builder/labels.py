"""Words the builder itself puts in a book, in the book's language."""

from __future__ import annotations

_LABELS: dict[str, dict[str, str]] = {
    "en": {"contents": "Contents", "cover": "Cover", "copyright": "Copyright",
           "dedication": "Dedication", "epigraph": "Epigraph",
           "authors-notes": "Author’s Notes", "landmarks": "Landmarks",
           "chapter": "Chapter", "by": "by", "published-by": "Published by",
           "first-published": "First published", "book-of": "Book {number} of {series}",
           "pages": "Pages"},
    "de": {"contents": "Inhalt", "cover": "Umschlag", "copyright": "Impressum",
           "dedication": "Widmung", "epigraph": "Motto",
           "authors-notes": "Anmerkungen der Autorin/des Autors",
           "landmarks": "Orientierungspunkte", "chapter": "Kapitel", "by": "von",
           "published-by": "Verlag:", "first-published": "Erstveröffentlichung",
           "book-of": "Band {number} der Reihe {series}", "pages": "Seiten"},
    "fr": {"contents": "Table des matières", "cover": "Couverture",
           "copyright": "Mentions légales", "dedication": "Dédicace", "epigraph": "Épigraphe",
           "authors-notes": "Notes de l’auteur", "landmarks": "Repères",
           "chapter": "Chapitre", "by": "par", "published-by": "Publié par",
           "first-published": "Première publication", "book-of": "{series}, tome {number}",
           "pages": "Pages"},
    "es": {"contents": "Índice", "cover": "Cubierta", "copyright": "Créditos",
           "dedication": "Dedicatoria", "epigraph": "Epígrafe",
           "authors-notes": "Notas del autor",
           "landmarks": "Puntos de referencia",
           "chapter": "Capítulo", "by": "de", "published-by": "Publicado por",
           "first-published": "Primera edición", "book-of": "{series}, libro {number}",
           "pages": "Páginas"},
}  # fmt: skip


def label(language: str, key: str) -> str:
    """The label KEY in LANGUAGE (its primary subtag), falling back to English."""
    table = _LABELS.get(language.split("-")[0].lower(), _LABELS["en"])
    return table.get(key, _LABELS["en"][key])
