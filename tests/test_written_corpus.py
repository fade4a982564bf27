"""The extractor on the written test documents (tests/fixtures/written), run as a user runs it.

`de06 extract FILE…` with no --published on each set (every document's own date must be
found), then the rows are scored against the set's gold rows (de06metrics.evaluate). The floors
are what the extractor reaches on the five sets together today: a change that loses figures on
reporting written by others fails here (the sets' README says how they were made)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from corpus_run import extract_and_score

WRITTEN = Path(__file__).resolve().parent / "fixtures" / "written"
SETS = sorted(p for p in WRITTEN.iterdir() if (p / "gold.jsonl").is_file())
FIGURE_F1_FLOOR = 0.79
FULL_F1_FLOOR = 0.74


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    return {s.name: extract_and_score(s, tmp_path_factory.mktemp(s.name)) for s in SETS}


def test_there_are_five_sets() -> None:
    assert len(SETS) == 5


def test_every_document_is_read_and_dated(scored) -> None:
    for name, (proc, _) in scored.items():
        assert proc.returncode == 0, (name, proc.stderr)


def _f1(tp: int, gold: int, extracted: int) -> float:
    return 2 * tp / (gold + extracted) if gold + extracted else 0.0


def test_the_sets_together_reach_their_floor(scored) -> None:
    per_doc = pl.concat([result.per_doc for _, result in scored.values()])
    sums = per_doc.select("gold", "extracted", "figure_tp", "full_tp").sum().row(0, named=True)
    figure = _f1(sums["figure_tp"], sums["gold"], sums["extracted"])
    full = _f1(sums["full_tp"], sums["gold"], sums["extracted"])
    for name, (_, result) in scored.items():
        print(name, {k: round(v, 3) for k, v in result.totals().items()}, result.error_counts())
    print(f"together: figure F1 {figure:.3f}, full F1 {full:.3f}")
    assert figure >= FIGURE_F1_FLOOR
    assert full >= FULL_F1_FLOOR
