"""The registries: metrics, targets, sources and areas, loaded once and checked together.

They are data (YAML/CSV beside this file), not code. `load_registry()` returns validated polars
frames and refuses a registry whose parts contradict each other (a target on an unknown metric, a
successor area that does not exist), naming the file, entry and field.
"""

from __future__ import annotations

from de06metrics.registry.load import Registry, load_registry, registry_files

__all__ = ["Registry", "load_registry", "registry_files"]
