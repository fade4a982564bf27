"""The extractor on the development corpus (../shared/corpus), run as a user runs it.

`de06 extract FILE…` with no --published (each document's own date must be found), then the
rows are scored against the corpus's gold rows (de06metrics.evaluate): per document and in total,
figure and full precision/recall/F1 and the unpaired rows by class, printed (`pytest -s`). The
floors are what the extractor reaches today: a change that loses figures fails here. Skipped when
the corpus is not present (CI's clean clone).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from corpus_run import extract_and_score

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
FIGURE_F1_FLOOR = 0.95
FULL_F1_FLOOR = 0.91

pytestmark = pytest.mark.skipif(
    not (CORPUS / "gold.jsonl").is_file(), reason="../shared/corpus is not present"
)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    return extract_and_score(CORPUS, tmp_path_factory.mktemp("corpus"))


def test_every_document_is_read_and_dated(run) -> None:
    proc, _ = run
    assert proc.returncode == 0, proc.stderr


def test_figures_reach_their_floor(run) -> None:
    _, result = run
    with pl.Config(tbl_rows=40, tbl_width_chars=120, float_precision=2):
        print(result.per_doc)
    t = result.totals()
    print({k: round(v, 3) for k, v in t.items()}, result.error_counts())
    assert t["figure_f1"] >= FIGURE_F1_FLOOR
    assert t["full_f1"] >= FULL_F1_FLOOR
