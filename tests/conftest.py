"""Shared fixtures. The embedding cache goes to a temporary directory, never ~/.cache."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "toolkit" / "data" / "demo"


def load_script(relative: str) -> ModuleType:
    """A script of the repository (``experiments/.../figures.py``) as a module, under a name of its own
    so that two scripts called ``figures.py`` do not collide; experiments/ is importable for ``blocks``."""
    sys.path.insert(0, str(ROOT / "experiments"))
    path = ROOT / relative
    spec = importlib.util.spec_from_file_location("script_" + relative.replace("/", "_").removesuffix(".py"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session", autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    cache = tmp_path_factory.mktemp("crosstally-cache")
    previous = os.environ.get("CROSSTALLY_CACHE")
    os.environ["CROSSTALLY_CACHE"] = str(cache)
    yield cache
    if previous is None:
        os.environ.pop("CROSSTALLY_CACHE", None)
    else:
        os.environ["CROSSTALLY_CACHE"] = previous


@pytest.fixture(scope="session")
def tiny_sentence_transformer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real sentence-transformers model with random weights and a tokenizer trained
    here on a few sentences, saved to a local directory (no hub access)."""
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel, BertTokenizerFast

    base = tmp_path_factory.mktemp("tiny-model")
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    corpus = ["45 civilians were killed in airstrikes on rural Idlib",
              "قتل 45 مدنيا في غارات على ريف إدلب", "dozens were wounded", "عشرات الجرحى"]
    special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokenizer.train_from_iterator(corpus, trainers.WordPieceTrainer(vocab_size=300, special_tokens=special))
    fast = BertTokenizerFast(tokenizer_object=tokenizer, unk_token="[UNK]", pad_token="[PAD]",
                             cls_token="[CLS]", sep_token="[SEP]", mask_token="[MASK]")
    config = BertConfig(vocab_size=tokenizer.get_vocab_size(), hidden_size=32, num_hidden_layers=1,
                        num_attention_heads=2, intermediate_size=64, max_position_embeddings=64)
    transformer_dir = base / "bert"
    with torch.random.fork_rng(devices=[]):  # fixed weights without touching the session's random state
        torch.manual_seed(0)
        BertModel(config).save_pretrained(transformer_dir)
    fast.save_pretrained(transformer_dir)
    modules = [Transformer(str(transformer_dir), max_seq_length=config.max_position_embeddings),
               Pooling(config.hidden_size, "mean")]
    model = SentenceTransformer(modules=modules, device="cpu")
    model_dir = base / "tiny-st"
    model.save(str(model_dir))
    return model_dir
