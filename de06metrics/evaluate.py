"""Score extracted rows against gold rows written in the project's contract.

An analyst's gold set (one row per figure: doc, metric, geo, value, status, period_end …) is the
measure of the extractor. Two scores, as the extraction issue defines them:

- **figure**: the number, its status, its reference month and its area are right;
- **full**: the figure is right and so is the metric.

Rows are paired one to one within a document, best match first. Every gold row left unpaired is
counted once, by the single thing that kept it from pairing with an extracted row of the same
value (metric, date, status, geo), or as `missing` when no extracted row has its value; every
extracted row left unpaired with no gold row of its value is `extra`. Gold rows that record a
window flow of a stock metric (period_start set, registry kind `stock`) are optional: the
contract leaves them out of the table (docs/contract.md), so they are neither missed nor extra.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

__all__ = ["ERROR_CLASSES", "Score", "score"]

ERROR_CLASSES = ("metric", "date", "status", "geo", "missing", "extra")
_ASPECTS = ("metric", "month", "status", "geo")


@dataclass(frozen=True)
class Score:
    """Per-document and total counts; `errors` has one row per unpaired row with its class."""

    per_doc: pl.DataFrame  # doc, gold, extracted, figure_tp, full_tp, figure_f1, full_f1
    errors: pl.DataFrame  # doc, error, metric, geo, value, period_end, status, quote

    def totals(self) -> dict[str, float]:
        """Precision, recall and F1 over all documents, figure and full."""
        g = int(self.per_doc["gold"].sum())
        e = int(self.per_doc["extracted"].sum())
        out: dict[str, float] = {"gold": g, "extracted": e}
        for level in ("figure", "full"):
            tp = int(self.per_doc[f"{level}_tp"].sum())
            p, r, f = _prf(tp, e, g)
            out |= {f"{level}_precision": p, f"{level}_recall": r, f"{level}_f1": f}
        return out

    def error_counts(self) -> dict[str, int]:
        """Unpaired rows counted by class, every class present (zero when none)."""
        counts = dict(self.errors.group_by("error").len().iter_rows())
        return {c: int(counts.get(c, 0)) for c in ERROR_CLASSES}


def _prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
    r = tp / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _same_value(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-9)


def _aspects(row: dict) -> dict[str, object]:
    end = row.get("period_end")
    return {
        "metric": row.get("metric"),
        "month": str(end)[:7] if end else None,
        "status": row.get("status"),
        "geo": row.get("geo"),
    }


def _differences(g: dict, p: dict) -> list[str]:
    ga, pa = _aspects(g), _aspects(p)
    return [a for a in _ASPECTS if ga[a] != pa[a]]


def _pair(gold: list[dict], pred: list[dict], ignore: set[str]) -> list[tuple[int, int]]:
    """Pairs (gold index, pred index) equal on value and every aspect not in `ignore`."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if pi in used or not _same_value(g["value"], p["value"]):
                continue
            if all(d in ignore for d in _differences(g, p)):
                pairs.append((gi, pi))
                used.add(pi)
                break
    return pairs


def _score_doc(doc: str, gold: list[dict], optional: list[dict], pred: list[dict]):
    # Optional gold rows (window flows of stock metrics) absorb the rows that match them fully.
    pred = [
        p
        for p in pred
        if not any(_same_value(o["value"], p["value"]) and not _differences(o, p) for o in optional)
    ]
    full = _pair(gold, pred, ignore=set())
    g_left = [g for i, g in enumerate(gold) if i not in {a for a, _ in full}]
    p_left = [p for i, p in enumerate(pred) if i not in {b for _, b in full}]
    fig = _pair(g_left, p_left, ignore={"metric"})
    figure_tp = len(full) + len(fig)
    errors: list[dict] = [
        _error(doc, "metric", g_left[a]) for a, _ in fig
    ]  # right figure, wrong metric
    g_rest = [g for i, g in enumerate(g_left) if i not in {a for a, _ in fig}]
    p_rest = [p for i, p in enumerate(p_left) if i not in {b for _, b in fig}]
    for g in g_rest:
        same = [p for p in p_rest if _same_value(g["value"], p["value"])]
        if not same:
            errors.append(_error(doc, "missing", g))
            continue
        best = min(same, key=lambda p: len(_differences(g, p)))
        diff = [d for d in _differences(g, best) if d != "metric"]
        kind = {"month": "date"}.get(diff[0], diff[0]) if diff else "metric"
        errors.append(_error(doc, kind, g))
        p_rest.remove(best)
    errors.extend(_error(doc, "extra", p) for p in p_rest)
    n_gold, n_pred = len(gold), len(pred)
    return {
        "doc": doc,
        "gold": n_gold,
        "extracted": n_pred,
        "figure_tp": figure_tp,
        "full_tp": len(full),
        "figure_f1": _prf(figure_tp, n_pred, n_gold)[2],
        "full_f1": _prf(len(full), n_pred, n_gold)[2],
    }, errors


def _error(doc: str, kind: str, row: dict) -> dict:
    return {
        "doc": doc,
        "error": kind,
        "metric": row.get("metric"),
        "geo": row.get("geo"),
        "value": float(row["value"]),
        "period_end": str(row.get("period_end") or ""),
        "status": row.get("status"),
        "quote": row.get("quote") or "",
    }


def score(extracted: pl.DataFrame, gold: pl.DataFrame, stock_metrics: set[str]) -> Score:
    """Score `extracted` rows against `gold` rows; both carry a `doc` column.

    `stock_metrics` names the registry's stock metrics, whose window flows in the gold are
    optional (see the module docstring).
    """
    docs = sorted(set(gold["doc"].to_list()) | set(extracted["doc"].to_list()))
    per_doc, errors = [], []
    for doc in docs:
        g_all = gold.filter(pl.col("doc") == doc).to_dicts()
        optional = [g for g in g_all if g.get("period_start") and g["metric"] in stock_metrics]
        required = [g for g in g_all if g not in optional]
        pred = extracted.filter(pl.col("doc") == doc).to_dicts()
        row, errs = _score_doc(doc, required, optional, pred)
        per_doc.append(row)
        errors.extend(errs)
    error_schema = {
        "doc": pl.String,
        "error": pl.String,
        "metric": pl.String,
        "geo": pl.String,
        "value": pl.Float64,
        "period_end": pl.String,
        "status": pl.String,
        "quote": pl.String,
    }
    return Score(pl.DataFrame(per_doc), pl.DataFrame(errors, schema=error_schema))


def load_gold(path) -> pl.DataFrame:
    """Gold rows from a JSON-lines file in the contract (one object per figure, with `doc`)."""
    gold = pl.read_ndjson(path, infer_schema_length=None)
    return gold.with_columns(pl.col("value").cast(pl.Float64))


EXTRACTED_SCHEMA = {
    "doc": pl.String,
    "metric": pl.String,
    "geo": pl.String,
    "value": pl.Float64,
    "period_start": pl.String,
    "period_end": pl.String,
    "status": pl.String,
    "quote": pl.String,
    "note": pl.String,
}


def extracted_rows(rows: pl.DataFrame, doc: str) -> pl.DataFrame:
    """Extracted rows (a review file's or `Extraction.observations`) as `score` reads them:
    the columns of EXTRACTED_SCHEMA, tagged with their document."""
    return rows.with_columns(pl.lit(doc).alias("doc")).select(
        pl.col(c).cast(t) for c, t in EXTRACTED_SCHEMA.items()
    )


def load_extracted(review_dir, docs: list[str]) -> pl.DataFrame:
    """The rows `de06 extract` wrote for each of `docs` (file names) into `review_dir`."""
    from pathlib import Path

    frames = [pl.DataFrame(schema=EXTRACTED_SCHEMA)]
    for doc in docs:
        path = Path(review_dir) / (Path(doc).stem + ".review.csv")
        if path.exists():
            frames.append(extracted_rows(pl.read_csv(path, infer_schema_length=0), doc))
    return pl.concat(frames)
