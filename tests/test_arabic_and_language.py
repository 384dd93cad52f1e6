from toolkit.ingest.arabic import (
    normalise_arabic,
    normalise_digits,
    normalise_with_offsets,
)
from toolkit.ingest.language import arabic_letter_share, detect_language


def test_digits_arabic_indic_and_persian_become_ascii():
    assert normalise_digits("٤٥ و۱۷") == "45 و17"


def test_normalisation_removes_diacritics_tatweel_and_invisible_marks():
    assert normalise_arabic("قُتِـــلَ\u200f ٤٥ مدنياً") == "قتل 45 مدنيا"


def test_normalisation_unifies_letter_variants():
    assert normalise_arabic("أإآى ة") == "اااي ه"


def test_offsets_point_into_the_original_text():
    original = "قُتِلَ ٤٥"
    normalised, offsets = normalise_with_offsets(original)
    start = normalised.index("45")
    assert original[offsets[start]:offsets[start + 1] + 1] == "٤٥"


def test_arabic_share_counts_letters_only():
    assert arabic_letter_share("قتل 45 ab") == 0.6
    assert arabic_letter_share("123") == 0.0


def test_detect_language_arabic_english_other_and_too_short():
    assert detect_language("أسفرت الغارات على ريف إدلب عن مقتل مدنيين") == "ar"
    assert detect_language("The airstrikes on rural Idlib killed dozens of civilians, activists said.") == "en"
    assert detect_language("Les frappes aériennes ont tué des dizaines de civils dans la province.") == "fr"
    assert detect_language("ok 45") == "und"
