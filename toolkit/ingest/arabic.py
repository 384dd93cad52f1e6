"""Orthographic normalisation for matching (never for the encoder by default:
it lowers mUSE's cross-lingual retrieval, see docs/retrieval.md).

The normaliser keeps a map from every output character to its position in the
original text, so claims found in normalised text get spans into the original.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def _replacement(char: str) -> str:
    """What one character becomes (empty when dropped); see :func:`normalise_with_offsets`."""
    if is_dropped(char):
        return ""
    if char in _LETTER_MAP:
        return _LETTER_MAP[char]
    if ord(char) in DIGIT_TABLE:
        return DIGIT_TABLE[ord(char)]
    # Decomposing presentation forms can yield diacritics again: drop those too.
    return "".join(c for c in unicodedata.normalize("NFKC", char) if not is_dropped(c))


# Character code seen so far -> its replacement, as a str.translate table: texts repeat a small
# alphabet, so each character's rule runs once per process, and translating runs in C.
_TABLE: dict[int, str] = {}
# The characters whose replacement is not exactly one character (dropped or expanded).
_RESIZED: set[str] = set()


def _learn(text: str) -> None:
    """Add the characters of ``text`` that the table lacks."""
    for char in set(text):
        if ord(char) not in _TABLE:
            replaced = _replacement(char)
            _TABLE[ord(char)] = replaced
            if len(replaced) != 1:
                _RESIZED.add(char)


def _translated(text: str) -> str:
    """``text`` with every character replaced by its rule (learning the characters not seen yet)."""
    _learn(text)
    return text.translate(_TABLE)


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalise for matching and return, for each output character, its index in ``text``.

    Removes diacritics, tatweel, zero-width and bidi marks; unifies alef, ya,
    ta marbuta and hamza carriers; maps Arabic-Indic and Persian digits to ASCII;
    applies Unicode NFKC to everything else (presentation forms, full-width).

    >>> normalise_with_offsets("قُتِلَ ٤٥")
    ('قتل 45', [0, 2, 4, 6, 7, 8])
    """
    if text.isascii():
        return text, list(range(len(text)))
    normalised = _translated(text)
    if len(normalised) == len(text) and _RESIZED.isdisjoint(text):
        return normalised, list(range(len(text)))
    offsets: list[int] = []
    last = 0
    for match in _resized_pattern(len(_RESIZED)).finditer(text):  # runs of unchanged length between
        index = match.start()
        offsets.extend(range(last, index))
        offsets.extend([index] * len(_TABLE[ord(text[index])]))
        last = index + 1
    offsets.extend(range(last, len(text)))
    return normalised, offsets


@lru_cache(maxsize=8)
def _resized_pattern(known: int) -> re.Pattern[str]:
    """A character class of :data:`_RESIZED` (``known``: its size, so a grown set gets a new one)."""
    return re.compile("[" + "".join(re.escape(char) for char in sorted(_RESIZED)) + "]")


def normalise_arabic(text: str) -> str:
    """Normalised text for matching (see :func:`normalise_with_offsets`)."""
    if text.isascii():
        return text
    if len(text) <= 40:  # a word or a name: the rules ask for the same ones again and again
        return _normalise_short(text)
    return _translated(text)


@lru_cache(maxsize=200_000)
def _normalise_short(text: str) -> str:
    return _translated(text)
