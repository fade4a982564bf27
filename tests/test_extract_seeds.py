"""Recall and precision of the extractor on the five seed articles (../shared/seeds/).

Truth: the rows of data/raw/reported/*.csv whose source is a seed, matched on
(source_id, metric, geo, value, period_end). Measured on the articles as published and as
readers also meet them (NFD, upper case, no diacritics). Skipped when the seed texts are not
present.
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest

from de06metrics import paths
from de06metrics.extract import extract_text
from de06metrics.numbers import fold
from de06metrics.registry import load_registry

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED_SOURCES = {
    "000_516c355113f40dfd.txt": "seed_tienphong_2023_12_21_conference",
    "001_f357d594f5e8b8f7.txt": "seed_vgp_2023_12_21_conference",
    "002_4cb0f531b7b0c0f8.txt": "seed_ncdt_2024_05_session8_conclusion",
    "003_3a1c9a1a7bb8d770.txt": "seed_wg06_2024_02_meeting",
    "004_ef6db3c0d9b493d4.txt": "seed_cd133_2024_12",
}

pytestmark = [
    pytest.mark.seeds,
    pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is not present"),
]


def _key(source_id, metric, geo, value, period_end) -> tuple:
    return (source_id, metric, geo, round(float(value), 6), str(period_end))


def _truth() -> set[tuple]:
    wanted = set(SEED_SOURCES.values())
    out = set()
    for f in sorted(paths.reported_dir(paths.PACKAGE_DIR.parent).glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r["source_id"] in wanted:
                    out.add(
                        _key(r["source_id"], r["metric"], r["geo"], r["value"], r["period_end"])
                    )
    return out


# The same articles as readers meet them: decomposed Unicode, all capitals, diacritics stripped.
VARIANTS: dict[str, Callable[[str], str]] = {
    "as published": lambda t: t,
    "NFD": lambda t: unicodedata.normalize("NFD", t),
    "upper case": str.upper,
    "no diacritics": fold,
}


def _extracted(variant: Callable[[str], str] = VARIANTS["as published"]) -> set[tuple]:
    registry = load_registry(paths.REGISTRY_DIR)
    published = registry.source_published
    out = set()
    for name, source_id in SEED_SOURCES.items():
        text = variant((SEEDS / name).read_text(encoding="utf-8"))
        x = extract_text(
            text, published=published[source_id], source_id=source_id, registry=registry
        )
        for r in x.observations.iter_rows(named=True):
            out.add(_key(source_id, r["metric"], r["geo"], r["value"], r["period_end"]))
    return out


@pytest.mark.parametrize("variant", VARIANTS)
def test_seed_recall_and_precision(variant: str) -> None:
    truth = _truth()
    if not truth:
        pytest.skip("no reported rows for the seed sources")
    got = _extracted(VARIANTS[variant])
    hits = truth & got
    recall = len(hits) / len(truth)
    precision = len(hits) / len(got) if got else 0.0
    print(
        f"\nseeds ({variant}): recall {recall:.1%} ({len(hits)}/{len(truth)}), "
        f"precision {precision:.1%} ({len(hits)}/{len(got)})"
    )
    for k in sorted(truth - got):
        print("  missed:", k)
    for k in sorted(got - truth):
        print("  extra: ", k)
    assert recall == 1.0  # every curated seed figure, each form
    assert precision == 1.0
