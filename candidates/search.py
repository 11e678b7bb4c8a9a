"""The normalised form search compares: without accents and case, the same on every database.

Candidates store it beside the names, email and company (maintained on save and on bulk writes) and
search normalises the query with the same function, so "garcia" finds "García" on SQLite and
PostgreSQL alike, as an indexed prefix range, with no database extension or collation involved.
"""

import unicodedata

# Letters that carry their mark in the glyph itself, so NFKD leaves them whole; people type them plain.
_PLAIN = str.maketrans(
    {"ø": "o", "đ": "d", "ł": "l", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d"}
)


def search_key(text: str | None) -> str:
    """ "Ångström-Søren GARCÍA" -> "angstrom-soren garcia": compatibility forms unfolded, combining
    marks dropped, case folded, runs of white space made one space."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    # casefold() can bring back letters with marks to drop (e.g. "ǰ" is not one letter in every form).
    folded = unicodedata.normalize("NFKD", plain.casefold().translate(_PLAIN))
    return " ".join("".join(char for char in folded if not unicodedata.combining(char)).split())
