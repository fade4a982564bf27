"""The one plotly template of the project: slide-readable, Vietnamese-complete, sober.

Fonts: Noto Sans first (Debian's fonts-noto-core covers every Vietnamese letter: Ệ Ấ Ở ữ ặ ỹ),
then Open Sans, Arial. Sizes never go below 14 px at 1280×720. `separators=",."` makes plotly
write 1.234,5 on axes and hover labels. Lines are straight (`linear`), never splines.
"""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE_NAME = "de06"
FONT_FAMILY = "Noto Sans, Open Sans, DejaVu Sans, Arial, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#e4e7eb"
SERIES = "#1b5e9e"
ALT = "#c2410c"
TARGET = "#111827"
CONFLICT = "#9aa5b1"

#: Status colours, always shown together with the status word.
STATUS_COLORS = {
    "achieved": "#1a7f37",
    "on_track": "#2e9e4f",
    "moderate": "#d29922",
    "insufficient": "#e36209",
    "moving_away": "#b42318",
    "missed": "#7a1f1f",
    "insufficient_data": "#8b95a1",
    "uncertain": "#6e59a5",
}

SLIDE = (1280, 720)
HALF_SLIDE = (640, 720)
MARGIN = {"l": 80, "r": 200, "t": 120, "b": 110}


def template() -> go.layout.Template:
    """The project template (also registered as plotly template 'de06')."""
    t = go.layout.Template()
    t.layout = go.Layout(
        font={"family": FONT_FAMILY, "size": 16, "color": INK},
        separators=",.",
        paper_bgcolor="white",
        plot_bgcolor="white",
        width=SLIDE[0],
        height=SLIDE[1],
        margin=MARGIN,
        showlegend=False,
        title={
            "x": 0.0,
            "xref": "paper",
            "xanchor": "left",
            "y": 0.97,
            "yanchor": "top",
            "font": {"size": 26, "color": INK},
            "subtitle": {"font": {"size": 16, "color": MUTED}},
        },
        hoverlabel={"font": {"family": FONT_FAMILY, "size": 14}},
        xaxis={
            "showgrid": False,
            "linecolor": MUTED,
            "ticks": "outside",
            "tickcolor": MUTED,
            "tickfont": {"size": 15, "color": MUTED},
            "automargin": True,
        },
        yaxis={
            "gridcolor": GRID,
            "zeroline": False,
            "tickfont": {"size": 15, "color": MUTED},
            "automargin": True,
            "rangemode": "tozero",
        },
        colorway=[SERIES, ALT, "#0f766e", "#7c3aed", "#be185d"],
    )
    t.data.scatter = [go.Scatter(line={"shape": "linear", "width": 3})]
    return t


def register() -> str:
    """Register the template with plotly (idempotent) and return its name."""
    pio.templates[TEMPLATE_NAME] = template()
    return TEMPLATE_NAME


def apply(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str,
    footer: str,
    size: tuple[int, int] = SLIDE,
    lang: str = "vi",
) -> go.Figure:
    """Put the template, the message title, the subtitle and the source footer on a figure.

    `lang` sets the number marks on axes and hover labels (vi 1.234,5; en 1,234.5).
    """
    from de06metrics.present import formatter

    register()
    px = size[0] - 40
    fig.update_layout(
        template=TEMPLATE_NAME,
        separators=formatter(lang).separators,
        # the words as written (unwrapped, unescaped), for the deck's slide titles and footers
        meta={"title": title, "subtitle": subtitle, "footer": footer, "lang": lang},
        width=size[0],
        height=size[1],
        title={
            "text": f"<b>{_lines(title, px // 15)}</b>",
            "subtitle": {"text": _lines(subtitle, px // 9)},
        },
    )
    footer_lines = _lines(footer, px // 8)
    fig.add_annotation(
        text=footer_lines,
        xref="paper",
        yref="paper",
        x=0,
        y=0,
        xanchor="left",
        yanchor="top",
        yshift=-62,
        showarrow=False,
        align="left",
        font={"size": 14, "color": MUTED},
        name="footer",
    )
    return fig


def _lines(text: str, width: int) -> str:
    """Escape, then wrap at `width` characters with <br> (plotly text never wraps by itself)."""
    return "<br>".join(_esc(line) for line in textwrap.wrap(text, width) or [""])


def _esc(text: str) -> str:
    """Plotly text is a small HTML subset: keep data text literal (no tags from a source title)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
