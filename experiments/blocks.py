"""Figures in the docs that cannot go stale: marked blocks rendered from an experiment's results file.

A block in a Markdown file reads::

    <!-- results: pair_model/loco -->
    ...rendered text...
    <!-- /results -->

Each experiment that quotes figures offers ``render(results) -> {block name: text}``;
:func:`write_blocks` replaces the blocks' text with the rendering of its results file, and
:func:`stale_blocks` (used by tests/test_docs.py) lists the blocks whose text differs from it.
In a notebook (``.ipynb``) the blocks live in markdown cells; the rest of the file is left as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

BLOCK = re.compile(r"(<!-- results: (?P<name>[\w./-]+) -->\n)(?P<body>.*?)(<!-- /results -->)", re.S)


def _replace(text: str, rendered: dict[str, str]) -> str:
    def substitute(match: re.Match) -> str:
        name = match.group("name")
        if name not in rendered:
            return match.group(0)
        return f"{match.group(1)}{rendered[name].rstrip()}\n{match.group(4)}"

    return BLOCK.sub(substitute, text)


def _texts(path: Path) -> list[str]:
    """The texts that may hold blocks: the file, or a notebook's markdown cells."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return [text]
    return ["".join(cell["source"]) for cell in json.loads(text)["cells"] if cell["cell_type"] == "markdown"]


def _rewrite(path: Path, change: Callable[[str], str]) -> bool:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        new = change(text)
    else:
        notebook = json.loads(text)
        for cell in notebook["cells"]:
            if cell["cell_type"] == "markdown":
                cell["source"] = change("".join(cell["source"])).splitlines(keepends=True)
        new = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"  # the layout nbformat.write gives
    if new == text:
        return False
    path.write_text(new, encoding="utf-8")
    return True


def write_blocks(paths: list[Path], rendered: dict[str, str]) -> list[Path]:
    """Rewrite the named blocks of ``paths``; returns the files that changed."""
    return [path for path in paths if _rewrite(path, lambda text: _replace(text, rendered))]


def stale_blocks(paths: list[Path], rendered: dict[str, str]) -> list[str]:
    """``file: block`` for every block of ``rendered`` whose text in ``paths`` differs from it, and
    ``missing: block`` for a rendered block that no file holds (a deleted marker)."""
    stale, found = [], set()
    for path in paths:
        for text in _texts(path):
            for match in BLOCK.finditer(text):
                name = match.group("name")
                found.add(name)
                if name in rendered and match.group("body").rstrip() != rendered[name].rstrip():
                    stale.append(f"{path}: {name}")
    return stale + [f"missing: {name}" for name in rendered if name not in found]
