"""Version and citation string, recorded in every run's manifest."""

__version__ = "0.1.0"

CITATION = (
    f"The CrossTally team. CrossTally: multilingual claim comparison for conflict reporting "
    f"(version {__version__}). 2026. Software."
)
