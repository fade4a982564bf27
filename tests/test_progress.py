"""Progress verdicts with hand-computed expectations: every status, every method, the bounded
cases, a target met before its baseline, passed deadlines, one point, a downward revision."""

from __future__ import annotations

import json
from datetime import date

import polars as pl
import pytest
from frames import d, obs, sources

from de06metrics.progress import assess
from de06metrics.schema import Progress, Targets, frame_schema
from de06metrics.series import AnalyticsConfig

METRICS = pl.DataFrame({"key": ["m", "sh"], "kind": ["stock", "share"]})
SOURCES = sources(s1=1, s2=1, t=1)
CFG = AnalyticsConfig()


def targets(*rows: dict) -> pl.DataFrame:
    out = []
    for i, r in enumerate(rows, start=1):
        row = {
            "id": f"t{i}",
            "metric": "m",
            "geo": "VN",
            "qualifier": "at_least",
            "unit": "count",
            "baseline_date": None,
            "source_id": "t",
            "citation": "c",
            "quote": "q",
            **r,
        }
        row["value"] = float(row["value"])
        row["deadline"] = d(row["deadline"])
        row["baseline_date"] = d(row["baseline_date"])
        out.append(row)
    return Targets.validate(pl.DataFrame(out, schema=frame_schema(Targets)))


def one(o: pl.DataFrame, target: dict, as_of: str = "2024-06-30") -> dict:
    table = assess(o, targets(target), as_of, sources=SOURCES, metrics=METRICS, config=CFG)
    Progress.validate(table)
    assert table.height == 1
    return table.row(0, named=True)


BASE = {"value": 10e6, "period_end": "2022-01-01"}
GOAL = {"value": 50e6, "deadline": "2026-01-01", "baseline_date": "2022-01-01"}
TE = 730 / 1461  # 2022-01-01 → 2024-01-01 over 2022-01-01 → 2026-01-01


# --------------------------------------------------------------------------- achieved & bounds


def test_more_than_40_million_meets_a_40_million_target():
    o = obs(
        {"value": 30e6, "period_end": "2023-06-30"},
        {
            "value": 40e6,
            "qualifier": "more_than",
            "as_written": "hơn 40 triệu",
            "period_end": "2024-01-31",
        },
        {"value": 45e6, "period_end": "2024-05-31"},
    )
    r = one(o, {"value": 40e6, "deadline": "2025-12-31"})
    assert r["status"] == "achieved"
    assert r["achieved_on"] == date(2024, 1, 31)  # the first date at the target, not the latest
    assert r["method"] == "first_date_at_target"
    assert "hơn 40 triệu" in r["note"]


def test_nearly_40_million_does_not_meet_it_and_is_scored_by_pace():
    o = obs(
        BASE,
        {
            "value": 40e6,
            "qualifier": "nearly",
            "as_written": "gần 40 triệu",
            "period_end": "2024-01-01",
        },
    )
    r = one(o, {"value": 40e6, "deadline": "2026-01-01", "baseline_date": "2022-01-01"})
    assert r["achieved_on"] is None
    assert r["latest_upper"] == 40e6 and r["latest_lower"] is None
    assert r["gap_closed"] == pytest.approx(1.0)
    assert r["pace_ratio"] == pytest.approx(1.0 / TE)
    assert r["status"] == "on_track"


def test_nearly_above_the_target_is_uncertain_not_achieved():
    o = obs(BASE, {"value": 41e6, "qualifier": "nearly", "period_end": "2024-01-01"})
    r = one(o, {"value": 40e6, "deadline": "2026-01-01", "baseline_date": "2022-01-01"})
    assert (r["status"], r["achieved_on"]) == ("uncertain", None)
    assert "no bound confirming it" in r["note"]


def test_exact_figure_equal_to_target_is_achieved():
    o = obs(BASE, {"value": 50e6, "period_end": "2024-01-01"})
    r = one(o, GOAL)
    assert (r["status"], r["achieved_on"]) == ("achieved", date(2024, 1, 1))


def test_target_met_before_its_baseline():
    o = obs(
        {"value": 45e6, "period_end": "2023-01-01"}, {"value": 48e6, "period_end": "2024-01-01"}
    )
    r = one(o, {"value": 40e6, "deadline": "2025-12-31", "baseline_date": "2023-06-01"})
    assert (r["status"], r["achieved_on"]) == ("achieved", date(2023, 1, 1))
    assert "already met before the baseline date 1 Jun 2023" in r["note"]
    codes = json.loads(r["note_codes"])
    assert {"code": "met_before_baseline", "date": "2023-06-01"} in codes


# --------------------------------------------------------------------------- linear pace classes


@pytest.mark.parametrize(
    ("latest", "gap", "status"),
    [
        (30e6, 0.5, "on_track"),  # pace 1.0007
        (24e6, 0.35, "moderate"),  # pace 0.7005
        (14e6, 0.1, "insufficient"),  # pace 0.2001
        (8e6, -0.05, "moving_away"),  # pace -0.1001
    ],
)
def test_linear_pace_classes(latest: float, gap: float, status: str):
    o = obs(BASE, {"value": latest, "period_end": "2024-01-01"})
    r = one(o, GOAL)
    assert r["method"] == "linear"
    assert r["baseline_value"] == 10e6 and r["baseline_date"] == date(2022, 1, 1)
    assert r["gap_closed"] == pytest.approx(gap)
    assert r["time_elapsed"] == pytest.approx(TE)
    assert r["pace_ratio"] == pytest.approx(gap / TE)
    assert r["status"] == status


def test_bounds_in_different_classes_are_uncertain():
    # "từ 20 đến 30 triệu": low end pace 0.50 (insufficient), high end 1.00 (on track)
    o = obs(BASE, {"value": 20e6, "qualifier": "range", "upper": 30e6, "period_end": "2024-01-01"})
    r = one(o, GOAL)
    assert r["status"] == "uncertain"
    assert "insufficient progress and on track" in r["note"]
    assert r["pace_ratio"] == pytest.approx(0.25 / TE)  # reported at the stated value


def test_rates_and_time_weighted_projection():
    o = obs(
        BASE,
        {"value": 30e6, "period_end": "2023-01-01"},
        {"value": 40e6, "period_end": "2024-01-01"},
    )
    r = one(o, {"value": 50e6, "deadline": "2025-12-31", "baseline_date": "2022-01-01"})
    # 365-day steps, weights 1:2:1 → slope 15M per 365 days, intercept 12.5M
    assert r["projected_value"] == pytest.approx(12.5e6 + 15e6 * 4)
    assert abs((r["projected_date"] - date(2024, 7, 1)).days) <= 1  # 2.5 steps of 365 days
    assert r["required_run_rate"] == pytest.approx(10e6 / (730 / 30.4375))
    assert r["recent_run_rate"] == pytest.approx(10e6 / (365 / 30.4375))


def test_baseline_defaults_to_last_figure_before_the_target_was_set():
    src = SOURCES.with_columns(
        pl.when(pl.col("id") == "t")
        .then(date(2022, 6, 1))
        .otherwise("published")
        .alias("published")
    )
    o = obs(
        BASE,
        {"value": 20e6, "period_end": "2022-05-01"},
        {"value": 30e6, "period_end": "2024-01-01"},
    )
    t = targets({"value": 50e6, "deadline": "2026-01-01"})
    r = assess(o, t, "2024-06-30", sources=src, metrics=METRICS, config=CFG).row(0, named=True)
    assert (r["baseline_date"], r["baseline_value"]) == (date(2022, 5, 1), 20e6)


# --------------------------------------------------------------------------- CAGR


def test_cagr_for_a_share_with_a_real_base():
    o = obs(
        {"metric": "sh", "unit": "percent", "value": 0.5, "period_end": "2022-01-01"},
        {"metric": "sh", "unit": "percent", "value": 0.67, "period_end": "2024-01-01"},
    )
    t = {
        "metric": "sh",
        "unit": "percent",
        "value": 0.9,
        "deadline": "2026-01-01",
        "baseline_date": "2022-01-01",
    }
    r = one(o, t)
    actual = (0.67 / 0.5) ** (365.25 / 730) - 1
    required = 1.8**0.25 - 1  # 1461 days = 4 years of 365.25
    assert r["method"] == "cagr"
    assert r["cagr_ratio"] == pytest.approx(actual / required)  # 0.996
    assert r["pace_ratio"] == pytest.approx(0.425 / TE)  # 0.85: linear would say moderate
    assert r["status"] == "on_track"


def test_near_zero_base_uses_linear_pace_even_for_a_share():
    o = obs(
        {"metric": "sh", "unit": "percent", "value": 0.01, "period_end": "2022-01-01"},
        {"metric": "sh", "unit": "percent", "value": 0.3, "period_end": "2024-01-01"},
    )
    t = {
        "metric": "sh",
        "unit": "percent",
        "value": 0.9,
        "deadline": "2026-01-01",
        "baseline_date": "2022-01-01",
    }
    r = one(o, t)
    assert (r["method"], r["cagr_ratio"]) == ("linear", None)
    assert r["pace_ratio"] == pytest.approx((0.29 / 0.89) / TE)
    assert r["status"] == "moderate"  # 0.652
    assert "near-zero baseline" in r["note"]


def test_at_most_target_is_scored_in_its_direction():
    o = obs({"value": 20, "period_end": "2022-01-01"}, {"value": 10, "period_end": "2024-01-01"})
    r = one(
        o,
        {
            "value": 5,
            "qualifier": "at_most",
            "deadline": "2026-01-01",
            "baseline_date": "2022-01-01",
        },
    )
    assert r["gap_closed"] == pytest.approx(10 / 15)
    assert r["status"] == "on_track"
    o2 = obs({"value": 20, "period_end": "2022-01-01"}, {"value": 5, "period_end": "2024-01-01"})
    r2 = one(o2, {"value": 5, "qualifier": "at_most", "deadline": "2026-01-01"})
    assert (r2["status"], r2["achieved_on"]) == ("achieved", date(2024, 1, 1))


# --------------------------------------------------------------------------- too little data


def test_one_point_is_insufficient_data_never_a_guess():
    r = one(obs({"value": 30e6, "period_end": "2024-01-01"}), GOAL)
    assert r["status"] == "insufficient_data"
    assert r["pace_ratio"] is None and r["projected_value"] is None
    assert r["latest_value"] == 30e6


def test_no_figure_at_all():
    r = one(
        obs({"metric": "sh", "unit": "percent", "value": 0.5, "period_end": "2024-01-01"}), GOAL
    )
    assert (r["status"], r["n_points"], r["latest_date"]) == ("insufficient_data", 0, None)


# --------------------------------------------------------------------------- passed deadlines


def test_passed_deadline_missed_when_a_later_figure_is_short():
    o = obs(
        BASE,
        {"value": 30e6, "period_end": "2023-06-01"},
        {"value": 35e6, "period_end": "2024-03-01"},
    )
    r = one(o, {"value": 40e6, "deadline": "2023-12-31"})
    assert r["status"] == "missed"
    assert r["method"] == "deadline_check"
    assert r["projected_value"] is None and r["required_run_rate"] is None  # not projected


def test_passed_deadline_reached_late_is_missed_with_its_date():
    o = obs(
        {"value": 30e6, "period_end": "2024-01-31"},
        {"value": 41e6, "period_end": "2024-05-31"},
    )
    r = one(o, {"value": 40e6, "deadline": "2023-12-31"})
    assert (r["status"], r["achieved_on"]) == ("missed", date(2024, 5, 31))


def test_passed_deadline_met_on_time():
    o = obs(
        {"value": 41e6, "period_end": "2023-11-30"}, {"value": 45e6, "period_end": "2024-03-01"}
    )
    r = one(o, {"value": 40e6, "deadline": "2023-12-31"})
    assert (r["status"], r["achieved_on"]) == ("achieved", date(2023, 11, 30))


def test_passed_deadline_without_a_figure_after_it_cannot_be_judged():
    o = obs(BASE, {"value": 30e6, "period_end": "2023-06-01"})
    r = one(o, {"value": 40e6, "deadline": "2023-12-31"})
    assert r["status"] == "insufficient_data"
    assert "no figure on or after the deadline" in r["note"]


def test_passed_deadline_first_known_after_it_already_met_is_uncertain():
    o = obs({"value": 45e6, "period_end": "2024-02-01"})
    r = one(o, {"value": 40e6, "deadline": "2023-12-31"})
    assert (r["status"], r["achieved_on"]) == ("uncertain", date(2024, 2, 1))


# --------------------------------------------------------------------------- vintages & revisions


def test_a_revision_that_lowers_a_cumulative_figure_changes_the_verdict_from_its_date():
    o = obs(
        BASE,
        {
            "value": 40e6,
            "qualifier": "more_than",
            "period_end": "2024-01-01",
            "published": "2024-01-05",
        },
        {"value": 38e6, "period_end": "2024-01-01", "published": "2024-03-01", "source_id": "s2"},
    )
    t = {"value": 40e6, "deadline": "2026-01-01", "baseline_date": "2022-01-01"}
    before = one(o, t, as_of="2024-02-01")
    assert (before["status"], before["achieved_on"]) == ("achieved", date(2024, 1, 1))
    after = one(o, t, as_of="2024-04-01")
    assert after["achieved_on"] is None
    assert after["latest_value"] == 38e6 and after["latest_source_id"] == "s2"
    assert after["pace_ratio"] == pytest.approx((28 / 30) / TE)
    assert after["status"] == "on_track"


def test_default_as_of_is_the_data_vintage_not_the_clock():
    o = obs(BASE, {"value": 30e6, "period_end": "2024-01-01", "published": "2024-02-10"})
    t = targets(GOAL)
    r = assess(o, t, sources=SOURCES, metrics=METRICS, config=CFG).row(0, named=True)
    assert r["as_of"] == date(2024, 2, 10)


def test_one_row_per_target_sorted():
    o = obs(BASE, {"value": 30e6, "period_end": "2024-01-01"})
    t = targets(
        {"value": 60e6, "deadline": "2027-01-01", "id": "later"},
        {"value": 50e6, "deadline": "2026-01-01", "id": "sooner"},
    )
    table = assess(o, t, "2024-06-30", sources=SOURCES, metrics=METRICS, config=CFG)
    assert table["target_id"].to_list() == ["sooner", "later"]


def test_targets_in_the_long_table_are_not_achievements():
    o = obs(
        BASE,
        {"value": 50e6, "period_end": "2025-12-31", "status": "target", "published": "2024-01-01"},
    )
    r = one(o, GOAL)
    assert r["achieved_on"] is None and r["n_points"] == 1


# --------------------------------------------------------------------------- CLI


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    import os

    from de06metrics.cli import main

    os.environ.pop("DE06_DEBUG", None)  # another test's --debug must not leak into this one

    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return int(exit_.value.code or 0), out, err


def test_cli_progress_prints_status_words_and_machine_formats(project, capsys, monkeypatch):
    import json

    from de06metrics.cli._app import console

    monkeypatch.setattr(console, "width", 240)  # a wide terminal: no folded cells
    assert _run(capsys, "build", "--quiet")[0] == 0
    code, out, _ = _run(capsys, "progress", "--as-of", "2024-06-30")
    assert code == 0
    assert "vneid_accounts_40m" in out and "ACHIEVED" in out and "2023-12-21" in out
    code, out, _ = _run(capsys, "progress", "--format", "json", "--metric", "vneid_accounts_issued")
    rows = json.loads(out)
    assert [(r["target_id"], r["status"], r["achieved_on"]) for r in rows] == [
        ("vneid_accounts_40m", "achieved", "2023-12-21")
    ]
    code, out, _ = _run(capsys, "progress", "--as-of", "2023-06-30", "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("target_id,metric")
    assert ",insufficient_data," in out  # nothing published by then


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (("--as-of", "30/06/2024"), "--as-of"),
        (("--format", "xml"), "--format"),
        (("--metric", "nope"), "no target for metric"),
    ],
)
def test_cli_progress_bad_options_exit_1_without_traceback(project, capsys, argv, says):
    assert _run(capsys, "build", "--quiet")[0] == 0
    code, _, err = _run(capsys, "progress", *argv)
    assert code == 1 and says in err and "Traceback" not in err
