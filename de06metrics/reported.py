"""Read `data/raw/reported/*.csv` into typed rows, keeping every row that cannot be typed.

Each file is checked for shape (header, delimiter, ragged rows) and each cell for type (plain
decimal numbers, ISO dates, required fields). Rows that fail keep their text and a reason, so the
build can quarantine them and name the file, row and field; nothing becomes a silent null.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from de06metrics.errors import De06Error
from de06metrics.schema import REPORTED_COLUMNS, REPORTED_REQUIRED
from de06metrics.textio import read_utf8
from de06metrics.validate import failures_frame

NUMERIC_COLUMNS = ("value", "lower", "upper", "denominator")
DATE_COLUMNS = ("period_start", "period_end")


@dataclass
class ReportedRows:
    """Typed rows of one or more reported files, with the rows and warnings that need attention."""

    frame: pl.DataFrame  # typed; columns REPORTED_COLUMNS + source_file, source_row
    text: pl.DataFrame  # the same rows as text, for quarantine files
    failures: pl.DataFrame  # file, row, column, rule, value
    warnings: list[str] = field(default_factory=list)


def read_reported_file(path: Path, *, label: str | None = None) -> ReportedRows:
    """Read one reported CSV; raise `De06Error` only when the file as a whole is unusable."""
    name = label or path.name
    text, warnings = read_utf8(path, label=name)
    if not text.strip():
        raise De06Error("is empty", file=name, hint=f"expected the header: {_header()}")
    raw = _read_strings(text, name)
    if raw.is_empty():
        warnings.append(f"{name}: has a header but no rows")
    raw = raw.with_columns(
        pl.lit(name).alias("source_file"),
        pl.int_range(1, raw.height + 1, dtype=pl.Int64).alias("source_row"),
    )
    typed, failures = _typed(raw)
    return ReportedRows(typed, raw, failures, warnings)


def read_reported(paths: list[Path], *, root: Path | None = None) -> ReportedRows:
    """Read several reported files into one set of rows (in file, then row, order)."""
    parts = [read_reported_file(p, label=_label(p, root)) for p in sorted(paths)]
    if not parts:
        empty = pl.DataFrame(schema=_typed_schema())
        return ReportedRows(empty, pl.DataFrame(), _no_failures(), [])
    return ReportedRows(
        pl.concat([p.frame for p in parts]),
        pl.concat([p.text for p in parts]),
        pl.concat([p.failures for p in parts]),
        [w for p in parts for w in p.warnings],
    )


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
        else:
            out[c] = pl.String()
    out["source_file"] = pl.String()
    out["source_row"] = pl.Int64()
    return out


def _no_failures() -> pl.DataFrame:
    return failures_frame([])


def _typed(raw: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
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
    typed = raw.select(*exprs, "source_file", "source_row")
    problems = []
    for c in REPORTED_COLUMNS:
        given = raw[c] != ""
        if c in REPORTED_REQUIRED:
            problems.append(_flag(raw, ~given, c, "is required"))
        if c in NUMERIC_COLUMNS:
            bad = given & (typed[c].is_null() | ~typed[c].is_finite().fill_null(True))
            problems.append(_flag(raw, bad, c, "is a plain number (digits, '.' decimal: 86000000)"))
        if c in DATE_COLUMNS:
            problems.append(_flag(raw, given & typed[c].is_null(), c, "is a real ISO date"))
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
