"""Build-to-build diff: what a data refresh added, removed and revised.

Two builds are compared on the natural key of an observation (metric, geo, period_start,
period_end, status, source_id). A key in NEW only is `added`, in OLD only `removed`; a key in both
whose figure changed (any of `FIGURE_FIELDS`) is `revised`, with the fields that changed. Changes
in quote, note or file position alone are not revisions (they do not change what is reported).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from de06metrics.errors import De06Error
from de06metrics.schema import NATURAL_KEY

#: Fields whose change makes a kept figure a revision.
FIGURE_FIELDS = (
    "value",
    "lower",
    "upper",
    "qualifier",
    "unit",
    "denominator",
    "as_written",
    "date_basis",
    "published",
)
CHANGES = ("added", "removed", "revised")


def read_build(path: Path | str) -> pl.DataFrame:
    """The observations of a build: an `observations.parquet` file, a `data/clean`-like directory
    holding one, or a project root holding `data/clean/observations.parquet`."""
    p = Path(path)
    candidates = (
        [p] if p.is_file() else [p / "observations.parquet", p / "data/clean/observations.parquet"]
    )
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        raise De06Error(
            "no observations.parquet here",
            file=str(p),
            hint="give an observations.parquet file or a data/clean directory",
        )
    try:
        frame = pl.read_parquet(found)
    except Exception as exc:  # a damaged or non-parquet file is bad input, not a crash
        raise De06Error(
            f"cannot be read as parquet ({exc.__class__.__name__})", file=str(found)
        ) from exc
    missing = [c for c in (*NATURAL_KEY, "value") if c not in frame.columns]
    if missing:
        raise De06Error(f"missing column(s) {', '.join(missing)}", file=str(found))
    return frame


def diff_builds(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """Added, removed and revised figures between two builds' observations.

    Columns: change (added|removed|revised), the natural key (metric, geo, period_start,
    period_end, status, source_id), old_value, new_value, old_as_written, new_as_written,
    changed (comma-separated fields that changed; empty for added/removed). Sorted by metric,
    geo, period_end, source_id, change. Two identical builds give an empty frame.
    """
    key = list(NATURAL_KEY)
    fields = [f for f in FIGURE_FIELDS if f in old.columns and f in new.columns]
    for name, frame in (("OLD", old), ("NEW", new)):
        dup = frame.select(key).is_duplicated()
        if dup.any():
            raise De06Error(
                f"{int(dup.sum())} rows repeat the natural key ({', '.join(key)})", file=name
            )
    o = old.select(*key, *fields).with_columns(pl.lit(True).alias("_in_old"))
    n = new.select(*key, *fields).with_columns(pl.lit(True).alias("_in_new"))
    j = o.join(n, on=key, how="full", coalesce=True, suffix="_new", nulls_equal=True)
    changed_exprs = [
        pl.when(pl.col(f).ne_missing(pl.col(f"{f}_new"))).then(pl.lit(f)) for f in fields
    ]
    j = j.with_columns(
        pl.concat_str(changed_exprs, separator=",", ignore_nulls=True).alias("changed"),
    )
    change = (
        pl.when(pl.col("_in_old").is_null())
        .then(pl.lit("added"))
        .when(pl.col("_in_new").is_null())
        .then(pl.lit("removed"))
        .when(pl.col("changed") != "")
        .then(pl.lit("revised"))
    )
    out = (
        j.with_columns(change.alias("change"))
        .filter(pl.col("change").is_not_null())
        .select(
            "change",
            *key,
            pl.col("value").alias("old_value"),
            pl.col("value_new").alias("new_value"),
            *(
                [
                    pl.col("as_written").alias("old_as_written"),
                    pl.col("as_written_new").alias("new_as_written"),
                ]
                if "as_written" in fields
                else []
            ),
            pl.when(pl.col("change") == "revised")
            .then("changed")
            .otherwise(pl.lit(""))
            .alias("changed"),
        )
        .sort("metric", "geo", "period_end", "source_id", "change", nulls_last=False)
    )
    return out


def diff_summary(diff: pl.DataFrame) -> pl.DataFrame:
    """Counts of added / removed / revised figures per metric (one row per metric)."""
    if diff.is_empty():
        return pl.DataFrame(schema={"metric": pl.String, **{c: pl.UInt32 for c in CHANGES}})
    counts = (
        diff.group_by("metric", "change").len().pivot(on="change", index="metric", values="len")
    )
    for c in CHANGES:
        if c not in counts.columns:
            counts = counts.with_columns(pl.lit(0, pl.UInt32).alias(c))
    return counts.select("metric", *[pl.col(c).fill_null(0) for c in CHANGES]).sort("metric")
