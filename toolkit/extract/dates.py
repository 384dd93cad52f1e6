"""Resolve the date a count refers to from its sentence and the report's publication date.

Handles explicit dates ("25 September 2017", "Sept. 25", "٢٥ أيلول ٢٠١٧", "25/9/2017"),
weekdays ("on Monday", "يوم الاثنين", "الاثنين الماضي": the latest such day on or before
publication), and relative words ("yesterday", "today", "overnight", "a day ago", "أمس", "اليوم").
Arabic month names include the Levantine and Maghrebi ones (كانون الثاني, أيلول, جويلية;
:mod:`toolkit.ingest.months`), which dateparser does not read, and a date inside a sentence must be found among its tokens (which
words are the date, which a count): so month names are matched here from tables, and
dateparser is left to the whole-field parse of ``published`` at ingest.
"""

from __future__ import annotations

import datetime as dt
import re

from toolkit.extract.tokens import Token
from toolkit.ingest.arabic import normalise_arabic
from toolkit.ingest.months import ARABIC_MONTH_PAIRS, ARABIC_MONTHS, ENGLISH_MONTHS

WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}
WEEKDAYS.update({normalise_arabic(name): number for name, number in {
    "الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
    "الأحد": 6}.items()})
RELATIVE = {"yesterday": -1, "today": 0, "todays": 0, "today's": 0, "overnight": -1, "tonight": 0,
            "امس": -1, "البارحه": -1, "اليوم": 0}
# "said on Monday", "told reporters on Saturday": the date of the report, not of the event.
REPORTING_WORDS = {"said", "says", "reported", "told", "reporters", "announced", "added", "stated", "statement",
                   "confirmed", "claimed"}
# "since Saturday": a period, not a day.
PERIOD_WORDS = {"since", "until", "منذ", "حتي"}
# Words at the start of a report that a dateline may take ("August 13 2016", "13 آب 2016").
DATELINE_WORDS = 3
# "a day ago", "two days ago"
DAYS_AGO = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_NUMERIC_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")


def _strip(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وب" else word


def _valid(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_at(words: list[str], index: int) -> tuple[int, int] | None:
    """(month, tokens used) if a month name starts at ``index``."""
    word = _strip(words[index])
    if index + 1 < len(words) and (word, words[index + 1]) in ARABIC_MONTH_PAIRS:
        return ARABIC_MONTH_PAIRS[(word, words[index + 1])], 2
    for table in (ENGLISH_MONTHS, ARABIC_MONTHS):
        if word in table:
            return table[word], 1
    return None


def _explicit_dates(words: list[str], published: dt.date | None, first: int = 0) -> list[dt.date]:
    found = []
    for index in range(first, len(words)):
        month = _month_at(words, index)
        if month is None:
            continue
        number, used = month
        day = year = None
        if index > 0 and words[index - 1].isdigit() and 1 <= int(words[index - 1]) <= 31:
            day = int(words[index - 1])  # "25 September", "٢٥ أيلول"
        elif index + used < len(words) and words[index + used].isdigit() and 1 <= int(words[index + used]) <= 31:
            day = int(words[index + used])  # "September 25"
        after = index + used + (1 if day is not None and index + used < len(words) and words[index + used].isdigit()
                                and int(words[index + used]) == day else 0)
        if after < len(words) and words[after].isdigit() and len(words[after]) == 4:
            year = int(words[after])
        elif published is not None:
            year = published.year if (number, day or 1) <= (published.month, published.day) else published.year - 1
        if day is not None and year is not None and (date := _valid(year, number, day)):
            found.append(date)
    return found


def resolve_event_date(tokens: list[Token], text: str, published: dt.date | None,
                       opens_report: bool = False) -> dt.date | None:
    """The date a sentence's counts refer to, or None when the sentence does not fix one.

    In the report's first sentence (``opens_report``) a date at the very start is its
    dateline ("August 13 2016 More than 100 civilians ..."), the date of the report.

    >>> from toolkit.extract.tokens import tokenize
    >>> monday = dt.date(2017, 9, 25)
    >>> resolve_event_date(tokenize("strikes on Sunday killed 45"), "", monday)
    datetime.date(2017, 9, 24)
    >>> resolve_event_date(tokenize("قتل ٤٥ أمس"), "", monday)
    datetime.date(2017, 9, 24)
    >>> resolve_event_date(tokenize("on 21 August 2013 rockets hit"), "", None)
    datetime.date(2013, 8, 21)
    """
    words = [_normal_word(token.lower) for token in tokens]
    dateline = opens_report and bool(words) and (words[0].isdigit() or _month_at(words, 0) is not None)
    explicit = _explicit_dates(words, published, first=DATELINE_WORDS if dateline else 0)
    if explicit:
        return explicit[0]
    match = _NUMERIC_DATE.search(text)
    if match and (date := _valid(int(match.group(3)), int(match.group(2)), int(match.group(1)))):
        return date
    if published is None:
        return None
    for index, word in enumerate(words):
        if word == "ago" and index >= 2 and words[index - 1] in {"day", "days"}:
            count = DAYS_AGO.get(words[index - 2]) or (int(words[index - 2]) if words[index - 2].isdigit() else None)
            if count is not None and count < 31:
                return published - dt.timedelta(days=count)
        stripped = _strip(word)
        if _dates_a_report_or_period(words, index):
            continue
        if stripped in RELATIVE:
            return published + dt.timedelta(days=RELATIVE[stripped])
        weekday = WEEKDAYS.get(stripped) if stripped in WEEKDAYS else WEEKDAYS.get(word)
        if weekday is not None:
            return published - dt.timedelta(days=(published.weekday() - weekday) % 7)
    return None


def _dates_a_report_or_period(words: list[str], index: int) -> bool:
    """True for "said on Monday", "reported Sunday", "since Saturday"."""
    before = words[max(0, index - 2):index]
    if before and before[-1] in PERIOD_WORDS:
        return True
    if before and before[-1] == "on":
        before = before[:-1]
    return bool(before) and before[-1] in REPORTING_WORDS


def _normal_word(word: str) -> str:
    return normalise_arabic(word) if any("\u0600" <= char <= "\u06ff" for char in word) else word.rstrip(".")
