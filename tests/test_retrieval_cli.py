"""The TF-IDF encoder, and `crosstally eval retrieval` end to end on a Tatoeba slice, with bad input."""

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from toolkit.cli import app
from toolkit.embed import CachedEncoder, make_encoder
from toolkit.embed.tfidf import CharNgramTfidf

from .conftest import ROOT

TATOEBA = ROOT / "toolkit" / "data" / "tatoeba-ara-eng"
runner = CliRunner()


def _slice(tmp_path: Path, lines: int = 50) -> tuple[Path, Path]:
    paths = []
    for suffix in ("ara", "eng"):
        text = (TATOEBA / f"tatoeba.ara-eng.{suffix}").read_text(encoding="utf-8").splitlines()[:lines]
        path = tmp_path / f"slice.{suffix}"
        path.write_text("\n".join(text) + "\n", encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def test_tfidf_version_follows_the_fitting_corpus(tmp_path):
    first = CharNgramTfidf(corpus=["45 civilians were killed", "dozens were wounded"])
    same = CharNgramTfidf(corpus=["dozens were wounded", "45 civilians were killed", "45 civilians were killed"])
    other = CharNgramTfidf(corpus=["45 civilians were killed", "a different corpus"])
    assert first.version == same.version != other.version
    vectors = first.encode(["45 civilians were killed", "dozens were wounded", "nothing alike"])
    np.testing.assert_allclose(np.linalg.norm(vectors[:2], axis=1), 1.0, atol=1e-5)
    assert vectors.shape == (3, first.dim) and vectors[0] @ vectors[1] < 0.5
    cached = CachedEncoder(first, tmp_path)
    np.testing.assert_allclose(cached.encode(["45 civilians were killed"])[0], vectors[0], atol=1e-6)
    cached.encode(["45 civilians were killed"])
    assert cached.last_stats == {"texts": 1, "unique_texts": 1, "cached": 1, "encoded": 0, "invalid_in_cache": 0}


def test_tfidf_fitted_per_call_is_not_cached(tmp_path):
    encoder = make_encoder("char-ngram-tfidf")
    assert encoder.cacheable is False
    cached = CachedEncoder(encoder, tmp_path)
    texts = ["45 killed in Idlib", "45 killed in Idlib today", "unrelated words"]
    first = cached.encode(texts, batch_size=1)   # batch_size must not split the fit
    assert cached.last_stats == {"texts": 3, "unique_texts": 3, "cached": 0, "encoded": 3, "invalid_in_cache": 0}
    np.testing.assert_allclose(first, encoder.encode(texts), atol=1e-6)
    assert first[0] @ first[1] > first[0] @ first[2]
    assert not (tmp_path / "embeddings").exists() or not list((tmp_path / "embeddings").glob("char-ngram-tfidf*"))
    with pytest.raises(ValueError, match="no non-empty text"):
        CharNgramTfidf(corpus=["", "  "])


def test_eval_retrieval_on_a_tatoeba_slice(tmp_path):
    source, target = _slice(tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "retrieval", str(source), str(target), "--out", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads((out / "retrieval.json").read_text(encoding="utf-8"))
    assert {"encoder", "scoring", "n", "src_to_tgt_p1", "tgt_to_src_p1", "src_to_tgt_mrr",
            "tgt_to_src_mrr"} <= set(scores)
    assert (scores["encoder"], scores["scoring"], scores["n"]) == ("use-multilingual-v3", "margin", 50)
    # chance is 1/50 = 0.02; mUSE finds 0.70 / 0.66 of these (its first 50 lines are short, hard ones)
    assert scores["src_to_tgt_p1"] >= 0.5 and scores["tgt_to_src_p1"] >= 0.5
    assert scores["src_to_tgt_mrr"] >= scores["src_to_tgt_p1"]
    again = runner.invoke(app, ["eval", "retrieval", str(source), str(target), "--scoring", "cosine",
                                "--out", str(tmp_path / "again")])
    assert again.exit_code == 0, again.output
    rerun = json.loads((tmp_path / "again" / "retrieval.json").read_text(encoding="utf-8"))
    assert rerun["embedding"]["encoded"] == 0 and rerun["embedding"]["cached"] == 100


def test_eval_retrieval_with_tfidf_is_near_chance_across_scripts(tmp_path):
    source, target = _slice(tmp_path)
    result = runner.invoke(app, ["eval", "retrieval", str(source), str(target), "--encoder", "char-ngram-tfidf",
                                 "--scoring", "csls", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "out" / "retrieval.json").read_text(encoding="utf-8"))
    assert scores["encoder"] == "char-ngram-tfidf" and scores["encoder_version"].startswith("1-corpus-")
    assert scores["src_to_tgt_p1"] < 0.2


@pytest.mark.parametrize("case, message", [
    ("empty-line", "empty line(s) (line 2)"),
    ("lengths", "not line-aligned: "),
    ("encoder", "registered encoders: char-ngram-hash, char-ngram-tfidf, e5-small-q4, ensemble, sentence-transformers, use-multilingual-v3"),
    ("model", "does not exist"),
    ("scoring", "known scorings: cosine, csls, margin"),
    ("missing", "does not exist"),
])
def test_eval_retrieval_bad_input_is_a_clear_error(tmp_path, case, message):
    source, target = _slice(tmp_path, lines=3)
    options: list[str] = []
    if case == "empty-line":
        source.write_text("one\n\nthree\n", encoding="utf-8")
    elif case == "lengths":
        target.write_text("one\ntwo\n", encoding="utf-8")
    elif case == "encoder":
        options = ["--encoder", "laser"]
    elif case == "model":
        options = ["--encoder", "sentence-transformers", "--model", str(tmp_path / "models" / "LaBSE")]
    elif case == "scoring":
        options = ["--scoring", "dot"]
    elif case == "missing":
        source = tmp_path / "nowhere.txt"
    out = tmp_path / "out"
    result = runner.invoke(app, ["eval", "retrieval", str(source), str(target), "--out", str(out), *options])
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    if case == "model":
        assert str(tmp_path / "models" / "LaBSE") in result.stderr and "set embed.model" in result.stderr
    assert not out.exists() or not any(out.iterdir())  # no partial files


def test_eval_retrieval_with_a_local_sentence_transformer(tiny_sentence_transformer, tmp_path):
    source, target = _slice(tmp_path, lines=10)
    result = runner.invoke(app, ["eval", "retrieval", str(source), str(target), "--encoder", "sentence-transformers",
                                 "--model", str(tiny_sentence_transformer), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    scores = json.loads((tmp_path / "out" / "retrieval.json").read_text(encoding="utf-8"))
    assert scores["encoder"] == "sentence-transformers:tiny-st" and scores["n"] == 10
    assert 0.0 <= scores["src_to_tgt_p1"] <= 1.0
