"""The few facts a trend title and a summary sentence state: latest figure, change, run rate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import polars as pl

from de06metrics.charts import text as t

DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class TrendFacts:
    """Latest figure of a series, and its change since the previous reference date."""

    latest_date: date
    latest_value: float
    latest_qualifier: str
    latest_upper: float | None
    latest_source: str
    previous_date: date | None
    previous_value: float | None
    n_points: int

    @property
    def change(self) -> float | None:
        return None if self.previous_value is None else self.latest_value - self.previous_value

    @property
    def months(self) -> float | None:
        if self.previous_date is None:
            return None
        return (self.latest_date - self.previous_date).days / DAYS_PER_MONTH

    @property
    def monthly_rate(self) -> float | None:
        """Average change per month over the last period (None with one point)."""
        if self.change is None or not self.months:
            return None
        return self.change / self.months

    def latest_text(self, unit: str, lang: str, scale: t.Scale) -> str:
        """The latest figure as a reader says it ('hơn 86,3 triệu'), bounds included."""
        return t.value_text(
            self.latest_value,
            unit,
            lang,
            qualifier=self.latest_qualifier,
            upper=self.latest_upper,
            scale=scale,
        )


def trend_facts(series: pl.DataFrame) -> TrendFacts | None:
    """Facts of one metric/area series (canonical rows); None when it has no rows."""
    if series.is_empty():
        return None
    s = series.sort("period_end")
    last = s.row(-1, named=True)
    prev = s.row(-2, named=True) if s.height > 1 else None
    return TrendFacts(
        latest_date=last["period_end"],
        latest_value=last["value"],
        latest_qualifier=last["qualifier"],
        latest_upper=last["upper"],
        latest_source=last["source_id"],
        previous_date=prev["period_end"] if prev else None,
        previous_value=prev["value"] if prev else None,
        n_points=s.height,
    )
