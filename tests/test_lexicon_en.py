"""English-language sources' figures: their words put in Vietnamese (lexicon/en/numbers.yaml)
and read by the one reader with English digit grouping."""

from __future__ import annotations

import pytest

from de06metrics.lexicon import in_vietnamese, section
from de06metrics.numbers import parse_quantity

VI = section("numbers")


def _vietnamese_words() -> set[str]:
    words = {w for ws in VI["qualifiers"].values() for w in ws}
    words |= set(VI["scales"]) | {w for ws in VI["units"].values() for w in ws}
    return words


def test_every_english_word_means_a_word_the_vietnamese_reader_knows() -> None:
    known = _vietnamese_words()
    for english, vietnamese in section("numbers", "en")["words"].items():
        # a phrase of the lexicon, or scale words in a row ("nghìn tỷ")
        ok = vietnamese in known or all(p in VI["scales"] for p in vietnamese.split())
        assert ok, f"{english} → {vietnamese}: not in numbers.yaml"


@pytest.mark.parametrize(
    ("written", "value", "qualifier", "unit"),
    [
        ("over 62 million", 62_000_000, "more_than", "count"),
        ("nearly 142 billion VND", 142_000_000_000, "nearly", "vnd"),
        ("More than 2.38 million", 2_380_000, "more_than", "count"),
        ("128,045", 128_045, "exact", "count"),
        ("25.78%", 0.2578, "exact", "percent"),
        ("about 12.9 trillion dong", 12_900_000_000_000, "approx", "vnd"),
        ("at least 80%", 0.8, "at_least", "percent"),
        ("76.5 per cent", 0.765, "exact", "percent"),
    ],
)
def test_english_figures_read_as_an_analyst_reads_them(
    written: str, value: float, qualifier: str, unit: str
) -> None:
    q = parse_quantity(in_vietnamese(written), separators="en")
    assert q is not None
    assert q.value == pytest.approx(value)
    assert (q.qualifier, q.unit) == (qualifier, unit)


def test_words_inside_other_words_are_left_alone() -> None:
    assert in_vietnamese("moreover 5 items, overall") == "moreover 5 items, overall"
