import math

import numpy as np
import pandas as pd
import pytest

from toolkit.agree import agree, pairwise_agreement
from toolkit.agree.units import source_counts
from toolkit.align import align_claims
from toolkit.config import AgreeConfig, AlignConfig
from toolkit.embed import make_encoder


def claim(claim_id, report_id, category, subject, value, part_of=None, sentence="", lower=None, upper=None):
    return {"claim_id": claim_id, "report_id": report_id, "category": category, "subject": subject,
            "value": value, "qualifier": "exact" if value is not None else "vague", "lower": lower if lower is not None else value,
            "upper": upper if upper is not None else value, "part_of": part_of,
            "location": None, "sentence": sentence}


def test_alignment_matches_claims_across_languages_despite_different_counts():
    claims = pd.DataFrame([
        claim("en-c1", "en", "killed", "civilians", 45, sentence="45 civilians were killed in airstrikes on rural Idlib."),
        claim("en-c2", "en", "injured", "unspecified", None, sentence="Dozens were wounded.", lower=24, upper=99),
        claim("ar-c1", "ar", "injured", "unspecified", 80, sentence="وأصيب 80 آخرون بجروح."),
        claim("ar-c2", "ar", "killed", "civilians", 40, sentence="قتل 40 مدنيا في غارات على ريف إدلب."),
    ])
    members = pd.DataFrame({"incident_id": ["inc-1", "inc-1"], "report_id": ["en", "ar"]})
    encoder = make_encoder("use-multilingual-v3")
    table = align_claims(claims, members, encoder.encode, AlignConfig())
    pairs = {(a, b) for a, b in zip(table["claim_id_a"], table["claim_id_b"])}
    assert pairs == {("ar-c2", "en-c1"), ("ar-c1", "en-c2")}


def test_pairwise_agreement_by_hand():
    assert pairwise_agreement([45, 45, 40], 0.1) == (1 / 3, 1 / 3)
    assert pairwise_agreement([100, 91], 0.1) == (0.0, 1.0)
    assert all(math.isnan(x) for x in pairwise_agreement([45], 0.1))


def test_source_figure_is_the_lead_top_level_claim_and_the_largest_across_reports():
    claims = pd.DataFrame([
        claim("a1-c1", "a1", "killed", "civilians", 40),
        claim("a1-c2", "a1", "killed", "civilians", 27, part_of="a1-c1"),
        claim("a1-c3", "a1", "killed", "civilians", 12),
        claim("a2-c1", "a2", "killed", "civilians", 45),
        claim("b1-c1", "b1", "killed", "civilians", None, lower=24, upper=99),
    ])
    members = pd.DataFrame({"incident_id": ["i"] * 3, "report_id": ["a1", "a2", "b1"]})
    reports = pd.DataFrame({"report_id": ["a1", "a2", "b1"], "source": ["A", "A", "B"],
                            "language": ["en", "en", "ar"]})
    counts = source_counts(claims.assign(language="en"), members, reports)
    assert dict(zip(counts["source"], counts["value"])) == {"A": 45.0, "B": 61.5}


def test_agree_summary_counts_units():
    claims = pd.DataFrame([claim("a-c1", "a", "killed", "civilians", 45),
                           claim("b-c1", "b", "killed", "civilians", 40)]).assign(language="en")
    members = pd.DataFrame({"incident_id": ["i", "i"], "report_id": ["a", "b"]})
    reports = pd.DataFrame({"report_id": ["a", "b"], "source": ["A", "B"], "language": ["en", "ar"]})
    result = agree(claims, members, reports, AgreeConfig())
    unit = result.units.iloc[0]
    assert (unit["consensus"], unit["exact_agreement"], unit["within_tolerance"]) == (42.5, 0.0, 0.0)
    assert result.summary["n_units_with_two_or_more_sources"] == 1
    bias = result.sources.set_index("source")["mean_log_ratio"]
    assert bias["A"] == pytest.approx(np.log(45 / 40))


def test_subcounts_and_totals_are_different_levels_with_extracted_claims():
    from toolkit.align import slot_compatibility
    from toolkit.extract import extract_claims

    claims = extract_claims(pd.DataFrame([{"report_id": "r", "language": "en",
                                           "text": "45 civilians were killed, including 9 civilians in Ariha."}]))
    total, part = claims.to_dict("records")
    assert part["part_of"] == total["claim_id"]
    assert slot_compatibility(total, part) == 0.5  # same subject, different level


def test_agreement_on_a_corpus_without_claims():
    empty_claims = pd.DataFrame([claim("a-c1", "a", "killed", "civilians", 45)]).iloc[:0].assign(language=[])
    members = pd.DataFrame({"incident_id": ["i"], "report_id": ["a"]})
    reports = pd.DataFrame({"report_id": ["a"], "source": ["A"], "language": ["en"]})
    result = agree(empty_claims, members, reports, AgreeConfig(bootstrap_draws=10))
    assert result.units.empty and result.summary["alpha"]["estimate"] is None


def test_heatmap_of_many_sources_shows_the_twenty_sharing_most_units(tmp_path):
    from toolkit.agree.figures import HEATMAP_MAX_SOURCES, agreement_heatmap

    names = [f"src{number:02d}" for number in range(30)]
    # src00 shares most units, src29 fewest: a pair's shared units fall with both positions.
    pairs = pd.DataFrame([{"source_a": a, "source_b": b, "n_shared": 100 - i - j, "within_tolerance": 0.5}
                          for i, a in enumerate(names) for j, b in enumerate(names) if i < j])
    assert agreement_heatmap(pairs, tmp_path) == ["agreement_heatmap.png", "agreement_heatmap.svg"]
    svg = (tmp_path / "agreement_heatmap.svg").read_text(encoding="utf-8")
    assert f"the {HEATMAP_MAX_SOURCES} of 30 sources sharing the most units" in svg
    assert "src19" in svg and "src20" not in svg and "src29" not in svg
