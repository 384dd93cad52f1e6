"""Encoders return L2-normalised float32 vectors; the cache returns them unchanged."""

import numpy as np
import pytest

from toolkit.embed import CachedEncoder, MissingModelError, make_encoder
from toolkit.registry import UnknownComponentError


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
                       match="registered encoders: char-ngram-hash, char-ngram-tfidf, sentence-transformers, use-multilingual-v3"):
        make_encoder("laser")
