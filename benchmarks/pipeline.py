"""Time and peak memory of each pipeline stage on a config (default: the demo), from the manifest.

    python benchmarks/pipeline.py [--config configs/demo.yaml] [--repeat 2]

Every repeat runs every stage afresh (no stage reuse) into a temporary directory with one
embedding cache: the first repeat embeds cold, later repeats read the embedding cache, so the
gap between them is the cost of embedding. Prints one row per stage: seconds, rows in and out,
and the peak resident memory sampled while the stage ran (as the manifest records them).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

from toolkit.pipeline import run_pipeline


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/demo.yaml")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="crosstally-bench-"))
    os.environ["CROSSTALLY_CACHE"] = str(scratch / "cache")
    print(f"{'repeat':>6} {'stage':<8} {'seconds':>8} {'rows in':>8} {'rows out':>9} {'peak MB':>8}")
    for repeat in range(1, args.repeat + 1):
        run = run_pipeline(args.config, scratch / f"run-{repeat}", show_progress=False, reuse=False)
        stages = json.loads((run / "manifest.json").read_text(encoding="utf-8"))["stages"]
        for name, stage in stages.items():
            print(f"{repeat:>6} {name:<8} {stage['seconds']:>8.3f} {stage['rows_in']:>8} {stage['rows_out']:>9} "
                  f"{stage['peak_memory_mb']:>8.0f}")


if __name__ == "__main__":
    main()
