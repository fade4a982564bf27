"""Figure builders: a metric's trend, the targets overview, and one target's path.

Each builder takes frames that satisfy the pandera models (canonical series, observations, progress)
plus a `ChartInfo` carrying the language, the data vintage and the source names, and returns a
themed plotly figure with a message title, a subtitle (measure, unit, area, period) and a source
footer built from the rows actually plotted. No I/O here.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl

from de06metrics.charts import text as t
from de06metrics.charts import theme
from de06metrics.charts.facts import latest_text, trend_facts
from de06metrics.present import formatter, msg
from de06metrics.present.notes import render_notes
from de06metrics.series import months_between

LOWER = ("more_than", "at_least")
#: Exact = filled circle; bounded = hollow (white-filled) triangle pointing to where the truth
#: lies ("hơn" up, "gần" down); a range = hollow circle with a whisker to its upper end.
MARKERS = (
    ("exact", "circle"),
    ("lower", "triangle-up"),
    ("upper", "triangle-down"),
    ("range", "circle"),
)
UPPER = ("nearly", "at_most", "less_than")


@dataclass(frozen=True)
class ChartInfo:
    """What every chart needs besides its rows: language, vintage, and who the sources are."""

    lang: str
    as_of: date
    data_hash: str
    #: source_id → (publisher, published)
    sources: dict[str, tuple[str, date]] = field(default_factory=dict)
    size: tuple[int, int] = theme.SLIDE

    def footer(self, source_ids: list[str]) -> str:
        known = [self.sources[s] for s in source_ids if s in self.sources]
        unknown = [(s, self.as_of) for s in source_ids if s not in self.sources]
        pairs = sorted(known, key=lambda p: p[1], reverse=True) + unknown
        return t.source_line(pairs, self.lang, self.as_of, self.data_hash)


# ---------------------------------------------------------------- trend


def trend_figure(
    series: pl.DataFrame,
    *,
    label: str,
    unit: str,
    area: str,
    info: ChartInfo,
    candidates: pl.DataFrame | None = None,
) -> go.Figure:
    """One metric in one area over time: observed dates marked, bounds drawn, conflicts noted.

    `series`: canonical rows (one per reference date). `candidates`: the observations behind them.
    Where a chosen row is flagged `conflict` (candidates disagree beyond their bounds; without that
    column: any differing value), the other figures are grey crosses and the date is annotated
    "n nguồn lệch nhau".
    """
    lang = info.lang
    s = series.sort("period_end")
    fig = go.Figure()
    facts = trend_facts(s)
    if facts is None:
        return _empty(fig, label=label, area=area, info=info)
    scale = t.scale_for(unit, float(s["value"].abs().max()), lang)
    f = scale.factor
    xs, ys = s["period_end"].to_list(), [v / f for v in s["value"].to_list()]
    _add_lines(fig, xs, ys, theme.SERIES)
    rows = s.to_dicts()
    for kind, symbol in MARKERS:
        pick = [r for r in rows if _marker_kind(r["qualifier"]) == kind]
        if pick:
            fig.add_trace(_markers(pick, symbol, scale, unit, info, kind))
    _add_conflicts(fig, s, candidates, scale, unit, info)
    _mark_list_changes(fig, rows, f, lang)
    last = rows[-1]
    fig.add_annotation(
        x=last["period_end"],
        y=last["value"] / f,
        text=(
            f"<b>{_row_text(last, unit, lang, scale)}</b>"
            f"<br>{t.date_text(last['period_end'], lang)}"
        ),
        xanchor="left",
        xshift=12,
        showarrow=False,
        align="left",
        font={"size": 18, "color": theme.SERIES},
    )
    _pad_x(fig, xs)
    _date_axis(fig, lang)
    subtitle = " · ".join(
        p for p in (label, scale.word, area, t.period_text(xs[0], xs[-1], lang)) if p
    )
    title = _trend_title(facts, unit, lang, scale)
    return theme.apply(
        fig,
        title=title,
        subtitle=subtitle,
        footer=info.footer(_ids(s)),
        size=info.size,
        lang=info.lang,
    )


def _trend_title(facts, unit: str, lang: str, scale: t.Scale) -> str:
    latest = latest_text(facts, unit, lang, scale)
    change = facts.change
    if change is None or facts.previous_date is None:
        return msg("trend.title.single", lang, value=latest, date=facts.latest_date)
    since = formatter(lang).month(facts.previous_date)
    if change == 0:
        return msg("trend.title.unchanged", lang, value=latest, since=since)
    size = formatter(lang).change(abs(change), unit, scale)
    key = "trend.title.up" if change > 0 else "trend.title.down"
    return msg(key, lang, value=latest, change=size, since=since)


def _row_words(r: dict, unit: str, lang: str, scale: t.Scale) -> str:
    """A plotted row's figure in words, with its qualifier ('hơn 86,3 triệu') and, for a count
    out of a list, the list's size ('58/76')."""
    words = t.value_text(
        r["value"], unit, lang, qualifier=r["qualifier"], upper=r.get("upper"), scale=scale
    )
    if r.get("denominator") is None:
        return words
    return msg("trend.out_of", lang, value=words, total=t.value_text(r["denominator"], unit, lang))


def _mark_list_changes(fig: go.Figure, rows: list[dict], f: float, lang: str) -> None:
    """Where a count out of a list changes list ("35/53" after "21/25"), say so at the point:
    the line joins numbers of different lists, and a reader must not read the jump as progress."""
    totals = [r.get("denominator") for r in rows]
    if len({d for d in totals if d is not None}) < 2:
        return
    shown = None  # the list last labelled
    for r in rows:
        if r.get("denominator") in (None, shown):
            continue
        shown = r["denominator"]
        total = t.value_text(shown, "count", lang)
        fig.add_annotation(
            x=r["period_end"],
            y=r["value"] / f,
            text=msg("trend.list_changed", lang, total=total),
            yshift=-22,
            showarrow=False,
            font={"size": 13, "color": theme.MUTED},
        )


def _row_text(r: dict, unit: str, lang: str, scale: t.Scale) -> str:
    """`_row_words`, escaped for plotly text."""
    return theme._esc(_row_words(r, unit, lang, scale))


def _marker_kind(qualifier: str) -> str:
    if qualifier in LOWER:
        return "lower"
    if qualifier in UPPER:
        return "upper"
    return "range" if qualifier == "range" else "exact"


def _markers(rows, symbol, scale, unit, info, kind) -> go.Scatter:
    f = scale.factor
    hover = [
        f"{t.date_text(r['period_end'], info.lang)}: "
        + theme._esc(
            t.value_text(
                r["value"], unit, info.lang, qualifier=r["qualifier"], upper=r["upper"], scale=scale
            )
        )
        + f"<br>{theme._esc(info.sources.get(r['source_id'], (r['source_id'],))[0])}"
        for r in rows
    ]
    error = None
    if kind == "range":
        error = {
            "type": "data",
            "symmetric": False,
            "array": [(r["upper"] - r["value"]) / f for r in rows],
            "arrayminus": [0] * len(rows),
            "color": theme.SERIES,
            "thickness": 2,
            "width": 6,
        }
    return go.Scatter(
        x=[r["period_end"] for r in rows],
        y=[r["value"] / f for r in rows],
        mode="markers",
        marker={
            "symbol": symbol,
            "size": 13 if kind == "exact" else 15,
            "color": theme.SERIES if kind == "exact" else "white",
            "line": {"color": theme.SERIES, "width": 2.5},
        },
        error_y=error,
        cliponaxis=False,  # a figure near zero keeps its whole marker above the axis line
        hovertext=hover,
        hoverinfo="text",
        name=kind,
    )


#: A gap between two consecutive figures longer than this is drawn dotted (GUIDE §6).
LONG_GAP_DAYS = 365.25


def long_gaps(xs: list[date]) -> list[bool]:
    """For each gap between consecutive dates: is it long, i.e. more than 12 months (365,25 days)?

    One absolute rule, whatever the series' cadence: a year without any published figure is where
    a straight segment must not be read as the path taken. A rule relative to the series' own
    median gap hid exactly these gaps in the shipped data (VNeID accounts activated: 11/2022 →
    01/2024, 14 months, in a series whose median gap is 8 months).
    """
    return [(b - a).days > LONG_GAP_DAYS for a, b in itertools.pairwise(xs)]


def _add_lines(fig: go.Figure, xs: list, ys: list, color: str) -> None:
    """Straight segments (trace "line"); a dotted one across each long gap (trace "gap")."""
    if len(xs) < 2:
        return
    sx, sy, dx, dy = [xs[0]], [ys[0]], [], []
    for i, is_long in enumerate(long_gaps(xs)):
        if is_long:
            sx.append(None)
            sy.append(None)
            dx += [xs[i], xs[i + 1], None]
            dy += [ys[i], ys[i + 1], None]
        sx.append(xs[i + 1])
        sy.append(ys[i + 1])
    line = {"color": color, "width": 3, "shape": "linear", "dash": "solid"}
    fig.add_trace(go.Scatter(x=sx, y=sy, mode="lines", line=line, hoverinfo="skip", name="line"))
    if dx:
        dotted = {**line, "dash": "dot", "width": 2.5}
        fig.add_trace(
            go.Scatter(x=dx, y=dy, mode="lines", line=dotted, hoverinfo="skip", name="gap")
        )


def _add_conflicts(fig, series, candidates, scale, unit, info) -> None:
    if candidates is None or candidates.is_empty():
        return
    flagged = series.filter(pl.col("conflict")) if "conflict" in series.columns else series
    chosen = flagged.select("period_end", pl.col("value").alias("_chosen"))
    other = (
        candidates.filter(pl.col("status") == "observation")
        .join(chosen, on="period_end", how="inner")
        .filter(pl.col("value") != pl.col("_chosen"))
    )
    if other.is_empty():
        return
    f = scale.factor
    fig.add_trace(
        go.Scatter(
            x=other["period_end"].to_list(),
            y=[v / f for v in other["value"].to_list()],
            mode="markers",
            marker={
                "symbol": "x-thin-open",
                "size": 12,
                "color": theme.CONFLICT,
                "line": {"width": 2},
            },
            cliponaxis=False,
            hovertext=[
                f"{t.word('other_figure', info.lang)}: {_row_text(r, unit, info.lang, scale)}"
                f" — {theme._esc(info.sources.get(r['source_id'], (r['source_id'],))[0])}"
                for r in other.iter_rows(named=True)
            ],
            hoverinfo="text",
            name="conflict",
        )
    )
    per_date = other.group_by("period_end").agg(pl.len().alias("n"), pl.col("_chosen").first())
    for r in per_date.sort("period_end").tail(3).iter_rows(named=True):
        fig.add_annotation(
            x=r["period_end"],
            y=r["_chosen"] / f,
            text=theme._esc(t.word("conflict", info.lang, n=r["n"] + 1)),
            showarrow=True,
            arrowhead=0,
            arrowcolor=theme.CONFLICT,
            ax=0,
            ay=-40,
            font={"size": 14, "color": theme.MUTED},
        )


def _pad_x(fig: go.Figure, xs: list[date], extra: list[date] = ()) -> tuple[date, date]:
    """Leave room right of the last point for its direct label; return the x range.

    A span under six months (one figure, or only a deadline) is widened to about seven months
    around it, so the month ticks stay distinct (not "01/2026" seven times).
    """
    dates = [d for d in [*xs, *extra] if d is not None]
    first, last = min(dates), max(dates)
    span = (last - first).days
    if span < 183:
        lo, hi = first - timedelta(days=90), last + timedelta(days=120)
    else:
        lo, hi = first - timedelta(days=span * 0.04), last + timedelta(days=span * 0.2)
    fig.update_xaxes(range=[lo, hi])
    return lo, hi


def _date_axis(fig: go.Figure, lang: str) -> None:
    """Month ticks as 04/2023 (vi) or Apr 2023 (en); plotly has no Vietnamese month names."""
    fig.update_xaxes(tickformat=formatter(lang).axis_month, hoverformat="%d/%m/%Y")


def _ids(frame: pl.DataFrame) -> list[str]:
    return list(dict.fromkeys(frame["source_id"].to_list()))


def _empty(fig: go.Figure, *, label: str, area: str, info: ChartInfo) -> go.Figure:
    fig.add_annotation(
        text=t.word("no_data", info.lang),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 22, "color": theme.MUTED},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return theme.apply(
        fig,
        title=t.word("no_data", info.lang),
        subtitle=f"{label} · {area}",
        footer=info.footer([]),
        size=info.size,
    )


# ---------------------------------------------------------------- progress

#: Bars longer than this (in % of target) are cut here; their label gives the real share.
BAR_CAP = 150.0
#: A bar at least this long (in %) carries its label inside, in white; shorter ones outside.
INSIDE_MIN = 32.0


@dataclass(frozen=True)
class Basis:
    """The figure a target's bar shows, and why it is that one."""

    when: date | None
    value: float | None
    source_id: str | None
    #: "latest" (deadline ahead, achieved, or no figure after the deadline) or "verdict" (the
    #: first figure on or after a passed deadline, which a missed/uncertain verdict rests on)
    kind: str


def bar_basis(row: dict, series: pl.DataFrame | None, as_of: date) -> Basis:
    """Which figure a target's bar shows, so that bar and verdict never contradict each other.

    Deadline ahead, or target achieved, or no figure on/after the deadline: the latest figure.
    Deadline passed and status `missed` or `uncertain`: the first figure on or after the deadline
    (the one the verdict rests on, see `progress`) — found in `series` (canonical rows with
    metric, geo, period_end, value). Without `series` the latest figure is shown, and the status
    words say that it was not met on time (`overview_status_text`).
    """
    latest = Basis(row["latest_date"], row["latest_value"], row.get("latest_source_id"), "latest")
    now = row.get("as_of") or as_of
    if row["status"] not in ("missed", "uncertain") or row["deadline"] >= now or series is None:
        return latest
    levels = series.filter(
        (pl.col("metric") == row["metric"])
        & (pl.col("geo") == row["geo"])
        & (pl.col("period_end") >= row["deadline"])
    )
    if "period_start" in levels.columns:
        levels = levels.filter(pl.col("period_start").is_null())
    if levels.is_empty():
        return latest
    first = levels.sort("period_end").row(0, named=True)
    return Basis(first["period_end"], first["value"], first.get("source_id"), "verdict")


def share_of_target(value: float, target: float) -> float:
    """The figure as % of its target: 100 × value / target, for at-least and at-most targets.

    For an at-most target (a ceiling) the share is also value / target — under 100% means under
    the ceiling, i.e. met — so its label says "% mức trần" / "% of the cap" instead of "% of
    target", never reading as "80% of the way" (`overview_bar_text`).
    """
    return 100 * value / target


def overview_bar_text(pct: float | None, when: date | None, at_most: bool, lang: str) -> str:
    """'40% · 07/2021', '80% mức trần · 05/2024'; the date says which figure the bar is."""
    if pct is None:
        return t.word("no_data", lang)
    share = f"{t.number(pct, lang, 0)}%"
    if at_most:
        share += " " + msg("overview.of_cap", lang)
    return f"{share} · {formatter(lang).month(when)}" if when else share


def overview_status_text(row: dict, lang: str) -> str:
    """Status in words, plus what a reader needs to square it with the bar.

    missed: 'Không đạt đúng hạn · đạt từ 05/08/2022' (met only after the deadline);
    achieved/uncertain: when it was reached; progress classes: the pace ratio.
    """
    status = row["status"]
    words = t.status_word(status, lang)
    reached = row.get("achieved_on")
    since = msg("overview.reached_since", lang, date=reached) if reached is not None else None
    if status == "missed":
        words = msg("overview.missed_deadline", lang)
        return f"{words} · {since}" if since else words
    if status == "achieved" and reached is not None:
        return msg("overview.achieved_on", lang, status=words, date=reached)
    if status == "uncertain":
        return f"{words} · {since}" if since else words
    if row.get("pace_ratio") is not None and status != "insufficient_data":
        return f"{words} · {t.word('pace', lang)} {t.number(row['pace_ratio'], lang, 2)}"
    return words


#: Targets per overview chart: more rows than this do not fit a 720 px slide with their names.
OVERVIEW_ROWS = 6


def progress_overview_figure(
    progress: pl.DataFrame,
    *,
    labels: dict[str, str],
    area: str,
    info: ChartInfo,
    sources: list[str],
    series: pl.DataFrame | None = None,
    counts: tuple[int, int] | None = None,
    part: tuple[int, int] | None = None,
) -> go.Figure:
    """All targets: one bar per target (its figure as % of target), status in colour and words.

    `counts` (achieved or on track, all targets) and `part` (this page, pages) are given when the
    targets are split over several charts (`OVERVIEW_ROWS` per slide): the title then counts all
    targets and the subtitle says which page this is.

    Each row: the target's name (left) and its status words with a colour square (right) above
    its bar; the bar's own label gives the share and the month of the figure shown. Which figure
    the bar shows is `bar_basis`: for a passed deadline judged `missed`/`uncertain`, the first
    figure after the deadline, looked up in `series` (the canonical series, optional; without
    it the latest figure is shown). ◇ marks the projection at the deadline.

    `labels`: target_id → short label. `sources`: source ids of the rows behind the figures (the
    target documents and the latest observations), for the footer; the source of a verdict figure
    is added.
    """
    lang = info.lang
    p = progress.sort("deadline", "target_id", descending=[False, False])
    fig = go.Figure()
    n = p.height
    ys, pcts, proj_pct, colors, texts, hover, extra_ids = [], [], [], [], [], [], []
    for r in p.iter_rows(named=True):
        ys.append(len(ys))
        target = r["target_value"] or float("nan")
        at_most = r.get("target_qualifier") == "at_most"
        basis = bar_basis(r, series, info.as_of)
        if basis.kind == "verdict" and basis.source_id:
            extra_ids.append(basis.source_id)
        pct = None if basis.value is None else share_of_target(basis.value, target)
        pp = None if r["projected_value"] is None else share_of_target(r["projected_value"], target)
        pcts.append(pct)
        proj_pct.append(pp)
        colors.append(theme.STATUS_COLORS.get(r["status"], theme.MUTED))
        texts.append(overview_bar_text(pct, basis.when, at_most, lang))
        hover.append(theme._esc(render_notes(r.get("note_codes"), lang)))
    shown = [min(v, BAR_CAP) if v is not None else 0 for v in pcts]
    inside = [v >= INSIDE_MIN for v in shown]
    fig.add_trace(
        go.Bar(
            y=ys,
            x=shown,
            orientation="h",
            marker={"color": colors},
            text=[theme._esc(x) for x in texts],
            textposition=["inside" if i else "outside" for i in inside],
            insidetextanchor="end",
            insidetextfont={"size": 15, "color": "white"},
            outsidetextfont={"size": 15, "color": theme.INK},
            textangle=0,
            cliponaxis=False,
            hovertext=hover,
            hoverinfo="text",
            width=0.5,
            name="bars",
        )
    )
    # Each target's name (left) and status (right) sit above its bar, on a white ground, so
    # neither needs a margin nor gets crossed by the 100% line.
    plot_px = info.size[1] - theme.MARGIN["t"] - theme.MARGIN["b"]
    bar_px = 0.5 * plot_px / max(n + 0.4, 1)
    for y, r in zip(ys, p.iter_rows(named=True), strict=True):
        common = {"y": y, "yanchor": "bottom", "yshift": bar_px / 2 + 2, "showarrow": False}
        fig.add_annotation(
            x=0,
            xanchor="left",
            text=theme._esc(labels.get(r["target_id"], r["target_id"])),
            font={"size": 15, "color": theme.INK},
            bgcolor="white",
            name="target_name",
            **common,
        )
        color = theme.STATUS_COLORS.get(r["status"], theme.MUTED)
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="right",
            text=f'<span style="color:{color}">■</span> <b>'
            f"{theme._esc(overview_status_text(r, lang))}</b>",
            font={"size": 15, "color": theme.INK},
            bgcolor="white",
            name="status",
            **common,
        )
    proj = [(y, min(v, BAR_CAP)) for y, v in zip(ys, proj_pct, strict=True) if v is not None]
    if proj:
        fig.add_trace(
            go.Scatter(
                y=[y for y, _ in proj],
                x=[v for _, v in proj],
                mode="markers",
                marker={
                    "symbol": "diamond-open",
                    "size": 16,
                    "color": theme.INK,
                    "line": {"width": 2.5},
                },
                hovertext=[
                    f"{t.word('projected', lang)}: {t.number(v, lang, 0)}%" for _, v in proj
                ],
                hoverinfo="text",
                name="projection",
            )
        )
    fig.add_vline(x=100, line={"color": theme.TARGET, "dash": "dash", "width": 2})
    fig.add_annotation(
        x=100,
        y=1,
        yref="paper",
        yanchor="bottom",
        text=t.word("target", lang),
        showarrow=False,
        font={"size": 14, "color": theme.TARGET},
    )
    fig.update_xaxes(range=[0, BAR_CAP + 10], ticksuffix="%", showgrid=True, gridcolor=theme.GRID)
    fig.update_yaxes(
        autorange="reversed",
        rangemode="normal",
        showticklabels=False,
        showgrid=False,
        range=[n - 0.4, -0.8],
    )
    fig.update_layout(margin={"l": 60, "r": 60})
    good = p.filter(pl.col("status").is_in(["achieved", "on_track"])).height
    verdicts = series is not None
    good, total = counts or (good, n)
    title = msg("overview.title", lang, good=good, n=total)
    legend = msg("overview.legend", lang)
    legend += msg("overview.legend_verdict", lang) if verdicts else ""
    legend += msg("overview.legend_projection", lang)
    subtitle = " · ".join([legend, area, msg("as_of_short", lang, date=info.as_of)])
    if part is not None and part[1] > 1:
        subtitle += " · " + msg("overview.part", lang, i=part[0], n=part[1])
    ids = list(dict.fromkeys([*sources, *extra_ids]))
    return theme.apply(
        fig, title=title, subtitle=subtitle, footer=info.footer(ids), size=info.size, lang=info.lang
    )


def needs_required_path(r: dict) -> bool:
    """Draw a required path only for a target not yet met whose deadline is after the latest
    figure, and whose latest figure is still on the wrong side of it."""
    if r["latest_date"] is None or r["latest_value"] is None:
        return False
    if r["status"] == "achieved" or r.get("achieved_on") is not None:
        return False
    if r["deadline"] <= r["latest_date"]:
        return False
    up = r.get("target_qualifier") != "at_most"
    return r["latest_value"] < r["target_value"] if up else r["latest_value"] > r["target_value"]


def target_figure(
    progress_row: dict,
    series: pl.DataFrame,
    *,
    label: str,
    unit: str,
    area: str,
    info: ChartInfo,
    target_source: str | None = None,
) -> go.Figure:
    """One target: the observed series, the target, and what is needed or what happened.

    - Target not met, deadline after the latest figure: a dotted required path (trace
      "required_path") from the latest figure to the target at its deadline — its slope, the
      required run rate, is in its label — and the projection (dashed, trace "projection").
    - Otherwise (achieved, or deadline already behind the figures): no path; the target is a
      horizontal dotted reference line (trace "target_line", label "Mục tiêu: 40 triệu · hạn …"),
      the date it was reached is marked ("Đạt từ 31/07/2023"), and for a missed target the
      figure after the deadline that the verdict rests on ("Sau hạn: 20 triệu").
    The target is always a star at its deadline. Labels sit beside lines, never on them.
    """
    lang = info.lang
    r = progress_row
    up = r.get("target_qualifier") != "at_most"
    s = series.sort("period_end")
    if "period_start" in s.columns:
        s = s.filter(pl.col("period_start").is_null())
    fig = go.Figure()
    top = max([r["target_value"], *(s["value"].to_list() or [0]), r["projected_value"] or 0])
    scale = t.scale_for(unit, top, lang)
    f = scale.factor
    rows = s.to_dicts()
    xs, ys = [x["period_end"] for x in rows], [x["value"] / f for x in rows]
    deadline, goal = r["deadline"], r["target_value"] / f
    lo, hi = _pad_x(fig, xs, [deadline])
    goal_text = theme._esc(t.value_text(r["target_value"], unit, lang, scale=scale))
    path = needs_required_path(r)
    proj_side = 0  # +1: projection label above the target's, -1: below, 0: no projection
    if path:
        latest_y = r["latest_value"] / f
        has_proj = r["projected_value"] is not None
        proj_side = 0 if not has_proj else (1 if r["projected_value"] > r["target_value"] else -1)
        _required_path(fig, r, latest_y, goal, proj_side, unit, lang, scale)
        if has_proj:
            _projection(fig, r, unit, lang, scale, proj_side)
    elif rows:
        _target_line(fig, lo, hi, goal, goal_text, deadline, ys[-1], lang)
    _add_lines(fig, xs, ys, theme.SERIES)
    for kind, symbol in MARKERS:
        pick = [x for x in rows if _marker_kind(x["qualifier"]) == kind]
        if pick:
            fig.add_trace(_markers(pick, symbol, scale, unit, info, kind))
    fig.add_trace(
        go.Scatter(
            x=[deadline],
            y=[goal],
            mode="markers",
            marker={"symbol": "star", "size": 20, "color": theme.TARGET},
            cliponaxis=False,
            hoverinfo="skip",
            name="target",
        )
    )
    if path or not rows:
        fig.add_annotation(
            x=deadline,
            y=goal,
            xanchor="left",
            xshift=14,
            yanchor={1: "top", -1: "bottom"}.get(proj_side, "middle"),
            yshift={1: -6, -1: 6}.get(proj_side, 0),
            showarrow=False,
            align="left",
            text=(
                f"<b>{theme._esc(t.word('target', lang))}: {goal_text}</b>"
                f"<br>{t.word('deadline', lang)} {t.date_text(deadline, lang)}"
            ),
            font={"size": 16, "color": theme.TARGET},
            name="target_label",
        )
    if not path:
        _mark_outcome(fig, r, rows, f, unit, lang, scale, up)
    if rows:
        _latest_label(fig, rows, f, unit, lang, scale, path, up)
    else:
        fig.add_annotation(
            text=t.word("no_data", lang),
            x=0.5,
            y=0.45,
            xref="paper",
            yref="paper",
            showarrow=False,
            font={"size": 20, "color": theme.MUTED},
            name="no_data",
        )
    _date_axis(fig, lang)
    status = t.status_word(r["status"], lang)
    title = _target_title(r, status, unit, lang, scale, rows)
    first = min([*xs, deadline])
    last = max([*xs, deadline])
    subtitle = " · ".join(
        p for p in (label, scale.word, area, t.period_text(first, last, lang)) if p
    )
    ids = _ids(s) if xs else []
    if target_source:
        ids.append(target_source)
    return theme.apply(
        fig, title=title, subtitle=subtitle, footer=info.footer(ids), size=info.size, lang=info.lang
    )


def _required_path(fig, r, latest_y, goal, proj_side, unit, lang, scale) -> None:
    """Dotted line from the latest figure to the target at its deadline, labelled beside it.

    The label sits on the side of the line away from the projection: a label's corner is put
    at the line's midpoint so that the whole text lies in the half-plane the line does not
    enter (above-left of a rising line, below-right of it, and mirrored for a falling one).
    """
    x0, x1 = r["latest_date"], r["deadline"]
    fig.add_trace(
        go.Scatter(
            x=[x0, x1],
            y=[latest_y, goal],
            mode="lines",
            line={"color": theme.TARGET, "dash": "dot", "width": 2.5},
            hoverinfo="skip",
            name="required_path",
        )
    )
    rate = r.get("required_run_rate")
    if rate is None:  # a hand-made row: the same formula as `progress`
        rate = (r["target_value"] - r["latest_value"]) / months_between(x0, x1)
    text = t.word("required_path", lang)
    if rate:
        per = msg("per_month", lang)
        size = formatter(lang).rate(abs(rate), unit, scale)
        text += f"<br>{'+' if rate > 0 else '−'}{size}{per}"
    rising = goal > latest_y
    above = proj_side <= 0  # projection below the path (or none): label above it
    if rising:
        xanchor, yanchor = ("right", "bottom") if above else ("left", "top")
    else:
        xanchor, yanchor = ("left", "bottom") if above else ("right", "top")
    fig.add_annotation(
        x=x0 + (x1 - x0) / 2,
        y=(latest_y + goal) / 2,
        xanchor=xanchor,
        yanchor=yanchor,
        xshift=-4 if xanchor == "right" else 4,
        yshift=4 if yanchor == "bottom" else -4,
        text=text,
        align="right" if xanchor == "right" else "left",
        showarrow=False,
        font={"size": 14, "color": theme.TARGET},
        name="required_path_label",
    )


def _projection(fig, r, unit, lang, scale, side) -> None:
    """Dashed trend projection to the deadline; its label right of the deadline, on the far
    side of the target's label (`side` +1: above it, −1: below it)."""
    f = scale.factor
    fig.add_trace(
        go.Scatter(
            x=[r["latest_date"], r["deadline"]],
            y=[r["latest_value"] / f, r["projected_value"] / f],
            mode="lines+markers",
            line={"color": theme.ALT, "dash": "dash", "width": 2.5},
            marker={"size": [0, 10], "color": theme.ALT},
            hoverinfo="skip",
            name="projection",
        )
    )
    projected = t.value_text(r["projected_value"], unit, lang, scale=scale)
    note = f"{t.word('projection', lang)}: {theme._esc(projected)}"
    when = r["projected_date"]
    if when is not None and when <= r["deadline"]:
        note += "<br>" + msg("target.reach_about", lang, month=formatter(lang).month(when))
    fig.add_annotation(
        x=r["deadline"],
        y=r["projected_value"] / f,
        xanchor="left",
        xshift=14,
        yanchor="bottom" if side > 0 else "top",
        yshift=6 if side > 0 else -6,
        showarrow=False,
        align="left",
        text=note,
        font={"size": 14, "color": theme.ALT},
        name="projection_label",
    )


def _target_line(fig, lo, hi, goal, goal_text, deadline, last_y, lang) -> None:
    """The target as a horizontal dotted reference line across the plot, labelled at its right
    end on the side away from where the series ends (below it when the series is above)."""
    fig.add_trace(
        go.Scatter(
            x=[lo, hi],
            y=[goal, goal],
            mode="lines",
            line={"color": theme.TARGET, "dash": "dot", "width": 2},
            hoverinfo="skip",
            name="target_line",
        )
    )
    end_above = last_y is not None and last_y >= goal
    label = (
        f"<b>{theme._esc(t.word('target', lang))}: {goal_text}</b>"
        f" · {t.word('deadline', lang)} {t.date_text(deadline, lang)}"
    )
    fig.add_annotation(
        x=hi,
        y=goal,
        xanchor="right",
        yanchor="top" if end_above else "bottom",
        yshift=-8 if end_above else 8,
        showarrow=False,
        text=label,
        font={"size": 16, "color": theme.TARGET},
        name="target_label",
    )


#: A label put left of a point needs this share of the x axis before the point.
LEFT_ROOM = 0.3


def _x_fraction(fig: go.Figure, x: date) -> float:
    """Where a date lies on the figure's x range (0 = left end, 1 = right end)."""
    lo, hi = fig.layout.xaxis.range or (x, x)
    lo, hi = (d if isinstance(d, date) else date.fromisoformat(str(d)[:10]) for d in (lo, hi))
    return (x - lo).days / max((hi - lo).days, 1)


def _mark_outcome(fig, r, rows, f, unit, lang, scale, up) -> None:
    """Mark the first figure that met the target ("Đạt từ 31/07/2023") and, for a missed
    target, the figure after the deadline that fell short ("Sau hạn: 20 triệu")."""
    by_date = {x["period_end"]: x for x in rows}
    reached = r.get("achieved_on")
    hit = by_date.get(reached)
    if hit is not None:
        late = reached > r["deadline"]
        text = msg("target.reached_on_late" if late else "target.reached_on", lang, date=reached)
        # upper-left of a rising series (lower-left of a falling one) is clear of the line;
        # near the left edge there is no room for the words, so lower-right (upper-right)
        left = _x_fraction(fig, reached) > LEFT_ROOM
        fig.add_annotation(
            x=reached,
            y=hit["value"] / f,
            ax=-70 if left else 70,
            ay=(-45 if up else 45) * (1 if left else -1),
            xanchor="right" if left else "left",
            text=f"<b>{text}</b>",
            showarrow=True,
            arrowhead=0,
            arrowwidth=1.5,
            arrowcolor=theme.STATUS_COLORS["achieved"],
            font={"size": 15, "color": theme.STATUS_COLORS["achieved"]},
            name="achieved_on",
        )
    if r["status"] != "missed":
        return
    after = next((x for x in rows if x["period_end"] >= r["deadline"]), None)
    if after is None or after["period_end"] == reached:
        return
    what = _row_text(after, unit, lang, scale)
    text = msg("target.after_deadline", lang, value=what)
    fig.add_annotation(
        x=after["period_end"],
        y=after["value"] / f,
        ax=60,
        ay=40 if up else -40,
        xanchor="left",
        text=text,
        showarrow=True,
        arrowhead=0,
        arrowwidth=1.5,
        arrowcolor=theme.STATUS_COLORS["missed"],
        font={"size": 15, "color": theme.STATUS_COLORS["missed"]},
        name="verdict",
    )


def _latest_label(fig, rows, f, unit, lang, scale, path: bool, up: bool) -> None:
    """The latest figure in words, beside its point on the side the lines leave free.

    Several points: left of the last one, above it if the series rose into it (below if it
    fell). One point: right of it, on the side away from the required path.
    """
    last = rows[-1]
    if len(rows) > 1:
        rose = last["value"] >= rows[-2]["value"]
        place = {"xanchor": "right", "xshift": -10, "yshift": 16 if rose else -16}
    else:
        away = -16 if (path and up) else 16 if path else 0
        place = {"xanchor": "left", "xshift": 12, "yshift": away}
    fig.add_annotation(
        x=last["period_end"],
        y=last["value"] / f,
        showarrow=False,
        text=f"<b>{_row_text(last, unit, lang, scale)}</b>",
        font={"size": 16, "color": theme.SERIES},
        name="latest",
        **place,
    )


def _target_title(
    r: dict, status: str, unit: str, lang: str, scale: t.Scale, rows: list[dict]
) -> str:
    reached = r.get("achieved_on")
    due = r["deadline"]
    if r["status"] == "achieved" and reached is not None:
        return msg("target.title.achieved", lang, status=status, date=reached)
    if r["status"] == "missed":
        if reached is not None:
            return msg("target.title.missed_late", lang, due=due, date=reached)
        after = next((x for x in rows if x["period_end"] >= r["deadline"]), None)
        if after is not None:
            what = _row_words(after, unit, lang, scale)
            return msg("target.title.missed_after", lang, status=status, value=what, due=due)
        return status
    if r["status"] == "uncertain" and reached is not None and reached > r["deadline"]:
        return msg("target.title.uncertain_late", lang, status=status, date=reached, due=due)
    if r["projected_value"] is not None and r["status"] not in ("missed", "insufficient_data"):
        v = t.value_text(r["projected_value"], unit, lang, scale=scale)
        return msg("target.title.projected", lang, status=status, value=v)
    if r["status"] == "insufficient_data" and rows:
        last = rows[-1]
        v = _row_words(last, unit, lang, scale)
        return msg("target.title.only", lang, status=status, value=v, date=last["period_end"])
    return status
