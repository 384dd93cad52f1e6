"""The rule-and-lexicon extractor: counted claims (quantity, category, subject,
qualifier, sub-count structure) in Arabic and English reports.

It reads the normalised text (see :mod:`toolkit.ingest.arabic`) and maps every
span back to the original text, so ``char_start``/``char_end`` index the
report's ``text`` as it was given.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

from toolkit.extract import lexicon
from toolkit.extract.attribution import attribution_for, dateline_giver
from toolkit.extract.dates import resolve_event_date
from toolkit.extract.gazetteer import Place
from toolkit.extract.numbers import VAGUE_CONVENTIONS, NumberMention, find_numbers
from toolkit.extract.places import PlaceMention, find_places
from toolkit.extract.tokens import Token, sentence_spans, tokenize
from toolkit.ingest.arabic import is_dropped, normalise_with_offsets

# How far (in tokens) a category word may stand from its number, and the extra
# distance a comma or semicolon between them counts for.
AFTER_WINDOW = 8
BEFORE_WINDOW = 7
CLAUSE_PENALTY = 3
SUBJECT_WINDOW = 4
# Things in the "other" category (hospitals, towns) count only as the noun right after the number.
OTHER_WINDOW = 2
# After "N others"/"N more" the category is looked for further on, and one before the count
# across a conjunction belongs to the earlier group.
OTHERS_EXTRA_WINDOW = 4
OTHERS_PENALTY = 6
# A category word used as an adjective ("26 displaced people") counts for less than a verb.
ADJECTIVE_PENALTY = 2


@dataclass(frozen=True)
class _SentenceContext:
    """What a sentence says about all of its counts: places, date, who gives them."""

    places: list[PlaceMention]
    event_date: dt.date | None
    attribution: str | None
    # The place named last in an earlier sentence: a report names its place once, in the
    # headline or lead, and counts it in later sentences ("Aleppo. ... 12 civilians were killed").
    earlier_place: Place | None = None


@dataclass
class _Found:
    mention: NumberMention
    qualifier: str
    value: float | None
    lower: float | None
    upper: float | None
    span_first: int
    span_last: int
    category: str | None = None
    subject: str = "unspecified"
    sub_count: bool = False
    cumulative: bool = False
    # Where the qualifier and number start, before the span grows over a category word.
    phrase_first: int = -1

    def __post_init__(self) -> None:
        if self.phrase_first < 0:
            self.phrase_first = self.span_first


class RuleExtractor:
    """Extract counted claims with bilingual lexicons and local context rules.

    Example:
        >>> claims = RuleExtractor().extract_report(
        ...     {"report_id": "r1", "language": "en",
        ...      "text": "At least 45 civilians were killed, including nine children."})
        >>> [(c["category"], c["subject"], c["value"], c["qualifier"], c["part_of"]) for c in claims]
        [('killed', 'civilians', 45.0, 'at_least', None), ('killed', 'children', 9.0, 'exact', 'r1-c1')]
    """

    name = "rules"
    version = "1"

    def __init__(self, vague_bounds: str = "crosstally") -> None:
        if vague_bounds not in VAGUE_CONVENTIONS:
            raise ValueError(f"unknown vague-bound convention {vague_bounds!r}; "
                             f"choose one of {', '.join(VAGUE_CONVENTIONS)}")
        self.vague_bounds = VAGUE_CONVENTIONS[vague_bounds]

    def extract_report(self, report: Mapping[str, Any]) -> list[dict[str, Any]]:
        text = report["text"]
        language = report["language"]
        published = _as_date(report.get("published"))
        normalised, offsets = normalise_with_offsets(text)
        claims: list[dict[str, Any]] = []
        sentences: list[list[Token]] = []
        byline = dateline_giver(normalised)
        places: dict[int, list[PlaceMention]] = {}  # per sentence, found only when needed
        dates: dict[int, dt.date | None] = {}

        def date_of(index: int) -> dt.date | None:
            if index not in dates:
                start, end = spans[index]
                dates[index] = resolve_event_date(sentences[index], normalised[start:end], published,
                                                  opens_report=index == 0)
            return dates[index]

        spans = sentence_spans(normalised)
        for sentence_start, sentence_end in spans:
            tokens = tokenize(normalised[sentence_start:sentence_end], offset=sentence_start)
            sentences.append(tokens)
            found_claims = self._sentence_claims(normalised, tokens, language)
            if not found_claims:
                continue
            here = places[len(sentences) - 1] = find_places(tokens, language)
            # A report dates its incident once; later sentences count the same incident
            # ("... on Tuesday. Two more civilians were killed in Maarrat Masrin.").
            event_date = next((date for index in range(len(sentences) - 1, -1, -1)
                               if (date := date_of(index)) is not None), None)
            context = _SentenceContext(
                places=here,
                event_date=event_date,
                attribution=attribution_for(tokens, normalised, language) or byline,
                earlier_place=None if here else _earlier_place(sentences, places, language))
            for found in found_claims:
                claims.append(self._to_claim(report, found, tokens, claims, offsets,
                                             text, (sentence_start, sentence_end), context))
        return claims

    def extract(self, reports: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [claim for report in reports for claim in self.extract_report(report)]

    # -- one sentence -------------------------------------------------------------------

    def _sentence_claims(self, text: str, tokens: list[Token], language: str) -> list[_Found]:
        mentions = find_numbers(tokens, self.vague_bounds)
        if language == "ar":
            mentions = _with_duals(mentions, tokens)
        mentions = _merge_ranges(mentions, tokens, text)
        cumulative = _is_cumulative(tokens)
        counts = {position: _qualify(mention, tokens) for position, mention in enumerate(mentions)
                  if _is_count(mention, tokens, text, language)}
        for claim in counts.values():
            claim.sub_count = _is_sub_count(tokens, claim.span_first, claim.mention.last)
        count_starts = {start: claim.mention.last for claim in counts.values()
                        for start in (claim.span_first, claim.mention.first)}
        found: list[_Found] = []
        for position, claim in counts.items():
            mention = claim.mention
            previous_end = mentions[position - 1].last if position else -1
            later = position + 1
            if not claim.sub_count:
                # "six other civilians including three children (5-8 years) were injured": the
                # total's words lie past its sub-counts and past numbers that are not counts.
                while later < len(mentions) and (later not in counts or counts[later].sub_count):
                    later += 1
            next_start = mentions[later].first if later < len(mentions) else len(tokens)
            preset = _dual_labels(tokens[mention.first].lower, language) if mention.first == mention.last else None
            if claim.sub_count:
                # A sub-count names its own category only right after it ("including 9 dead").
                next_start = min(next_start, mention.last + 1 + SUBJECT_WINDOW)
                previous_end = mention.first - 1
            subject, subject_index = _subject(tokens, mention, next_start, text, language)
            names_thing = _names_thing(tokens, mention, language)
            person = (subject != "unspecified" or bool(preset)) and not names_thing  # not "4 آليات إسرائيلية"
            category, category_index = _category(tokens, mention, previous_end, next_start, text, language,
                                                 count_starts, person=person, phrase_first=claim.span_first)
            if mention.first == mention.last and _is_object_dual(tokens[mention.first].lower):
                # "استهداف دبابتين ... بقذيفة": the dual names what was counted
                category, category_index = _dual_category(tokens[mention.first].lower), mention.first
            named = _noun_before_one(tokens, mention, language)
            if named is not None:
                # "غارة واحدة", "شخصا واحدا": the noun before "one" says what was counted
                noun_category = lexicon.lookup("category", language, tokens[named].lower)
                noun_subject = lexicon.lookup("subject", language, tokens[named].lower)
                category, category_index = (noun_category, named) if noun_category else (category, category_index)
                subject, subject_index = (noun_subject, named) if noun_subject else (subject, subject_index)
            if preset:
                claim.category = preset[0] or category
                claim.subject = preset[1] if preset[1] != "unspecified" else subject  # "شهيدين من المدنيين"
            else:
                claim.category, claim.subject = category, subject
                if (category in lexicon.STATUS_CATEGORIES and subject == "unspecified"
                        and category_index is not None
                        and (category_index == mention.last + 1
                             or lexicon.is_status_noun(language, tokens[category_index].lower))):
                    claim.subject = "people"
            claim.span_first, claim.span_last = _span(claim, category_index, subject_index)
            claim.cumulative = cumulative
            found.append(claim)
        _share_across_coordination(found, tokens, text)
        return [claim for claim in found if claim.category is not None or claim.sub_count]

    def _to_claim(self, report: Mapping[str, Any], found: _Found, tokens: list[Token],
                  earlier: list[dict[str, Any]], offsets: list[int], text: str,
                  sentence: tuple[int, int], context: _SentenceContext) -> dict[str, Any]:
        report_id = report["report_id"]
        part_of = None
        category, subject = found.category, found.subject
        if found.sub_count:
            parent = _parent_claim(earlier, category)
            if parent is not None:
                part_of = parent["claim_id"]
                category = category or parent["category"]
                if subject == "unspecified":
                    subject = parent["subject"]
        first, last = tokens[found.span_first], tokens[found.span_last]
        place = _nearest_place(context.places, found) or context.earlier_place
        return {
            "claim_id": f"{report_id}-c{len(earlier) + 1}",
            "report_id": report_id,
            "language": report["language"],
            "sentence": text[offsets[sentence[0]]:_end_with_marks(text, offsets[sentence[1] - 1] + 1)].strip(),
            "char_start": offsets[first.start],
            "char_end": _end_with_marks(text, offsets[last.end - 1] + 1),
            "category": category or "other",
            "subject": subject if category not in {"strikes", "other"} else "unspecified",
            "value": found.value,
            "lower": found.lower,
            "upper": found.upper,
            "qualifier": found.qualifier,
            "location": place.name if place else None,
            "location_id": place.id if place else None,
            "event_date": None if found.cumulative else context.event_date,
            "attribution": context.attribution,
            "part_of": part_of,
            "cumulative": found.cumulative,
        }


def _earlier_place(sentences: list[list[Token]], places: dict[int, list[PlaceMention]],
                   language: str) -> Place | None:
    """The place named last in the sentences before the latest one, nearest first."""
    for index in range(len(sentences) - 2, -1, -1):
        if index not in places:
            places[index] = find_places(sentences[index], language)
        if places[index]:
            return _most_specific(places[index])
    return None


def _as_date(value: Any) -> dt.date | None:
    if value is None or (not isinstance(value, dt.date) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


PLACE_WINDOW = 8


# Finer places first: "in the town of Atarib in the Aleppo countryside" counts Atarib.
PLACE_LEVEL_RANK = {"place": 0, "subdistrict": 1, "district": 2, "governorate": 3, "region": 4}


def _most_specific(mentions: list[PlaceMention]) -> Place:
    return min(mentions, key=lambda m: PLACE_LEVEL_RANK.get(m.place.level, 5)).place


def _nearest_place(places: list[PlaceMention], claim: _Found) -> Place | None:
    """The place a count refers to: the finest of those named just after it ("27 killed in
    Jisr al-Shughur, Idlib"), else the finest of those before it, in the same sentence."""
    after = [m for m in places if claim.mention.last < m.first <= claim.mention.last + PLACE_WINDOW]
    if after:
        return _most_specific(after)
    before = [m for m in places if m.last < claim.mention.first]
    return _most_specific(before) if before else None


def _coordinated(text: str, tokens: list[Token], left: _Found, right: _Found) -> bool:
    """True when only the left count's subject and a conjunction or comma separate two counts."""
    between = tokens[left.span_last + 1:right.phrase_first]
    gap = text[tokens[left.span_last].end:tokens[right.phrase_first].start]
    after_right = right.mention.last + 1
    if after_right < len(tokens) and tokens[after_right].lower in lexicon.OTHERS_WORDS:
        return False  # "30 of them children, and hundreds more were treated": a new group
    return len(between) <= 1 and all(t.lower in lexicon.CONJUNCTIONS for t in between) and (
        bool(between) or gap.strip() in {",", "،"} or tokens[right.phrase_first].text.startswith("و"))


def _share_across_coordination(found: list[_Found], tokens: list[Token], text: str) -> None:
    """In "49 children and 34 women were killed" both counts are killed; in "بينهم ٥ أطفال
    و٦ نساء" both are sub-counts."""
    for left, right in zip(found, found[1:]):
        if left.sub_count and (_coordinated(text, tokens, left, right) or (
                _joined(tokens, right) and right.category is None and right.subject != "unspecified")):
            # "بينهم ٣٠ طفلا دون سن الثامنة عشرة و٢٠ مواطنة": the list goes on past a modifier
            right.sub_count = True
    for left, right in zip(found, found[1:]):
        joined = _joined(tokens, right)
        if (right.category is None and left.category in CASUALTY_CATEGORIES and not right.sub_count
                and right.subject != "unspecified" and joined):
            # "قتل ٢٧ مدنيا في جسر الشغور و٤٤ مقاتلا في تل مرديخ": one verb governs both counts.
            right.category = left.category
        after_right = right.mention.last + 1
        if (joined and not right.sub_count and right.subject == "unspecified" and left.category in CASUALTY_CATEGORIES
                and after_right < len(tokens) and tokens[after_right].lower in lexicon.PLACE_PREPOSITIONS
                and right.category in {None, left.category}):
            # "killed 45 civilians in Aleppo and 22 in Idlib": the second count repeats the first's words.
            right.category, right.subject = left.category, left.subject
    for left, right in zip(found, found[1:]):
        between = [token.lower for token in tokens[left.span_last + 1:right.phrase_first]]
        if left.category is None and between in (["were", "among"], ["was", "among"], ["among"]):
            # "At least four schoolchildren were among eight people killed"
            left.category = right.category
    for left, right in zip(found, found[1:]):
        if left.category is None and _of_the(tokens, left, right):
            # "at least 18 of the 31 trucks": the part counts what the whole counts
            left.category, left.subject = right.category, right.subject
    for left, right in zip(reversed(found[:-1]), reversed(found[1:])):
        if left.category is None and right.category and (
                _coordinated(text, tokens, left, right) or (right.sub_count and not left.sub_count)):
            # "At least 15 civilians including four children were killed": the total takes
            # the category its sub-count states.
            left.category = right.category


def _joined(tokens: list[Token], right: _Found) -> bool:
    """True when a conjunction opens the count: "and 22", "و٢٠", "و 20"."""
    return tokens[right.phrase_first].text.startswith("و") or (
        right.phrase_first > 0 and tokens[right.phrase_first - 1].lower in lexicon.CONJUNCTIONS)


def _of_the(tokens: list[Token], left: _Found, right: _Found) -> bool:
    """True for "18 of the 31": the left count is followed by "of the" and the right count."""
    words = [token.lower for token in tokens[left.mention.last + 1:right.phrase_first]]
    return words == ["of", "the"]


def _end_with_marks(text: str, end: int) -> int:
    """Extend a span end over the diacritics and tatweel that normalisation dropped."""
    while end < len(text) and is_dropped(text[end]):
        end += 1
    return end


@lru_cache(maxsize=65536)
def _dual_labels(word: str, language: str) -> tuple[str | None, str] | None:
    """(category, subject) of a dual noun that is itself a count of two: the listed ones
    ("قتيلان") and people nouns in the nominative dual ("صحافيان", "جنديان")."""
    for form in (word, word[1:] if word.startswith("و") else word):  # "وشهيدين"
        if form in lexicon.ARABIC_DUALS:
            return lexicon.ARABIC_DUALS[form]
    subject = _people_dual(word) if language == "ar" else None
    return (None, subject) if subject else None


def _people_dual(word: str) -> str | None:
    """The subject of "صحافيان" / "مسعفان": a singular people noun plus the dual ending ان.
    (The ين ending is left alone: it is also the sound plural, "مدنيين".)"""
    for ending in ("تان", "ان"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) >= 3 and not stem.startswith("ال"):
            subject = lexicon.lookup("subject", "ar", stem)
            if subject:
                return subject
    return None


@lru_cache(maxsize=65536)
def _is_object_dual(word: str) -> bool:
    """"دبابتين", "منزلين", "انفجارين": the dual of an object or strike noun (a count of two)."""
    for ending in lexicon.ARABIC_DUAL_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 2:
            stem = word[: -len(ending)]
            for candidate in (stem, stem + "ه"):
                if lexicon.lookup("category", "ar", candidate) in {"other", "strikes"} \
                        and lexicon.lookup("category", "ar", candidate + "ات") is not None:
                    return True
    return False


def _dual_category(word: str) -> str | None:
    for ending in lexicon.ARABIC_DUAL_ENDINGS:
        if word.endswith(ending):
            for candidate in (word[: -len(ending)], word[: -len(ending)] + "ه"):
                category = lexicon.lookup("category", "ar", candidate)
                if category:
                    return category
    return None


def _with_duals(mentions: list[NumberMention], tokens: list[Token]) -> list[NumberMention]:
    """Add Arabic dual nouns (قتيلان، دبابتين) as counts of two, unless a number stands before them."""
    taken = {index for mention in mentions for index in range(mention.first, mention.last + 1)}
    duals = [NumberMention(index, index, 2.0, 2.0, 2.0)
             for index, token in enumerate(tokens)
             if (_dual_labels(token.lower, "ar") or _is_object_dual(token.lower))
             and index not in taken and index - 1 not in taken]
    return sorted(mentions + duals, key=lambda mention: mention.first)


def _between(text: str, tokens: list[Token], left: int, right: int) -> str:
    return text[tokens[left].end:tokens[right].start]


def _merge_ranges(mentions: list[NumberMention], tokens: list[Token], text: str) -> list[NumberMention]:
    """Join "between 10 and 15", "10 to 15", "10-15" and "بين 10 و15" into one range mention."""
    merged: list[NumberMention] = []
    for mention in mentions:
        if merged and not mention.vague and not merged[-1].vague:
            previous = merged[-1]
            gap = _between(text, tokens, previous.last, mention.first).strip().lower()
            joined_by_word = mention.first == previous.last + 2 and tokens[previous.last + 1].lower in lexicon.RANGE_JOIN
            attached_waw = mention.first == previous.last + 1 and gap == "" and tokens[mention.first].text.startswith("و")
            opened = previous.first > 0 and tokens[previous.first - 1].lower in lexicon.RANGE_START
            dash = mention.first == previous.last + 1 and gap in {"-", "–", "—"}
            to_word = joined_by_word and tokens[previous.last + 1].lower in {"to", "الي"}
            if (opened and (joined_by_word or attached_waw)) or dash or to_word:
                if previous.value is not None and mention.value is not None and previous.value < mention.value:
                    merged[-1] = NumberMention(previous.first, mention.last, None, previous.value, mention.value)
                    continue
        merged.append(mention)
    return merged


def _is_count(mention: NumberMention, tokens: list[Token], text: str, language: str) -> bool:
    """False for numbers that are dates, years, times, ages, money, measures or names."""
    before = tokens[mention.first - 1].lower if mention.first > 0 else ""
    after = tokens[mention.last + 1].lower if mention.last + 1 < len(tokens) else ""
    if lexicon.is_not_count_after(after) or lexicon.is_not_count_before(before):
        return False
    if before in lexicon.RANGE_START | {"from", "of"} and mention.first > 1 and lexicon.is_not_count_before(
            tokens[mention.first - 2].lower):
        return False  # "aged from four to 10", "aged between 5 and 8", "under the age of ten"
    if lexicon.is_month(before) or lexicon.is_month(after):
        return False
    if lexicon.ARABIC_ORDINAL.fullmatch(before):
        return False  # "الثامنة عشرة": the second word of an ordinal
    if before in lexicon.DAY_WORDS and (after.startswith("لل") or after in {"of", "من"}):
        return False  # "day 114 of the war", "اليوم 114 للحرب": an ordinal
    if after in {"من", "of"} and mention.value == 1 and tokens[mention.first].lower in lexicon.ONE_WORDS:
        return False  # "واحدا من رجالاته": one of
    following = " " + " ".join(t.lower for t in tokens[mention.last + 1:mention.last + 6]) + " "
    if any(f" {rate} " in following for rate in lexicon.RATE_PHRASES):
        return False  # "10 رهائن إضافيين كل يوم": a rate, not a count of the event
    unit_before = {t.lower for t in tokens[max(0, mention.first - 2):mention.first]}
    if unit_before & lexicon.UNIT_WORDS and not (lexicon.lookup("subject", language, after)
                                                 or lexicon.lookup("category", language, after)):
        return False  # "كتيبة الاتصالات 481": a unit's number
    first, last = tokens[mention.first], tokens[mention.last]
    if _TIME_AFTER.match(text, last.end):
        return False  # "7 a.m."
    if first.start > 1 and text[first.start - 1] == "-" and text[first.start - 2].isalpha():
        return False  # "MiG-23", "F-16": a model name
    if _quoted_name(text, first.start, last.end):
        return False  # "قذيفة «الياسين 105»": a weapon's or model's name
    neighbourhood = text[max(0, first.start - 1):first.start] + text[last.end:last.end + 1]
    if ":" in neighbourhood or "/" in neighbourhood:
        return False  # times (10:30) and numeric dates (25/09)
    if mention.value is not None and first is last and first.text.isdigit():
        if len(first.text) >= 7:
            return False  # phone numbers and identifiers
        if before == "at" and len(first.text) == 4 and int(first.text[:2]) < 24 and int(first.text[2:]) < 60 \
                and not lexicon.lookup("subject", language, after):
            return False  # "at 1459": a time
        if 1900 <= mention.value <= 2099 and len(first.text) == 4:
            names_count = lexicon.lookup("subject", language, after) or lexicon.lookup("category", language, after)
            after_day = before.isdigit() and 1 <= int(before) <= 31
            if before in lexicon.YEAR_BEFORE or after_day or not names_count:
                return False
    return True


_TIME_AFTER = re.compile(r"\s*[ap]\.m\.?|\s*[ap]m\b", re.IGNORECASE)


def _quoted_name(text: str, start: int, end: int) -> bool:
    """True when the number ends a quoted name: a closing quote follows it and the quote
    opened on a word just before it («الياسين 105», "Tiger 2")."""
    closing = text[end:end + 1]
    opening = {"»": "«", "”": "“", '"': '"'}.get(closing)
    if opening is None:
        return False
    before = text[max(0, start - 30):start]
    return opening in before and before.rsplit(opening, 1)[1].strip() != ""


def _ends_with_phrase(words: list[str], phrases: list[str]) -> int:
    """Number of trailing words that form one of ``phrases`` (0 if none)."""
    best = 0
    for parts in _split_phrases(tuple(phrases)):
        if len(parts) <= len(words) and words[len(words) - len(parts):] == parts:
            best = max(best, len(parts))
    return best


@lru_cache(maxsize=64)
def _split_phrases(phrases: tuple[str, ...]) -> list[list[str]]:
    return [phrase.split() for phrase in phrases]


def _strip_clitic(word: str) -> str:
    return word[1:] if len(word) > 3 and word[0] in "وبل" else word


def _qualify(mention: NumberMention, tokens: list[Token]) -> _Found:
    """Qualifier and bounds from the words around the number (see the claims contract)."""
    value, lower, upper = mention.value, mention.lower, mention.upper
    if mention.vague:
        return _Found(mention, "vague", None, lower, upper, mention.first, mention.last)
    if value is None:
        opened = mention.first > 0 and tokens[mention.first - 1].lower in lexicon.RANGE_START
        return _Found(mention, "range", None, lower, upper, mention.first - opened, mention.last)
    number_start = mention.first
    if number_start > 0 and tokens[number_start - 1].lower == "ال":
        number_start -= 1  # "اجتاز الـ 600 ألف": the article written apart from the digits
    preceding = [word if word in lexicon.QUALIFIER_WORDS else _strip_clitic(word)
                 for word in (token.lower for token in tokens[max(0, number_start - 4):number_start])]
    for qualifier, phrases in lexicon.QUALIFIERS_BEFORE.items():
        width = _ends_with_phrase(preceding, phrases)
        if width:
            first = number_start - width
            if qualifier == "at_least":
                return _Found(mention, "at_least", value, value, None, first, mention.last)
            if qualifier == "more_than":
                return _Found(mention, "at_least", value, value + 1, None, first, mention.last)
            if qualifier == "approx":
                return _Found(mention, "approx", value, None, None, first, mention.last)
            if qualifier == "at_most":
                return _Found(mention, "at_most", value, None, value, first, mention.last)
            return _Found(mention, "at_most", value, None, value - 1, first, mention.last)
    phrase_end = mention.last + 1
    while phrase_end < min(len(tokens), mention.last + 5) and tokens[phrase_end].lower not in lexicon.SUB_COUNT_OPENERS:
        phrase_end += 1  # "16 civilians including at least one child": that "at least" is the child's
    following = " ".join(token.lower for token in tokens[mention.last + 1:phrase_end])
    for qualifier, phrases in lexicon.QUALIFIERS_AFTER.items():
        if any(f" {phrase}" in f" {following}" for phrase in phrases):
            if qualifier == "at_least":
                return _Found(mention, "at_least", value, value, None, mention.first, mention.last)
            return _Found(mention, "approx", value, None, None, mention.first, mention.last)
    return _Found(mention, "exact", value, value, value, mention.first, mention.last)


def _is_sub_count(tokens: list[Token], span_first: int, last: int) -> bool:
    """True for "including 27", "among them 9", "بينهم 14", "وبينهم 14" and "20 of them"."""
    preceding = [token.lower for token in tokens[max(0, span_first - 3):span_first]]
    variants = [preceding]
    if preceding and preceding[-1].startswith("و"):
        variants.append(preceding[:-1] + [preceding[-1][1:]])
    if any(_ends_with_phrase(words, lexicon.PART_OF_PHRASES) for words in variants):
        return True
    following = [token.lower for token in tokens[last + 1:last + 3]]
    return following[:2] in (["of", "them"], ["of", "whom"]) or following[:1] in (["منهم"], ["منهن"])


def _names_thing(tokens: list[Token], mention: NumberMention, language: str) -> bool:
    """True when the noun the count qualifies is a strike or a thing ("4 آليات إسرائيلية",
    "الآلاف من المباني"), whatever person words follow."""
    index = mention.last + 1
    while index < len(tokens) and tokens[index].lower in {"من", "of", "the"}:
        index += 1
    return index < len(tokens) and index <= mention.last + OTHER_WINDOW and lexicon.lookup(
        "category", language, tokens[index].lower) in THING_CATEGORIES


def _noun_before_one(tokens: list[Token], mention: NumberMention, language: str) -> int | None:
    """Index of the noun that an Arabic "واحد"/"واحدة" follows ("غارة واحدة"), if any."""
    if language != "ar" or mention.first != mention.last or mention.first == 0 \
            or tokens[mention.first].lower not in lexicon.ONE_WORDS:
        return None
    noun = tokens[mention.first - 1].lower
    known = lexicon.lookup("category", language, noun) or lexicon.lookup("subject", language, noun)
    return mention.first - 1 if known else None


def _category(tokens: list[Token], mention: NumberMention, previous_end: int, next_start: int,
              text: str, language: str, count_starts: dict[int, int],
              person: bool = False, phrase_first: int | None = None) -> tuple[str | None, int | None]:
    """The nearest category word around the number, with the clause penalty.

    A count of persons ("9 civilians") is never of strikes or things, so those words are passed over.

    A word that governs a later count ("... and wounded 22", "وجرح 10") is not this count's;
    after "others"/"more" ("and six others were injured") the category comes after the count.
    """
    candidates: list[tuple[float, int, str]] = []
    phrase_first = mention.first if phrase_first is None else phrase_first
    toll = _toll_category(tokens, mention, language)
    if toll:
        candidates.append((1.5, mention.first - 1, toll))
    after_count = mention.last + 1
    if after_count + 1 < len(tokens) and tokens[after_count].lower == "of":
        after_count += 1  # "scores of others injured"
    new_group = after_count < len(tokens) and tokens[after_count].lower in lexicon.OTHERS_WORDS
    window = AFTER_WINDOW + (OTHERS_EXTRA_WINDOW if new_group else 0)
    status_noun_after = False
    for index in range(mention.last + 1, min(next_start, mention.last + 1 + window)):
        if _opens_sentence(tokens[index], language):
            break
        category = lexicon.lookup("category", language, tokens[index].lower)
        if category == "other" and index > mention.last + OTHER_WINDOW:
            continue
        if person and category in THING_CATEGORIES:
            continue
        if category and _governs_next_count(tokens, index, text, language, count_starts):
            break
        if category:
            distance = index - mention.last + CLAUSE_PENALTY * _clause_breaks(text, tokens, mention.last, index)
            if index > 0 and tokens[index - 1].lower in lexicon.AUXILIARIES:
                distance -= 1.5  # "two others were injured": the passive names this count's category
            elif any(t.lower in lexicon.CONJUNCTIONS for t in tokens[mention.last + 1:index]):
                distance += 2  # "killed 280,000 people and displaced millions"
            tie_break = 0.5 if language == "ar" else 0.0
            if language == "en" and index + 1 < len(tokens) and lexicon.lookup("subject", language, tokens[index + 1].lower):
                # "killed 26 displaced people", "six injured civilians ... died": an adjective;
                # a verb further on or before the count says more
                candidates.append((distance + tie_break + ADJECTIVE_PENALTY, index, category))
                continue
            status_noun_after = index == mention.last + 1 and lexicon.is_status_noun(language, tokens[index].lower)
            candidates.append((distance + tie_break, index, category))
            break
    for index in range(mention.first - 1, max(previous_end, mention.first - 1 - BEFORE_WINDOW), -1):
        category = lexicon.lookup("category", language, tokens[index].lower)
        if category == "other" or (person and category in THING_CATEGORIES):
            continue  # "other" things are named by the noun the count qualifies
        if category is None and _opens_sentence(tokens[index], language):
            break
        if category:
            # measured from the qualifier: "killed at least 26" is as near as "killed 26"
            start = phrase_first if index < phrase_first else mention.first
            distance = start - index + CLAUSE_PENALTY * _clause_breaks(text, tokens, index, mention.first)
            attached_and = language == "ar" and tokens[mention.first].text.startswith("و")
            if attached_and or any(t.lower in lexicon.CONJUNCTIONS for t in tokens[index + 1:mention.first]):
                distance += 2 + (OTHERS_PENALTY if new_group else 0)  # "a child was killed and two others were injured"
            tie_break = 0.0 if language == "ar" else 0.5
            if status_noun_after and all(t.lower in lexicon.QUALIFIER_WORDS for t in tokens[index + 1:mention.first]):
                tie_break -= 1  # "executed 15 detainees": the verb says what happened to them
            candidates.append((distance + tie_break, index, category))
            break
    if not candidates:
        return None, None
    _distance, index, category = min(candidates)
    return category, index


def _governs_next_count(tokens: list[Token], index: int, text: str, language: str,
                        count_starts: dict[int, int]) -> bool:
    """True when the category word at ``index`` is followed directly (no punctuation) by another
    count, with its qualifier, that names no category of its own: "injuring 4 others", "and
    wounded at least 22", "وجرح 10" (but not the headline "2 Killed 9 Injured")."""
    following = index + 1
    if following not in count_starts or text[tokens[index].end:tokens[following].start].strip():
        return False
    before = [token.lower for token in tokens[max(0, index - 2):index]]
    if before and (before[-1] in lexicon.AUXILIARIES or (
            len(before) == 2 and before[-1].endswith("ly") and before[0] in lexicon.AUXILIARIES)):
        return False  # "were killed a woman among them", "were summarily executed 19 more": passives take no object
    after = count_starts[following] + 1
    for word in tokens[after:after + 3]:
        if lexicon.lookup("category", language, word.lower):
            return False
        if not (lexicon.lookup("subject", language, word.lower) or word.lower in lexicon.OTHERS_WORDS
                or word.lower in lexicon.AUXILIARIES):
            break
    return True


def _opens_sentence(token: Token, language: str) -> bool:
    """A capitalised English function word: a sentence starts here even without a full stop."""
    return language == "en" and token.text[:1].isupper() and token.lower in lexicon.SENTENCE_OPENERS


def _toll_category(tokens: list[Token], mention: NumberMention, language: str) -> str | None:
    """The category of a tally: "the death toll rose to 45" (killed), "ارتفع عدد القتلى ... إلى
    25490" (killed), "the number of ... abducted stands at 220" (detained)."""
    before = [token.lower for token in tokens[max(0, mention.first - 2):mention.first]]
    if not before or before[-1] not in lexicon.TOLL_VERBS:
        return None
    for index in range(mention.first - 1, max(-1, mention.first - 26), -1):
        word = tokens[index].lower
        is_toll = word in lexicon.TOLL_WORDS or word.endswith("حصيله")
        if not is_toll and word not in lexicon.NUMBER_OF_WORDS:
            continue
        for following in tokens[index + 1:mention.first]:
            category = lexicon.lookup("category", language, following.lower)
            if category in CASUALTY_CATEGORIES:
                return category
            if category:
                break
        if is_toll:
            return "killed"
    return None


def _is_cumulative(tokens: list[Token]) -> bool:
    """A sentence that counts over a period or a whole war ("since 2011", "so far", "منذ اندلاع")."""
    words = [token.lower for token in tokens]
    joined = " " + " ".join(words) + " "
    if any(f" {phrase} " in joined for phrase in lexicon.CUMULATIVE_PHRASES):
        return True
    if lexicon.WAR_TOLL.search(joined):
        return True
    for index, word in enumerate(words):
        if word in lexicon.CUMULATIVE_SINCE:
            following = tokens[index + 1:index + 6]
            if any((t.text.isdigit() and len(t.text) == 4 and t.text[:2] in {"19", "20"})
                   or t.lower in lexicon.CUMULATIVE_SINCE_WORDS for t in following):
                return True
    return False


def _clause_breaks(text: str, tokens: list[Token], left: int, right: int) -> int:
    between = text[tokens[left].end:tokens[right].start]
    return sum(between.count(mark) for mark in ",;،؛")


def _subject(tokens: list[Token], mention: NumberMention, next_start: int, text: str,
             language: str) -> tuple[str, int | None]:
    """The subject named right after the count, before a comma or a new phrase begins.

    An English noun phrase ends in its head ("23 ISIS militants"); police officers are
    people (docs/annotation.md); a mixed group ("النساء والأطفال", "men and boys") is people.
    """
    end = min(next_start, mention.last + 1 + SUBJECT_WINDOW)
    for index in range(mention.last + 1, end):
        word = tokens[index].lower
        if word in lexicon.SUBJECT_STOP or _clause_breaks(text, tokens, index - 1, index):
            break
        subject = lexicon.lookup("subject", language, word)
        if not subject:
            continue
        phrase_start, following = index, index + 1
        if language == "en":
            while following < len(tokens) and lexicon.lookup("subject", language, tokens[following].lower):
                index, following = following, following + 1
                subject = lexicon.lookup("subject", language, tokens[index].lower)
        police_at = following + (following < len(tokens) and tokens[following].lower in {"من", "of"})
        if police_at < len(tokens) and tokens[police_at].lower in lexicon.POLICE_WORDS:
            return "people", police_at  # "ضباط شرطة", "٣ عناصر من الشرطة"
        if subject == "fighters" and any(token.lower in lexicon.STATE_FORCES
                                         for token in tokens[following:following + 6]):
            return "soldiers", index  # "4 عناصر من قوات النظام", "170 members of government forces"
        if any(token.lower in lexicon.POLICE_WORDS for token in tokens[phrase_start:following]):
            return "people", index
        if subject != "people" and _mixed_group(tokens, following, subject, language):
            return "people", following + (tokens[following].lower in lexicon.CONJUNCTIONS)
        return subject, index
    after = mention.last + 1
    if after < len(tokens) and lexicon.is_status_noun(language, tokens[after].lower):
        return "people", after  # "executed 15 detainees": people named by their status
    if language == "ar" and mention.first >= 2 and tokens[mention.first - 1].lower == "ال":
        # "لراكبيها الـ 47": the noun stands before the number
        subject = lexicon.lookup("subject", language, tokens[mention.first - 2].lower)
        if subject:
            return subject, mention.first - 2
    return "unspecified", None


def _mixed_group(tokens: list[Token], following: int, subject: str, language: str) -> bool:
    """True for "women and children", "رجل وصبي": the subject is joined to another kind of person."""
    if following >= len(tokens):
        return False
    word = tokens[following].lower
    if word in lexicon.CONJUNCTIONS and following + 1 < len(tokens):
        other = lexicon.lookup("subject", language, tokens[following + 1].lower)
    elif language == "ar" and word.startswith("و"):
        other = lexicon.lookup("subject", language, word)
    else:
        return False
    return other is not None and other != subject and {subject, other} <= lexicon.NON_COMBATANTS


def _span(claim: _Found, category_index: int | None, subject_index: int | None) -> tuple[int, int]:
    """Token span of the claim: qualifier, number, and the words that say what was counted."""
    first, last = claim.span_first, claim.span_last
    for index in (category_index, subject_index):
        if index is not None and claim.mention.first - 2 <= index < claim.mention.first:
            first = min(first, index)
    for index in (category_index, subject_index):
        if index is not None and claim.mention.last < index <= claim.mention.last + SUBJECT_WINDOW:
            last = max(last, index)
    return first, last


CASUALTY_CATEGORIES = ("killed", "injured", "missing", "detained", "displaced")
THING_CATEGORIES = ("strikes", "other")


def _parent_claim(earlier: list[dict[str, Any]], category: str | None) -> dict[str, Any] | None:
    """The total a sub-count belongs to: the latest top-level claim of its category or,
    when the sub-count names none, the latest top-level casualty claim, preferring
    claims with a point value ("45 killed") over vague ones ("dozens wounded")."""
    wanted = (category,) if category else CASUALTY_CATEGORIES
    candidates = [claim for claim in earlier if claim["part_of"] is None and claim["category"] in wanted]
    precise = [claim for claim in candidates if claim["value"] is not None]
    if precise:
        return precise[-1]
    return candidates[-1] if candidates else None
