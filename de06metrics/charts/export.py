"""Static export (PNG at scale 2, SVG) through one persistent kaleido server per process.

kaleido 1.x drives a Chrome/Chromium. Without one, a started sync server makes every export hang
forever, so the browser is looked up first and its absence is a clear `De06Error`. Files are
written atomically; names come from `figure_stem` (report, subject, as-of date, data hash).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import threading
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from de06metrics.charts import theme
from de06metrics.errors import De06Error
from de06metrics.io import atomic_write_bytes

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
SIZES = {"slide": theme.SLIDE, "half": theme.HALF_SLIDE}
PNG_SCALE = 2

_lock = threading.Lock()
_server_started = False


def find_browser() -> str | None:
    """Path of the browser kaleido will use (BROWSER_PATH wins), or None."""
    env = os.environ.get("BROWSER_PATH")
    if env and Path(env).exists():
        return env
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def ensure_server() -> None:
    """Start the process's kaleido server once, after checking that a browser exists."""
    global _server_started
    with _lock:
        if _server_started:
            return
        browser = find_browser()
        if browser is None:
            raise De06Error(
                "no Chrome/Chromium found, so charts cannot be exported to PNG/SVG "
                "(the HTML report is not affected)",
                hint="install Debian's chromium (`make setup`) or set BROWSER_PATH",
            )
        os.environ.setdefault("BROWSER_PATH", browser)
        import kaleido

        kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        atexit.register(_stop)
        _server_started = True


def _stop() -> None:
    import kaleido

    with contextlib.suppress(Exception):  # shutting down; nothing useful to report
        kaleido.stop_sync_server(silence_warnings=True)


def figure_stem(report: str, subject: str, as_of: str, data_hash: str) -> str:
    """A file-name stem: `trend_report-cccd_chip_issued-2024-06-30-ab12cd34ef`."""
    parts = [report, subject, as_of, data_hash]
    return "-".join(re.sub(r"[^A-Za-z0-9_.-]+", "_", p).strip("_") for p in parts if p)


def export_figure(
    fig: go.Figure,
    directory: Path,
    stem: str,
    *,
    size: str = "slide",
    formats: tuple[str, ...] = ("png", "svg"),
) -> list[Path]:
    """Write `<stem>.png` (2× pixels) and `<stem>.svg` of a figure; return the paths.

    `size`: "slide" (1280×720) or "half" (640×720, written as `<stem>-half.*`).
    """
    if size not in SIZES:
        raise De06Error(f"'{size}' is not a figure size; use slide or half", field="size")
    ensure_server()
    width, height = SIZES[size]
    out = go.Figure(fig)
    if size == "half":
        out.update_layout(margin={"t": 170, "r": 120, "l": 60, "b": 150})
    name = stem if size == "slide" else f"{stem}-half"
    written = []
    for fmt in formats:
        data = pio.to_image(
            out, format=fmt, width=width, height=height, scale=PNG_SCALE if fmt == "png" else 1
        )
        path = Path(directory) / f"{name}.{fmt}"
        atomic_write_bytes(path, data)
        written.append(path)
    return written
