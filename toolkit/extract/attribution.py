"""Who a sentence says gives its counts: "activists said", "according to the Syrian
Observatory", "قال المرصد السوري", "بحسب الدفاع المدني".

Known givers are named canonically in English so that Arabic and English reports that cite
the same body agree; an unknown giver after a reporting verb is kept as written.
"""

from __future__ import annotations

import re

from toolkit.extract.tokens import Token
from toolkit.ingest.arabic import normalise_arabic

# Surface form (normalised, lowercase) -> canonical English name. Longer forms first.
KNOWN_GIVERS: dict[str, str] = {form: name for name, forms in {
    "Syrian Observatory for Human Rights": [
        "syrian observatory for human rights", "the syrian observatory", "syrian observatory",
        "the observatory", "observatory", "sohr", "britain-based monitor", "britain-based observatory",
        "المرصد السوري لحقوق الانسان", "المرصد السوري", "المرصد"],
    "activists": ["opposition activists", "local activists", "activists", "ناشطون", "ناشطين", "الناشطين",
                  "ناشطون معارضون", "ناشطين معارضين"],
    "monitoring group": ["a monitoring group", "monitoring group", "a monitor", "monitor", "war monitor",
                         "a war monitor"],
    "Civil Defence": ["syria civil defence", "syrian civil defence", "civil defence", "civil defense",
                      "white helmets", "the white helmets", "الدفاع المدني", "الخوذ البيضاء"],
    "SANA": ["sana", "syrian arab news agency", "state news agency sana", "سانا", "الوكالة العربية السورية للانباء"],
    "state media": ["state media", "state television", "state tv", "state-run tv", "state-run television",
                    "التلفزيون السوري", "الاعلام الرسمي"],
    "health ministry": ["the health ministry", "health ministry", "ministry of health", "وزاره الصحه"],
    "Syrian Coalition": ["the syrian coalition", "syrian coalition", "the coalition", "the national coalition",
                         "الائتلاف الوطني السوري", "الائتلاف الوطني", "الائتلاف"],
    "UN": ["the united nations", "united nations", "the un", "un", "الامم المتحده"],
    "MSF": ["doctors without borders", "msf", "medecins sans frontieres", "اطباء بلا حدود"],
    "Syrian army": ["the syrian army", "syrian army", "the army", "army", "the military", "الجيش السوري",
                    "الجيش العربي السوري", "القياده العامه للجيش"],
    "Russian defence ministry": ["russian defence ministry", "russian defense ministry",
                                 "the russian defence ministry", "وزاره الدفاع الروسيه"],
    "medical sources": ["medical sources", "medics", "doctors", "مصادر طبيه", "مصادر طبية"],
    "local sources": ["local sources", "a local source", "مصادر محليه", "مصدر محلي"],
    "military source": ["a military source", "military source", "مصدر عسكري"],
    "residents": ["residents", "witnesses", "local residents", "سكان", "شهود عيان", "الاهالي"],
    "rescue workers": ["rescue workers", "rescuers", "first responders", "فرق الانقاذ"],
    "Syrian Network for Human Rights": ["syrian network for human rights", "snhr", "الشبكه السوريه لحقوق الانسان"],
}.items() for form in forms}

ENGLISH_CUES = ("according to", "said", "says", "told", "reported", "reports", "documented", "stated",
                "announced", "estimated")
ARABIC_CUES = tuple(normalise_arabic(cue) for cue in (
    "بحسب", "حسب", "وفق", "وفقا", "قال", "قالت", "افاد", "افادت", "ذكر", "ذكرت", "اعلن", "اعلنت",
    "وثق", "اكد", "اكدت", "اشار", "نقلت", "نقل"))
_FORMS = sorted(KNOWN_GIVERS, key=len, reverse=True)
_FORM_PATTERN = re.compile("|".join(r"(?<!\w)" + re.escape(form) + r"(?!\w)" for form in _FORMS))
_CUE_PATTERNS = {language: re.compile("|".join(r"(?<!\w)" + re.escape(cue) + r"(?!\w)" for cue in cues))
                 for language, cues in (("en", ENGLISH_CUES), ("ar", ARABIC_CUES))}


def find_attribution(sentence: str, language: str) -> str | None:
    """The giver a sentence cites for its counts, canonical when known, else None.

    >>> find_attribution("At least 45 civilians were killed, activists said.", "en")
    'activists'
    >>> find_attribution("وقال المرصد السوري لحقوق الإنسان إن ٤٥ مدنيا قتلوا", "ar")
    'Syrian Observatory for Human Rights'
    >>> find_attribution("The strikes killed 45 people.", "en") is None
    True
    """
    text = normalise_arabic(sentence).casefold()
    cue_positions = [m.start() for m in _CUE_PATTERNS["ar" if language == "ar" else "en"].finditer(text)]
    if not cue_positions:
        # Arabic attaches the preposition: "بحسب" is a cue, "وبحسب" too.
        if language != "ar" or not any(cue in text for cue in ARABIC_CUES):
            return None
        cue_positions = [text.find(next(cue for cue in ARABIC_CUES if cue in text))]
    best: tuple[int, str] | None = None
    for match in _FORM_PATTERN.finditer(text):
        distance = min(abs(match.start() - position) for position in cue_positions)
        if distance <= 60 and (best is None or distance < best[0]):
            best = (distance, KNOWN_GIVERS[match.group()])
    return best[1] if best else None


def attribution_for(tokens: list[Token], text: str, language: str) -> str | None:
    """Attribution of the sentence spanned by ``tokens`` in ``text``."""
    if not tokens:
        return None
    return find_attribution(text[tokens[0].start:tokens[-1].end], language)
