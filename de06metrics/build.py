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
    FileSet,
    atomic_write_bytes,
    csv_bytes,
    recover,
    sha256_bytes,
    sha256_file,
    sha256_files,
)
from de06metrics.numbers import parse_quantity
from de06metrics.registry import Registry, load_registry, registry_files
from de06metrics.reported import ReportedRows, read_reported, read_reported_file
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

    Plain texts are read vectorized and the rest once per distinct text; the comparison itself
    is vectorized. Large tables are checked in slices, so the intermediate columns of the check
    never hold more than `_CHECK_SLICE` rows at once.
    """
    rows = obs.select("source_file", "source_row", "as_written", *_COMPARED).filter(
        pl.col("as_written").is_not_null()
    )
    return pl.concat(
        [_as_written_slice(part) for part in rows.iter_slices(_CHECK_SLICE)] or [failures_frame([])]
    )


_CHECK_SLICE = 1_000_000


def _as_written_slice(rows: pl.DataFrame) -> pl.DataFrame:
    rows = pl.concat(
        [rows, _parsed_figures(rows["as_written"]).drop("as_written")], how="horizontal"
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


# The as-written check parses every distinct figure text, and a large table has about as many
# distinct texts as rows. Most are a few plain shapes ("hơn 1.234.567", "gần 54 triệu",
# "12,9 nghìn tỷ đồng", "14,02%"), so those are read by one vectorized regex; every other text
# goes through `numbers.parse_quantity`. A property test checks that both readings agree on the
# plain shapes, so this is a fast path, not a second parser with its own rules.
_PLAIN_QUALIFIERS = {
    "hơn": "more_than",
    "trên": "more_than",
    "gần": "nearly",
    "khoảng": "approx",
    "đạt": "exact",
}
_PLAIN_SCALES = {"nghìn tỷ": 1e12, "nghìn": 1e3, "triệu": 1e6, "tỷ": 1e9}


def _alternation(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_PLAIN_FIGURE = (
    rf"^(?:(?P<q>{_alternation(_PLAIN_QUALIFIERS)}) )?"
    r"(?:(?P<g>[1-9]\d{0,2}(?:\.\d{3})*)"  # 86 | 1.234.567
    rf"|(?P<i>[1-9]\d{{0,2}})(?:,(?P<f>\d{{1,2}}))? (?P<s>{_alternation(_PLAIN_SCALES)})"  # 12,9 tỷ
    r"|(?P<pi>\d{1,2})(?:,(?P<pf>\d{1,2}))?%)"  # 14,02%
    r"(?: (?P<u>đồng))?$"
)
_PARSED_SCHEMA = {
    "as_written": pl.String,
    "readable": pl.Boolean,
    "parsed_value": pl.Float64,
    "parsed_lower": pl.Float64,
    "parsed_upper": pl.Float64,
    "parsed_qualifier": pl.String,
    "parsed_unit": pl.String,
    "parsed_denominator": pl.Float64,
}


def _parsed_figures(texts: pl.Series) -> pl.DataFrame:
    """What each as-written text means (columns `parsed_*`), row-aligned with `texts`."""
    df = pl.DataFrame({"as_written": texts}, schema={"as_written": pl.String})
    df = df.with_columns(pl.col("as_written").str.extract_groups(_PLAIN_FIGURE).alias("m")).unnest(
        "m"
    )
    plain = pl.any_horizontal([pl.col(c).is_not_null() for c in ("g", "i", "pi")])
    qualifier = pl.col("q").replace_strict(_PLAIN_QUALIFIERS, default="exact")
    scale = pl.col("s").replace_strict(_PLAIN_SCALES, default=1.0, return_dtype=pl.Float64)
    value = (
        pl.when(pl.col("g").is_not_null())
        .then(pl.col("g").str.replace_all(".", "", literal=True).cast(pl.Float64))
        .when(pl.col("i").is_not_null())
        .then(pl.format("{}.{}", "i", pl.col("f").fill_null("0")).cast(pl.Float64) * scale)
        .otherwise(pl.format("{}.{}", "pi", pl.col("pf").fill_null("0")).cast(pl.Float64) / 100)
    )
    unit = (
        pl.when(pl.col("pi").is_not_null())
        .then(pl.lit("percent"))
        .when(pl.col("u").is_not_null())
        .then(pl.lit("vnd"))
        .otherwise(pl.lit("count"))
    )
    fast = {
        "readable": pl.lit(True),
        "parsed_value": value,
        "parsed_lower": pl.when(qualifier == "more_than").then(value),
        "parsed_upper": pl.when(qualifier == "nearly").then(value),
        "parsed_qualifier": qualifier,
        "parsed_unit": unit,
        "parsed_denominator": pl.lit(None, pl.Float64),
    }
    others = df.filter(~plain)["as_written"].unique()
    if others.is_empty():
        columns = fast
    else:  # texts of other shapes: the parser's reading, looked up by text
        slow = _parse_each(others)
        columns = {
            name: pl.when(plain)
            .then(expr)
            .otherwise(
                pl.col("as_written").replace_strict(
                    slow["as_written"], slow[name], default=None, return_dtype=_PARSED_SCHEMA[name]
                )
            )
            for name, expr in fast.items()
        }
    return df.select(
        "as_written",
        *(expr.cast(_PARSED_SCHEMA[name]).alias(name) for name, expr in columns.items()),
    )


def _parse_each(texts: pl.Series) -> pl.DataFrame:
    """`numbers.parse_quantity` on each text: the reference reading."""
    cols: dict[str, list] = {name: [] for name in _PARSED_SCHEMA}
    for text in texts:
        q = parse_quantity(text)
        cols["as_written"].append(text)
        cols["readable"].append(q is not None)
        cols["parsed_value"].append(q.value if q else None)
        cols["parsed_lower"].append(q.lower if q else None)
        cols["parsed_upper"].append(q.upper if q else None)
        cols["parsed_qualifier"].append(q.qualifier if q else None)
        cols["parsed_unit"].append(("count" if q.unit == "none" else q.unit) if q else None)
        cols["parsed_denominator"].append(q.denominator if q else None)
    return pl.DataFrame(cols, schema=_PARSED_SCHEMA)


def _failure_rows(bad: pl.DataFrame, column: str, rule: str | pl.Expr) -> pl.DataFrame:
    rule_expr = pl.lit(rule) if isinstance(rule, str) else rule
    return bad.select(
        pl.col("source_file").alias("file"),
        pl.col("source_row").alias("row"),
        pl.lit(column).alias("column"),
        rule_expr.alias("rule"),
        pl.col(column).cast(pl.String).alias("value"),
    ).cast(failures_frame([]).schema)


def validate_rows(
    rows: ReportedRows, registry: Registry, *, today: date
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Read rows → observations and every failure (typing, registries, model, as-written).

    Rows that could not even be typed are reported once, for their typing problem, and kept out
    of the later checks so one bad cell does not cascade into a page of failures.
    """
    typed_ok = rows.frame.join(
        rows.failures.select(
            pl.col("file").alias("source_file"), pl.col("row").alias("source_row")
        ),
        on=["source_file", "source_row"],
        how="anti",
    )
    obs, failures = assemble(typed_ok, registry, today=today)
    return obs, pl.concat([rows.failures, failures]).unique(maintain_order=True)


def validate_addition(
    path: Path,
    *,
    today: date,
    root: Path | None = None,
    registry: Registry | None = None,
    label: str | None = None,
) -> ReportedRows:
    """Validate a reported file about to enter data/raw/reported/, together with the files already
    there (a figure recorded twice across files is a failure), and return its rows.

    A file of the same name already in data/raw/reported/ is the one being replaced, so it is left
    out. Raises `De06ValidationError` listing every failure.
    """
    name = label or f"reported/{path.name}"
    new = read_reported_file(path, label=name)
    others = [p for p in sorted(paths.reported_dir(root).glob("*.csv")) if p.name != path.name]
    existing = read_reported(others, root=paths.raw_dir(root))
    both = ReportedRows(
        pl.concat([existing.frame, new.frame], how="vertical_relaxed"),
        new.text,
        pl.concat([existing.failures, new.failures]),
        new.warnings,
    )
    _, failures = validate_rows(both, registry or load_registry(), today=today)
    if failures.height:
        raise De06ValidationError(f"{name} was not added", failures.sort("file", "row"))
    return new


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
    recover(clean, sweep=True)  # finish or clean up after a build that was killed
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
    obs, failures = validate_rows(rows, registry, today=today)
    if failures.height:
        _quarantine(rows.text, failures, paths.quarantine_dir(root))
        raise De06ValidationError("the build found invalid rows", failures.sort("file", "row"))
    obs = obs.sort(list(SORT_KEY), nulls_last=False)
    step("writing data/clean")
    meta = _write_outputs(
        clean,
        obs,
        registry.targets.sort("id"),
        {
            "schema_version": SCHEMA_VERSION,
            "package_version": __version__,
            "input_hash": digest,
            "inputs": raw.read_manifest(root),
            "rows": {"observations": obs.height, "targets": registry.targets.height},
        },
    )
    _clear_quarantine(paths.quarantine_dir(root))
    warnings = list(rows.warnings)
    if obs.height > SPREADSHEET_ROWS:
        warnings.append(
            f"observations.csv not written: {obs.height:,} rows exceed a spreadsheet's "
            f"{SPREADSHEET_ROWS + 1:,}-row limit (use observations.parquet)"
        )
    return BuildResult("built", obs, _output_paths(clean), warnings, meta)


#: observations.csv is for opening in a spreadsheet; past a spreadsheet's row limit nobody can,
#: and writing it would cost more than the rest of the build, so only parquet is written then.
SPREADSHEET_ROWS = 1_048_575


def _write_outputs(clean: Path, obs: pl.DataFrame, targets: pl.DataFrame, meta: dict) -> dict:
    """Write the outputs and build.json as one set (all old or all new, even after SIGKILL).

    Files are written straight to disk (not built in memory first) and hashed from disk; the
    parquet and CSV writers are deterministic for the same frame.
    """
    with FileSet(clean) as files:
        obs.write_parquet(files.new("observations.parquet"), compression="zstd", statistics=True)
        if obs.height <= SPREADSHEET_ROWS:
            obs.write_csv(files.new("observations.csv"))
        targets.write_parquet(files.new("targets.parquet"), compression="zstd", statistics=True)
        meta = {**meta, "outputs": {name: sha256_file(p) for name, p in files.temps.items()}}
        text = json.dumps(meta, indent=2, sort_keys=True) + "\n"
        files.new(METADATA).write_text(text, encoding="utf-8")
        files.commit()
    if "observations.csv" not in meta["outputs"]:
        (clean / "observations.csv").unlink(missing_ok=True)  # never a stale CSV beside new data
    return meta


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
