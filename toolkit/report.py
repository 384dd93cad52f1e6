"""What a run shows a person: the console table and ``summary.md``."""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit.agree.compute import AgreementResult
from toolkit.agree.export import summary_rows
from toolkit.agree.statistics import statistic_rows

MAX_ROWS = 20


FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def isolate(text: str) -> str:
    """``text`` inside Unicode isolates (U+2068 ... U+2069) when it holds right-to-left letters.

    In a label that mixes scripts, an Arabic name next to digits reorders its neighbours
    ("Atareb, 4 · الاتارب sources"); isolated, each name keeps its own direction and the label
    its order.

    >>> isolate("Atareb"), isolate("الأتارب") == "\u2068الأتارب\u2069"
    ('Atareb', True)
    """
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in text):
        return f"{FIRST_STRONG_ISOLATE}{text}{POP_DIRECTIONAL_ISOLATE}"
    return text


def is_latin(text: str) -> bool:
    """Whether ``text`` has no right-to-left letters (matplotlib draws those unshaped)."""
    return isolate(text) == text


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def format_interval(interval: dict, digits: int = 2) -> str:
    """An estimate with its interval, "0.715 [0.539, 0.840]"; "undefined (why)" when there is none."""
    if interval.get("estimate") is None:
        return "undefined" + (f" ({interval['undefined']})" if interval.get("undefined") else "")
    if interval.get("low") is None:
        return _fmt(interval["estimate"], digits)
    return f"{interval['estimate']:.{digits}f} [{interval['low']:.{digits}f}, {interval['high']:.{digits}f}]"


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
    shown = incidents.sort_values(["n_sources", "n_reports", "incident_id"], ascending=[False, False, True])
    for row in shown.head(MAX_ROWS).to_dict("records"):
        dates = _fmt(row["start"]) if row["start"] == row["end"] else f"{row['start']} – {row['end']}"
        rows.append([row["incident_id"], dates, str(row["n_reports"]), str(row["n_sources"]),
                     ",".join(row["languages"]), killed.get(row["incident_id"], "–")])
    return rows


def source_rows(result: AgreementResult) -> list[list[str]]:
    return [[row["source"], row["language"], str(row["n_units"]), str(row["n_units_shared"]),
             format_interval({"estimate": row["mean_log_ratio"], "low": row["mean_log_ratio_low"],
                        "high": row["mean_log_ratio_high"]}),
             _fmt(row["within_tolerance"])]
            for row in result.sources.to_dict("records")]


INCIDENT_HEADER = ["incident", "dates", "reports", "sources", "languages", "killed"]
SOURCE_HEADER = ["source", "lang", "units", "shared", "bias (mean log ratio) [CI]", "within tol."]


def headline(result: AgreementResult) -> str:
    """The run's closing line: alpha and agreement within tolerance (else the first statistics run)."""
    s = result.summary
    rows = dict(statistic_rows(s))
    labels = [label for label, _interval in statistic_rows(s)]
    preferred = [label for label in labels if label.startswith(("Krippendorff", "Pairwise agreement within"))]
    shown = (preferred or labels)[:2]
    if not shown:
        return f"{s['n_units_with_two_or_more_sources']} units reported by two or more sources."
    text = (f"{shown[0]} = {format_interval(rows[shown[0]], 3)} over {s['n_units_with_two_or_more_sources']} units "
            "reported by two or more sources")
    text += "".join(f"; {label[0].lower() + label[1:]} {format_interval(rows[label])}" for label in shown[1:])
    return text + f" ({s['confidence']:.0%} bootstrap intervals)."


def print_console(incidents: pd.DataFrame, result: AgreementResult, run_dir: Path) -> None:
    """The compact table a run ends with."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"Incidents ({len(incidents)}; the {min(MAX_ROWS, len(incidents))} reported by most sources)",
                  title_justify="left")
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
    s = result.summary
    statistics = [[label, format_interval(interval, 3)] for label, interval in summary_rows(s)]
    limits = s["bland_altman_log"]
    parts = [
        "# CrossTally run summary",
        "",
        f"Toolkit {manifest['toolkit_version']}, seed {manifest['seed']}, started {manifest['started']}.",
        f"Reports: {ingest.get('rows_in', 0)} read, {ingest.get('rows_out', 0)} kept, "
        f"{ingest.get('rejected', 0)} rejected (see `rejects.jsonl`). "
        f"Claims: {stages.get('extract', {}).get('claims', 0)}. Incidents: {len(incidents)}.",
        "",
        "## Agreement",
        "",
        f"{s['n_units']} comparison units (incident × category × subject × place), "
        f"{s['n_units_with_two_or_more_sources']} of them reported by two or more of {s['n_sources']} "
        f"sources. Intervals: {s['confidence']:.0%} percentile bootstrap over units, "
        f"{s['bootstrap_draws']} draws, seed {s['seed']} (docs/methods.md).",
        "",
        _markdown_table(["statistic", "estimate [interval]"], statistics),
        "",
        f"Bland–Altman on log counts (each figure against the median of the other sources): "
        f"bias {_fmt(limits['bias'])}, 95% limits of agreement {_fmt(limits['lower_limit'])} to "
        f"{_fmt(limits['upper_limit'])} (n = {limits['n']}).",
        "",
        "## Incidents",
        "",
        f"The {min(MAX_ROWS, len(incidents))} incidents reported by the most sources "
        f"(all {len(incidents)} in `incident_summary.parquet`).",
        "",
        _markdown_table(INCIDENT_HEADER, incident_rows(incidents, result)),
        "",
        "## Sources",
        "",
        "Bias: mean over shared units of log(source's figure / median of the other sources' figures); "
        "0 is no systematic departure, 0.1 about 10% higher.",
        "",
        _markdown_table(SOURCE_HEADER, source_rows(result)),
        "",
    ]
    if not result.groups.empty:
        parts += ["## Bias by language and source group", "",
                  _markdown_table(["grouping", "group", "units", "figures", "bias [interval]"],
                                  [[r["grouping"], r["group"], str(r["n_units"]), str(r["n_figures"]),
                                    format_interval({"estimate": r["mean_log_ratio"], "low": r["mean_log_ratio_low"],
                                               "high": r["mean_log_ratio_high"]})]
                                   for r in result.groups.to_dict("records")]), ""]
    if "reference" in s:
        ref = s["reference"]
        parts += ["## Reference table", "",
                  f"{ref['n_matched']} of {ref['n_reference_rows']} reference rows matched an incident "
                  f"(coverage {_fmt(ref['coverage'])}); mean log ratio of the consensus to the reference "
                  f"{format_interval(ref['mean_log_ratio'])}; share inside the reference range "
                  f"{_fmt(ref['share_inside_range'])}.", ""]
    if figures:
        parts += ["## Figures", ""] + [f"![{name}](figures/{name})" for name in figures if name.endswith(".png")] + [""]
    parts += ["Tables for a paper: `tables/*.tex`.", "", "## How to cite", "", manifest["citation"], ""]
    return "\n".join(parts)
