"""Month names of Arabic news (Egyptian/Gulf transliterations, Levantine and Maghrebi names),
shared by the publication-date parser at ingest and the event-date resolver of extraction,
and the Hijri dates a publication date may be given in.

Example:
    >>> parse_arabic_date("26 أيلول 2017"), parse_arabic_date("٣ جويلية ٢٠١٩")
    (datetime.date(2017, 9, 26), datetime.date(2019, 7, 3))
    >>> parse_hijri("1439/01/06 هـ")
    datetime.date(2017, 9, 26)
"""

from __future__ import annotations

import datetime as dt
import re

from toolkit.ingest.arabic import normalise_arabic

ENGLISH_MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
# One word per month, normalised (normalise_arabic): the transliterated names (Egypt, the Gulf),
# the Levantine one-word names, and the Maghrebi names (Algeria, Tunisia: جانفي; Morocco: يوليوز).
ARABIC_MONTHS = {normalise_arabic(name): number for name, number in {
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7,
    "أغسطس": 8, "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
    "جانفي": 1, "فيفري": 2, "أفريل": 4, "ماي": 5, "جوان": 6, "جويلية": 7, "أوت": 8,
    "يوليوز": 7, "غشت": 8, "شتنبر": 9, "نونبر": 11, "دجنبر": 12, "حزيران/يونيو": 6}.items()}
# Two-word Levantine months.
ARABIC_MONTH_PAIRS = {("كانون", "الثاني"): 1, ("كانون", "الاول"): 12, ("تشرين", "الاول"): 10,
                      ("تشرين", "الثاني"): 11}

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})\s+(\S+(?:\s+\S+)?)\s+(\d{4})$")
# "1439/01/06 هـ", "1439-1-6 AH", "6/1/1439هـ": a Hijri date must be marked as one.
_HIJRI_MARK = re.compile(r"\s*(?:هـ|ه|AH|A\.H\.|H)\.?\s*$", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")


def arabic_month(words: list[str]) -> int | None:
    """The month of one or two normalised words ("ايلول"; "تشرين", "الاول"), or None."""
    if len(words) == 2 and tuple(words) in ARABIC_MONTH_PAIRS:
        return ARABIC_MONTH_PAIRS[tuple(words)]
    if len(words) == 1:
        word = words[0]
        return ARABIC_MONTHS.get(word) or ARABIC_MONTHS.get(word.split("/")[0])
    return None


def parse_arabic_date(text: str) -> dt.date | None:
    """A "day month year" date with an Arabic month name ("26 أيلول 2017", "5 تشرين الأول 2016",
    "26 أيلول/سبتمبر 2017"), or None when the text is not one."""
    match = _DAY_MONTH_YEAR.match(normalise_arabic(text).strip())
    if match is None:
        return None
    month = arabic_month(match.group(2).split())
    if month is None:
        return None
    try:
        return dt.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None


def parse_hijri(text: str) -> dt.date | None:
    """The Gregorian date of a Hijri date marked with هـ or AH (year first or last), converted with
    ``hijridate`` (Umm al-Qura calendar); None when the text is not a marked Hijri date.
    Raises ValueError for a marked date outside the calendar's range."""
    normalised = normalise_arabic(text).strip()
    stripped = _HIJRI_MARK.sub("", normalised)
    if stripped == normalised:
        return None
    match = _NUMERIC.match(stripped)
    if match is None:
        return None
    first, month, last = (int(part) for part in match.groups())
    year, day = (first, last) if first > 31 else (last, first)
    from hijridate import Hijri

    try:
        return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())
    except (ValueError, OverflowError) as error:
        raise ValueError(f"{text!r} is not a Hijri date the Umm al-Qura calendar covers ({error})") from None
