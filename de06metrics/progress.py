"""Progress against targets: one verdict per target that a reader can check by hand.

`assess(observations, targets, as_of)` works on the canonical series (`series.canonical`, so only
figures published on or before `as_of`) and returns one row per target (`schema.Progress`).

How a verdict is reached (cut-offs in `registry/progress.yaml`, see `series.AnalyticsConfig`):

1. **Points.** The canonical levels (period_start empty) of the target's metric and area. Each
   figure is scored at its stated bounds: `lower`/`upper` where the source gives them, else the
   value ("hơn 40 triệu" scores 40M at both ends; a range scores at both of its ends). For the
   achievement test only a *confirmed* bound counts: the lower bound, or the value of an exact or
   approximate figure ("khoảng X" is treated as X). "gần 40 triệu" states no lower bound, so it
   never confirms an at-least target.
2. **Achieved.** `achieved_on` is the first reference date whose confirmed bound meets the target
   (at_least: lower ≥ target; at_most: upper ≤ target; an `exact` target is read as "reach
   at least"). Met on or before the deadline → `achieved` (even if met before the baseline);
   met only after a passed deadline → `missed`, with `achieved_on` still given.
3. **Deadline passed, not met.** Judged on the first figure on or after the deadline: below the
   target → `missed`; straddling it (a range, or "gần X" above the target) → `uncertain`; no
   figure on or after the deadline → `insufficient_data` (nothing is projected backwards).
4. **Deadline ahead.** Baseline: the last figure on or before the target's `baseline_date`, or
   when the target gives none, on or before the publication date of the document that set it
   (when `sources` has it), else the programme start (6 Jan 2022); if there is none before, the
   first figure after (said in `note`). Fewer than two usable points (baseline and a later
   latest figure) → `insufficient_data`, never a guess.
   - `linear` (cumulative stocks, and baselines below `near_zero_baseline` × target):
     gap_closed = (y_t − y_0)/(Y − y_0), time_elapsed = (t − t_0)/(T − t_0),
     pace_ratio = gap_closed / time_elapsed.
   - `cagr` (other metrics with a real non-zero base): ratio = actual ÷ required compound annual
     growth, (y_t/y_0)^(1/Δt) − 1 over (Y/y_0)^(1/(T − t_0)) − 1, years = days / 365.25.
     `cagr_ratio` is also given for stocks with a non-zero base, for information.
   - Classes: ratio ≥ on_track (0.95) `on_track`; ≥ moderate (0.6) `moderate`; ≥ 0
     `insufficient`; < 0 `moving_away`. If the latest figure's two scored bounds fall in
     different classes, or an unconfirmed figure is past the target, → `uncertain`.
5. **Rates and projection** (informational): required_run_rate = (Y − y_t) per month from the
   latest date to the deadline; recent_run_rate = change per month between the last two figures
   (months of 30.4375 days); projected_value at the deadline and projected_date (when the target
   is reached) from a linear fit over the points from the baseline on, each point weighted by the
   time it represents (half the gaps to its neighbours), so a cluster of reports around one date
   does not outweigh the rest. Not projected when the deadline has passed.

With `as_of=None` the reference date is the newest publication date in `observations` (the data
vintage), never the wall clock.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import polars as pl

from de06metrics import schema
from de06metrics.present.notes import render_notes
from de06metrics.series import (
    DAYS_PER_YEAR,
    SERIES_STATUSES,
    AnalyticsConfig,
    as_date,
    canonical,
    load_config,
    months_between,
)

METHODS = ("linear", "cagr", "first_date_at_target", "deadline_check", "none")
PROGRESS_COLUMNS = schema.frame_schema(schema.Progress)


@dataclass(frozen=True)
class Point:
    """One canonical figure, with the bounds used for scoring."""

    t: date
    value: float
    lower: float | None
    upper: float | None
    qualifier: str
    as_written: str
    source_id: str

    @property
    def lo(self) -> float:
        """Scored low end: the stated lower bound, else the value."""
        return self.lower if self.lower is not None else self.value

    @property
    def hi(self) -> float:
        """Scored high end: the stated upper bound, else the value."""
        return self.upper if self.upper is not None else self.value

    @property
    def confirmed_lo(self) -> float | None:
        """A lower bound the source commits to (None for "gần X", "dưới X")."""
        if self.lower is not None:
            return self.lower
        return self.value if self.qualifier in ("exact", "approx") else None

    @property
    def confirmed_hi(self) -> float | None:
        if self.upper is not None:
            return self.upper
        return self.value if self.qualifier in ("exact", "approx") else None


def assess(
    observations: pl.DataFrame,
    targets: pl.DataFrame,
    as_of: date | str | None = None,
    *,
    sources: pl.DataFrame | None = None,
    metrics: pl.DataFrame | None = None,
    config: AnalyticsConfig | None = None,
    statuses: Sequence[str] = SERIES_STATUSES,
) -> pl.DataFrame:
    """One row per target (`schema.Progress`): where its metric stands as of `as_of`.

    `observations`: the long table (`schema.Observations`); `targets`: `schema.Targets`;
    `sources`: the sources registry frame (id, rank, published) and `metrics`: the metrics
    registry frame (key, kind), both by default from `load_registry()`;
    `config`: cut-offs, default `load_config()` (registry/progress.yaml).
    See the module docstring for the method. Columns: target_id, metric, geo, unit,
    target_qualifier, target_value, deadline, baseline_date/baseline_value (the baseline figure),
    latest_date/latest_value/latest_lower/latest_upper (stated bounds, null when not stated),
    latest_as_written, latest_source_id, n_points (figures up to as_of), gap_closed,
    time_elapsed, pace_ratio, cagr_ratio, required_run_rate and recent_run_rate (per month),
    projected_value (at the deadline), projected_date, status, achieved_on, method, note, as_of.
    Sorted by metric, geo, deadline, target_id.
    """
    config = config or load_config()
    if sources is None or metrics is None:
        from de06metrics.registry import load_registry

        registry = load_registry()
        sources = registry.sources if sources is None else sources
        metrics = registry.metrics if metrics is None else metrics
    cutoff = as_date(as_of)
    series = canonical(observations, cutoff, sources=sources, statuses=statuses, config=config)
    if cutoff is None:
        pubs = series["published"].drop_nulls()
        cutoff = pubs.max() if pubs.len() else None
    published = (
        dict(zip(sources["id"], sources["published"], strict=True))
        if "published" in sources.columns
        else {}
    )
    levels = series.filter(pl.col("period_start").is_null())
    by_key: dict[tuple[str, str], list[Point]] = {}
    for r in levels.sort("period_end").iter_rows(named=True):
        by_key.setdefault((r["metric"], r["geo"]), []).append(
            Point(
                r["period_end"],
                r["value"],
                r["lower"],
                r["upper"],
                r["qualifier"],
                r["as_written"],
                r["source_id"],
            )
        )
    kinds = dict(zip(metrics["key"], metrics["kind"], strict=True))
    rows = []
    for t in targets.iter_rows(named=True):
        pts = by_key.get((t["metric"], t["geo"]), [])
        ref = t["baseline_date"] or published.get(t["source_id"]) or config.programme_start
        rows.append(_assess_one(t, pts, cutoff, ref, kinds.get(t["metric"], "stock"), config))
    out = pl.DataFrame(rows, schema=PROGRESS_COLUMNS)
    if out.height:
        out = out.sort("metric", "geo", "deadline", "target_id")
    return schema.Progress.validate(out)


# --------------------------------------------------------------------------- one target


def _assess_one(
    t: dict, pts: list[Point], now: date | None, ref: date, kind: str, cfg: AnalyticsConfig
) -> dict:
    target = float(t["value"])
    up = t["qualifier"] != "at_most"  # at_least and exact: reach at least the value
    row: dict = {
        "target_id": t["id"],
        "metric": t["metric"],
        "geo": t["geo"],
        "unit": t["unit"],
        "target_qualifier": t["qualifier"],
        "target_value": target,
        "deadline": t["deadline"],
        "n_points": len(pts),
        "as_of": now,
        "method": "none",
    }
    notes: list[Note] = []
    if t["qualifier"] == "exact":
        notes.append(_n("exact_as_at_least"))
    if not pts:
        return _done(row, "insufficient_data", [*notes, _n("no_figure")])
    latest = pts[-1]
    row.update(
        latest_date=latest.t,
        latest_value=latest.value,
        latest_lower=latest.lower,
        latest_upper=latest.upper,
        latest_as_written=latest.as_written,
        latest_source_id=latest.source_id,
    )
    if len(pts) >= 2:
        prev = pts[-2]
        row["recent_run_rate"] = (latest.value - prev.value) / _months(prev.t, latest.t)

    def met(p: Point) -> bool:
        b = p.confirmed_lo if up else p.confirmed_hi
        return b is not None and (b >= target if up else b <= target)

    def short(p: Point) -> bool:
        """The figure rules the target out ("gần 40 triệu" is short of 40 million)."""
        if up:
            return p.hi < target or (p.hi == target and p.qualifier in ("nearly", "less_than"))
        return p.lo > target or (p.lo == target and p.qualifier == "more_than")

    base, base_note = _baseline(pts, ref)
    if base is not None:
        row.update(baseline_date=base.t, baseline_value=base.value)
    deadline = t["deadline"]
    passed = now is not None and now > deadline
    hit = next((p for p in pts if met(p)), None)
    if hit is not None:
        row.update(achieved_on=hit.t, method="first_date_at_target")
        notes.insert(0, _n("reached_on", date=hit.t, written=hit.as_written, source=hit.source_id))
        if hit.t < ref:
            notes.append(_n("met_before_baseline", date=ref))
        if not met(latest):
            notes.append(_n("latest_no_longer_meets", written=latest.as_written, date=latest.t))
        if hit.t <= deadline:
            return _done(row, "achieved", notes)
        after = next(p for p in pts if p.t >= deadline)
        if after is not hit and short(after):
            return _missed_after(row, after, notes)
        return _done(
            row,
            "uncertain",
            [
                *notes,
                _n("unknown_at_deadline", date=deadline),
            ],
        )
    if passed:
        row["method"] = "deadline_check"
        _pace(row, base, latest, target, deadline, kind, cfg, notes)
        row.pop("required_run_rate", None)
        after = next((p for p in pts if p.t >= deadline), None)
        if after is None:
            return _done(
                row,
                "insufficient_data",
                [
                    *notes,
                    _n("deadline_passed_no_figure", deadline=deadline, date=latest.t),
                ],
            )
        if short(after):
            return _missed_after(row, after, notes)
        return _done(
            row,
            "uncertain",
            [
                *notes,
                _n("neither", written=after.as_written, date=after.t),
            ],
        )
    # deadline ahead, not met
    if base is None or base.t >= latest.t:
        return _done(
            row,
            "insufficient_data",
            [*notes, _n("too_few")],
        )
    if base_note:
        notes.append(base_note)
    method, ratio_of = _pace(row, base, latest, target, deadline, kind, cfg, notes)
    row["method"] = method
    _project(row, [p for p in pts if p.t >= base.t], base, latest, target, deadline, up)
    if row["pace_ratio"] is None and row.get("cagr_ratio") is None:
        return _done(row, "insufficient_data", [*notes, _n("pace_unknown")])
    classes = {_classify(ratio_of(x), cfg) for x in (latest.lo, latest.hi)}
    if not short(latest):
        return _done(
            row,
            "uncertain",
            [*notes, _n("no_bound", written=latest.as_written)],
        )
    if len(classes) > 1:
        lo_c, hi_c = _classify(ratio_of(latest.lo), cfg), _classify(ratio_of(latest.hi), cfg)
        return _done(row, "uncertain", [*notes, _n("bounds_split", low=lo_c, high=hi_c)])
    return _done(row, classes.pop(), notes)


def _baseline(pts: list[Point], ref: date) -> tuple[Point | None, Note | None]:
    """The last figure on or before `ref`, else the first after it (with a note)."""
    before = [p for p in pts if p.t <= ref]
    if before:
        return before[-1], None
    return pts[0], _n("baseline_after", date=ref)


def _pace(row, base, latest, target, deadline, kind, cfg, notes):
    """Fill gap_closed, time_elapsed, pace_ratio, cagr_ratio, required_run_rate.

    Returns (method, ratio function of a latest value) for classification."""
    if base is None or base.t >= latest.t or deadline <= base.t:
        return "none", lambda _y: None
    y0, t0 = base.value, base.t
    te = (latest.t - t0).days / (deadline - t0).days
    row["time_elapsed"] = te

    def pace(y: float) -> float | None:
        if target == y0 or te <= 0:
            return None
        return ((y - y0) / (target - y0)) / te

    def cagr(y: float) -> float | None:
        if y0 <= 0 or y <= 0 or target <= 0:
            return None
        actual = (y / y0) ** (DAYS_PER_YEAR / (latest.t - t0).days) - 1
        required = (target / y0) ** (DAYS_PER_YEAR / (deadline - t0).days) - 1
        return actual / required if required != 0 else None

    if target != y0:
        row["gap_closed"] = (latest.value - y0) / (target - y0)
    row["pace_ratio"] = pace(latest.value)
    near_zero = abs(y0) < cfg.near_zero_baseline * abs(target)
    if not near_zero:
        row["cagr_ratio"] = cagr(latest.value)
    if latest.t < deadline:
        row["required_run_rate"] = (target - latest.value) / _months(latest.t, deadline)
    if kind == "stock" or near_zero or row.get("cagr_ratio") is None:
        if kind != "stock" and near_zero:
            notes.append(_n("near_zero_linear"))
        return "linear", pace
    return "cagr", cagr


def _project(row, pts, base, latest, target, deadline, up) -> None:
    """Time-weighted least-squares line through the points from the baseline on."""
    if len(pts) < 2:
        return
    xs = [(p.t - base.t).days / DAYS_PER_YEAR for p in pts]
    ys = [p.value for p in pts]
    n = len(xs)
    ws = []
    for i in range(n):
        left = xs[i] - xs[i - 1] if i > 0 else 0.0
        right = xs[i + 1] - xs[i] if i < n - 1 else 0.0
        ws.append((left + right) / 2 if n > 1 else 1.0)
    sw = sum(ws)
    mx = sum(w * x for w, x in zip(ws, xs, strict=True)) / sw
    my = sum(w * y for w, y in zip(ws, ys, strict=True)) / sw
    sxx = sum(w * (x - mx) ** 2 for w, x in zip(ws, xs, strict=True))
    if sxx == 0:
        return
    slope = sum(w * (x - mx) * (y - my) for w, x, y in zip(ws, xs, ys, strict=True)) / sxx
    intercept = my - slope * mx
    xt = (deadline - base.t).days / DAYS_PER_YEAR
    row["projected_value"] = intercept + slope * xt
    if (slope > 0 and up) or (slope < 0 and not up):
        years = (target - intercept) / slope
        when = base.t + timedelta(days=round(years * DAYS_PER_YEAR))
        if years < 200 and when >= latest.t:
            row["projected_date"] = when


def _classify(ratio: float | None, cfg: AnalyticsConfig) -> str:
    if ratio is None or math.isnan(ratio):
        return "insufficient_data"
    if ratio >= cfg.on_track:
        return "on_track"
    if ratio >= cfg.moderate:
        return "moderate"
    if ratio >= cfg.insufficient:
        return "insufficient"
    return "moving_away"


def _months(a: date, b: date) -> float:
    return months_between(a, b)


def _missed_after(row: dict, after: Point, notes: list[Note]) -> dict:
    """Missed: the first figure on or after the deadline is short of the target."""
    note = _n("short_after_deadline", written=after.as_written, date=after.t)
    return _done(row, "missed", [*notes, note])


def _done(row: dict, status: str, notes: list[Note]) -> dict:
    row["status"] = status
    row["note_codes"] = encode_notes(notes)
    row["note"] = render_notes(row["note_codes"], "en")  # the table's own, English; reports
    # translate `note_codes` into their language
    return row


# --------------------------------------------------------------------------- notes

#: A verdict's note: a code of the message table (`note.<code>`) and its parameters.
Note = dict


def _n(code: str, **params: object) -> Note:
    """One structured note; status words in parameters stay codes until rendered."""
    return {"code": code, **params}


def encode_notes(notes: list[Note]) -> str:
    """The notes as JSON (dates as ISO text), the `note_codes` column of the progress table."""
    return json.dumps(notes, ensure_ascii=False, default=str, sort_keys=True)
