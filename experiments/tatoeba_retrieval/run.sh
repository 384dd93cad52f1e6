#!/usr/bin/env bash
# Tatoeba ara-eng retrieval: every offline encoder x every scoring. Writes runs/tatoeba/<encoder>-<scoring>/retrieval.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
data=toolkit/data/tatoeba-ara-eng
for encoder in use-multilingual-v3 e5-small-q4 ensemble char-ngram-tfidf char-ngram-hash; do
  for scoring in cosine margin csls; do
    crosstally eval retrieval "$data/tatoeba.ara-eng.ara" "$data/tatoeba.ara-eng.eng" \
      --encoder "$encoder" --scoring "$scoring" --out "runs/tatoeba/$encoder-$scoring" >/dev/null
    python -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{r['encoder']:<22} {r['scoring']:<7} P@1 {r['src_to_tgt_p1']:.3f} / {r['tgt_to_src_p1']:.3f}  MRR {r['src_to_tgt_mrr']:.3f} / {r['tgt_to_src_mrr']:.3f}\")" "runs/tatoeba/$encoder-$scoring/retrieval.json"
  done
done
