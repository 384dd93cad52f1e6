"""Claim alignment on a hand-built bilingual pair, the NTREX gold derivation, and `eval alignment`."""

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from toolkit.align import align_claims, slot_compatibility
from toolkit.evaluate.alignment import (
    alignment_scores,
    ntrex_alignment_task,
    values_agree,
)
from toolkit.cli import app
from toolkit.config import AlignConfig
from toolkit.embed import make_cached_encoder
from toolkit.extract import extract_claims

runner = CliRunner()

ENGLISH = ("Airstrikes on rural Idlib killed 45 civilians on Monday, activists said. "
           "Dozens of people were wounded. Rescuers said 3 people were still missing under the rubble.")
ARABIC = ("فقد ٢ تحت الأنقاض بحسب الدفاع المدني. "
          "وأصيب ٨٠ شخصا بجروح. قتل ٤٠ مدنيا في غارات على ريف إدلب يوم الاثنين.")


def test_claims_of_a_bilingual_pair_align_by_meaning_not_by_order_or_count():
    reports = pd.DataFrame([{"report_id": "en", "language": "en", "text": ENGLISH},
                            {"report_id": "ar", "language": "ar", "text": ARABIC}])
    claims = extract_claims(reports)
    by_category = {(row["report_id"], row["category"]): row["claim_id"] for row in claims.to_dict("records")}
    assert set(by_category) == {(r, c) for r in ("en", "ar") for c in ("killed", "injured", "missing")}
    members = pd.DataFrame({"incident_id": ["i1", "i1"], "report_id": ["en", "ar"]})
    encoder = make_cached_encoder("use-multilingual-v3")
    table = align_claims(claims, members, encoder.encode, AlignConfig())
    pairs = {frozenset(pair) for pair in zip(table["claim_id_a"], table["claim_id_b"])}
    # the Arabic report lists the claims in reverse order and every count differs
    assert pairs == {frozenset((by_category[("en", c)], by_category[("ar", c)]))
                     for c in ("killed", "injured", "missing")}


def test_slot_compatibility_by_hand():
    def slots(category, subject, part_of=None):
        return {"category": category, "subject": subject, "part_of": part_of}

    assert slot_compatibility(slots("killed", "civilians"), slots("injured", "civilians")) == 0.0
    assert slot_compatibility(slots("killed", "civilians"), slots("killed", "civilians")) == 1.0
    # related subjects: half subject credit, same level: 0.5 * 0.5 + 0.5 * 1
    assert slot_compatibility(slots("injured", "soldiers"), slots("injured", "fighters")) == 0.75
    # a sub-count against a total: 0.5 * 1 + 0.5 * 0
    assert slot_compatibility(slots("killed", "children", "c1"), slots("killed", "children")) == 0.5
    # the fallback category "other" fits at half weight: 0.5 * (0.5 * 1 + 0.5 * 1)
    assert slot_compatibility(slots("other", "people"), slots("killed", "people")) == 0.5


def test_alignment_scores_and_value_agreement_by_hand():
    gold = {("e1", "a1"), ("e2", "a2"), ("e3", "a3")}
    predicted = {("a1", "e1"), ("e2", "a3"), ("e4", "a4")}
    scores = alignment_scores(predicted, gold, unjudged={("e4", "a4")})
    # 1 right of 2 judged predictions; 1 of 3 gold pairs found
    assert (scores["precision"], scores["recall"]) == (0.5, pytest.approx(1 / 3))
    assert scores["f1"] == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    assert scores["n_predicted_unjudged"] == 1
    assert values_agree({"value": 45.0}, {"value": 45.0, "lower": 46.0})
    assert not values_agree({"value": 45.0}, {"value": None, "lower": 24.0, "upper": 99.0})


def test_ntrex_gold_pairs_by_position_and_unjudged_lines(tmp_path):
    (tmp_path / "NTREX-128").mkdir()
    english = ["Floods killed 12 people and injured 30 others.",   # 2 claims
               "Police arrested 5 men.",                           # 1 claim
               "The weather was fine.",                            # none
               "At least 7 people died and 2 were injured in a crash."]
    arabic = ["قتل ١٢ شخصا في الفيضانات وأصيب ٣٠ آخرون.",
              "اعتقل ٥ رجال.",
              "كان الطقس جميلا.",
              "لقي ٧ أشخاص على الأقل حتفهم في حادث."]                # the injured count is not translated
    (tmp_path / "NTREX-128" / "newstest2019-src.eng.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    (tmp_path / "NTREX-128" / "newstest2019-ref.arb.txt").write_text("\n".join(arabic) + "\n", encoding="utf-8")
    (tmp_path / "DOCUMENT_IDS.tsv").write_text("d1\nd1\nd1\nd2\n", encoding="utf-8")
    task = ntrex_alignment_task(tmp_path)
    claims = task.claims.set_index("claim_id")
    assert list(task.members["incident_id"]) == ["doc001", "doc001", "doc002", "doc002"]
    by_value = {(row.report_id, row.value): claim_id for claim_id, row in claims.iterrows()}
    assert task.gold == {tuple(sorted((by_value[("doc001-en", v)], by_value[("doc001-ar", v)])))
                         for v in (12.0, 30.0, 5.0)}
    # line 4: two English claims, one Arabic claim, so no positional gold there
    assert len(task.unjudged) == 2 and all("doc002" in a and "doc002" in b for a, b in task.unjudged)
    assert task.notes["lines_with_claims"] == {"same_count_both_sides": 2, "different_counts": 1}


def test_eval_alignment_on_ntrex_documents(tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "alignment", "--task", "ntrex", "--documents", "30", "--out", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads((out / "alignment.json").read_text(encoding="utf-8"))
    assert scores["task"] == "ntrex128-ar-en" and scores["documents"] == 30 and scores["n_gold"] >= 10
    assert scores["f1"] >= 0.9
    assert 0.0 <= scores["value_agreement"]["correct_pairs"] <= 1.0


@pytest.mark.parametrize("options, message", [
    (["--task", "wmt"], "unknown task 'wmt'; known tasks: demo, ntrex"),
    (["--unit", "paragraph"], "unit must be 'document' or 'sentence'"),
    (["--data", "nowhere"], "missing NTREX-128/newstest2019-src.eng.txt"),
    (["--encoder", "laser"], "registered encoders: "),
])
def test_eval_alignment_bad_input_is_a_clear_error(tmp_path, options, message):
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "alignment", "--documents", "2", "--out", str(out), *options])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert not out.exists()
