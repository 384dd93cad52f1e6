"""Report-level killed figures against the FA-KES crowd annotations (development split).

For every article whose crowd-extracted ``nb_civilians`` is above 0, the article's
report-level killed figure (report_counts: civilians, else people, else unspecified, the
first of them with a number) is compared with the crowd's number.

    python benchmarks/report_figures.py
"""

from __future__ import annotations

from importlib import resources

import pandas as pd

from toolkit.evaluate.extraction import report_figure_accuracy
from toolkit.extract import extract_claims
from toolkit.extract.report_counts import report_counts


def main() -> None:
    folder = resources.files("toolkit") / "data" / "fakes"
    articles = pd.read_csv(str(folder / "articles.csv"), dtype=str, keep_default_na=False).drop_duplicates("unit_id")
    annotations = pd.read_csv(str(folder / "annotations_dev.csv"), dtype={"unit_id": str})
    gold = annotations[annotations["nb_civilians"] > 0].drop_duplicates("unit_id")
    reports = pd.DataFrame({"report_id": articles["unit_id"], "language": "en", "text": articles["content"],
                            "published": articles["date"]})
    reports = reports[reports["report_id"].isin(set(gold["unit_id"]))]
    scores = report_figure_accuracy(report_counts(extract_claims(reports)),
                                    dict(zip(gold["unit_id"], gold["nb_civilians"].astype(float))))
    print(f"articles with nb_civilians > 0: {scores['n_reports']}; with a killed figure: {scores['with_figure']}; "
          f"equal to the crowd's: {scores['correct']} ({scores['accuracy']:.1%})")


if __name__ == "__main__":
    main()
