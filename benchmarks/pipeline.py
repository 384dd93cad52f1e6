"""The whole pipeline against its floor: every stage's seconds, rows and peak memory, beside
the time of encoding each report once with the same encoder.

    python benchmarks/pipeline.py --sizes 1000,8000,50000 --out /tmp/pipeline-bench [--workers 2]
    python benchmarks/pipeline.py --sizes 50000 --out /tmp/pipeline-bench --add 0.01
    python benchmarks/pipeline.py --sizes 1000 --out /tmp/pipeline-bench --ray
    python benchmarks/pipeline.py --sizes 10000,50000,200000 --out /tmp/scaling --set embed.encoder=char-ngram-hash
    python benchmarks/pipeline.py --config configs/demo.yaml --repeat 3

With ``--sizes``, each size is a corpus of real bilingual news: the FA-KES articles (English,
shipped in the package) and the SaudiNewsNet articles (Arabic, ``--saudinewsnet``, default
``../shared/data/external/saudinewsnet-2015``), shuffled with seed 0 and cut to the size.
Beyond their 8,287 articles the corpus repeats them as new reports: new ids, dates shifted by
a year per repetition, and "(copy N)" after the title, so that no text is one the embedding
cache has seen (the output says how many reports are copies). Each size runs, in fresh
processes and with empty caches:

1. ``floor``: each report's text as the run embeds it (``embed.report_text``), encoded once by
   the same encoder on the same worker processes, with no cache;
2. ``run``: the default config on the corpus (``crosstally run``), from the manifest;
3. with ``--add F``: the same run again with F more reports (the next ones of the corpus),
   reusing the first run's caches (stages, claims, embeddings), against the full run;
4. with ``--ray``: the same config with ``executor: ray`` (a local Ray instance on this
   machine, empty caches), and whether each of its tables equals the local run's byte for byte.

``--set`` overrides the config of the ``--sizes`` runs. With ``embed.encoder=char-ngram-hash`` (a
hashing encoder that costs almost nothing) the runs measure how every stage but the neural
encoder scales, to sizes the encoder cannot reach on 2 cores in a session; the encoder's own
cost is linear in the reports and measured by the floor of a default run.

Results go to ``DIR/pipeline_bench.json``; the table is printed in Markdown.

With ``--config``, every repeat runs the config's stages afresh (no stage reuse) with one
embedding cache: the first repeat embeds cold, later ones read the cache.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

FAKES = "toolkit/data/fakes/articles.csv"
SAUDINEWSNET = "../shared/data/external/saudinewsnet-2015/data"
REAL_ARTICLES = 804 + 7_483  # before repetition


def real_articles(saudinewsnet: Path) -> list[dict]:
    """The FA-KES and SaudiNewsNet articles as reports rows, shuffled with seed 0."""
    rows = []
    with open(FAKES, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append({"report_id": f"fakes-{row['unit_id']}", "source": row["source"], "language": "en",
                         "published": row["date"], "title": row["title"], "text": row["content"]})
    for path in sorted(saudinewsnet.glob("*.json")):
        for number, article in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            rows.append({"report_id": f"snn-{path.stem}-{number}", "source": article["source"], "language": "ar",
                         "published": article["date_extracted"][:10], "title": article["title"],
                         "text": article["content"]})
    random.Random(0).shuffle(rows)
    return rows


def corpus_rows(articles: list[dict], n: int) -> list[dict]:
    """The first n reports of the articles repeated as often as needed (see the module docstring)."""
    rows = []
    for index in range(n):
        copy, row = divmod(index, len(articles))
        row = dict(articles[row])
        if copy:
            published = dt.date.fromisoformat(row["published"]) + dt.timedelta(days=365 * copy)
            row.update(report_id=f"{row['report_id']}-copy{copy}", published=published.isoformat(),
                       title=f"{row['title']} (copy {copy})")
        rows.append(row)
    return rows


def write_corpus(rows: list[dict], path: Path) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def write_config(corpus: Path, path: Path, workers: int | None, executor: str | None = None,
                 overrides: list[str] | None = None) -> Path:
    from toolkit.config import apply_override

    config = {"name": path.stem, "seed": 0, "input": {"path": str(corpus.resolve())}}
    if workers:
        config["workers"] = workers
    if executor:
        config["executor"] = executor
    for override in overrides or []:
        apply_override(config, override)
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path


def child(*arguments: str, cache: Path) -> dict:
    """Run this script in a fresh process (own peak memory, own cache) and read its JSON result."""
    environment = {**os.environ, "CROSSTALLY_CACHE": str(cache)}
    done = subprocess.run([sys.executable, __file__, *arguments], env=environment, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_floor(config_path: str) -> dict:
    """Seconds to encode each report's embedded text once, on the run's workers, no cache."""
    from functools import partial


    from toolkit.config import load_config
    from toolkit.embed.base import batched, encode_batch
    from toolkit.embed.report_vectors import report_pieces
    from toolkit.executors import executor_session, machine_cores

    config = load_config(config_path)
    rows = [json.loads(line) for line in open(config.input.path, encoding="utf-8")]
    embed = config.embed
    texts = [piece for row in rows for piece in report_pieces(row.get("title") or "", row["text"], embed.report_text,
                                                              embed.max_chars, embed.max_chunks)]
    workers = config.workers or machine_cores()
    started = time.perf_counter()
    encoder = config.embed.build("encoder", threads=embed.threads)
    with executor_session("local", workers=workers, threads=embed.threads) as executor:
        vectors = list(executor.imap(partial(encode_batch, encoder), batched(texts, embed.batch_size)))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 2), "texts": len(texts), "vectors": sum(len(v) for v in vectors),
            "workers": workers, "encoder": encoder.id}


def measure_run(config_path: str, out: str, reuse: bool) -> dict:
    from toolkit.pipeline import run_pipeline

    started = time.perf_counter()
    run = run_pipeline(config_path, out, show_progress=False, reuse=reuse, force=True)
    seconds = time.perf_counter() - started
    manifest = json.loads((Path(run) / "manifest.json").read_text(encoding="utf-8"))
    stages = {name: {key: stage.get(key) for key in ("seconds", "rows_in", "rows_out", "peak_memory_mb", "reused")}
              for name, stage in manifest["stages"].items()}
    return {"seconds": round(seconds, 2), "stages": stages,
            "peak_memory_mb": max(stage["peak_memory_mb"] or 0 for stage in stages.values())}


def compare_tables(first: Path, second: Path) -> tuple[list[str], list[str]]:
    """(tables equal byte for byte, tables that differ or exist in one run only) of two run directories:
    every Parquet and CSV table, the rejects and the report embeddings."""
    names = sorted({path.name for run in (first, second) for path in run.iterdir()
                    if path.suffix in {".parquet", ".csv", ".jsonl", ".npy"}})
    same = [name for name in names if (first / name).is_file() and (second / name).is_file()
            and (first / name).read_bytes() == (second / name).read_bytes()]
    return same, [name for name in names if name not in same]


def bench_sizes(sizes: list[int], out: Path, workers: int | None, add: float | None, saudinewsnet: Path,
                ray: bool = False, overrides: list[str] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    articles = real_articles(saudinewsnet)
    results = []
    for n in sizes:
        rows = corpus_rows(articles, n + (round(n * add) if add else 0))
        corpus = out / f"corpus-{n}.jsonl"
        write_corpus(rows[:n], corpus)
        config = write_config(corpus, out / f"bench-{n}.yaml", workers, overrides=overrides)
        floor = child("--floor", str(config), cache=out / f"cache-floor-{n}")
        run = child("--run", str(config), str(out / f"run-{n}"), cache=out / f"cache-{n}")
        result = {"reports": n, "copies": max(0, n - len(articles)), "overrides": overrides or [], "floor": floor, "run": run,
                  "ratio": round(run["seconds"] / floor["seconds"], 2)}
        if add:
            more = out / f"corpus-{n}-plus.jsonl"
            write_corpus(rows, more)
            config_more = write_config(more, out / f"bench-{n}-plus.yaml", workers, overrides=overrides)
            result["added"] = len(rows) - n
            result["incremental"] = child("--run", str(config_more), str(out / f"run-{n}-plus"), "--reuse",
                                          cache=out / f"cache-{n}")
        if ray:
            config_ray = write_config(corpus, out / f"bench-{n}-ray.yaml", workers, executor="ray", overrides=overrides)
            result["ray"] = child("--run", str(config_ray), str(out / f"run-{n}-ray"), cache=out / f"cache-{n}-ray")
            result["ray"]["equal"], result["ray"]["different"] = compare_tables(out / f"run-{n}", out / f"run-{n}-ray")
        results.append(result)
        (out / "pipeline_bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        print_result(result)


def print_result(result: dict) -> None:
    run, floor = result["run"], result["floor"]
    print(f"\n{result['reports']:,} reports ({result['copies']:,} copies), {floor['workers']} workers: "
          f"floor {floor['seconds']:.1f} s ({floor['encoder']}, {floor['texts']:,} texts), "
          f"run {run['seconds']:.1f} s = {result['ratio']:.2f}x floor, peak {run['peak_memory_mb']:,.0f} MB")
    print("| stage | seconds | rows in | rows out | peak MB |\n|---|---|---|---|---|")
    for name, stage in run["stages"].items():
        print(f"| {name} | {stage['seconds']:.2f} | {stage['rows_in']:,} | {stage['rows_out']:,} | "
              f"{stage['peak_memory_mb']:,.0f} |")
    if "incremental" in result:
        print(f"adding {result['added']:,} reports: {result['incremental']['seconds']:.1f} s reusing the caches, "
              f"against {run['seconds']:.1f} s for the full run")
        for name, stage in result["incremental"]["stages"].items():
            print(f"  {name}: {stage['seconds']:.2f} s{' (reused)' if stage['reused'] else ''}")
    if "ray" in result:
        ray = result["ray"]
        print(f"executor ray: {ray['seconds']:.1f} s; {len(ray['equal'])} tables equal to the local run's byte for "
              f"byte, different: {', '.join(ray['different']) or 'none'}")


def bench_config(config: str, repeat: int) -> None:
    from toolkit.pipeline import run_pipeline

    scratch = Path(tempfile.mkdtemp(prefix="crosstally-bench-"))
    os.environ["CROSSTALLY_CACHE"] = str(scratch / "cache")
    print(f"{'repeat':>6} {'stage':<8} {'seconds':>8} {'rows in':>8} {'rows out':>9} {'peak MB':>8}")
    for number in range(1, repeat + 1):
        run = run_pipeline(config, scratch / f"run-{number}", show_progress=False, reuse=False)
        stages = json.loads((run / "manifest.json").read_text(encoding="utf-8"))["stages"]
        for name, stage in stages.items():
            print(f"{number:>6} {name:<8} {stage['seconds']:>8.3f} {stage['rows_in']:>8} {stage['rows_out']:>9} "
                  f"{stage['peak_memory_mb']:>8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="comma-separated corpus sizes (real news, repeated beyond 8,287)")
    parser.add_argument("--out", type=Path, help="directory for corpora, runs, caches and pipeline_bench.json")
    parser.add_argument("--workers", type=int, help="the runs' workers (default: one per core)")
    parser.add_argument("--add", type=float, help="also measure adding this fraction of new reports")
    parser.add_argument("--ray", action="store_true", help="also run each size with executor: ray and compare tables")
    parser.add_argument("--saudinewsnet", type=Path, default=Path(SAUDINEWSNET))
    parser.add_argument("--set", dest="overrides", action="append", default=[],
                        help="config override for the --sizes runs, e.g. embed.encoder=char-ngram-hash (repeatable)")
    parser.add_argument("--config", default="configs/demo.yaml")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--floor", help=argparse.SUPPRESS)
    parser.add_argument("--run", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor:
        print(json.dumps(measure_floor(args.floor)))
    elif args.run:
        print(json.dumps(measure_run(*args.run, reuse=args.reuse)))
    elif args.sizes:
        if args.out is None:
            parser.error("--sizes needs --out")
        bench_sizes([int(size) for size in args.sizes.split(",")], args.out, args.workers, args.add,
                    args.saudinewsnet, ray=args.ray, overrides=args.overrides)
    else:
        bench_config(args.config, args.repeat)


if __name__ == "__main__":
    main()
