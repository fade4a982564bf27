"""Figures from English-language sources: the build reads them the English way ("over 62
million", "538,563") and still refuses one whose numbers disagree with its words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest
from minidata import mini_rows, write_reported

from de06metrics import build, load_observations
from de06metrics.validate import De06ValidationError

TODAY = date(2026, 1, 1)

ENGLISH_SOURCE = """
- id: press_en_2024
  publisher: Test News (English)
  title: An English article (test)
  url: https://example.org/en
  published: 2024-06-10
  published_basis: stated
  kind: other_press
  rank: 4
  language: en
"""


@pytest.fixture
def english(project: Path, fixture_registry: Path) -> list[dict[str, str]]:
    with (fixture_registry / "sources.yaml").open("a", encoding="utf-8") as fh:
        fh.write(ENGLISH_SOURCE)
    rows = mini_rows()
    row = dict(rows[0])
    row.update(
        source_id="press_en_2024",
        as_written="over 88,130,000",
        value="88130000",
        lower="88130000",
        upper="",
        qualifier="more_than",
        period_end="2024-06-10",
        quote="over 88,130,000 chip-based ID cards issued",
    )
    return [*rows, row]


def test_an_english_sources_figure_is_read_the_english_way(project: Path, english) -> None:
    write_reported(project, english)
    assert build.build(project, today=TODAY).status == "built"
    obs = load_observations(root=project).filter(pl.col("source_id") == "press_en_2024")
    assert obs.select("value", "qualifier").row(0) == (88_130_000.0, "more_than")


def test_an_english_figure_that_disagrees_with_its_value_is_refused(project: Path, english) -> None:
    english[-1]["value"] = english[-1]["lower"] = "88130"  # read the Vietnamese way
    write_reported(project, english)
    with pytest.raises(De06ValidationError) as err:
        build.build(project, today=TODAY)
    rules = err.value.failures["rule"].to_list()
    assert any(r.startswith("value agrees with as_written (parsed: 88130000") for r in rules)
