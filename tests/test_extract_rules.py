"""The rule extractor on sentences whose claims can be checked by hand."""

import pytest

from toolkit.extract import extract_claims
from toolkit.extract.rules import RuleExtractor


def claims_of(text: str, language: str) -> list[tuple]:
    claims = RuleExtractor().extract_report({"report_id": "r", "language": language, "text": text})
    return [(c["category"], c["subject"], c["value"], c["lower"], c["upper"], c["qualifier"], c["part_of"])
            for c in claims]


def test_english_totals_qualifiers_and_sub_counts():
    text = ("At least 45 civilians were killed and dozens wounded in more than 90 airstrikes, "
            "including 27 in Jisr al-Shughur.")
    assert claims_of(text, "en") == [
        ("killed", "civilians", 45.0, 45.0, None, "at_least", None),
        ("injured", "unspecified", None, 24.0, 99.0, "vague", None),
        ("strikes", "unspecified", 90.0, 91.0, None, "at_least", None),
        ("killed", "civilians", 27.0, 27.0, 27.0, "exact", "r-c1"),
    ]


@pytest.mark.parametrize("text, expected", [
    ("The death toll rose to 126.", ("killed", "unspecified", 126.0)),
    ("The strike left 12 dead.", ("killed", "unspecified", 12.0)),
    ("The attack claimed the lives of forty-five people.", ("killed", "people", 45.0)),
    ("Nearly 30 soldiers were wounded.", ("injured", "soldiers", 30.0)),
])
def test_english_passive_and_nominal_forms(text, expected):
    assert claims_of(text, "en")[0][:3] == expected


def test_between_gives_a_range():
    assert claims_of("Between 10 and 15 people were wounded.", "en") == [
        ("injured", "people", None, 10.0, 15.0, "range", None)]


def test_arabic_digits_words_dual_and_sub_counts():
    text = "قتل ٤٥ مدنياً بينهم ١٤ طفلا في أكثر من تسعين غارة. وسقط قتيلان في خان شيخون."
    assert claims_of(text, "ar") == [
        ("killed", "civilians", 45.0, 45.0, 45.0, "exact", None),
        ("killed", "children", 14.0, 14.0, 14.0, "exact", "r-c1"),
        ("strikes", "unspecified", 90.0, 91.0, None, "at_least", None),
        ("killed", "unspecified", 2.0, 2.0, 2.0, "exact", None),
    ]


def test_arabic_at_least_after_the_count_and_approx():
    assert claims_of("قتل خمسة وأربعون شخصا على الأقل وجرح نحو 80 آخرين", "ar") == [
        ("killed", "people", 45.0, 45.0, None, "at_least", None),
        ("injured", "unspecified", 80.0, None, None, "approx", None),  # "others" names no population
    ]


@pytest.mark.parametrize("text, language", [
    ("On 25 September 2017 the town was shelled.", "en"),
    ("A 12-year-old boy was killed at 10:30.", "en"),
    ("Prices rose 45% and aid worth $3 million arrived.", "en"),
    ("The Brigade 105 was deployed for 3 days.", "en"),
    ("في عام 2013 قصفت المدينة لمدة 3 أيام", "ar"),
])
def test_dates_ages_times_money_and_names_are_not_counts(text, language):
    assert [c for c in claims_of(text, language) if c[2] in {25.0, 2017.0, 12.0, 10.0, 30.0, 45.0, 3.0, 105.0, 2013.0}] == []


def test_spans_index_the_original_text():
    text = "أسفرت الغارات عن مقتل ٤٥ مدنياً"
    claim = RuleExtractor().extract_report({"report_id": "r", "language": "ar", "text": text})[0]
    assert text[claim["char_start"]:claim["char_end"]] == "مقتل ٤٥ مدنياً"
    assert claim["sentence"] == text


def test_text_without_numbers_gives_no_claims():
    assert claims_of("Clashes continued in the countryside.", "en") == []
    assert claims_of("", "en") == []


def test_extract_claims_returns_the_contract_columns_even_when_empty():
    import pandas as pd

    from toolkit.schema import CLAIMS

    empty = extract_claims(pd.DataFrame([{"report_id": "r", "language": "en", "text": "No numbers."}]))
    assert list(empty.columns) == CLAIMS.names and empty.empty
