"""Shared helpers for the bench/ scripts: timing, peak memory, and printing ratios.

Every benchmark compares the project's code with a baseline measured in the same run on the same
machine (a bare regex scan, pandera alone, an empty notebook …), so the printed figure is a ratio
that means something on any machine. Absolute times are printed too, for context.
"""

from __future__ import annotations

import gc
import os
import platform
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], T], *, repeat: int = 1) -> tuple[float, T]:
    """Best wall-clock seconds of `repeat` calls of `fn()`, and the last call's result.

    The best (not the mean) of a few runs is the least noisy estimate on a shared machine.
    """
    best = float("inf")
    result: Any = None
    for _ in range(max(1, repeat)):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_rss_mb(*, children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children), in MiB.

    A process's own peak is read from /proc (VmHWM) where there is one: on Linux getrusage's
    peak of a process started by a large parent includes the parent's peak."""
    if not children:
        try:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    kb = resource.getrusage(who).ru_maxrss
    return kb / 1024 if sys.platform != "darwin" else kb / 1024 / 1024


def machine() -> str:
    """One line describing where the figures were measured."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.python_implementation()} {platform.python_version()}, {cpus} CPU(s), " + (
        f"{platform.system()} {platform.machine()}"
    )


def header(title: str) -> None:
    print(f"\n== {title} ==")
    print(f"   measured on {machine()}")


def row(label: str, value: str, note: str = "") -> None:
    """Print one aligned result line."""
    print(f"   {label:<44} {value:>14}  {note}".rstrip())


def seconds(s: float) -> str:
    return f"{s:.2f} s" if s >= 1 else f"{s * 1000:.0f} ms"


def ratio_line(label: str, ours: float, baseline: float, *, target: float, lower_is_better=True):
    """Print `ours / baseline` and whether it meets `target`; return True when it does."""
    r = ours / baseline if baseline else float("inf")
    ok = r <= target if lower_is_better else r >= target
    sign = "≤" if lower_is_better else "≥"
    row(label, f"{r:.2f}×", f"target {sign} {target:g}× … {'met' if ok else 'MISSED'}")
    return ok
