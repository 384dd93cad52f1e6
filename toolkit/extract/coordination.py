"""Counts that share words across a coordination: "49 children and 34 women were killed",
"بينهم ٥ أطفال و٦ نساء", "killed 45 civilians in Aleppo and 22 in Idlib"."""

from __future__ import annotations

from toolkit.extract import lexicon
from toolkit.extract.count_phrase import CountPhrase
from toolkit.extract.tokens import Token


# The words of a count's noun phrase ("من قادة الحزب") that may stand before the next count of a list.
LIST_NOUN_WORDS = 3


def _coordinated(text: str, tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True when only the left count's subject and a conjunction or comma separate two counts."""
    between = tokens[left.span_last + 1:right.phrase_first]
    gap = text[tokens[left.span_last].end:tokens[right.phrase_first].start]
    after_right = right.mention.last + 1
    if after_right < len(tokens) and tokens[after_right].lower in lexicon.OTHERS_WORDS:
        return False  # "30 of them children, and hundreds more were treated": a new group
    return len(between) <= 1 and all(t.lower in lexicon.CONJUNCTIONS for t in between) and (
        bool(between) or gap.strip() in {",", "،"} or tokens[right.phrase_first].text.startswith("و"))


def _listed_before_verb(text: str, tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True for "أربعة من قادة الحزب ونحو 30 متمردة كردية قتلوا": Arabic counts listed with "و",
    the left one's noun phrase running on before it, and a plural verb after the list."""
    between = tokens[left.span_last + 1:right.phrase_first]
    gap = text[tokens[left.span_last].end:tokens[right.phrase_first].start]
    return (right.category in lexicon.CASUALTY_CATEGORIES and tokens[right.phrase_first].text.startswith("و")
            and right.span_last > right.mention.last + 1 and tokens[right.span_last].lower.endswith(("وا", "ون"))
            and len(between) <= LIST_NOUN_WORDS and not any(mark in gap for mark in ",;،؛.")
            and not any(lexicon.lookup("category", "ar", t.lower) or t.text[:1].isdigit() for t in between))


def share_across_coordination(found: list[CountPhrase], tokens: list[Token], text: str) -> None:
    """In "49 children and 34 women were killed" both counts are killed; in "بينهم ٥ أطفال
    و٦ نساء" both are sub-counts."""
    for left, right in zip(found, found[1:]):
        if left.sub_count and (_coordinated(text, tokens, left, right) or (
                _conjoined(tokens, right) and right.category is None and right.subject != "unspecified")):
            # "بينهم ٣٠ طفلا دون سن الثامنة عشرة و٢٠ مواطنة": the list goes on past a modifier
            right.sub_count = True
    for position, (left, right) in enumerate(zip(found, found[1:])):
        joined = _joined(tokens, right)
        governing = next((claim.category for claim in reversed(found[:position + 1]) if not claim.sub_count), None)
        if (right.category is None and governing in lexicon.CASUALTY_CATEGORIES and not right.sub_count
                and right.subject != "unspecified" and joined):
            # "قتل ٢٧ مدنيا في جسر الشغور و٤٤ مقاتلا في تل مرديخ", "قتل 3 مدنيين بينهم طفلان، فضلا عن 5
            # مسلحين": one verb governs both totals, past the first one's parts.
            right.category = governing
        after_right = right.mention.last + 1
        if (joined and not right.sub_count and right.subject == "unspecified" and left.category in lexicon.CASUALTY_CATEGORIES
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
        if (left.subject == "unspecified" and right.subject != "unspecified" and left.category
                and not left.sub_count and not right.sub_count
                and (_elided_noun(tokens, left, right) or _outcomes_of_one_group(tokens, left, right))):
            # "استشهاد 15 وإصابة 33 من رجال الأمن": both counts are of the people named last
            left.subject = right.subject
    for left, right in zip(reversed(found[:-1]), reversed(found[1:])):
        if left.category is None and right.category and (
                _coordinated(text, tokens, left, right) or (right.sub_count and not left.sub_count)
                or _listed_before_verb(text, tokens, left, right)):
            # "At least 15 civilians including four children were killed": the total takes
            # the category its sub-count states.
            left.category = right.category


def _elided_noun(tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True when the left count is followed at once by the right count's conjoined category word,
    "مقتل 3 وإصابة 5 أشخاص": the left count names no noun of its own."""
    following = left.mention.last + 1
    word = tokens[following].lower
    return (right.phrase_first == following + 1 and word.startswith("و")
            and lexicon.lookup("category", "ar", word[1:]) is not None)


def _outcomes_of_one_group(tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True for "6 قتلى و9 جرحى في صفوف الجيش": two Arabic counts of outcome words joined by و,
    the group named after the second (the gold sets' convention: it covers both)."""
    return (left.category in lexicon.CASUALTY_CATEGORIES and right.category in lexicon.CASUALTY_CATEGORIES
            and (tokens[right.phrase_first].text.startswith("و") and right.phrase_first == left.span_last + 1
                 or tokens[left.span_last + 1].lower == "و" and right.phrase_first == left.span_last + 2))


def _conjoined(tokens: list[Token], right: CountPhrase) -> bool:
    """True when a conjunction opens the count: "and 22", "و٢٠", "و 20"."""
    return tokens[right.phrase_first].text.startswith("و") or (
        right.phrase_first > 0 and tokens[right.phrase_first - 1].lower in lexicon.CONJUNCTIONS)


def _joined(tokens: list[Token], right: CountPhrase) -> bool:
    """True when a conjunction or "إضافة إلى", "فضلا عن" opens the count ("and 22", "إضافة إلى ثلاثة"):
    the count adds to the one before, not a part of it."""
    first = right.phrase_first
    return _conjoined(tokens, right) or tuple(token.lower for token in tokens[max(0, first - 2):first]) \
        in lexicon.ADDING_PHRASES


def _of_the(tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True for "18 of the 31": the left count is followed by "of the" and the right count."""
    words = [token.lower for token in tokens[left.mention.last + 1:right.phrase_first]]
    return words == ["of", "the"]


# "بلغ عددهم 120 ألف شخص": "their number" points back to the people counted before.
THEIR_NUMBER_WINDOW = 6
# "... الذين بلغ عددهم", "البالغ عددهم": a relative clause that gives the size of a group.
GROUP_CLAUSE_WORDS = {"الذين", "اللذين", "التي", "الذي", "اللواتي", "البالغ", "البالغه", "والبالغ"}


def share_with_their_number(found: list[CountPhrase], tokens: list[Token], text: str) -> None:
    """A count after "عددهم" (their number) with no category of its own counts what the count
    before it in the sentence counts: "آلاف المهاجرين ... حيث بلغ عددهم هذا العام 120 ألف شخص"."""
    for left, right in zip(found, found[1:]):
        if right.category is not None or left.category not in lexicon.CASUALTY_CATEGORIES:
            continue
        start = max(left.span_last + 1, right.phrase_first - THEIR_NUMBER_WINDOW)
        for index in range(right.phrase_first - 1, start - 1, -1):
            if text[tokens[index].end:tokens[index + 1].start].strip():
                break  # punctuation: another clause
            if tokens[index].lower in lexicon.THEIR_NUMBER_WORDS:
                if any(token.lower in GROUP_CLAUSE_WORDS for token in tokens[max(0, index - 2):index]):
                    break  # "قتل 3 من الركاب البالغ عددهم 150": the number of the whole group, not of the dead
                right.category = left.category
                if right.subject == "unspecified":
                    right.subject = left.subject
                break

