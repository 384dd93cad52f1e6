"""Place names: a gazetteer of Syrian governorates, districts and subdistricts (OpenSyria,
CC BY 4.0; Arabic and English names and aliases), matched through a transliteration-aware
key so that "جسر الشغور", "Jisr al-Shughour" and "Jisr ash-Shughur" get one id.

The key of a name is its consonant skeleton in Latin letters: Arabic is transliterated
letter by letter, the article (al-, ash-, ال) and generic words (district, ناحية) are
dropped, vowels (and y, which transliterates ي as often as a vowel) are dropped. Names not in the gazetteer (most
towns and villages) get an id built from the same skeleton, ``place:<skeleton>``, so the
Arabic and English spellings of one town still meet.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rapidfuzz import fuzz, process

from toolkit.ingest.arabic import normalise_arabic

LEVELS = ("governorate", "district", "subdistrict")
GENERIC_WORDS = {
    "subdistrict", "district", "governorate", "province", "nahiyat", "nahiya", "markaz", "mantiqat",
    "muhafazat", "city", "town", "village", "countryside", "rural",
    "ناحيه", "مركز", "منطقه", "محافظه", "مدينه", "بلده", "قريه", "ريف",
}
_ARABIC_LETTERS = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "", "و": "w", "ي": "y",
    "ا": "", "ء": "",
}
_LATIN_ARTICLE = re.compile(r"^(?:al|el|ash|as|ad|ar|at|az|an|adh|ath|ed|es|er|et|ez|en)-")
FUZZY_CUTOFF = 88
# Capitalised words in conflict reporting whose skeletons collide with small places
# ("Islam" and Salamiyah are both "slm": "Jaysh al-Islam").
NOT_PLACES = {"islam", "al islam", "islamic", "state", "army", "front", "nusra", "allah", "sham", "al sham",
              "daesh", "isis", "isil", "syria", "syrian", "russia", "iran", "turkey", "israel", "assad",
              "الاسلام", "اسلام", "داعش", "الشام", "سوريا", "روسيا", "ايران", "تركيا", "اسراءيل", "اسرائيل",
              # "al-Midan" (a neighbourhood in Damascus and in Aleppo) and "الميدان" (the field, the square)
              # share Mayadin's skeleton
              "midan", "al midan", "الميدان", "ميدان"}
# Short skeletons collide ("Syria" and the subdistrict Sur are both "sr"): below this length
# only a name spelled as in the gazetteer matches; fuzzy matching needs FUZZY_MIN_LENGTH.
KEY_MIN_LENGTH = 3
# Arabic skeletons lose more (short vowels are not written, و and ي are dropped): a short Arabic
# name ("الميدان", "حراك") meets too many places by key, so it must be spelled as in the gazetteer.
ARABIC_KEY_MIN_LENGTH = 4
FUZZY_MIN_LENGTH = 5


# Countries, territories and cities outside Syria that conflict reporting on Syria and its
# neighbours names most (English name -> Arabic spellings). They are matched as spelled, never
# fuzzily: short names like "Iran" or "لبنان" would otherwise meet unrelated Syrian subdistricts.
REGIONS: dict[str, list[str]] = {
    "Syria": ["سوريا", "سورية"], "Iraq": ["العراق"], "Lebanon": ["لبنان"], "Jordan": ["الأردن"],
    "Turkey": ["تركيا"], "Israel": ["إسرائيل"], "Iran": ["إيران"], "Russia": ["روسيا"],
    "Egypt": ["مصر"], "Yemen": ["اليمن"], "Saudi Arabia": ["السعودية"], "Libya": ["ليبيا"],
    "Sudan": ["السودان"], "Palestine": ["فلسطين"], "Gaza": ["غزة"], "Gaza Strip": ["قطاع غزة"],
    "West Bank": ["الضفة الغربية"], "Jerusalem": ["القدس", "al-Quds"], "Rafah": ["رفح"], "Khan Younis": ["خان يونس"],
    "Jabalia": ["جباليا"], "Beirut": ["بيروت"], "Baghdad": ["بغداد"], "Mosul": ["الموصل"],
    "Tel Aviv": ["تل أبيب"], "Nablus": ["نابلس"], "Jenin": ["جنين"], "Hebron": ["الخليل"],
    "Cairo": ["القاهرة"], "Golan": ["الجولان"], "Sinai": ["سيناء"], "Afghanistan": ["أفغانستان"],
    "Ukraine": ["أوكرانيا"], "Indonesia": ["إندونيسيا"],
    # Syrian regions that cross the OpenSyria units
    "Eastern Ghouta": ["الغوطة الشرقية", "East Ghouta"], "Western Ghouta": ["الغوطة الغربية", "West Ghouta"],
    "Ghouta": ["الغوطة"],
}


@dataclass(frozen=True)
class Place:
    """A place with its canonical English name and a stable id."""

    id: str
    name: str
    level: str  # governorate, district, subdistrict, or "place" for names outside the gazetteer


def _latin_skeleton(word: str) -> str:
    word = unicodedata.normalize("NFKD", word.lower())
    word = "".join(char for char in word if char.isascii() and (char.isalpha() or char == "-"))
    word = _LATIN_ARTICLE.sub("", word).replace("-", "")
    word = word.replace("ou", "u").replace("q", "k").replace("th", "t").replace("dh", "d").replace("ee", "i")
    return word


def _arabic_skeleton(word: str) -> str:
    word = normalise_arabic(word)
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    first, rest = word[:1], word[1:]
    # و and ي inside a word are mostly long vowels in transliteration ("Shughour").
    latin = _ARABIC_LETTERS.get(first, "") if first != "ي" else ""
    latin += "".join("" if char in "وي" else _ARABIC_LETTERS.get(char, "") for char in rest)
    return latin


@lru_cache(maxsize=200_000)
def place_key(name: str) -> str:
    """The transliteration-aware key of a place name.

    >>> place_key("جسر الشغور") == place_key("Jisr al-Shughour") == place_key("Jisr ash-Shughur")
    True
    """
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    keys = []
    for word in words:
        arabic = any("\u0600" <= char <= "\u06ff" for char in word)
        plain = normalise_arabic(word) if arabic else word.lower()
        if plain in GENERIC_WORDS or (arabic and plain.startswith("ال") and plain[2:] in GENERIC_WORDS):
            continue  # "مدينة", "المدينة", "district"
        skeleton = _arabic_skeleton(word) if arabic else _latin_skeleton(word)
        if not arabic and skeleton in {"al", "el", "ash", "as", "ad", "ar", "at", "az", "an"}:
            continue
        keys.append(skeleton)
    joined = "".join(keys)
    if not joined:
        return ""
    consonants = re.sub(r"[aeiouy]", "", joined)
    return re.sub(r"(.)\1+", r"\1", consonants)


class Gazetteer:
    """Lookup of place names by key, exactly or fuzzily (rapidfuzz ratio >= 88)."""

    def __init__(self, places: dict[str, Place], names: dict[str, Place],
                 regions: dict[str, Place] | None = None,
                 ancestors: dict[str, tuple[str, ...]] | None = None) -> None:
        self._by_key = places
        self._by_name = names
        self._regions = regions or {}
        self._ancestors = ancestors or {}
        self._keys = [key for key in places if len(key) >= FUZZY_MIN_LENGTH]
        # Reports repeat the same few place names: remember the answers (bounded).
        self.lookup = lru_cache(maxsize=200_000)(self.lookup)

    @classmethod
    @lru_cache(maxsize=1)
    def default(cls) -> Gazetteer:
        """The packaged OpenSyria gazetteer (governorates first: a bare "Idlib" is the governorate)."""
        folder = resources.files("toolkit") / "data" / "opensyria-geography"
        places: dict[str, Place] = {}
        spelled: dict[str, Place] = {}
        ancestors: dict[str, tuple[str, ...]] = {}
        for level, file in zip(LEVELS, ("governorates.json", "districts.json", "subdistricts.json")):
            for record in json.loads((folder / file).read_text(encoding="utf-8")):
                place = Place(record["id"], record["name"]["en"], level)
                ancestors[place.id] = tuple(record[key] for key in ("districtId", "governorateId") if record.get(key))
                names = [record["name"]["en"], record["name"]["ar"]] + [a["value"] for a in record.get("aliases", [])]
                for name in names:
                    spelled.setdefault(_spelling(name), place)
                    key = place_key(name)
                    if len(key) >= KEY_MIN_LENGTH:
                        places.setdefault(key, place)
        regions = {}
        for english, arabic in REGIONS.items():
            place = Place(f"region:{place_key(english)}", english, "region")
            regions.update({_spelling(name): place for name in [english, *arabic]})
        return cls(places, spelled, regions, ancestors)

    def ancestors(self, place_id: str) -> tuple[str, ...]:
        """The ids of the units that contain a place (its district, then its governorate); empty
        for a governorate and for places outside the gazetteer.

        >>> Gazetteer.default().ancestors("sy-aleppo-mount-simeon-atareb")
        ('sy-aleppo-mount-simeon', 'sy-aleppo')
        """
        return self._ancestors.get(place_id, ())

    def lookup(self, name: str, fuzzy: bool = True) -> Place | None:
        """The gazetteer place a name refers to, or None; ``fuzzy=False`` matches keys and spellings only.

        >>> Gazetteer.default().lookup("جسر الشغور").id == Gazetteer.default().lookup("Jisr ash-Shughur").id
        True
        """
        if _spelling(name) in self._regions:
            return self._regions[_spelling(name)]
        if _spelling(name) in NOT_PLACES:
            return None
        key = place_key(name)
        arabic = any("\u0600" <= char <= "\u06ff" for char in name)
        if len(key) >= (ARABIC_KEY_MIN_LENGTH if arabic else KEY_MIN_LENGTH) and key in self._by_key:
            return self._by_key[key]
        if _spelling(name) in self._by_name:
            return self._by_name[_spelling(name)]
        if arabic and (bare := _without_article(name)) != name and (found := self.lookup(bare, False)):
            return found  # "الأتارب" is "أتارب" written with the article
        if not fuzzy or len(key) < FUZZY_MIN_LENGTH:
            return None
        match = process.extractOne(key, self._keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return self._by_key[match[0]] if match else None


def _without_article(name: str) -> str:
    """An Arabic name without the definite article on its first word ("الأتارب" -> "أتارب")."""
    first, _, rest = normalise_arabic(name.strip()).partition(" ")
    if first.startswith("ال") and len(first) > 4:
        return (first[2:] + " " + rest).strip()
    return name


def place_outside_gazetteer(name: str) -> Place | None:
    """A place the gazetteer lacks, identified by its key so spellings of one town meet."""
    key = place_key(name)
    if len(key) < 2:
        return None
    return Place(f"place:{key}", name.strip(), "place")


@lru_cache(maxsize=200_000)
def _spelling(name: str) -> str:
    """A name as spelled, up to case, Arabic orthography and the article's hyphen."""
    return re.sub(r"[\s-]+", " ", normalise_arabic(name).casefold()).strip()
