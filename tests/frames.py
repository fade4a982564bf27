"""Small hand-made observation frames for the analytics tests (validated by the real model)."""

from __future__ import annotations

from datetime import date

import polars as pl

from de06metrics.schema import Observations, frame_schema

OBS_SCHEMA = frame_schema(Observations)


def d(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def obs(*rows: dict) -> pl.DataFrame:
    """Validated observations from minimal dicts: metric (default "m"), value, period_end and
    source_id ("s1"); published defaults to period_end; bounds follow the qualifier."""
    out = []
    for i, r in enumerate(rows, start=1):
        q = r.get("qualifier", "exact")
        v = float(r["value"])
        row = {
            "metric": "m",
            "geo": "VN",
            "unit": "count",
            "denominator": None,
            "date_basis": "stated",
            "status": "observation",
            "source_id": "s1",
            "as_written": f"{v:g}",
            "quote": "q",
            "note": None,
            "source_file": "t.csv",
            "source_row": i,
            **r,
            "qualifier": q,
            "value": v,
        }
        row.setdefault("lower", v if q in ("more_than", "at_least", "range") else None)
        row.setdefault("upper", v if q in ("nearly", "at_most", "less_than") else None)
        row["period_end"] = d(r["period_end"])
        row["period_start"] = d(r.get("period_start"))
        row["published"] = d(r.get("published", r["period_end"]))
        out.append(row)
    return Observations.validate(pl.DataFrame(out, schema=OBS_SCHEMA))


def sources(**ranks: int) -> pl.DataFrame:
    """A sources frame (id, rank, published) with the given ranks, published 2020-01-01."""
    return pl.DataFrame(
        {
            "id": list(ranks),
            "rank": list(ranks.values()),
            "published": [date(2020, 1, 1)] * len(ranks),
        },
        schema={"id": pl.String, "rank": pl.Int64, "published": pl.Date},
    )
