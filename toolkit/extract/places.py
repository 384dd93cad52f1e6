"""Find place mentions in a sentence and link them to the gazetteer.

A place is looked for after a word that introduces one (in, near, the town of, في، بلدة،
ريف ...): the longest run of up to four following tokens that the gazetteer knows wins.
After an explicit place noun ("the village of X", "قرية X") a name the gazetteer lacks is
kept too, with an id built from its transliteration key.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.extract.gazetteer import Gazetteer, Place, place_outside_gazetteer
from toolkit.extract.tokens import Token
from toolkit.ingest.arabic import normalise_arabic

ENGLISH_TRIGGERS = {"in", "near", "at", "of", "on", "from", "into", "outside", "around", "across",
                    "targeting", "hit", "struck", "town", "city", "village", "province", "governorate",
                    "neighbourhood", "neighborhood", "district", "suburb", "suburbs", "countryside", "rural"}
ENGLISH_PLACE_NOUNS = {"town", "city", "village", "neighbourhood", "neighborhood", "suburb"}
ARABIC_TRIGGERS = {normalise_arabic(w) for w in (
    "في", "على", "قرب", "داخل", "بلدة", "مدينة", "قرية", "ريف", "حي", "منطقة", "محافظة", "بلدات",
    "قرى", "أحياء", "استهدفت", "شمال", "جنوب", "شرق", "غرب")}
ARABIC_PLACE_NOUNS = {normalise_arabic(w) for w in ("بلدة", "مدينة", "قرية", "حي")}
MAX_NAME_TOKENS = 4


@dataclass(frozen=True)
class PlaceMention:
    first: int
    last: int
    place: Place


def _strip_prefix(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وبلف" else word


def find_places(tokens: list[Token], language: str, gazetteer: Gazetteer | None = None) -> list[PlaceMention]:
    """Place mentions among a sentence's tokens (from normalised text), left to right.

    >>> from toolkit.extract.tokens import tokenize
    >>> [m.place.name for m in find_places(tokenize("45 civilians were killed in Jisr al-Shughour"), "en")]
    ['Jisr al-Shughur']
    """
    gazetteer = gazetteer or Gazetteer.default()
    mentions: list[PlaceMention] = []
    index = 0
    while index < len(tokens):
        found = _place_after(tokens, index, language, gazetteer)
        if found:
            mentions.append(found)
            index = found.last + 1
        else:
            index += 1
    return mentions


def _place_after(tokens: list[Token], index: int, language: str, gazetteer: Gazetteer) -> PlaceMention | None:
    """A place starting right after the trigger word at ``index`` (or inside a prefixed token)."""
    word = tokens[index].lower
    if language == "ar":
        trigger = word in ARABIC_TRIGGERS or _strip_prefix(word) in ARABIC_TRIGGERS
        start = index + 1
        if not trigger and word[:1] in "ب" and len(word) > 3:
            # "بريف إدلب", "بحلب": the preposition is attached to the name or to ريف
            start = index
        elif not trigger:
            return None
        place_noun = word in ARABIC_PLACE_NOUNS or _strip_prefix(word) in ARABIC_PLACE_NOUNS
    else:
        if word not in ENGLISH_TRIGGERS:
            return None
        start = index + 1
        place_noun = word in ENGLISH_PLACE_NOUNS or (
            word == "of" and index > 0 and tokens[index - 1].lower in ENGLISH_PLACE_NOUNS)
    for length in range(MAX_NAME_TOKENS, 0, -1):
        last = start + length - 1
        if last >= len(tokens):
            continue
        span = tokens[start:last + 1]
        if language == "en" and not all(t.text[:1].isupper() or t.lower.split("-")[0] in {"al", "el", "ash", "as", "ad", "ez", "ar", "at", "an"}
                                        for t in span):
            continue
        name = " ".join(t.text for t in span)
        if language == "ar" and start == index:
            name = _strip_prefix(name)
        place = gazetteer.lookup(name)
        if place is None and language == "ar":
            place = gazetteer.lookup(" ".join([_strip_prefix(span[0].text)] + [t.text for t in span[1:]]))
        if place is None and place_noun and length <= 2 and (language == "ar" or span[0].text[:1].isupper()):
            place = place_outside_gazetteer(name)
        if place is not None:
            return PlaceMention(start, last, place)
    return None
