"""`de06 progress` and `de06 diff`: thin wrappers over de06metrics.progress and .diff."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from de06metrics.cli._app import app, console, parse_date
from de06metrics.errors import De06Error

if TYPE_CHECKING:
    import polars as pl

FORMATS = ("table", "csv", "json")
#: Status word and colour; the word always carries the meaning, the colour only helps.
STATUS_STYLE = {
    "achieved": ("ACHIEVED", "bold green"),
    "on_track": ("on track", "green"),
    "moderate": ("moderate", "yellow"),
    "insufficient": ("insufficient", "red"),
    "moving_away": ("MOVING AWAY", "bold red"),
    "missed": ("MISSED", "bold red"),
    "uncertain": ("uncertain", "magenta"),
    "insufficient_data": ("no data to judge", "dim"),
}


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise De06Error(f"'{fmt}' is not one of {', '.join(FORMATS)}", field="--format")
    return fmt


def _emit(frame: pl.DataFrame, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.write_csv())
    else:
        sys.stdout.write(frame.write_json() + "\n")


def _num(x: float | None, unit: str | None = None) -> str:
    if x is None:
        return "—"
    if unit == "percent":
        return f"{x:.1%}".replace(".", ",")
    return f"{x:,.0f}".replace(",", ".")


def _ratio(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}".replace(".", ",")


@app.command()
def progress(
    as_of: str = typer.Option(
        None, "--as-of", help="Use figures published on or before this date (YYYY-MM-DD)."
    ),
    metric: list[str] = typer.Option(None, "--metric", help="Only these metrics (repeatable)."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
) -> None:
    """Progress against each target: pace, projection and a status word per target.

    Uses the last build (data/clean/). Without --as-of, the data's newest publication date is the
    reference. Statuses: achieved, on track, moderate, insufficient, moving away, missed,
    uncertain (bounds disagree), no data to judge (fewer than two usable figures).
    """
    import polars as pl

    from de06metrics.load import load_observations, load_targets
    from de06metrics.progress import assess

    fmt = _check_format(fmt)
    cutoff = parse_date(as_of, "--as-of")
    targets = load_targets()
    if metric:
        unknown = sorted(set(metric) - set(targets["metric"]))
        if unknown:
            raise De06Error(
                f"no target for metric(s) {', '.join(unknown)}",
                field="--metric",
                hint=f"targets exist for: {', '.join(sorted(set(targets['metric'])))}",
            )
        targets = targets.filter(pl.col("metric").is_in(metric))
    table = assess(load_observations(), targets, as_of=cutoff)
    if fmt != "table":
        _emit(table, fmt)
        return
    _progress_table(table)


def _progress_table(table: pl.DataFrame) -> None:
    from rich.table import Table

    as_of = table["as_of"].drop_nulls()
    title = f"Progress against targets (as of {as_of[0] if as_of.len() else '—'})"
    t = Table(title=title, show_lines=True)
    # ids, dates and status words fold rather than being cut to "…" on a narrow terminal
    t.add_column("target", overflow="fold", ratio=2)
    t.add_column("area", overflow="fold", ratio=1)
    t.add_column("target value", overflow="fold", ratio=1)
    t.add_column("deadline", overflow="fold", min_width=10)
    t.add_column("latest", overflow="fold", ratio=2)
    t.add_column("gap closed", overflow="fold", ratio=1)
    t.add_column("time used", overflow="fold", ratio=1)
    t.add_column("pace", overflow="fold", ratio=1)
    t.add_column("status", overflow="fold", min_width=9)
    t.add_column("achieved on", overflow="fold", min_width=10)
    t.add_column("note", overflow="fold", ratio=3)
    for r in table.iter_rows(named=True):
        word, style = STATUS_STYLE.get(r["status"], (r["status"], ""))
        latest = (
            "—" if r["latest_date"] is None else f"{r['latest_as_written']} ({r['latest_date']})"
        )
        pace = r["cagr_ratio"] if r["method"] == "cagr" else r["pace_ratio"]
        t.add_row(
            r["target_id"],
            r["geo"],
            _num(r["target_value"], r["unit"]),
            str(r["deadline"]),
            latest,
            "—" if r["gap_closed"] is None else f"{r['gap_closed']:.0%}",
            "—" if r["time_elapsed"] is None else f"{r['time_elapsed']:.0%}",
            f"{_ratio(pace)} ({r['method']})" if pace is not None else "—",
            f"[{style}]{word}[/]" if style else word,
            str(r["achieved_on"] or "—"),
            r["note"],
        )
    console.print(t)


@app.command("diff")
def diff_cmd(
    old: Path = typer.Argument(..., help="Old build: observations.parquet or a data/clean dir."),
    new: Path = typer.Argument(..., help="New build: observations.parquet or a data/clean dir."),
    fmt: str = typer.Option("table", "--format", help="table, csv or json."),
    limit: int = typer.Option(200, "--limit", help="Rows to show in the table (0: all)."),
) -> None:
    """Figures added, removed and revised between two builds (review of a data refresh).

    Compared on (metric, geo, period, status, source); a revision is a change in the figure
    (value, bounds, qualifier, unit, as written, date basis, publication date).
    """
    from rich.table import Table

    from de06metrics.diff import diff_builds, diff_summary, read_build

    fmt = _check_format(fmt)
    d = diff_builds(read_build(old), read_build(new))
    if fmt != "table":
        _emit(d, fmt)
        return
    if d.is_empty():
        console.print("no differences: the two builds report the same figures")
        return
    summary = Table("metric", "added", "removed", "revised", title="Changes per metric")
    for r in diff_summary(d).iter_rows():
        summary.add_row(*(str(x) for x in r))
    console.print(summary)
    t = Table(
        "change", "metric", "geo", "period", "source", "old", "new", "changed", title="Figures"
    )
    shown = d if limit <= 0 else d.head(limit)
    for r in shown.iter_rows(named=True):
        period = (
            str(r["period_end"])
            if r["period_start"] is None
            else (f"{r['period_start']}–{r['period_end']}")
        )
        t.add_row(
            r["change"],
            r["metric"],
            r["geo"],
            period,
            r["source_id"],
            r.get("old_as_written") or _num(r["old_value"]),
            r.get("new_as_written") or _num(r["new_value"]),
            r["changed"],
        )
    console.print(t)
    if limit > 0 and d.height > limit:
        console.print(f"… and {d.height - limit} more (use --limit 0 or --format csv)")
