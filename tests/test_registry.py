"""The registries: the shipped ones are consistent; a broken one is refused with its location."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import polars as pl
import pytest

from de06metrics.errors import De06Error
from de06metrics.registry import load_registry
from de06metrics.validate import De06ValidationError

HEADLINE = {
    "cccd_chip_issued",
    "vneid_accounts_issued",
    "vneid_accounts_activated",
    "dvc_portal_accounts",
    "dvc_portal_dossiers",
    "online_payment_transactions",
    "online_payment_amount",
}


@pytest.fixture(scope="module")
def shipped():
    return load_registry()


def test_shipped_registry_loads_and_covers_the_programme(shipped) -> None:
    assert shipped.metrics.height >= 18
    assert set(shipped.metrics.filter(pl.col("headline"))["key"]) >= HEADLINE
    assert shipped.targets.height >= 3
    assert {"VN", "ha_noi", "ho_chi_minh", "ho_chi_minh_2025"} <= set(shipped.areas["code"])


def test_look_alike_metrics_name_each_other(shipped) -> None:
    dnm = dict(zip(shipped.metrics["key"], shipped.metrics["do_not_merge"], strict=True))
    assert "vneid_accounts_activated" in dnm["vneid_accounts_issued"]
    assert "vneid_accounts_issued" in dnm["vneid_accounts_activated"]


def test_every_alias_is_nfc_and_every_metric_has_one(shipped) -> None:
    for key, aliases in shipped.metrics.select("key", "aliases").iter_rows():
        assert aliases, key
        assert all(unicodedata.is_normalized("NFC", a) for a in aliases), key


def test_provinces_before_and_after_the_2025_merger(shipped) -> None:
    areas = shipped.areas.filter(pl.col("level") == "province")
    on = pl.lit

    def valid(day: str) -> int:
        d = pl.lit(day).str.to_date()
        return areas.filter(
            (pl.col("valid_from").is_null() | (pl.col("valid_from") <= d))
            & (pl.col("valid_to").is_null() | (pl.col("valid_to") >= d))
        ).height

    assert on is not None
    assert valid("2025-06-30") == 63
    assert valid("2025-07-01") == 34


def test_a_target_on_an_unknown_metric_is_named(fixture_registry: Path) -> None:
    path = fixture_registry / "targets.yaml"
    path.write_text(path.read_text().replace("metric: vneid_accounts_issued", "metric: nope"))
    with pytest.raises(De06ValidationError) as err:
        load_registry(fixture_registry)
    row = err.value.failures.row(0, named=True)
    assert (row["file"], row["row"], row["column"]) == ("targets.yaml", 1, "metric")


def test_duplicate_metric_keys_are_refused(fixture_registry: Path) -> None:
    path = fixture_registry / "metrics.yaml"
    path.write_text(path.read_text().replace("key: online_payment_amount", "key: cccd_chip_issued"))
    with pytest.raises(De06ValidationError) as err:
        load_registry(fixture_registry)
    assert (err.value.failures["column"] == "key").any()


def test_bad_yaml_names_the_line(fixture_registry: Path) -> None:
    (fixture_registry / "sources.yaml").write_text("- id: a\n  title: [unclosed\n")
    with pytest.raises(De06Error, match=r"sources.yaml: not valid YAML at line \d+"):
        load_registry(fixture_registry)


def test_a_missing_required_field_is_named(fixture_registry: Path) -> None:
    path = fixture_registry / "sources.yaml"
    path.write_text(path.read_text().replace("  publisher: Báo Test\n", ""))
    with pytest.raises(De06Error, match="row 2, field 'publisher'"):
        load_registry(fixture_registry)
