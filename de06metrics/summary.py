"""What a build produced, in the shape an analyst checks first."""

from __future__ import annotations

import polars as pl

from de06metrics.registry import Registry


def rows_per_metric(obs: pl.DataFrame) -> pl.DataFrame:
    """Figures per metric and status, with the span of reference dates."""
    return (
        obs.group_by("metric", "status")
        .agg(
            pl.len().alias("rows"),
            pl.col("period_end").min().alias("first"),
            pl.col("period_end").max().alias("last"),
            pl.col("source_id").n_unique().alias("sources"),
        )
        .sort("metric", "status")
    )


def latest_headline(obs: pl.DataFrame, registry: Registry) -> pl.DataFrame:
    """The most recent observed figure (national) of each headline metric."""
    headline = registry.metrics.filter(pl.col("headline")).select(
        pl.col("key").alias("metric"), "label_vi", "label_en"
    )
    latest = (
        obs.filter((pl.col("status") == "observation") & (pl.col("geo") == "VN"))
        .sort("period_end", "published")
        .group_by("metric")
        .last()
        .select("metric", "period_end", "as_written", "value", "unit", "source_id")
    )
    return headline.join(latest, on="metric", how="left").sort("metric")
