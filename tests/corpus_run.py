"""Run `de06 extract` on a corpus of documents with gold rows as a user would, and score it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import polars as pl

from de06metrics.evaluate import Score, load_extracted, load_gold, score
from de06metrics.registry import load_registry


def extract_and_score(corpus: Path, out: Path) -> tuple[subprocess.CompletedProcess, Score]:
    """`de06 extract` on every document of `corpus/docs.jsonl` (no --published: each document's
    own date must be found) into `out`, and the rows scored against `corpus/gold.jsonl`."""
    docs = [json.loads(x)["doc"] for x in (corpus / "docs.jsonl").read_text().splitlines()]
    de06 = Path(sys.executable).with_name("de06")
    proc = subprocess.run(
        [str(de06), "extract", *[str(corpus / d) for d in docs], "--out", str(out)],
        capture_output=True,
        text=True,
    )
    stocks = set(load_registry().metrics.filter(pl.col("kind") == "stock")["key"])
    return proc, score(load_extracted(out, docs), load_gold(corpus / "gold.jsonl"), stocks)
