"""Where things are. One place, no side effects at import.

The project root is found the way git finds a repository: `DE06_ROOT` when it is set (tests,
scheduled jobs and report child processes point the whole pipeline at a tree with it), otherwise
the current directory or the nearest folder above it that holds `data/raw/` and the project's
marker (`de06.toml`, which `de06 init` writes, or a `[tool.de06]` table in `pyproject.toml`, as
in the source checkout). Outside any project, the error says what was looked for. So an installed
package works against an analyst's own folder, and one checkout can serve several data folders.

The registries ship inside the package; `DE06_REGISTRY_DIR` points at another set (tests use a
small fixture registry).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from de06metrics.errors import De06Error

PACKAGE_DIR = Path(__file__).resolve().parent
REGISTRY_DIR = PACKAGE_DIR / "registry"
#: A folder is a project when it holds data/raw/ and one of these markers.
MARKER_FILE = "de06.toml"
PYPROJECT_TABLE = "[tool.de06]"
_TABLE_LINE = re.compile(r"^\s*\[tool\.de06\]\s*(?:#.*)?$", re.MULTILINE)


def registry_dir() -> Path:
    """The registry files (metrics, targets, sources, areas) in use."""
    env = os.environ.get("DE06_REGISTRY_DIR")
    return Path(env).resolve() if env else REGISTRY_DIR


def project_root() -> Path:
    """The project tree holding data/, reports/ and notebooks/ (see the module docstring)."""
    env = os.environ.get("DE06_ROOT")
    if env:
        root = Path(env).expanduser().resolve()
        if not root.is_dir():
            raise De06Error("is not a folder", file=str(root), field="DE06_ROOT")
        return root
    found = find_root(Path.cwd())
    if found is None:
        raise De06Error(
            f"no de06 project here: neither {Path.cwd()} nor any folder above it holds data/raw/ "
            f"and a {MARKER_FILE} (or a {PYPROJECT_TABLE} table in pyproject.toml), and "
            "DE06_ROOT is not set",
            hint="run the command inside a project folder, create one with `de06 init DIR`, "
            "or set DE06_ROOT=DIR",
        )
    return found


def find_root(start: Path) -> Path | None:
    """`start` or the nearest folder above it that is a project (data/raw/ and a marker)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "data" / "raw").is_dir() and is_marked(folder):
            return folder
    return None


def is_marked(folder: Path) -> bool:
    """Whether `folder` carries the project marker (de06.toml, or [tool.de06] in pyproject)."""
    if (folder / MARKER_FILE).is_file():
        return True
    pyproject = folder / "pyproject.toml"
    try:
        return bool(_TABLE_LINE.search(pyproject.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


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
