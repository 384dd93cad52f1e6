"""Figures in the docs that cannot go stale: marked blocks rendered from an experiment's results file.

A block in a Markdown file reads::

    <!-- results: pair_model/loco -->
    ...rendered text...
    <!-- /results -->

Each experiment that quotes figures offers ``render(results) -> {block name: text}``;
:func:`write_blocks` replaces the blocks' text with the rendering of its results file, and
:func:`stale_blocks` (used by tests/test_docs.py) lists the blocks whose text differs from it.
"""

from __future__ import annotations

import re
from pathlib import Path

BLOCK = re.compile(r"(<!-- results: (?P<name>[\w./-]+) -->\n)(?P<body>.*?)(<!-- /results -->)", re.S)


def _replace(text: str, rendered: dict[str, str]) -> str:
    def substitute(match: re.Match) -> str:
        name = match.group("name")
        if name not in rendered:
            return match.group(0)
        return f"{match.group(1)}{rendered[name].rstrip()}\n{match.group(4)}"

    return BLOCK.sub(substitute, text)


def write_blocks(paths: list[Path], rendered: dict[str, str]) -> list[Path]:
    """Rewrite the named blocks of ``paths``; returns the files that changed."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        new = _replace(text, rendered)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed.append(path)
    return changed


def stale_blocks(paths: list[Path], rendered: dict[str, str]) -> list[str]:
    """``file: block`` for every block of ``rendered`` whose text in ``paths`` differs from it."""
    stale = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            name = match.group("name")
            if name in rendered and match.group("body").rstrip() != rendered[name].rstrip():
                stale.append(f"{path}: {name}")
    return stale
