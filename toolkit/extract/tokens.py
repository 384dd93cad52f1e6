"""Word tokens with character spans, shared by the number finder and the rules."""

from __future__ import annotations

import re
from typing import NamedTuple

# Numbers keep their separators ("1,429", "3.5"); words keep inner hyphens and
# apostrophes ("forty-five", "al-Shughur", "year-old").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*|[%٪$£€]")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=\S)|\n+")
# A full stop after these does not end a sentence ("on Sept. 25", "the U.N. said").
_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
                  "mr", "mrs", "ms", "dr", "gen", "col", "lt", "capt", "sgt", "st", "no", "vs", "u.s",
                  "u.n", "u.k", "e.g", "i.e", "approx"}
_LAST_WORD = re.compile(r"([\w.]+)\.$")


class Token(NamedTuple):
    """One word or number and its span (a named tuple: sentences make millions of them)."""

    text: str
    start: int
    end: int
    lower: str  # the text lower-cased, computed once: the rules compare it many times


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; spans are shifted by ``offset``.

    >>> [t.text for t in tokenize("At least 45 civilians, hit by 1,429 strikes")]
    ['At', 'least', '45', 'civilians', 'hit', 'by', '1,429', 'strikes']
    """
    tokens = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        tokens.append(Token(word, match.start() + offset, match.end() + offset, word.lower()))
    return tokens


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a sentence ends at . ! ? ؟ before a space, or a newline."""
    spans = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        last_word = _LAST_WORD.search(text[max(start, boundary.start() - 12):boundary.start()])
        if last_word and last_word.group(1).lower() in _ABBREVIATIONS and "\n" not in boundary.group():
            continue
        if text[start:boundary.start()].strip():
            spans.append((start, boundary.start()))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
