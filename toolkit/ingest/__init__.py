"""Ingest: read, validate and normalise reports (the first stage)."""

from toolkit.lazy import lazy_attributes

__all__ = ["IngestBatch", "InputFileError", "ingest", "iter_ingest"]
__getattr__ = lazy_attributes(__name__, {"IngestBatch": "toolkit.ingest.batches", "ingest": "toolkit.ingest.batches",
                                         "iter_ingest": "toolkit.ingest.batches",
                                         "InputFileError": "toolkit.ingest.errors"})
