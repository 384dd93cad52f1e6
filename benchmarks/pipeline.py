"""Time and peak memory of each pipeline stage on a reports file (default: the demo).

    python benchmarks/pipeline.py [--config configs/demo.yaml] [--repeat 2]

Prints one row per stage: seconds, rows in and out, and the process's peak RSS after the stage.
The first repeat embeds cold (empty cache), later repeats read the embedding cache, so the gap
between them is the cost of embedding.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time

from toolkit.agree import agree
from toolkit.align import align_claims
from toolkit.cluster import cluster_reports
from toolkit.config import load_config
from toolkit.embed import make_cached_encoder
from toolkit.extract import extract_claims
from toolkit.ingest import ingest
from toolkit.pipeline import report_texts


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="configs/demo.yaml")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    config = load_config(args.config)
    cache = tempfile.mkdtemp(prefix="crosstally-bench-")
    print(f"{'repeat':>6} {'stage':<8} {'seconds':>8} {'rows in':>8} {'rows out':>9} {'peak MB':>8}")
    for repeat in range(1, args.repeat + 1):
        timings = []

        def timed(stage, rows_in, function, *arguments, record=timings):
            start = time.perf_counter()
            result = function(*arguments)
            record.append((stage, time.perf_counter() - start, rows_in, result))
            return result

        reports, _rejects, n_rows = timed("ingest", None, ingest, config.input, config.ingest)
        claims = timed("extract", len(reports), extract_claims, reports)
        encoder = make_cached_encoder(config.embed.encoder, cache, threads=config.embed.threads)
        texts = report_texts(reports, config.embed.normalise_text, config.embed.max_chars)
        vectors = timed("embed", len(texts), encoder.encode, texts, config.embed.batch_size)
        members = timed("cluster", len(reports), cluster_reports, reports, vectors, config.cluster)
        alignments = timed("align", len(claims), align_claims, claims, members, encoder.encode, config.align)
        timed("agree", len(claims), agree, claims, members, reports, config.agree)
        for stage, seconds, rows_in, result in timings:
            rows_out = len(result[0]) if isinstance(result, tuple) else (
                len(result) if hasattr(result, "__len__") else len(result.units))
            rows_in = n_rows if rows_in is None else rows_in
            print(f"{repeat:>6} {stage:<8} {seconds:>8.3f} {rows_in:>8} {rows_out:>9} {peak_rss_mb():>8.0f}")
        del alignments


if __name__ == "__main__":
    main()
