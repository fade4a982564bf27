"""Charts: words and numbers, figure content, offline display, export failure handling."""

from __future__ import annotations

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
        pl.col("metric") == metric
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
        candidates=observations().filter(pl.col("metric") == "vneid_accounts_issued"),
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
    assert kinds["lower"].marker.color == "white" and kinds["lower"].marker.symbol == "triangle-up"
    assert list(kinds["range"].error_y.array) == [2.0]  # whisker to the upper end (82 − 80)
    assert lay.xaxis.tickformat == "%m/%Y"


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


def test_progress_figures_pair_colour_with_words():
    p = pl.DataFrame(
        {
            "target_id": ["a", "b"],
            "metric": ["m", "m"],
            "geo": ["VN", "VN"],
            "target_value": [100.0, 50.0],
            "deadline": [date(2025, 12, 31), date(2025, 12, 31)],
            "baseline_date": [date(2023, 1, 1), None],
            "baseline_value": [10.0, None],
            "latest_date": [date(2024, 6, 30), None],
            "latest_value": [60.0, None],
            "pace_ratio": [1.1, None],
            "projected_value": [105.0, None],
            "projected_date": [date(2025, 10, 1), None],
            "status": ["on_track", "insufficient_data"],
            "achieved_on": [None, None],
            "note": ["", "fewer than two figures"],
        }
    )
    fig = figures.progress_overview_figure(
        p, labels={"a": "A", "b": "B"}, area="Việt Nam", info=INFO, sources=["official_2023"]
    )
    assert list(fig.data[0].text) == ["Đúng tiến độ · 60% · nhịp 1,10", "Chưa đủ số liệu"]
    assert fig.layout.title.text == "<b>1/2 mục tiêu đã đạt hoặc đúng tiến độ</b>"
    series = pl.DataFrame(
        {
            "period_end": [date(2023, 1, 1), date(2024, 6, 30)],
            "value": [10.0, 60.0],
            "qualifier": ["exact", "exact"],
            "upper": [None, None],
            "source_id": ["official_2023", "press_2024_b"],
        }
    )
    one = figures.target_figure(
        p.row(0, named=True), series, label="A", unit="count", area="Việt Nam", info=INFO
    )
    dashes = {d.line.dash for d in one.data if d.type == "scatter" and d.mode == "lines"}
    assert "dot" in dashes  # required path
    assert any(d.line.dash == "dash" for d in one.data if d.type == "scatter")  # projection
    assert one.layout.title.text.startswith("<b>Đúng tiến độ: dự báo 105")


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
