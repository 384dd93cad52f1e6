"""Write the agreement stage's outputs into a run directory: tables (Parquet and CSV),
LaTeX tables, figures and the summary JSON."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa

from toolkit import schema
from toolkit.agree import figures, latex
from toolkit.agree.compute import AgreementResult
from toolkit.agree.statistics import statistic_rows
from toolkit.io import atomic_path, write_json, write_table, write_text

TABLES: dict[str, tuple[str, pa.Schema]] = {
    "source_counts": ("source_counts", schema.SOURCE_COUNTS),
    "units": ("agreement", schema.AGREEMENT),
    "sources": ("source_agreement", schema.SOURCE_AGREEMENT),
    "pairs": ("source_pairs", schema.SOURCE_PAIRS),
    "deviations": ("deviations", schema.DEVIATIONS),
    "groups": ("group_bias", schema.GROUP_BIAS),
    "reference": ("reference_comparison", schema.REFERENCE_COMPARISON),
}


TEX_TABLES = ("agreement_summary.tex", "source_bias.tex", "source_pairs.tex")


def _write_csv(path: Path, frame: pd.DataFrame) -> None:
    with atomic_path(path) as temporary:
        frame.to_csv(temporary, index=False)


def summary_rows(summary: dict) -> list[tuple[str, dict]]:
    """(label, interval) for each overall statistic, in the order papers report them."""
    rows = statistic_rows(summary)
    if "reference" in summary:
        rows.append(("Mean log ratio to the reference", summary["reference"]["mean_log_ratio"]))
    return rows


def latex_tables(result: AgreementResult) -> dict[str, str]:
    s = result.summary
    level = f"{s['confidence']:.0%}"
    overall = latex.table(
        ["statistic", f"estimate [{level} CI]"],
        [[latex.escape(label), latex.with_interval(i["estimate"], i["low"], i["high"])]
         for label, i in summary_rows(s)],
        caption=f"Agreement between sources over {s['n_units_with_two_or_more_sources']} units reported by "
                f"two or more sources ({s['bootstrap_draws']} bootstrap draws over units).",
        label="tab:agreement-summary")
    sources = latex.table(
        ["source", "language", "units", "shared", f"bias [{level} CI]", "within tol."],
        [[latex.escape(r["source"]), latex.escape(r["language"]), str(r["n_units"]), str(r["n_units_shared"]),
          latex.with_interval(r["mean_log_ratio"], r["mean_log_ratio_low"], r["mean_log_ratio_high"]),
          latex.cell(r["within_tolerance"])] for r in result.sources.to_dict("records")],
        caption="Per-source bias: mean log ratio of each source's figure to the median of the other "
                "sources' figures for the same unit.",
        label="tab:source-bias")
    pairs = latex.table(
        ["source A", "source B", "shared", "exact", "within tol.", "overlap", "CCC (log)"],
        [[latex.escape(r["source_a"]), latex.escape(r["source_b"]), str(r["n_shared"]),
          latex.cell(r["exact_agreement"]), latex.cell(r["within_tolerance"]),
          latex.cell(r["interval_overlap"]), latex.cell(r["ccc_log"])]
         for r in result.pairs[result.pairs["n_shared"] > 0].to_dict("records")],
        caption="Agreement between pairs of sources on the units both report; Lin's concordance "
                "correlation on log counts (three or more shared units).",
        label="tab:source-pairs")
    return dict(zip(TEX_TABLES, (overall, sources, pairs)))


def write_agreement(result: AgreementResult, run_dir: Path) -> list[str]:
    """Write every agreement output; returns the figure file names (in ``figures/``)."""
    for attribute, (stem, table_schema) in TABLES.items():
        frame = getattr(result, attribute)
        if frame is None:
            continue
        write_table(run_dir / f"{stem}.parquet", frame, table_schema)
        _write_csv(run_dir / f"{stem}.csv", frame)
    write_json(run_dir / "agreement_summary.json", result.summary)
    for name, text in latex_tables(result).items():
        write_text(run_dir / "tables" / name, text)
    directory = run_dir / "figures"
    return (figures.agreement_heatmap(result.pairs, directory)
            + figures.bland_altman_plot(result.deviations, result.summary["bland_altman_log"], directory)
            + figures.bias_forest_plot(result.sources, directory, result.summary["confidence"]))


def read_agreement(run_dir: Path) -> AgreementResult:
    """The agreement outputs of a run directory read back (the inverse of :func:`write_agreement`)."""
    import json

    from toolkit.io import read_table

    frames = {attribute: read_table(run_dir / f"{stem}.parquet") if (run_dir / f"{stem}.parquet").exists() else None
              for attribute, (stem, _schema) in TABLES.items()}
    summary = json.loads((run_dir / "agreement_summary.json").read_text(encoding="utf-8"))
    return AgreementResult(summary=summary, **frames)
