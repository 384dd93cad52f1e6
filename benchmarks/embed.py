"""Sentences per second of each encoder, cold (empty cache) and cached, on Tatoeba and FA-KES.

    python benchmarks/embed.py [--fakes ../shared/data/fakes/articles.csv] [--fakes-sentences 2000]
                               [--fakes-reports 200] [--batch-size 64] [--st-model PATH] [--threads N]
                               [--encoders use-multilingual-v3,e5-small-q4,ensemble,...]

Tatoeba: the 2,000 sentences of toolkit/data/tatoeba-ara-eng (1,000 Arabic + 1,000 English,
short). FA-KES: the first N sentences (split with the extractor's sentence splitter) of the
FA-KES articles (English news on the Syrian war, longer sentences); FA-KES reports: the first N
articles as the embed stage sees them (title and text, first 1,000 characters). Each encoder encodes the
texts twice through CachedEncoder into a fresh temporary cache: the first pass embeds every
text (cold), the second must find every text in the cache (it prints how many it re-embedded,
which must be 0). char-ngram-tfidf is fitted on the benchmarked texts (fitting time included
in the cold pass). sentence-transformers runs only with --st-model (no hub access here).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.embed import CachedEncoder, make_encoder  # noqa: E402
from toolkit.extract.tokens import sentence_spans  # noqa: E402

TATOEBA = ROOT / "toolkit" / "data" / "tatoeba-ara-eng"
DEFAULT_FAKES = ROOT.parent / "shared" / "data" / "fakes" / "articles.csv"


def tatoeba_sentences() -> list[str]:
    lines = []
    for suffix in ("ara", "eng"):
        lines += (TATOEBA / f"tatoeba.ara-eng.{suffix}").read_text(encoding="utf-8").splitlines()
    return lines


def fakes_sentences(path: Path, limit: int) -> list[str]:
    if not path.exists():
        raise SystemExit(f"FA-KES articles not found at {path}; pass --fakes PATH")
    csv.field_size_limit(10_000_000)
    sentences: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            text = row.get("content") or ""
            for start, end in sentence_spans(text):
                sentence = text[start:end].strip()
                if len(sentence) >= 20:
                    sentences.append(sentence)
                if len(sentences) >= limit:
                    return sentences
    return sentences


def fakes_reports(path: Path, limit: int, max_chars: int = 1000) -> list[str]:
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as handle:
        texts = [(row.get("content") or "")[:max_chars] for row in csv.DictReader(handle)]
    return [text for text in texts if text.strip()][:limit]


def measure(name: str, options: dict, texts: list[str], batch_size: int) -> tuple[float, float, int, float]:
    """(cold seconds, cached seconds, re-embedded on the second pass, model load seconds)."""
    cache = tempfile.mkdtemp(prefix="crosstally-bench-embed-")
    started = time.perf_counter()
    if name == "char-ngram-tfidf":
        options = {**options, "corpus": texts}
    encoder = make_encoder(name, **options)
    loaded = time.perf_counter() - started
    cached_encoder = CachedEncoder(encoder, cache)
    started = time.perf_counter()
    cached_encoder.encode(texts, batch_size=batch_size)
    cold = time.perf_counter() - started
    second = CachedEncoder(encoder, cache)  # a new wrapper: only the disk cache is shared
    started = time.perf_counter()
    second.encode(texts, batch_size=batch_size)
    warm = time.perf_counter() - started
    return cold, warm, second.last_stats["encoded"], loaded


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fakes", type=Path, default=DEFAULT_FAKES)
    parser.add_argument("--fakes-sentences", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=None, help="mUSE threads (default: the encoder's, 1)")
    parser.add_argument("--fakes-reports", type=int, default=200)
    parser.add_argument("--st-model", default=None, help="sentence-transformers model path")
    parser.add_argument("--encoders", default="use-multilingual-v3,e5-small-q4,ensemble,char-ngram-hash,char-ngram-tfidf",
                        help="comma-separated registered encoders")
    args = parser.parse_args()
    datasets = {"tatoeba": tatoeba_sentences(), "fa-kes": fakes_sentences(args.fakes, args.fakes_sentences),
                "fa-kes-reports": fakes_reports(args.fakes, args.fakes_reports)}
    thread_options = {"threads": args.threads} if args.threads else {}
    encoders: list[tuple[str, dict]] = [(name, {} if name.startswith("char-ngram") else thread_options)
                                        for name in args.encoders.split(",") if name]
    if args.st_model:
        encoders.append(("sentence-transformers", {"model": args.st_model}))
    print(f"{'encoder':<22} {'data':<14} {'texts':>6} {'mean chars':>10} {'load s':>7} {'cold s':>7} "
          f"{'cold /s':>8} {'cached s':>9} {'cached /s':>10} {'speed-up':>9} {'re-embedded':>11}")
    for name, options in encoders:
        for data, texts in datasets.items():
            cold, warm, again, loaded = measure(name, options, texts, args.batch_size)
            mean_chars = sum(map(len, texts)) / len(texts)
            print(f"{name:<22} {data:<14} {len(texts):>6} {mean_chars:>10.0f} {loaded:>7.2f} {cold:>7.2f} "
                  f"{len(texts) / cold:>8.0f} {warm:>9.3f} {len(texts) / warm:>10.0f} {cold / warm:>8.0f}x "
                  f"{again:>11}")


if __name__ == "__main__":
    main()
