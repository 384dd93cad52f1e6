"""Words near numbers that get a category or subject only through the Arabic analyser, by analysis key.

    python experiments/arabic_blind/lemma_collisions.py [--analyser snowball] [--top 60]

A stemmer maps unrelated words to one key ("من أجل" and "أجلى", evacuated; "الأردن" and "أردى",
killed). Listing, for each key a lemma entry owns, the words of Gulf newswire
(../shared/data/external/saudinewsnet-2015) and UN Arabic (tests/data/un-parallel-2015-dev) that
reach it shows which keys mostly catch other words: those go into ``lexicon.HOMOGRAPH_KEYS``.
Keys already listed there are not reported. Reads no gold set.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path

from toolkit.extract import lexicon, morphology
from toolkit.extract.tokens import tokenize
from toolkit.ingest.arabic import normalise_arabic

ROOT = Path(__file__).resolve().parents[2]
SAUDI = ROOT.parent / "shared" / "data" / "external" / "saudinewsnet-2015" / "data"
UN = ROOT / "tests" / "data" / "un-parallel-2015-dev" / "UNv1.0.devset.ar"
# Words within this many tokens of a digit are the ones the extractor looks up.
NEIGHBOURHOOD = 8


def corpus() -> list[str]:
    texts = [article["title"] + "\n" + article["content"] for path in sorted(SAUDI.glob("*.json"))
             for article in json.loads(path.read_text(encoding="utf-8"))]
    return texts + UN.read_text(encoding="utf-8").split("\n")


def collisions(texts: list[str], analyser: str) -> dict[str, dict[tuple[str, tuple[str, ...]], Counter]]:
    """table -> (label, analysis keys) -> the words that reached that label through the analyser only."""
    found: dict[str, dict[tuple[str, tuple[str, ...]], Counter]] = {"category": defaultdict(Counter),
                                                                     "subject": defaultdict(Counter)}
    with morphology.analysing_with(analyser):
        for text in texts:
            tokens = tokenize(normalise_arabic(text))
            near = {index for position, token in enumerate(tokens) if token.text[:1].isdigit()
                    for index in range(max(0, position - NEIGHBOURHOOD), min(len(tokens), position + NEIGHBOURHOOD + 1))}
            for index in near:
                word = tokens[index].lower
                if not ("\u0600" <= word[:1] <= "\u06ff"):
                    continue
                for table in found:
                    if lexicon.surface_label(table, "ar", word):
                        continue  # the surface patterns read it
                    label = lexicon.lookup(table, "ar", word)
                    if label:
                        found[table][(label, morphology.keys(word, analyser))][word] += 1
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--analyser", default="snowball", choices=[a for a in morphology.ANALYSERS if a != "none"])
    parser.add_argument("--top", type=int, default=60, help="keys listed per table")
    args = parser.parse_args()
    for table, keys in collisions(corpus(), args.analyser).items():
        print(f"== {table}: label, analysis keys, occurrences, most frequent words")
        for (label, key), words in sorted(keys.items(), key=lambda item: -sum(item[1].values()))[:args.top]:
            print(label, "/".join(key), sum(words.values()), " ".join(f"{w}:{n}" for w, n in words.most_common(6)))


if __name__ == "__main__":
    main()
