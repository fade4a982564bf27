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
    """The most recent observed figure (national) of each headline metric; `shown` is the
    figure written for the summary (`figure_text`)."""
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
    out = headline.join(latest, on="metric", how="left").sort("metric")
    shown = [
        "—" if v is None else figure_text(v, u or "count")
        for v, u in zip(out["value"], out["unit"], strict=True)
    ]
    return out.with_columns(pl.Series("shown", shown, dtype=pl.String))


def figure_text(value: float, unit: str, lang: str = "vi") -> str:
    """A figure in full for the build summary, with the one formatter of the language:
    86.000.000 (count), 62% or 62,5% (share), 12.900.000.000.000 đồng (amount)."""
    from de06metrics.present import formatter, msg

    f = formatter(lang)
    if unit == "percent":
        pct = round(100 * value, 1)
        return f"{f.number(pct, 0 if pct.is_integer() else 1)}%"
    text = f.short_number(value)
    return f"{text} {msg(f'unit.{unit}', lang)}" if unit in ("vnd", "usd") else text
