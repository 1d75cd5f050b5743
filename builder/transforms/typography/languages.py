"""Each language's conventions: which marks quote, which dash interrupts, how French spaces.

This is the one table of quotation marks in the builder: the typography writes the marks
it names, and `book check` pairs the marks an author typed by the same table (see
builder/checks/quotes.py). Only conventions we are sure of are listed; any other language
gets the English rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from builder.transforms.typography.characters import EM, EN


@dataclass(frozen=True)
class Style:
    """The conventions of one language (chosen by the primary subtag of the BCP 47 tag)."""

    open_double: str
    close_double: str
    open_single: str
    close_single: str
    # What `--` (and a hyphen before a closing quote) becomes: the language's main dash.
    dash: str = EM
    # What a spaced ` - ` between words becomes.
    spaced_dash: str = EN
    # French puts no-break spaces inside guillemets and before ; ! ? :
    french_spacing: bool = False
    # Other pairs of double marks the language's books also use (German »…«), each as its
    # opening and closing mark: the typography never writes them (it keeps marks the author
    # curled), but `book check` must pair them when an author types them.
    other_quotes: tuple[str, ...] = ()


# English: “double” with ‘single’ inside. Authors type `--` for an em dash because that is the
# typewriter convention for it, so `--` -> em dash. A *spaced* hyphen (`word - word`) becomes a
# spaced en dash: the author asked for a dash with space around it, and the spaced dash of
# English typography is the en dash (an em dash with spaces leaves gaping holes); we never
# change the author's spacing, only the dash character.
ENGLISH: Final = Style("\u201c", "\u201d", "\u2018", "\u2019")

# Only conventions we are sure of. Portuguese (“ ” in Brazil, « » in Portugal — the region
# decides) and Dutch (“ ” / ‘ ’ today) are served correctly by the English fallback.
# German: „…“ with ‚…‘ inside (many books set »…« instead); the Gedankenstrich is an en dash.
_GERMAN: Final = Style("\u201e", "\u201c", "\u201a", "\u2018", dash=EN, other_quotes=("»«",))
STYLES: Final[dict[str, Style]] = {
    "en": ENGLISH,
    "de": _GERMAN,
    "cs": _GERMAN,  # „…“ ‚…‘, pomlčka is an en dash
    "sk": _GERMAN,
    # Imprimerie nationale: « … » with “…” inside; dialogue and incises use the tiret (em).
    "fr": Style("\u00ab", "\u00bb", "\u201c", "\u201d", french_spacing=True),
    # RAE: «…» first, “…” second level; raya (em dash) for dialogue.
    "es": Style("\u00ab", "\u00bb", "\u201c", "\u201d"),
    "it": Style("\u00ab", "\u00bb", "\u201c", "\u201d"),
    # «…» with „…“ inside; the Russian, Ukrainian and Belarusian dash is an em dash, also
    # when spaced.
    "ru": Style("\u00ab", "\u00bb", "\u201e", "\u201c", spaced_dash=EM),
    "uk": Style("\u00ab", "\u00bb", "\u201e", "\u201c", spaced_dash=EM),
    "be": Style("\u00ab", "\u00bb", "\u201e", "\u201c", spaced_dash=EM),
    # „…” with «…» inside; dialogue with the pauza (em dash).
    "pl": Style("\u201e", "\u201d", "\u00ab", "\u00bb"),
    # Swedish and Finnish use the same mark to open and close: ”…” and ’…’; tankstreck is –.
    # (Both also set »…», the guillemet the same way round at each end.)
    "sv": Style("\u201d", "\u201d", "\u2019", "\u2019", dash=EN, other_quotes=("»»",)),
    "fi": Style("\u201d", "\u201d", "\u2019", "\u2019", dash=EN, other_quotes=("»»",)),
    # Danish: »…« and ›…‹ pointing inwards (or „…“); tankestreg is –.
    "da": Style("\u00bb", "\u00ab", "\u203a", "\u2039", dash=EN, other_quotes=("„“",)),
    # Norwegian (Språkrådet): «…» with ‘…’ inside; tankestrek is –.
    "nb": Style("\u00ab", "\u00bb", "\u2018", "\u2019", dash=EN),
    "nn": Style("\u00ab", "\u00bb", "\u2018", "\u2019", dash=EN),
    "no": Style("\u00ab", "\u00bb", "\u2018", "\u2019", dash=EN),
}


def primary_subtag(language: str) -> str:
    """The part of a BCP 47 tag that chooses the conventions: `de-AT` -> `de`."""
    return language.replace("_", "-").split("-", 1)[0].lower()


def style_for(language: str) -> Style:
    """The conventions for a BCP 47 tag; a language without an entry gets English's."""
    return STYLES.get(primary_subtag(language), ENGLISH)
