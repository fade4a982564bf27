"""Load and cross-check the registry files (see the package docstring)."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import polars as pl
import yaml

from de06metrics import paths, schema
from de06metrics.errors import De06Error
from de06metrics.validate import De06ValidationError, failures_frame, run_model

FILES = ("metrics.yaml", "targets.yaml", "sources.yaml", "areas.csv", "progress.yaml")
SOURCE_KIND_RANK = {
    "official_report": 1,
    "government_portal": 2,
    "press_quoting_officials": 3,
    "other_press": 4,
}


@dataclass(frozen=True)
class Registry:
    """The four registries as validated polars frames."""

    metrics: pl.DataFrame
    targets: pl.DataFrame
    sources: pl.DataFrame
    areas: pl.DataFrame
    directory: Path

    @cached_property
    def metric_units(self) -> dict[str, str]:
        return dict(zip(self.metrics["key"], self.metrics["unit"], strict=True))

    @cached_property
    def source_published(self) -> dict[str, date]:
        return dict(zip(self.sources["id"], self.sources["published"], strict=True))

    def label(self, metric: str, lang: str = "vi") -> str:
        """The metric's label in Vietnamese (`vi`) or English (`en`)."""
        row = self.metrics.filter(pl.col("key") == metric)
        if row.is_empty():
            raise De06Error(f"unknown metric '{metric}'", field="metric")
        return row[f"label_{'en' if lang == 'en' else 'vi'}"][0]


def registry_files(directory: Path | None = None) -> list[Path]:
    """The files that make up the registry (their bytes are part of every build's input hash)."""
    d = directory or paths.registry_dir()
    return [d / name for name in FILES if (d / name).exists()]


def load_registry(directory: Path | None = None) -> Registry:
    """Load, validate and cross-check the registries (cached per directory)."""
    return _load(Path(directory or paths.registry_dir()).resolve())


@cache
def _load(directory: Path) -> Registry:
    failures: list[pl.DataFrame] = []
    metrics = _frame_or_fail(_metrics(directory), schema.Metrics, "metrics.yaml", failures)
    sources = _frame_or_fail(_sources(directory), schema.Sources, "sources.yaml", failures)
    areas = _frame_or_fail(_areas(directory), schema.Areas, "areas.csv", failures)
    targets_raw = _targets(directory, metrics)
    targets = _frame_or_fail(targets_raw, schema.Targets, "targets.yaml", failures)
    failures.append(_cross_check(metrics, targets, sources, areas))
    found = pl.concat(failures)
    if found.height:
        raise De06ValidationError("the registry is inconsistent", found)
    return Registry(metrics, targets, sources, areas, directory)


def _frame_or_fail(frame, model, name, failures) -> pl.DataFrame:
    rows = pl.Series("row", range(1, frame.height + 1), dtype=pl.Int64)
    failures.append(run_model(model, frame, files=name, rows=rows))
    return frame


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.strip())
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _read_yaml(path: Path) -> list[dict]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise De06Error("registry file is missing", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise De06Error(f"not UTF-8 text (byte {exc.start})", file=str(path)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", exc)
        raise De06Error(f"not valid YAML{where}: {problem}", file=str(path)) from exc
    if not isinstance(data, list) or not all(isinstance(e, dict) for e in data):
        raise De06Error("expected a list of entries (mappings)", file=str(path))
    return [_nfc(e) for e in data]


def _get(entry: dict, key: str, path: Path, index: int, *, required: bool = True) -> Any:
    if key not in entry or entry[key] in (None, ""):
        if required:
            raise De06Error("required field is missing", file=path.name, row=index, field=key)
        return None
    return entry[key]


def _as_date(value: Any, path: Path, index: int, key: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise De06Error(
            f"'{value}' is not an ISO date (YYYY-MM-DD)", file=path.name, row=index, field=key
        ) from exc


def _metrics(directory: Path) -> pl.DataFrame:
    path = directory / "metrics.yaml"
    rows = []
    for i, e in enumerate(_read_yaml(path), start=1):
        dnm = e.get("do_not_merge") or []
        rows.append(
            {
                "key": _get(e, "key", path, i),
                "label_vi": _get(e, "label_vi", path, i),
                "label_en": _get(e, "label_en", path, i),
                "unit": _get(e, "unit", path, i),
                "kind": _get(e, "kind", path, i),
                "definition": _get(e, "definition", path, i),
                "aliases": [str(a) for a in (e.get("aliases") or [])],
                "do_not_merge": [str(d["metric"] if isinstance(d, dict) else d) for d in dnm],
                "headline": bool(e.get("headline", False)),
                "share_of": e.get("share_of"),
                "amount_of": e.get("amount_of"),
                "part_of": e.get("part_of"),
                "change_of": e.get("change_of"),
                "local_variant": e.get("local_variant"),
                "cumulative_from": _as_date(e.get("cumulative_from"), path, i, "cumulative_from"),
                "exists_from": _as_date(e.get("exists_from"), path, i, "exists_from"),
            }
        )
    return pl.DataFrame(
        rows,
        schema=schema.frame_schema(schema.Metrics),
    )


def _sources(directory: Path) -> pl.DataFrame:
    path = directory / "sources.yaml"
    rows = []
    for i, e in enumerate(_read_yaml(path), start=1):
        kind = _get(e, "kind", path, i)
        rows.append(
            {
                "id": _get(e, "id", path, i),
                "publisher": _get(e, "publisher", path, i),
                "title": _get(e, "title", path, i),
                "url": _get(e, "url", path, i, required=False),
                "published": _as_date(_get(e, "published", path, i), path, i, "published"),
                "published_basis": _get(e, "published_basis", path, i),
                "kind": kind,
                "rank": int(e.get("rank") or SOURCE_KIND_RANK.get(kind, 4)),
                "language": e.get("language") or "vi",
            }
        )
    return pl.DataFrame(
        rows,
        schema=schema.frame_schema(schema.Sources),
    )


def _targets(directory: Path, metrics: pl.DataFrame) -> pl.DataFrame:
    path = directory / "targets.yaml"
    units = dict(zip(metrics["key"], metrics["unit"], strict=True))
    rows = []
    for i, e in enumerate(_read_yaml(path), start=1):
        metric = _get(e, "metric", path, i)
        value = _get(e, "value", path, i)
        try:
            value = float(value)
        except (TypeError, ValueError) as exc:
            raise De06Error(
                f"'{value}' is not a number", file=path.name, row=i, field="value"
            ) from exc
        rows.append(
            {
                "id": _get(e, "id", path, i),
                "metric": metric,
                "geo": e.get("geo") or "VN",
                "value": value,
                "qualifier": e.get("qualifier") or "at_least",
                "unit": units.get(metric, "none"),
                "deadline": _as_date(_get(e, "deadline", path, i), path, i, "deadline"),
                "baseline_date": _as_date(e.get("baseline_date"), path, i, "baseline_date"),
                "source_id": _get(e, "source_id", path, i),
                "citation": _get(e, "citation", path, i),
                "quote": _get(e, "quote", path, i),
            }
        )
    return pl.DataFrame(
        rows,
        schema=schema.frame_schema(schema.Targets),
    )


def _areas(directory: Path) -> pl.DataFrame:
    path = directory / "areas.csv"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise De06Error("registry file is missing", file=str(path)) from exc
    reader = csv.DictReader(io.StringIO(unicodedata.normalize("NFC", text)))
    rows = []
    for i, r in enumerate(reader, start=1):
        rows.append(
            {
                "code": r.get("code"),
                "name": r.get("name"),
                "official_name": r.get("official_name") or r.get("name"),
                "name_en": r.get("name_en") or r.get("name"),
                "level": r.get("level"),
                "gso_code": r.get("gso_code") or None,
                "valid_from": _as_date(r.get("valid_from") or None, path, i, "valid_from"),
                "valid_to": _as_date(r.get("valid_to") or None, path, i, "valid_to"),
                "successor": r.get("successor") or None,
                "aliases": [a for a in (r.get("aliases") or "").split("|") if a],
            }
        )
    return pl.DataFrame(
        rows,
        schema=schema.frame_schema(schema.Areas),
    )


def _cross_check(metrics, targets, sources, areas) -> pl.DataFrame:
    keys = set(metrics["key"])
    source_ids = set(sources["id"])
    codes = set(areas["code"])
    out = []
    for i, r in enumerate(metrics.iter_rows(named=True), start=1):
        for other in r["do_not_merge"]:
            if other not in keys:
                out.append(_fail("metrics.yaml", i, "do_not_merge", "names a known metric", other))
        for field in ("share_of", "amount_of", "part_of", "change_of", "local_variant"):
            if r[field] is not None and r[field] not in keys:
                out.append(_fail("metrics.yaml", i, field, "names a known metric", r[field]))
    for i, r in enumerate(targets.iter_rows(named=True), start=1):
        if r["metric"] not in keys:
            out.append(_fail("targets.yaml", i, "metric", "metric is in metrics.yaml", r["metric"]))
        if r["source_id"] not in source_ids:
            out.append(
                _fail("targets.yaml", i, "source_id", "source is in sources.yaml", r["source_id"])
            )
        if r["geo"] not in codes:
            out.append(_fail("targets.yaml", i, "geo", "area is in areas.csv", r["geo"]))
    for i, r in enumerate(areas.iter_rows(named=True), start=1):
        if r["successor"] and r["successor"] not in codes:
            out.append(_fail("areas.csv", i, "successor", "area is in areas.csv", r["successor"]))
    for i, r in enumerate(sources.iter_rows(named=True), start=1):
        expected = SOURCE_KIND_RANK.get(r["kind"])
        if expected is not None and r["rank"] != expected:
            out.append(
                _fail(
                    "sources.yaml",
                    i,
                    "rank",
                    f"rank of a {r['kind']} is {expected}",
                    str(r["rank"]),
                )
            )
    return failures_frame(out)


def _fail(file: str, row: int, column: str, rule: str, value: str | None) -> dict:
    return {"file": file, "row": row, "column": column, "rule": rule, "value": value}
