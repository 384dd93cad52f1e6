"""Which Arabic surface entries of the lexicon the default analyser makes unnecessary.

    python experiments/arabic_blind/surface_coverage.py ../shared/data/external

For every Arabic entry of ``lexicon.CATEGORY_WORDS`` and ``SUBJECT_WORDS`` it lists the words of a
vocabulary (SaudiNewsNet 2015, the UN dev lines and the project's Arabic sets) that the entry's pattern
matches, and whether the snowball lemma path alone gives each of them the entry's label. An entry is
"covered" when it does for every word it matches (and matches at least one): such an entry can go, as
28 did on 2026-12-07 (docs/data.md). Removing one must leave the extraction of the gold sets unchanged.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from toolkit.extract import lexicon, morphology
from toolkit.extract.tokens import tokenize
from toolkit.ingest.arabic import normalise_with_offsets

ROOT = Path(__file__).resolve().parents[2]


def vocabulary(external: Path) -> set[str]:
    texts = [article["content"] for path in sorted((external / "saudinewsnet-2015" / "data").glob("*.json"))
             for article in json.loads(path.read_text(encoding="utf-8"))]
    texts += (ROOT / "tests" / "data" / "un-parallel-2015-dev" / "UNv1.0.devset.ar").read_text(encoding="utf-8").split("\n")
    for path in [*ROOT.glob("toolkit/data/**/*.jsonl"), *ROOT.glob("tests/data/**/*.jsonl")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            if row.get("language") == "ar":
                texts.append(row.get("text") or "")
    words = set()
    for text in texts:
        normalised, _ = normalise_with_offsets(text)
        words.update(token.lower for token in tokenize(normalised) if "\u0600" <= token.lower[:1] <= "\u06ff")
    return words


def lemma_label(table: str, word: str) -> str | None:
    keys = lexicon._lemma_keys(table, "snowball")
    return next((keys[key] for key in morphology.keys(word, "snowball") if key in keys), None)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("external", type=Path, help="the shared data's external/ folder")
    words = vocabulary(parser.parse_args().external)
    print(f"{len(words)} distinct Arabic words")
    for table, entries in (("category", lexicon.CATEGORY_WORDS), ("subject", lexicon.SUBJECT_WORDS)):
        for label, (_english, arabic) in entries.items():
            for stem in arabic:
                pattern = re.compile(lexicon.arabic_pattern([stem]))
                matched = sorted(word for word in words if pattern.fullmatch(word))
                missed = [word for word in matched if lemma_label(table, word) != label]
                state = "covered" if matched and not missed else "needed"
                print(f"{state:8} {table:8} {label:11} {stem:12} matched {len(matched):4}  not by lemma {missed[:4]}")


if __name__ == "__main__":
    main()
