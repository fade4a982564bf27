"""Every figure of the five seed articles is in the BUILT table (37 of 37).

The expected figures below were read off the seed articles by hand (issue 13); the test does not
need the articles themselves. Each is (metric, geo, value in base units, reference date); a figure
two seeds both state (558 procedures) is one expected figure. Changes against a comparison date
("tăng 72.944 người … so với ngày 5/1/2024") must be in the table as changes — a period starting on
the comparison date — and never as a level.
"""

from __future__ import annotations

import math
from datetime import date

import polars as pl
import pytest

from de06metrics.load import load_observations

CONFERENCE = date(2023, 12, 21)  # seed 000/001: the two-year conference (21/12/2023)
SESSION_8 = date(2024, 5, 9)  # seed 002: conclusion of the NCDT 8th session (inferred)
WG06 = date(2024, 2, 5)  # seed 003: Đề án 06 working-group meeting (inferred)
CD133 = date(2024, 12, 17)  # seed 004: Công điện 133/CĐ-TTg (inferred)
END_2025 = date(2025, 12, 31)  # seed 004: its targets' deadline
BASE = date(2024, 1, 5)  # seed 003: "so với ngày 5/1/2024"

SEED_FIGURES: list[tuple[str, str, float, date]] = [
    # seed 001 (and 000): the conference of 21/12/2023
    ("cccd_chip_coverage", "VN", 1.0, CONFERENCE),
    ("dvc_portal_accounts", "VN", 11_200_000, CONFERENCE),
    ("dvc_portal_dossiers", "VN", 35_400_000, CONFERENCE),
    ("essential_public_services_deployed", "VN", 38, CONFERENCE),
    ("dvc_annual_savings", "VN", 2_500_000_000_000, CONFERENCE),
    ("vneid_accounts_issued", "VN", 70_000_000, CONFERENCE),
    ("vneid_integrated_vehicle_registrations", "VN", 2_200_000, CONFERENCE),
    ("vneid_integrated_driving_licences", "VN", 10_200_000, CONFERENCE),
    ("vneid_integrated_health_insurance", "VN", 16_800_000, CONFERENCE),
    ("procedures_pending_simplification", "VN", 558, CONFERENCE),
    ("de06_tasks_delayed_roadmap", "VN", 10, CONFERENCE),
    ("de06_tasks_delayed_other", "VN", 17, CONFERENCE),
    # seed 002: NCDT 8th session
    ("shared_databases", "VN", 2_398, SESSION_8),
    ("population_db_connected_ministries", "VN", 18, SESSION_8),
    ("population_db_connected_localities", "VN", 63, SESSION_8),
    ("population_db_connected_state_enterprises", "VN", 4, SESSION_8),
    ("cccd_chip_issued", "VN", 86_000_000, SESSION_8),
    ("vneid_accounts_activated", "VN", 54_000_000, SESSION_8),
    ("authentication_requests", "VN", 1_500_000_000, SESSION_8),
    ("dvc_portal_accounts", "VN", 14_600_000, SESSION_8),
    ("dvc_portal_dossiers", "VN", 46_200_000, SESSION_8),
    ("online_payment_transactions", "VN", 26_800_000, SESSION_8),
    ("online_payment_amount", "VN", 12_900_000_000_000, SESSION_8),
    ("provinces_fee_waiver_resolutions", "VN", 40, date(2023, 11, 30)),
    # seed 003: working group, February 2024
    ("social_welfare_cashless_recipients", "VN", 585_975, WG06),
    ("social_welfare_cashless_recipients_change", "VN", 72_944, WG06),
    ("social_welfare_cashless_recipients_change_rate", "VN", 0.1402, WG06),
    ("social_welfare_cashless_amount", "VN", 1_700_000_000_000, WG06),
    ("social_welfare_cashless_amount_change", "VN", 147_000_000_000, WG06),
    ("post_offices_providing_dvc", "VN", 5_412, WG06),
    ("post_office_dvc_guided_people", "VN", 23_042, WG06),
    ("post_office_dvc_dossiers", "VN", 16_486, WG06),
    ("credit_scoring_banks", "VN", 5, WG06),
    # seed 004: Công điện 133/CĐ-TTg
    ("procedures_integration_delayed", "VN", 9, CD133),
    ("pilot_models_deployed", "ha_noi", 19, CD133),
    ("health_book_users", "VN", 40_000_000, END_2025),
    ("health_facilities_participating", "VN", 1.0, END_2025),
]
CHANGES = {
    "social_welfare_cashless_recipients_change",
    "social_welfare_cashless_recipients_change_rate",
    "social_welfare_cashless_amount_change",
}


@pytest.fixture(scope="module")
def table(shipped) -> pl.DataFrame:
    return load_observations(root=shipped)


def _matches(table: pl.DataFrame, metric: str, geo: str, value: float, day: date) -> pl.DataFrame:
    rows = table.filter(
        (pl.col("metric") == metric) & (pl.col("geo") == geo) & (pl.col("period_end") == day)
    )
    return rows.filter(pl.col("value").map_elements(lambda v: math.isclose(v, value), pl.Boolean))


def test_the_list_holds_37_distinct_seed_figures() -> None:
    assert len(SEED_FIGURES) == len(set(SEED_FIGURES)) == 37


def test_every_seed_figure_is_in_the_built_table(table) -> None:
    missing = [f for f in SEED_FIGURES if _matches(table, *f).is_empty()]
    assert not missing, f"{len(missing)} of 37 seed figures missing: {missing}"


def test_changes_are_recorded_from_their_comparison_date_never_as_levels(table) -> None:
    for metric, geo, value, day in SEED_FIGURES:
        if metric not in CHANGES:
            continue
        rows = _matches(table, metric, geo, value, day)
        assert (rows["period_start"] == BASE).all(), metric
    levels = table.filter(pl.col("period_start").is_null())
    for value in (72_944, 0.1402, 147_000_000_000):
        as_level = levels.filter(
            pl.col("value").map_elements(lambda v, x=value: math.isclose(v, x), pl.Boolean)
        )
        assert as_level.is_empty(), f"{value} is in the table as a level"
