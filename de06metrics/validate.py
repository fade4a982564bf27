"""Run a pandera model lazily and turn every failure into one readable row.

`str(SchemaErrors)` is unreadable at scale, so failures are reported as a frame with the columns
`file`, `row`, `column`, `rule`, `value` — the same shape for raw files, registries and builds — and
`De06ValidationError` carries that frame to the CLI, which prints it as a table.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

import pandera.polars as pa
import polars as pl

from de06metrics.errors import De06ValidationError

__all__ = ["FAILURE_COLUMNS", "De06ValidationError", "failures_frame", "run_model"]

FAILURE_COLUMNS = ("file", "row", "column", "rule", "value")
FAILURE_SCHEMA = {
    "file": pl.String,
    "row": pl.Int64,
    "column": pl.String,
    "rule": pl.String,
    "value": pl.String,
}


def failures_frame(rows: Sequence[dict]) -> pl.DataFrame:
    """A failure frame from plain dicts (missing keys become null)."""
    return pl.DataFrame(
        [{k: r.get(k) for k in FAILURE_COLUMNS} for r in rows], schema=FAILURE_SCHEMA
    )


def run_model(
    model: type[pa.DataFrameModel] | pa.DataFrameSchema,
    frame: pl.DataFrame,
    *,
    files: pl.Series | str,
    rows: pl.Series,
) -> pl.DataFrame:
    """Validate `frame` with `model` (every check, lazily) and return the failures.

    `files` and `rows` locate each input row (by position) in its source file, so that a failure
    can name the file and row an analyst has to open. Frame-level failures (a missing column)
    have no row.
    """
    table = model.name if isinstance(model, pa.DataFrameSchema) else model.__name__
    try:
        model.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as err:
        return _locate(err.failure_cases, files=files, rows=rows, table=table)
    return failures_frame([])


def without_uniqueness(model: type[pa.DataFrameModel]) -> pa.DataFrameSchema:
    """`model`'s schema minus its table-wide uniqueness check, to validate a table slice by slice.

    Every other check of the model looks at one row at a time, so it gives the same failures on
    slices as on the whole table; uniqueness does not, so the caller checks it once over the whole
    table (the build does, on its sort keys).
    """
    schema = copy.deepcopy(model.to_schema())  # (the model's own schema is cached: not changed)
    schema.unique = None
    return schema


def _locate(cases: pl.DataFrame, *, files: pl.Series | str, rows: pl.Series, table: str):
    out = []
    for case in cases.iter_rows(named=True):
        index = case.get("index")
        column = case["column"] if case["schema_context"] == "Column" else None
        rule = case["check"]
        if case["schema_context"] != "Column" and case["column"] not in (None, table):
            column = case["column"]
        if index is None:
            file = files if isinstance(files, str) else None
            row = None
        else:
            file = files if isinstance(files, str) else files[index]
            row = int(rows[index])
        value = case["failure_case"]
        out.append(
            {
                "file": file,
                "row": row,
                "column": column or "(row)",
                "rule": str(rule),
                "value": None if value is None else str(value)[:200],
            }
        )
    return failures_frame(out).unique(maintain_order=True)
