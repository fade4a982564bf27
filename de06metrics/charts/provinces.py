"""Province comparison charts: a ranked bar chart with the national reference, and small
multiples of the top and bottom provinces' trends.

Inputs are the frames of `reports.provinces` (one latest row per province) and the canonical
series; names come from the areas registry in the chart's language. No I/O here.
"""

from __future__ import annotations

from datetime import date, timedelta

import plotly.graph_objects as go
import polars as pl
from plotly.subplots import make_subplots

from de06metrics.charts import theme
from de06metrics.charts.figures import ChartInfo, _add_lines, _date_axis, _ids
from de06metrics.present import formatter, msg

#: More provinces than this: the bar chart shows the top and bottom half of it (the full
#: ranking is in the report's table).
MAX_BARS = 20
#: Fewer bars than this are drawn at the height they would have among this many.
MIN_ROWS = 8
#: Fewer provinces than this are no ranking: the report says them in a sentence and a table.
MIN_RANKED = 3
#: A province's figure this many days older than the newest one is drawn as stale (muted).
STALE_DAYS = 183


def ranking_figure(
    ranked: pl.DataFrame,
    *,
    names: dict[str, str],
    label: str,
    unit: str,
    national: dict | None,
    n_provinces: int,
    info: ChartInfo,
) -> go.Figure:
    """Provinces ranked by their latest figure, highest on top.

    Each bar's label gives the figure and the month it is from; bars of stale figures (more
    than six months older than the newest) are muted, and summed rows (merged provinces added
    up from their predecessors) carry a '*' and a note. The national figure is a dashed
    reference line: the figure itself for a share, the average per province for a count.
    """
    lang = info.lang
    fmt = formatter(lang)
    fig = go.Figure()
    if ranked.is_empty():
        return theme.apply(
            fig,
            title=msg("province.no_data", lang, label=label, date=info.as_of),
            subtitle=label,
            footer=info.footer([]),
            size=info.size,
            lang=lang,
        )
    rows = ranked.to_dicts()
    shown = rows if len(rows) <= MAX_BARS else rows[: MAX_BARS // 2] + rows[-MAX_BARS // 2 :]
    ref = _reference(national, unit, kind_share=unit == "percent", n=n_provinces)
    top = max([r["value"] for r in rows] + ([ref[0]] if ref else []))
    scale = fmt.scale_for(unit, top)
    newest = max(r["period_end"] for r in rows)
    ys = [f"{names.get(r['geo'], r['geo'])}{' *' if r['summed'] else ''}" for r in shown]
    stale = [(newest - r["period_end"]).days > STALE_DAYS for r in shown]
    texts = []
    for r, old in zip(shown, stale, strict=True):
        value = fmt.value(r["value"], unit, qualifier=r["qualifier"], upper=r["upper"], scale=scale)
        when = fmt.month(r["period_end"])
        texts.append(f"{value} · {msg('province.stale', lang, month=when) if old else when}")
    fig.add_trace(
        go.Bar(
            y=ys,
            x=[r["value"] / scale.factor for r in shown],
            orientation="h",
            marker={
                "color": [theme.CONFLICT if old else theme.SERIES for old in stale],
                "line": {"width": 0},
            },
            text=[theme._esc(x) for x in texts],
            textposition="outside",
            outsidetextfont={"size": 14, "color": theme.INK},
            cliponaxis=False,
            hoverinfo="text",
            hovertext=[theme._esc(x) for x in texts],
            name="provinces",
        )
    )
    if ref is not None:
        x, words = ref
        fig.add_vline(x=x / scale.factor, line={"color": theme.ALT, "dash": "dash", "width": 2})
        fig.add_annotation(
            x=x / scale.factor,
            y=1,
            yref="paper",
            yanchor="bottom",
            xanchor="left",
            text=theme._esc(
                msg(
                    words,
                    lang,
                    value=fmt.value(x, unit, scale=scale),
                    month=fmt.month(national["period_end"]),
                )
            ),
            showarrow=False,
            font={"size": 14, "color": theme.ALT},
            name="national",
        )
    fig.update_yaxes(autorange="reversed", automargin=True, tickfont={"size": 14})
    if len(shown) < MIN_ROWS:  # a few bars keep a bar's height instead of filling the plot
        fig.update_yaxes(autorange=False, range=[MIN_ROWS - 0.5, -0.5])
    fig.update_xaxes(
        range=[0, top / scale.factor * 1.35],
        showgrid=True,
        gridcolor=theme.GRID,
        rangemode="tozero",
    )
    fig.update_layout(margin={"l": 40, "r": 60}, bargap=0.25)
    if unit == "percent":
        fig.update_xaxes(ticksuffix="%")
    leader = rows[0]
    value = fmt.value(leader["value"], unit, qualifier=leader["qualifier"], scale=scale)
    leader_name = names.get(leader["geo"], leader["geo"])
    key = "province.title_lead" if len(rows) > 1 else "province.title_one"
    title = msg(key, lang, leader=leader_name, value=value, n=len(rows))
    when = msg("province.subtitle", lang, date=info.as_of)
    subtitle = " · ".join(p for p in (label, scale.word, when) if p)  # a count has no scale word
    if any(r["summed"] for r in rows):
        subtitle += " · " + msg("province.summed_note", lang)
    ids = list(dict.fromkeys([r["source_id"] for r in rows] + _national_ids(national)))
    return theme.apply(
        fig, title=title, subtitle=subtitle, footer=info.footer(ids), size=info.size, lang=lang
    )


def _reference(national: dict | None, unit: str, *, kind_share: bool, n: int):
    """(x, message key) of the national reference line, or None without a national figure."""
    if national is None:
        return None
    if kind_share:
        return national["value"], "province.national"
    return national["value"] / max(n, 1), "province.national_avg"


def _national_ids(national: dict | None) -> list[str]:
    return [national["source_id"]] if national else []


def trends_figure(
    series: pl.DataFrame,
    codes: list[str],
    *,
    names: dict[str, str],
    label: str,
    unit: str,
    info: ChartInfo,
) -> go.Figure:
    """Small multiples: one panel per province in `codes` (ranked: top first, bottom last), same
    y scale, each with its observed figures marked and its latest figure labelled; the title
    names the highest and the lowest."""
    lang = info.lang
    fmt = formatter(lang)
    s = series.filter(pl.col("geo").is_in(codes) & pl.col("period_start").is_null())
    cols = min(3, max(1, len(codes)))
    nrows = max(1, -(-len(codes) // cols))
    titles = [theme._esc(names.get(c, c)) for c in codes]
    fig = make_subplots(
        rows=nrows,
        cols=cols,
        subplot_titles=titles,
        shared_yaxes=True,
        shared_xaxes="all",
        vertical_spacing=0.22 if nrows > 1 else 0.1,
        horizontal_spacing=0.06,
    )
    top = float(s["value"].max()) if s.height else 1.0
    scale = fmt.scale_for(unit, top)
    for i, code in enumerate(codes):
        g = s.filter(pl.col("geo") == code).sort("period_end")
        row, col = i // cols + 1, i % cols + 1
        xs = g["period_end"].to_list()
        ys = [v / scale.factor for v in g["value"].to_list()]
        sub = go.Figure()
        _add_lines(sub, xs, ys, theme.SERIES)
        for tr in sub.data:
            fig.add_trace(tr, row=row, col=col)
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                marker={"size": 9, "color": theme.SERIES},
                text=[""] * (len(xs) - 1) + [theme._esc(_last_words(g, unit, fmt, scale))]
                if xs
                else [],
                textposition="top center",
                textfont={"size": 14, "color": theme.SERIES},
                cliponaxis=False,
                hoverinfo="skip",
                name=code,
            ),
            row=row,
            col=col,
        )
    _date_axis(fig, lang)
    if s.height:
        lo, hi = s["period_end"].min(), s["period_end"].max()
        pad = timedelta(days=max(60, (hi - lo).days * 0.08))
        fig.update_xaxes(range=[lo - pad, hi + pad], nticks=4, showticklabels=True)
    fig.update_yaxes(rangemode="tozero", range=[0, top / scale.factor * 1.25], gridcolor=theme.GRID)
    if unit == "percent":
        fig.update_yaxes(ticksuffix="%")
    fig.update_annotations(font={"size": 15})
    first: date | None = s["period_end"].min() if s.height else None
    last: date | None = s["period_end"].max() if s.height else None
    period = fmt.period(first, last) if first and last else ""
    subtitle = " · ".join(
        p for p in (label, scale.word, msg("province.trends_subtitle", lang), period) if p
    )
    fig = theme.apply(
        fig,
        title=msg(
            "province.trends_title",
            lang,
            top=names.get(codes[0], codes[0]),
            bottom=names.get(codes[-1], codes[-1]),
        ),
        subtitle=subtitle,
        footer=info.footer(_ids(s) if s.height else []),
        size=info.size,
        lang=lang,
    )
    fig.update_layout(margin={"t": 150})
    return fig


def _last_words(g: pl.DataFrame, unit: str, fmt, scale) -> str:
    """The last figure of a panel with its qualifier ('dưới 10%', 'hơn 1,4'), in the panel's
    scale (the scale word is in the subtitle)."""
    r = g.row(-1, named=True)
    words = fmt.value(r["value"], unit, qualifier=r["qualifier"], upper=r["upper"], scale=scale)
    return words.removesuffix(f" {scale.word}") if scale.word and scale.word != "%" else words
