"""Showing figures in a notebook so the HTML report works offline, and publishing them.

plotly's own `notebook` renderer adds a MathJax <script src> from a CDN to every figure, so figures
are displayed here instead: the `text/html` part inlines plotly.js once per kernel (first figure)
and never refers to the network; the plotly mime bundle is included for JupyterLab.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

from de06metrics.charts.export import export_figure
from de06metrics.errors import De06Error

_state = {"plotlyjs_sent": False}
EXPORT_ERRORS = "_export_errors.json"
CONFIG = {"displaylogo": False, "responsive": True}


def html_fragment(fig: go.Figure, *, include_plotlyjs: bool) -> str:
    """The figure as an offline HTML fragment (no CDN, no MathJax)."""
    return pio.to_html(
        fig,
        include_plotlyjs=include_plotlyjs,
        include_mathjax=False,
        full_html=False,
        config=CONFIG,
        default_width="100%",
        default_height=f"{fig.layout.height or 720}px",
        validate=False,
    )


def show(fig: go.Figure) -> None:
    """Display a figure (offline-safe); plotly.js goes into the first figure's output only."""
    from IPython.display import display

    first = not _state["plotlyjs_sent"]
    _state["plotlyjs_sent"] = True
    bundle = {
        "text/html": html_fragment(fig, include_plotlyjs=first),
        "application/vnd.plotly.v1+json": json.loads(pio.to_json(fig, validate=False)),
        "text/plain": f"<Figure: {fig.layout.title.text or ''}>",
    }
    display(bundle, raw=True)


def publish(
    fig: go.Figure, stem: str, *, directory: Path | None, show_it: bool = True
) -> list[Path]:
    """Show a figure and, when `directory` is given, export it as PNG and SVG there.

    A failed export never stops the report: the error is appended to `_export_errors.json` in
    `directory` (the runner puts it in the manifest) and a one-line warning goes to stderr.
    """
    if show_it:
        show(fig)
    if directory is None:
        return []
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    try:
        return export_figure(fig, directory, stem)
    except Exception as exc:  # recorded, not swallowed: see the docstring
        log = directory / EXPORT_ERRORS
        found = json.loads(log.read_text(encoding="utf-8")) if log.exists() else []
        message = exc.describe() if isinstance(exc, De06Error) else f"{type(exc).__name__}: {exc}"
        found.append({"figure": stem, "error": message, "trace": traceback.format_exc(limit=3)})
        log.write_text(json.dumps(found, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"static export of {stem} failed: {message}", file=sys.stderr)
        return []
