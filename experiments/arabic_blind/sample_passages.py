"""Draw the blind Arabic extraction passages and split them by a hash of their id.

Run once, before the extractor is run on any of them:

    python experiments/arabic_blind/sample_passages.py ../shared/data/external

It writes ``tests/data/arabic_blind/{dev,sealed}/passages.jsonl``. The selection uses only the text
(a number in digits or words, and for half of each source a conflict word), never the extractor, so
the passages are not chosen for being easy or hard for it. Passages already in the team's gold or check
sets are excluded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from pathlib import Path

SEED = 20261202
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "tests" / "data" / "arabic_blind"

NUMBER = re.compile(
    r"[0-9\u0660-\u0669\u06F0-\u06F9]|\b(?:[وفبل]?(?:ال)?(?:واحد|اثن|ثلاث|أربع|اربع|خمس|ست|سبع|ثمان|تسع|عشر|مئ|مائ|ألف|الف|آلاف|الاف|مليون|ملايين|عشرات|مئات))"
)
CONFLICT = re.compile(
    r"قتل|مقتل|قتيل|قتلى|جرح|جريح|إصاب|اصاب|مصاب|اعتقال|اعتقل|معتقل|أسر|اختطاف|خطف|غار|قصف|صاروخ|قذيف|"
    r"شهيد|شهداء|استشهاد|نزوح|نازح|لاجئ|مصرع|حتف|ضحايا|أعدم|اعدام|مفقود|هجوم|انفجار|تفجير|مسلح"
)


# The second draw (passages 291 on): the first draw had few counts, so these paragraphs name a
# casualty, arrest or displacement word and hold a number.
CASUALTY = re.compile(
    r"قتل|مقتل|قتيل|قتلى|جرح|جريح|إصاب|اصاب|مصاب|اعتقل|معتقل|شهيد|شهداء|استشهد|مصرع|حتف|نازح|نزوح|لاجئ|أسرى|مختطف|"
    r"أعدم|ضحايا|غارة|غارات|قذيفة|قذائف|صاروخ|صواريخ"
)


def passage_ok(text: str) -> bool:
    return 60 <= len(text) <= 1200 and NUMBER.search(text) is not None


def split_of(passage_id: str) -> str:
    """dev or sealed, from the id alone, so the split is fixed before any output is seen."""
    return "dev" if hashlib.sha256(passage_id.encode()).digest()[0] % 2 == 0 else "sealed"


def draw_casualty(pool: list[dict], count: int, rng: random.Random, taken: set[str]) -> list[dict]:
    hot = [p for p in pool if CASUALTY.search(p["text"]) and p["source_ref"] not in taken]
    rng.shuffle(hot)
    return hot[:count]


def draw(pool: list[dict], conflict: int, other: int, rng: random.Random,
         hot_words: re.Pattern[str] = CONFLICT) -> list[dict]:
    """``conflict`` passages naming one of ``hot_words`` and ``other`` naming no conflict word, shuffled."""
    hot = [p for p in pool if hot_words.search(p["text"])]
    cold = [p for p in pool if not CONFLICT.search(p["text"])]
    rng.shuffle(hot)
    rng.shuffle(cold)
    return hot[:conflict] + cold[:other]


def saudinewsnet(base: Path, rng: random.Random) -> list[dict]:
    wire, papers = [], []
    for path in sorted((base / "saudinewsnet-2015" / "data").glob("*.json")):
        for index, article in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            for number, paragraph in enumerate(article["content"].split("\n")):
                text = paragraph.strip()
                if not passage_ok(text):
                    continue
                row = {
                    "dataset": "saudinewsnet2015",
                    "source_ref": f"{path.name} article {index} paragraph {number} ({article['source']})",
                    "published": article["date_extracted"][:10],
                    "text": text,
                    "genre": "wire agency" if article["source"] == "was" else "newswire",
                }
                (wire if article["source"] == "was" else papers).append(row)
    return draw(papers, 60, 35, rng) + draw(wire, 20, 15, rng), papers + wire


def un_dev(base: Path, rng: random.Random) -> list[dict]:
    folder = base / "un-parallel-2015-dev"
    arabic = (folder / "UNv1.0.devset.ar").read_text(encoding="utf-8").split("\n")
    ids = (folder / "UNv1.0.devset.ids").read_text(encoding="utf-8").split("\n")
    pool = [
        {"dataset": "un-parallel-2015-dev", "source_ref": f"UNv1.0.devset.ar line {n + 1} ({ids[n].split()[0]})",
         "published": None, "text": line.strip(), "genre": "UN document"}
        for n, line in enumerate(arabic) if passage_ok(line.strip())
    ]
    return draw(pool, 40, 40, rng), pool


def used_refs() -> set[str]:
    refs = set()
    for path in (ROOT / "toolkit" / "data").glob("extraction_*/ar/passages.jsonl"):
        refs |= {json.loads(line)["source_ref"] for line in path.read_text(encoding="utf-8").splitlines()}
    return refs


def fignews(base: Path, rng: random.Random, used: set[str]) -> list[dict]:
    pool, seen = [], set()
    lines = (base / "fignews-2024" / "data" / "FIGNEWS-2024-TEXT-IAA.tsv").read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:
        cells = line.split("\t")
        if len(cells) < 5 or cells[1] != "Arabic":
            continue
        ref = f"FIGNEWS-2024-TEXT-IAA.tsv Batch={cells[0]} Source Language=Arabic ID={cells[2]}"
        text = cells[4].strip()
        if ref in used or text in seen or not passage_ok(text):
            continue
        seen.add(text)
        pool.append({"dataset": "fignews2024", "source_ref": ref, "published": None, "text": text,
                     "genre": "social media post"})
    return draw(pool, 30, 15, rng)


def wojood(base: Path, rng: random.Random, used: set[str]) -> list[dict]:
    pool = []
    for name in ("train.txt", "val.txt", "test.txt"):
        blocks = (base / "wojood-sample" / "data" / name).read_text(encoding="utf-8").split("\n\n")
        for number, block in enumerate(blocks):
            tokens = [line.split()[0] for line in block.splitlines() if line.split()]
            ref = f"data/{name} sentence {number} (0-based, blank-line separated)"
            text = " ".join(tokens)
            if ref in used or not passage_ok(text):
                continue
            pool.append({"dataset": "wojood", "source_ref": ref, "published": None, "text": text,
                         "genre": "Wojood (news, reports, social)"})
    return draw(pool, 20, 15, rng)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("external", type=Path, help="the shared data's external/ folder")
    base = parser.parse_args().external
    rng = random.Random(SEED)
    used = used_refs()
    news, news_pool = saudinewsnet(base, rng)
    un, un_pool = un_dev(base, rng)
    rows = news + un + fignews(base, rng, used) + wojood(base, rng, used)
    taken = {row["source_ref"] for row in rows}
    rows += draw_casualty(news_pool, 90, rng, taken) + draw_casualty(un_pool, 30, rng, taken)
    write_halves(rows, "blind-ar", OUT)


def write_halves(rows: list[dict], prefix: str, out: Path) -> None:
    """Number the passages ``prefix-001``, ... and write each to its half, chosen by :func:`split_of`."""
    halves: dict[str, list[dict]] = {"dev": [], "sealed": []}
    for number, row in enumerate(rows, start=1):
        passage_id = f"{prefix}-{number:03d}"
        halves[split_of(passage_id)].append({"passage_id": passage_id, "language": "ar", **row})
    for half, items in halves.items():
        (out / half).mkdir(parents=True, exist_ok=True)
        with open(out / half / "passages.jsonl", "w", encoding="utf-8") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
        print(f"{half}: {len(items)} passages")


if __name__ == "__main__":
    main()
