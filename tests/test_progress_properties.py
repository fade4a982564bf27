"""Properties of the progress verdicts (hypothesis): monotone pace, vintages, row order."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from frames import obs, sources
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from de06metrics.progress import assess
from de06metrics.schema import Targets
from de06metrics.series import AnalyticsConfig, canonical

METRICS = pl.DataFrame({"key": ["m"], "kind": ["stock"]})
SOURCES = sources(s1=1, s2=2, s3=3, t=1)
CFG = AnalyticsConfig()
AS_OF = date(2024, 6, 30)
TARGETS = Targets.validate(
    pl.DataFrame(
        {
            "id": ["goal"],
            "metric": ["m"],
            "geo": ["VN"],
            "value": [50e6],
            "qualifier": ["at_least"],
            "unit": ["count"],
            "deadline": [date(2026, 1, 1)],
            "baseline_date": [date(2022, 1, 1)],
            "source_id": ["t"],
            "citation": ["c"],
            "quote": ["q"],
        }
    )
)
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(o: pl.DataFrame, as_of: date = AS_OF) -> pl.DataFrame:
    return assess(o, TARGETS, as_of, sources=SOURCES, metrics=METRICS, config=CFG)


QUALS = st.sampled_from(["exact", "more_than", "nearly", "approx"])
figure = st.fixed_dictionaries(
    {
        "day": st.integers(0, 1000),  # days after 2021-10-01
        "lag": st.integers(0, 400),  # publication lag
        "value": st.integers(0, 60).map(lambda m: m * 1e6),
        "qualifier": QUALS,
        "source_id": st.sampled_from(["s1", "s2", "s3"]),
    }
)


def frame(figs: list[dict]) -> pl.DataFrame:
    rows, seen = [], set()
    for f in figs:
        end = date(2021, 10, 1) + timedelta(days=f["day"])
        if (end, f["source_id"]) in seen:  # the natural key is unique in a real build
            continue
        seen.add((end, f["source_id"]))
        rows.append(
            {
                "value": f["value"],
                "qualifier": f["qualifier"],
                "source_id": f["source_id"],
                "period_end": end.isoformat(),
                "published": (end + timedelta(days=f["lag"])).isoformat(),
            }
        )
    return obs(*rows)


@FAST
@given(
    y0=st.integers(0, 30).map(lambda m: m * 1e6),
    a=st.integers(0, 80).map(lambda m: m * 1e6),
    b=st.integers(0, 80).map(lambda m: m * 1e6),
    qualifier=QUALS,
)
def test_pace_is_monotone_in_the_latest_value(y0, a, b, qualifier):
    lo, hi = sorted((a, b))
    paces = []
    for y in (lo, hi):
        o = obs(
            {"value": y0, "period_end": "2022-01-01"},
            {"value": y, "qualifier": qualifier, "period_end": "2024-01-01"},
        )
        r = run(o).row(0, named=True)
        paces.append(r["pace_ratio"])
        if r["achieved_on"] is None:
            assert r["pace_ratio"] is not None
    if None not in paces:
        assert paces[0] <= paces[1]


@FAST
@given(figs=st.lists(figure, min_size=1, max_size=8), late=figure)
def test_a_figure_published_after_as_of_changes_nothing(figs, late):
    o = frame(figs).filter(pl.col("published") <= AS_OF)
    end = AS_OF - timedelta(days=late["day"] % 300)
    extra = obs(
        {
            "value": late["value"],
            "qualifier": late["qualifier"],
            "source_id": "s1",
            "period_end": end.isoformat(),
            "published": (AS_OF + timedelta(days=1 + late["lag"])).isoformat(),
            "source_row": 999,
        }
    )
    if o.filter((pl.col("period_end") == end) & (pl.col("source_id") == "s1")).height:
        return  # would repeat a natural key: not a valid build
    assert_frame_equal(run(o), run(pl.concat([o, extra])))


@FAST
@given(figs=st.lists(figure, min_size=1, max_size=8), seed=st.integers(0, 10_000))
def test_reordering_rows_changes_nothing(figs, seed):
    o = frame(figs)
    shuffled = o.sample(fraction=1.0, shuffle=True, seed=seed)
    assert_frame_equal(run(o), run(shuffled))
    assert_frame_equal(
        canonical(o, AS_OF, sources=SOURCES), canonical(shuffled, AS_OF, sources=SOURCES)
    )
