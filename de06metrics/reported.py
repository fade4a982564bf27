"""Read `data/raw/reported/*.csv` into typed rows, keeping every row that cannot be typed.

Each file is checked for shape (header, delimiter, ragged rows) and each cell for type (plain
decimal numbers, ISO dates, required fields). Rows that fail keep a reason, so the build can
quarantine them (their text is read again from the file) and name the file, row and field;
nothing becomes a silent null.

A plain file is read by polars' streaming CSV reader and typed as it streams, so a
10-million-row input is never held as Python objects or as a frame of strings: the columns whose
values repeat (`CATEGORICAL_COLUMNS`) arrive as categorical codes. pyarrow's CSV parser first
counts the file's records (it rejects a ragged row, which polars would pad); a file the two do
not split the same way is read block by block with pyarrow, as before. Anything unusual (a
byte-order mark, decomposed Unicode, bad bytes, a wrong header, a ragged or badly quoted row) sends
the file through the careful reader, which normalizes with a warning or names the problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import polars as pl

from de06metrics.errors import De06Error
from de06metrics.schema import REPORTED_COLUMNS, REPORTED_REQUIRED
from de06metrics.textio import read_utf8
from de06metrics.validate import failures_frame

NUMERIC_COLUMNS = ("value", "lower", "upper", "denominator")
DATE_COLUMNS = ("period_start", "period_end")
#: Columns whose few distinct values repeat on every row: held as categorical codes (4 bytes a
#: row instead of a string each); the build turns them back into strings one slice at a time.
CATEGORICAL_COLUMNS = (
    "source_id",
    "metric",
    "geo",
    "qualifier",
    "unit",
    "date_basis",
    "status",
    "source_file",
)
T = TypeVar("T")
#: Bytes per block of the streaming reader (and of the encoding check before it).
BLOCK_BYTES = 16 << 20
#: Bytes per block of the record count: pyarrow's streaming reader reads up to 32 blocks ahead of
#: its consumer, so 16 MB blocks held 512 MB of the file at once (1 MB blocks: 32 MB).
COUNT_BLOCK_BYTES = 1 << 20


@dataclass
class ReportedRows:
    """Typed rows of one or more reported files, with the rows and warnings that need attention."""

    frame: pl.DataFrame  # typed; columns REPORTED_COLUMNS + source_file, source_row
    text: pl.DataFrame | None  # the rows as text, or None: read again from `files` when needed
    failures: pl.DataFrame  # file, row, column, rule, value
    warnings: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # source_file label → path

    def text_of(self, keys: pl.DataFrame) -> pl.DataFrame:
        """The rows named by `keys` (source_file, source_row) as the files hold them (strings)."""
        keys = keys.select(pl.col("source_file").cast(pl.String), "source_row").unique()
        if self.text is not None:
            text = self.text.with_columns(pl.col("source_file").cast(pl.String))
            return text.join(keys, on=["source_file", "source_row"], how="semi")
        parts = []
        for name, path in self.files.items():
            wanted = keys.filter(pl.col("source_file") == name)
            if wanted.height:
                parts += _map_blocks(
                    path, name, [], lambda b, w=wanted: b.join(w, on=list(w.columns), how="semi")
                )
        if not parts:
            return pl.DataFrame(schema={**_string_schema(), "source_row": pl.Int64})
        return pl.concat(parts)


def read_reported_file(path: Path, *, label: str | None = None) -> ReportedRows:
    """Read one reported CSV; raise `De06Error` only when the file as a whole is unusable."""
    name = label or path.name
    warnings: list[str] = []
    scanned = _scanned(path, name) if _plain_file(path) else None
    if scanned is not None:
        frame, failures = scanned
    else:
        parts = _map_blocks(path, name, warnings, _typed)
        frame = (
            pl.concat([t.with_columns(pl.col(CATEGORICAL_COLUMNS).cast(pl.Categorical))
                       for t, _ in parts])
            if parts else pl.DataFrame(schema=_typed_schema())
        )  # fmt: skip
        failures = pl.concat([_no_failures(), *(f for _, f in parts)])
    if frame.is_empty():
        warnings.append(f"{name}: has a header but no rows")
    return ReportedRows(frame, None, failures, warnings, {name: path})


def read_reported(paths: list[Path], *, root: Path | None = None) -> ReportedRows:
    """Read several reported files into one set of rows (in file, then row, order)."""
    parts = [read_reported_file(p, label=_label(p, root)) for p in sorted(paths)]
    if not parts:
        empty = pl.DataFrame(schema=_typed_schema())
        return ReportedRows(empty, None, _no_failures(), [])
    return ReportedRows(
        pl.concat([p.frame for p in parts]),
        None,
        pl.concat([p.failures for p in parts]),
        [w for p in parts for w in p.warnings],
        {name: path for p in parts for name, path in p.files.items()},
    )


def _map_blocks(
    path: Path, name: str, warnings: list[str], fn: Callable[[pl.DataFrame], T]
) -> list[T]:
    """`fn` on each block of the file's rows as strings (stripped, with source_file and
    source_row).

    Plain files (UTF-8 in NFC, no byte-order mark, the expected header) are streamed; a row
    pyarrow cannot split (ragged, badly quoted) stops the stream, its results are dropped, and the
    file goes through `_careful_strings` like any other file, which fixes what can be fixed with a
    warning (appended to `warnings`) and raises `De06Error` naming what cannot.
    """
    import pyarrow as pa

    if _plain_file(path):
        try:
            return [fn(b) for b in _numbered(_streamed_strings(path), name)]
        except pa.ArrowInvalid:
            pass
    return [fn(b) for b in _numbered([_careful_strings(path, name, warnings)], name)]


def _numbered(blocks: Iterable[pl.DataFrame], name: str) -> Iterator[pl.DataFrame]:
    first = 1
    for block in blocks:
        yield block.with_columns(
            pl.lit(name).alias("source_file"),
            pl.int_range(first, first + block.height, dtype=pl.Int64).alias("source_row"),
        )
        first += block.height


def _scanned(path: Path, name: str) -> tuple[pl.DataFrame, pl.DataFrame] | None:
    """A plain file's typed rows and typing failures, read by polars' streaming CSV reader.

    The rows are typed as they stream (categorical codes for `CATEGORICAL_COLUMNS`), with one
    flag per row for a cell that cannot be typed; only the flagged rows are read again as text,
    for `_typed` to name their problems as it always does. None when the file is not read this
    way: polars cannot parse it, or it does not find the records pyarrow's parser finds (a ragged
    row, which polars pads with empty fields, or a blank line, which it reads as a row).
    """
    records = _record_count(path)
    if records is None:
        return None
    try:
        frame = (
            _scanned_strings(path)
            .select(
                *(
                    cell.cast(pl.Categorical) if cell.meta.output_name() in CATEGORICAL_COLUMNS
                    else cell
                    for cell in _cells()
                ),
                pl.lit(name, pl.Categorical).alias("source_file"),
                pl.col("source_row").cast(pl.Int64),
                pl.any_horizontal([flag for _, _, flag in _problems()]).alias("_untyped"),
            )
            .collect(engine="streaming")
        )  # fmt: skip
    except pl.exceptions.PolarsError:
        return None
    if frame.height != records:
        return None
    failures = _no_failures()
    untyped = frame.filter("_untyped")["source_row"]
    if untyped.len():
        raw = (
            _scanned_strings(path)
            .filter(pl.col("source_row").is_in(untyped.implode()))
            .with_columns(pl.lit(name).alias("source_file"), pl.col("source_row").cast(pl.Int64))
            .collect()
        )
        failures = _typed(raw)[1]
    return frame.drop("_untyped").cast(_typed_schema()), failures


def _scanned_strings(path: Path) -> pl.LazyFrame:
    """The rows of a file as stripped strings, numbered from 1 (`source_row`), lazily."""
    return (
        pl.scan_csv(
            path,
            schema=dict.fromkeys(REPORTED_COLUMNS, pl.String),
            empty_string_is_null=False,
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
        .with_row_index("source_row", offset=1)
        .with_columns(pl.col(REPORTED_COLUMNS).str.strip_chars())
    )


def _record_count(path: Path) -> int | None:
    """How many records pyarrow's CSV parser finds after the header (blank lines skipped, as
    `_streamed_strings` and the careful reader skip them); None when it rejects a row."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    pool = pa.default_memory_pool()
    try:
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=list(REPORTED_COLUMNS), skip_rows=1, block_size=COUNT_BLOCK_BYTES
            ),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(include_columns=[]),
        )
        records = 0
        for batch in reader:
            records += batch.num_rows
            pool.release_unused()
        return records
    except pa.ArrowInvalid:
        return None
    finally:
        pool.release_unused()


def _plain_file(path: Path) -> bool:
    """UTF-8 in NFC without a byte-order mark, starting with the expected header line."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as f:
            head = f.read(BLOCK_BYTES)
            if head.startswith(_MARKS) or b"\0" in head[:65536]:
                return False
            first_line = head.split(b"\n", 1)[0].rstrip(b"\r").decode("utf-8", errors="replace")
            if [h.strip() for h in next(csv.reader([first_line]), [])] != list(REPORTED_COLUMNS):
                return False
            block = head
            while block:
                if not unicodedata.is_normalized("NFC", decoder.decode(block)):
                    return False
                block = f.read(BLOCK_BYTES)
            decoder.decode(b"", final=True)
    except (OSError, UnicodeDecodeError, csv.Error):
        return False  # the careful reader names the problem
    return True


_MARKS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")  # UTF-8 and UTF-16 byte-order marks


def _streamed_strings(path: Path) -> Iterator[pl.DataFrame]:
    """The rows of a plain file as stripped strings, one block at a time (pyarrow's reader)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(
            column_names=list(REPORTED_COLUMNS), skip_rows=1, block_size=BLOCK_BYTES
        ),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=dict.fromkeys(REPORTED_COLUMNS, pa.large_string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
        ),
    )
    pool = pa.default_memory_pool()
    for batch in reader:
        block = pl.from_arrow(batch).with_columns(pl.all().str.strip_chars())
        del batch
        pool.release_unused()  # pyarrow's allocator keeps freed blocks otherwise (≈ 2 GB at 10M)
        yield block


def _careful_strings(path: Path, name: str, warnings: list[str]) -> pl.DataFrame:
    """The whole file decoded in memory and read with Python's csv module (exact messages)."""
    text, found = read_utf8(path, label=name)
    warnings.extend(found)
    if not text.strip():
        raise De06Error("is empty", file=name, hint=f"expected the header: {_header()}")
    return _read_strings(text, name)


def _string_schema() -> dict[str, pl.DataType]:
    return {**dict.fromkeys(REPORTED_COLUMNS, pl.String()), "source_file": pl.String()}


def _label(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.name


def _header() -> str:
    return ",".join(REPORTED_COLUMNS)


def _read_strings(text: str, name: str) -> pl.DataFrame:
    reader = csv.reader(io.StringIO(text, newline=""))
    width = len(REPORTED_COLUMNS)
    body: list[list[str]] = []
    try:
        header = [h.strip() for h in next(reader)]
        if header != list(REPORTED_COLUMNS):
            raise De06Error(_header_problem(header), file=name, row=None, field="header")
        for r in reader:
            if not r:
                continue
            if len(r) != width:
                fewer = "fewer" if len(r) < width else "more"
                raise De06Error(
                    f"has {len(r)} fields, {fewer} than the header's {width} "
                    f"(line {reader.line_num})",
                    file=name,
                    row=len(body) + 1,
                    hint="quote any field that contains a comma; keep empty fields as ,,",
                )
            body.append(r)
    except csv.Error as exc:
        raise De06Error(
            f"is not valid CSV at line {reader.line_num}: {exc}", file=name, row=len(body) + 1
        ) from None
    frame = pl.DataFrame(body, schema=dict.fromkeys(REPORTED_COLUMNS, pl.String), orient="row")
    return frame.with_columns(pl.all().str.strip_chars())


def _header_problem(header: list[str]) -> str:
    if len(header) == 1 and any(d in header[0] for d in (";", "\t", "|")):
        return "is not comma-separated (found another delimiter in the header)"
    missing = [c for c in REPORTED_COLUMNS if c not in header]
    extra = [c for c in header if c not in REPORTED_COLUMNS]
    parts = []
    if missing:
        parts.append(f"missing columns {missing}")
    if extra:
        parts.append(f"unknown columns {extra}")
    if not parts:
        parts.append("columns are out of order")
    return "has a wrong header: " + "; ".join(parts) + f"; expected: {_header()}"


def _typed_schema() -> dict[str, pl.DataType]:
    out: dict[str, pl.DataType] = {}
    for c in REPORTED_COLUMNS:
        if c in NUMERIC_COLUMNS:
            out[c] = pl.Float64()
        elif c in DATE_COLUMNS:
            out[c] = pl.Date()
        elif c in CATEGORICAL_COLUMNS:
            out[c] = pl.Categorical()
        else:
            out[c] = pl.String()
    out["source_file"] = pl.Categorical()
    out["source_row"] = pl.Int64()
    return out


def _no_failures() -> pl.DataFrame:
    return failures_frame([])


def _cells() -> list[pl.Expr]:
    """Each reported column typed from its stripped text (an empty text is a missing value)."""
    exprs = []
    for c in REPORTED_COLUMNS:
        col = pl.col(c)
        blank = col == ""
        if c in NUMERIC_COLUMNS:
            exprs.append(
                pl.when(blank).then(None).otherwise(col).cast(pl.Float64, strict=False).alias(c)
            )
        elif c in DATE_COLUMNS:
            parsed = col.str.to_date("%Y-%m-%d", strict=False)
            exprs.append(pl.when(blank).then(None).otherwise(parsed).alias(c))
        else:
            exprs.append(pl.when(blank).then(None).otherwise(col).alias(c))
    return exprs


def _problems() -> list[tuple[str, str, pl.Expr]]:
    """(column, rule, flag): each way a cell's text cannot be typed, as an expression on the
    strings that is true where it fails."""
    out = []
    for c, cell in zip(REPORTED_COLUMNS, _cells(), strict=True):
        given = pl.col(c) != ""
        if c in REPORTED_REQUIRED:
            out.append((c, "is required", ~given))
        if c in NUMERIC_COLUMNS:
            bad = given & (cell.is_null() | ~cell.is_finite().fill_null(True))
            out.append((c, "is a plain number (digits, '.' decimal: 86000000)", bad))
        if c in DATE_COLUMNS:
            out.append((c, "is a real ISO date", given & cell.is_null()))
    return out


def _typed(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    typed = raw.select(*_cells(), "source_file", "source_row")
    problems = [_flag(raw, raw.select(flag).to_series(), c, rule) for c, rule, flag in _problems()]
    return typed, pl.concat(problems)


def _flag(raw: pl.DataFrame, mask: pl.Series, column: str, rule: str) -> pl.DataFrame:
    bad = raw.filter(mask)
    return pl.DataFrame(
        {
            "file": bad["source_file"],
            "row": bad["source_row"],
            "column": [column] * bad.height,
            "rule": [f"{column} {rule}"] * bad.height,
            "value": bad[column],
        },
        schema=_no_failures().schema,
    )
