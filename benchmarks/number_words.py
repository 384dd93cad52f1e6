"""Exhaustive check: every integer in a range, written out in English and Arabic words by
num2words, parses back to itself. The test suite samples this property (hypothesis);
this script checks every integer.

    python benchmarks/number_words.py [--stop 1000000]
"""

from __future__ import annotations

import argparse
import time

from num2words import num2words

from toolkit.extract.numbers import find_numbers
from toolkit.extract.tokens import tokenize
from toolkit.ingest.arabic import normalise_arabic


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stop", type=int, default=1_000_000)
    args = parser.parse_args()
    for language in ("en", "ar"):
        start, failures = time.perf_counter(), []
        for number in range(args.stop + 1):
            words = num2words(number, lang=language)
            values = [m.value for m in find_numbers(tokenize(normalise_arabic(words)))]
            if values != [float(number)]:
                failures.append((number, words, values))
        seconds = time.perf_counter() - start
        print(f"{language}: {args.stop + 1 - len(failures)} of {args.stop + 1} integers parse back "
              f"({len(failures)} failures, {seconds:.0f} s)")
        for failure in failures[:10]:
            print("   ", failure)


if __name__ == "__main__":
    main()
