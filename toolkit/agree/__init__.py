"""Agree: compare the counts that sources give for the same thing (the last stage).

Example:
    >>> import numpy as np
    >>> from toolkit.agree import krippendorff_alpha
    >>> round(krippendorff_alpha(np.array([[10, 20, 30, np.nan], [12, 20, 33, 40]]), "ratio"), 3)
    0.965
"""

from toolkit.lazy import lazy_attributes

__all__ = ["STATISTICS", "AgreeConfig", "AgreementResult", "AgreementStatistic", "UndefinedStatistic", "agree",
           "krippendorff_alpha", "pairwise_agreement"]
__getattr__ = lazy_attributes(__name__, {
    "STATISTICS": "toolkit.agree.statistics", "AgreementStatistic": "toolkit.agree.statistics",
    "AgreeConfig": "toolkit.agree.settings", "AgreementResult": "toolkit.agree.compute",
    "agree": "toolkit.agree.compute", "UndefinedStatistic": "toolkit.agree.alpha",
    "krippendorff_alpha": "toolkit.agree.alpha", "pairwise_agreement": "toolkit.agree.stats"})
