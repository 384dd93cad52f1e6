"""Find place mentions in a sentence and link them to the gazetteer.

A place is looked for after a word that introduces one (in, near, the town of, في، بلدة،
ريف ...): the longest run of up to four following tokens that the gazetteer knows wins.
After an explicit place noun ("the village of X", "قرية X") a name the gazetteer lacks is
kept too, with an id built from its transliteration key. Two constructions are not places
although a gazetteer name is in them: a facility named after a place ("al-Quds hospital",
"the Palestine Brigade") and a run holding a number ("في نحو ثمانين", which spells like a town).
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.extract.gazetteer import Gazetteer, Place, place_outside_gazetteer
from toolkit.extract.numbers import find_numbers
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
# English nouns that, right after a place name, make it the name of one facility or unit ("al-Quds
# hospital"). Plurals are left out: "Aleppo hospitals" are the hospitals of Aleppo.
ENGLISH_FACILITY_NOUNS = {"hospital", "clinic", "school", "mosque", "church", "university", "college", "brigade",
                          "battalion", "corps", "force"}
# Arabic adjectives that end a two-word town name ("أورم الكبرى", "تلبيسة الجديدة").
ARABIC_NAME_TAILS = {normalise_arabic(w) for w in (
    "الكبرى", "الصغرى", "الكبير", "الصغير", "الفوقاني", "التحتاني", "الفوقا", "التحتا", "الجديدة", "القديمة")}


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
    if language == "en" and start < len(tokens) - 1 and _is_possessive_region(tokens[start].lower, gazetteer):
        start += 1  # "Syrias Aleppo", "Syria's Hama province"
    # Exact matches of any length first, so a long run is not matched fuzzily to a small
    # place when a shorter exact name ("إيران") stands at its start.
    for fuzzy in (False, True):
        for length in range(MAX_NAME_TOKENS, 0, -1):
            last = start + length - 1
            if last >= len(tokens):
                continue
            span = tokens[start:last + 1]
            if language == "en" and not all(t.text[:1].isupper() or t.lower.split("-")[0] in LATIN_ARTICLES
                                            for t in span):
                continue
            name = " ".join(t.text for t in span)
            if language == "ar" and start == index:
                name = _strip_prefix(name)
            place = gazetteer.lookup(name, fuzzy)
            if place is None and language == "ar":
                place = gazetteer.lookup(" ".join([_strip_prefix(span[0].text)] + [t.text for t in span[1:]]), fuzzy)
            if place is None and fuzzy and place_noun and length <= 2 and _outside_name_fits(span, language):
                place = place_outside_gazetteer(name)
            if place is not None and not _names_something_else(tokens, start, last, language):
                return PlaceMention(start, last, place)
    return None


def _names_something_else(tokens: list[Token], start: int, last: int, language: str) -> bool:
    """Whether the run is a facility's name or holds a number, not a place."""
    if language == "en" and last + 1 < len(tokens) and tokens[last + 1].lower in ENGLISH_FACILITY_NOUNS:
        return True
    return bool(find_numbers(tokens[start:last + 1]))


LATIN_ARTICLES = {"al", "el", "ash", "as", "ad", "ez", "ar", "at", "an"}
# Words after an Arabic place name that are not part of it: directions and adjectives.
ARABIC_NOT_NAME = {normalise_arabic(w) for w in ("جنوبي", "شمالي", "شرقي", "غربي", "جنوب", "شمال", "شرق", "غرب")}
# First words of two-word Arabic town names.
ARABIC_NAME_HEADS = {normalise_arabic(w) for w in (
    "تل", "كفر", "دير", "عين", "جسر", "خان", "بيت", "أبو", "أم", "رأس", "معرة", "قلعة", "بئر", "بير", "عرب",
    "سد", "مخيم", "تلة", "حي", "باب", "بني", "بنش", "مزرعة", "جبل", "وادي", "سهل")}


def _outside_name_fits(span: list[Token], language: str) -> bool:
    """Whether a name the gazetteer lacks may be kept: capitalised in English; in Arabic one
    word, or two when the first is a word that opens compound town names ("تل مرديخ", "خان
    شيخون"), never a direction ("رفح جنوبي") or a place noun ("وقرية")."""
    if language == "en":
        return span[0].text[:1].isupper()
    first = _strip_prefix(span[0].lower)
    if first in ARABIC_NOT_NAME or first in ARABIC_TRIGGERS or span[0].lower in ARABIC_TRIGGERS:
        return False
    return len(span) == 1 or span[0].lower in ARABIC_NAME_HEADS or span[-1].lower in ARABIC_NAME_TAILS


def _is_possessive_region(word: str, gazetteer: Gazetteer) -> bool:
    stem = word[:-2] if word.endswith(("'s", "’s")) else word[:-1] if word.endswith("s") else ""
    place = gazetteer.lookup(stem, False) if len(stem) > 2 else None
    return place is not None and place.level in {"region", "governorate"}
