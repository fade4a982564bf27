"""Briefing charts: one plotly template, figure builders, offline display and static export.

In a notebook::

    from de06metrics import charts
    fig = charts.trend_figure(series, label=..., unit="count", area="Việt Nam", info=info)
    charts.publish(fig, "trend-cccd_chip_issued-2024-06-30-ab12", directory=Path("figures"))

Names load lazily, so `charts.text` (words and numbers) can be used without importing plotly.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {
    "publish": "display",
    "show": "display",
    "export_figure": "export",
    "figure_stem": "export",
    "find_browser": "export",
    "TrendFacts": "facts",
    "trend_facts": "facts",
    "ChartInfo": "figures",
    "progress_overview_figure": "figures",
    "target_figure": "figures",
    "trend_figure": "figures",
    "register_template": "theme",
    "province_ranking_figure": "provinces",
    "province_trends_figure": "provinces",
}
__all__ = sorted(_WHERE)
_RENAMED = {
    "register_template": "register",
    "province_ranking_figure": "ranking_figure",
    "province_trends_figure": "trends_figure",
}


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(name)
    module = import_module(f"de06metrics.charts.{_WHERE[name]}")
    return getattr(module, _RENAMED.get(name, name))
