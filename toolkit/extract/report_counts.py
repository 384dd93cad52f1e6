"""Report-level figures: per report and (category, subject), the report's main count.

Rule: the first top-level claim of the slot in reading order (the headline and the lead
come first), leaving out sub-counts (``part_of`` set) and cumulative tolls for a period or
a whole war (``cumulative``), so "At least 21 people were killed in the market strike ...
the campaign has killed hundreds since December" gives 21; a claim with a number comes
before a vague one ("Dozens of civilians were killed ... at least 73 civilians" gives 73).
A report whose only claims for a slot are cumulative or vague keeps the first of them: it
is the only figure it gives.
"""

from __future__ import annotations

import pandas as pd

from toolkit.schema import REPORT_COUNTS


def report_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """The report_counts table (see the module docstring for the rule).

    >>> claims = pd.DataFrame({
    ...     "claim_id": ["r-c1", "r-c2", "r-c3"], "report_id": "r", "category": "killed",
    ...     "subject": "people", "value": [300.0, 21.0, 3.0], "lower": [300.0, 21.0, 3.0],
    ...     "upper": [300.0, 21.0, 3.0], "qualifier": "exact", "part_of": [None, None, "r-c2"],
    ...     "cumulative": [True, False, False]})
    >>> report_counts(claims)[["report_id", "value", "claim_id"]].values.tolist()
    [['r', 21.0, 'r-c2']]
    """
    if claims.empty:
        return REPORT_COUNTS.empty_table().to_pandas()
    top = claims[claims["part_of"].isna()].copy()
    top["position"] = top["claim_id"].str.rsplit("-c", n=1).str[-1].astype(int)
    top["cumulative_rank"] = top["cumulative"].fillna(False).astype(int)
    top["vague_rank"] = top["value"].isna().astype(int)
    first = (top.sort_values(["report_id", "cumulative_rank", "vague_rank", "position"])
             .drop_duplicates(["report_id", "category", "subject"]))
    first = first.sort_values(["report_id", "category", "subject"]).reset_index(drop=True)
    return first[REPORT_COUNTS.names]
