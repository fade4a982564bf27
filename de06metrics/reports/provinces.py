"""Which provinces lead and which lag: the province rows a comparison shows, as a frame.

Pure functions over the canonical series and the areas registry (`areas.csv`).

- The provinces compared are those valid on the date of the metric's newest province figure:
  the 34 from 1 July 2025, the 63 before (an area is valid on a day when `valid_from ≤ day ≤
  valid_to`, open ends allowed).
- Each province shows its own latest figure up to `as_of`, with its date (a stale figure stays
  visible as stale, never silently mixed with fresh ones).
- A merged province without a figure of its own gets the sum of its predecessors' latest figures
  when the metric adds up (a count or amount, not a share) and every predecessor has one; the
  row is flagged `summed` and dated by its oldest part. With `successors=True` a date before the
  merger is shown on the 34 successors the same way.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from de06metrics.series import latest_per_area

#: The day the 34 provinces replaced the 63 (Nghị quyết 202/2025/QH15).
MERGER = date(2025, 7, 1)
COLUMNS = {
    "geo": pl.String,
    "value": pl.Float64,
    "qualifier": pl.String,
    "upper": pl.Float64,
    "period_end": pl.Date,
    "source_id": pl.String,
    "summed": pl.Boolean,
    "parts": pl.String,
}


def provinces_on(areas: pl.DataFrame, day: date) -> pl.DataFrame:
    """The provinces valid on `day` (code, name, name_en, successor)."""
    valid = (pl.col("valid_from").is_null() | (pl.col("valid_from") <= day)) & (
        pl.col("valid_to").is_null() | (pl.col("valid_to") >= day)
    )
    return areas.filter((pl.col("level") == "province") & valid)


def adds_up(unit: str, kind: str) -> bool:
    """Can figures of provinces be summed into the merged province? Counts and amounts can;
    shares, rates and ratios cannot."""
    return kind in ("stock", "flow") and unit not in ("percent", "percentage_point", "ratio")


def province_latest(
    series: pl.DataFrame,
    areas: pl.DataFrame,
    metric: str,
    as_of: date,
    *,
    unit: str,
    kind: str,
    successors: bool = False,
) -> pl.DataFrame:
    """One row per province with a figure of `metric` up to `as_of`, highest first.

    Columns: geo, value, qualifier, upper, period_end, source_id, summed, parts (the summed
    predecessors' codes, comma-separated). `series` is the canonical series (`series.canonical`)
    as known on `as_of`.
    """
    s = series.filter(pl.col("period_end") <= as_of)
    day = comparison_day(s, areas, metric, successors=successors)
    if day is None:
        return pl.DataFrame(schema=COLUMNS)
    shown = provinces_on(areas, day)
    own = latest_per_area(s, metric, shown["code"].to_list())
    rows = [
        {
            "geo": r["geo"],
            "value": r["value"],
            "qualifier": r["qualifier"],
            "upper": r["upper"],
            "period_end": r["period_end"],
            "source_id": r["source_id"],
            "summed": False,
            "parts": "",
        }
        for r in own.iter_rows(named=True)
    ]
    have = {r["geo"] for r in rows}
    if day >= MERGER and adds_up(unit, kind):
        rows += _summed(s, areas, metric, [c for c in shown["code"] if c not in have])
    out = pl.DataFrame(rows, schema=COLUMNS)
    return out.sort(["value", "geo"], descending=[True, False])


def comparison_day(
    series: pl.DataFrame, areas: pl.DataFrame, metric: str, *, successors: bool = False
) -> date | None:
    """The day whose provinces are compared: the date of the newest province figure of
    `metric` (so figures from before 1/7/2025 are compared among the 63 they describe), or the
    merger day when `successors` asks for the 34 (summing where the metric adds up). None when
    no province has a figure."""
    codes = areas.filter(pl.col("level") == "province")["code"].to_list()
    dates = series.filter((pl.col("metric") == metric) & pl.col("geo").is_in(codes))["period_end"]
    if dates.is_empty():
        return None
    newest = dates.max()
    return MERGER if successors and newest < MERGER else newest


def _summed(series: pl.DataFrame, areas: pl.DataFrame, metric: str, codes: list[str]) -> list:
    """Rows for merged provinces summed from all their predecessors' latest figures."""
    pred = areas.filter(pl.col("successor").is_in(codes)).select("code", "successor")
    if pred.is_empty():
        return []
    latest = latest_per_area(series, metric, pred["code"].to_list())
    rows = []
    for succ, group in pred.group_by("successor", maintain_order=True):
        parts = group["code"].to_list()
        got = latest.filter(pl.col("geo").is_in(parts))
        if got.height != len(parts) or got.is_empty():
            continue  # a partial sum would understate the province: leave it out
        rows.append(
            {
                "geo": succ[0],
                "value": float(got["value"].sum()),
                "qualifier": "exact" if (got["qualifier"] == "exact").all() else "approx",
                "upper": None,
                "period_end": got["period_end"].min(),
                "source_id": got.sort("period_end")["source_id"][0],
                "summed": True,
                "parts": ",".join(sorted(parts)),
            }
        )
    return rows


def national_latest(series: pl.DataFrame, metric: str, as_of: date) -> dict | None:
    """The national (VN) latest figure of `metric` up to `as_of`, or None."""
    rows = latest_per_area(series.filter(pl.col("period_end") <= as_of), metric, ["VN"])
    return rows.row(0, named=True) if rows.height else None


def extremes(ranked: pl.DataFrame, k: int = 3) -> list[str]:
    """The top `k` and bottom `k` provinces of a ranking (each once, top first)."""
    codes = ranked["geo"].to_list()
    picked = codes[:k] + codes[max(k, len(codes) - k) :]
    return list(dict.fromkeys(picked))


def metrics_with_provinces(series: pl.DataFrame, areas: pl.DataFrame, as_of: date) -> list[str]:
    """Metrics with at least one province figure up to `as_of`, most provinces first."""
    codes = areas.filter(pl.col("level") == "province")["code"].to_list()
    counts = (
        series.filter(pl.col("geo").is_in(codes) & (pl.col("period_end") <= as_of))
        .group_by("metric")
        .agg(pl.col("geo").n_unique().alias("n"))
        .sort(["n", "metric"], descending=[True, False])
    )
    return counts["metric"].to_list()
