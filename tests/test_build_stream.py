"""The build checks and writes its table slice by slice: slicing must change nothing a user sees.

`build.SLICE_ROWS` is made tiny here so a handful of rows spans several slices: failures keep
their own file and row, a key repeated across slices is still caught, and the written table is in
`SORT_KEY` order of the key *texts* (the build sorts enum codes; the order must be the same).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import polars as pl
import pytest
from minidata import mini_rows, write_reported

from de06metrics import build, load_observations
from de06metrics.validate import De06ValidationError

TODAY = date(2026, 1, 1)
# "VN" sorts before the lower-case codes as text; a sort on anything but the texts would show.
AREAS = ("ho_chi_minh", "VN", "ha_noi", "binh_duong")
METRICS = ("vneid_accounts_issued", "cccd_chip_issued", "vneid_accounts_activated")


def _shuffled_figures() -> list[dict[str, str]]:
    """Valid figures in an order unlike the output's: dates descending, areas and metrics mixed."""
    out = []
    for day in range(12, 0, -1):
        for geo in AREAS:
            for metric in METRICS:
                n = 1000 + day * 7 + AREAS.index(geo) * 100 + METRICS.index(metric) * 1000
                text = f"{n // 1000}.{n % 1000:03d}"
                out.append(
                    dict(
                        source_id="press_2024",
                        metric=metric,
                        geo=geo,
                        as_written=f"hơn {text}" if day % 2 else text,
                        value=str(n),
                        lower=str(n) if day % 2 else "",
                        upper="",
                        qualifier="more_than" if day % 2 else "exact",
                        unit="count",
                        denominator="",
                        period_start="",
                        period_end=(date(2024, 1, 1) + timedelta(days=day)).isoformat(),
                        date_basis="stated",
                        status="observation",
                        quote=f"{text} tài khoản",
                        note="",
                    )
                )
    return out


@pytest.fixture
def tiny_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build, "SLICE_ROWS", 2)


def test_the_table_is_written_in_key_text_order_whatever_the_slice_size(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reported(project, _shuffled_figures(), "shuffled.csv")
    build.build(project, today=TODAY)
    whole = load_observations(root=project)
    monkeypatch.setattr(build, "SLICE_ROWS", 5)
    result = build.build(project, today=TODAY, force=True)
    sliced = load_observations(root=project)
    assert sliced.height == 7 + 12 * len(AREAS) * len(METRICS)
    assert sliced.equals(whole)
    assert sliced.equals(sliced.sort(list(build.SORT_KEY), nulls_last=False))
    assert sliced["geo"].unique(maintain_order=True).to_list()[0] == "VN"
    assert result.observations.equals(sliced)


def test_failures_in_different_slices_keep_their_own_file_and_row(
    project: Path, tiny_slices: None
) -> None:
    rows = mini_rows()
    rows[0]["metric"] = "cccd_typo"  # slice 1
    rows[3]["value"] = "13000000000000"  # slice 2: disagrees with "12,9 nghìn tỷ đồng"
    rows[5]["value"] = "95"  # slice 3: a percent that is not a fraction
    write_reported(project, rows)
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    failures = err.value.failures
    assert set(failures["file"].to_list()) == {"reported/mini.csv"}
    by_row = {r: set(failures.filter(pl.col("row") == r)["column"]) for r in (1, 4, 6)}
    assert "metric" in by_row[1]
    assert "value" in by_row[4]
    assert "(row)" in by_row[6]
    assert set(failures["row"].to_list()) == {1, 4, 6}


def test_a_key_repeated_in_another_slice_or_file_names_both_rows(
    project: Path, tiny_slices: None
) -> None:
    rows = mini_rows()
    write_reported(project, [dict(rows[4], quote="nhắc lại 8,5 triệu")], "again.csv")
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    dup = err.value.failures.filter(pl.col("rule").str.contains("uniqueness"))
    assert sorted(dup.select("file", "row").rows()) == [
        ("reported/again.csv", 1),
        ("reported/mini.csv", 5),
    ]
    assert '"geo":"ho_chi_minh"' in dup["value"][0]


def test_a_repeated_key_is_caught_even_when_its_metric_is_unknown(
    project: Path, tiny_slices: None
) -> None:
    rows = mini_rows()
    rows[0]["metric"] = "cccd_typo"
    rows.append(dict(rows[0], quote="nhắc lại"))
    rows[1]["metric"] = "other_typo"  # unknown too, but a different key: not a duplicate
    write_reported(project, rows)
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    failures = err.value.failures
    dup = failures.filter(pl.col("rule").str.contains("uniqueness"))
    assert sorted(dup["row"].to_list()) == [1, 8]
    unknown = failures.filter(pl.col("rule").str.contains("metrics registry"))
    assert sorted(unknown["row"].to_list()) == [1, 2, 8]


def test_the_order_and_the_repeated_keys_are_the_same_when_the_key_cannot_be_packed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_reported(project, _shuffled_figures(), "shuffled.csv")
    build.build(project, today=TODAY)
    packed = load_observations(root=project)
    monkeypatch.setattr(build, "_PACKED_BITS", 8)  # too few bits: the four key columns are sorted
    build.build(project, today=TODAY, force=True)
    assert load_observations(root=project).equals(packed)
    rows = mini_rows()
    rows.append(dict(rows[4], quote="nhắc lại 8,5 triệu"))
    write_reported(project, rows)
    failed = []
    for bits in (8, 64):
        monkeypatch.setattr(build, "_PACKED_BITS", bits)
        with pytest.raises(De06ValidationError) as err:
            build.build(project, today=TODAY, force=True)
        dup = err.value.failures.filter(pl.col("rule").str.contains("uniqueness"))
        failed.append(sorted(dup.select("file", "row").rows()))
    assert failed[0] == failed[1] == [("reported/mini.csv", 5), ("reported/mini.csv", 8)]
