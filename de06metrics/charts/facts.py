"""The few facts a trend title and a summary sentence state (computed in `series`), in words."""

from __future__ import annotations

from de06metrics.present import Scale, formatter
from de06metrics.series import DAYS_PER_MONTH, TrendFacts, trend_facts

__all__ = ["DAYS_PER_MONTH", "TrendFacts", "latest_text", "trend_facts"]


def latest_text(facts: TrendFacts, unit: str, lang: str, scale: Scale) -> str:
    """The latest figure as a reader says it ('hơn 86,3 triệu'), bounds included."""
    return formatter(lang).value(
        facts.latest_value,
        unit,
        qualifier=facts.latest_qualifier,
        upper=facts.latest_upper,
        scale=scale,
    )
