"""What a report reads: the data fingerprint, the canonical series, the progress table.

`data_fingerprint` hashes what a report's numbers depend on (the build's recorded output hashes and
the registry files), so the runner can tell "same data" without reading the data.
`canonical_series` and `progress_table` call `series.canonical` and `progress.assess` with the
registry frames in use (so a fixture registry is honoured).
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import polars as pl

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.registry import registry_files

SHORT_HASH = 10


def data_fingerprint(root=None) -> str:
    """sha256 over data/clean/build.json's output hashes and the registry files' bytes."""
    meta_path = paths.clean_dir(root) / "build.json"
    if not meta_path.exists():
        raise De06Error("no build found", file=str(meta_path), hint="run `de06 build` first")
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    h = hashlib.sha256()
    for name, digest in sorted(meta.get("outputs", {}).items()):
        h.update(f"{name}\0{digest}\n".encode())
    for f in registry_files(paths.registry_dir()):
        if f.exists():
            h.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def latest_published(observations: pl.DataFrame) -> date:
    """The default as-of date: the newest publication date in the data (never today's date)."""
    if observations.is_empty():
        raise De06Error("the data holds no figures", hint="run `de06 build` first")
    return observations["published"].max()


def check_as_of(observations: pl.DataFrame, as_of: str | date) -> None:
    """Refuse an as-of date before the first publication: such a report would show nothing."""
    day = date.fromisoformat(as_of) if isinstance(as_of, str) else as_of
    first = observations["published"].min() if observations.height else None
    if first is None or day < first:
        raise De06Error(
            f"no figure was published on or before {day.isoformat()}"
            + (f"; the first publication is dated {first.isoformat()}" if first else ""),
            field="as_of",
            hint="pick a later --as-of, or leave it out for the newest data",
        )


def canonical_series(
    observations: pl.DataFrame, as_of: date, sources: pl.DataFrame
) -> pl.DataFrame:
    """One chosen figure per metric, area and reference date (see `de06metrics.series`)."""
    from de06metrics.series import canonical

    return canonical(observations, as_of, sources=sources)


def progress_table(
    observations: pl.DataFrame, targets: pl.DataFrame, as_of: date, registry
) -> pl.DataFrame:
    """Progress of every target as of a date (`schema.Progress`; see `de06metrics.progress`)."""
    from de06metrics.progress import assess

    return assess(observations, targets, as_of, sources=registry.sources, metrics=registry.metrics)
