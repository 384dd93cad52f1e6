"""Extract: counted claims in each report (the second stage)."""

from toolkit.lazy import lazy_attributes

__all__ = ["EXTRACTORS", "REPORT_FIELDS", "Extractor", "RuleExtractor", "extract_claims", "make_extractor"]
__getattr__ = lazy_attributes(__name__, {
    "EXTRACTORS": "toolkit.extract.base", "Extractor": "toolkit.extract.base", "RuleExtractor": "toolkit.extract.rules",
    "REPORT_FIELDS": "toolkit.extract.claims", "extract_claims": "toolkit.extract.claims",
    "make_extractor": "toolkit.extract.claims"})
