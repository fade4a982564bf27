"""raw → validated long table: `data/clean/observations.parquet` (+ .csv), `targets.parquet`.

A build is all or nothing. Every failure in every file is found in one pass (typing, registry
references, the pandera model, and agreement between each figure's as-written text and its numeric
columns) and reported at once; failing rows go to `data/clean/_quarantine/`; the previous good
outputs stay untouched. Outputs are written atomically and deterministically (sorted rows, no
timestamps), so the same inputs give the same bytes and an unchanged input is a no-op.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from de06metrics import __version__, paths, raw
from de06metrics.errors import De06Error
from de06metrics.io import (
    atomic_write_bytes,
    csv_bytes,
    parquet_bytes,
    sha256_bytes,
    sha256_file,
    sha256_files,
)
from de06metrics.numbers import parse_quantity
from de06metrics.registry import Registry, load_registry, registry_files
from de06metrics.reported import read_reported
from de06metrics.schema import REPORTED_COLUMNS, SCHEMA_VERSION, Observations
from de06metrics.validate import De06ValidationError, failures_frame, run_model

OUTPUTS = ("observations.parquet", "observations.csv", "targets.parquet")
METADATA = "build.json"
SORT_KEY = ("metric", "geo", "period_end", "period_start", "status", "source_id", "source_row")


@dataclass
class BuildResult:
    status: str  # "built" | "up_to_date"
    observations: pl.DataFrame
    outputs: dict[str, Path]
    warnings: list[str] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)


def input_hash(root: Path | None = None, registry_dir: Path | None = None) -> str:
    """Hash over everything a build reads, plus the code and schema versions."""
    base = (root or paths.project_root()).resolve()
    files = [*raw.raw_files(root), paths.manifest_path(root)]
    regs = registry_files(registry_dir)
    parts = [
        sha256_files([p for p in files if p.exists()], base),
        sha256_files(regs, regs[0].parent),
        SCHEMA_VERSION,
        __version__,
    ]
    return sha256_bytes("\n".join(parts).encode())


def assemble(
    frame: pl.DataFrame, registry: Registry, *, today: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Typed reported rows → observations (every column of the model) and their failures."""
    sources = registry.sources.select(pl.col("id").alias("source_id"), "published")
    obs = frame.join(sources, on="source_id", how="left", coalesce=True).select(
        list(Observations.to_schema().columns)
    )
    failures = pl.concat(
        [
            run_model(Observations, obs, files=obs["source_file"], rows=obs["source_row"]),
            registry_failures(obs, registry, today=today),
            as_written_failures(obs),
        ]
    )
    return obs, failures


def registry_failures(obs: pl.DataFrame, registry: Registry, *, today: date) -> pl.DataFrame:
    """Rows naming things the registries do not know, or in the future."""
    units = registry.metric_units
    codes = set(registry.areas["code"])
    sources = set(registry.sources["id"])
    checks = [
        ("metric", ~pl.col("metric").is_in(list(units)), "metric is in the metrics registry"),
        ("geo", ~pl.col("geo").is_in(list(codes)), "area is in the areas registry"),
        ("source_id", ~pl.col("source_id").is_in(list(sources)), "source is in sources.yaml"),
        (
            "unit",
            pl.col("metric").is_in(list(units))
            & (pl.col("unit") != pl.col("metric").replace_strict(units, default=None)),
            "unit is the metric's unit",
        ),
        (
            "period_end",
            (pl.col("status") != "target") & (pl.col("period_end") > pl.lit(today)),
            "reference date is not in the future",
        ),
        ("published", pl.col("published") > pl.lit(today), "source is not published in the future"),
    ]
    parts = [
        _failure_rows(obs.filter(bad.fill_null(False)), column, rule)
        for column, bad, rule in checks
    ]
    return pl.concat(parts)


def as_written_failures(obs: pl.DataFrame) -> pl.DataFrame:
    """Rows whose numeric columns disagree with what their as-written figure says.

    Each distinct as-written text is parsed once; the comparison itself is vectorized, so this
    stays cheap on large tables.
    """
    parsed = _parsed_figures(obs["as_written"].drop_nulls().unique())
    rows = obs.select("source_file", "source_row", "as_written", *_COMPARED).join(
        parsed, on="as_written", how="inner"
    )
    unreadable = rows.filter(pl.col("readable").not_())
    parts = [_failure_rows(unreadable, "as_written", "as_written is a readable figure")]
    rows = rows.filter(pl.col("readable"))
    for column in _COMPARED:
        a, b = pl.col(column), pl.col(f"parsed_{column}")
        if column in ("qualifier", "unit"):
            differs = a.ne_missing(b)
        else:
            close = (a - b).abs() <= 1e-9 * pl.max_horizontal(a.abs(), b.abs()) + 1e-12
            differs = (a.is_null() != b.is_null()) | (a.is_not_null() & ~close.fill_null(True))
        bad = rows.filter(differs)
        rule = pl.format(
            "{} agrees with as_written (parsed: {})",
            pl.lit(column),
            b.cast(pl.String).fill_null("empty"),
        )
        parts.append(_failure_rows(bad, column, rule))
    return pl.concat(parts)


_COMPARED = ("value", "lower", "upper", "qualifier", "unit", "denominator")


def _parsed_figures(texts: pl.Series) -> pl.DataFrame:
    records = []
    for text in texts:
        q = parse_quantity(text)
        records.append(
            {
                "as_written": text,
                "readable": q is not None,
                "parsed_value": q.value if q else None,
                "parsed_lower": q.lower if q else None,
                "parsed_upper": q.upper if q else None,
                "parsed_qualifier": q.qualifier if q else None,
                "parsed_unit": ("count" if q.unit == "none" else q.unit) if q else None,
                "parsed_denominator": q.denominator if q else None,
            }
        )
    schema = {"as_written": pl.String, "readable": pl.Boolean}
    schema |= {
        f"parsed_{c}": pl.String if c in ("qualifier", "unit") else pl.Float64 for c in _COMPARED
    }
    return pl.DataFrame(records, schema=schema)


def _failure_rows(bad: pl.DataFrame, column: str, rule: str | pl.Expr) -> pl.DataFrame:
    rule_expr = pl.lit(rule) if isinstance(rule, str) else rule
    return bad.select(
        pl.col("source_file").alias("file"),
        pl.col("source_row").alias("row"),
        pl.lit(column).alias("column"),
        rule_expr.alias("rule"),
        pl.col(column).cast(pl.String).alias("value"),
    ).cast(failures_frame([]).schema)


def build(
    root: Path | None = None,
    *,
    today: date,
    force: bool = False,
    registry_dir: Path | None = None,
    on_step: Callable[[str], None] | None = None,
) -> BuildResult:
    """Rebuild data/clean/ from data/raw/ (no-op when nothing changed, unless `force`)."""
    step = on_step or (lambda _msg: None)
    clean = paths.clean_dir(root)
    step("verifying data/raw against its manifest")
    raw.require_verified(root)
    digest = input_hash(root, registry_dir)
    meta_path = clean / METADATA
    if not force and _up_to_date(clean, meta_path, digest):
        obs = pl.read_parquet(clean / "observations.parquet")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        return BuildResult("up_to_date", obs, _output_paths(clean), [], meta)
    step("loading the registries")
    registry = load_registry(registry_dir)
    step("reading reported figures")
    files = sorted(paths.reported_dir(root).glob("*.csv"))
    if not files:
        raise De06Error("no reported figures found", file=str(paths.reported_dir(root)))
    rows = read_reported(files, root=paths.raw_dir(root))
    step("validating")
    typed_ok = rows.frame.join(
        rows.failures.select(
            pl.col("file").alias("source_file"), pl.col("row").alias("source_row")
        ),
        on=["source_file", "source_row"],
        how="anti",
    )
    obs, failures = assemble(typed_ok, registry, today=today)
    failures = pl.concat([rows.failures, failures]).unique(maintain_order=True)
    if failures.height:
        _quarantine(rows.text, failures, paths.quarantine_dir(root))
        raise De06ValidationError("the build found invalid rows", failures.sort("file", "row"))
    obs = obs.sort(list(SORT_KEY), nulls_last=False)
    step("writing data/clean")
    blobs = {
        "observations.parquet": parquet_bytes(obs),
        "observations.csv": csv_bytes(obs),
        "targets.parquet": parquet_bytes(registry.targets.sort("id")),
    }
    meta = {
        "schema_version": SCHEMA_VERSION,
        "package_version": __version__,
        "input_hash": digest,
        "inputs": raw.read_manifest(root),
        "outputs": {name: sha256_bytes(b) for name, b in blobs.items()},
        "rows": {"observations": obs.height, "targets": registry.targets.height},
    }
    for name, data in blobs.items():
        atomic_write_bytes(clean / name, data)
    atomic_write_bytes(meta_path, (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())
    _clear_quarantine(paths.quarantine_dir(root))
    return BuildResult("built", obs, _output_paths(clean), rows.warnings, meta)


def _output_paths(clean: Path) -> dict[str, Path]:
    return {name: clean / name for name in (*OUTPUTS, METADATA)}


def _up_to_date(clean: Path, meta_path: Path, digest: str) -> bool:
    if not meta_path.exists():
        return False
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if meta.get("input_hash") != digest:
        return False
    return all(
        (clean / name).exists() and sha256_file(clean / name) == want
        for name, want in meta.get("outputs", {}).items()
    )


def _quarantine(text: pl.DataFrame, failures: pl.DataFrame, directory: Path) -> None:
    reasons = (
        failures.filter(pl.col("row").is_not_null())
        .group_by("file", "row")
        .agg(pl.format("{}: {}", "column", "rule").str.join("; ").alias("reason"))
    )
    bad = text.join(
        reasons, left_on=["source_file", "source_row"], right_on=["file", "row"], how="inner"
    ).sort("source_file", "source_row")
    for (file,), part in bad.group_by("source_file", maintain_order=True):
        name = Path(str(file)).name
        out = part.select(*REPORTED_COLUMNS, "source_row", "reason")
        atomic_write_bytes(directory / name, csv_bytes(out))


def _clear_quarantine(directory: Path) -> None:
    if directory.exists():
        for p in directory.glob("*.csv"):
            p.unlink()
