"""Orthographic normalisation for matching (never for the encoder by default:
it lowers mUSE's cross-lingual retrieval, see GUIDE.md).

The normaliser keeps a map from every output character to its position in the
original text, so claims found in normalised text get spans into the original.
"""

from __future__ import annotations

import unicodedata

from pyarabic import araby

# Arabic-Indic (U+0660..) and Persian/Extended (U+06F0..) digits to ASCII.
DIGIT_TABLE = {0x0660 + i: str(i) for i in range(10)} | {0x06F0 + i: str(i) for i in range(10)}

# Letters unified for matching: alef variants, alef maqsura, ta marbuta.
_LETTER_MAP = {
    "أ": "ا",
    "إ": "ا",
    "آ": "ا",
    "ٱ": "ا",
    "ى": "ي",
    "ة": "ه",
    "ؤ": "و",
    "ئ": "ي",
    # Arabic comma and decimal/thousands separators read as ASCII punctuation.
    "،": ",",
    "٫": ".",
    "٬": ",",
}

# Zero-width characters and bidirectional marks carry no text.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u2066", "\u2067", "\u2068",
              "\u2069", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\ufeff"}


def is_dropped(char: str) -> bool:
    """True for characters that normalisation removes (marks, tatweel, invisibles)."""
    return char in _INVISIBLE or char == araby.TATWEEL or araby.is_tashkeel(char)


def normalise_digits(text: str) -> str:
    """Arabic-Indic and Persian digits to ASCII; the length is unchanged.

    >>> normalise_digits("قتل ٤٥ مدنيا")
    'قتل 45 مدنيا'
    """
    return text.translate(DIGIT_TABLE)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise for matching and return, for each output character, its index in ``text``.

    Removes diacritics, tatweel, zero-width and bidi marks; unifies alef, ya,
    ta marbuta and hamza carriers; maps Arabic-Indic and Persian digits to ASCII;
    applies Unicode NFKC to everything else (presentation forms, full-width).

    >>> normalise_with_offsets("قُتِلَ ٤٥")[0]
    'قتل 45'
    """
    characters: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        if is_dropped(char):
            continue
        if char in _LETTER_MAP:
            replaced = _LETTER_MAP[char]
        elif ord(char) in DIGIT_TABLE:
            replaced = DIGIT_TABLE[ord(char)]
        else:
            replaced = unicodedata.normalize("NFKC", char)
            # Decomposition of presentation forms can yield diacritics again.
            replaced = "".join(c for c in replaced if not is_dropped(c)) or ""
        for produced in replaced:
            characters.append(produced)
            offsets.append(index)
    return "".join(characters), offsets


def normalise_arabic(text: str) -> str:
    """Normalised text for matching (see :func:`normalise_with_offsets`)."""
    return normalise_with_offsets(text)[0]
