"""Arabic newswire constructions, each with hand-written sentences of its own (docs/pipeline.md).

None of these sentences is taken from a gold set; they are written to exercise one rule each.
"""

from __future__ import annotations

import pytest

from toolkit.extract.numbers import find_numbers
from toolkit.extract.rules import RuleExtractor
from toolkit.extract.tokens import tokenize
from toolkit.ingest.arabic import normalise_with_offsets


def claims(text: str, **settings) -> list[tuple]:
    found = RuleExtractor(**settings).extract_report({"report_id": "r", "language": "ar", "text": text})
    return [(c["category"], c["subject"], c["value"] if c["value"] is not None else (c["lower"], c["upper"]))
            for c in found]


def value_of(text: str) -> float | None:
    normalised, _ = normalise_with_offsets(text)
    mentions = find_numbers(tokenize(normalised), text=normalised)
    return mentions[0].value if mentions else None


@pytest.mark.parametrize("text, expected", [
    # verb first, its subject between the verb and the count (active voice, conjugated verbs)
    ("قتلت القوات الحكومية 12 مسلحا في ريف المدينة", [("killed", "fighters", 12.0)]),
    ("اعتقلت السلطات أمس 9 ناشطين", [("detained", "people", 9.0)]),
    ("أعدم التنظيم 7 أشخاص في الساحة العامة", [("killed", "people", 7.0)]),
    ("اختطف مسلحون مجهولون 4 صحفيين قرب الحدود", [("detained", "people", 4.0)]),
    # imperfect and plural conjugations the surface lists do not hold
    ("يعتقلون 30 شابا كل أسبوع في الحي", []),  # a rate, not a count of an event
    ("نزحت 200 أسرة من القرية", [("displaced", "unspecified", 200.0)]),
    # passive, count after the verb
    ("قُتل 15 مدنيا في الغارة", [("killed", "civilians", 15.0)]),
])
def test_verb_first_clauses(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("أودى الانفجار بحياة 5 أشخاص", [("killed", "people", 5.0)]),
    ("لقي 3 عمال حتفهم في الحريق", [("killed", "people", 3.0)]),
    ("سقط 6 قتلى في الاشتباكات", [("killed", "unspecified", 6.0)]),
    ("فقد 11 شخصا أرواحهم في الفيضان", [("killed", "people", 11.0)]),
])
def test_idiomatic_verbs_of_dying(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("مقتل جنديين وإصابة أربعة آخرين", [("killed", "soldiers", 2.0), ("injured", "unspecified", 4.0)]),
    ("أسفر الانفجار عن إصابة ضابطين", [("injured", "soldiers", 2.0)]),
    ("زار الوزير أسرتي الشهيدين", [("killed", "unspecified", 2.0)]),
    # "الصحافيين القتيلين": the dual is an adjective of a definite noun, not a new count
    ("قال إن أحد الصحافيين القتيلين يعمل لوكالة أنباء", []),
    # a name that looks like a dual
    ("أعلنت طالبان وفاة قائدها", []),
    # a plural that looks like a dual
    ("تمنى الشفاء للمصابين", []),
])
def test_duals(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text, value", [
    ("نزح 000 25 شخص", 25000.0),  # UN Arabic: groups in reversed order
    ("بلغ عدد اللاجئين 412 13 لاجئا", 13412.0),
    ("تضم البعثة 000 200 1 فرد", 1200000.0),
    ("وصل 25 000 لاجئ", 25000.0),  # ordinary order
    ("أسروا 6 , 417 آخرين", 6417.0),  # a damaged "6,417"
    ("قتل ألف و500 شخص", 1500.0),
    ("نزح 3 آلاف و200 شخص", 3200.0),
    ("قتل ٢٥٬٠٠٠ شخص", 25000.0),  # Arabic-Indic digits with the Arabic thousands separator
    ("أصيب ١٢٫٥ ألف شخص", 12500.0),
    ("قصف المدينة بثلاثة براميل", 3.0),  # a number word with a preposition on it
])
def test_number_forms(text, value):
    assert value_of(text) == value


def test_vague_large_quantities_have_documented_bounds():
    assert claims("نزح عشرات الآلاف من السكان") == [("displaced", "people", (24_000.0, 99_999.0))]
    assert claims("شرد مئات الآلاف") == [("displaced", "unspecified", (200_000.0, 999_999.0))]


@pytest.mark.parametrize("text", [
    "سجل اللاعب 20 هدفا في 24 مباراة خلال الموسم",  # sports
    "غاب المهاجم عن الملعب بسبب 42 إصابة في 9 مواسم",
    "تقدم المنتخب سبعة مراكز في تصنيف فيفا",
    "يوجد 1.7 مليون شخص مصاب بالفيروس",  # disease, not injury
    "كان 10.5 في المائة من السكان فقراء",  # a percentage in words
    "49 - أدت الاجتماعات إلى اتفاق",  # a paragraph number
    "وجه الرسالة بتاريخ ( 24 / 2 / 2003 )",  # a numeric date with spaces
    "أعلن يوم الخميس الموافق 21 / 10 / 1436هـ عن حدوث تفجير",  # a Hijri date
    "يمكن أن تتسع لستة إلى 10 أسرة",  # beds / families, not captives
    "وقفوا صفا واحدا خلف القيادة",  # "one" of a thing no category counts
])
def test_numbers_that_are_not_counts(text):
    assert claims(text) == []


def test_security_men_are_soldiers():
    assert claims("استشهد 17 من رجال الأمن") == [("killed", "soldiers", 17.0)]


@pytest.mark.parametrize("morphology", ["snowball", "none"])
def test_every_analyser_reads_the_surface_lexicon(morphology):
    assert claims("قتل 45 مدنيا", morphology=morphology) == [("killed", "civilians", 45.0)]


def test_the_analyser_reads_conjugations_the_surface_patterns_miss():
    assert claims("اعتقلت الشرطة 9 ناشطين", morphology="snowball") == [("detained", "people", 9.0)]
    assert claims("اعتقلت الشرطة 9 ناشطين", morphology="none") == []


def test_a_claim_on_a_passage_without_gold_claims_is_a_false_positive():
    import pandas as pd

    from toolkit.evaluate.extraction import field_scores

    gold = pd.DataFrame([{"claim_id": "a-c1", "report_id": "a", "category": "killed", "subject": "people",
                          "value": 5.0, "lower": 5.0, "upper": 5.0, "char_start": 0, "char_end": 5}])
    predicted = pd.concat([gold, gold.assign(claim_id="b-c1", report_id="b")])
    assert field_scores(gold, predicted, reports=["a", "b"])["category+value"]["precision"] == 0.5
    assert field_scores(gold, predicted)["category+value"]["precision"] == 1.0  # only passages with gold


def test_parallel_consistency_scores_arabic_against_english():
    from toolkit.evaluate.tasks import TASKS

    english = ["At least 12 civilians were killed.", "The Council met on 3 May.", "Five soldiers were wounded."]
    arabic = ["قتل 12 مدنيا على الأقل.", "اجتمع المجلس في 3 أيار/مايو.", "أصيب جنديان."]
    scores = TASKS["extraction/parallel"]().evaluate(arabic=arabic, english=english, extractor=RuleExtractor())
    assert scores["counts"]["lines_with_english_claims"] == 2
    # the first line agrees; the third does not (5 wounded against a dual of 2)
    assert scores["category+value"]["matched"] == 1 and scores["category+value"]["n_gold"] == 2


@pytest.mark.parametrize("text, expected", [
    # a number after a reference noun identifies a resolution, paragraph, article or page
    ("ذكّر المجلس في قراره 2401 بوقف إطلاق النار وبمقتل المدنيين", []),
    ("انظر الفقرات 14 و 27 و 130 من التقرير عن ضحايا القصف", []),
    ("وفقا للمادة 12 (3) من الاتفاقية بشأن الأسرى", []),
    ("ورد ذلك في الصفحة 45 من تقرير اللجنة عن المعتقلين", []),
    # a code written with its letters is not a count
    ("قتل مسلحان قرب العلامة B41 على الخط", [("killed", "fighters", 2.0)]),
])
def test_reference_numbers_are_not_counts(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("عقدت الاجتماعات في 3 حزيران/يونيه 2016 و 9 تموز/يوليه 2017 لبحث أوضاع النازحين", []),
    ("خطة العمل للفترة 2018-2022 بشأن عودة اللاجئين", []),
    ("أقر المؤتمر لعام 2010 خطة لحماية الجرحى", []),
])
def test_dates_years_and_spans_of_years_are_not_counts(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text, expected", [
    # a rate and its denominator
    ("بلغ معدل الوفيات 35 حالة وفاة لكل 1000 مولود", []),
    # a duration
    ("انتهت المهلة بعد 30 يوما دون الإفراج عن أحد", []),
])
def test_rates_and_durations_are_not_counts(text, expected):
    assert claims(text) == expected


@pytest.mark.parametrize("text, expected", [
    # "من أجل" (for the sake of) and "الأردن" share a stem with verbs of evacuation and killing
    ("أطلقت الحملة من أجل 40 عائلة في الأردن", []),
    # "بلدان" is the plural of "بلد", not two of them; "وطالبان" is the movement
    ("اتفقت بلدان المنطقة على خطة لإعادة الإعمار", []),
    ("اتهمت الحكومة وطالبان بعضهما بخرق الهدنة", []),
])
def test_homographs_of_category_words_and_duals(text, expected):
    assert claims(text) == expected


def test_a_verb_first_tally_takes_its_category_from_the_noun_after_its_number_word():
    text = ("بلغ عدد المدنيين الذين لقوا حتفهم جراء القصف المدفعي على الأحياء السكنية منذ مطلع "
            "آذار/مارس 2019 وحتى نهاية أيار/مايو 2019، 412 مدنيا بينهم 60 طفلا")
    assert claims(text) == [("killed", "civilians", 412.0), ("killed", "children", 60.0)]


def test_coordinated_tallies_share_the_subject_named_after_the_last():
    assert claims("أسفر الهجوم عن مقتل 4 وإصابة 11 من عناصر الشرطة") == [
        ("killed", "people", 4.0), ("injured", "people", 11.0)]
    assert claims("أسفر الهجوم عن مقتل 4 مدنيين وإصابة 11 جنديا") == [
        ("killed", "civilians", 4.0), ("injured", "soldiers", 11.0)]


def test_a_number_written_in_digits_and_in_words_is_one_count():
    assert claims("أسفر الحادث عن وفاة (12) اثني عشر شخصا") == [("killed", "people", 12.0)]
    assert claims("أسفر الحادث عن وفاة ثلاثة (3) أشخاص") == [("killed", "people", 3.0)]


def test_including_opens_a_sub_count():
    found = RuleExtractor().extract_report({"report_id": "r", "language": "ar",
                                            "text": "قتل 30 شخصا على الأقل، بما في ذلك 8 أطفال"})
    assert [(c["category"], c["subject"], c["value"], c["part_of"]) for c in found] == [
        ("killed", "people", 30.0, None), ("killed", "children", 8.0, "r-c1")]


def test_a_sports_sentence_is_recognised_through_clitics():
    assert claims("غاب عن المباريات في المواسم الأخيرة بسبب 12 إصابة") == []


@pytest.mark.parametrize("text, expected", [
    # words the non-count rules look at, in sentences whose counts are real
    ("أصيب في الهجوم على القاعدة 11 جنديا", [("injured", "soldiers", 11.0)]),
    ("واعتقلت الشرطة بموجب القانون 25 صحفيا", [("detained", "people", 25.0)]),
    ("وقتل بدوره 3 من مرافقيه", [("killed", "people", 3.0)]),
    ("قتل 15 يوم الثلاثاء في القصف", [("killed", "unspecified", 15.0)]),
    ("قتل 12 شخصا وخصصت الحكومة تعويضا لكل عائلة", [("killed", "people", 12.0)]),
    ("نزح ما بين 1950 و2000 شخص من القرية", [("displaced", "people", (1950.0, 2000.0))]),
    ("قتل صبيان في القصف", [("killed", "people", 2.0)]),
    ("وسجل المركز اعتقال 40 شخصا", [("detained", "people", 40.0)]),
    ("هجرت الميليشيات 300 عائلة", [("displaced", "unspecified", 300.0)]),
])
def test_real_counts_near_the_words_of_the_non_count_rules_are_kept(text, expected):
    assert claims(text) == expected


def test_two_equal_numbers_in_digits_are_two_counts():
    found = claims("أصيب 2 (2 منهم أطفال) في الانفجار")
    assert [(category, value) for category, _subject, value in found] == [("injured", 2.0), ("injured", 2.0)]


def test_english_counts_glued_to_a_word_or_after_a_reference_word_are_kept():
    def english(text: str) -> list[tuple]:
        found = RuleExtractor().extract_report({"report_id": "r", "language": "en", "text": text})
        return [(c["category"], c["value"]) for c in found]

    assert english("BAGHDAD12 people were killed on Monday") == [("killed", 12.0)]
    assert english("After the meeting 14 protesters were arrested") == [("detained", 14.0)]
    assert english("Under resolution 2139, aid reached 40 towns") == [("other", 40.0)]
    assert english("the shelling destroyed a 4WD vehicle and killed 3 people") == [("killed", 3.0)]
