"""Canonical series, conflicts, advisories and derived series on small hand-made frames."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import polars as pl
import pytest
from frames import obs, sources

from de06metrics import series
from de06metrics.errors import De06Error
from de06metrics.schema import CanonicalSeries, DerivedSeries

# --------------------------------------------------------------------------- canonical


def test_better_rank_wins_over_newer_publication():
    o = obs(
        {
            "value": 10e6,
            "period_end": "2023-01-01",
            "source_id": "press",
            "published": "2023-03-01",
        },
        {
            "value": 10e6,
            "period_end": "2023-01-01",
            "source_id": "report",
            "published": "2023-01-10",
        },
    )
    c = series.canonical(o, sources=sources(press=3, report=1))
    assert c.height == 1
    row = c.row(0, named=True)
    assert (row["source_id"], row["source_rank"], row["n_candidates"]) == ("report", 1, 2)
    assert row["reason"].startswith("best source rank (1)")
    assert row["conflict"] is False


def test_same_rank_newest_publication_wins_and_as_of_rebuilds_the_past():
    o = obs(
        {"value": 100, "period_end": "2023-01-01", "source_id": "a", "published": "2023-02-01"},
        {"value": 100.2, "period_end": "2023-01-01", "source_id": "b", "published": "2023-03-01"},
    )
    src = sources(a=3, b=3)
    now = series.canonical(o, sources=src).row(0, named=True)
    assert now["source_id"] == "b"
    assert now["reason"] == "newest publication (2023-03-01) among rank 3"
    assert now["conflict"] is False  # 0.2% apart: rounding, not a conflict
    then = series.canonical(o, date(2023, 2, 15), sources=src).row(0, named=True)
    assert (then["source_id"], then["n_candidates"], then["reason"]) == ("a", 1, "only figure")
    assert series.canonical(o, "2023-01-31", sources=src).is_empty()


def test_estimates_are_left_out_unless_asked_and_lose_to_observations():
    o = obs(
        {"value": 5, "period_end": "2023-01-01", "source_id": "a", "status": "estimate"},
        {"value": 4, "period_end": "2023-01-01", "source_id": "b"},
        {"value": 9, "period_end": "2023-06-01", "source_id": "a", "status": "estimate"},
    )
    src = sources(a=1, b=3)
    assert series.canonical(o, sources=src)["value"].to_list() == [4.0]
    both = series.canonical(o, sources=src, statuses=("observation", "estimate"))
    assert both["value"].to_list() == [5.0, 9.0]  # rank first, then observation over estimate
    assert both["status"].to_list() == ["estimate", "estimate"]


def test_observation_preferred_over_estimate_of_same_rank():
    o = obs(
        {"value": 5, "period_end": "2023-01-01", "source_id": "a", "status": "estimate"},
        {"value": 5, "period_end": "2023-01-01", "source_id": "b"},
    )
    c = series.canonical(o, sources=sources(a=2, b=2), statuses=("observation", "estimate"))
    assert c["source_id"].to_list() == ["b"]
    assert c["reason"][0] == "observation preferred over estimate of the same rank"


def test_stocks_and_flows_of_one_metric_stay_apart_and_schema_holds():
    o = obs(
        {"value": 50, "period_end": "2023-06-30"},
        {"value": 20, "period_end": "2023-06-30", "period_start": "2023-01-01", "source_id": "s2"},
    )
    c = series.canonical(o, sources=sources(s1=1, s2=1))
    CanonicalSeries.validate(c)
    assert c.height == 2
    assert c["n_candidates"].to_list() == [1, 1]


def test_unknown_source_is_a_user_error():
    o = obs({"value": 1, "period_end": "2023-01-01", "source_id": "ghost"})
    with pytest.raises(De06Error, match="ghost"):
        series.canonical(o, sources=sources(s1=1))


def test_bad_as_of_is_a_user_error():
    o = obs({"value": 1, "period_end": "2023-01-01"})
    with pytest.raises(De06Error, match="not an ISO date"):
        series.canonical(o, "30/06/2025", sources=sources(s1=1))


# --------------------------------------------------------------------------- conflicts


def _pair(a: dict, b: dict) -> pl.DataFrame:
    base = {"period_end": "2024-01-01"}
    return series.conflicts(obs({**base, "source_id": "a", **a}, {**base, "source_id": "b", **b}))


def test_bounds_are_respected_when_comparing_sources():
    # "hơn 40 triệu" and 45 million agree; "gần 40 triệu" and 41 million do not.
    assert _pair({"value": 40e6, "qualifier": "more_than"}, {"value": 45e6}).is_empty()
    c = _pair({"value": 40e6, "qualifier": "nearly", "as_written": "gần 40 triệu"}, {"value": 41e6})
    assert c.height == 1
    r = c.row(0, named=True)
    assert (r["kind"], r["source_id_a"], r["source_id_b"]) == ("same_period", "a", "b")
    assert r["rel_diff"] == pytest.approx(1 / 41)
    assert "gần 40 triệu" in r["message"]


def test_rounding_and_approximation_are_not_conflicts():
    assert _pair({"value": 86e6}, {"value": 86_012_345}).is_empty()  # 0.014% apart
    assert _pair({"value": 40e6, "qualifier": "approx"}, {"value": 41e6}).is_empty()
    assert _pair({"value": 86e6}, {"value": 88e6}).height == 1  # 2.3% apart, both exact
    # a range conflicts only with figures outside it
    rng = {"value": 10e6, "qualifier": "range", "upper": 12e6}
    assert _pair(rng, {"value": 11e6}).is_empty()
    assert _pair(rng, {"value": 13e6}).height == 1


def test_a_subperiod_cannot_exceed_its_whole_period():
    half = {"period_start": "2023-01-01", "period_end": "2023-06-30", "source_id": "a"}
    year = {"period_start": "2023-01-01", "period_end": "2023-12-31", "source_id": "b"}
    bad = series.conflicts(obs({**half, "value": 5}, {**year, "value": 4}))
    assert bad["kind"].to_list() == ["nested_period"]
    assert series.conflicts(obs({**half, "value": 3}, {**year, "value": 4})).is_empty()


def test_conflicts_flag_the_canonical_choice_without_resolving_it():
    o = obs(
        {"value": 10, "period_end": "2023-01-01", "source_id": "a"},
        {"value": 12, "period_end": "2023-01-01", "source_id": "b", "published": "2023-02-01"},
    )
    c = series.canonical(o, sources=sources(a=3, b=3)).row(0, named=True)
    assert c["conflict"] is True
    assert c["value"] == 12
    assert "candidates disagree" in c["reason"]


# --------------------------------------------------------------------------- advisories


def _registry(**kinds: str) -> SimpleNamespace:
    metrics = pl.DataFrame({"key": list(kinds), "kind": list(kinds.values())})
    src = pl.DataFrame(
        {"id": ["s1", "s2", "late"], "rank": [1, 1, 1]},
        schema={"id": pl.String, "rank": pl.Int64},
    ).with_columns(published=pl.Series([date(2030, 1, 1), date(2030, 1, 1), date(2023, 1, 1)]))
    areas = pl.DataFrame(
        {
            "code": ["VN", "old", "new"],
            "valid_from": [None, None, date(2025, 7, 1)],
            "valid_to": [None, date(2025, 6, 30), None],
            "successor": [None, "new", None],
        },
        schema={
            "code": pl.String,
            "valid_from": pl.Date,
            "valid_to": pl.Date,
            "successor": pl.String,
        },
    )
    return SimpleNamespace(metrics=metrics, sources=src, areas=areas)


def test_a_revision_that_lowers_a_cumulative_stock_is_flagged_not_fixed():
    o = obs(
        {"value": 90, "period_end": "2022-12-01"},
        {"value": 100, "period_end": "2023-01-01", "published": "2023-01-05"},
        {"value": 80, "period_end": "2023-01-01", "published": "2023-03-01", "source_id": "s2"},
    )
    adv = series.advisories(o, _registry(m="stock"))
    dec = adv.filter(pl.col("check") == "stock_decrease")
    assert dec.height == 1
    assert (dec["period_end"][0], dec["source_id"][0]) == (date(2023, 1, 1), "s2")
    assert o.height == 3  # nothing dropped or edited


def test_a_flow_going_down_is_not_a_stock_decrease_but_a_big_jump_is_flagged():
    o = obs(
        {"value": 10, "period_end": "2022-01-01"},
        {"value": 100, "period_end": "2022-06-01"},
        {"value": 90, "period_end": "2022-12-01"},
    )
    stock = series.advisories(o, _registry(m="stock"))
    assert stock["check"].to_list() == ["jump", "stock_decrease"]
    flow = series.advisories(o, _registry(m="flow"))
    assert flow["check"].to_list() == ["jump"]
    assert "×10" in flow["message"][0]


def test_share_outside_unit_interval_is_flagged():
    o = obs({"metric": "sh", "value": 0.5, "unit": "percent", "period_end": "2023-01-01"})
    bad = o.with_columns(pl.lit(85.0).alias("value"))  # a percent typed as 85 instead of 0.85
    adv = series.advisories(bad, _registry(sh="share"))
    assert adv["check"].to_list() == ["share_out_of_range"]
    assert series.advisories(o, _registry(sh="share")).is_empty()


def test_figure_dated_after_its_source_is_flagged():
    o = obs({"value": 1, "period_end": "2023-02-01", "source_id": "late"})
    adv = series.advisories(o, _registry(m="stock"))
    assert adv["check"].to_list() == ["after_source"]
    assert "2023-01-01" in adv["message"][0]


def test_areas_mixed_across_the_2025_merger_are_flagged():
    o = obs(
        {"value": 1, "period_end": "2024-12-31", "geo": "old"},
        {"value": 2, "period_end": "2025-09-30", "geo": "old"},
        {"value": 3, "period_end": "2025-09-30", "geo": "new"},
        {"value": 3, "period_end": "2025-03-31", "geo": "new", "source_id": "s2"},
    )
    adv = series.advisories(o, _registry(m="stock")).filter(pl.col("check") == "province_merger")
    msgs = " | ".join(adv["message"])
    assert "old ceased on 2025-06-30" in msgs
    assert "new exists from 2025-07-01" in msgs
    assert "different areas" in msgs
    assert adv.height == 3


# --------------------------------------------------------------------------- derived


def test_activation_rate_only_where_both_figures_exist():
    o = obs(
        {"metric": "vneid_accounts_issued", "value": 80e6, "period_end": "2024-01-01"},
        {"metric": "vneid_accounts_activated", "value": 50e6, "period_end": "2024-01-01"},
        {"metric": "vneid_accounts_activated", "value": 55e6, "period_end": "2024-03-01"},
    )
    c = series.canonical(o, sources=sources(s1=1))
    r = series.ratio_series(c)
    assert r.height == 1
    row = r.row(0, named=True)
    assert row["value"] == pytest.approx(0.625)
    assert (row["lower"], row["upper"]) == (None, None)
    assert row["formula"] == "vneid_accounts_activated ÷ vneid_accounts_issued"
    assert row["derived"] is True


def test_activation_rate_bounds_follow_the_figures_bounds():
    o = obs(
        {"metric": "vneid_accounts_issued", "value": 80e6, "period_end": "2024-01-01"},
        {
            "metric": "vneid_accounts_activated",
            "value": 50e6,
            "qualifier": "more_than",
            "period_end": "2024-01-01",
        },
    )
    row = series.ratio_series(series.canonical(o, sources=sources(s1=1))).row(0, named=True)
    assert row["lower"] == pytest.approx(0.625)  # "hơn 50 triệu" / 80 triệu
    assert row["upper"] is None  # no upper bound on "hơn"


def test_run_rates_between_consecutive_figures():
    o = obs(
        {"value": 10e6, "period_end": "2023-01-01"},
        {"value": 16e6, "period_end": "2023-07-01"},
    )
    rr = series.run_rates(series.canonical(o, sources=sources(s1=1))).row(0, named=True)
    assert rr["days"] == 181
    assert rr["increment"] == 6e6
    assert rr["per_month"] == pytest.approx(6e6 / 181 * 30.4375)


def test_shares_from_numerator_and_denominator():
    o = obs({"metric": "svc", "value": 38, "denominator": 53, "period_end": "2023-12-21"})
    fs = series.fraction_shares(series.canonical(o, sources=sources(s1=1))).row(0, named=True)
    assert fs["value"] == pytest.approx(38 / 53)
    assert fs["formula"] == "38/53"
    assert fs["name"] == "svc_share"


def test_derived_frame_marks_every_row_and_validates():
    o = obs(
        {"value": 10e6, "period_end": "2023-01-01"},
        {"value": 16e6, "period_end": "2023-07-01"},
        {"metric": "svc", "value": 38, "denominator": 53, "period_end": "2023-12-21"},
    )
    reg = SimpleNamespace(metrics=pl.DataFrame({"key": ["m", "svc"], "kind": ["stock", "stock"]}))
    dv = series.derived(series.canonical(o, sources=sources(s1=1)), reg)
    DerivedSeries.validate(dv)
    assert sorted(dv["name"]) == ["m_increment", "m_per_month", "svc_share"]
    assert dv["derived"].all()
    per_month = dv.filter(pl.col("name") == "m_per_month").row(0, named=True)
    assert per_month["unit"] == "count/month"
    assert per_month["period_start"] == date(2023, 1, 1)  # dated by the interval it covers


# --------------------------------------------------------------------------- configuration


def test_config_defaults_and_overrides(tmp_path: Path):
    p = tmp_path / "progress.yaml"
    p.write_text("on_track: 0.9\njump_factor: 3\n", encoding="utf-8")
    cfg = series.load_config(p)
    assert (cfg.on_track, cfg.moderate, cfg.jump_factor) == (0.9, 0.6, 3.0)
    assert series.load_config() == series.AnalyticsConfig()  # the shipped file holds the defaults


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("on_trak: 0.9\n", "unknown setting"),
        ("moderate: high\n", "not a number"),
        ("on_track: 0.5\n", "on_track > moderate"),
        ("- 1\n", "expected a mapping"),
    ],
)
def test_bad_config_names_file_and_field(tmp_path: Path, text: str, match: str):
    p = tmp_path / "progress.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(De06Error, match=match):
        series.load_config(p)


def test_growth_over_years_is_not_a_jump():
    o = obs({"value": 1, "period_end": "2021-01-01"}, {"value": 100, "period_end": "2023-01-01"})
    assert series.advisories(o, _registry(m="stock")).is_empty()
