"""What a sentence is about, where that decides whether its numbers are counts of an event:
sports reports ("42 إصابة في 9 مواسم") and disease figures ("مصاب بالفيروس") are not."""

from __future__ import annotations

from toolkit.extract import lexicon
from toolkit.extract.tokens import Token

# Words of sports reporting; a sentence with two of them reports a game or a season.
SPORTS_WORDS = frozenset({
    "مباراه", "مباريات", "الدوري", "منتخب", "المنتخب", "هدفا", "اهداف", "الاهداف", "لاعب", "اللاعب",
    "لاعبين", "اللاعبين", "موسم", "الموسم", "مواسم", "بطوله", "البطوله", "كاس", "نادي", "النادي", "فيفا",
    "تصنيف", "التصنيف", "المركز", "مركزا", "الملعب", "ملعب", "المدرب", "مدرب", "سجل", "سجلا",
    "match", "matches", "league", "goals", "scored", "tournament", "championship", "footballer",
    "striker", "midfielder", "season", "seasons", "fifa", "club", "coach", "stadium", "ranking",
})
SPORTS_MIN_WORDS = 2
# Diseases and infections: "injured" words before them are infections, not injuries.
DISEASE_WORDS = frozenset({
    "الكوليرا", "كوليرا", "الفيروس", "فيروس", "المرض", "مرض", "الايدز", "ايدز", "السرطان", "الطاعون",
    "كورونا", "الحصبه", "الملاريا", "السل", "الحمي", "الانفلونزا", "الايبولا", "ايبولا", "الشلل",
    "الكبد", "الوباء", "بالكوليرا", "بالفيروس", "بفيروس", "بالمرض", "بمرض", "بالايدز", "بالسرطان",
    "بالطاعون", "بكورونا", "بالحصبه", "بالملاريا", "بالسل", "بالحمي", "بالانفلونزا", "بالايبولا",
    "بالوباء", "سرطان", "بسرطان", "cholera", "virus", "hiv", "aids", "disease", "measles", "malaria", "ebola", "covid",
    "covid-19", "infected", "infection", "infections", "plague", "tuberculosis", "cancer",
})
# How far before or after the count or its category word a disease word makes it an infection.
DISEASE_WINDOW = 4
# Categories a sports sentence cannot have: players are injured, goals and ranks are not "other".
SPORTS_CATEGORIES = frozenset({"injured", "other", "strikes", "detained"})


def is_sports_sentence(tokens: list[Token]) -> bool:
    """True when the sentence reports a game, a player or a ranking.

    >>> from toolkit.extract.tokens import tokenize
    >>> is_sports_sentence(tokenize("غاب اللاعب بداعي 42 اصابه في 9 مواسم")), is_sports_sentence(tokenize("قتل 5"))
    (True, False)
    >>> is_sports_sentence(tokenize("خاض حفنة من المباريات في المواسم الخمسة"))
    True
    """
    found = {_SPORTS_FORMS[token.lower] for token in tokens if token.lower in _SPORTS_FORMS}
    return len(found) >= SPORTS_MIN_WORDS


# Clitics a sports word may carry ("المباريات", "وبالدوري", "للمنتخب"); each form maps to its word.
# Words with another common sense ("سجل" recorded, "المركز" a centre) are read only as written.
_CLITICS = ("ال", "وال", "بال", "لل", "و", "ب")
_ARTICLE_CLITICS = ("و", "ب")  # before a word that has its article already
_AMBIGUOUS_SPORTS_WORDS = frozenset({"سجل", "سجلا", "المركز", "مركزا", "تصنيف", "التصنيف"})
_SPORTS_FORMS = {word: word for word in SPORTS_WORDS} | {
    prefix + word: word for word in SPORTS_WORDS - _AMBIGUOUS_SPORTS_WORDS
    for prefix in (_ARTICLE_CLITICS if word.startswith("ال") else _CLITICS)}


def names_disease(tokens: list[Token], first: int, last: int, language: str) -> bool:
    """True when a disease word stands within :data:`DISEASE_WINDOW` tokens after ``last``, between
    ``first`` and ``last`` ("مصاب بالفيروس", "إصابة مشتبه بها بالكوليرا"), or just before a span that
    holds no category word of its own, with none between ("حالات إصابة بفيروس كورونا (3 مواطنين")."""
    window = tokens[first:min(len(tokens), last + 1 + DISEASE_WINDOW)]
    if any(token.lower in DISEASE_WORDS for token in window):
        return True
    for token in reversed(tokens[max(0, first - DISEASE_WINDOW):first + 1]):
        if token.lower in DISEASE_WORDS:
            return True
        if lexicon.lookup("category", language, token.lower):
            return False  # "تفشي الكوليرا ... أصيب 12 شخصا بجروح في قصف": the injury has its own word
    return False


def tells_of_harm(tokens: list[Token], language: str) -> bool:
    """True when a sentence tells of harm: a word of damage, attack or capture, or of any category
    but "other" (killed, raids, fled). Without one, counted schools, vehicles or centres are not
    claims ("افتتاح 12 مدرسة", "30 مركزا للرجال")."""
    return any(lexicon.lookup("harm", language, token.lower) or
               lexicon.lookup("category", language, token.lower) not in {None, "other"} for token in tokens)
