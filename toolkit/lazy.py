"""Lazy package attributes (PEP 562): a stage package names what it offers without importing it.

Reading and validating a config needs only the registries and the components' settings; the
stage code behind them (pandas, scipy, the extractor's lexicons) is imported when first used,
so a wrong config fails at once instead of after seconds of imports.

Example:
    >>> __getattr__ = lazy_attributes("demo", {"sqrt": "math"})
    >>> __getattr__("sqrt")(9.0)
    3.0
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def lazy_attributes(package: str, exports: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``exports[name]`` (a module path) on first access."""
    def __getattr__(name: str) -> Any:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(exports[name]), name)

    return __getattr__
