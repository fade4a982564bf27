"""HTML for reports: escaped fragments for notebooks, and the offline page around a notebook.

Everything from data (labels, quotes, source titles, URLs) is escaped here, so a source title that
contains `<script>` shows as text. The page is self-contained: CSS inline, plotly.js inlined once
by the first figure, no `<script src>` or stylesheet from the network (`external_references`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

import nbformat

from de06metrics.charts.text import nfc

CSS = """
body{font-family:'Noto Sans','Open Sans','DejaVu Sans',Arial,sans-serif;color:#1f2933;
  max-width:1320px;margin:0 auto;padding:24px;line-height:1.5;font-size:16px}
h1{font-size:30px;margin:0 0 4px} h2{font-size:23px;margin:32px 0 8px;border-top:1px solid #e4e7eb;
  padding-top:20px} .d6-sub{color:#616e7c;margin:0}
table.d6{border-collapse:collapse;width:100%;font-size:15px} table.d6 th,table.d6 td{
  border-bottom:1px solid #e4e7eb;padding:6px 8px;text-align:left;vertical-align:top}
table.d6 td.num{text-align:right;white-space:nowrap}
.d6-status{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-weight:600}
.d6-summary{font-size:17px} .d6-note{color:#616e7c;font-size:14px}
.jp-OutputArea-output pre{white-space:pre-wrap;font-size:13px;color:#616e7c}
"""


def esc(value: object) -> str:
    """Text as HTML text (quotes included), NFC-normalized."""
    return html.escape(nfc("" if value is None else str(value)), quote=True)


def header(title: str, lines: Iterable[str]) -> str:
    subs = "".join(f'<p class="d6-sub">{esc(x)}</p>' for x in lines)
    return f"<header><h1>{esc(title)}</h1>{subs}</header>"


def heading(text: str) -> str:
    return f"<h2>{esc(text)}</h2>"


def paragraph(text: str, cls: str = "d6-summary") -> str:
    return f'<p class="{cls}">{esc(text)}</p>'


def status_chip(word: str, color: str) -> str:
    safe = color if re.fullmatch(r"#[0-9a-fA-F]{6}", color) else "#616e7c"
    return f'<span class="d6-status" style="background:{safe}">{esc(word)}</span>'


def table(columns: Sequence[str], rows: Iterable[Sequence[object]], *, numeric=(), raw=()) -> str:
    """A table; cells are escaped except columns listed in `raw` (already-built fragments)."""
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = []
    for r in rows:
        cells = []
        for i, v in enumerate(r):
            cls = ' class="num"' if i in numeric else ""
            cells.append(f"<td{cls}>{v if i in raw else esc(v)}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    return f'<table class="d6"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def link(text: str, url: str | None) -> str:
    """A link only for http(s) URLs; anything else (javascript:, data:) stays plain text."""
    if url and re.match(r"^https?://", url, re.IGNORECASE):
        return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def page(body: str, *, title: str, lang: str) -> str:
    """A complete offline HTML document."""
    return (
        f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def notebook_html(nb: nbformat.NotebookNode, *, title: str, lang: str) -> str:
    """An executed notebook as an offline page: outputs only (no code, no prompts, no stderr)."""
    from nbconvert import HTMLExporter

    clean = nbformat.from_dict(nb)
    for cell in clean.cells:
        if cell.get("cell_type") == "code":
            cell.outputs = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    exporter = HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_markdown=False,
    )
    body, _ = exporter.from_notebook_node(clean)
    return page(body, title=title, lang=lang)


_EXTERNAL = re.compile(
    r"""<(?:script|img|iframe|embed|source|audio|video)\b[^>]*\bsrc\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|<link\b[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?//"""
    r"""|@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""",
    re.IGNORECASE,
)


def external_references(page_html: str) -> list[str]:
    """Every tag or import in the page that would load something from the network (should be none).

    Script bodies are skipped (plotly.js mentions URLs in its code without loading them); the
    `<script src=…>` tags themselves are checked.
    """
    tags_only = _SCRIPT_BODY.sub(r"\1\2", page_html)
    return [m.group(0)[:160] for m in _EXTERNAL.finditer(tags_only)]


_SCRIPT_BODY = re.compile(r"(<script\b[^>]*>).*?(</script>)", re.IGNORECASE | re.DOTALL)
