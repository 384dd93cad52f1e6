"""Places, dates, attribution, cumulative tolls and report-level figures."""

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from toolkit.evaluate.extraction import report_figure_accuracy
from toolkit.extract.attribution import find_attribution
from toolkit.extract.dates import resolve_event_date
from toolkit.extract.gazetteer import Gazetteer, place_key
from toolkit.extract.report_counts import report_counts
from toolkit.extract.rules import RuleExtractor
from toolkit.extract.tokens import sentence_spans, tokenize
from toolkit.ingest.arabic import normalise_arabic

from .conftest import ROOT


@pytest.mark.parametrize("spellings", [
    ("جسر الشغور", "Jisr al-Shughour", "Jisr ash-Shughur", "Jisr al-Shughur"),
    ("خان شيخون", "Khan Shaykhun", "Khan Sheikhoun"),
    ("دير الزور", "Deir ez-Zor", "Deir Ezzor"),
    ("إدلب", "Idlib", "Idleb"),
])
def test_spellings_of_one_place_share_an_id(spellings):
    ids = {Gazetteer.default().lookup(name).id for name in spellings}
    assert len(ids) == 1


def test_countries_are_regions_and_person_names_are_not_places():
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("Syria").level == "region" and gazetteer.lookup("سوريا") == gazetteer.lookup("Syria")
    # a short foreign name is matched as spelled, never fuzzily to a Syrian subdistrict
    assert gazetteer.lookup("لبنان").name == "Lebanon" and gazetteer.lookup("إيران").name == "Iran"
    assert gazetteer.lookup("Assad") is None
    assert place_key("Tal Mardikh") == place_key("تل مرديخ")


@pytest.mark.parametrize("text, published, expected", [
    ("strikes on Sunday killed 45", dt.date(2017, 9, 25), dt.date(2017, 9, 24)),
    ("قتل ٤٥ أمس", dt.date(2017, 9, 25), dt.date(2017, 9, 24)),
    ("قتل ٢٧ مدنيا يوم الاثنين", dt.date(2017, 9, 26), dt.date(2017, 9, 25)),
    ("في ٢١ آب ٢٠١٣ قصفت الغوطة", None, dt.date(2013, 8, 21)),
    ("on 21 August 2013 rockets hit", None, dt.date(2013, 8, 21)),
    ("في 12 تشرين الأول قتل", dt.date(2016, 10, 20), dt.date(2016, 10, 12)),
    ("the clashes went on", dt.date(2016, 10, 20), None),
    ("a day ago a child was killed", dt.date(2014, 12, 7), dt.date(2014, 12, 6)),
    ("six people died, the ministry said on Monday", dt.date(2017, 9, 27), None),  # the report's date
    ("since Saturday 68 civilians were killed", dt.date(2015, 7, 13), None),  # a period
])
def test_event_dates(text, published, expected):
    normalised = normalise_arabic(text)
    assert resolve_event_date(tokenize(normalised), normalised, published) == expected


def test_attribution_in_both_languages():
    assert find_attribution("At least 45 civilians were killed, activists said.", "en") == "activists"
    assert find_attribution("وقال المرصد السوري لحقوق الإنسان إن ٤٥ مدنيا قتلوا", "ar") == "Syrian Observatory for Human Rights"
    assert find_attribution("The strikes killed 45 people.", "en") is None


def test_claims_carry_place_date_attribution_and_cumulative_scope():
    text = ("قتل ٢٧ مدنيا يوم الاثنين في جسر الشغور، بحسب المرصد السوري. "
            "وقتل أكثر من ٤٠٠ ألف شخص منذ اندلاع الحرب.")
    claims = RuleExtractor().extract_report({"report_id": "r", "language": "ar", "text": text, "published": "2017-09-26"})
    first, war = claims
    assert (first["location"], first["event_date"], first["attribution"]) == (
        "Jisr al-Shughur", dt.date(2017, 9, 25), "Syrian Observatory for Human Rights")
    assert war["value"] == 400_000 and war["cumulative"] and war["event_date"] is None


def test_sentences_do_not_end_at_abbreviations():
    text = "The U.N. said on Sept. 24 that 10 died. Next."
    assert [text[a:b] for a, b in sentence_spans(text)] == ["The U.N. said on Sept. 24 that 10 died.", "Next."]


def test_report_counts_skip_cumulative_and_vague_figures():
    text = ("Dozens of civilians were killed on Tuesday. At least 73 civilians were killed in Tokhar. "
            "The war has killed more than 280,000 civilians.")
    claims = pd.DataFrame(RuleExtractor().extract_report({"report_id": "r", "language": "en", "text": text}))
    counts = report_counts(claims)
    assert counts.loc[counts["category"] == "killed", "value"].tolist() == [73.0]
    assert report_figure_accuracy(counts, {"r": 73})["accuracy"] == 1.0


def test_report_counts_take_a_category_from_the_lead_when_the_lead_counts_it():
    background = " ".join(["The town lies in the hills and was shelled often during the war."] * 14)
    text = ("58 people were killed in a gas attack on Tuesday. " + background
            + " Last month at least nine civilians were killed in a nearby village. Doctors treated 40 injured.")
    claims = pd.DataFrame(RuleExtractor().extract_report({"report_id": "r", "language": "en", "text": text}))
    counts = report_counts(claims).set_index(["category", "subject"])["value"]
    # killed is counted in the lead, so the later civilians count is background
    assert counts["killed"].to_dict() == {"people": 58.0}
    # the lead does not count the injured: their figure comes from further on
    assert counts[("injured", "unspecified")] == 40.0


def test_eval_extraction_cli_on_the_demo_gold(tmp_path):
    demo = ROOT / "toolkit" / "data" / "demo"
    result = subprocess.run([sys.executable, "-m", "toolkit.cli", "eval", "extraction", str(demo / "reports.jsonl"),
                             "--gold", str(demo / "gold_claims.csv"), "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    scores = pd.read_json(tmp_path / "extraction.json")
    assert scores.loc["f1", "detection"] > 0.8 and scores.loc["f1", "category+subject+value"] > 0.7


def test_relative_dates_resolve_through_extract_claims():
    from toolkit.extract import extract_claims

    reports = pd.DataFrame([{"report_id": "r", "language": "en", "published": dt.date(2017, 9, 26),
                             "text": "On Monday, 27 civilians were killed in Jisr al-Shughur."}])
    assert extract_claims(reports).loc[0, "event_date"] == dt.date(2017, 9, 25)


def test_a_report_the_extractor_fails_on_is_rejected_not_fatal():
    from toolkit.extract import extract_claims

    class FailsOnOne(RuleExtractor):
        def extract_report(self, report):
            if report["report_id"] == "bad":
                raise ValueError("cannot read this one")
            return super().extract_report(report)

    reports = pd.DataFrame([{"report_id": i, "language": "en", "text": "12 people were killed."} for i in ("a", "bad", "c")])
    rejects: list = []
    claims = extract_claims(reports, FailsOnOne(), rejects=rejects)
    assert sorted(claims["report_id"]) == ["a", "c"]
    assert rejects == [{"stage": "extract", "file": None, "row": None, "report_id": "bad", "field": "text",
                        "reason": "extraction failed: ValueError: cannot read this one"}]
    with pytest.raises(ValueError):
        extract_claims(reports, FailsOnOne())


def test_the_finest_place_and_the_place_of_an_earlier_sentence():
    text = "Shelling hit Idlib province. At least 12 civilians were killed. Strikes on Jisr al-Shughur in Idlib killed 5."
    claims = RuleExtractor().extract_report({"report_id": "r", "language": "en", "text": text})
    # the lead names the place; the count in the next sentence is at that place
    assert claims[0]["location"] == "Idlib"
    # of the places after a count, the finest (the subdistrict, not its governorate)
    assert [c["location"] for c in claims if c["value"] == 5.0] == ["Jisr al-Shughur"]


def test_generic_words_and_regions_are_not_fuzzy_matches():
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("المدينة") is None  # "the city", not Mayadin
    assert gazetteer.lookup("الغوطة الشرقية").name == "Eastern Ghouta"


@pytest.mark.parametrize("text, language, expected", [
    ("ريف دمشق – المرصد السوري لحقوق الإنسان: ارتفع إلى ٩٦ عدد الشهداء", "ar", "Syrian Observatory for Human Rights"),
    ("Opposition activists say more than 90 people were killed.", "en", "activists"),
    ("قالت هيومن رايتس ووتش إن 5 أشخاص قتلوا", "ar", "Human Rights Watch"),
    ("The U.N. human rights office said 108 people were killed.", "en", "UN human rights office"),
])
def test_attribution_from_bylines_and_more_givers(text, language, expected):
    claims = RuleExtractor().extract_report({"report_id": "r", "language": language, "text": text})
    assert claims and {c["attribution"] for c in claims} == {expected}


def test_a_dateline_is_not_an_event_date_and_a_later_sentence_keeps_the_incident_date():
    text = ("August 13 2016 More than 100 civilians have been killed in Aleppo. "
            "Strikes on Tuesday killed 8 people in Maarrat Masrin. Two more civilians were killed in Sarmin.")
    claims = RuleExtractor().extract_report({"report_id": "r", "language": "en", "text": text,
                                             "published": "2016-08-13"})
    assert [c["event_date"] for c in claims] == [None, dt.date(2016, 8, 9), dt.date(2016, 8, 9)]


def test_short_arabic_skeletons_and_al_midan_do_not_meet_syrian_places():
    gazetteer = Gazetteer.default()
    assert gazetteer.lookup("الميدان") is None and gazetteer.lookup("al-Midan") is None
    assert gazetteer.lookup("حلب").name == "Aleppo"  # a short name spelled as in the gazetteer still matches


# Place constructions: each with sentences of its own.
def _places(sentence: str, language: str) -> list[str]:
    from toolkit.extract.places import find_places
    from toolkit.extract.tokens import tokenize
    from toolkit.ingest.arabic import normalise_arabic

    text = normalise_arabic(sentence) if language == "ar" else sentence
    return [mention.place.name for mention in find_places(tokenize(text), language)]


def test_a_facility_named_after_a_place_is_not_the_place():
    assert _places("Jets struck al-Quds hospital in Aleppo overnight", "en") == ["Aleppo"]
    assert _places("The shelling hit Hama school and killed 5 children in Homs", "en") == ["Homs"]
    assert _places("Shells fell on Homs on Monday", "en") == ["Homs"]


def test_a_run_holding_a_number_is_not_a_place():
    assert _places("قتل 40 مدنيا في نحو ثمانين غارة على ريف إدلب", "ar") == ["Idlib"]


def test_an_arabic_name_with_the_article_finds_its_gazetteer_entry():
    assert _places("سقط قتلى في سوق بلدة الأتارب", "ar") == ["Atareb"]


def test_a_size_adjective_ends_a_town_name_outside_the_gazetteer():
    names = _places("استهدفت الغارات قرية كفرنبودة الصغرى", "ar")
    assert len(names) == 1 and names[0].endswith("الصغري")
