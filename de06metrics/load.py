"""The analyst's entry point: the validated long table and the targets, as polars frames.

Reading re-checks the build's recorded hashes (so a half-finished or hand-edited data/clean/ is
refused, not half-read) and re-validates with the pandera model, which takes milliseconds here.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.io import recover, sha256_file
from de06metrics.schema import Observations, Targets


def _checked(name: str, root: Path | None) -> Path:
    clean = paths.clean_dir(root)
    recover(clean, sweep=False)  # a build killed while moving its outputs in is completed
    meta_path = clean / "build.json"
    path = clean / name
    if not meta_path.exists() or not path.exists():
        raise De06Error("no build found", file=str(path), hint="run `de06 build` first")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    want = meta.get("outputs", {}).get(name)
    if want != sha256_file(path):
        raise De06Error(
            "does not match the build that wrote data/clean/build.json",
            file=str(path),
            hint="run `de06 build --force` to rebuild it",
        )
    return path


def load_observations(as_of: date | str | None = None, *, root: Path | None = None) -> pl.DataFrame:
    """Every validated figure; with `as_of`, only those published on or before that date.

    `as_of` makes any past report reproducible: it sees the data as it was known then.
    """
    frame = Observations.validate(pl.read_parquet(_checked("observations.parquet", root)))
    if as_of is not None:
        cutoff = as_of if isinstance(as_of, date) else _iso(as_of)
        frame = frame.filter(pl.col("published") <= cutoff)
    return frame


def load_targets(*, root: Path | None = None) -> pl.DataFrame:
    """The programme's targets from the registry, as validated at the last build."""
    return Targets.validate(pl.read_parquet(_checked("targets.parquet", root)))


def _iso(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise De06Error(f"'{text}' is not an ISO date (YYYY-MM-DD)", field="as_of") from exc
