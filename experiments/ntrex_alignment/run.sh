#!/usr/bin/env bash
# NTREX-128 English/Arabic claim alignment, by document and by sentence. Writes runs/ntrex/<unit>/alignment.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
for unit in document sentence; do
  crosstally eval alignment --task ntrex --unit "$unit" --out "runs/ntrex/$unit" >/dev/null
  python -c "import json,sys; r=json.load(open(sys.argv[1])); print(f\"{r['unit']:<9} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} (gold pairs {r['n_gold']})\")" "runs/ntrex/$unit/alignment.json"
done
