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
from de06metrics.charts.facts import trend_facts

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
        fig, title=title, subtitle=subtitle, footer=info.footer(_ids(s)), size=info.size
    )


def _trend_title(facts, unit: str, lang: str, scale: t.Scale) -> str:
    latest = t.value_text(
        facts.latest_value,
        unit,
        lang,
        qualifier=facts.latest_qualifier,
        upper=facts.latest_upper,
        scale=scale,
    )
    head = f"Đạt {latest}" if lang == "vi" else f"Reached {latest}"
    change = facts.change
    if change is None or facts.previous_date is None:
        return f"{head} ({t.date_text(facts.latest_date, lang)})"
    since = t.period_text(facts.previous_date, facts.previous_date, lang)
    if change == 0:
        return f"{head}, {'không đổi so với' if lang == 'vi' else 'unchanged since'} {since}"
    size = _change_text(abs(change), unit, lang, scale)
    if lang == "vi":
        return f"{head}, {'tăng' if change > 0 else 'giảm'} {size} so với {since}"
    return f"{head}, {'up' if change > 0 else 'down'} {size} since {since}"


def _change_text(delta: float, unit: str, lang: str, scale: t.Scale) -> str:
    if unit == "percent":
        pts = delta * 100
        return (
            f"{t.number(pts, lang, t.decimals_for(pts))} {'điểm %' if lang == 'vi' else 'points'}"
        )
    return t.value_text(delta, unit, lang, scale=scale)


def _row_text(r: dict, unit: str, lang: str, scale: t.Scale) -> str:
    """A plotted row's figure in words, with its qualifier ('hơn 86,3 triệu'), escaped."""
    return theme._esc(
        t.value_text(
            r["value"], unit, lang, qualifier=r["qualifier"], upper=r["upper"], scale=scale
        )
    )


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
        hovertext=hover,
        hoverinfo="text",
        name=kind,
    )


def _add_lines(fig: go.Figure, xs: list, ys: list, color: str, dash: str = "solid") -> None:
    """Straight segments; a dotted segment across a long gap (over 6 months and 3× the median)."""
    if len(xs) < 2:
        return
    gaps = [(b - a).days for a, b in itertools.pairwise(xs)]
    median = sorted(gaps)[len(gaps) // 2]
    long = [g > max(183, 3 * median) for g in gaps]
    sx, sy, dx, dy = [xs[0]], [ys[0]], [], []
    for i, is_long in enumerate(long):
        if is_long:
            sx.append(None)
            sy.append(None)
            dx += [xs[i], xs[i + 1], None]
            dy += [ys[i], ys[i + 1], None]
        sx.append(xs[i + 1])
        sy.append(ys[i + 1])
    line = {"color": color, "width": 3, "shape": "linear", "dash": dash}
    fig.add_trace(go.Scatter(x=sx, y=sy, mode="lines", line=line, hoverinfo="skip"))
    if dx:
        dotted = {**line, "dash": "dot", "width": 2}
        fig.add_trace(go.Scatter(x=dx, y=dy, mode="lines", line=dotted, hoverinfo="skip"))


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


def _pad_x(fig: go.Figure, xs: list[date], extra: list[date] = ()) -> None:
    """Leave room right of the last point for its direct label."""
    dates = [d for d in [*xs, *extra] if d is not None]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 60)
    fig.update_xaxes(range=[first - timedelta(days=span * 0.03), last + timedelta(days=span * 0.2)])


def _date_axis(fig: go.Figure, lang: str) -> None:
    """Month ticks as 04/2023 (vi) or Apr 2023 (en); plotly has no Vietnamese month names."""
    fig.update_xaxes(tickformat="%m/%Y" if lang == "vi" else "%b %Y", hoverformat="%d/%m/%Y")


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


def progress_overview_figure(
    progress: pl.DataFrame,
    *,
    labels: dict[str, str],
    area: str,
    info: ChartInfo,
    sources: list[str],
) -> go.Figure:
    """All targets: latest value and projection as % of target, coloured and worded by status.

    `labels`: target_id → short label. `sources`: source ids of the rows behind the figures (the
    target documents and the latest observations), for the footer.
    """
    lang = info.lang
    p = progress.sort("deadline", "target_id", descending=[False, False])
    fig = go.Figure()
    ys, names, latest_pct, proj_pct, colors, texts, hover = [], [], [], [], [], [], []
    for r in p.iter_rows(named=True):
        ys.append(len(ys))
        names.append(labels.get(r["target_id"], r["target_id"]))
        target = r["target_value"] or float("nan")
        lp = None if r["latest_value"] is None else 100 * r["latest_value"] / target
        pp = None if r["projected_value"] is None else 100 * r["projected_value"] / target
        latest_pct.append(lp)
        proj_pct.append(pp)
        colors.append(theme.STATUS_COLORS.get(r["status"], theme.MUTED))
        words = [t.status_word(r["status"], lang)]
        if lp is not None:
            words.append(f"{t.number(lp, lang, 0)}%")
        if r["pace_ratio"] is not None and r["status"] not in ("achieved", "missed"):
            words.append(f"{t.word('pace', lang)} {t.number(r['pace_ratio'], lang, 2)}")
        texts.append(" · ".join(words))
        hover.append(theme._esc(r["note"] or ""))
    shown = [min(v, 150) if v is not None else 0 for v in latest_pct]
    fig.add_trace(
        go.Bar(
            y=ys,
            x=shown,
            orientation="h",
            marker={"color": colors},
            text=[theme._esc(x) for x in texts],
            textposition="outside",
            cliponaxis=False,
            textfont={"size": 15},
            hovertext=hover,
            hoverinfo="text",
            width=0.5,
        )
    )
    # Each target's name sits above its bar (left-aligned), so long labels need no left margin.
    plot_px = info.size[1] - theme.MARGIN["t"] - theme.MARGIN["b"]
    bar_px = 0.5 * plot_px / max(len(ys), 1)
    for y, name in zip(ys, names, strict=True):
        fig.add_annotation(
            x=0,
            y=y,
            xanchor="left",
            yanchor="bottom",
            yshift=bar_px / 2 + 2,
            text=theme._esc(name),
            showarrow=False,
            font={"size": 15, "color": theme.INK},
        )
    proj = [(y, min(v, 150)) for y, v in zip(ys, proj_pct, strict=True) if v is not None]
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
    fig.update_xaxes(range=[0, 175], ticksuffix="%", showgrid=True, gridcolor=theme.GRID)
    fig.update_yaxes(
        autorange="reversed",
        rangemode="normal",
        showticklabels=False,
        showgrid=False,
        range=[len(ys) - 0.4, -0.8],
    )
    fig.update_layout(margin={"l": 60, "r": 60})
    good = p.filter(pl.col("status").is_in(["achieved", "on_track"])).height
    if lang == "vi":
        title = f"{good}/{p.height} mục tiêu đã đạt hoặc đúng tiến độ"
        legend = "Cột: số liệu mới nhất so với mục tiêu; ◇: dự báo tại hạn"
    else:
        title = f"{good} of {p.height} targets achieved or on track"
        legend = "Bar: latest figure vs target; ◇: projected at deadline"
    subtitle = " · ".join(
        [legend, area, f"{'đến' if lang == 'vi' else 'as of'} {t.date_text(info.as_of, lang)}"]
    )
    return theme.apply(
        fig, title=title, subtitle=subtitle, footer=info.footer(sources), size=info.size
    )


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
    """One target: the observed series, the required path (dotted), the projection (dashed),
    and the target itself as a marker at its deadline."""
    lang = info.lang
    r = progress_row
    s = series.sort("period_end")
    fig = go.Figure()
    top = max([r["target_value"], *(s["value"].to_list() or [0]), r["projected_value"] or 0])
    scale = t.scale_for(unit, top, lang)
    f = scale.factor
    xs, ys = s["period_end"].to_list(), [v / f for v in s["value"].to_list()]
    start_d = r["baseline_date"] or (xs[0] if xs else None)
    start_v = (
        r["baseline_value"] if r["baseline_value"] is not None else (s["value"][0] if xs else None)
    )
    if start_d is not None and start_v is not None:
        fig.add_trace(
            go.Scatter(
                x=[start_d, r["deadline"]],
                y=[start_v / f, r["target_value"] / f],
                mode="lines",
                line={"color": theme.TARGET, "dash": "dot", "width": 2},
                hoverinfo="skip",
            )
        )
        mid = start_d + (r["deadline"] - start_d) / 2
        fig.add_annotation(
            x=mid,
            y=(start_v + r["target_value"]) / 2 / f,
            text=t.word("required_path", lang),
            showarrow=False,
            yshift=14,
            font={"size": 14, "color": theme.TARGET},
        )
    if r["projected_value"] is not None and r["latest_date"] is not None:
        fig.add_trace(
            go.Scatter(
                x=[r["latest_date"], r["deadline"]],
                y=[r["latest_value"] / f, r["projected_value"] / f],
                mode="lines+markers",
                line={"color": theme.ALT, "dash": "dash", "width": 2.5},
                marker={"size": [0, 10], "color": theme.ALT},
                hoverinfo="skip",
            )
        )
        projected = t.value_text(r["projected_value"], unit, lang, scale=scale)
        note = f"{t.word('projection', lang)}: {projected}"
        when = r["projected_date"]
        if when is not None and when <= r["deadline"] and r["status"] != "achieved":
            reach = "đạt mục tiêu khoảng" if lang == "vi" else "target reached about"
            note += f"<br>{reach} {t.period_text(when, when, lang)}"
        fig.add_annotation(
            x=r["deadline"],
            y=r["projected_value"] / f,
            xanchor="left",
            xshift=12,
            showarrow=False,
            align="left",
            text=note,
            font={"size": 14, "color": theme.ALT},
            yshift=-22 if r["projected_value"] <= r["target_value"] else 22,
        )
    _add_lines(fig, xs, ys, theme.SERIES)
    rows = s.to_dicts()
    for kind, symbol in MARKERS:
        pick = [x for x in rows if _marker_kind(x["qualifier"]) == kind]
        if pick:
            fig.add_trace(_markers(pick, symbol, scale, unit, info, kind))
    fig.add_trace(
        go.Scatter(
            x=[r["deadline"]],
            y=[r["target_value"] / f],
            mode="markers",
            marker={"symbol": "star", "size": 20, "color": theme.TARGET},
            hoverinfo="skip",
        )
    )
    fig.add_annotation(
        x=r["deadline"],
        y=r["target_value"] / f,
        xanchor="left",
        xshift=12,
        showarrow=False,
        align="left",
        text=(
            f"<b>{theme._esc(t.word('target', lang))}: "
            f"{theme._esc(t.value_text(r['target_value'], unit, lang, scale=scale))}</b>"
            f"<br>{t.word('deadline', lang)} {t.date_text(r['deadline'], lang)}"
        ),
        font={"size": 16, "color": theme.TARGET},
    )
    if rows:
        last = rows[-1]
        fig.add_annotation(
            x=last["period_end"],
            y=last["value"] / f,
            xanchor="right",
            xshift=-10,
            yshift=16,
            showarrow=False,
            text=f"<b>{_row_text(last, unit, lang, scale)}</b>",
            font={"size": 16, "color": theme.SERIES},
        )
    _pad_x(fig, xs, [r["deadline"]])
    _date_axis(fig, lang)
    status = t.status_word(r["status"], lang)
    title = _target_title(r, status, unit, lang, scale)
    first = xs[0] if xs else r["deadline"]
    subtitle = " · ".join(
        p for p in (label, scale.word, area, t.period_text(first, r["deadline"], lang)) if p
    )
    ids = _ids(s) if xs else []
    if target_source:
        ids.append(target_source)
    return theme.apply(fig, title=title, subtitle=subtitle, footer=info.footer(ids), size=info.size)


def _target_title(r: dict, status: str, unit: str, lang: str, scale: t.Scale) -> str:
    if r["status"] == "achieved" and r["achieved_on"] is not None:
        when = t.date_text(r["achieved_on"], lang)
        return f"{status} {'từ' if lang == 'vi' else 'on'} {when}"
    if r["projected_value"] is not None and r["status"] not in ("missed", "insufficient_data"):
        v = t.value_text(r["projected_value"], unit, lang, scale=scale)
        if lang == "vi":
            return f"{status}: dự báo {v} vào hạn"
        return f"{status}: projected {v} by deadline"
    return status
