"""The build reads a plain reported CSV with polars' streaming reader: it must read what the
block reader (pyarrow, then the careful reader) reads, row for row and failure for failure.

A file polars would read differently (a short row it pads with empty fields, a blank line it
reads as a row) goes the old way, so its messages and row numbers stay as they were.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from de06metrics.errors import De06Error
from de06metrics.reported import _map_blocks, _scanned, _typed, read_reported_file
from de06metrics.schema import REPORTED_COLUMNS

HEADER = ",".join(REPORTED_COLUMNS)
GOOD = (
    'press_2024,vneid_accounts_issued,ha_noi,"hơn 8,5 triệu",8500000,8500000,,more_than,count,,,'
    "2024-03-01,stated,observation,hơn 8.5 triệu tài khoản,"
)


def _block_reader(path: Path) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The rows and failures as the block reader (the reader before polars) gives them."""
    parts = _map_blocks(path, path.name, [], _typed)
    frame = pl.concat([t for t, _ in parts]) if parts else None
    failures = pl.concat([f for _, f in parts]) if parts else None
    return frame, failures


def _as_text(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(pl.col(pl.Categorical).cast(pl.String))


def _same_as_block_reader(path: Path) -> None:
    got = read_reported_file(path)
    frame, failures = _block_reader(path)
    if frame is None or frame.is_empty():
        assert got.frame.is_empty()
    else:
        assert _as_text(got.frame).equals(_as_text(frame))
    expected = failures.sort("row", "column", "rule") if failures is not None else None
    actual = got.failures.sort("row", "column", "rule")
    assert (expected is None and actual.is_empty()) or actual.equals(expected)


def test_quoted_commas_newlines_quotes_and_padding_read_as_before(tmp_path: Path) -> None:
    tricky = GOOD.replace("hơn 8.5 triệu tài khoản", '"tài khoản, ""định danh""\nmức 2"')
    padded = GOOD.replace(",ha_noi,", ",  ha_noi  ,").replace("2024-03-01", " 2024-03-01 ")
    path = tmp_path / "tricky.csv"
    path.write_text(f"{HEADER}\r\n{tricky}\r\n{padded}\r\n", encoding="utf-8")
    assert _scanned(path, path.name) is not None  # (read by polars)
    got = read_reported_file(path)
    assert got.frame["quote"][0] == 'tài khoản, "định danh"\nmức 2'
    assert got.frame["geo"].cast(pl.String).to_list() == ["ha_noi", "ha_noi"]
    assert got.frame["source_row"].to_list() == [1, 2]
    _same_as_block_reader(path)


def test_cells_that_cannot_be_typed_are_named_with_their_text(tmp_path: Path) -> None:
    rows = [GOOD, GOOD.replace(",8500000,8500000,", ',"8,5 triệu",8500000,'), GOOD]
    rows[2] = rows[2].replace("2024-03-01", "2024-02-30").replace("press_2024", "")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    assert _scanned(path, path.name) is not None  # (read by polars)
    failures = read_reported_file(path).failures
    assert sorted(failures.select("row", "column", "value").rows()) == [
        (2, "value", "8,5 triệu"),
        (3, "period_end", "2024-02-30"),
        (3, "source_id", ""),
    ]
    _same_as_block_reader(path)


def test_a_blank_line_does_not_shift_the_rows_after_it(tmp_path: Path) -> None:
    bad = GOOD.replace("2024-03-01", "2024-13-01")
    path = tmp_path / "blank.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n\n{bad}\n", encoding="utf-8")
    assert _scanned(path, path.name) is None  # (polars would read the blank line as a row)
    got = read_reported_file(path)
    assert got.frame.height == 2
    assert got.failures.select("row", "column").rows() == [(2, "period_end")]


def test_a_short_row_is_still_refused_naming_its_row(tmp_path: Path) -> None:
    short = ",".join(GOOD.split(",")[:-3])  # padded with empty fields by polars
    path = tmp_path / "short.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{short}\n", encoding="utf-8")
    with pytest.raises(De06Error, match="fewer than the header") as err:
        read_reported_file(path)
    assert "short.csv" in str(err.value) and err.value.row == 2


_CELLS = st.one_of(
    st.sampled_from(["", " ", "x", "1", "1.5", "nan", "inf", "2024-02-30", "2024-03-01", '""']),
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs"]), max_size=6),
    st.text(alphabet=',"\n x', max_size=5).map(lambda t: '"' + t.replace('"', '""') + '"'),
)


ANY_FILE = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@ANY_FILE
@given(rows=st.lists(st.lists(_CELLS, min_size=16, max_size=16), max_size=5))
def test_any_plain_file_reads_as_the_block_reader_reads_it(tmp_path: Path, rows) -> None:
    path = tmp_path / "any.csv"
    path.write_text("\n".join([HEADER, *(",".join(r) for r in rows)]) + "\n", encoding="utf-8")
    _same_as_block_reader(path)
