"""Where things are. One place, no side effects at import.

The project root is found from the package location (a source checkout) and can be overridden with
the `DE06_ROOT` environment variable, so tests and scheduled jobs can point the whole pipeline at
another tree without touching code. The registries ship inside the package; `DE06_REGISTRY_DIR`
points at another set (tests use a small fixture registry).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REGISTRY_DIR = PACKAGE_DIR / "registry"


def registry_dir() -> Path:
    """The registry files (metrics, targets, sources, areas) in use."""
    env = os.environ.get("DE06_REGISTRY_DIR")
    return Path(env).resolve() if env else REGISTRY_DIR


def project_root() -> Path:
    """The project tree holding data/, reports/ and notebooks/."""
    env = os.environ.get("DE06_ROOT")
    return Path(env).resolve() if env else PACKAGE_DIR.parent


def raw_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "raw"


def reported_dir(root: Path | None = None) -> Path:
    return raw_dir(root) / "reported"


def manifest_path(root: Path | None = None) -> Path:
    return raw_dir(root) / "MANIFEST.sha256"


def clean_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "data" / "clean"


def quarantine_dir(root: Path | None = None) -> Path:
    return clean_dir(root) / "_quarantine"


def reports_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "reports"


def notebooks_dir(root: Path | None = None) -> Path:
    return (root or project_root()) / "notebooks"
