"""de06metrics: Đề án 06 progress figures as validated time series and briefing-ready reports.

In a notebook::

    import de06metrics as d6
    obs = d6.load_observations(as_of="2024-06-30")   # polars; .to_pandas() for pandas
    targets = d6.load_targets()
"""

from __future__ import annotations

__version__ = "0.1.0"

from de06metrics.load import load_observations, load_targets

__all__ = ["__version__", "load_observations", "load_targets"]
