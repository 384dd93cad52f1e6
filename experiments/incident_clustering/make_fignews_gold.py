"""Build the cross-lingual incident gold set toolkit/data/incident_gold/fignews/ (rerun to rebuild).

The 596 distinct Arabic and English posts of the FIGNEWS-2024 IAA file (original text only: the
machine translations are never used, since a post and its translation are not two reports),
linked into incidents by two annotators who worked from the texts and
docs/incident_annotation.md alone (annotations/annotator_*.csv). Gold: two posts are one
incident when both annotators link them (the connected components of the pairs both link,
which are cliques in each annotator's grouping); every other post is an incident of its own.
Prints the annotators' agreement (pairwise link F1, all pairs and English-Arabic pairs).

    python experiments/incident_clustering/make_fignews_gold.py [--fignews ../shared/data/external/fignews-2024]

The figures docs/clustering.md and docs/data.md quote about the set are rendered from the shipped
files by :func:`render` (tests/test_docs.py checks them).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import sys
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "experiments"))

from blocks import write_blocks  # noqa: E402
OUT = Path(str(resources.files("toolkit") / "data" / "incident_gold" / "fignews"))
LANGUAGES = {"Arabic": "ar", "English": "en"}


def read_posts(fignews: Path) -> list[dict]:
    """The distinct Arabic and English posts, in file order (the TSV's text has no quoting)."""
    lines = (fignews / "data" / "FIGNEWS-2024-TEXT-IAA.tsv").read_text(encoding="utf-8").splitlines()
    seen, posts = set(), []
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < 5 or cells[1] not in LANGUAGES:
            continue
        text = cells[4].strip()
        if not text or text in seen:
            continue
        seen.add(text)
        language = LANGUAGES[cells[1]]
        posts.append({"report_id": f"fignews-{language}-{cells[0]}-{cells[2]}", "source": f"fignews-{language}",
                      "language": language, "title": None, "published": None, "text": text})
    return posts


def linked_pairs(path: Path) -> set[tuple[str, str]]:
    groups: dict[str, list[str]] = {}
    for row in csv.DictReader(path.open(encoding="utf-8")):
        groups.setdefault(row["incident"], []).append(row["post_id"])
    return {pair for members in groups.values() for pair in itertools.combinations(sorted(members), 2)}


def agreement(first: set, second: set) -> float:
    return round(2 * len(first & second) / (len(first) + len(second)), 3) if first or second else 1.0


DOCS = [ROOT / "docs" / "clustering.md", ROOT / "docs" / "data.md"]


def gold_figures() -> dict:
    """Counts and agreement of the shipped set, from its own files (no ../shared needed)."""
    reports = [json.loads(line) for line in (OUT / "reports.jsonl").read_text(encoding="utf-8").splitlines()]
    language = {report["report_id"]: report["language"] for report in reports}
    pairs = [linked_pairs(path) for path in sorted((OUT / "annotations").glob("annotator_*.csv"))]
    cross = [{(a, b) for a, b in pair_set if language[a] != language[b]} for pair_set in pairs]
    with (OUT / "gold_incidents.csv").open(encoding="utf-8", newline="") as handle:
        incident = {row["report_id"]: row["incident_id"] for row in csv.DictReader(handle)}
    sizes: dict[str, int] = {}
    for value in incident.values():
        sizes[value] = sizes.get(value, 0) + 1
    both = set.intersection(*pairs)
    return {"posts": len(reports), "incidents": len(sizes), "linked_incidents": sum(size > 1 for size in sizes.values()),
            "linked_posts": sum(size for size in sizes.values() if size > 1), "pairs": len(both),
            "cross_pairs": sum(language[a] != language[b] for a, b in both),
            "agreement": agreement(*pairs), "cross_agreement": agreement(*cross)}


GOLD_SETS_TABLE = """| gold | reports | incidents | how it was made |
|---|---|---|---|
| demo (`toolkit/data/demo/gold_incidents.csv`) | 49 | 10 | written by the team with the corpus |
| NTREX-128 (`ntrex/`) | 246 | 123 | each English document and its Arabic translation, no dates (`make_gold.py`) |
| FA-KES, **weak** (`fakes_weak.csv`) | 804 | 438 | same governorate, dates chaining within a day (`make_gold.py`) |"""


def render(figures: dict) -> dict[str, str]:
    f = figures
    return {
        "fignews/table": GOLD_SETS_TABLE + "\n" + f"| FIGNEWS-2024 (`fignews/`) | {f['posts']} | {f['incidents']} ({f['linked_incidents']} of two "
                       f"or more posts, {f['linked_posts']} posts) | Arabic and English news-outlet posts on the 2023-24 "
                       "Gaza war, original text only (no machine translation), no dates; linked by two annotators who "
                       "never ran the clustering, following [docs/incident_annotation.md](incident_annotation.md); gold: "
                       f"the links both made (pairwise link F1 between them {f['agreement']:.3f}, English–Arabic pairs "
                       f"{f['cross_agreement']:.3f}; `make_fignews_gold.py`) |",
        "fignews/counts": f"{f['linked_incidents']} incidents of two or more posts, {f['linked_posts']} posts, {f['pairs']} "
                          f"linked pairs, {f['cross_pairs']} of them English–Arabic; pairwise link F1 between the "
                          f"annotators {f['agreement']:.3f}, English–Arabic {f['cross_agreement']:.3f}.",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fignews", type=Path, default=ROOT.parent / "shared" / "data" / "external" / "fignews-2024")
    args = parser.parse_args()
    posts = read_posts(args.fignews)
    language = {post["report_id"]: post["language"] for post in posts}
    annotations = sorted((OUT / "annotations").glob("annotator_*.csv"))
    pairs = [linked_pairs(path) for path in annotations]
    unknown = {post for pair_set in pairs for pair in pair_set for post in pair} - set(language)
    if unknown:
        raise SystemExit(f"annotations name posts that are not in the file: {sorted(unknown)[:5]}")
    cross = [{(a, b) for a, b in pair_set if language[a] != language[b]} for pair_set in pairs]
    print(f"agreement of {len(annotations)} annotators, pairwise link F1: all pairs {agreement(*pairs)}, "
          f"English-Arabic pairs {agreement(*cross)}")
    both = set.intersection(*pairs)
    index = {post["report_id"]: number for number, post in enumerate(posts)}
    rows = np.array([index[a] for a, _b in both], dtype=int)
    cols = np.array([index[b] for _a, b in both], dtype=int)
    _count, labels = connected_components(coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(posts),) * 2),
                                          directed=False)
    with (OUT / "reports.jsonl").open("w", encoding="utf-8") as handle:
        for post in posts:
            handle.write(json.dumps(post, ensure_ascii=False) + "\n")
    with (OUT / "gold_incidents.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["report_id", "incident_id"])
        for post, label in zip(posts, labels):
            writer.writerow([post["report_id"], f"fignews-{label:03d}"])
    sizes = np.bincount(labels)
    linked = sizes[labels] > 1
    print(f"{len(posts)} posts; {int((sizes > 1).sum())} incidents of two or more posts ({int(linked.sum())} posts); "
          f"{len(both)} linked pairs, of which {len(both & set.union(*cross))} English-Arabic")
    write_blocks(DOCS, render(gold_figures()))


if __name__ == "__main__":
    main()
