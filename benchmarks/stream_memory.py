"""Peak memory of ingest + extraction (`crosstally extract`) on synthetic bilingual reports
files of growing size: streaming in batches keeps it flat.

    python benchmarks/stream_memory.py --sizes 100000,1000000 --out /tmp/stream-bench

Each size runs in a fresh process (peak RSS is per process); the reports file is written
row by row, so generating it takes no memory either. Results go to DIR/stream_memory.json.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

PLACES_EN = ["Idlib", "Aleppo", "Douma", "Jisr al-Shughour", "Maarat al-Numan", "Raqqa", "Deir ez-Zor", "Homs"]
PLACES_AR = ["إدلب", "حلب", "دوما", "جسر الشغور", "معرة النعمان", "الرقة", "دير الزور", "حمص"]
ENGLISH = [
    "At least {a} civilians were killed in {b} airstrikes on {p} on {d}, activists said.",
    "The Syrian Observatory for Human Rights said {a} people, including {c} children, died in {p}.",
    "Rescue workers pulled {c} bodies from the rubble and {b} people were wounded.",
    "Local sources reported that government forces detained {c} men at a checkpoint near {p}.",
    "The death toll rose to {a} after overnight shelling of residential areas.",
]
ARABIC = [
    "قتل {a} مدنيا في {b} غارة جوية على {p} يوم {d} بحسب ناشطين.",
    "قال المرصد السوري لحقوق الإنسان إن {a} شخصا بينهم {c} أطفال قتلوا في {p}.",
    "أصيب {b} مدنيين بجروح جراء قصف مدفعي استهدف أحياء سكنية في {p}.",
    "اعتقلت قوات النظام {c} شبان على حاجز قرب {p}.",
    "ارتفعت حصيلة القتلى إلى {a} بعد قصف ليلي.",
]


def write_reports(path: Path, n: int, seed: int) -> None:
    """n reports, half English and half Arabic, three to five sentences each."""
    rng = random.Random(seed)
    start = dt.date(2015, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["report_id", "source", "language", "published", "title", "text"])
        for i in range(n):
            arabic = i % 2 == 1
            templates, places = (ARABIC, PLACES_AR) if arabic else (ENGLISH, PLACES_EN)
            day = start + dt.timedelta(days=rng.randrange(1500))
            sentences = [rng.choice(templates).format(a=rng.randint(2, 90), b=rng.randint(2, 40),
                                                      c=rng.randint(2, 12), p=rng.choice(places),
                                                      d=day.strftime("%A"))
                         for _ in range(rng.randint(3, 5))]
            writer.writerow([f"syn-{i}", f"outlet-{rng.randrange(40)}", "ar" if arabic else "en",
                             day.isoformat(), "", " ".join(sentences)])


def measure_one(input_path: Path, out: Path) -> dict:
    """Run ingest + extraction in this process and report its time and peak RSS."""
    from toolkit.config import build_config
    from toolkit.pipeline import run_pipeline

    config = build_config({"name": "stream-bench", "input": {"path": str(input_path)}})
    start = time.perf_counter()
    run = run_pipeline(config, out, until="extract", show_progress=False)
    seconds = time.perf_counter() - start
    stages = json.loads((run / "manifest.json").read_text(encoding="utf-8"))["stages"]
    return {"seconds": round(seconds, 1), "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "reports": stages["ingest"]["rows_out"], "claims": stages["extract"]["claims"],
            "batch_rows": config.ingest.batch_rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--one", nargs=2, metavar=("INPUT", "RUN_DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(Path(args.one[0]), Path(args.one[1]))))
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    print(f"{'reports':>9} {'input MB':>9} {'claims':>9} {'seconds':>8} {'reports/s':>10} {'peak RSS MB':>12}")
    for n in (int(size) for size in args.sizes.split(",")):
        input_path = args.out / f"reports-{n}.csv"
        write_reports(input_path, n, args.seed)
        result = subprocess.run([sys.executable, __file__, "--out", str(args.out), "--one", str(input_path),
                                 str(args.out / f"run-{n}")], capture_output=True, text=True, check=True)
        row = {"n": n, "input_mb": round(input_path.stat().st_size / 2**20), **json.loads(result.stdout.splitlines()[-1])}
        rows.append(row)
        print(f"{n:>9} {row['input_mb']:>9} {row['claims']:>9} {row['seconds']:>8} "
              f"{n / row['seconds']:>10.0f} {row['peak_rss_mb']:>12}", flush=True)
        input_path.unlink()
    (args.out / "stream_memory.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
