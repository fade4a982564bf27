"""Parameterized reports: specs and parameter checks, the notebook context, the runner.

Notebooks call `open_report(...)` (from `reports.context`); the CLI calls `runner.plan_report` and
`runner.run_plans`. Imports are lazy so the runner process does not load plotly.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ReportContext", "open_report"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from de06metrics.reports import context

        return getattr(context, name)
    raise AttributeError(name)
