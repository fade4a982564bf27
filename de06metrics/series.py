"""From the long table to series an analyst can report: choose, compare, check, derive.

Every reported figure is kept in the long table; this module never edits or drops one silently.

- `canonical` chooses one figure per (metric, geo, period) with a written reason
  (source rank, then newest publication), using only figures published on or before `as_of`.
- `conflicts` lists candidates that disagree beyond their bounds, for the analyst to judge.
- `advisories` lists suspicious patterns (a cumulative stock going down, a large jump, a share
  outside [0, 1], a figure dated after its source, areas mixed across the 2025 merger) as warnings.
- `derived`, `run_rates`, `ratio_series`, `fraction_shares` compute series from observed figures,
  always marked `derived = True` with their formula; nothing is interpolated.

The cut-offs live in `registry/progress.yaml` (`load_config`), with defaults in `AnalyticsConfig`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path

import polars as pl
import yaml

from de06metrics import schema
from de06metrics.errors import De06Error
from de06metrics.paths import REGISTRY_DIR, registry_dir

CONFIG_NAME = "progress.yaml"
#: Figures used for series by default. `estimate` rows are forecasts or rough figures an official
#: gives for a future or unclear date; pass `statuses=("observation", "estimate")` to include them
#: (an observation still wins over an estimate of the same rank and publication date).
SERIES_STATUSES: tuple[str, ...] = ("observation",)
KEY = ("metric", "geo", "period_start", "period_end")
#: Days in an average month (365.25 / 12): run rates are per month of this length.
DAYS_PER_MONTH = 30.4375
DAYS_PER_YEAR = 365.25
#: How precisely each qualifier states a figure (lower sorts first when choosing among ties).
_PRECISION = {
    "exact": 0,
    "range": 1,
    "more_than": 2,
    "at_least": 2,
    "nearly": 3,
    "at_most": 3,
    "less_than": 3,
    "approx": 4,
}
#: Ratios derived from two observed stocks: name -> (numerator metric, denominator metric).
RATIOS: dict[str, tuple[str, str]] = {
    "vneid_activation_rate": ("vneid_accounts_activated", "vneid_accounts_issued"),
}


# --------------------------------------------------------------------------- configuration


@dataclass(frozen=True)
class AnalyticsConfig:
    """Cut-offs for series checks and progress verdicts (see registry/progress.yaml)."""

    #: pace (or CAGR) ratio at or above which a target is on track
    on_track: float = 0.95
    #: … at or above which progress is moderate; below it (and >= `insufficient`) insufficient
    moderate: float = 0.6
    #: … below which the metric is moving away from the target
    insufficient: float = 0.0
    #: a baseline below this fraction of the target counts as near zero (linear pace, no CAGR)
    near_zero_baseline: float = 0.05
    #: baseline when a target gives none and its source date is unknown: Đề án 06 approval
    programme_start: date = date(2022, 1, 6)
    #: two exact figures within this relative difference do not conflict (rounding in prose)
    conflict_rel_tol: float = 0.005
    #: the same for a figure written as approximate ("khoảng", "xấp xỉ")
    approx_rel_tol: float = 0.05
    #: consecutive figures whose ratio exceeds this factor (or is below its inverse) are flagged…
    jump_factor: float = 5.0
    #: … when they are at most this many days apart (growth over years is not a jump)
    jump_max_days: float = 366.0


def load_config(path: Path | None = None) -> AnalyticsConfig:
    """The cut-offs from `progress.yaml` (defaults for anything not set; no file → defaults).

    Looked up in the registry in use (`DE06_REGISTRY_DIR`), then beside the package.
    """
    if path is None:
        found = [d / CONFIG_NAME for d in (registry_dir(), REGISTRY_DIR)]
        path = next((p for p in found if p.exists()), None)
        if path is None:
            return AnalyticsConfig()
    elif not path.exists():
        raise De06Error("configuration file not found", file=str(path))
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise De06Error(f"not valid YAML: {exc}", file=str(path)) from exc
    if not isinstance(data, dict):
        raise De06Error("expected a mapping of setting: value", file=str(path))
    known = {f.name: f for f in fields(AnalyticsConfig)}
    values: dict = {}
    for name, raw in data.items():
        if name not in known:
            raise De06Error(
                f"unknown setting (known: {', '.join(known)})", file=str(path), field=name
            )
        if name == "programme_start":
            try:
                values[name] = raw if isinstance(raw, date) else date.fromisoformat(str(raw))
            except ValueError as exc:
                raise De06Error("not an ISO date", file=str(path), field=name) from exc
            continue
        if isinstance(raw, bool) or not isinstance(raw, int | float) or not math.isfinite(raw):
            raise De06Error(f"'{raw}' is not a number", file=str(path), field=name)
        values[name] = float(raw)
    config = AnalyticsConfig(**values)
    if not config.on_track > config.moderate > config.insufficient:
        raise De06Error("cut-offs must satisfy on_track > moderate > insufficient", file=str(path))
    if config.jump_factor <= 1:
        raise De06Error("must be greater than 1", file=str(path), field="jump_factor")
    return config


# --------------------------------------------------------------------------- helpers


def as_date(value: date | str | None, field: str = "as_of") -> date | None:
    """A date from a date or an ISO string (None stays None)."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise De06Error(f"'{value}' is not an ISO date (YYYY-MM-DD)", field=field) from exc


def usable(
    observations: pl.DataFrame,
    as_of: date | str | None = None,
    statuses: Sequence[str] = SERIES_STATUSES,
) -> pl.DataFrame:
    """The figures a series may use: chosen statuses, published on or before `as_of`."""
    cutoff = as_date(as_of)
    out = observations.filter(pl.col("status").is_in(list(statuses)))
    if cutoff is not None:
        out = out.filter(pl.col("published") <= cutoff)
    return out


def _source_ranks(observations: pl.DataFrame, sources: pl.DataFrame | None) -> pl.DataFrame:
    if sources is None:
        from de06metrics.registry import load_registry

        sources = load_registry().sources
    ranks = sources.select(pl.col("id").alias("source_id"), pl.col("rank").alias("source_rank"))
    missing = sorted(set(observations["source_id"].unique()) - set(ranks["source_id"]))
    if missing:
        raise De06Error(
            f"source(s) not in the sources registry: {', '.join(missing[:5])}",
            field="source_id",
            hint="add them to registry/sources.yaml or pass the right `sources` frame",
        )
    return ranks


def _interval(prefix: str = "", *, rel_tol: float = 0.0, approx_tol: float = 0.0) -> list[pl.Expr]:
    """What a figure allows: [lo, hi] from its bounds (±inf where a side is open), widened by
    a relative tolerance for rounding (`approx_tol` for figures written as approximate)."""
    q, v = pl.col(f"qualifier{prefix}"), pl.col(f"value{prefix}")
    lower, upper = pl.col(f"lower{prefix}"), pl.col(f"upper{prefix}")
    lo = (
        pl.when(lower.is_not_null())
        .then(lower)
        .when(q.is_in(schema.UPPER_BOUND_QUALIFIERS))
        .then(float("-inf"))
        .otherwise(v)
    )
    hi = (
        pl.when(upper.is_not_null())
        .then(upper)
        .when(q.is_in(schema.LOWER_BOUND_QUALIFIERS))
        .then(float("inf"))
        .otherwise(v)
    )
    tol = pl.when(q == "approx").then(approx_tol).otherwise(rel_tol)
    return [
        (lo - lo.abs() * tol).alias(f"_lo{prefix}"),
        (hi + hi.abs() * tol).alias(f"_hi{prefix}"),
    ]


def _fmt(x: float | None) -> str:
    """A number in a conflict message, written like every other number analysts read here."""
    return _vi(x)


# --------------------------------------------------------------------------- canonical series


def canonical(
    observations: pl.DataFrame,
    as_of: date | str | None = None,
    *,
    sources: pl.DataFrame | None = None,
    statuses: Sequence[str] = SERIES_STATUSES,
    config: AnalyticsConfig | None = None,
) -> pl.DataFrame:
    """One figure per (metric, geo, period_start, period_end), chosen with a written reason.

    Only figures with a status in `statuses` (default: observations) published on or before
    `as_of` are candidates, so a past report can be rebuilt exactly as it was known then.
    Choice: best source rank (1 = official report … 4 = other press; from `sources`, default the
    sources registry), then observation over estimate, then newest publication, then the most
    precise qualifier (exact, range, one-sided bound, approximate), then source id (so the result
    never depends on row order).

    Columns (`schema.CanonicalSeries`): metric, geo, period_start (null for stocks), period_end
    (reference date), value, lower, upper, qualifier, unit, denominator, status, as_written,
    source_id, published, source_rank, n_candidates (figures for the same key before choosing),
    conflict (true when some candidates disagree beyond their bounds; see `conflicts`), reason.
    Sorted by metric, geo, period_end, period_start.
    """
    config = config or AnalyticsConfig()
    obs = usable(observations, as_of, statuses)
    ranks = _source_ranks(obs, sources)
    key = list(KEY)
    ordered = (
        obs.join(ranks, on="source_id", how="left")
        .with_columns(
            (pl.col("status") != "observation").cast(pl.Int8).alias("_estimate"),
            pl.col("qualifier").replace_strict(_PRECISION, return_dtype=pl.Int8).alias("_prec"),
        )
        .sort(
            [*key, "source_rank", "_estimate", "published", "_prec", "source_id"],
            descending=[False] * 4 + [False, False, True, False, False],
            nulls_last=False,
        )
    )
    second = ["source_rank", "_estimate", "published", "_prec", "source_id"]
    chosen = ordered.group_by(key, maintain_order=True).agg(
        *[pl.col(c).first() for c in ordered.columns if c not in key],
        pl.len().cast(pl.Int64).alias("n_candidates"),
        *[pl.col(c).slice(1, 1).first().alias(f"_2_{c}") for c in second],
    )
    flagged = conflicts(obs, config=config).filter(pl.col("kind") == "same_period")
    flag_keys = flagged.select(key).unique().with_columns(pl.lit(True).alias("conflict"))
    chosen = chosen.join(flag_keys, on=key, how="left", nulls_equal=True).with_columns(
        pl.col("conflict").fill_null(False)
    )
    reason = (
        pl.when(pl.col("n_candidates") == 1)
        .then(pl.lit("only figure"))
        .when(pl.col("_2_source_rank") > pl.col("source_rank"))
        .then(
            pl.format(
                "best source rank ({}) of {} figures",
                pl.col("source_rank"),
                pl.col("n_candidates"),
            )
        )
        .when(pl.col("_2__estimate") > pl.col("_estimate"))
        .then(pl.lit("observation preferred over estimate of the same rank"))
        .when(pl.col("_2_published") < pl.col("published"))
        .then(
            pl.format(
                "newest publication ({}) among rank {}",
                pl.col("published").dt.to_string("%Y-%m-%d"),
                pl.col("source_rank"),
            )
        )
        .when(pl.col("_2__prec") > pl.col("_prec"))
        .then(pl.format("most precise figure ({}) of the same rank and date", "qualifier"))
        .otherwise(pl.lit("tie on rank, publication and precision: first source id"))
    )
    chosen = chosen.with_columns(
        pl.when(pl.col("conflict"))
        .then(pl.format("{}; candidates disagree (see conflicts)", reason))
        .otherwise(reason)
        .alias("reason")
    )
    out = chosen.select(
        "metric",
        "geo",
        "period_start",
        "period_end",
        "value",
        "lower",
        "upper",
        "qualifier",
        "unit",
        "denominator",
        "status",
        "as_written",
        "source_id",
        "published",
        pl.col("source_rank").cast(pl.Int64),
        "n_candidates",
        "conflict",
        "reason",
    ).sort("metric", "geo", "period_end", "period_start", nulls_last=False)
    return schema.CanonicalSeries.validate(out)


# --------------------------------------------------------------------------- conflicts

_SIDE = (
    "source_id",
    "as_written",
    "value",
    "lower",
    "upper",
    "qualifier",
    "published",
    "period_start",
    "period_end",
)
CONFLICT_COLUMNS = {
    "metric": pl.String,
    "geo": pl.String,
    "kind": pl.String,
    "period_start": pl.Date,
    "period_end": pl.Date,
    **{f"{c}_a": pl.String for c in ("source_id", "as_written")},
    **{f"{c}_a": pl.Float64 for c in ("value", "lower", "upper")},
    "published_a": pl.Date,
    "period_start_b": pl.Date,
    "period_end_b": pl.Date,
    **{f"{c}_b": pl.String for c in ("source_id", "as_written")},
    **{f"{c}_b": pl.Float64 for c in ("value", "lower", "upper")},
    "published_b": pl.Date,
    "rel_diff": pl.Float64,
    "message": pl.String,
}


def conflicts(
    observations: pl.DataFrame,
    as_of: date | str | None = None,
    *,
    statuses: Sequence[str] = SERIES_STATUSES,
    config: AnalyticsConfig | None = None,
) -> pl.DataFrame:
    """Pairs of figures from different sources that cannot both be true. Nothing is resolved.

    Each figure allows an interval: its stated bounds ("hơn 40 triệu" → [40M, ∞), "gần 40 triệu"
    → (−∞, 40M], a range → [low, high]) or its value, widened by `config.conflict_rel_tol` for
    rounding in prose (`approx_rel_tol` for "khoảng"). Two kinds:

    - `same_period`: same metric, geo and period (same reference date for stocks), intervals
      do not overlap;
    - `nested_period`: two flows of the same metric and geo where one period lies inside the
      other yet its figure is larger than the other's (flows here are non-negative counts).

    Columns: metric, geo, kind, period_start, period_end (of figure a), then for each side a/b:
    source_id, as_written, value, lower, upper, published (and period_start_b, period_end_b),
    rel_diff (|a − b| / max(|a|, |b|) of the values), message.
    """
    config = config or AnalyticsConfig()
    obs = usable(observations, as_of, statuses).with_columns(
        _interval(rel_tol=config.conflict_rel_tol, approx_tol=config.approx_rel_tol)
    )
    left = obs.select("metric", "geo", *_SIDE, "_lo", "_hi", "unit")
    right = left.rename({c: f"{c}_b" for c in (*_SIDE, "_lo", "_hi", "unit")})
    pairs = left.join(right, on=["metric", "geo"], how="inner").filter(
        pl.col("source_id") < pl.col("source_id_b")
    )
    same = pairs.filter(
        (pl.col("period_end") == pl.col("period_end_b"))
        & pl.col("period_start").eq_missing(pl.col("period_start_b"))
        & ((pl.col("_hi") < pl.col("_lo_b")) | (pl.col("_hi_b") < pl.col("_lo")))
    ).with_columns(pl.lit("same_period").alias("kind"))
    flows = pairs.filter(
        pl.col("period_start").is_not_null()
        & pl.col("period_start_b").is_not_null()
        & ~pl.col("unit").is_in(["percent", "percentage_point"])
    )
    a_in_b = (pl.col("period_start") >= pl.col("period_start_b")) & (
        pl.col("period_end") <= pl.col("period_end_b")
    )
    b_in_a = (pl.col("period_start_b") >= pl.col("period_start")) & (
        pl.col("period_end_b") <= pl.col("period_end")
    )
    identical = (pl.col("period_start") == pl.col("period_start_b")) & (
        pl.col("period_end") == pl.col("period_end_b")
    )
    a_larger = a_in_b & (pl.col("_lo") > pl.col("_hi_b"))
    b_larger = b_in_a & (pl.col("_lo_b") > pl.col("_hi"))
    nested = flows.filter(~identical & (a_larger | b_larger)).with_columns(
        pl.lit("nested_period").alias("kind")
    )
    found = pl.concat([same, nested])
    if found.is_empty():
        return pl.DataFrame(schema=CONFLICT_COLUMNS)
    rows = []
    for r in found.iter_rows(named=True):
        a, b = r["value"], r["value_b"]
        denom = max(abs(a), abs(b))
        rel = abs(a - b) / denom if denom else 0.0
        if r["kind"] == "same_period":
            msg = (
                f"{r['metric']} {r['geo']} at {r['period_end']}: {r['source_id']} says "
                f"'{r['as_written']}' ({_fmt(a)}), {r['source_id_b']} says "
                f"'{r['as_written_b']}' ({_fmt(b)}); they differ by {rel:.1%} beyond their bounds"
            )
        else:
            msg = (
                f"{r['metric']} {r['geo']}: {r['source_id']} gives {_fmt(a)} for "
                f"{r['period_start']}–{r['period_end']} but {r['source_id_b']} gives {_fmt(b)} "
                f"for {r['period_start_b']}–{r['period_end_b']}; a period inside another cannot "
                "have the larger figure"
            )
        row = {k: r.get(k) for k in CONFLICT_COLUMNS}
        row.update({f"{c}_a": r[c] for c in _SIDE if f"{c}_a" in CONFLICT_COLUMNS})
        rows.append({**row, "rel_diff": rel, "message": msg})
    return pl.DataFrame(rows, schema=CONFLICT_COLUMNS).sort(
        "metric", "geo", "period_end", "source_id_a", "source_id_b"
    )


# --------------------------------------------------------------------------- advisories

ADVISORY_COLUMNS = {
    "check": pl.String,
    "metric": pl.String,
    "geo": pl.String,
    "period_end": pl.Date,
    "source_id": pl.String,
    "message": pl.String,
}
ADVISORY_CHECKS = (
    "stock_decrease",
    "jump",
    "share_out_of_range",
    "after_source",
    "province_merger",
)


def advisories(
    observations: pl.DataFrame,
    registry,
    *,
    config: AnalyticsConfig | None = None,
    statuses: Sequence[str] = SERIES_STATUSES,
) -> pl.DataFrame:
    """Warnings for the build summary and reports; nothing is changed or dropped.

    `registry` is a `de06metrics.registry.Registry` (metrics, sources, areas are used).
    Checks (`check` column):

    - `stock_decrease`: in the canonical series of a stock (cumulative) metric, a figure below
      the previous one beyond both figures' bounds (a revision, a definition change or an error);
    - `jump`: consecutive canonical figures at most `config.jump_max_days` apart whose ratio
      exceeds `config.jump_factor` (or is below its inverse);
    - `share_out_of_range`: a share metric whose value or bounds lie outside [0, 1];
    - `after_source`: a reference date after the source's publication date (registry or row);
    - `province_merger`: a figure for an area outside the area's validity (before `valid_from`
      or after `valid_to`, e.g. a pre-2025 province after 30 June 2025), or a metric reported
      both for a merged province and for its successor (the two are different areas).

    Columns: check, metric, geo, period_end, source_id, message.
    """
    config = config or AnalyticsConfig()
    obs = usable(observations, None, statuses)
    kinds = dict(zip(registry.metrics["key"], registry.metrics["kind"], strict=True))
    rows: list[dict] = []
    series = canonical(obs, sources=registry.sources, statuses=statuses, config=config)
    rows += _series_checks(series, kinds, config)
    rows += _share_checks(obs, kinds)
    rows += _after_source(obs, registry.sources)
    rows += _merger_checks(obs, registry.areas)
    out = pl.DataFrame(rows, schema=ADVISORY_COLUMNS)
    # every column in the order: two advisories of one day and area (a province merged from
    # two) come in a fixed order whatever order the joins gave them
    return out.unique(maintain_order=True).sort(list(ADVISORY_COLUMNS), nulls_last=True)


def _vi(x: float | None) -> str:
    """A number in an advisory message, written the Vietnamese way (4.100.000; ×5,05; 0,8523).

    Advisories are read by Vietnamese analysts in the build summary: whole numbers and anything
    from 10 up are grouped with dots; smaller fractions keep four significant digits.
    """
    from de06metrics.present import formatter

    return formatter("vi").short_number(x)


def _ratio(x: float) -> str:
    """A ratio to three significant digits, Vietnamese marks (×5,05)."""
    from de06metrics.present import formatter

    return formatter("vi").number(float(f"{x:.3g}"))


def _series_checks(series: pl.DataFrame, kinds: dict, config: AnalyticsConfig) -> list[dict]:
    rows = []
    levels = series.filter(pl.col("period_start").is_null()).with_columns(
        _interval(rel_tol=config.conflict_rel_tol, approx_tol=config.approx_rel_tol)
    )
    for (metric, geo), g in levels.group_by("metric", "geo", maintain_order=True):
        g = g.sort("period_end")
        prev = None
        for r in g.iter_rows(named=True):
            if prev is not None:
                if kinds.get(metric) == "stock" and r["_hi"] < prev["_lo"]:
                    rows.append(
                        _adv(
                            "stock_decrease",
                            r,
                            f"cumulative {metric} ({geo}) goes down: '{prev['as_written']}' "
                            f"({_vi(prev['value'])}) at {prev['period_end']} "
                            f"[{prev['source_id']}] then '{r['as_written']}' "
                            f"({_vi(r['value'])}) at {r['period_end']} [{r['source_id']}]",
                        )
                    )
                a, b = prev["value"], r["value"]
                near = (r["period_end"] - prev["period_end"]).days <= config.jump_max_days
                big = a > 0 and b > 0 and max(b / a, a / b) > config.jump_factor
                if near and big:
                    rows.append(
                        _adv(
                            "jump",
                            r,
                            f"{metric} ({geo}) changes ×{_ratio(b / a)} "
                            f"from {_vi(a)} at "
                            f"{prev['period_end']} to {_vi(b)} at {r['period_end']} "
                            f"(factor limit {_vi(config.jump_factor)})",
                        )
                    )
            prev = r
    return rows


def _share_checks(obs: pl.DataFrame, kinds: dict) -> list[dict]:
    shares = [k for k, v in kinds.items() if v == "share"]
    bad = obs.filter(
        pl.col("metric").is_in(shares)
        & (pl.col("unit") == "percent")
        & pl.any_horizontal(
            [(pl.col(c) < 0) | (pl.col(c) > 1) for c in ("value", "lower", "upper")]
        ).fill_null(False)
    )
    return [
        _adv(
            "share_out_of_range",
            r,
            f"{r['metric']} is a share but '{r['as_written']}' gives {_vi(r['value'])} "
            f"(bounds {_vi(r['lower'])}, {_vi(r['upper'])}) outside [0; 1]",
        )
        for r in bad.iter_rows(named=True)
    ]


def _after_source(obs: pl.DataFrame, sources: pl.DataFrame) -> list[dict]:
    pub = sources.select(pl.col("id").alias("source_id"), pl.col("published").alias("_src_pub"))
    late = obs.join(pub, on="source_id", how="left").filter(
        (pl.col("period_end") > pl.col("published"))
        | (pl.col("period_end") > pl.col("_src_pub")).fill_null(False)
    )
    return [
        _adv(
            "after_source",
            r,
            f"reference date {r['period_end']} is after its source {r['source_id']} was "
            f"published ({r['_src_pub'] or r['published']}); a forecast or a wrong date?",
        )
        for r in late.iter_rows(named=True)
    ]


def _merger_checks(obs: pl.DataFrame, areas: pl.DataFrame) -> list[dict]:
    rows = []
    info = {r["code"]: r for r in areas.iter_rows(named=True)}
    for r in obs.iter_rows(named=True):
        a = info.get(r["geo"])
        if a is None:
            continue
        start = r["period_start"] or r["period_end"]
        if a["valid_to"] is not None and r["period_end"] > a["valid_to"]:
            rows.append(
                _adv(
                    "province_merger",
                    r,
                    f"{r['geo']} ceased on {a['valid_to']} (merged into {a['successor']}) but "
                    f"the figure is dated {r['period_end']}",
                )
            )
        elif a["valid_from"] is not None and start < a["valid_from"]:
            rows.append(
                _adv(
                    "province_merger",
                    r,
                    f"{r['geo']} exists from {a['valid_from']} but the figure covers "
                    f"{start}–{r['period_end']}",
                )
            )
    present = obs.select("metric", "geo").unique()
    pairs = present.join(
        areas.select(pl.col("code").alias("geo"), "successor").drop_nulls("successor"),
        on="geo",
    ).join(present.rename({"geo": "successor"}), on=["metric", "successor"])
    for p in pairs.iter_rows(named=True):
        first = obs.filter((pl.col("metric") == p["metric"]) & (pl.col("geo") == p["successor"]))
        r = first.sort("period_end").row(0, named=True)
        rows.append(
            _adv(
                "province_merger",
                r,
                f"{p['metric']} is reported for {p['geo']} (before the 2025 merger) and for "
                f"{p['successor']} (after it): different areas, do not join them into one series",
            )
        )
    return rows


def _adv(check: str, r: dict, message: str) -> dict:
    return {
        "check": check,
        "metric": r["metric"],
        "geo": r["geo"],
        "period_end": r["period_end"],
        "source_id": r["source_id"],
        "message": message,
    }


# --------------------------------------------------------------------------- derived series

DERIVED_COLUMNS = schema.frame_schema(schema.DerivedSeries)


def _point_bounds(df: pl.DataFrame, prefix: str = "") -> pl.DataFrame:
    """Attach `_lo`/`_hi` (stated bounds, open sides as ±inf; no tolerance) to a frame."""
    return df.with_columns(_interval(prefix))


def run_rates(series: pl.DataFrame, metrics: Iterable[str] | None = None) -> pl.DataFrame:
    """Increments and average monthly run rates between consecutive figures of a stock.

    `series` is a canonical series (see `canonical`); only levels (period_start null) are used.
    One row per consecutive pair (per metric and geo): metric, geo, from_date, to_date,
    from_value, to_value, increment (to − from), days, per_month (increment ÷ days × 30.4375),
    from_source, to_source, formula. Computed from the stated values; the figures between the two
    dates are not known and nothing is interpolated.
    """
    levels = series.filter(pl.col("period_start").is_null())
    if metrics is not None:
        levels = levels.filter(pl.col("metric").is_in(list(metrics)))
    by = ["metric", "geo"]
    out = (
        levels.sort(*by, "period_end")
        .with_columns(
            pl.col("period_end").shift(1).over(by).alias("from_date"),
            pl.col("value").shift(1).over(by).alias("from_value"),
            pl.col("source_id").shift(1).over(by).alias("from_source"),
        )
        .filter(pl.col("from_date").is_not_null())
        .select(
            *by,
            "from_date",
            pl.col("period_end").alias("to_date"),
            "from_value",
            pl.col("value").alias("to_value"),
            (pl.col("value") - pl.col("from_value")).alias("increment"),
            (pl.col("period_end") - pl.col("from_date")).dt.total_days().alias("days"),
            "from_source",
            pl.col("source_id").alias("to_source"),
        )
        .with_columns(
            (pl.col("increment") / pl.col("days") * DAYS_PER_MONTH).alias("per_month"),
            pl.lit("(to_value − from_value) ÷ days × 30.4375").alias("formula"),
        )
    )
    return out


def ratio_series(
    series: pl.DataFrame, ratios: dict[str, tuple[str, str]] | None = None
) -> pl.DataFrame:
    """Ratios of two observed stocks on the same reference date and area (e.g. activation rate
    = activated ÷ issued). Only dates where both are observed (nothing interpolated). When either
    figure is bounded: lower = num_lo ÷ den_hi, upper = num_hi ÷ den_lo (null where a side is
    open); two exact figures give no bounds. Columns as `derived`."""
    ratios = RATIOS if ratios is None else ratios
    levels = _point_bounds(series.filter(pl.col("period_start").is_null())).with_columns(
        (pl.col("lower").is_not_null() | pl.col("upper").is_not_null()).alias("_bounded")
    )
    frames = []
    for name, (num, den) in ratios.items():
        n = levels.filter(pl.col("metric") == num).select(
            "geo", "period_end", "value", "_lo", "_hi", "_bounded", "source_id"
        )
        d = levels.filter(pl.col("metric") == den).select(
            "geo", "period_end", "value", "_lo", "_hi", "_bounded", "source_id"
        )
        j = n.join(d, on=["geo", "period_end"], suffix="_d").filter(pl.col("value_d") > 0)
        bounded = pl.any_horizontal(pl.col("_bounded"), pl.col("_bounded_d"))
        lo_ok = bounded & pl.col("_lo").is_finite() & pl.col("_hi_d").is_finite()
        hi_ok = bounded & pl.col("_hi").is_finite() & (pl.col("_lo_d") > 0)
        frames.append(
            j.select(
                pl.lit(name).alias("name"),
                pl.lit(num).alias("metric"),
                "geo",
                pl.lit(None, pl.Date).alias("period_start"),
                "period_end",
                (pl.col("value") / pl.col("value_d")).alias("value"),
                pl.when(lo_ok).then(pl.col("_lo") / pl.col("_hi_d")).alias("lower"),
                pl.when(hi_ok).then(pl.col("_hi") / pl.col("_lo_d")).alias("upper"),
                pl.lit("percent").alias("unit"),
                pl.lit(f"{num} ÷ {den}").alias("formula"),
                pl.format("{} / {}", "source_id", "source_id_d").alias("inputs"),
                pl.lit(True).alias("derived"),
            )
        )
    return _derived_frame(frames)


def fraction_shares(series: pl.DataFrame) -> pl.DataFrame:
    """Shares from figures reported as numerator/denominator ("38/53" → 0.717)."""
    fr = series.filter(pl.col("denominator").is_not_null())
    return _derived_frame(
        [
            fr.select(
                pl.format("{}_share", "metric").alias("name"),
                "metric",
                "geo",
                "period_start",
                "period_end",
                (pl.col("value") / pl.col("denominator")).alias("value"),
                (pl.col("lower") / pl.col("denominator")).alias("lower"),
                (pl.col("upper") / pl.col("denominator")).alias("upper"),
                pl.lit("percent").alias("unit"),
                pl.format("{}/{}", pl.col("value").round(6), pl.col("denominator").round(6))
                .str.replace_all(r"\.0\b", "")
                .alias("formula"),
                pl.col("source_id").alias("inputs"),
                pl.lit(True).alias("derived"),
            )
        ]
    )


def derived(series: pl.DataFrame, registry=None) -> pl.DataFrame:
    """All derived series in one long frame (`schema.DerivedSeries`), each marked derived.

    `series` is a canonical series. Rows: ratio series (`RATIOS`, e.g. vneid_activation_rate),
    shares from numerator/denominator figures (`<metric>_share`), and for stock metrics (from
    `registry.metrics` when given, else every level series) the increment (`<metric>_increment`,
    the metric's unit) and average monthly run rate (`<metric>_per_month`, unit `<unit>/month`)
    between consecutive figures, dated by the interval they cover (period_start = earlier date).
    Columns: name, metric, geo, period_start, period_end, value, lower, upper, unit, formula,
    inputs (source ids), derived (always true).
    """
    stocks = None
    if registry is not None:
        stocks = registry.metrics.filter(pl.col("kind") == "stock")["key"].to_list()
    rr = run_rates(series, stocks).join(
        series.select("metric", "unit").unique(), on="metric", how="left"
    )
    parts = [ratio_series(series), fraction_shares(series)]
    for what, col, unit, formula in (
        ("increment", "increment", pl.col("unit"), "to_value − from_value"),
        ("per_month", "per_month", pl.col("unit") + "/month", "(to − from) ÷ days × 30.4375"),
    ):
        parts.append(
            rr.select(
                pl.format("{}_{}", "metric", pl.lit(what)).alias("name"),
                "metric",
                "geo",
                pl.col("from_date").alias("period_start"),
                pl.col("to_date").alias("period_end"),
                pl.col(col).cast(pl.Float64).alias("value"),
                pl.lit(None, pl.Float64).alias("lower"),
                pl.lit(None, pl.Float64).alias("upper"),
                unit.alias("unit"),
                pl.lit(formula).alias("formula"),
                pl.format("{} / {}", "from_source", "to_source").alias("inputs"),
                pl.lit(True).alias("derived"),
            )
        )
    out = _derived_frame(parts).sort("name", "geo", "period_end")
    return schema.DerivedSeries.validate(out)


def _derived_frame(frames: list[pl.DataFrame]) -> pl.DataFrame:
    frames = [f.select([pl.col(c).cast(t) for c, t in DERIVED_COLUMNS.items()]) for f in frames]
    if not frames:
        return pl.DataFrame(schema=DERIVED_COLUMNS)
    return pl.concat(frames)


# --------------------------------------------------------------------------- facts of a series


def months_between(start: date, end: date) -> float:
    """Months (of 30.4375 days) from `start` to `end`: the one month length every rate uses."""
    return (end - start).days / DAYS_PER_MONTH


def per_month(change: float, start: date, end: date) -> float | None:
    """Average change per month between two dates ("change per month"); None for no time."""
    months = months_between(start, end)
    return change / months if months else None


@dataclass(frozen=True)
class TrendFacts:
    """Latest figure of a series, and its change since the previous reference date.

    Computed once here and read by chart titles, report sentences and the deck, so the "change
    per month" a reader sees is the same number everywhere.
    """

    latest_date: date
    latest_value: float
    latest_qualifier: str
    latest_upper: float | None
    latest_source: str
    previous_date: date | None
    previous_value: float | None
    n_points: int

    @property
    def change(self) -> float | None:
        return None if self.previous_value is None else self.latest_value - self.previous_value

    @property
    def months(self) -> float | None:
        if self.previous_date is None:
            return None
        return months_between(self.previous_date, self.latest_date)

    @property
    def monthly_rate(self) -> float | None:
        """Average change per month over the last period (None with one point)."""
        if self.change is None or self.previous_date is None:
            return None
        return per_month(self.change, self.previous_date, self.latest_date)


def trend_facts(series: pl.DataFrame) -> TrendFacts | None:
    """Facts of one metric/area series (canonical rows); None when it has no rows."""
    if series.is_empty():
        return None
    s = series.sort("period_end")
    last = s.row(-1, named=True)
    prev = s.row(-2, named=True) if s.height > 1 else None
    return TrendFacts(
        latest_date=last["period_end"],
        latest_value=last["value"],
        latest_qualifier=last["qualifier"],
        latest_upper=last["upper"],
        latest_source=last["source_id"],
        previous_date=prev["period_end"] if prev else None,
        previous_value=prev["value"] if prev else None,
        n_points=s.height,
    )


def latest_per_area(series: pl.DataFrame, metric: str, geos: Iterable[str]) -> pl.DataFrame:
    """The latest canonical level of `metric` in each of `geos` (one row per area that has one).

    Used to compare provinces: each keeps its own latest date, so a stale figure stays visible.
    """
    wanted = list(geos)
    levels = series.filter(
        (pl.col("metric") == metric)
        & pl.col("geo").is_in(wanted)
        & pl.col("period_start").is_null()
    )
    return levels.sort("period_end").group_by("geo", maintain_order=True).last()
