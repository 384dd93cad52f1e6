#!/usr/bin/env bash
# Incident clustering on the four gold sets (demo, NTREX-128 ar/en, FA-KES weak, FIGNEWS ar/en links) with the
# default config (FA-KES: its study's input columns, the default 7-day window); writes runs/incident_clustering/.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=runs/incident_clustering
score() {  # name, run dir, gold
  crosstally eval clustering --gold "$3" "$2" --out "$2" >/dev/null
  python -c "import json,sys; r=json.load(open(sys.argv[2])); print(f\"{sys.argv[1]:<8} B3 P {r['b3_precision']:.3f} R {r['b3_recall']:.3f} F1 {r['b3_f1']:.3f}  CEAF-e F1 {r['ceaf_e_f1']:.3f}  ARI {r['ari']:.3f}\")" "$1" "$2/clustering.json"
}
crosstally cluster toolkit/data/demo/reports.jsonl --out "$out/demo" >/dev/null
score demo "$out/demo" toolkit/data/demo/gold_incidents.csv
crosstally cluster toolkit/data/incident_gold/ntrex/reports.jsonl --out "$out/ntrex" >/dev/null
score ntrex "$out/ntrex" toolkit/data/incident_gold/ntrex/gold_incidents.csv
python -c "from toolkit.pipeline import run_pipeline; run_pipeline('experiments/fakes_agreement/config.yaml', '$out/fakes', overrides=['cluster.window_days=7'], until='cluster', show_progress=False)" 2>/dev/null
score fakes "$out/fakes" toolkit/data/incident_gold/fakes_weak.csv
crosstally cluster toolkit/data/incident_gold/fignews/reports.jsonl --out "$out/fignews" >/dev/null
score fignews "$out/fignews" toolkit/data/incident_gold/fignews/gold_incidents.csv
