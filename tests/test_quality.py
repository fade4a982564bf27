"""The data-quality page: per-metric evidence counted right, and the committed page current."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import polars as pl
from frames import obs

from de06metrics.quality import metric_quality, render_markdown, status_inputs

PAGE = Path(__file__).parents[1] / "docs" / "data_status.md"


def _registry(*metrics: tuple[str, str], ranks: dict[str, int], targets: tuple[str, ...] = ()):
    """A registry stand-in: metrics (key, kind), sources with ranks, no areas but VN/ha_noi."""
    return SimpleNamespace(
        metrics=pl.DataFrame(
            {
                "key": [k for k, _ in metrics],
                "label_vi": [f"nhãn {k}" for k, _ in metrics],
                "unit": ["count"] * len(metrics),
                "kind": [kind for _, kind in metrics],
                "headline": [True] * len(metrics),
            }
        ),
        sources=pl.DataFrame(
            {
                "id": list(ranks),
                "rank": list(ranks.values()),
                "published": [date(2030, 1, 1)] * len(ranks),  # after every figure
            },
            schema={"id": pl.String, "rank": pl.Int64, "published": pl.Date},
        ),
        targets=pl.DataFrame({"metric": list(targets)}, schema={"metric": pl.String}),
        areas=pl.DataFrame(
            {
                "code": ["VN", "ha_noi"],
                "valid_from": [None, None],
                "valid_to": [None, None],
                "successor": [None, None],
            },
            schema={
                "code": pl.String,
                "valid_from": pl.Date,
                "valid_to": pl.Date,
                "successor": pl.String,
            },
        ),
    )


def test_points_dates_gap_and_ranks_of_a_metric() -> None:
    table = obs(
        {"value": 10, "period_end": "2021-01-01", "source_id": "s1"},
        {"value": 20, "period_end": "2021-03-01", "source_id": "s1"},
        {"value": 20, "period_end": "2021-03-01", "source_id": "s2"},  # same date: one point
        {"value": 50, "period_end": "2022-03-01", "source_id": "s2"},
        {"value": 5, "period_end": "2022-06-30", "source_id": "s1", "geo": "ha_noi"},
    )
    reg = _registry(("m", "stock"), ranks={"s1": 2, "s2": 3}, targets=("m",))
    row = metric_quality(table, reg).row(0, named=True)
    assert (row["n_figures"], row["n_areas"], row["n_points"]) == (5, 2, 3)
    assert (row["first_date"], row["last_date"]) == (date(2021, 1, 1), date(2022, 3, 1))
    assert row["largest_gap_days"] == 365
    assert (row["largest_gap_from"], row["largest_gap_to"]) == (date(2021, 3, 1), date(2022, 3, 1))
    assert (row["rank_1"], row["rank_2"], row["rank_3"], row["rank_4"]) == (0, 3, 2, 0)
    assert (row["n_conflicts"], row["n_advisories"], row["n_targets"]) == (0, 0, 1)


def test_a_registered_metric_without_figures_is_listed_with_zeros() -> None:
    table = obs({"value": 1, "period_end": "2021-01-01"})
    quality = metric_quality(table, _registry(("m", "stock"), ("empty", "stock"), ranks={"s1": 3}))
    empty = quality.filter(pl.col("metric") == "empty").row(0, named=True)
    assert (empty["n_figures"], empty["n_points"], empty["largest_gap_days"]) == (0, 0, None)
    assert empty["first_date"] is None


def test_open_conflicts_and_advisories_are_counted_on_their_metric() -> None:
    table = obs(
        {"value": 100, "period_end": "2021-01-01", "source_id": "s1"},
        {"value": 150, "period_end": "2021-01-01", "source_id": "s2"},  # disagree on one date
        {"value": 10, "period_end": "2021-06-01", "source_id": "s1", "metric": "falls"},
        {"value": 5, "period_end": "2021-09-01", "source_id": "s1", "metric": "falls"},
    )
    reg = _registry(("m", "stock"), ("falls", "stock"), ranks={"s1": 3, "s2": 3})
    quality = metric_quality(table, reg)
    by_metric = {r["metric"]: r for r in quality.iter_rows(named=True)}
    assert by_metric["m"]["n_conflicts"] == 1
    assert by_metric["falls"]["n_advisories"] == 1  # a cumulative stock going down
    assert by_metric["falls"]["n_conflicts"] == 0


def test_the_page_lists_each_metric_and_every_open_issue() -> None:
    table = obs(
        {"value": 100, "period_end": "2021-01-01", "source_id": "s1"},
        {"value": 150, "period_end": "2021-01-01", "source_id": "s2"},
        {"value": 10, "period_end": "2021-06-01", "source_id": "s1", "metric": "falls"},
        {"value": 5, "period_end": "2021-09-01", "source_id": "s1", "metric": "falls"},
    )
    reg = _registry(("m", "stock"), ("falls", "stock"), ("empty", "flow"), ranks={"s1": 3, "s2": 4})
    page = render_markdown(status_inputs(table, reg))
    assert page == render_markdown(status_inputs(table, reg))  # no clock, no hashes
    assert (
        "| **m** | count | 2 | 1 | 1 | 2021-01-01 | 2021-01-01 | — | 0/0/1/1 | 1 | 0 | 0 |" in page
    )
    assert "- empty: nhãn empty" in page
    conflicts = page.split("## Open conflicts")[1].split("## Advisories")[0]
    assert "`m` VN (same_period)" in conflicts
    assert "stock_decrease, `falls` VN 2021-09-01" in page.split("## Advisories")[1]


def test_the_committed_data_status_page_is_current(shipped) -> None:
    from de06metrics import paths
    from de06metrics.load import load_observations
    from de06metrics.registry import load_registry
    from de06metrics.series import load_config

    reg = load_registry(paths.REGISTRY_DIR)
    page = render_markdown(status_inputs(load_observations(root=shipped), reg, load_config()))
    hint = "regenerate it: de06 build && de06 status"
    assert PAGE.read_text(encoding="utf-8") == page, hint


def test_de06_status_writes_the_page_and_check_tells_a_stale_one(
    shipped, tmp_path, monkeypatch, capsys
) -> None:
    from clitools import run

    monkeypatch.setenv("DE06_ROOT", str(shipped))
    page = tmp_path / "status.md"
    code, _, err = run(capsys, "status", "--output", str(page))
    assert code == 0 and "wrote" in err
    assert page.read_text(encoding="utf-8").startswith("# Data status\n")
    assert run(capsys, "status", "--output", str(page), "--check")[0] == 0
    page.write_text("# Data status\n(old)\n", encoding="utf-8")
    code, _, err = run(capsys, "status", "--output", str(page), "--check")
    assert code == 1 and "not current" in err


def test_the_page_does_not_depend_on_the_order_of_the_rows(shipped) -> None:
    from de06metrics import paths
    from de06metrics.load import load_observations
    from de06metrics.registry import load_registry
    from de06metrics.series import load_config

    reg = load_registry(paths.REGISTRY_DIR)
    obs = load_observations(root=shipped)
    pages = {
        render_markdown(
            status_inputs(obs.sample(fraction=1.0, shuffle=True, seed=s), reg, load_config())
        )
        for s in range(4)
    }
    assert len(pages) == 1  # two advisories of one day and area come in a fixed order
