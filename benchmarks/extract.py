"""Extraction throughput: reports per second on one core, English (all FA-KES articles)
and Arabic (the NTREX-128 Arabic documents), with claims found per report.

    python benchmarks/extract.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from importlib import resources

import pandas as pd

from toolkit.extract import extract_claims


def fakes_reports() -> pd.DataFrame:
    path = resources.files("toolkit") / "data" / "fakes" / "articles.csv"
    frame = pd.read_csv(str(path), dtype=str, keep_default_na=False)
    return pd.DataFrame({"report_id": frame["unit_id"] + "-" + frame.index.astype(str), "language": "en",
                         "text": frame["content"], "published": frame["date"]})


def ntrex_arabic_reports() -> pd.DataFrame:
    folder = resources.files("toolkit") / "data" / "ntrex128-ar-en"
    ids = (folder / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines = (folder / "NTREX-128" / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    documents: dict[str, list[str]] = {}
    for document, line in zip(ids, lines):
        documents.setdefault(document, []).append(line)
    return pd.DataFrame([{"report_id": document, "language": "ar", "text": "\n".join(text), "published": None}
                         for document, text in documents.items()])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'corpus':<24} {'reports':>8} {'chars/report':>13} {'claims':>7} {'best s':>7} {'reports/s':>10}")
    for name, reports in (("FA-KES (en)", fakes_reports()), ("NTREX-128 documents (ar)", ntrex_arabic_reports())):
        extract_claims(reports.head(5))  # load lexicons and the gazetteer outside the timing
        timings = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            claims = extract_claims(reports, show_progress_bar=False)
            timings.append(time.perf_counter() - start)
        best = min(timings)
        print(f"{name:<24} {len(reports):>8} {reports['text'].str.len().mean():>13.0f} {len(claims):>7} "
              f"{best:>7.2f} {len(reports) / best:>10.0f}")


if __name__ == "__main__":
    main()
