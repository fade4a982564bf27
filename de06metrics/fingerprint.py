"""A digest of the library's own code and data, so cached results notice a code change.

The build's input hash and the reports' run key include it: editing `progress.py`, a registry
YAML or a lexicon file changes the digest, so the next `de06 build` / `de06 report` runs again
instead of answering "up to date" with results the old code produced. It reads only the standard
library and ~1 MB of files, so it is cheap enough for the no-op path of every command.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: The files that decide what the library computes: code, registries, lexicon, tables.
SUFFIXES = (".py", ".yaml", ".csv")


def library_files(package_dir: Path = PACKAGE_DIR) -> list[Path]:
    """The library's source files (`*.py`, `*.yaml`, `*.csv` under the package), sorted by path."""
    return sorted(
        p
        for p in package_dir.rglob("*")
        if p.suffix in SUFFIXES and p.is_file() and "__pycache__" not in p.parts
    )


def library_digest() -> str:
    """sha256 over every library source file's relative path and bytes (sorted paths).

    Computed once per process: the files of an imported library do not change under it.
    """
    return _digest(PACKAGE_DIR)


@lru_cache(maxsize=4)
def _digest(package_dir: Path) -> str:
    h = hashlib.sha256()
    for path in library_files(package_dir):
        h.update(path.relative_to(package_dir).as_posix().encode())
        h.update(b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()
