"""The rule-and-lexicon extractor: counted claims (quantity, category, subject,
qualifier, sub-count structure) in Arabic and English reports.

It reads the normalised text (see :mod:`toolkit.ingest.arabic`) and maps every
span back to the original text, so ``char_start``/``char_end`` index the
report's ``text`` as it was given.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from toolkit.extract import lexicon
from toolkit.extract.attribution import attribution_for
from toolkit.extract.dates import resolve_event_date
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


@dataclass(frozen=True)
class _SentenceContext:
    """What a sentence says about all of its counts: places, date, who gives them."""

    places: list[PlaceMention]
    event_date: dt.date | None
    attribution: str | None


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
        for sentence_start, sentence_end in sentence_spans(normalised):
            tokens = tokenize(normalised[sentence_start:sentence_end], offset=sentence_start)
            found_claims = self._sentence_claims(normalised, tokens, language)
            if not found_claims:
                continue
            context = _SentenceContext(
                places=find_places(tokens, language),
                event_date=resolve_event_date(tokens, normalised[sentence_start:sentence_end], published),
                attribution=attribution_for(tokens, normalised, language))
            for found in found_claims:
                claims.append(self._to_claim(report, found, tokens, claims, offsets,
                                             text, (sentence_start, sentence_end), context))
        return claims

    def extract(self, reports: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [claim for report in reports for claim in self.extract_report(report)]

    # -- one sentence -------------------------------------------------------------------

    def _sentence_claims(self, text: str, tokens: list[Token], language: str) -> list[_Found]:
        mentions = _with_duals(find_numbers(tokens, self.vague_bounds), tokens)
        mentions = _merge_ranges(mentions, tokens, text)
        cumulative = _is_cumulative(tokens)
        found: list[_Found] = []
        for position, mention in enumerate(mentions):
            if not _is_count(mention, tokens, text, language):
                continue
            claim = _qualify(mention, tokens)
            previous_end = mentions[position - 1].last if position else -1
            next_start = mentions[position + 1].first if position + 1 < len(mentions) else len(tokens)
            claim.sub_count = _is_sub_count(tokens, claim.span_first, mention.last)
            preset = lexicon.ARABIC_DUALS.get(tokens[mention.first].lower) if mention.first == mention.last else None
            if claim.sub_count:
                # A sub-count names its own category only right after it ("including 9 dead").
                next_start = min(next_start, mention.last + 1 + SUBJECT_WINDOW)
                previous_end = mention.first - 1
            category, category_index = _category(tokens, mention, previous_end, next_start, text, language)
            if category is None and mention.first == mention.last and _is_object_dual(tokens[mention.first].lower):
                category, category_index = _dual_category(tokens[mention.first].lower), mention.first
            subject, subject_index = _subject(tokens, mention, next_start, text, language)
            if preset:
                claim.category = preset[0] or category
                claim.subject = preset[1]
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
        place = _nearest_place(context.places, found)
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


def _nearest_place(places: list[PlaceMention], claim: _Found) -> Any:
    """The place a count refers to: the first one named after it ("27 killed in Jisr
    al-Shughur"), else the nearest one before it, in the same sentence."""
    after = [m for m in places if claim.mention.last < m.first <= claim.mention.last + PLACE_WINDOW]
    if after:
        return after[0].place
    before = [m for m in places if m.last < claim.mention.first]
    return before[-1].place if before else None


def _coordinated(text: str, tokens: list[Token], left: _Found, right: _Found) -> bool:
    """True when only the left count's subject and a conjunction or comma separate two counts."""
    between = tokens[left.span_last + 1:right.span_first]
    gap = text[tokens[left.span_last].end:tokens[right.span_first].start]
    after_right = right.mention.last + 1
    if after_right < len(tokens) and tokens[after_right].lower in lexicon.OTHERS_WORDS:
        return False  # "30 of them children, and hundreds more were treated": a new group
    return len(between) <= 1 and all(t.lower in lexicon.CONJUNCTIONS for t in between) and (
        bool(between) or gap.strip() in {",", "،"} or tokens[right.span_first].text.startswith("و"))


def _share_across_coordination(found: list[_Found], tokens: list[Token], text: str) -> None:
    """In "49 children and 34 women were killed" both counts are killed; in "بينهم ٥ أطفال
    و٦ نساء" both are sub-counts."""
    for left, right in zip(found, found[1:]):
        if left.sub_count and _coordinated(text, tokens, left, right):
            right.sub_count = True
    for left, right in zip(found, found[1:]):
        joined = tokens[right.span_first].text.startswith("و") or (
            right.span_first > 0 and tokens[right.span_first - 1].lower in lexicon.CONJUNCTIONS)
        if (right.category is None and left.category in CASUALTY_CATEGORIES and not right.sub_count
                and right.subject != "unspecified" and joined):
            # "قتل ٢٧ مدنيا في جسر الشغور و٤٤ مقاتلا في تل مرديخ": one verb governs both counts.
            right.category = left.category
    for left, right in zip(reversed(found[:-1]), reversed(found[1:])):
        if left.category is None and right.category and (
                _coordinated(text, tokens, left, right) or (right.sub_count and not left.sub_count)):
            # "At least 15 civilians including four children were killed": the total takes
            # the category its sub-count states.
            left.category = right.category


def _end_with_marks(text: str, end: int) -> int:
    """Extend a span end over the diacritics and tatweel that normalisation dropped."""
    while end < len(text) and is_dropped(text[end]):
        end += 1
    return end


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
             if (token.lower in lexicon.ARABIC_DUALS or _is_object_dual(token.lower))
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
    if lexicon.is_month(before) or lexicon.is_month(after):
        return False
    first, last = tokens[mention.first], tokens[mention.last]
    neighbourhood = text[max(0, first.start - 1):first.start] + text[last.end:last.end + 1]
    if ":" in neighbourhood or "/" in neighbourhood:
        return False  # times (10:30) and numeric dates (25/09)
    if mention.value is not None and first is last and first.text.isdigit():
        if len(first.text) >= 7:
            return False  # phone numbers and identifiers
        if 1900 <= mention.value <= 2099 and len(first.text) == 4:
            names_count = lexicon.lookup("subject", language, after) or lexicon.lookup("category", language, after)
            after_day = before.isdigit() and 1 <= int(before) <= 31
            if before in lexicon.YEAR_BEFORE or after_day or not names_count:
                return False
    return True


def _ends_with_phrase(words: list[str], phrases: list[str]) -> int:
    """Number of trailing words that form one of ``phrases`` (0 if none)."""
    best = 0
    for phrase in phrases:
        parts = phrase.split()
        if len(parts) <= len(words) and words[len(words) - len(parts):] == parts:
            best = max(best, len(parts))
    return best


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
    preceding = [token.lower for token in tokens[max(0, mention.first - 4):mention.first]]
    if preceding:
        preceding[-1] = _strip_clitic(preceding[-1])
    for qualifier, phrases in lexicon.QUALIFIERS_BEFORE.items():
        width = _ends_with_phrase(preceding, phrases)
        if width:
            first = mention.first - width
            if qualifier == "at_least":
                return _Found(mention, "at_least", value, value, None, first, mention.last)
            if qualifier == "more_than":
                return _Found(mention, "at_least", value, value + 1, None, first, mention.last)
            if qualifier == "approx":
                return _Found(mention, "approx", value, None, None, first, mention.last)
            if qualifier == "at_most":
                return _Found(mention, "at_most", value, None, value, first, mention.last)
            return _Found(mention, "at_most", value, None, value - 1, first, mention.last)
    following = " ".join(token.lower for token in tokens[mention.last + 1:mention.last + 5])
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


def _category(tokens: list[Token], mention: NumberMention, previous_end: int, next_start: int,
              text: str, language: str) -> tuple[str | None, int | None]:
    """The nearest category word around the number, with the clause penalty."""
    candidates: list[tuple[float, int, str]] = []
    if _after_toll_verb(tokens, mention):
        candidates.append((1.5, mention.first - 1, "killed"))
    for index in range(mention.last + 1, min(next_start, mention.last + 1 + AFTER_WINDOW)):
        if _opens_sentence(tokens[index], language):
            break
        category = lexicon.lookup("category", language, tokens[index].lower)
        if category == "other" and index > mention.last + OTHER_WINDOW:
            continue
        if category:
            distance = index - mention.last + CLAUSE_PENALTY * _clause_breaks(text, tokens, mention.last, index)
            if index > 0 and tokens[index - 1].lower in lexicon.AUXILIARIES:
                distance -= 1.5  # "two others were injured": the passive names this count's category
            elif any(t.lower in lexicon.CONJUNCTIONS for t in tokens[mention.last + 1:index]):
                distance += 2  # "killed 280,000 people and displaced millions"
            tie_break = 0.5 if language == "ar" else 0.0
            candidates.append((distance + tie_break, index, category))
            break
    for index in range(mention.first - 1, max(previous_end, mention.first - 1 - BEFORE_WINDOW), -1):
        category = lexicon.lookup("category", language, tokens[index].lower)
        if category == "other":
            continue  # "other" things are named by the noun the count qualifies
        if category is None and _opens_sentence(tokens[index], language):
            break
        if category:
            distance = mention.first - index + CLAUSE_PENALTY * _clause_breaks(text, tokens, index, mention.first)
            if any(t.lower in lexicon.CONJUNCTIONS for t in tokens[index + 1:mention.first]):
                distance += 2  # "a child was killed and two others were injured"
            tie_break = 0.0 if language == "ar" else 0.5
            candidates.append((distance + tie_break, index, category))
            break
    if not candidates:
        return None, None
    _distance, index, category = min(candidates)
    return category, index


def _opens_sentence(token: Token, language: str) -> bool:
    """A capitalised English function word: a sentence starts here even without a full stop."""
    return language == "en" and token.text[:1].isupper() and token.lower in lexicon.SENTENCE_OPENERS


def _after_toll_verb(tokens: list[Token], mention: NumberMention) -> bool:
    """"the death toll rose to 45", "ارتفعت حصيلة ... إلى 45": the count is of the killed."""
    before = [token.lower for token in tokens[max(0, mention.first - 2):mention.first]]
    if not before or before[-1] not in lexicon.TOLL_VERBS:
        return False
    earlier = [token.lower for token in tokens[max(0, mention.first - 25):mention.first]]
    return any(word in lexicon.TOLL_WORDS or word.endswith("حصيله") for word in earlier)


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
        if following < len(tokens) and tokens[following].lower in lexicon.POLICE_WORDS:
            return "people", following
        if any(token.lower in lexicon.POLICE_WORDS for token in tokens[phrase_start:following]):
            return "people", index
        if subject != "people" and _mixed_group(tokens, following, subject, language):
            return "people", following + (tokens[following].lower in lexicon.CONJUNCTIONS)
        return subject, index
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
    return other is not None and other != subject


def _span(claim: _Found, category_index: int | None, subject_index: int | None) -> tuple[int, int]:
    """Token span of the claim: qualifier, number, and the words that say what was counted."""
    first, last = claim.span_first, claim.span_last
    if category_index is not None and claim.mention.first - 2 <= category_index < claim.mention.first:
        first = min(first, category_index)
    for index in (category_index, subject_index):
        if index is not None and claim.mention.last < index <= claim.mention.last + SUBJECT_WINDOW:
            last = max(last, index)
    return first, last


CASUALTY_CATEGORIES = ("killed", "injured", "missing", "detained", "displaced")


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
