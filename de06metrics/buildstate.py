"""Whether data/clean/ is current, decided from hashes alone.

A build is a no-op when the hash of everything it reads (data/raw/ with its manifest, the
registries, the schema version, the library's own code) equals the one recorded in build.json and
every recorded output still has its recorded hash. Deciding that needs only the standard library,
so `de06 build` with nothing to do answers before polars or pandera is imported.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from de06metrics import fingerprint, paths, raw
from de06metrics.io import recover, sha256_bytes, sha256_file, sha256_files

OUTPUTS = ("observations.parquet", "observations.csv", "targets.parquet")
METADATA = "build.json"
#: The registry's files by suffix (the registry package lists the same ones by name; reading
#: them by suffix here keeps this module free of the registry loader and its imports).
REGISTRY_SUFFIXES = (".yaml", ".csv")


def registry_inputs(registry_dir: Path | None = None) -> list[Path]:
    """The registry files a build reads."""
    d = Path(registry_dir or paths.registry_dir())
    return sorted(p for p in d.iterdir() if p.is_file() and p.suffix in REGISTRY_SUFFIXES)


def input_hash(root: Path | None = None, registry_dir: Path | None = None) -> str:
    """Hash over everything a build reads, plus the library's own code.

    The library digest makes a change to the code (the as-written parser, the series rules, a
    lexicon file, `schema.SCHEMA_VERSION`) re-run the build even when the data did not change.
    """
    base = (root or paths.project_root()).resolve()
    files = [*raw.raw_files(root), paths.manifest_path(root)]
    regs = registry_inputs(registry_dir)
    parts = [
        sha256_files([p for p in files if p.exists()], base),
        sha256_files(regs, regs[0].parent) if regs else "",
        fingerprint.library_digest(),
    ]
    return sha256_bytes("\n".join(parts).encode())


def checked_input_hash(root: Path | None = None, registry_dir: Path | None = None) -> str:
    """Finish or clean up after a killed build, check data/raw/ against its manifest (raising
    `De06Error` on any difference) and return the input hash. Only the project lock's holder
    may call this: it deletes stray temporary files in data/clean/."""
    recover(paths.clean_dir(root), sweep=True)
    raw.require_verified(root)
    return input_hash(root, registry_dir)


def current(root: Path | None = None, registry_dir: Path | None = None) -> dict | None:
    """build.json of data/clean/ when it is up to date with the inputs, else None (lock held)."""
    return recorded(paths.clean_dir(root), checked_input_hash(root, registry_dir))


def recorded(clean: Path, digest: str) -> dict | None:
    """build.json's contents when it records `digest` and every output it names is intact."""
    meta_path = clean / METADATA
    if not meta_path.exists():
        return None
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("input_hash") != digest:
        return None
    intact = all(
        (clean / name).exists() and sha256_file(clean / name) == want
        for name, want in meta.get("outputs", {}).items()
    )
    return meta if intact else None


def output_paths(clean: Path) -> dict[str, Path]:
    """Where each output and build.json live."""
    return {name: clean / name for name in (*OUTPUTS, METADATA)}


#: jemalloc's settings for polars in a build process: return freed pages to the system at once.
#: polars keeps freed pages for 0.5-1 s (and returns them only on later allocations), while a
#: build frees about its rows' size in copies as it reads them: 2M rows read held 491 MiB with
#: polars' setting, 357 MiB with this one.
JEMALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"
#: The variable polars' jemalloc reads (polars appends it to its own setting when imported).
JEMALLOC_ENV = "_RJEM_MALLOC_CONF"


def release_freed_memory() -> None:
    """Make polars return freed memory at once in this process (see `JEMALLOC_CONF`).

    Only a process about to build calls this (the `de06 build` command), before polars is
    imported: once polars is loaded its allocator is set up and this changes nothing. A setting
    already in the environment is kept.
    """
    if "polars" not in sys.modules:
        os.environ.setdefault(JEMALLOC_ENV, JEMALLOC_CONF)
