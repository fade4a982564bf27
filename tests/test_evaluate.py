"""Scoring extracted rows against gold rows: pairs, classes of error, optional window flows."""

from __future__ import annotations

import polars as pl

from de06metrics.evaluate import score


def _rows(*rows: tuple) -> pl.DataFrame:
    cols = ("doc", "metric", "geo", "value", "period_start", "period_end", "status")
    return pl.DataFrame([dict(zip(cols, r, strict=True)) for r in rows]).with_columns(
        pl.col("value").cast(pl.Float64), pl.col("period_start").cast(pl.String)
    )


GOLD = _rows(
    ("d", "cards", "VN", 86e6, None, "2024-01-10", "observation"),
    ("d", "accounts", "VN", 50e6, None, "2024-01-10", "observation"),
    ("d", "accounts", "VN", 40e6, None, "2025-12-31", "target"),
    ("d", "accounts", "ha_noi", 6e6, None, "2024-01-10", "observation"),
    ("d", "dossiers", "VN", 11.5e6, "2025-01-01", "2025-12-31", "observation"),  # window flow
)


def test_a_perfect_extraction_scores_one_and_window_flows_are_optional() -> None:
    result = score(GOLD.head(4), GOLD, stock_metrics={"dossiers"})
    t = result.totals()
    assert t["figure_f1"] == t["full_f1"] == 1.0
    assert sum(result.error_counts().values()) == 0


def test_each_unpaired_row_is_counted_by_what_kept_it_apart() -> None:
    got = _rows(
        ("d", "accounts", "VN", 86e6, None, "2024-01-10", "observation"),  # wrong metric
        ("d", "accounts", "VN", 50e6, None, "2024-01-11", "observation"),  # same month: right
        ("d", "accounts", "VN", 40e6, None, "2025-12-31", "observation"),  # wrong status
        ("d", "accounts", "VN", 6e6, None, "2024-01-10", "observation"),  # wrong area
        ("d", "dossiers", "VN", 11.5e6, None, "2026-01-07", "observation"),  # a flow as a level
        ("d", "visits", "VN", 99e6, None, "2024-01-10", "observation"),  # not in the gold
    )
    result = score(got, GOLD, stock_metrics={"dossiers"})
    t = result.totals()
    assert (t["gold"], t["extracted"]) == (4, 6)
    assert t["figure_recall"] == 0.5 and t["full_recall"] == 0.25
    counts = result.error_counts()
    assert (counts["metric"], counts["status"], counts["geo"]) == (1, 1, 1)
    # the window flow read as a level is an error (extra), never a pass; so is the unknown row
    assert counts["extra"] == 2
