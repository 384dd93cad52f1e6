"""Counts that share words across a coordination: "49 children and 34 women were killed",
"بينهم ٥ أطفال و٦ نساء", "killed 45 civilians in Aleppo and 22 in Idlib"."""

from __future__ import annotations

from toolkit.extract import lexicon
from toolkit.extract.count_phrase import CountPhrase
from toolkit.extract.tokens import Token


def _coordinated(text: str, tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True when only the left count's subject and a conjunction or comma separate two counts."""
    between = tokens[left.span_last + 1:right.phrase_first]
    gap = text[tokens[left.span_last].end:tokens[right.phrase_first].start]
    after_right = right.mention.last + 1
    if after_right < len(tokens) and tokens[after_right].lower in lexicon.OTHERS_WORDS:
        return False  # "30 of them children, and hundreds more were treated": a new group
    return len(between) <= 1 and all(t.lower in lexicon.CONJUNCTIONS for t in between) and (
        bool(between) or gap.strip() in {",", "،"} or tokens[right.phrase_first].text.startswith("و"))


def share_across_coordination(found: list[CountPhrase], tokens: list[Token], text: str) -> None:
    """In "49 children and 34 women were killed" both counts are killed; in "بينهم ٥ أطفال
    و٦ نساء" both are sub-counts."""
    for left, right in zip(found, found[1:]):
        if left.sub_count and (_coordinated(text, tokens, left, right) or (
                _joined(tokens, right) and right.category is None and right.subject != "unspecified")):
            # "بينهم ٣٠ طفلا دون سن الثامنة عشرة و٢٠ مواطنة": the list goes on past a modifier
            right.sub_count = True
    for left, right in zip(found, found[1:]):
        joined = _joined(tokens, right)
        if (right.category is None and left.category in lexicon.CASUALTY_CATEGORIES and not right.sub_count
                and right.subject != "unspecified" and joined):
            # "قتل ٢٧ مدنيا في جسر الشغور و٤٤ مقاتلا في تل مرديخ": one verb governs both counts.
            right.category = left.category
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
                and not left.sub_count and not right.sub_count and _elided_noun(tokens, left, right)):
            # "استشهاد 15 وإصابة 33 من رجال الأمن": both counts are of the people named last
            left.subject = right.subject
    for left, right in zip(reversed(found[:-1]), reversed(found[1:])):
        if left.category is None and right.category and (
                _coordinated(text, tokens, left, right) or (right.sub_count and not left.sub_count)):
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


def _joined(tokens: list[Token], right: CountPhrase) -> bool:
    """True when a conjunction opens the count: "and 22", "و٢٠", "و 20"."""
    return tokens[right.phrase_first].text.startswith("و") or (
        right.phrase_first > 0 and tokens[right.phrase_first - 1].lower in lexicon.CONJUNCTIONS)


def _of_the(tokens: list[Token], left: CountPhrase, right: CountPhrase) -> bool:
    """True for "18 of the 31": the left count is followed by "of the" and the right count."""
    words = [token.lower for token in tokens[left.mention.last + 1:right.phrase_first]]
    return words == ["of", "the"]
