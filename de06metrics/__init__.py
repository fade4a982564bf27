"""de06metrics: Đề án 06 progress figures as validated time series and briefing-ready reports.

In a notebook::

    import de06metrics as d6
    obs = d6.load_observations(as_of="2024-06-30")   # polars; .to_pandas() for pandas
    targets = d6.load_targets()

The loaders are imported on first use, so `import de06metrics` stays cheap for the CLI and the
report runner's child processes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["__version__", "load_observations", "load_targets"]

if TYPE_CHECKING:
    from de06metrics.load import load_observations, load_targets

    __version__: str


def _version() -> str:
    """The installed distribution's version (pyproject.toml is the one place it is written)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("de06metrics")
    except PackageNotFoundError:  # a source tree used without installing it
        return "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        return _version()
    if name in ("load_observations", "load_targets"):
        from de06metrics import load

        return getattr(load, name)
    raise AttributeError(f"module 'de06metrics' has no attribute {name!r}")
