"""The data dictionary, generated from the pandera models (one source of truth)."""

from __future__ import annotations

import json

import pandera.polars as pa

from de06metrics import schema

#: Rules the build checks beside a model, because they need the registries or the raw text.
BUILD_RULES = {
    "observations": (
        "metric, geo and source_id exist in the registries; unit is the metric's unit; no "
        "reference or publication date in the future; value, bounds, qualifier, unit and "
        "denominator agree with what `as_written` says"
    ),
}

TABLES: dict[str, type[pa.DataFrameModel]] = {
    "observations": schema.Observations,
    "targets": schema.Targets,
    "sources": schema.Sources,
    "metrics": schema.Metrics,
    "areas": schema.Areas,
    "canonical_series": schema.CanonicalSeries,
    "progress": schema.Progress,
}


def _columns(model: type[pa.DataFrameModel]) -> list[dict]:
    out = []
    for name, col in model.to_schema().columns.items():
        checks = [c.error or c.name for c in col.checks]
        out.append(
            {
                "column": name,
                "type": str(col.dtype),
                "nullable": bool(col.nullable),
                "checks": [str(c) for c in checks],
                "description": col.description or "",
            }
        )
    return out


def data_dictionary(fmt: str = "markdown") -> str:
    """Every table's columns, types, checks and descriptions as Markdown or JSON."""
    tables = {name: _columns(model) for name, model in TABLES.items()}
    if fmt == "json":
        return json.dumps(tables, indent=2, ensure_ascii=False)
    lines = [f"# Data dictionary (schema version {schema.SCHEMA_VERSION})", ""]
    for name, model in TABLES.items():
        s = model.to_schema()
        lines += [f"## {name}", "", (model.__doc__ or "").strip(), ""]
        lines += ["| column | type | nullable | checks | description |", "|---|---|---|---|---|"]
        for c in tables[name]:
            checks = ", ".join(c["checks"])
            null = "yes" if c["nullable"] else "no"
            lines.append(
                f"| `{c['column']}` | {c['type']} | {null} | {checks} | {c['description']} |"
            )
        frame_checks = [c.error or c.name for c in s.checks]
        if frame_checks:
            lines += ["", "Row rules: " + "; ".join(str(c) for c in frame_checks) + "."]
        if name in BUILD_RULES:
            lines += ["", f"Also checked by `de06 build`: {BUILD_RULES[name]}."]
        unique = s.unique
        if unique:
            lines += ["", f"Unique together: {', '.join(unique)}."]
        lines.append("")
    return "\n".join(lines)
