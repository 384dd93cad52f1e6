"""The Tatoeba ara-eng retrieval figures that README.md, docs/retrieval.md and this folder's README quote.

    python experiments/tatoeba_retrieval/figures.py                      # every encoder (minutes: e5)
    python experiments/tatoeba_retrieval/figures.py --encoders use-multilingual-v3
    python experiments/tatoeba_retrieval/figures.py --render-only

Each row runs `crosstally eval retrieval` (the command the docs show) and is stored in results.json
with the date and commit it was measured on; rows of encoders not rerun keep theirs. The docs'
marked blocks are rendered from results.json. tests/test_docs.py reruns the mUSE and character
n-gram rows (FAST_ENCODERS, seconds) and checks every block; the e5 and ensemble rows take minutes on 2 cores and are
not rerun in CI: their date and commit are printed beside them.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402
from toolkit.runs import commit_label  # noqa: E402

RESULTS = HERE / "results.json"
DOCS = [HERE / "README.md", ROOT / "docs" / "retrieval.md", ROOT / "README.md"]
DATA = ROOT / "toolkit" / "data" / "tatoeba-ara-eng"
# (encoder, scoring, k); None: the scoring's default k
ROWS = [(encoder, scoring, None) for encoder in ("use-multilingual-v3", "e5-small-q4", "ensemble")
        for scoring in ("cosine", "margin", "csls")] + [
    ("use-multilingual-v3", "csls", 4), ("char-ngram-tfidf", "cosine", None), ("char-ngram-tfidf", "margin", None),
    ("char-ngram-hash", "cosine", None), ("char-ngram-hash", "margin", None)]
FAST_ENCODERS = ("use-multilingual-v3", "char-ngram-tfidf", "char-ngram-hash")  # rerun by the tests
LABELS = {"use-multilingual-v3": "use-multilingual-v3", "e5-small-q4": "e5-small-q4",
          "ensemble": "ensemble 0.7 e5 + 0.3 mUSE", "char-ngram-tfidf": "char-ngram-tfidf",
          "char-ngram-hash": "char-ngram-hash"}


def key(encoder: str, scoring: str, k: int | None) -> str:
    return f"{encoder}/{scoring}/{k if k is not None else 'default'}"


def measure(encoder: str, scoring: str, k: int | None) -> dict[str, Any]:
    """One row, from the documented command."""
    with tempfile.TemporaryDirectory() as out:
        command = [sys.executable, "-m", "toolkit.cli", "eval", "retrieval", str(DATA / "tatoeba.ara-eng.ara"),
                   str(DATA / "tatoeba.ara-eng.eng"), "--encoder", encoder, "--scoring", scoring, "--out", out]
        if k is not None:
            command += ["--k", str(k)]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, text=True)
        result = json.loads((Path(out) / "retrieval.json").read_text(encoding="utf-8"))
    return {metric: result[metric] for metric in ("encoder", "encoder_version", "scoring", "k", "n", "src_to_tgt_p1",
                                                  "tgt_to_src_p1", "src_to_tgt_mrr", "tgt_to_src_mrr")}


def _pair(row: dict[str, Any], metric: str) -> str:
    return f"{row[f'src_to_tgt_{metric}']:.3f} / {row[f'tgt_to_src_{metric}']:.3f}"


def _measured(row: dict[str, Any], encoder: str) -> str:
    return "" if encoder in FAST_ENCODERS else f" ({row['measured']}, {row['commit']}; not rerun in CI)"


def render(results: dict[str, Any]) -> dict[str, str]:
    rows = results["rows"]
    lines = ["| encoder | scoring | P@1 ara→eng / eng→ara | MRR ara→eng / eng→ara |", "|---|---|---|---|"]
    for encoder, scoring, k in ROWS:
        row = rows.get(key(encoder, scoring, k))
        if row is None:
            continue
        best = scoring == "margin" and encoder in ("use-multilingual-v3", "ensemble")
        p1 = f"**{_pair(row, 'p1')}**" if best else _pair(row, "p1")
        scored = scoring if row["k"] is None else f"{scoring} (k={row['k']})"
        lines.append(f"| {LABELS[encoder]}{_measured(row, encoder)} | {scored} | {p1} | {_pair(row, 'mrr')} |")
    table = "\n".join(lines)
    muse, ensemble = rows[key("use-multilingual-v3", "margin", None)], rows[key("ensemble", "margin", None)]
    better = all(ensemble[f"{side}_p1"] > muse[f"{side}_p1"] for side in ("src_to_tgt", "tgt_to_src"))
    readme = (f"the ensemble is {'more' if better else 'not more'} accurate on Tatoeba ara–eng (P@1 {_pair(ensemble, 'p1')} against "
              f"{_pair(muse, 'p1')} with ratio margin; measured {ensemble['measured']} at {ensemble['commit']} by "
              "`python experiments/tatoeba_retrieval/figures.py`)")
    return {"tatoeba/table": table, "tatoeba/readme": readme}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--encoders", nargs="*", help="rerun only these encoders' rows (default: all)")
    parser.add_argument("--render-only", action="store_true")
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {"rows": {}}
    if not args.render_only:
        today, revision = datetime.date.today().isoformat(), commit_label()
        for encoder, scoring, k in ROWS:
            if args.encoders and encoder not in args.encoders:
                continue
            row = {**measure(encoder, scoring, k), "measured": today, "commit": revision}
            results["rows"][key(encoder, scoring, k)] = row
            print(f"{encoder:<22} {scoring:<7} k={row['k']}  P@1 {_pair(row, 'p1')}  MRR {_pair(row, 'mrr')}")
        RESULTS.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    for changed in write_blocks(DOCS, render(results)):
        print(f"updated {changed.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
