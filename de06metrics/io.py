"""Atomic, deterministic file writes and content hashes.

Every output is written to a temporary file in the destination directory, flushed to disk, and
moved into place with `os.replace`, so a crash (even SIGKILL) leaves either the old file or the
new one — never half of one.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_files(paths: Iterable[Path], root: Path) -> str:
    """One hash over several files' relative names and contents (order-independent)."""
    h = hashlib.sha256()
    for p in sorted(paths, key=lambda p: p.relative_to(root).as_posix()):
        h.update(p.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(sha256_file(p).encode())
        h.update(b"\n")
    return h.hexdigest()


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old or the new file, never a partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def csv_bytes(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_csv(buf)
    return buf.getvalue()


JOURNAL = ".commit.json"


class FileSet:
    """Several files in one directory replaced together: readers see all old or all new ones.

    Each file is first written to a temporary name beside its destination (`new(name)` gives the
    path to write), flushed to disk, then a journal naming every pair is written atomically, and
    only then are the files moved into place. A crash before the journal leaves the old files and
    some temporary files (swept by `recover(sweep=True)`); a crash after it is rolled forward by
    `recover`, so a half-moved set is never what a reader gets.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.temps: dict[str, Path] = {}
        directory.mkdir(parents=True, exist_ok=True)

    def new(self, name: str) -> Path:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=self.directory)
        os.close(fd)
        self.temps[name] = Path(tmp)
        return self.temps[name]

    def commit(self) -> None:
        for tmp in self.temps.values():
            with open(tmp, "rb") as f:
                os.fsync(f.fileno())
        journal = {name: tmp.name for name, tmp in self.temps.items()}
        atomic_write_text(self.directory / JOURNAL, json.dumps(journal, sort_keys=True))
        recover(self.directory, sweep=False)
        self.temps = {}

    def discard(self) -> None:
        for tmp in self.temps.values():
            tmp.unlink(missing_ok=True)
        self.temps = {}

    def __enter__(self) -> FileSet:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.discard()


def recover(directory: Path, *, sweep: bool) -> None:
    """Finish a commit that a crash interrupted; with `sweep`, delete stray temporary files.

    Only a writer that owns the directory (the build) may sweep: a reader must not delete the
    temporary files of a write in progress.
    """
    journal = directory / JOURNAL
    if journal.exists():
        try:
            pairs = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            pairs = {}
        for name, tmp in sorted(pairs.items()):
            with contextlib.suppress(FileNotFoundError):
                os.replace(directory / tmp, directory / name)
        journal.unlink(missing_ok=True)
    if sweep:
        for stray in directory.glob(".*.tmp"):
            stray.unlink(missing_ok=True)
