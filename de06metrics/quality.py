"""How much to trust each metric's chart: a data-quality summary computed from the built table.

`metric_quality` is a pure function over validated frames (the long table and the registry): per
metric it counts the figures and the national points, gives the first and last reference date and
the largest gap between national points, how many figures come from each source rank, and how many
open conflicts and advisories the `series` checks raise. `render_markdown` turns that frame (plus
the conflict and advisory messages) into the page `de06 status` writes to docs/data_status.md.

The page carries no clock time and no hashes, so the same table always gives the same bytes (a test
compares the committed page with a fresh build).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date

import pandera.polars as pa
import polars as pl

from de06metrics import series
from de06metrics.series import AnalyticsConfig

NATIONAL = "VN"
#: Source ranks as the sources registry defines them (1 = official report … 4 = other press).
RANKS = (1, 2, 3, 4)


class MetricQuality(pa.DataFrameModel):
    """One row per registered metric: how much evidence the table holds for it."""

    metric: str = pa.Field(unique=True, description="Metric key.")
    label_vi: str = pa.Field(description="Vietnamese label of the metric.")
    unit: str = pa.Field(description="Unit of the metric.")
    kind: str = pa.Field(description="stock, flow or share.")
    headline: bool = pa.Field(description="Shown in the trend report by default.")
    n_figures: pl.Int64 = pa.Field(ge=0, description="Figures (rows, all areas) in the table.")
    n_areas: pl.Int64 = pa.Field(ge=0, description="Distinct areas with a figure (VN counts).")
    n_points: pl.Int64 = pa.Field(ge=0, description="National reference dates (canonical).")
    first_date: pl.Date = pa.Field(nullable=True, description="First national reference date.")
    last_date: pl.Date = pa.Field(nullable=True, description="Last national reference date.")
    largest_gap_days: pl.Int64 = pa.Field(
        nullable=True, ge=0, description="Longest wait between consecutive national points."
    )
    largest_gap_from: pl.Date = pa.Field(nullable=True, description="Start of that gap.")
    largest_gap_to: pl.Date = pa.Field(nullable=True, description="End of that gap.")
    rank_1: pl.Int64 = pa.Field(ge=0, description="Figures from official reports.")
    rank_2: pl.Int64 = pa.Field(ge=0, description="Figures from government portals.")
    rank_3: pl.Int64 = pa.Field(ge=0, description="Figures from press quoting officials.")
    rank_4: pl.Int64 = pa.Field(ge=0, description="Figures from other press.")
    n_conflicts: pl.Int64 = pa.Field(ge=0, description="Open conflicts (pairs of figures).")
    n_advisories: pl.Int64 = pa.Field(ge=0, description="Advisories raised by series checks.")
    n_targets: pl.Int64 = pa.Field(ge=0, description="Targets registered on the metric.")

    class Config:
        strict = True


@dataclass(frozen=True)
class StatusInputs:
    """What the page is computed from: the table and the checks' findings."""

    quality: pl.DataFrame
    conflicts: pl.DataFrame
    advisories: pl.DataFrame


def metric_quality(
    observations: pl.DataFrame,
    registry,
    *,
    conflicts: pl.DataFrame | None = None,
    advisories: pl.DataFrame | None = None,
    config: AnalyticsConfig | None = None,
) -> pl.DataFrame:
    """Per metric of `registry.metrics`: points, dates, largest gap, source ranks, open issues.

    `observations` is the validated long table (targets-as-rows and estimates are ignored, as in
    the series). National points are the canonical (metric, VN, period) figures, so two sources
    reporting the same date count once. Conflicts and advisories are computed with `series` unless
    given. Metrics without figures are listed with zeros (an empty chart is information too).
    """
    config = config or AnalyticsConfig()
    obs = series.usable(observations)
    if conflicts is None:
        conflicts = series.conflicts(obs, config=config)
    if advisories is None:
        advisories = series.advisories(obs, registry, config=config)
    ranks = registry.sources.select(pl.col("id").alias("source_id"), pl.col("rank"))
    figures = obs.join(ranks, on="source_id", how="left")
    national = series.canonical(obs, sources=registry.sources, config=config).filter(
        pl.col("geo") == NATIONAL
    )
    rows = []
    for m in registry.metrics.sort("key").iter_rows(named=True):
        key = m["key"]
        mine = figures.filter(pl.col("metric") == key)
        dates = sorted(set(national.filter(pl.col("metric") == key)["period_end"].to_list()))
        gap = _largest_gap(dates)
        by_rank = dict(mine.group_by("rank").len().iter_rows())
        rows.append(
            {
                "metric": key,
                "label_vi": m["label_vi"],
                "unit": m["unit"],
                "kind": m["kind"],
                "headline": bool(m["headline"]),
                "n_figures": mine.height,
                "n_areas": mine["geo"].n_unique(),
                "n_points": len(dates),
                "first_date": dates[0] if dates else None,
                "last_date": dates[-1] if dates else None,
                "largest_gap_days": gap[0],
                "largest_gap_from": gap[1],
                "largest_gap_to": gap[2],
                **{f"rank_{r}": int(by_rank.get(r, 0)) for r in RANKS},
                "n_conflicts": conflicts.filter(pl.col("metric") == key).height,
                "n_advisories": advisories.filter(pl.col("metric") == key).height,
                "n_targets": registry.targets.filter(pl.col("metric") == key).height,
            }
        )
    frame = pl.DataFrame(rows, schema=_SCHEMA)
    return MetricQuality.validate(frame)


def status_inputs(
    observations: pl.DataFrame, registry, config: AnalyticsConfig | None = None
) -> StatusInputs:
    """The quality frame with the conflicts and advisories it counted (for the page)."""
    config = config or AnalyticsConfig()
    obs = series.usable(observations)
    found = series.conflicts(obs, config=config)
    advice = series.advisories(obs, registry, config=config)
    quality = metric_quality(obs, registry, conflicts=found, advisories=advice, config=config)
    return StatusInputs(quality=quality, conflicts=found, advisories=advice)


def _largest_gap(dates: list[date]) -> tuple[int | None, date | None, date | None]:
    best: tuple[int | None, date | None, date | None] = (None, None, None)
    for a, b in itertools.pairwise(dates):
        days = (b - a).days
        if best[0] is None or days > best[0]:
            best = (days, a, b)
    return best


_SCHEMA = {
    "metric": pl.String,
    "label_vi": pl.String,
    "unit": pl.String,
    "kind": pl.String,
    "headline": pl.Boolean,
    "n_figures": pl.Int64,
    "n_areas": pl.Int64,
    "n_points": pl.Int64,
    "first_date": pl.Date,
    "last_date": pl.Date,
    "largest_gap_days": pl.Int64,
    "largest_gap_from": pl.Date,
    "largest_gap_to": pl.Date,
    **{f"rank_{r}": pl.Int64 for r in RANKS},
    "n_conflicts": pl.Int64,
    "n_advisories": pl.Int64,
    "n_targets": pl.Int64,
}


# --------------------------------------------------------------------------- Markdown


def render_markdown(inputs: StatusInputs) -> str:
    """The data-status page: a summary, one table row per metric, then every open issue.

    Metrics with figures come first (headline metrics on top), then the registered metrics that
    have none. Pipes in messages are escaped so the tables stay tables.
    """
    q = inputs.quality
    with_data = q.filter(pl.col("n_figures") > 0).sort(
        ["headline", "n_points", "metric"], descending=[True, True, False]
    )
    empty = q.filter(pl.col("n_figures") == 0).sort("metric")
    total = int(q["n_figures"].sum())
    lines = [
        "# Data status",
        "",
        "Generated by `de06 status` from the built table (`data/clean/`); do not edit by hand.",
        "A point is a national (VN) reference date in the canonical series (several sources for",
        "one date count once); the gap is the longest wait between consecutive national points.",
        "Source ranks: 1 official report, 2 government portal, 3 press quoting officials,",
        "4 other press. Conflicts and advisories come from `de06metrics.series`.",
        "",
        f"- figures: {total} over {with_data.height} metrics "
        f"({empty.height} registered metrics have none yet)",
        f"- open conflicts: {inputs.conflicts.height}; advisories: {inputs.advisories.height}",
        "",
        "## Metrics with figures",
        "",
        "| metric | unit | figures | areas | national points | first | last | largest gap "
        "| ranks 1/2/3/4 | conflicts | advisories | targets |",
        "|---|---|---:|---:|---:|---|---|---|---|---:|---:|---:|",
    ]
    for r in with_data.iter_rows(named=True):
        name = f"**{r['metric']}**" if r["headline"] else r["metric"]
        lines.append(
            f"| {name} | {r['unit']} | {r['n_figures']} | {r['n_areas']} | {r['n_points']} "
            f"| {_d(r['first_date'])} | {_d(r['last_date'])} | {_gap(r)} "
            f"| {r['rank_1']}/{r['rank_2']}/{r['rank_3']}/{r['rank_4']} "
            f"| {r['n_conflicts']} | {r['n_advisories']} | {r['n_targets']} |"
        )
    lines += ["", "Headline metrics are in bold.", ""]
    if empty.height:
        lines += ["## Registered metrics without figures", ""]
        for r in empty.iter_rows(named=True):
            note = f" ({r['n_targets']} target(s))" if r["n_targets"] else ""
            lines.append(f"- {r['metric']}: {_cell(r['label_vi'])}{note}")
        lines.append("")
    lines += ["## Open conflicts", ""]
    if inputs.conflicts.is_empty():
        lines.append("None.")
    else:
        for r in inputs.conflicts.sort("metric", "geo", "period_end").iter_rows(named=True):
            lines.append(f"- `{r['metric']}` {r['geo']} ({r['kind']}): {_cell(r['message'])}")
    lines += ["", "## Advisories", ""]
    if inputs.advisories.is_empty():
        lines.append("None.")
    else:
        advice = inputs.advisories.sort("check", "metric", "geo", "period_end", "source_id")
        for r in advice.iter_rows(named=True):
            lines.append(
                f"- {r['check']}, `{r['metric']}` {r['geo']} {_d(r['period_end'])}: "
                f"{_cell(r['message'])}"
            )
    return "\n".join(lines) + "\n"


def _d(day: date | None) -> str:
    return day.isoformat() if day else "—"


def _gap(r: dict) -> str:
    if r["largest_gap_days"] is None:
        return "—"
    return f"{r['largest_gap_days']} d ({_d(r['largest_gap_from'])} → {_d(r['largest_gap_to'])})"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")
