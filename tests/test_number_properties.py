"""Property tests: every integer from 0 to 1,000,000, written out in English and in Arabic
words by an independent library (num2words), parses back to itself; random strings never
crash the number finder."""

from hypothesis import given, settings
from hypothesis import strategies as st
from num2words import num2words

from toolkit.extract.numbers import find_numbers, mask_numbers
from toolkit.extract.rules import RuleExtractor
from toolkit.extract.tokens import tokenize
from toolkit.ingest.arabic import normalise_arabic


def parsed(text: str) -> list[float | None]:
    return [mention.value for mention in find_numbers(tokenize(normalise_arabic(text)))]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=1_000_000))
def test_english_number_words_parse_back(number):
    assert parsed(num2words(number, lang="en")) == [float(number)]


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=1_000_000))
def test_arabic_number_words_parse_back(number):
    assert parsed(num2words(number, lang="ar")) == [float(number)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes_the_extractor(text):
    for language in ("ar", "en"):
        claims = RuleExtractor().extract_report({"report_id": "r", "language": language, "text": text})
        for claim in claims:
            assert 0 <= claim["char_start"] < claim["char_end"] <= len(text)
    assert isinstance(mask_numbers(text), str)
