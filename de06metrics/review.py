"""Review files: extractor candidates an analyst checks, then accepts into data/raw/reported/.

A review file is a CSV in the format of `data/raw/reported/*.csv` plus a `confidence` column, with
a sibling `<name>.unmapped.csv` listing every number the extractor did not use (so a reviewer can
see what was left out, and why). The analyst deletes wrong rows, corrects cells, or copies a row
from the unmapped list. `accept` then drops the extra column, validates the rows together with
those already in data/raw/reported/ exactly as the build would (`build.validate_addition`: pandera
model, registries, the as-written figure against the numbers, and no figure recorded twice), and
registers the accepted rows as a new raw file through `raw.add`.
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from de06metrics import paths, raw
from de06metrics.build import validate_addition
from de06metrics.errors import De06Error
from de06metrics.lock import project_lock
from de06metrics.registry import Registry, load_registry
from de06metrics.schema import REPORTED_COLUMNS
from de06metrics.textio import read_utf8

if TYPE_CHECKING:
    from de06metrics.extract import Extraction

__all__ = [
    "REVIEW_COLUMNS",
    "AcceptResult",
    "accept",
    "read_review",
    "review_paths",
    "write_review",
]

REVIEW_COLUMNS = (*REPORTED_COLUMNS, "confidence")
UNMAPPED_FILE_COLUMNS = ("source_id", "text", "span_start", "span_end", "reason", "metric", "quote")


def review_paths(directory: Path, stem: str) -> tuple[Path, Path]:
    """Where the review file and its unmapped list for `stem` go."""
    return directory / f"{stem}.review.csv", directory / f"{stem}.review.unmapped.csv"


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _csv_text(header: tuple[str, ...], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([_cell(r.get(c)) for c in header])
    return buf.getvalue()


def write_review(x: Extraction, directory: Path, stem: str) -> tuple[Path, Path]:
    """Write the candidates and the unmapped list of one extraction; return both paths."""
    directory.mkdir(parents=True, exist_ok=True)
    review, unmapped = review_paths(directory, stem)
    review.write_text(
        _csv_text(REVIEW_COLUMNS, x.observations.to_dicts()), encoding="utf-8", newline=""
    )
    unmapped.write_text(
        _csv_text(UNMAPPED_FILE_COLUMNS, x.unmapped.to_dicts()), encoding="utf-8", newline=""
    )
    return review, unmapped


def read_review(path: Path) -> str:
    """The reviewed rows as a reported-format CSV text (extra columns dropped)."""
    text, _warnings = read_utf8(path, label=str(path))
    if not text.strip():
        raise De06Error("is empty", file=str(path))
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise De06Error("is not a CSV file", file=str(path)) from exc
    missing = [c for c in REPORTED_COLUMNS if c not in header]
    if missing:
        raise De06Error(
            f"is not a review file: missing columns {missing}",
            file=str(path),
            field="header",
            hint="expected the columns written by `de06 extract`",
        )
    idx = [header.index(c) for c in REPORTED_COLUMNS]
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(REPORTED_COLUMNS)
    try:
        for n, row in enumerate(reader, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise De06Error(
                    f"has {len(row)} fields where the header has {len(header)}",
                    file=str(path),
                    row=n,
                    hint="quote any field that contains a comma",
                )
            w.writerow([row[i] for i in idx])
    except csv.Error as exc:
        raise De06Error(f"is not valid CSV: {exc}", file=str(path)) from exc
    return out.getvalue()


@dataclass(frozen=True)
class AcceptResult:
    dest: Path  # the new file in data/raw/reported/
    rows: int


def accept(
    review_file: Path,
    *,
    today: date,
    root: Path | None = None,
    registry: Registry | None = None,
    name: str | None = None,
) -> AcceptResult:
    """Validate the reviewed rows and register them in data/raw/reported/ (manifest updated)."""
    review_file = Path(review_file)
    body = read_review(review_file)
    if body.count("\n") <= 1:
        raise De06Error("has no rows to accept", file=str(review_file))
    target_name = name or _raw_name(review_file)
    if not re.fullmatch(r"[A-Za-z0-9._-]+\.csv", target_name):
        raise De06Error(f"'{target_name}' is not a plain file name", field="name")
    reg = registry or load_registry()
    # The name check, the duplicate checks against data/raw/reported/ and the registration are
    # one step for other writers: two accepts of overlapping rows cannot both pass.
    with project_lock("accept", root), tempfile.TemporaryDirectory() as tmp:
        if (paths.reported_dir(root) / target_name).exists():
            raise De06Error(
                "already exists in data/raw/reported/",
                file=f"data/raw/reported/{target_name}",
                hint="accept under another name (--name NEW.csv); raw files are never overwritten",
            )
        staged = Path(tmp) / target_name
        staged.write_text(body, encoding="utf-8", newline="")
        rows = validate_addition(
            staged, today=today, root=root, registry=reg, label=review_file.name
        )
        dest = raw.add(staged, subdir="reported", root=root)
    return AcceptResult(dest, rows.frame.height)


def _raw_name(review_file: Path) -> str:
    stem = review_file.name
    for suffix in (".csv", ".review"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem).strip("._") or "extracted"
    return f"extracted_{stem}.csv"
