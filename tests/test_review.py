"""Review files and `de06 extract` / `de06 accept`: candidates → analyst → data/raw/reported."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from de06metrics import paths, raw
from de06metrics.cli import main
from de06metrics.extract import extract_document
from de06metrics.registry import load_registry
from de06metrics.review import REVIEW_COLUMNS, accept, write_review
from de06metrics.schema import REPORTED_COLUMNS
from de06metrics.text import read_document
from de06metrics.validate import De06ValidationError

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
SOURCE = "seed_wg06_2024_02_meeting"  # published 2024-02-05, like the welfare fixture
TODAY = date(2026, 1, 1)


@pytest.fixture
def proj(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "proj"
    (root / "data" / "raw" / "reported").mkdir(parents=True)
    monkeypatch.setenv("DE06_ROOT", str(root))
    monkeypatch.delenv("DE06_REGISTRY_DIR", raising=False)
    return root


@pytest.fixture(scope="module")
def registry():
    return load_registry(paths.REGISTRY_DIR)


def _review(tmp_path: Path, registry) -> Path:
    doc = read_document(ARTICLES / "welfare_2024_02.md")
    x = extract_document(doc, source_id=SOURCE, registry=registry)
    review, unmapped = write_review(x, tmp_path / "review", "welfare")
    assert unmapped.exists()
    return review


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_review_file_is_the_reported_format_plus_confidence(tmp_path: Path, registry) -> None:
    review = _review(tmp_path, registry)
    rows = _rows(review)
    assert tuple(rows[0]) == REVIEW_COLUMNS
    amount = next(r for r in rows if r["metric"] == "social_welfare_cashless_amount")
    assert (amount["value"], amount["lower"], amount["upper"]) == (
        "1700000000000",
        "1700000000000",
        "",
    )
    ratio = next(r for r in rows if r["metric"] == "provinces_fee_waiver_resolutions")
    assert (ratio["value"], ratio["denominator"], ratio["period_end"]) == ("40", "63", "2023-11-30")
    change = next(r for r in rows if r["metric"] == "social_welfare_cashless_recipients_change")
    assert (change["value"], change["period_start"]) == ("72944", "2024-01-05")  # not a level


def test_accept_registers_rows_and_refuses_duplicates(proj: Path, tmp_path: Path, registry) -> None:
    review = _review(tmp_path, registry)
    result = accept(review, today=TODAY, root=proj, registry=registry)
    assert result.dest == proj / "data/raw/reported/extracted_welfare.csv"
    assert result.rows == 8  # 6 levels and 2 changes since 5/1/2024
    assert tuple(_rows(result.dest)[0]) == REPORTED_COLUMNS
    assert "reported/extracted_welfare.csv" in raw.read_manifest(proj)
    assert raw.verify(proj) == []
    with pytest.raises(De06ValidationError) as err:
        accept(review, today=TODAY, root=proj, registry=registry, name="again.csv")
    dup = err.value.failures.filter(pl.col("rule").str.contains("uniqueness"))
    assert set(dup["file"]) == {"reported/extracted_welfare.csv", "welfare.review.csv"}
    assert not (proj / "data/raw/reported/again.csv").exists()


def test_accept_validates_edited_rows_and_writes_nothing(
    proj: Path, tmp_path: Path, registry
) -> None:
    review = _review(tmp_path, registry)
    rows = _rows(review)
    rows[0]["value"] = "41"  # disagrees with as_written "40/63"
    rows[1]["metric"] = "no_such_metric"
    with review.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with pytest.raises(De06ValidationError) as err:
        accept(review, today=TODAY, root=proj, registry=registry)
    assert {"value", "metric"} <= set(err.value.failures["column"])
    assert list((proj / "data/raw/reported").iterdir()) == []


def _cli(args: list[str]) -> int:
    try:
        main(args)
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_cli_extract_goes_on_after_a_bad_file_and_reports_it(
    proj: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = _cli(
        [
            "extract",
            str(ARTICLES / "cccd_2022_08_nfd.txt"),
            str(ARTICLES / "hcm_2023_03.md"),
            str(ARTICLES / "portal_2021_11.html"),
            "--out",
            str(out),
            "--jobs",
            "2",
        ]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "cccd_2022_08_nfd.txt" in captured.err and "publication date" in captured.err
    assert (out / "hcm_2023_03.review.csv").exists()
    assert (out / "portal_2021_11.review.csv").exists()
    assert not (out / "cccd_2022_08_nfd.review.csv").exists()


def test_cli_extract_then_accept(proj: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    code = _cli(
        ["extract", str(ARTICLES / "welfare_2024_02.md"), "--source-id", SOURCE, "--out", str(out)]
    )
    assert code == 0
    assert "welfare_2024_02.md" in capsys.readouterr().out
    assert len(_rows(out / "welfare_2024_02.review.csv")) == 8
    assert _cli(["accept", str(out / "welfare_2024_02.review.csv")]) == 0
    assert "accepted 8 row(s)" in capsys.readouterr().out
    assert (proj / "data/raw/reported/extracted_welfare_2024_02.csv").exists()
