"""Build the clustering gold sets shipped in toolkit/data/incident_gold/ (rerun to rebuild).

- ntrex/: the 123 NTREX-128 documents, each as an English report and its Arabic
  translation (lines joined by newlines), no dates; gold: the two form one incident.
  Strong gold (translation is identity of content) but easy for text (a pair per incident).
- fakes_weak.csv: the 804 FA-KES articles; gold: articles of one governorate whose dates
  chain within one day. WEAK gold: two strikes on one governorate on one day are one
  "incident" here, and an article on a governorate-wide campaign joins whatever falls
  on its day; use it to compare settings, not as an absolute accuracy.

    python experiments/incident_clustering/make_gold.py
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pandas as pd

DATA = Path(str(resources.files("toolkit") / "data"))
OUT = DATA / "incident_gold"


def ntrex_reports() -> tuple[list[dict], list[dict]]:
    root = DATA / "ntrex128-ar-en"
    english = (root / "NTREX-128" / "newstest2019-src.eng.txt").read_text(encoding="utf-8").splitlines()
    arabic = (root / "NTREX-128" / "newstest2019-ref.arb.txt").read_text(encoding="utf-8").splitlines()
    documents = (root / "DOCUMENT_IDS.tsv").read_text(encoding="utf-8").splitlines()
    lines: dict[str, list[int]] = {}
    for line, document in enumerate(documents):
        lines.setdefault(document, []).append(line)
    reports, gold = [], []
    for number, (document, members) in enumerate(lines.items(), start=1):
        for language, texts in (("en", english), ("ar", arabic)):
            report_id = f"ntrex-{number:03d}-{language}"
            reports.append({"report_id": report_id, "source": f"ntrex-{language}", "language": language,
                            "title": None, "published": None,
                            "text": "\n".join(texts[line] for line in members)})
            gold.append({"report_id": report_id, "incident_id": f"ntrex-{number:03d}", "document": document})
    return reports, gold


def fakes_weak_incidents() -> pd.DataFrame:
    articles = pd.read_csv(DATA / "fakes" / "articles.csv", dtype=str, keep_default_na=False)
    articles["day"] = pd.to_datetime(articles["date"], errors="coerce")
    rows = []
    for location, group in articles.sort_values(["location", "day", "unit_id"]).groupby("location"):
        incident, previous = 0, None
        for unit_id, day in zip(group["unit_id"], group["day"]):
            if previous is None or pd.isna(day) or pd.isna(previous) or (day - previous).days > 1:
                incident += 1
            previous = day
            rows.append({"report_id": unit_id, "incident_id": f"{location or 'unknown'}-{incident:03d}"})
    return pd.DataFrame(rows).sort_values("report_id").reset_index(drop=True)


def main() -> None:
    (OUT / "ntrex").mkdir(parents=True, exist_ok=True)
    reports, gold = ntrex_reports()
    with (OUT / "ntrex" / "reports.jsonl").open("w", encoding="utf-8") as handle:
        for report in reports:
            handle.write(json.dumps(report, ensure_ascii=False) + "\n")
    pd.DataFrame(gold).to_csv(OUT / "ntrex" / "gold_incidents.csv", index=False)
    weak = fakes_weak_incidents()
    weak.to_csv(OUT / "fakes_weak.csv", index=False)
    print(f"wrote {len(reports)} NTREX reports and {len(weak)} FA-KES weak memberships to {OUT}")


if __name__ == "__main__":
    main()
