"""Arabic morphology under the lexicons: a word's analysis key (stem or lemma) from a maintained library.

The lexicons list stems with the clitics and suffixes :func:`toolkit.extract.lexicon.arabic_pattern`
adds, which misses verb conjugations, imperfect prefixes, broken plurals and most of the forms
Arabic inflection multiplies ("قتلت", "يعتقل", "أعدموا"). An analyser maps a word to a key, the lexicon's
lemma entries are mapped by the same analyser, and a word whose key is a lemma entry's key gets its
category or subject. Analysers:

- ``snowball`` (default): the Snowball Arabic light stemmer (``snowballstemmer``, BSD-3-Clause), which
  runs Snowball's C implementation from ``PyStemmer`` (MIT/BSD) when it is installed, as it is with
  CrossTally: a few microseconds a word against 0.2 ms in pure Python, with the same stems;
- ``qalsadi``: the qalsadi lemmatiser (GPL-3.0, dictionary inside the wheel), better on broken plurals
  and hamza-bearing verbs but about 5 ms a word; install ``crosstally[qalsadi]``;
- ``none``: the surface lexicons only.

The engine analyses only words next to numbers, and every analysis is cached. The analyser of the
running extractor is held in a context variable, so two extractors with different analysers can run
in one process (threads included) without sharing state.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from functools import lru_cache

ANALYSERS = ("snowball", "qalsadi", "none")
# Conjunctions a stemmer may leave on a verb or masdar ("واستشهد", "واعتقال"): a key is also taken
# without them when the rest is long enough to be a word of its own.
_CONJUNCTIONS = ("و", "ف")
_MIN_STEM = 3


class MorphologyUnavailableError(ImportError):
    """The analyser's library is not installed."""


def _snowball() -> Callable[[str], str]:
    import snowballstemmer

    return snowballstemmer.stemmer("arabic").stemWord


def _qalsadi() -> Callable[[str], str]:
    try:
        from qalsadi.lemmatizer import Lemmatizer
    except ImportError as error:
        raise MorphologyUnavailableError(
            "extract.morphology: qalsadi needs the qalsadi package (GPL-3.0): pip install 'crosstally[qalsadi]', "
            "or set extract.morphology: snowball") from error
    lemmatizer = Lemmatizer()

    def lemma(word: str) -> str:
        found = lemmatizer.lemmatize(word)
        return found if isinstance(found, str) and found else word

    return lemma


@lru_cache(maxsize=None)
def _analyser(name: str) -> Callable[[str], str] | None:
    if name == "none":
        return None
    return {"snowball": _snowball, "qalsadi": _qalsadi}[name]()


def check_available(name: str) -> None:
    """Fail now, with the install line, when the analyser's library is missing."""
    if name not in ANALYSERS:
        raise ValueError(f"unknown Arabic analyser {name!r}; choose one of {', '.join(ANALYSERS)}")
    _analyser(name)


_ACTIVE: ContextVar[str] = ContextVar("crosstally_arabic_analyser", default="snowball")


@contextlib.contextmanager
def analysing_with(name: str) -> Iterator[None]:
    """Use analyser ``name`` for the lexicon lookups made inside the block."""
    token = _ACTIVE.set(name)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def active() -> str:
    return _ACTIVE.get()


@lru_cache(maxsize=262_144)
def keys(word: str, name: str) -> tuple[str, ...]:
    """The analysis keys of a normalised Arabic word: its stem or lemma, and that of the word without a
    leading conjunction.

    >>> keys("قتلت", "snowball"), keys("واعتقال", "snowball")
    (('قتل',), ('واعتقال', 'اعتقال'))
    """
    analyse = _analyser(name)
    if analyse is None:
        return ()
    found = [analyse(word)]
    if word.startswith(_CONJUNCTIONS) and len(word) - 1 >= _MIN_STEM:
        found.append(analyse(word[1:]))
    return tuple(dict.fromkeys(key for key in found if key))
