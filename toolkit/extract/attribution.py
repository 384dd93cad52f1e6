"""Who a sentence says gives its counts: "activists said", "according to the Syrian
Observatory", "قال المرصد السوري", "بحسب الدفاع المدني".

Known givers are named canonically in English so that Arabic and English reports that cite
the same body agree. A giver not in :data:`KNOWN_GIVERS` is not recognised (the column stays
empty): add its surface forms there.
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
    "Syrian state TV": ["syrian state tv", "syrian state television", "state television", "state tv",
                        "state-run tv", "state-run television", "التلفزيون السوري", "التلفزيون الرسمي السوري"],
    "state media": ["state media", "الاعلام الرسمي"],
    "health ministry": ["the health ministry", "health ministry", "ministry of health", "وزاره الصحه"],
    "Syrian Coalition": ["the syrian coalition", "syrian coalition", "the coalition", "the national coalition",
                         "national coalition", "opposition national coalition",
                         "الائتلاف الوطني السوري", "الائتلاف الوطني", "الائتلاف"],
    "UN": ["the united nations", "united nations", "the un", "un", "u.n.", "الامم المتحده"],
    "UN human rights office": ["un human rights office", "u.n. human rights office", "the u.n. human rights office",
                               "ohchr", "مكتب حقوق الانسان التابع للامم المتحده", "المفوضيه الساميه لحقوق الانسان"],
    "UN observers": ["un observers", "u.n. observers", "un monitors", "المراقبين الدوليين", "بعثه المراقبين الدوليين",
                     "المراقبون الدوليون"],
    "MSF": ["doctors without borders", "msf", "medecins sans frontieres", "médecins sans frontières",
            "اطباء بلا حدود"],
    "US government": ["united states government", "the united states government", "us government",
                      "u.s. government", "الحكومه الامريكيه", "الادارة الامريكيه"],
    "Idlib health directorate": ["idlib health directorate", "مديريه صحه ادلب"],
    "Homs governor": ["homs governor", "governor of homs", "محافظ حمص"],
    "Syrian army": ["the syrian army", "syrian army", "the army", "army", "the military", "الجيش السوري",
                    "الجيش العربي السوري", "القياده العامه للجيش"],
    "Russian defence ministry": ["russian defence ministry", "russian defense ministry",
                                 "the russian defence ministry", "وزاره الدفاع الروسيه"],
    "medical sources": ["medical sources", "medics", "doctors", "مصادر طبيه", "مصادر طبية"],
    "local source": ["local sources", "a local source", "local source", "مصادر محليه", "مصدر محلي"],
    "military source": ["a military source", "military source", "مصدر عسكري"],
    "local residents": ["residents", "local residents", "سكان", "الاهالي"],
    "witnesses": ["witnesses", "a witness", "شهود عيان", "شاهد عيان"],
    "hospital staff": ["hospital staff", "hospital officials", "hospital sources", "hospital director"],
    "Syrian government": ["syrian government", "the syrian government", "الحكومه السوريه"],
    "Syrian opposition": ["syrian opposition", "the opposition", "المعارضه السوريه"],
    "Israeli army": ["israeli army", "israeli military", "the israeli military", "idf", "israel defense forces",
                     "الجيش الاسرائيلي", "جيش الاحتلال", "جيش الدفاع"],
    "Israeli government": ["israeli government", "الحكومه الاسرائيليه"],
    "Hamas": ["hamas", "حماس", "حركه حماس"],
    "Qassam Brigades": ["qassam brigades", "al-qassam brigades", "كتائب القسام", "القسام"],
    "Al-Quds Brigades": ["al-quds brigades", "سرايا القدس"],
    "Gaza health ministry": ["gaza health ministry", "gaza's health ministry", "health ministry in gaza",
                             "وزاره الصحه في غزه", "وزاره الصحه في قطاع غزه", "وزاره الصحه بغزه"],
    "Human Rights Watch": ["human rights watch", "hrw", "هيومن رايتس ووتش"],
    "Amnesty International": ["amnesty international", "منظمه العفو الدوليه"],
    "WHO": ["world health organization", "world health organisation", "منظمه الصحه العالميه"],
    "UNHCR": ["unhcr", "un refugee agency", "مفوضيه اللاجئين", "المفوضيه السامية لشؤون اللاجئين"],
    "UNICEF": ["unicef", "اليونيسف"],
    "OCHA": ["ocha", "un humanitarian office", "مكتب تنسيق الشؤون الانسانيه"],
    "Syrian Arab Red Crescent": ["syrian arab red crescent", "red crescent", "الهلال الاحمر العربي السوري",
                                 "الهلال الاحمر"],
    "International Committee of the Red Cross": ["international committee of the red cross", "icrc",
                                                 "the red cross", "اللجنه الدوليه للصليب الاحمر"],
    "Pentagon": ["pentagon", "the pentagon", "البنتاغون"],
    "US-led coalition": ["us-led coalition", "the us-led coalition", "التحالف الدولي"],
    "Syrian Democratic Forces": ["syrian democratic forces", "sdf", "قوات سوريا الديمقراطيه", "قسد"],
    "Hezbollah": ["hezbollah", "حزب الله"],
    "Idlib Media Center": ["idlib media center", "idlib media centre", "مركز ادلب الاعلامي"],
    "Aleppo Police Command": ["aleppo police command", "قياده شرطه حلب"],
    "Russian reconciliation centre": ["russian reconciliation centre", "russian reconciliation center",
                                      "reconciliation centre", "reconciliation center", "مركز المصالحه الروسي"],
    "Violations Documentation Center": ["violations documentation center", "vdc", "مركز توثيق الانتهاكات"],
    "rescue workers": ["rescue workers", "rescuers", "first responders", "فرق الانقاذ"],
    "Syrian Network for Human Rights": ["syrian network for human rights", "snhr", "الشبكه السوريه لحقوق الانسان"],
}.items() for form in map(str.casefold, map(normalise_arabic, forms))}

ENGLISH_CUES = ("according to", "said", "says", "told", "reported", "reports", "documented", "stated",
                "announced", "estimated", "claimed", "confirmed", "added", "cited", "quoted", "say", "gave",
                "counted", "put the death toll", "put the toll")
ARABIC_CUES = tuple(normalise_arabic(cue) for cue in (
    "بحسب", "حسب", "وفق", "وفقا", "قال", "قالت", "افاد", "افادت", "ذكر", "ذكرت", "اعلن", "اعلنت",
    "وثق", "اكد", "اكدت", "اشار", "نقلت", "نقل", "صرح", "صرحت", "اضاف", "اضافت", "اوضح", "حسبما", "تقدر",
    "قدرت", "يعلن", "تعلن", "وثقت", "علم"))
_FORMS = sorted(KNOWN_GIVERS, key=len, reverse=True)
_FORM_PATTERN = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, _FORMS)) + r")(?!\w)")
_CUE_PATTERNS = {language: re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, cues)) + r")(?!\w)")
                 for language, cues in (("en", ENGLISH_CUES), ("ar", ARABIC_CUES))}
# A giver stands this close to its reporting verb (characters).
CUE_REACH = 60


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
    # Only the text around the cues can hold the giver: search there, not the whole sentence.
    start = max(0, min(cue_positions) - CUE_REACH - 1)
    end = max(cue_positions) + CUE_REACH + 100
    for match in _FORM_PATTERN.finditer(text, start, end):
        distance = min(abs(match.start() - position) for position in cue_positions)
        if distance <= CUE_REACH and (best is None or distance < best[0]):
            best = (distance, KNOWN_GIVERS[match.group()])
    return best[1] if best else None


def attribution_for(tokens: list[Token], text: str, language: str) -> str | None:
    """Attribution of the sentence spanned by ``tokens`` in ``text``."""
    if not tokens:
        return None
    return find_attribution(text[tokens[0].start:tokens[-1].end], language)


# "حمص – المرصد السوري لحقوق الإنسان: ..." / "Douma — Civil Defence: ...": a byline before a colon.
# A byline ends within this many characters of the report's start (the pattern reads no further).
DATELINE_REACH = 300
_DATELINE = re.compile(r"^[^:\n]{0,80}?[–—-]\s*(?P<giver>[^:\n]{2,60}):")


def dateline_giver(text: str) -> str | None:
    """The known giver of a report's byline ("place – giver:"), which gives every count of the
    report that names no other giver.

    >>> dateline_giver("حمص – المرصد السوري لحقوق الإنسان: ارتفع إلى ٩٠ عدد الشهداء")
    'Syrian Observatory for Human Rights'
    >>> dateline_giver("Strikes killed 45 people: a monitor") is None
    True
    """
    match = _DATELINE.match(normalise_arabic(text[:DATELINE_REACH]).casefold())
    if match is None:
        return None
    form = _FORM_PATTERN.fullmatch(match.group("giver").strip())
    return KNOWN_GIVERS[form.group()] if form else None
