"""The agreement statistics against independent references and hand-checked values."""

import math

import krippendorff
import numpy as np
import pandas as pd
import pytest

from toolkit.agree import agree
from toolkit.agree.alpha import UndefinedStatistic, krippendorff_alpha
from toolkit.agree.bias import bland_altman, deviations
from toolkit.agree.bootstrap import bootstrap, weighted_mean
from toolkit.agree.latex import escape, with_interval
from toolkit.agree.reference import (
    ReferenceTableError,
    compare_with_reference,
    load_reference,
)
from toolkit.agree.stats import lins_ccc, overlaps, source_pairs, unit_agreement
from toolkit.agree.units import interval_bounds
from toolkit.config import AgreeConfig

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 coders x 12 units.
PUBLISHED = np.array([[1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
                      [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
                      [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
                      [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan]])


@pytest.mark.parametrize("level, published", [("nominal", 0.743), ("ordinal", 0.815),
                                              ("interval", 0.849), ("ratio", 0.797)])
def test_alpha_equals_the_published_worked_example(level, published):
    assert krippendorff_alpha(PUBLISHED, level) == pytest.approx(published, abs=5e-4)


@pytest.mark.parametrize("level", ["nominal", "ordinal", "interval", "ratio"])
def test_alpha_equals_the_reference_implementation_on_random_data(level):
    rng = np.random.default_rng(7)
    compared = 0
    for _ in range(60):
        data = rng.integers(0, 60, size=(rng.integers(2, 7), rng.integers(3, 40))).astype(float)
        data[rng.random(data.shape) < 0.35] = np.nan
        try:
            reference = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        except ValueError:
            continue
        assert krippendorff_alpha(data, level) == pytest.approx(reference, abs=1e-9)
        compared += 1
    assert compared > 40


def test_alpha_without_variation_or_pairs_is_an_error_not_nan():
    with pytest.raises(UndefinedStatistic, match="no variation"):
        krippendorff_alpha(np.array([[5.0, 7.0], [5.0, 7.0]]) * 0 + 5, "ratio")
    with pytest.raises(UndefinedStatistic, match="two or more coders"):
        krippendorff_alpha(np.array([[5.0, np.nan], [np.nan, 7.0]]), "ratio")


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    values = np.arange(20, dtype=float)
    first = bootstrap(weighted_mean(values), 20, 300, [3, 1])
    second = bootstrap(weighted_mean(values), 20, 300, [3, 1])
    assert first == second and first.low < first.estimate == 9.5 < first.high


def test_lins_ccc_by_hand():
    x, y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 2.0, 4.0, 4.0])
    # means 2.5 and 3; population variances 1.25 and 1; covariance 1.0
    assert lins_ccc(x, y) == pytest.approx(2 * 1.0 / (1.25 + 1.0 + 0.25))
    assert math.isnan(lins_ccc(x[:2], y[:2]))


def test_intervals_of_bounded_claims_and_their_overlap():
    claims = pd.DataFrame({"qualifier": ["at_least", "vague", "at_most"], "value": [45.0, None, 30.0],
                           "lower": [45.0, 24.0, None], "upper": [None, 99.0, 30.0]})
    lower, upper = interval_bounds(claims, 0.1)
    assert list(zip(lower, upper)) == [(45.0, math.inf), (24.0, 99.0), (0.0, 30.0)]
    assert overlaps((45, math.inf), (24, 99)) and not overlaps((45, math.inf), (0, 30))


def counts_frame(rows):
    return pd.DataFrame([{"incident_id": unit, "category": "killed", "subject": "civilians", "location": "",
                          "source": source, "language": language, "value": value, "lower": value,
                          "upper": value, "qualifier": "exact", "claim_id": f"{source}-{unit}"}
                         for unit, source, language, value in rows])


def test_leave_one_out_bias_and_bland_altman_by_hand():
    counts = counts_frame([("u1", "A", "ar", 40.0), ("u1", "B", "en", 45.0), ("u1", "C", "en", 50.0),
                           ("u2", "A", "ar", 10.0), ("u2", "B", "en", 20.0)])
    table = deviations(counts).set_index(["unit", "source"])
    unit1 = "u1 | killed | civilians | "
    assert table.loc[(unit1, "A"), "consensus_of_others"] == 47.5
    assert table.loc[(unit1, "A"), "log_ratio"] == pytest.approx(math.log(40 / 47.5))
    ratios = table["log_ratio"].to_numpy()
    limits = bland_altman(table.reset_index())
    assert limits["bias"] == pytest.approx(ratios.mean())
    assert limits["upper_limit"] - limits["bias"] == pytest.approx(1.96 * ratios.std(ddof=1))


def test_single_source_slots_zeros_and_equal_counts_give_defined_results():
    counts = counts_frame([("u1", "A", "ar", 0.0), ("u1", "B", "en", 0.0), ("u2", "A", "ar", 7.0)])
    units = unit_agreement(counts, 0.1).set_index("incident_id")
    assert units.loc["u1", "exact_agreement"] == 1.0 and math.isnan(units.loc["u1", "median_abs_log_ratio"])
    assert units.loc["u2", "n_sources"] == 1 and math.isnan(units.loc["u2", "exact_agreement"])
    pairs = source_pairs(counts, 0.1)
    assert pairs.loc[0, "n_shared"] == 1 and math.isnan(pairs.loc[0, "ccc_log"])


def test_agree_summary_never_reports_nan():
    claims = pd.DataFrame([
        {"claim_id": f"{r}-c1", "report_id": r, "category": "killed", "subject": "civilians", "value": 12.0,
         "lower": 12.0, "upper": 12.0, "qualifier": "exact", "part_of": None, "location": None, "language": "en"}
        for r in ("a", "b")])
    members = pd.DataFrame({"incident_id": ["i", "i"], "report_id": ["a", "b"]})
    reports = pd.DataFrame({"report_id": ["a", "b"], "source": ["A", "B"]})
    summary = agree(claims, members, reports, AgreeConfig(bootstrap_draws=50)).summary
    assert summary["alpha"]["estimate"] is None and "undefined" in summary["alpha"]
    assert summary["exact_agreement"]["estimate"] == 1.0
    assert summary["median_abs_log_ratio"]["estimate"] == 0.0


def test_reference_table_is_validated(tmp_path):
    path = tmp_path / "reference.csv"
    for content, message in [("place,date\nDouma,2015-08-16\n", "lacks columns count"),
                             ("place,date,count\nDouma,2015-08-16,many\n", "row 2: count 'many' is not a number"),
                             ("place,date,count\nDouma,2015-08-16,-3\n", "must be a finite count >= 0"),
                             ("place,date,count\nDouma,16/08/2015,3\n", "is not an ISO date"),
                             ("place,date,count,low,high\nDouma,2015-08-16,3,5,4\n", "low 5.0 is above high 4.0")]:
        path.write_text(content, encoding="utf-8")
        with pytest.raises(ReferenceTableError, match=message):
            load_reference(path)


def test_reference_comparison_matches_by_place_and_date(tmp_path):
    path = tmp_path / "reference.csv"
    path.write_text("place,date,count,low,high\nDouma,2015-08-16,100,96,117\nHoms,2015-08-16,5,,\n",
                    encoding="utf-8")
    incidents = pd.DataFrame({"incident_id": ["inc-1"], "start": [pd.Timestamp("2015-08-16").date()],
                              "end": [pd.Timestamp("2015-08-17").date()], "locations": [[]]})
    members = pd.DataFrame({"incident_id": ["inc-1"], "report_id": ["r1"]})
    reports = pd.DataFrame({"report_id": ["r1"], "text": ["Strikes on the market in DOUMA killed 112."]})
    units = pd.DataFrame({"incident_id": ["inc-1"], "category": ["killed"], "n_sources": [3], "consensus": [112.0]})
    table, summary = compare_with_reference(load_reference(path), incidents, members, reports, units,
                                            "killed", 3, 0.1, 100, 0, 0.95)
    assert table.loc[0, "incident_id"] == "inc-1" and pd.isna(table.loc[1, "incident_id"])
    assert table.loc[0, "inside_range"] and table.loc[0, "log_ratio"] == pytest.approx(math.log(1.12))
    assert summary["coverage"] == 0.5 and summary["share_inside_range"] == 1.0


def test_latex_helpers():
    assert escape("wire_service 10%") == r"wire\_service 10\%"
    assert with_interval(0.7573, 0.5681, 0.8712) == "0.76 [0.57, 0.87]"
    assert with_interval(None, None, None) == "--"


def test_groups_in_order_iterates_as_pandas_groupby_does():
    import numpy as np
    import pandas as pd

    from toolkit.agree.units import groups_in_order

    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"a": rng.choice(["x", "y", "z", None], 200), "b": rng.choice(["1", "2"], 200),
                          "v": rng.normal(size=200)})
    expected = [(key, group.index.to_numpy()) for key, group in frame.groupby(["a", "b"], sort=True)]
    got = groups_in_order(frame, ["a", "b"])
    assert [key for key, _ in got] == [key for key, _ in expected]
    assert all(np.array_equal(frame.index.to_numpy()[rows], index) for (_, rows), (_, index) in zip(got, expected))
    assert sum(len(rows) for _, rows in got) == frame["a"].notna().sum()  # missing keys left out, as groupby does
