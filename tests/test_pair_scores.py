"""The structure-aware pair features, the shipped same-incident pair model, and pair scores as a tool
(toolkit.cluster.pair_probability, crosstally eval pairs)."""

import csv
import itertools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.cluster import pair_probability, score_pairs
from toolkit.cluster.candidates import candidate_pairs
from toolkit.cluster.pair_model import load_pair_model
from toolkit.cluster.scores import FEATURES, ReportEvidence, language_codes, neighbour_baselines, pair_features
from toolkit.config import ClusterConfig, load_config
from toolkit.evaluate.clustering import clustering_scores

DATA = Path(__file__).resolve().parent.parent / "toolkit" / "data"


def claims_of(rows: list[dict]) -> pd.DataFrame:
    base = {"category": "killed", "subject": "civilians", "value": np.nan, "lower": np.nan, "upper": np.nan,
            "qualifier": "exact", "location_id": None, "part_of": None, "cumulative": False, "event_date": None}
    frame = pd.DataFrame([{**base, **row} for row in rows])
    frame["claim_id"] = [f"{row}-c{number}" for number, row in enumerate(frame["report_id"])]
    return frame


def features_of(evidence: ReportEvidence, pairs: list[tuple[int, int]], days=None, languages=None) -> pd.DataFrame:
    i, j = np.array([a for a, _ in pairs]), np.array([b for _, b in pairs])
    n = len(evidence.event_days)
    days = np.zeros(n) if days is None else np.asarray(days, dtype=float)
    table = pair_features(i, j, np.full(len(i), 0.7), days, evidence, 7, languages)
    return pd.DataFrame(table, columns=FEATURES)


def test_a_town_matches_its_district_and_governorate_and_not_a_town_elsewhere():
    ids = pd.Series(["atareb", "aleppo", "mount-simeon", "jisr"])
    claims = claims_of([
        {"report_id": "atareb", "location_id": "sy-aleppo-mount-simeon-atareb"},
        {"report_id": "aleppo", "location_id": "sy-aleppo"},
        {"report_id": "mount-simeon", "location_id": "sy-aleppo-mount-simeon"},
        {"report_id": "jisr", "location_id": "sy-idlib-jisr-al-shughur"}])
    evidence = ReportEvidence.from_claims(ids, claims)
    place = features_of(evidence, [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3)])["place"].tolist()
    assert place == [1.0, 1.0, 1.0, 0.0, 0.0]


def test_figures_are_compatible_by_their_bounds():
    ids = pd.Series(["exact45", "atleast40", "exact8", "exact40"])
    claims = claims_of([
        {"report_id": "exact45", "value": 45.0, "lower": 45.0, "upper": 45.0},
        {"report_id": "atleast40", "lower": 40.0, "qualifier": "at_least"},
        {"report_id": "exact8", "value": 8.0, "lower": 8.0, "upper": 8.0},
        {"report_id": "exact40", "value": 40.0, "lower": 40.0, "upper": 40.0}])
    evidence = ReportEvidence.from_claims(ids, claims)
    figures = features_of(evidence, [(0, 1), (0, 2), (0, 3), (1, 2)])["claims"].tolist()
    # 45 ~ "at least 40"; 45 vs 8 no; 45 ~ 40; "at least 40" vs 8: 8 < 40 / 2, no
    assert figures == [1.0, 0.0, 1.0, 0.0]


def test_the_event_date_of_the_claims_replaces_a_drifting_publication_date():
    ids = pd.Series(["late", "on-time"])
    claims = claims_of([{"report_id": "late", "value": 3.0, "event_date": pd.Timestamp("2017-09-24").date()},
                        {"report_id": "on-time", "value": 3.0}])
    evidence = ReportEvidence.from_claims(ids, claims)
    published = (pd.to_datetime(["2017-09-30", "2017-09-24"]) - pd.Timestamp("1970-01-01")).days.to_numpy(float)
    row = features_of(evidence, [(0, 1)], days=published)
    assert row["date"].item() == 1.0 and row["undated"].item() == 0.0
    undated = features_of(evidence, [(0, 1)], days=[np.nan, np.nan])
    assert undated["undated"].item() == 1.0  # the on-time report has no date at all


def test_cross_lingual_flag_and_margins_leave_the_pair_out_of_its_own_baseline():
    evidence = ReportEvidence.empty(3)
    row = features_of(evidence, [(0, 1), (1, 2)], languages=np.array(["en", "ar", "ar"]))
    assert row["cross_lingual"].tolist() == [1.0, 0.0]
    i, j, similarity = np.array([0, 0, 1]), np.array([1, 2, 2]), np.array([0.9, 0.5, 0.7])
    left, right = neighbour_baselines(i, j, similarity, 3, k=5)
    # pair (0,1): report 0's other candidate has 0.5, report 1's has 0.7
    assert np.allclose([left[0], right[0]], [0.5, 0.7])
    lone_left, lone_right = neighbour_baselines(np.array([0]), np.array([1]), np.array([0.9]), 2)
    assert np.isnan(lone_left[0]) and np.isnan(lone_right[0])


def _unit(angles_degrees: list[float]) -> np.ndarray:
    angles = np.radians(angles_degrees)
    return np.column_stack([np.cos(angles), np.sin(angles)]).astype(np.float32)


def test_each_report_gets_its_nearest_neighbours_in_each_language():
    # Three English reports close together, three Arabic ones close together; English 0 and
    # Arabic 3 report one event, but each is nearer to two reports of its own language.
    vectors = _unit([0, 5, 8, 40, 45, 48])
    languages = np.array(["en", "en", "en", "ar", "ar", "ar"])
    days = np.zeros(6)
    i, j, _ = candidate_pairs(vectors, days, k=2, window_days=7)
    assert (0, 3) not in set(zip(i.tolist(), j.tolist()))
    i, j, similarity = candidate_pairs(vectors, days, k=2, window_days=7, groups=language_codes(languages, 6))
    pairs = set(zip(i.tolist(), j.tolist()))
    assert (0, 3) in pairs and (0, 1) in pairs and (3, 4) in pairs
    # and every report has at least k neighbours in each language (as many as that language has)
    for report in range(6):
        partners = [b if a == report else a for a, b in pairs if report in (a, b)]
        for language in ("en", "ar"):
            found = [p for p in partners if languages[p] == language]
            assert len(found) >= min(2, sum(languages == language) - (languages[report] == language))
    same = candidate_pairs(vectors, days, k=2, window_days=7, groups=np.zeros(6, dtype=int))
    assert all(np.array_equal(a, b) for a, b in zip(same, candidate_pairs(vectors, days, k=2, window_days=7)))


def test_the_margin_and_best_match_compare_a_pair_with_neighbours_in_the_partner_language():
    # Report 0 (ar) has an Arabic neighbour at 0.9 and two English candidates, 2 at 0.6 and 3 at 0.3;
    # report 2 (en) has English neighbour 1 at 0.8 besides 0 and 4 (ar) at 0.2.
    i = np.array([0, 0, 0, 1, 2])
    j = np.array([5, 2, 3, 2, 4])
    similarity = np.array([0.9, 0.6, 0.3, 0.8, 0.2])
    languages = np.array(["ar", "en", "en", "en", "ar", "ar"])
    table = pd.DataFrame(pair_features(i, j, similarity, np.zeros(6), ReportEvidence.empty(6), 7, languages),
                         columns=FEATURES)
    row = table.iloc[1]  # the pair (0, 2)
    # baselines: 0 among English others (3: 0.3), 2 among Arabic others (4: 0.2)
    assert row["text_margin"] == pytest.approx(0.6 - (0.3 + 0.2) / 2)
    assert row["best_match"] == 1.0  # each is the other's nearest in its language
    blind = pd.DataFrame(pair_features(i, j, similarity, np.zeros(6), ReportEvidence.empty(6), 7, None),
                         columns=FEATURES).iloc[1]
    # without languages, report 0's Arabic neighbour (0.9) and report 2's English one (0.8) outrank the partner
    assert blind["best_match"] == 0.0 and blind["text_margin"] < row["text_margin"]


def test_the_shipped_pair_model_is_the_default_and_clusters_the_demo(tmp_path):
    config = ClusterConfig()
    assert config.scorer == "logistic" and config.threshold == 0.5
    model = load_pair_model(config.component_settings("scorer")["pair_model"])
    assert model["features"] == list(FEATURES) and set(model["trained_on"]) == {"demo", "ntrex", "fakes_weak", "fignews"}
    from toolkit.pipeline import run_pipeline
    from toolkit.runs import load_run

    run = load_run(run_pipeline(load_config("configs/demo.yaml"), tmp_path / "demo", until="cluster", show_progress=False))
    gold = dict(pd.read_csv(DATA / "demo" / "gold_incidents.csv", dtype=str)[["report_id", "incident_id"]].values)
    predicted = dict(zip(run.incidents["report_id"], run.incidents["incident_id"]))
    assert clustering_scores(gold, predicted)["b3_f1"] >= 0.93


IDLIB_EN = {"report_id": "idlib-en", "language": "en", "published": "2017-09-25",
            "text": "Airstrikes killed 45 civilians in over 90 raids on 17 towns in rural Idlib, activists said."}
IDLIB_AR = {"report_id": "idlib-ar", "language": "ar", "published": "2017-09-26",
            "text": "مقتل 40 مدنيا في 80 غارة على ريف إدلب"}
DARAA_EN = {"report_id": "daraa-en", "language": "en", "published": "2017-09-26",
            "text": "Three people were wounded by shelling in Daraa."}


def test_pair_probability_says_how_likely_and_why():
    same = pair_probability(IDLIB_EN, IDLIB_AR)
    other = pair_probability(IDLIB_EN, DARAA_EN)
    assert same.probability > 0.5 > other.probability
    model = load_pair_model("package:pair_models/same_incident.json")
    for score in (same, other):
        logit = math.log(score.probability / (1 - score.probability))
        assert sum(score.contributions.values()) == pytest.approx(logit - score.baseline_logit, abs=1e-3)
    assert same.features["place"] == 1.0 and other.features["place"] == 0.0  # Idlib vs Daraa
    assert set(same.contributions) == set(model["features"]) and "P(same incident" in str(same)


def test_eval_pairs_scores_a_file_against_gold(tmp_path):
    path = tmp_path / "pairs.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["report_id_a", "language_a", "published_a", "text_a", "report_id_b", "language_b",
                         "published_b", "text_b", "same_incident"])
        for a, b, gold in ((IDLIB_EN, IDLIB_AR, 1), (IDLIB_EN, DARAA_EN, 0)):
            writer.writerow([a["report_id"], a["language"], a["published"], a["text"],
                             b["report_id"], b["language"], b["published"], b["text"], gold])
    result = CliRunner().invoke(app, ["eval", "pairs", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "out" / "pairs.json").read_text(encoding="utf-8"))
    assert summary["n_pairs"] == 2 and summary["roc_auc"] == 1.0 and summary["accuracy"] == 1.0
    rows = [json.loads(line) for line in (tmp_path / "out" / "pairs.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [row["report_b"] for row in rows] == ["idlib-ar", "daraa-en"]
    broken = tmp_path / "broken.csv"
    broken.write_text("text_a,same_incident\nsome text,1\n", encoding="utf-8")
    failed = CliRunner().invoke(app, ["eval", "pairs", str(broken)])
    assert failed.exit_code == 2 and "needs text_a and text_b, each a non-empty string" in failed.output


def test_the_fignews_gold_links_only_what_both_annotators_link():
    folder = DATA / "incident_gold" / "fignews"
    gold = pd.read_csv(folder / "gold_incidents.csv", dtype=str)
    reports = [json.loads(line) for line in (folder / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(gold["report_id"]) == sorted(report["report_id"] for report in reports)
    assert {report["language"] for report in reports} == {"ar", "en"}

    def pairs(path: Path) -> set:
        groups = pd.read_csv(path, dtype=str).groupby("incident")["post_id"]
        return {pair for _key, members in groups for pair in itertools.combinations(sorted(members), 2)}

    both = pairs(folder / "annotations" / "annotator_1.csv") & pairs(folder / "annotations" / "annotator_2.csv")
    incident = dict(gold.values)
    gold_pairs = {pair for _key, members in gold.groupby("incident_id")["report_id"]
                  for pair in itertools.combinations(sorted(members), 2)}
    assert gold_pairs == both and all(incident[a] == incident[b] for a, b in both)


def test_a_pair_scores_the_same_whatever_else_is_asked_and_bad_pairs_fail_before_any_work():
    flood = {"report_id": "flood", "language": "en", "published": "2017-12-30",
             "text": "Floods damaged 200 homes in Latakia after heavy rain."}
    alone = score_pairs([(IDLIB_EN, flood)])[0].probability
    twice = score_pairs([(IDLIB_EN, flood), (flood, IDLIB_EN)])
    assert twice[0].probability == pytest.approx(alone, abs=1e-9) == pytest.approx(twice[1].probability, abs=1e-9)
    with pytest.raises(ValueError, match="paired with itself"):
        score_pairs([(IDLIB_EN, IDLIB_AR), (DARAA_EN, DARAA_EN)])
    with pytest.raises(ValueError, match="given before with another text"):
        score_pairs([(IDLIB_EN, IDLIB_AR), ({**IDLIB_EN, "text": "Another text."}, DARAA_EN)])


def test_streaming_tells_the_pair_model_when_a_date_is_missing():
    from toolkit.cluster.scores import centroid_features

    features = centroid_features(np.array([0.9, 0.9]), np.array([0.0, 0.0]), np.array([True, False]))
    assert features[:, FEATURES.index("undated")].tolist() == [1.0, 0.0]


def test_the_documented_pair_probability_example_prints_what_the_docs_show():
    documented = (DATA.parent.parent / "docs" / "clustering.md").read_text(encoding="utf-8")
    score = pair_probability(
        {"text": "Airstrikes killed 45 civilians in over 90 raids on 17 towns in rural Idlib, activists said.",
         "language": "en", "published": "2017-09-25"},
        {"text": "مقتل 40 مدنيا في 80 غارة على ريف إدلب", "language": "ar", "published": "2017-09-26"})
    assert str(score) in documented
