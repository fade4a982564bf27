"""Charts: words and numbers, figure content, offline display, export failure handling."""

from __future__ import annotations

import itertools
import json
from datetime import date

import plotly.graph_objects as go
import polars as pl
import pytest
from report_fixtures import EVIL_TITLE, observations

from de06metrics.charts import export, figures, theme
from de06metrics.charts import text as t
from de06metrics.charts.display import EXPORT_ERRORS, html_fragment, publish
from de06metrics.errors import De06Error
from de06metrics.reports import html as h
from de06metrics.reports import runner
from de06metrics.reports.narrative import metric_summary
from de06metrics.series import canonical

SOURCES = pl.DataFrame(
    {
        "id": ["official_2023", "press_2024_a", "press_2024_b"],
        "rank": [1, 3, 4],
        "published": [date(2023, 12, 21), date(2024, 3, 2), date(2024, 6, 30)],
    }
)
INFO = figures.ChartInfo(
    lang="vi",
    as_of=date(2024, 6, 30),
    data_hash="abc1234567",
    sources={
        "official_2023": ("Văn phòng Chính phủ", date(2023, 12, 21)),
        "press_2024_a": ("Báo <b>Thử</b>", date(2024, 3, 2)),
        "press_2024_b": ("Tạp chí Ứng dụng Số", date(2024, 6, 30)),
    },
)


def _series(metric: str) -> pl.DataFrame:
    return canonical(observations(), date(2024, 6, 30), sources=SOURCES).filter(
        (pl.col("metric") == metric) & (pl.col("geo") == "VN")
    )


def test_numbers_and_dates_read_the_vietnamese_way():
    assert t.value_text(86_300_000, "count", "vi", qualifier="more_than") == "hơn 86,3 triệu"
    assert t.value_text(86_300_000, "count", "en", qualifier="nearly") == "nearly 86.3 million"
    assert t.value_text(12.9e12, "vnd", "vi") == "12,9 nghìn tỷ đồng"
    assert t.value_text(0.62, "percent", "vi") == "62%"
    assert t.value_text(80e6, "count", "vi", qualifier="range", upper=82e6) == "80–82 triệu"
    assert t.value_text(1_234_000_000, "count", "vi") == "1,2 tỷ"
    assert t.date_text(date(2024, 6, 30), "vi") == "30/06/2024"
    assert t.date_text(date(2024, 6, 30), "en") == "30 Jun 2024"


def test_source_line_names_each_publisher_once_and_counts_the_rest():
    pairs = [(f"Báo {i}", date(2024, 1, i)) for i in range(1, 7)] + [("Báo 1", date(2024, 1, 1))]
    line = t.source_line(pairs, "vi", date(2024, 6, 30), "abc")
    assert line.startswith("Nguồn: Báo 1 (01/01/2024); Báo 2")
    assert "và 2 nguồn khác" in line and line.count("Báo 1 ") == 1
    assert "Số liệu công bố đến 30/06/2024" in line and "dữ liệu abc" in line


def test_trend_figure_follows_the_briefing_conventions():
    fig = figures.trend_figure(
        _series("vneid_accounts_issued"),
        label="Số tài khoản định danh điện tử đã cấp",
        unit="count",
        area="Việt Nam",
        info=INFO,
        candidates=observations().filter(
            (pl.col("metric") == "vneid_accounts_issued") & (pl.col("geo") == "VN")
        ),
    )
    lay = fig.layout
    assert lay.template.layout.separators == ",." and "Noto Sans" in lay.template.layout.font.family
    assert lay.title.text == "<b>Đạt 80–82 triệu, tăng 4 triệu so với 02/2024</b>"
    assert "triệu · Việt Nam · 01/2023–06/2024" in lay.title.subtitle.text
    notes = [a.text for a in lay.annotations]
    footer = next(n for n in notes if n.startswith("Nguồn"))
    # publishers of plotted rows only, escaped (a tag in a name stays text)
    assert "Văn phòng Chính phủ" in footer and "Báo &lt;b&gt;Thử&lt;/b&gt;" in footer
    assert "2 nguồn lệch nhau" in notes  # 76 vs 79 million on the same date
    assert any("80–82 triệu" in n and "30/06/2024" in n for n in notes)  # latest labelled
    scatters = [d for d in fig.data if d.type == "scatter"]
    assert all(d.line.shape in (None, "linear") for d in scatters)  # never a spline
    kinds = {d.name: d for d in scatters if d.name}
    assert kinds["exact"].marker.color == theme.SERIES  # filled
    # markers are never cut in half by the axis line (a figure near zero, e.g. 0,2 triệu)
    assert all(d.cliponaxis is False for d in scatters if d.mode == "markers")
    assert kinds["lower"].marker.color == "white" and kinds["lower"].marker.symbol == "triangle-up"
    assert list(kinds["range"].error_y.array) == [2.0]  # whisker to the upper end (82 − 80)
    assert lay.xaxis.tickformat == "%m/%Y"


def test_a_count_out_of_a_changing_list_says_which_list_at_each_change():
    s = _series("vneid_accounts_issued").sort("period_end").head(3)
    s = s.with_columns(
        value=pl.Series([21.0, 35.0, 38.0]),
        upper=pl.lit(None, pl.Float64),
        qualifier=pl.lit("exact"),
        denominator=pl.Series([25.0, 53.0, 53.0]),
    )
    fig = figures.trend_figure(s, label="Dịch vụ", unit="count", area="Việt Nam", info=INFO)
    notes = [a.text for a in fig.layout.annotations]
    assert "danh mục 25" in notes and "danh mục 53" in notes
    assert sum(n.startswith("danh mục") for n in notes) == 2  # once per list, not per point
    assert any(n.startswith("<b>38/53</b>") for n in notes)  # the latest, with its list


def test_trend_figure_in_english_and_without_data():
    info = figures.ChartInfo("en", date(2024, 6, 30), "abc", INFO.sources)
    fig = figures.trend_figure(
        _series("cccd_chip_issued"), label="Cards", unit="count", area="Vietnam", info=info
    )
    assert fig.layout.title.text.startswith("<b>Reached 87.3 million, up")
    empty = figures.trend_figure(
        _series("nothing"), label="Cards", unit="count", area="Vietnam", info=info
    )
    assert "No figures yet" in empty.layout.title.text


def _progress(**cols) -> pl.DataFrame:
    """A Progress table with the columns the charts read; `cols` give one list per column."""
    n = len(cols["target_id"])
    base = {
        "metric": ["m"] * n,
        "geo": ["VN"] * n,
        "target_qualifier": ["at_least"] * n,
        "baseline_date": [None] * n,
        "baseline_value": [None] * n,
        "latest_source_id": ["press_2024_b"] * n,
        "pace_ratio": [None] * n,
        "projected_value": [None] * n,
        "projected_date": [None] * n,
        "achieved_on": [None] * n,
        "note": [""] * n,
    }
    return pl.DataFrame({**base, **cols})


def _levels(*points, source="press_2024_b", metric="m") -> pl.DataFrame:
    """Canonical rows of one series: (date, value[, qualifier]) tuples."""
    return pl.DataFrame(
        {
            "metric": [metric] * len(points),
            "geo": ["VN"] * len(points),
            "period_start": pl.Series([None] * len(points), dtype=pl.Date),
            "period_end": [p[0] for p in points],
            "value": [float(p[1]) for p in points],
            "qualifier": [p[2] if len(p) > 2 else "exact" for p in points],
            "upper": pl.Series([None] * len(points), dtype=pl.Float64),
            "source_id": [source] * len(points),
        }
    )


def _named(fig, name: str) -> list:
    return [d for d in fig.data if d.name == name]


def _note(fig, name: str):
    found = [a for a in fig.layout.annotations if a.name == name]
    assert len(found) == 1, f"{name}: {len(found)} annotations"
    return found[0]


def test_progress_figures_pair_colour_with_words():
    p = _progress(
        target_id=["a", "b"],
        target_value=[100.0, 50.0],
        deadline=[date(2025, 12, 31), date(2025, 12, 31)],
        baseline_date=[date(2023, 1, 1), None],
        baseline_value=[10.0, None],
        latest_date=[date(2024, 6, 30), None],
        latest_value=[60.0, None],
        pace_ratio=[1.1, None],
        projected_value=[105.0, None],
        projected_date=[date(2025, 10, 1), None],
        status=["on_track", "insufficient_data"],
        note=["", "fewer than two figures"],
    )
    fig = figures.progress_overview_figure(
        p, labels={"a": "A", "b": "B"}, area="Việt Nam", info=INFO, sources=["official_2023"]
    )
    bars = _named(fig, "bars")[0]
    assert list(bars.text) == ["60% · 06/2024", "Chưa có số liệu"]
    status = [a.text for a in fig.layout.annotations if a.name == "status"]
    assert "Đúng tiến độ · nhịp 1,10" in status[0] and theme.STATUS_COLORS["on_track"] in status[0]
    assert "Chưa đủ số liệu" in status[1]
    assert fig.layout.title.text == "<b>1/2 mục tiêu đã đạt hoặc đúng tiến độ</b>"
    series = _levels((date(2023, 1, 1), 10), (date(2024, 6, 30), 60))
    one = figures.target_figure(
        p.row(0, named=True), series, label="A", unit="count", area="Việt Nam", info=INFO
    )
    assert _named(one, "required_path")[0].line.dash == "dot"
    assert _named(one, "projection")[0].line.dash == "dash"
    assert one.layout.title.text.startswith("<b>Đúng tiến độ: dự báo 105")


# ---- fix 1: the required path only where something is still required


VNEID = dict(
    target_id="vneid_40m",
    target_value=40e6,
    deadline=date(2025, 12, 31),
    latest_date=date(2025, 6, 30),
    latest_value=83.5e6,
    status="achieved",
    achieved_on=date(2023, 7, 31),
)
VNEID_SERIES = _levels(
    (date(2022, 10, 31), 11.2e6, "more_than"),
    (date(2023, 7, 31), 48e6, "more_than"),
    (date(2023, 12, 21), 70e6, "more_than"),
    (date(2025, 6, 30), 83.5e6, "more_than"),
)


def test_achieved_target_has_no_required_path_but_a_target_line_and_its_date():
    row = _progress(**{k: [v] for k, v in VNEID.items()}).row(0, named=True)
    fig = figures.target_figure(
        row, VNEID_SERIES, label="VNeID", unit="count", area="Việt Nam", info=INFO
    )
    assert _named(fig, "required_path") == []  # nothing drawn down to the star
    line = _named(fig, "target_line")[0]
    assert list(line.y) == [40.0, 40.0] and line.line.dash == "dot"  # horizontal, in millions
    x0, x1 = line.x
    assert x0 <= date(2022, 10, 31) and x1 >= date(2025, 12, 31)  # across the whole plot
    assert _note(fig, "target_label").text.startswith("<b>Mục tiêu: 40 triệu</b>")
    reached = _note(fig, "achieved_on")
    assert "Đạt từ 31/07/2023" in reached.text and (reached.x, reached.y) == (
        date(2023, 7, 31),
        48.0,
    )
    assert fig.layout.title.text == "<b>Đã đạt từ 31/07/2023</b>"


def test_required_path_runs_from_the_latest_figure_to_the_target_with_its_run_rate():
    row = _progress(
        target_id=["hb"],
        target_value=[40e6],
        deadline=[date(2025, 12, 31)],
        latest_date=[date(2024, 10, 31)],
        latest_value=[32.1e6],
        status=["insufficient_data"],
    ).row(0, named=True)
    fig = figures.target_figure(
        row,
        _levels((date(2024, 10, 31), 32.1e6)),
        label="Sổ sức khỏe",
        unit="count",
        area="Việt Nam",
        info=INFO,
    )
    path = _named(fig, "required_path")[0]
    assert list(path.x) == [date(2024, 10, 31), date(2025, 12, 31)]
    assert list(path.y) == [32.1, 40.0]
    label = _note(fig, "required_path_label")
    assert "Lộ trình cần đạt" in label.text and "+0,56 triệu/tháng" in label.text  # 7,9 / 14 mo
    # a corner at the midpoint, the text in the half-plane the rising line does not enter
    assert (label.xanchor, label.yanchor) in {("right", "bottom"), ("left", "top")}
    assert label.x == date(2024, 10, 31) + (date(2025, 12, 31) - date(2024, 10, 31)) / 2
    # the one point's label sits right of it, below the rising path (not clipped at the axis)
    latest = _note(fig, "latest")
    assert latest.xanchor == "left" and latest.yshift < 0
    assert fig.layout.title.text.startswith("<b>Chưa đủ số liệu: mới có 32,1 triệu")


def test_required_path_label_sits_on_the_side_away_from_the_projection():
    def label_for(projected: float):
        row = _progress(
            target_id=["a"],
            target_value=[100.0],
            deadline=[date(2025, 12, 31)],
            latest_date=[date(2024, 6, 30)],
            latest_value=[60.0],
            pace_ratio=[1.0],
            projected_value=[projected],
            status=["on_track"],
        ).row(0, named=True)
        series = _levels((date(2023, 1, 1), 10), (date(2024, 6, 30), 60))
        fig = figures.target_figure(row, series, label="A", unit="count", area="VN", info=INFO)
        return _note(fig, "required_path_label"), _note(fig, "projection_label")

    behind, proj = label_for(90.0)  # projection below the path: label above-left of it
    assert (behind.xanchor, behind.yanchor) == ("right", "bottom") and proj.yanchor == "top"
    ahead, proj = label_for(120.0)  # projection above: label below-right, projection above
    assert (ahead.xanchor, ahead.yanchor) == ("left", "top") and proj.yanchor == "bottom"


def test_missed_target_marks_the_figure_after_the_deadline_and_draws_no_path_backwards():
    row = _progress(
        target_id=["cccd_50m"],
        target_value=[50e6],
        deadline=[date(2021, 7, 1)],
        baseline_date=[date(2021, 7, 31)],
        baseline_value=[20e6],
        latest_date=[date(2024, 5, 9)],
        latest_value=[86e6],
        status=["missed"],
        achieved_on=[date(2022, 8, 5)],
    ).row(0, named=True)
    series = _levels(
        (date(2021, 7, 31), 20e6), (date(2022, 8, 5), 67.9e6), (date(2024, 5, 9), 86e6)
    )
    fig = figures.target_figure(row, series, label="CCCD", unit="count", area="VN", info=INFO)
    assert _named(fig, "required_path") == [] and _named(fig, "target_line")
    assert _note(fig, "verdict").text == "Sau hạn: 20 triệu"
    assert "(sau hạn)" in _note(fig, "achieved_on").text
    assert fig.layout.title.text == "<b>Không đạt đúng hạn 01/07/2021; đạt từ 05/08/2022</b>"
    assert fig.layout.title.subtitle.text.endswith("07/2021–05/2024")  # deadline first


def test_a_target_reached_near_the_left_edge_is_labelled_to_the_right_of_its_point():
    # the shipped CCCD 50M case: reached 18/01/2022, half a year after the 01/07/2021 deadline;
    # a label left of the point was cut off by the chart's edge
    row = _progress(
        target_id=["cccd_50m"], target_value=[50e6], deadline=[date(2021, 7, 1)],
        latest_date=[date(2024, 5, 9)], latest_value=[86e6], status=["missed"],
        achieved_on=[date(2022, 1, 18)],
    ).row(0, named=True)  # fmt: skip
    series = _levels((date(2021, 7, 31), 20e6), (date(2022, 1, 18), 50e6), (date(2024, 5, 9), 86e6))
    fig = figures.target_figure(row, series, label="CCCD", unit="count", area="VN", info=INFO)
    reached = _note(fig, "achieved_on")
    assert reached.xanchor == "left" and reached.ax > 0
    later = figures.target_figure(
        {**row, "achieved_on": date(2024, 5, 9)}, series, label="CCCD", unit="count",
        area="VN", info=INFO,
    )  # fmt: skip
    assert _note(later, "achieved_on").xanchor == "right"  # room on the left: upper-left


# ---- fix 2: overview bars agree with their verdict; at-most targets read as ceilings

CCCD_MISSED = dict(
    target_id="cccd_50m",
    metric="cccd",
    target_value=50e6,
    deadline=date(2021, 7, 1),
    latest_date=date(2024, 5, 9),
    latest_value=86e6,
    status="missed",
    achieved_on=date(2022, 8, 5),
)


def test_overview_bar_of_a_missed_target_shows_the_figure_the_verdict_rests_on():
    p = _progress(**{k: [v] for k, v in CCCD_MISSED.items()})
    series = _levels(
        (date(2021, 7, 31), 20e6),
        (date(2024, 5, 9), 86e6),
        metric="cccd",
        source="official_2023",
    )
    kw = {"labels": {}, "area": "VN", "info": INFO, "sources": []}
    fig = figures.progress_overview_figure(p, series=series, **kw)
    bars = _named(fig, "bars")[0]
    assert list(bars.x) == [40.0]  # 20 of 50 million, a month after the deadline
    assert list(bars.text) == ["40% · 07/2021"]
    status = _note(fig, "status").text
    assert "Không đạt đúng hạn · đạt từ 05/08/2022" in status
    assert "Văn phòng Chính phủ" in _note(fig, "footer").text  # the verdict figure's source
    # without the series: today's figure, dated, and words that say it came too late
    fallback = figures.progress_overview_figure(p, **kw)
    assert list(_named(fallback, "bars")[0].text) == ["172% · 05/2024"]
    assert "Không đạt đúng hạn · đạt từ 05/08/2022" in _note(fallback, "status").text
    assert "sau hạn" not in fallback.layout.title.subtitle.text


def test_overview_at_most_target_reads_as_share_of_a_ceiling():
    p = _progress(
        target_id=["days"],
        target_qualifier=["at_most"],
        target_value=[5.0],
        deadline=[date(2025, 12, 31)],
        latest_date=[date(2024, 6, 30)],
        latest_value=[4.0],
        status=["achieved"],
        achieved_on=[date(2024, 6, 30)],
    )
    fig = figures.progress_overview_figure(
        p, labels={}, area="VN", info=INFO, sources=[], series=None
    )
    assert list(_named(fig, "bars")[0].text) == ["80% mức trần · 06/2024"]
    assert _note(fig, "status").text.endswith("<b>Đã đạt từ 30/06/2024</b>")


# ---- fix 3: long gaps are dotted


def test_long_gap_rule_is_twelve_months_whatever_the_cadence():
    days = [date(2022, 11, 30), date(2024, 1, 10), date(2024, 5, 9), date(2025, 5, 9)]
    assert figures.long_gaps(days) == [True, False, False]  # 14 months; 4; exactly 12
    s = _levels(*[(d, 1e6 * (i + 1)) for i, d in enumerate(days)])
    fig = figures.trend_figure(s, label="VNeID", unit="count", area="VN", info=INFO)
    gap = _named(fig, "gap")[0]
    assert gap.line.dash == "dot" and list(gap.x) == [date(2022, 11, 30), date(2024, 1, 10), None]
    solid = _named(fig, "line")[0]
    assert list(solid.x) == [date(2022, 11, 30), None, date(2024, 1, 10), *days[2:]]


def test_shipped_national_series_draw_every_gap_over_a_year_dotted_and_no_other(shipped):
    # whatever the shipped data holds as it grows (the VNeID-activated series had a 14-month
    # gap, 11/2022 → 01/2024, until a figure in between was added)
    from de06metrics.load import load_observations
    from de06metrics.registry import load_registry

    series = canonical(load_observations(root=shipped), None, sources=load_registry().sources)
    levels = series.filter((pl.col("geo") == "VN") & pl.col("period_start").is_null())
    checked = 0
    for (metric,), s in levels.group_by("metric"):
        xs = s.sort("period_end")["period_end"].to_list()
        if len(xs) < 2:
            continue
        fig = figures.trend_figure(s, label=metric, unit="count", area="VN", info=INFO)
        dotted = [
            (a, b) for tr in _named(fig, "gap") for a, b in zip(tr.x[0::3], tr.x[1::3], strict=True)
        ]
        pairs = list(itertools.pairwise(xs))
        long = [p for p, is_long in zip(pairs, figures.long_gaps(xs), strict=True) if is_long]
        assert dotted == long, metric
        checked += 1
    assert checked >= 3


# ---- fix 4: advisories in Vietnamese number format


def test_advisory_messages_write_numbers_the_vietnamese_way():
    from types import SimpleNamespace

    from de06metrics.series import advisories

    o = observations().filter(pl.col("metric") == "cccd_chip_issued").head(1)
    jump = pl.concat(
        [
            o.with_columns(pl.lit(4_100_000.0).alias("value")),
            o.with_columns(
                pl.lit(20_705_000.0).alias("value"),
                (pl.col("period_end") + pl.duration(days=30)).alias("period_end"),
                (pl.col("published") + pl.duration(days=30)).alias("published"),
            ),
        ]
    ).with_columns(
        pl.lit(None, dtype=pl.Float64).alias("lower"), pl.lit("exact").alias("qualifier")
    )
    registry = SimpleNamespace(
        metrics=pl.DataFrame({"key": ["cccd_chip_issued"], "kind": ["flow"]}),
        sources=SOURCES.with_columns(pl.lit(None, dtype=pl.Date).alias("published")),
        areas=pl.DataFrame(
            {"code": ["VN"], "valid_from": [None], "valid_to": [None], "successor": [None]},
            schema={
                "code": pl.String,
                "valid_from": pl.Date,
                "valid_to": pl.Date,
                "successor": pl.String,
            },
        ),
    )
    msg = advisories(jump, registry).filter(pl.col("check") == "jump")["message"][0]
    assert "×5,05" in msg and "4.100.000" in msg and "20.705.000" in msg
    assert "4,100,000" not in msg


def test_summary_sentence_states_latest_change_and_run_rate():
    from de06metrics.charts.facts import trend_facts

    facts = trend_facts(_series("cccd_chip_issued"))
    text = metric_summary(facts, "Thẻ CCCD", "count", "vi", "Báo Thử")
    assert text.startswith("Thẻ CCCD: 87,3 triệu tính đến 29/02/2024 (Báo Thử); tăng 1,3 triệu")
    assert "/tháng" in text


def test_offline_fragment_and_external_reference_check():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[1, 2]))
    first = html_fragment(fig, include_plotlyjs=True)
    assert "plotly.js v" in first and h.external_references(first) == []
    assert "cdn" not in html_fragment(fig, include_plotlyjs=False).lower()
    bad = '<script src="https://cdn.plot.ly/plotly.min.js"></script><link href="//x.org/a.css">'
    assert len(h.external_references(bad)) == 2


def test_html_fragments_escape_data():
    assert "<script>" not in h.paragraph(EVIL_TITLE)
    assert h.link("t", "javascript:alert(1)") == "t"
    assert h.link("t", "https://a.vn/x?a=1&b=2") == (
        '<a href="https://a.vn/x?a=1&amp;b=2" rel="noopener noreferrer">t</a>'
    )


def test_missing_browser_is_a_clear_error_and_publish_keeps_going(monkeypatch, tmp_path):
    monkeypatch.setattr(export, "find_browser", lambda: None)
    monkeypatch.setattr(export, "_server_started", False)
    with pytest.raises(De06Error, match="no Chrome/Chromium found"):
        export.ensure_server()
    fig = go.Figure(go.Scatter(x=[1], y=[1]))
    assert publish(fig, "trend-x-2024-06-30-abc", directory=tmp_path, show_it=False) == []
    errors = json.loads((tmp_path / EXPORT_ERRORS).read_text(encoding="utf-8"))
    assert errors[0]["figure"] == "trend-x-2024-06-30-abc"
    assert runner.EXPORT_ERRORS == EXPORT_ERRORS


def test_figure_names_derive_from_report_subject_date_and_hash():
    stem = export.figure_stem("trend", "cccd_chip_issued", "2024-06-30", "abc1234567")
    assert stem == "trend-cccd_chip_issued-2024-06-30-abc1234567"
    assert export.figure_stem("x", "a/../b", "2024-06-30", "h") == "x-a_.._b-2024-06-30-h"
