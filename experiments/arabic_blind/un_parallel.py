"""Parallel consistency of the Arabic extraction on the UN dev set (task ``extraction/parallel``).

    python experiments/arabic_blind/un_parallel.py [--set extract.morphology=none]

The UN lines drawn into the sealed blind half (tests/data/arabic_blind/sealed) are left out, so
reading this task's errors never shows the sealed passages. Writes results/un_parallel.json.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from toolkit.config import build_config
from toolkit.evaluate.tasks import TASKS, run_task

ROOT = Path(__file__).resolve().parents[2]
UN = ROOT / "tests" / "data" / "un-parallel-2015-dev"
SEALED = ROOT / "tests" / "data" / "arabic_blind" / "sealed" / "passages.jsonl"
LINE = re.compile(r"UNv1\.0\.devset\.ar line (\d+)")


def sealed_lines() -> set[int]:
    """0-based UN line numbers of the sealed blind passages."""
    found = set()
    for row in SEALED.read_text(encoding="utf-8").splitlines():
        match = LINE.match(json.loads(row)["source_ref"])
        if match:
            found.add(int(match.group(1)) - 1)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="overrides", action="append", default=[], help="config override")
    args = parser.parse_args()
    config = build_config({}, args.overrides)
    arabic = (UN / "UNv1.0.devset.ar").read_text(encoding="utf-8").split("\n")[:4000]
    english = (UN / "UNv1.0.devset.en").read_text(encoding="utf-8").split("\n")[:4000]
    out = Path(__file__).parent / "results" / "un_parallel.json"
    out.parent.mkdir(exist_ok=True)
    result = run_task(TASKS["extraction/parallel"](), out, arabic=arabic, english=english,
                      extractor=config.extract.build("extractor"), exclude=sealed_lines())
    print(json.dumps({key: result[key] for key in ("category+value", "value", "counts")}, indent=2))


if __name__ == "__main__":
    main()
