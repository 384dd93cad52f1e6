"""What a run shows a person: the console table, ``summary.md`` and figures."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.agree import AgreementResult
from toolkit.io import atomic_path

MAX_ROWS = 20


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _killed_by_incident(result: AgreementResult) -> dict[str, str]:
    """Per incident, the killed figures of its most-reported killed slot: 'min–max (median)'."""
    units = result.units[result.units["category"] == "killed"]
    text: dict[str, str] = {}
    for incident_id, group in units.groupby("incident_id"):
        top = group.sort_values(["n_sources", "consensus"], ascending=False).iloc[0]
        spread = _fmt(top["min"], 0) if top["min"] == top["max"] else f"{top['min']:.0f}–{top['max']:.0f}"
        text[incident_id] = f"{spread} {top['subject']} (median {top['consensus']:.0f}, {top['n_sources']} src)"
    return text


def incident_rows(incidents: pd.DataFrame, result: AgreementResult) -> list[list[str]]:
    killed = _killed_by_incident(result)
    rows = []
    for row in incidents.head(MAX_ROWS).to_dict("records"):
        dates = _fmt(row["start"]) if row["start"] == row["end"] else f"{row['start']} – {row['end']}"
        rows.append([row["incident_id"], dates, str(row["n_reports"]), str(row["n_sources"]),
                     ",".join(row["languages"]), killed.get(row["incident_id"], "–")])
    return rows


def source_rows(result: AgreementResult) -> list[list[str]]:
    return [[row["source"], str(row["n_units"]), str(row["n_units_shared"]),
             _fmt(row["median_log_ratio_to_consensus"]), _fmt(row["exact_agreement"]),
             _fmt(row["within_tolerance"])]
            for row in result.sources.to_dict("records")]


INCIDENT_HEADER = ["incident", "dates", "reports", "sources", "languages", "killed"]
SOURCE_HEADER = ["source", "units", "shared", "median log ratio", "exact", "within tol."]


def headline(result: AgreementResult) -> str:
    s = result.summary
    return (f"Krippendorff's alpha ({s['alpha_level']}) = {_fmt(s['alpha'], 3)} over "
            f"{s['n_units_with_two_or_more_sources']} units reported by two or more sources; "
            f"pairwise exact agreement {_fmt(s['exact_agreement_mean'])}, within "
            f"{s['tolerance']:.0%} {_fmt(s['within_tolerance_mean'])}.")


def print_console(incidents: pd.DataFrame, result: AgreementResult, run_dir: Path) -> None:
    """The compact table a run ends with."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Incidents ({len(incidents)})", title_justify="left")
    for column in INCIDENT_HEADER:
        table.add_column(column)
    for row in incident_rows(incidents, result):
        table.add_row(*row)
    console.print(table)
    sources = Table(title="Sources against the consensus of the others", title_justify="left")
    for column in SOURCE_HEADER:
        sources.add_column(column)
    for row in source_rows(result):
        sources.add_row(*row)
    console.print(sources)
    console.print(headline(result))
    console.print(f"Run written to {run_dir}")


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def summary_markdown(manifest: dict[str, Any], incidents: pd.DataFrame,
                     result: AgreementResult, figures: list[str]) -> str:
    stages = manifest["stages"]
    ingest = stages.get("ingest", {})
    parts = [
        "# CrossTally run summary",
        "",
        f"Toolkit {manifest['toolkit_version']}, seed {manifest['seed']}, started {manifest['started']}.",
        f"Reports: {ingest.get('rows_in', 0)} read, {ingest.get('rows_out', 0)} kept, "
        f"{ingest.get('rejected', 0)} rejected (see `rejects.jsonl`). "
        f"Claims: {stages.get('extract', {}).get('rows_out', 0)}. Incidents: {len(incidents)}.",
        "",
        "## Agreement",
        "",
        headline(result),
        "",
        "## Incidents",
        "",
        _markdown_table(INCIDENT_HEADER, incident_rows(incidents, result)),
        "",
        "## Sources",
        "",
        "Median log ratio: median over shared units of log(source's count / median of the "
        "other sources' counts); 0 means no systematic departure (docs/methods.md).",
        "",
        _markdown_table(SOURCE_HEADER, source_rows(result)),
        "",
    ]
    if figures:
        parts += ["## Figures", ""] + [f"![{name}](figures/{name})" for name in figures] + [""]
    parts += ["## How to cite", "", manifest["citation"], ""]
    return "\n".join(parts)


def source_bias_figure(result: AgreementResult, directory: Path) -> list[str]:
    """Bar chart of each source's median log ratio to the others' consensus (PNG and SVG)."""
    table = result.sources.dropna(subset=["median_log_ratio_to_consensus"])
    if table.empty:
        return []
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    table = table.sort_values("median_log_ratio_to_consensus")
    figure, axis = plt.subplots(figsize=(6, 0.45 * len(table) + 1.2))
    axis.barh(table["source"], table["median_log_ratio_to_consensus"], color="#4477aa")
    axis.axvline(0, color="black", linewidth=0.8)
    axis.set_xlabel("median log(count / consensus of the other sources)")
    axis.set_title("Per-source departure from consensus")
    figure.tight_layout()
    names = []
    for extension in ("png", "svg"):
        name = f"source_bias.{extension}"
        with atomic_path(directory / name) as temporary:
            # metadata pinned so the figure file is identical across runs
            figure.savefig(temporary, format=extension, dpi=150,
                           metadata={"Software": None} if extension == "png" else {"Date": None})
        names.append(name)
    plt.close(figure)
    return names
