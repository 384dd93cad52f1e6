"""Align: match claims across the reports of one incident (the fifth stage); see :mod:`toolkit.align.hungarian`."""

from toolkit.lazy import lazy_attributes

__all__ = ["ALIGNERS", "Aligner", "HungarianAligner", "align_claims", "slot_compatibility"]
__getattr__ = lazy_attributes(__name__, dict.fromkeys(__all__, "toolkit.align.hungarian"))
