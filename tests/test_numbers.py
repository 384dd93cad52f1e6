import pytest

from toolkit.extract.numbers import (
    VAGUE_BOUNDS,
    find_numbers,
    mask_numbers,
    parse_digits,
)
from toolkit.extract.tokens import tokenize
from toolkit.ingest.arabic import normalise_arabic


def values(text: str) -> list:
    tokens = tokenize(normalise_arabic(text))
    return [m.value if m.value is not None else (m.lower, m.upper) for m in find_numbers(tokens)]


@pytest.mark.parametrize("text, expected", [
    ("1,429", 1429.0), ("45", 45.0), ("3.5", 3.5), ("1,42", None),
])
def test_parse_digits(text, expected):
    assert parse_digits(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("forty-five", [45.0]),
    ("two hundred and twelve", [212.0]),
    ("a dozen", [12.0]),
    ("a hundred", [100.0]),
    ("nine children and six barrel bombs", [9.0, 6.0]),
    ("one thousand four hundred and twenty-nine", [1429.0]),
])
def test_english_number_words(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("خمسة وأربعون", [45.0]),
    ("سبعة عشر", [17.0]),
    ("تسعين", [90.0]),
    ("ثلاثمئة", [300.0]),
    ("ألف وأربعمائة وتسعة وعشرون", [1429.0]),
    ("٤٥ و٢٧", [45.0, 27.0]),
    ("أحد عشر", [11.0]),
])
def test_arabic_numbers(text, expected):
    assert values(text) == expected


def test_arabic_one_of_is_not_a_number():
    assert values("أحد المقاتلين") == []


def test_vague_quantities_take_the_bound_table():
    assert values("dozens") == [VAGUE_BOUNDS["dozens"]]
    assert values("وعشرات") == [VAGUE_BOUNDS["dozens"]]
    assert values("مئات") == [VAGUE_BOUNDS["hundreds"]]


def test_mask_numbers_keeps_the_rest_of_the_original_text():
    assert mask_numbers("قُتل ٤٥ مدنيا") == "قُتل # مدنيا"
    assert mask_numbers("at least forty-five killed") == "at least # killed"


def test_acled_convention_for_vague_quantities():
    from toolkit.extract.rules import RuleExtractor

    text = "Dozens of civilians were killed and hundreds were wounded."
    default = RuleExtractor().extract_report({"report_id": "r", "language": "en", "text": text})
    acled = RuleExtractor(vague_bounds="acled").extract_report({"report_id": "r", "language": "en", "text": text})
    assert [(c["lower"], c["upper"]) for c in default] == [(24.0, 99.0), (200.0, 999.0)]
    assert [(c["value"], c["lower"], c["upper"], c["qualifier"]) for c in acled] == [
        (None, 12.0, 12.0, "vague"), (None, 100.0, 100.0, "vague")]
    with pytest.raises(ValueError, match="acled"):
        RuleExtractor(vague_bounds="ucdp")
