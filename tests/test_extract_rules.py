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


@pytest.mark.parametrize("text, language, expected", [
    # ta marbuta before a suffix, and a verb qualifier
    ("راح ضحيتها أكثر من 550 شخصا", "ar", [("killed", "people", 550.0, 551.0, None, "at_least", None)]),
    # "N من <noun with a possessive>": the noun after من is the subject
    ("أعلنت الحركة مقتل 3 من مقاتليها", "ar", [("killed", "fighters", 3.0, 3.0, 3.0, "exact", None)]),
    # a status noun names people wherever it stands; the article written apart from the digits
    ("عدد النازحين تجاوز الـ 600 ألف", "ar", [("displaced", "people", 600000.0, 600001.0, None, "at_least", None)]),
    # a people noun in the nominative dual is a count of two
    ("قتل مسعفان في القصف", "ar", [("killed", "people", 2.0, 2.0, 2.0, "exact", None)]),
    # a mixed group is people; a lone آلاف is vague
    ("هرب آلاف من النساء والأطفال", "ar", [("displaced", "people", None, 2000.0, 9999.0, "vague", None)]),
    # a tally names its category: "عدد الجرحى ... إلى"
    ("وارتفع عدد الجرحى في المدينة إلى 80", "ar", [("injured", "unspecified", 80.0, 80.0, 80.0, "exact", None)]),
    # a verb that takes the next count as its object is not the earlier count's
    ("قتل 5 وجرح 10 في القصف", "ar", [("killed", "unspecified", 5.0, 5.0, 5.0, "exact", None),
                                     ("injured", "unspecified", 10.0, 10.0, 10.0, "exact", None)]),
])
def test_arabic_morphology_and_phrase_structure(text, language, expected):
    assert claims_of(text, language) == expected


@pytest.mark.parametrize("text, expected", [
    # the head of the noun phrase ("ISIS militants") is the subject; police are people
    ("At least 23 ISIS militants were killed.", [("killed", "fighters", 23.0, 23.0, None, "at_least", None)]),
    ("Three police officers were wounded.", [("injured", "people", 3.0, 3.0, 3.0, "exact", None)]),
    # "and wounded 22": that verb is the second count's, and the first "at least" is the child's
    ("Raids killed 16 civilians including at least one child and wounded 22.", [
        ("killed", "civilians", 16.0, 16.0, 16.0, "exact", None),
        ("killed", "children", 1.0, 1.0, None, "at_least", "r-c1"),
        ("injured", "unspecified", 22.0, 22.0, 22.0, "exact", None)]),
    # "N others ... were injured": the category after the new group wins over the earlier verb
    ("A child was killed and six other civilians including two women were injured.", [
        ("killed", "children", 1.0, 1.0, 1.0, "exact", None),
        ("injured", "civilians", 6.0, 6.0, 6.0, "exact", None),
        ("injured", "women", 2.0, 2.0, 2.0, "exact", "r-c2")]),
    # a headline without punctuation: each count keeps the word after it
    ("2 Civilians Killed 9 Injured in Aleppo", [("killed", "civilians", 2.0, 2.0, 2.0, "exact", None),
                                              ("injured", "unspecified", 9.0, 9.0, 9.0, "exact", None)]),
    # a tally: "the number of ... stands at"
    ("The number of people abducted this week stands at 220.", [
        ("detained", "unspecified", 220.0, 220.0, 220.0, "exact", None)]),
])
def test_english_phrase_structure(text, expected):
    assert claims_of(text, "en") == expected


@pytest.mark.parametrize("text, language", [
    ("وجهت هيئة المحلفين 22 تهمة بالقتل", "ar"),  # charges
    ("ستفرج عن 10 رهائن كل يوم", "ar"),  # a rate
    ("اليوم 114 للحرب", "ar"),  # a day's number
    ("مقتل قائد كتيبة الاتصالات 481", "ar"),  # a unit's number
    ("استهداف ناقلة بقذيفة «الياسين 105»", "ar"),  # a weapon's name
    ("يفقد الشعب واحدا من رجالاته", "ar"),  # one of
])
def test_more_numbers_that_are_not_counts(text, language):
    values = {22.0, 10.0, 114.0, 481.0, 105.0, 1.0}
    assert [c for c in claims_of(text, language) if c[2] in values] == []


@pytest.mark.parametrize("text, language, expected", [
    # a count of persons is never of strikes, even with a strike word nearer than the verb
    ("ارتقى ٩ مدنيين جراء العدوان بالصواريخ", "ar", [("killed", "civilians", 9.0, 9.0, 9.0, "exact", None)]),
    # "واحدة" after a noun counts one of it
    ("أصابت غارة واحدة على الأقل المبنى", "ar", [("strikes", "unspecified", 1.0, 1.0, None, "at_least", None)]),
    # members of the regime's forces are soldiers; an ordinal's second word is no count
    ("مقتل 4 عناصر من قوات النظام بينهم طفل دون سن الثامنة عشرة", "ar",
     [("killed", "soldiers", 4.0, 4.0, 4.0, "exact", None)]),
    # a bare count after a conjunction and before a place repeats the earlier count's words
    ("Raids killed 45 civilians in Aleppo and 22 in Idlib.", "en",
     [("killed", "civilians", 45.0, 45.0, 45.0, "exact", None), ("killed", "civilians", 22.0, 22.0, 22.0, "exact", None)]),
    # "a" with an age or an adjective before a person noun counts one; "a rebel offensive" does not
    ("A 5-year-old child was killed during a rebel offensive.", "en",
     [("killed", "children", 1.0, 1.0, 1.0, "exact", None)]),
])
def test_person_counts_ones_and_ellipsis(text, language, expected):
    assert claims_of(text, language) == expected


@pytest.mark.parametrize("text, language, expected", [
    # a dual with an attached conjunction keeps its count and takes the subject after it
    ("ثلاثة شهداء من العسكريين وشهيدين من المدنيين", "ar",
     [("killed", "soldiers", 3.0, 3.0, 3.0, "exact", None), ("killed", "civilians", 2.0, 2.0, 2.0, "exact", None)]),
    # "N of the M things": the part counts what the whole counts
    ("At least 18 of the 31 trucks were destroyed.", "en",
     [("other", "unspecified", 18.0, 18.0, None, "at_least", None), ("other", "unspecified", 31.0, 31.0, 31.0, "exact", None)]),
])
def test_duals_with_conjunctions_and_parts_of_wholes(text, language, expected):
    assert claims_of(text, language) == expected


@pytest.mark.parametrize("text", ["The jets struck shortly before 7 a.m. on Monday.",
                                  "Two Su-24 jets and an F-16 were seen.",
                                  "Bodies of children under the age of ten were found."])
def test_times_model_names_and_ages_are_not_counts(text):
    assert [c for c in claims_of(text, "en") if c[2] in {7.0, 24.0, 16.0, 10.0}] == []


@pytest.mark.parametrize("text, expected", [
    # a category word used as an adjective yields to the verb
    ("A car bomb killed at least 26 displaced people.", [("killed", "people", 26.0, 26.0, None, "at_least", None)]),
    # a status noun after a verb: what happened to them, and they are people
    ("They executed 15 detainees.", [("killed", "people", 15.0, 15.0, 15.0, "exact", None)]),
    # "X were among N killed": the first count takes the category of the second
    ("At least four schoolchildren were among eight people killed.", [
        ("killed", "children", 4.0, 4.0, None, "at_least", None), ("killed", "people", 8.0, 8.0, 8.0, "exact", None)]),
    # a passive with an adverb takes no object; "19 more" starts a new group
    ("More than 50 troops were summarily executed 19 more were killed in an attack.", [
        ("killed", "soldiers", 50.0, 51.0, None, "at_least", None), ("killed", "unspecified", 19.0, 19.0, 19.0, "exact", None)]),
    ("The fighting forced 13000 residents to flee.", [("displaced", "people", 13000.0, 13000.0, 13000.0, "exact", None)]),
])
def test_adjectives_status_nouns_and_groups(text, expected):
    assert claims_of(text, "en") == expected


def test_arabic_percent_sign_is_not_a_count():
    assert claims_of("ارتفاع بنسبة 14٪ في عدد المصابين", "ar") == []


def test_arabic_lists_of_sub_counts_past_modifiers_and_after_wahum():
    assert claims_of("قتل 58 شخصا بينهم ٣٠ طفلا دون سن الثامنة عشرة و٢٠ مواطنة", "ar") == [
        ("killed", "people", 58.0, 58.0, 58.0, "exact", None),
        ("killed", "children", 30.0, 30.0, 30.0, "exact", "r-c1"),
        ("killed", "women", 20.0, 20.0, 20.0, "exact", "r-c1")]
    assert claims_of("قتل 17 شخصا، وهم ٥ أطفال و٣ عناصر من الشرطة", "ar") == [
        ("killed", "people", 17.0, 17.0, 17.0, "exact", None),
        ("killed", "children", 5.0, 5.0, 5.0, "exact", "r-c1"),
        ("killed", "people", 3.0, 3.0, 3.0, "exact", "r-c1")]


def test_bad_texts_invent_no_claims():
    # a megabyte of prose with one count at the end: that count, nothing else
    prose = "The town was quiet and the market was open again. " * 20_000
    claims = claims_of(prose + "At least 45 civilians were killed.", "en")
    assert len(prose) >= 1_000_000 and claims == [("killed", "civilians", 45.0, 45.0, None, "at_least", None)]
    # another language, whitespace, and text without numbers
    assert claims_of("Les frappes ont tué 45 civils dans la province.", "en") == []
    assert claims_of("   \n ", "ar") == []
    assert claims_of("كانت البلدة هادئة وفتحت السوق أبوابها من جديد.", "ar") == []


@pytest.mark.parametrize("text", [
    "سلط الوزير الضوء على ثلاثة اجتماعات بين الزعيمين وأضاف أن أحدهم فقد",  # a count of meetings
    "اقترحت صفقة تتضمن 4 مراحل تبدأ بإطلاق سراح المحتجزين",  # stages
    "بحثا العلاقات الثنائية بين البلدين",  # a definite dual refers, it does not count
    "آلاف الإسرائيليين يتظاهرون في تل أبيب، من بينهم محتجزون سابقون",  # the detainees are others
])
def test_arabic_counts_of_other_things_are_not_casualty_claims(text):
    assert claims_of(text, "ar") == []


def test_arabic_construct_duals_of_thousands_and_millions():
    assert claims_of("دعوة لتهجير مليوني فلسطيني", "ar") == [
        ("displaced", "people", 2_000_000.0, 2_000_000.0, 2_000_000.0, "exact", None)]
    assert claims_of("المئات لقوا مصرعهم", "ar") == [("killed", "unspecified", None, 200.0, 999.0, "vague", None)]


def _short(text: str, language: str = "en") -> list[tuple]:
    return [(category, subject, value) for category, subject, value, *_ in claims_of(text, language)]


@pytest.mark.parametrize("text, language", [
    ("The new turbine delivers 12.5 MW to the grid that the storm cut off.", "en"),
    ("A 7.5 tonne convoy was hit; nobody was hurt.", "en"),
    ("أنشئت محطة بقدرة 40.5 ميغاوات بعد أن دمر القصف المحطة القديمة", "ar"),
])
def test_numbers_with_decimals_are_measures_not_counts(text, language):
    assert claims_of(text, language) == []


@pytest.mark.parametrize("text, language, expected", [
    ("Aid groups say 2.4m people have fled the fighting.", "en", [("displaced", "people", 2_400_000.0)]),
    ("Half a million people were displaced by the floods.", "en", [("displaced", "people", 500_000.0)]),
    ("Half a dozen wounded soldiers were carried out.", "en", [("injured", "soldiers", 6.0)]),
    ("نزح نصف مليون شخص من المدينة", "ar", [("displaced", "people", 500_000.0)]),
    # a scale times a decimal is a whole number, not 4,099,999.9999999995
    ("Officials said 4.1 million residents were displaced.", "en", [("displaced", "people", 4_100_000.0)]),
    ("فر 8.3 مليون شخص من ديارهم", "ar", [("displaced", "people", 8_300_000.0)]),
    # a bare "m" before no counted noun is metres
    ("The shell fell 300m from a clinic where 12 women were injured.", "en", [("injured", "women", 12.0)]),
])
def test_abbreviated_scales_and_halves(text, language, expected):
    assert _short(text, language) == expected


@pytest.mark.parametrize("text, expected", [
    ("The island has 14 regional governing bodies.", []),
    ("Eight treaty bodies will review the report.", []),
    ("Rescuers pulled 9 charred bodies from the rubble.", [("killed", "unspecified", 9.0)]),
    ("Dozens of bodies lay in the street.", [("killed", "unspecified", (24.0, 99.0))]),
    ("The bodies of 4 fishermen washed ashore.", [("killed", "unspecified", 4.0)]),
    ("Divers found 7 decomposing bodies and 2 Syrian bodies near the dam.",
     [("killed", "unspecified", 7.0), ("killed", "unspecified", 2.0)]),
])
def test_bodies_that_are_institutions_are_not_the_dead(text, expected):
    found = [(c, s, v if v is not None else (lo, hi)) for c, s, v, lo, hi, *_ in claims_of(text, "en")]
    assert found == expected


@pytest.mark.parametrize("text, expected", [
    ("The scheme improves the lives of farmers, helping 3,400 households.", []),
    ("She lives with her 3 sisters in Homs.", []),
    ("The shelling claimed more than 30 civilian lives.", [("killed", "civilians", 30.0)]),
    ("The crash took the lives of 17 passengers.", [("killed", "people", 17.0)]),
    ("Eleven lives were lost at sea.", [("killed", "unspecified", 11.0)]),
    ("Medics saved 25 lives that night.", []),
    ("The blaze cut short the lives of 6 nurses.", [("killed", "people", 6.0)]),
])
def test_lives_mean_deaths_only_when_lost_or_counted(text, expected):
    assert _short(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Two aid workers were kidnapped in four separate incidents last month.", [("detained", "people", 2.0)]),
    ("The men were killed by 3 masked gunmen.", []),
    ("Nine people died during 2 days of shelling.", [("killed", "people", 9.0)]),
    ("Four soldiers were wounded in 2 roadside bombings.",
     [("injured", "soldiers", 4.0), ("strikes", "unspecified", 2.0)]),
    # a change: "by" after a verb of rising or falling
    ("The number of people arrested rose by 30 in a week.", [("detained", "unspecified", 30.0)]),
])
def test_a_count_after_a_preposition_is_its_object(text, expected):
    assert _short(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("وثقت المنظمة 35 اعتداء على المستشفيات", [("strikes", "unspecified", 35.0)]),
    ("رصدت 18 حالة اعتداء جنسي", []),
    ("بدأ القصف عند الساعة 0500 بتوقيت غرينتش", []),
])
def test_arabic_attacks_assaults_and_times(text, expected):
    assert _short(text, "ar") == expected
