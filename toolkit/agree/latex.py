"""LaTeX tables (booktabs) ready for a paper, written from the agreement tables."""

from __future__ import annotations

import math
from collections.abc import Sequence

_SPECIAL = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
            "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def escape(text: str) -> str:
    """Escape LaTeX's special characters.

    >>> escape("wire_service & 10%")
    'wire\\\\_service \\\\& 10\\\\%'
    """
    return "".join(_SPECIAL.get(char, char) for char in text)


def cell(value: object, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "--"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return escape(str(value))


def with_interval(estimate: float | None, low: float | None, high: float | None, digits: int = 2) -> str:
    """"0.76 [0.57, 0.87]", or "--" when undefined."""
    if estimate is None or (isinstance(estimate, float) and math.isnan(estimate)):
        return "--"
    if low is None or high is None:
        return f"{estimate:.{digits}f}"
    return f"{estimate:.{digits}f} [{low:.{digits}f}, {high:.{digits}f}]"


def table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str, label: str,
          align: str | None = None) -> str:
    """A complete ``table`` environment; cells must already be formatted (see :func:`cell`)."""
    align = align or "l" + "r" * (len(header) - 1)
    lines = [r"\begin{table}[t]", r"\centering", rf"\caption{{{escape(caption)}}}", rf"\label{{{label}}}",
             rf"\begin{{tabular}}{{{align}}}", r"\toprule",
             " & ".join(escape(h) for h in header) + r" \\", r"\midrule"]
    lines += [" & ".join(row) + r" \\" for row in rows]
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}", ""]
    return "\n".join(lines)
