"""Word tokens with character spans, shared by the number finder and the rules."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Numbers keep their separators ("1,429", "3.5"); words keep inner hyphens and
# apostrophes ("forty-five", "al-Shughur", "year-old").
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:['’\-][^\W\d_]+)*|[%$£€]")
_SENTENCE_END = re.compile(r"(?<=[.!?؟])\s+(?=\S)|\n+")


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Tokens of ``text``; spans are shifted by ``offset``.

    >>> [t.text for t in tokenize("At least 45 civilians, hit by 1,429 strikes")]
    ['At', 'least', '45', 'civilians', 'hit', 'by', '1,429', 'strikes']
    """
    return [Token(m.group(), m.start() + offset, m.end() + offset) for m in _TOKEN.finditer(text)]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a sentence ends at . ! ? ؟ before a space, or a newline."""
    spans = []
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if text[start:boundary.start()].strip():
            spans.append((start, boundary.start()))
        start = boundary.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans
