"""One writer at a time: the project lock that every command changing data/ or reports/ takes.

`raw add`, `accept` and `build` read, change and rewrite shared files (the manifest, data/clean/).
Two of them at once would each write their own version and one update would be lost, so each
takes an exclusive lock on the project (an OS file lock through `filelock`, released by the OS
even when the holder is killed). A second writer waits, saying who holds the lock, up to a
timeout, then stops with a clear error. Readers (`load_observations`, `raw verify`) never take it:
writes are atomic, so a reader sees the old or the new state.

The lock is re-entrant within a process: `accept` inside a locked section, or `raw.add` called by
an already-locked command, does not wait for itself.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from de06metrics import paths
from de06metrics.errors import De06Error
from de06metrics.io import atomic_write_text

LOCK_NAME = ".de06.lock"
OWNER_SUFFIX = ".owner"
#: Seconds a writer waits for another by default; `DE06_LOCK_TIMEOUT` overrides it.
DEFAULT_TIMEOUT = 600.0


@dataclass(frozen=True)
class Holder:
    """Who holds the lock, as its owner file says (pid 0: not known yet)."""

    pid: int
    command: str

    def __str__(self) -> str:
        pid = f"pid {self.pid}" if self.pid else "pid not known yet"
        return f"de06 {self.command} ({pid})"


def lock_path(root: Path | None = None) -> Path:
    """The project's lock file: data/.de06.lock."""
    return (root or paths.project_root()) / "data" / LOCK_NAME


def timeout_seconds() -> float:
    """How long a writer waits: `DE06_LOCK_TIMEOUT` seconds, else `DEFAULT_TIMEOUT`."""
    text = os.environ.get("DE06_LOCK_TIMEOUT")
    if not text:
        return DEFAULT_TIMEOUT
    try:
        value = float(text)
    except ValueError:
        raise De06Error(f"'{text}' is not a number of seconds", field="DE06_LOCK_TIMEOUT") from None
    return max(value, 0.0)


def holder(root: Path | None = None) -> Holder:
    """The current holder as its owner file names it (the file can lag the lock by a moment)."""
    try:
        data = json.loads(_owner_path(lock_path(root)).read_text(encoding="utf-8"))
        return Holder(int(data["pid"]), str(data["command"]))
    except (OSError, ValueError, KeyError, TypeError):
        return Holder(0, "command")


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextmanager
def project_lock(
    command: str,
    root: Path | None = None,
    *,
    timeout: float | None = None,
    on_wait: Callable[[str], None] = _say,
) -> Iterator[None]:
    """Hold the project's writer lock for the block, waiting up to `timeout` seconds for it.

    `command` names what this process is doing ("build", "raw add", "accept"); a writer that has
    to wait is told which command and pid it waits for. Raises `De06Error` when the wait times out.
    """
    from filelock import FileLock, Timeout  # (imported when a writer runs, not at CLI start-up)

    path = lock_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path, is_singleton=True, thread_local=False)
    if lock.is_locked:  # this process already holds it (a nested writer)
        with lock:
            yield
        return
    try:
        lock.acquire(timeout=0)
    except Timeout:
        waited_for = holder(root)
        limit = timeout_seconds() if timeout is None else timeout
        on_wait(f"waiting for another {waited_for} to finish (up to {limit:g} s)…")
        try:
            lock.acquire(timeout=limit)
        except Timeout:
            raise De06Error(
                f"another {holder(root)} still holds the project lock after {limit:g} s",
                file=str(path),
                hint="let it finish and run this again, or wait longer with "
                "DE06_LOCK_TIMEOUT=SECONDS",
            ) from None
    owner = _owner_path(path)
    try:
        atomic_write_text(owner, json.dumps({"pid": os.getpid(), "command": command}))
        yield
    finally:
        owner.unlink(missing_ok=True)
        lock.release()


def _owner_path(lock_file: Path) -> Path:
    return lock_file.with_name(lock_file.name + OWNER_SUFFIX)
