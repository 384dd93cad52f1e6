"""Build the cross-lingual incident gold set toolkit/data/incident_gold/fignews/ (rerun to rebuild).

The 596 distinct Arabic and English posts of the FIGNEWS-2024 IAA file (original text only: the
machine translations are never used, since a post and its translation are not two reports),
linked into incidents by two annotators who worked from the texts and
docs/incident_annotation.md alone (annotations/annotator_*.csv). Gold: two posts are one
incident when both annotators link them (the connected components of the pairs both link,
which are cliques in each annotator's grouping); every other post is an incident of its own.
Prints the annotators' agreement (pairwise link F1, all pairs and English-Arabic pairs).

    python experiments/incident_clustering/make_fignews_gold.py [--fignews ../shared/data/external/fignews-2024]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
from importlib import resources
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

ROOT = Path(__file__).resolve().parents[2]
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


if __name__ == "__main__":
    main()
