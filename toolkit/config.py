"""Typed experiment configuration: every field has a documented default, and an
unknown key or a wrong type fails with a message that names it.

Example:
    >>> from toolkit.config import load_config
    >>> config = load_config("configs/demo.yaml", overrides=["cluster.threshold=0.6"])
    >>> config.cluster.threshold
    0.6
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError


class ConfigError(ValueError):
    """A config file or override is invalid; the message names the key."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class InputConfig(_Section):
    """Where the reports come from and how their columns map to the reports contract."""

    path: str = Field(
        "package:demo/reports.jsonl",
        description="Reports file or local `datasets` directory; relative paths are relative "
        "to the config file; `package:` refers to data shipped in `toolkit/data/`.",
    )
    format: Literal["auto", "csv", "jsonl", "parquet", "hf"] = Field(
        "auto", description="File format; `auto` decides from the extension (a directory is `hf`)."
    )
    columns: dict[str, str] = Field(
        default_factory=dict,
        description="Contract column -> input column, e.g. {text: body, published: date}.",
    )
    split: str | None = Field(None, description="Split of a `datasets` DatasetDict to read.")


class IngestConfig(_Section):
    """Validation and normalisation of reports."""

    languages: list[str] = Field(
        default_factory=lambda: ["ar", "en"],
        description="Languages kept; reports in others go to rejects.jsonl.",
    )
    default_language: str | None = Field(
        None, description="Language for reports without one; null detects it from the text."
    )
    max_text_chars: int = Field(
        1_000_000, gt=0, description="Longer texts are rejected (reason: text too long)."
    )
    batch_rows: int = Field(
        10_000, gt=0, description="Input rows read, validated and extracted at a time: bounds "
        "memory on large files and does not change any result.",
    )


class ExtractConfig(_Section):
    """Which extractor finds counted claims."""

    extractor: str = Field("rules", description="Registered extractor name.")
    vague_bounds: Literal["crosstally", "acled"] = Field(
        "crosstally", description="Bounds of vague quantities: crosstally (the range: dozens 24-99, "
        "hundreds 200-999) or acled (ACLED's point: tens 10, dozens 12, hundreds 100); docs/annotation.md.")


class EmbedConfig(_Section):
    """The encoder that turns reports and claim sentences into vectors."""

    encoder: str = Field("use-multilingual-v3", description="Registered encoder name.")
    model: str | None = Field(
        None,
        description="Model name or local path for the `sentence-transformers` encoder.",
    )
    trust_remote_code: bool = Field(
        False, description="Let a sentence-transformers model run code from its repository."
    )
    normalise_text: bool = Field(
        False,
        description="Feed the encoder Arabic-normalised text (lowers mUSE retrieval; off).",
    )
    batch_size: int = Field(32, gt=0, description="Texts per encoder call.")
    threads: int = Field(1, gt=0, description="BLAS/OpenMP threads for the encoder and every numpy, "
                         "scikit-learn and faiss step of a run; pinned, so the machine's core count "
                         "never changes a table (another value may change the last float digits).")
    max_chars: int = Field(
        1000, gt=0, description="Characters of title + text embedded per report."
    )
    cache_dir: str | None = Field(
        None,
        description="Embedding cache directory; null uses $CROSSTALLY_CACHE or "
        "~/.cache/crosstally.",
    )


class ClusterConfig(_Section):
    """How reports are grouped into incidents."""

    algorithm: str = Field(
        "threshold-average", description="threshold-average, connected-components, leiden, hdbscan "
        "(on the candidate graph) or streaming (date order, bounded memory); see docs/methods.md.")
    threshold: float = Field(
        0.55, ge=-1.0, le=1.0, description="Minimum pair score to merge (average score between "
        "two groups for threshold-average; edges kept for the others).")
    window_days: int = Field(
        7, ge=0, description="Reports published further apart (days) are never one incident."
    )
    neighbours: int = Field(30, gt=0, description="Candidate neighbours per report.")
    text_weight: float = Field(0.8, ge=0.0, description="Weight of text similarity in a pair score.")
    date_weight: float = Field(0.2, ge=0.0, description="Weight of date closeness in a pair score.")
    place_weight: float = Field(0.0, ge=0.0, description="Weight of shared places in a pair score.")
    claims_weight: float = Field(
        0.0, ge=0.0, description="Weight of shared compatible figures in a pair score.")
    pair_model: str | None = Field(
        None, description="JSON pair model from `crosstally fit-pair-model`: its probability "
        "replaces the weighted mean (the weights are then unused).")
    resolution: float = Field(1.0, gt=0.0, description="Leiden resolution (higher: smaller incidents).")

    def weights(self) -> dict[str, float]:
        return {"text": self.text_weight, "date": self.date_weight, "place": self.place_weight,
                "claims": self.claims_weight}


class AlignConfig(_Section):
    """How claims are matched across the reports of one incident."""

    min_score: float = Field(0.5, ge=0.0, le=1.0, description="Minimum pair score to align.")
    similarity_weight: float = Field(
        0.6, ge=0.0, le=1.0, description="Weight of sentence similarity vs slot compatibility."
    )
    mask_numbers: bool = Field(
        True, description="Mask numbers before embedding so 45 and 40 killed still match."
    )


class AgreeConfig(_Section):
    """How counts are compared (docs/methods.md gives every formula)."""

    tolerance: float = Field(
        0.10, ge=0.0, description="Relative difference counted as agreement within tolerance."
    )
    alpha_level: Literal["nominal", "ordinal", "interval", "ratio"] = Field(
        "ratio", description="Level of measurement for Krippendorff's alpha."
    )
    bootstrap_draws: int = Field(
        1000, ge=0, description="Bootstrap resamples of units for every interval (0: no intervals)."
    )
    confidence: float = Field(0.95, gt=0.0, lt=1.0, description="Coverage of the bootstrap intervals.")
    groups: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Source groups for group-level bias, e.g. {state: [sana], opposition: [etilaf]}.",
    )
    reference: str | None = Field(
        None, description="Reference table (CSV: place, date, count[, low, high]) to compare with; "
        "relative to the config file.",
    )
    reference_category: str = Field("killed", description="Category compared with the reference.")
    reference_window_days: int = Field(
        3, ge=0, description="Days between a reference date and an incident that still match."
    )


class RunConfig(_Section):
    """One experiment: input, the settings of every stage, and the seed."""

    name: str = Field("run", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$",
                      description="Run name, used for the default output directory runs/NAME (letters, "
                      "digits, '.', '_', '-'; no path separators, so a config cannot write elsewhere).")
    seed: int = Field(0, description="Seed for every random choice in the run.")
    executor: Literal["local", "ray"] = Field(
        "local", description="local, or ray: extraction and embedding as Ray Data jobs and candidate "
        "search as Ray tasks, with the same results (docs/scaling.md).")
    ray_address: str | None = Field(
        None, description="Ray cluster address for executor: ray (else RAY_ADDRESS, else a local Ray).")
    input: InputConfig = Field(default_factory=InputConfig)
    ingest: IngestConfig = Field(default_factory=IngestConfig)
    extract: ExtractConfig = Field(default_factory=ExtractConfig)
    embed: EmbedConfig = Field(default_factory=EmbedConfig)
    cluster: ClusterConfig = Field(default_factory=ClusterConfig)
    align: AlignConfig = Field(default_factory=AlignConfig)
    agree: AgreeConfig = Field(default_factory=AgreeConfig)


def _allowed_keys(model: type[BaseModel], location: tuple[Any, ...]) -> list[str]:
    """The field names allowed at a nested location of the config."""
    current: type[BaseModel] = model
    for part in location[:-1]:
        field = current.model_fields.get(str(part))
        annotation = field.annotation if field else None
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return []
        current = annotation
    return sorted(current.model_fields)


def _describe(error: ValidationError) -> str:
    lines = []
    for problem in error.errors():
        location = tuple(problem["loc"])
        key = ".".join(str(part) for part in location)
        if problem["type"] == "extra_forbidden":
            allowed = ", ".join(_allowed_keys(RunConfig, location))
            lines.append(f"unknown key '{key}' (allowed: {allowed})")
        else:
            lines.append(f"'{key}': {problem['msg']} (got {problem.get('input')!r})")
    return "invalid config: " + "; ".join(lines)


def apply_override(data: dict[str, Any], override: str) -> None:
    """Apply one ``key.sub=value`` override in place; the value is parsed as YAML."""
    if "=" not in override:
        raise ConfigError(f"override {override!r} is not of the form key=value")
    key, raw_value = override.split("=", 1)
    parts = key.strip().split(".")
    node = data
    for part in parts[:-1]:
        child = node.setdefault(part, {})
        if not isinstance(child, dict):
            raise ConfigError(f"override {override!r}: '{part}' is not a section")
        node = child
    node[parts[-1]] = yaml.safe_load(raw_value)


def build_config(data: dict[str, Any], overrides: list[str] | None = None) -> RunConfig:
    """Validate a config mapping (after overrides) into a :class:`RunConfig`."""
    data = copy.deepcopy(data)  # overrides must not write into the caller's sections
    for override in overrides or []:
        apply_override(data, override)
    try:
        return RunConfig.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_describe(error)) from None


def load_config(path: str | Path, overrides: list[str] | None = None) -> RunConfig:
    """Read a YAML config (``yaml.safe_load`` only) and validate it.

    Relative input paths are resolved against the config file's directory.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read config {path}: {error.strerror}") from None
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"config {path} is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"config {path} must be a mapping of sections, got {type(data).__name__}")
    config = build_config(data, overrides)
    input_path = config.input.path
    if not input_path.startswith("package:") and not Path(input_path).is_absolute():
        config.input.path = str((path.parent / input_path).resolve())
    reference = config.agree.reference
    if reference and not Path(reference).is_absolute():
        config.agree.reference = str((path.parent / reference).resolve())
    return config


def config_to_yaml(config: RunConfig) -> str:
    """The resolved config as YAML, as written into every run directory."""
    return yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False, allow_unicode=True)
