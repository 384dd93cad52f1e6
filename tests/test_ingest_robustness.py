"""Hostile input: every broken row gets a defined outcome, random bytes never crash ingest."""

import csv
import json
import os
import subprocess
import sys

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.config import IngestConfig, InputConfig
from toolkit.embed import CachedEncoder, make_encoder
from toolkit.ingest import InputFileError, ingest

from .conftest import ROOT


def broken_csv(path):
    """One CSV with every kind of broken or awkward row (issue 8's list)."""
    header = "report_id,source,language,published,text\r\n"
    rows = [
        'ok1,wire,en,2017-09-25,"Quoted\r\nnewline: 45 civilians were killed."',
        "ok2,monitor,ar,25/09/2017,قُتِـــلَ ٤٥ مدنياً في ريف إدلب",  # diacritics, tatweel, day-first date
        "ok3,monitor,,September 26 2017,\u200fقتل\u200b 12 شخصا in Idlib today",  # RLM, zero-width, mixed
        "dup,wire,en,2017-09-25,First.",
        "dup,wire,en,2017-09-25,Second with the same id.",
        "empty,wire,en,2017-09-25,   ",
        "baddate,wire,en,2017-02-30,An impossible date.",
        "short,wire,,2017-09-25,ok",
        "fields,wire,en",
        "huge,wire,en,2017-09-25," + "x" * 5_000_000,
    ]
    data = ("\ufeff" + header + "\r\n".join(rows) + "\r\n").encode("utf-8")
    data += b"badbytes,wire,en,2017-09-25,caf\xe9 \xff\r\n"
    path.write_bytes(data)


def test_every_broken_row_has_a_defined_outcome(tmp_path):
    path = tmp_path / "broken.csv"
    broken_csv(path)
    reports, rejects, n_rows = ingest(InputConfig(path=str(path)), IngestConfig())
    assert sorted(reports["report_id"]) == ["dup", "ok1", "ok2", "ok3"]
    reasons = {(r["report_id"], r["field"]): r["reason"] for r in rejects}
    assert reasons[("dup", "report_id")].startswith("duplicate report_id")
    assert reasons[("empty", "text")] == "empty text"
    assert "cannot parse '2017-02-30'" in reasons[("baddate", "published")]
    assert "could not be detected" in reasons[("short", "language")]
    assert reasons[(None, None)].startswith("row has 3 fields")
    assert reasons[("huge", "text")].startswith("text too long (5000000 characters")
    assert any(r["reason"] == "invalid UTF-8 bytes" for r in rejects)
    assert n_rows == len(reports) + len(rejects) == 11
    texts = reports.set_index("report_id")
    assert texts.loc["ok2", "text_normalised"] == "قتل 45 مدنيا في ريف ادلب"
    assert str(texts.loc["ok2", "published"]) == "2017-09-25" and texts.loc["ok3", "language"] == "ar"


def test_a_run_on_broken_rows_accounts_for_every_row(tmp_path):
    path = tmp_path / "broken.csv"
    broken_csv(path)
    result = subprocess.run([sys.executable, "-m", "toolkit.cli", "extract", str(path), "--out", str(tmp_path / "run")],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text(encoding="utf-8"))
    ingest_counts = manifest["stages"]["ingest"]
    assert ingest_counts["rows_in"] == ingest_counts["rows_out"] + ingest_counts["rejected"] == 11
    rejects = [json.loads(line) for line in (tmp_path / "run" / "rejects.jsonl").read_text().splitlines()]
    assert len(rejects) == 7 and all(r["file"].endswith("broken.csv") and r["reason"] for r in rejects)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=2000), st.sampled_from(["csv", "jsonl"]))
def test_random_bytes_never_crash_ingest(tmp_path, data, fmt):
    path = tmp_path / f"random.{fmt}"
    path.write_bytes(data)
    try:
        reports, rejects, n_rows = ingest(InputConfig(path=str(path)), IngestConfig(default_language="en"))
    except InputFileError:
        return  # a documented, named error
    assert n_rows == len(reports) + len(rejects)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.text(max_size=20), st.text(max_size=10), st.text(max_size=200)), max_size=15))
def test_random_csv_rows_are_kept_or_rejected(tmp_path, rows):
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:  # every field quoted: a lone \r stays data
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerow(["report_id", "source", "text"])
        writer.writerows(rows)
    reports, rejects, n_rows = ingest(InputConfig(path=str(path)), IngestConfig(default_language="en"))
    assert n_rows == len(reports) + len(rejects) == len(rows)


def test_two_processes_share_one_cache_without_corruption(tmp_path):
    script = ("import sys; from toolkit.embed import CachedEncoder, make_encoder; "
              "texts=[f'report {i} about {sys.argv[1]} strikes' for i in range(300)] + [f'shared {i}' for i in range(300)]; "
              "CachedEncoder(make_encoder('char-ngram-hash'), sys.argv[2]).encode(texts, batch_size=16)")
    processes = [subprocess.Popen([sys.executable, "-c", script, name, str(tmp_path)], cwd=ROOT)
                 for name in ("a", "b")]
    assert all(process.wait(timeout=300) == 0 for process in processes)
    encoder = CachedEncoder(make_encoder("char-ngram-hash"), tmp_path)
    texts = [f"shared {i}" for i in range(300)]
    cached = encoder.encode(texts)
    assert encoder.last_stats["encoded"] == 0 and len(encoder.cache) == 900
    np.testing.assert_array_equal(cached, make_encoder("char-ngram-hash").encode(texts))


def test_tables_are_identical_with_one_and_two_threads(tmp_path):
    """The machine's thread settings must not leak into a table: the run pins its own."""
    digests = []
    for threads in (1, 2):
        env = {**os.environ, "CROSSTALLY_CACHE": str(tmp_path / f"cache{threads}"),
               **{name: str(threads) for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}}
        out = tmp_path / f"run{threads}"
        result = subprocess.run([sys.executable, "-m", "toolkit.cli", "demo", "--out", str(out),
                                 "--set", "agree.bootstrap_draws=100"],
                                cwd=ROOT, capture_output=True, text=True, timeout=600, env=env)
        assert result.returncode == 0, result.stderr
        digests.append({p.name: p.read_bytes() for p in out.glob("*.parquet")})
    assert digests[0].keys() == digests[1].keys() and len(digests[0]) >= 10
    for name in digests[0]:
        assert digests[0][name] == digests[1][name], name
