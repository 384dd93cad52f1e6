"""Which report vector (and which encoder) clusters incidents best: head, chunk-mean, title-lead.

For each incident gold set, each ``embed.report_text`` strategy and each encoder given, the default
pipeline is run up to clustering and scored three ways: the ROC AUC of the report cosine for
"same incident" over every pair of reports (and over the English-Arabic pairs), B3 F1 of
threshold-average clustering on the cosine alone at its best threshold (the vectors' own quality,
no model in between), and B3 F1 with the shipped pair model at 0.5 (what a user gets; the model was
fitted on ``head`` vectors of mUSE, so other vectors are at a disadvantage there). Seconds: the
embed stage's time in that run (with an empty embedding cache, the encoder's cost). Rows are added
to experiments/pair_model/report_vectors.json (a row with the same corpus, encoder and strategy is
replaced), so slow encoders can be measured on a subset.

    python experiments/pair_model/report_vectors.py [--encoders use-multilingual-v3,ensemble]
        [--strategies head,chunk-mean,title-lead] [--corpora demo,ntrex,fakes_weak,fignews] [--rescore]

Not run in CI (e5 takes minutes per corpus): each row records the date and commit it was measured on,
and docs/retrieval.md's table is rendered from the rows (tests/test_docs.py checks it is).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import fit  # noqa: E402  (the gold sets and scoring of experiments/pair_model/fit.py)
from blocks import write_blocks  # noqa: E402

from toolkit.cluster.pair_model import load_pair_model, model_scores  # noqa: E402

STRATEGIES = ("head", "chunk-mean", "title-lead")
OUT = Path(__file__).resolve().parent / "report_vectors.json"


DOCS = [fit.ROOT / "docs" / "retrieval.md"]


def measured_on() -> str:
    """Today's date and the commit of the tree, for figures that cannot be regenerated in CI."""
    import datetime

    from toolkit.runs import commit_label

    return f"{datetime.date.today().isoformat()}, commit {commit_label()}"


def render(rows: list[dict]) -> dict[str, str]:
    """The table docs/retrieval.md quotes, from report_vectors.json."""
    lines = ["| encoder | report text | gold set | cosine ROC AUC (en–ar pairs) | B3 F1, cosine alone at its best "
             "threshold | B3 F1, shipped pair model at 0.5 | embed s | measured |", "|---|---|---|---|---|---|---|---|"]
    order = {name: number for number, name in enumerate(fit.CORPORA)}
    for row in sorted(rows, key=lambda r: (r["encoder"] != "use-multilingual-v3", r["encoder"],
                                           r["report_text"] != "head", r["report_text"], order[r["corpus"]])):
        cross = f" ({row['cosine_auc_en_ar']:.3f})" if row.get("cosine_auc_en_ar") is not None else ""
        lines.append(f"| {row['encoder']} | {row['report_text']} | {fit.NAMES[row['corpus']].split(' (')[0]} | "
                     f"{row['cosine_auc']:.3f}{cross} | {row['text_only_best_b3_f1']:.3f} (at "
                     f"{row['text_only_best_threshold']:g}) | {row['pair_model_b3_f1']:.3f} | "
                     f"{row['embed_seconds']:.0f} | {row['measured']} |")
    return {"report_vectors/table": "\n".join(lines)}


def embed_seconds(run_dir: Path) -> float | None:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    stage = manifest.get("stages", {}).get("embed", {})
    return stage.get("seconds")


def cosine_auc(run_dir: Path, corpus: dict) -> dict:
    """ROC AUC of the report cosine for "same incident", over all report pairs and English-Arabic ones."""
    vectors = np.load(run_dir / "embeddings.npy")
    incident = pd.Series(corpus["ids"]).map(corpus["gold"]).to_numpy()
    known = np.flatnonzero(pd.notna(incident))
    i, j = np.triu_indices(len(known), 1)
    a, b = known[i], known[j]
    cosine = np.einsum("ij,ij->i", vectors[a], vectors[b])
    same = incident[a] == incident[b]
    result = {"cosine_auc": round(float(roc_auc_score(same, cosine)), 4)}
    cross = corpus["languages"][a] != corpus["languages"][b]
    if cross.any() and 0 < same[cross].sum() < cross.sum():
        result["cosine_auc_en_ar"] = round(float(roc_auc_score(same[cross], cosine[cross])), 4)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoders", default="use-multilingual-v3")
    parser.add_argument("--strategies", default=",".join(STRATEGIES))
    parser.add_argument("--corpora", default=",".join(fit.CORPORA))
    parser.add_argument("--rescore", action="store_true",
                        help="score the runs already made again (stage cache), keeping their embed seconds and "
                             "noting the rescoring's date and commit")
    args = parser.parse_args()
    model = load_pair_model("package:pair_models/same_incident.json")
    rows = json.loads(OUT.read_text(encoding="utf-8")) if OUT.exists() else []
    for encoder in args.encoders.split(","):
        for strategy in args.strategies.split(","):
            for name in args.corpora.split(","):
                run_name = f"{name}-{encoder}-{strategy}"
                key = (name, encoder, strategy)
                previous = {(row["corpus"], row["encoder"], row["report_text"]): row for row in rows}.get(key)
                if args.rescore and previous:
                    corpus = fit.corpus_pairs(name, [f"embed.encoder={encoder}", f"embed.report_text={strategy}"],
                                              run_name)
                else:
                    cache = Path(tempfile.mkdtemp(prefix="crosstally-report-vectors-"))  # an empty embedding cache
                    corpus = fit.corpus_pairs(name, [f"embed.encoder={encoder}", f"embed.report_text={strategy}",
                                                     f"embed.cache_dir={cache}"], run_name, fresh=True)
                text = corpus["features"][:, 0]
                sweep = {float(t): fit.cluster_scores(corpus, np.round(text, 10), float(t))["b3_f1"]
                         for t in np.round(np.arange(0.30, 0.99, 0.0125), 4)}  # e5's cosines sit high
                best = max(sweep, key=sweep.get)
                with_model = fit.cluster_scores(corpus, model_scores(corpus["features"], model), 0.5)
                row = {"corpus": name, "encoder": encoder, "report_text": strategy,
                       **cosine_auc(fit.ROOT / "runs" / "pair_model" / run_name, corpus),
                       "text_only_best_b3_f1": sweep[best], "text_only_best_threshold": best,
                       "pair_model_b3_f1": with_model["b3_f1"], "en_ar_pair_f1": with_model.get("en_ar_pair_f1"),
                       "embed_seconds": (previous["embed_seconds"] if args.rescore and previous
                                         else embed_seconds(fit.ROOT / "runs" / "pair_model" / run_name)),
                       "measured": (f"{previous['measured'].split('; rescored')[0]}; rescored {measured_on()}"
                                    if args.rescore and previous else measured_on())}
                rows = [old for old in rows if (old["corpus"], old["encoder"], old["report_text"]) != (name, encoder, strategy)]
                rows.append(row)
                OUT.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
                write_blocks(DOCS, render(rows))
                print(f"{encoder:<20} {strategy:<10} {name:<11} AUC {row['cosine_auc']:.3f} "
                      f"(en-ar {row.get('cosine_auc_en_ar', float('nan')):.3f}); text-only best B3 {row['text_only_best_b3_f1']:.3f} "
                      f"(at {best:.3f}); pair model B3 {row['pair_model_b3_f1']:.3f}; embed {row['embed_seconds']} s",
                      flush=True)


if __name__ == "__main__":
    main()
