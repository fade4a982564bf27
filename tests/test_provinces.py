"""Which provinces a comparison shows, and with which figure (pure frames, no files)."""

from __future__ import annotations

import sys
from datetime import date
from io import StringIO
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).parent))
from report_fixtures import AREAS

from de06metrics.reports.provinces import (
    MERGER,
    extremes,
    province_latest,
    provinces_on,
)

D = date.fromisoformat


def _areas() -> pl.DataFrame:
    return pl.read_csv(
        StringIO(AREAS), schema_overrides={"gso_code": pl.String}, try_parse_dates=True
    )


def _series(rows: list[tuple[str, float, str]], metric: str = "m") -> pl.DataFrame:
    return pl.DataFrame(
        {
            "metric": [metric] * len(rows),
            "geo": [g for g, _, _ in rows],
            "period_start": [None] * len(rows),
            "period_end": [D(d) for _, _, d in rows],
            "value": [v for _, v, _ in rows],
            "qualifier": ["exact"] * len(rows),
            "upper": [None] * len(rows),
            "source_id": [f"s_{g}" for g, _, _ in rows],
        },
        schema_overrides={"period_start": pl.Date, "upper": pl.Float64},
    )


def test_the_provinces_valid_on_a_day_change_at_the_merger():
    areas = _areas()
    before = set(provinces_on(areas, D("2025-06-30"))["code"])
    after = set(provinces_on(areas, MERGER)["code"])
    assert before == {"ha_noi", "ha_nam", "ninh_binh", "da_nang", "quang_nam"}
    assert after == {"ha_noi", "ninh_binh_2025", "da_nang_2025"}


def test_pre_merger_figures_are_compared_among_the_old_provinces_latest_each():
    s = _series([("ha_noi", 5.0, "2024-01-01"), ("ha_noi", 6.0, "2024-06-30"),
                 ("ha_nam", 1.0, "2024-06-30"), ("da_nang", 2.0, "2023-06-30")])  # fmt: skip
    out = province_latest(s, _areas(), "m", D("2026-01-01"), unit="count", kind="stock")
    assert out.select("geo", "value", "summed").rows() == [
        ("ha_noi", 6.0, False), ("da_nang", 2.0, False), ("ha_nam", 1.0, False),
    ]  # fmt: skip
    assert out.filter(pl.col("geo") == "da_nang")["period_end"][0] == D("2023-06-30")


def test_successors_are_summed_only_when_the_metric_adds_up_and_every_part_has_a_figure():
    s = _series([("ha_nam", 1.0, "2024-06-30"), ("ninh_binh", 2.0, "2024-03-31"),
                 ("da_nang", 5.0, "2024-06-30"), ("ha_noi", 9.0, "2024-06-30")])  # fmt: skip
    areas = _areas()
    counts = province_latest(
        s, areas, "m", D("2024-12-31"), unit="count", kind="stock", successors=True
    )
    rows = {r["geo"]: r for r in counts.iter_rows(named=True)}
    assert rows["ninh_binh_2025"]["value"] == 3.0 and rows["ninh_binh_2025"]["summed"]
    assert rows["ninh_binh_2025"]["period_end"] == D("2024-03-31")  # dated by its oldest part
    assert rows["ninh_binh_2025"]["parts"] == "ha_nam,ninh_binh"
    assert "da_nang_2025" not in rows  # Quảng Nam has no figure: no partial sum
    assert not rows["ha_noi"]["summed"]
    shares = province_latest(
        s, areas, "m", D("2024-12-31"), unit="percent", kind="share", successors=True
    )
    assert set(shares["geo"]) == {"ha_noi"}  # shares are never added up


def test_post_merger_figures_use_the_34_and_fill_a_successor_by_summing():
    s = _series([("ha_noi", 9.0, "2025-09-30"), ("ha_nam", 1.0, "2025-06-30"),
                 ("ninh_binh", 2.0, "2025-06-30")])  # fmt: skip
    out = province_latest(s, _areas(), "m", D("2025-12-31"), unit="count", kind="stock")
    assert out.select("geo", "value", "summed").rows() == [
        ("ha_noi", 9.0, False), ("ninh_binh_2025", 3.0, True),
    ]  # fmt: skip


def test_extremes_take_top_and_bottom_once():
    ranked = pl.DataFrame({"geo": list("abcdefgh")})
    assert extremes(ranked, 3) == list("abcfgh")
    assert extremes(ranked.head(4), 3) == list("abcd")
