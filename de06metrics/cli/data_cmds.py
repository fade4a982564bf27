"""`de06 build`, `de06 raw verify|add`, `de06 schema`, `de06 init`: the data layer's commands.

Polars, pandera and the build are imported inside the commands that need them: `de06 build` with
nothing to do answers from hashes alone, and `raw verify` needs nothing but hashlib.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from de06metrics import paths, raw
from de06metrics.cli._app import app, console, err_console, raw_app
from de06metrics.errors import De06Error
from de06metrics.lock import project_lock

if TYPE_CHECKING:
    import polars as pl


@app.command()
def build(
    force: bool = typer.Option(False, "--force", help="Rebuild even if nothing changed."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print only problems."),
) -> None:
    """Build data/clean/ (observations.parquet + .csv, targets.parquet, build.json) from data/raw/.

    Every row is validated (types, registries, pandera model, as-written figure vs numbers).
    If anything fails, every failure is listed at once, failing rows are written to
    data/clean/_quarantine/, the previous outputs are left untouched, and the exit code is 1.
    Unchanged inputs make this a no-op.
    """
    from de06metrics import buildstate

    with project_lock("build"):
        meta = None if force else buildstate.current()
        if meta is not None:  # decided from hashes: polars and pandera are never imported
            if not quiet:
                figures = meta.get("rows", {}).get("observations", "?")
                console.print(
                    f"[bold]data/clean up to date[/] (inputs unchanged; --force rebuilds): "
                    f"{figures} figures"
                )
            return
        buildstate.release_freed_memory()  # (before polars is imported)
        from de06metrics import build as build_mod

        with console.status("building…") as status:
            result = build_mod.build(
                today=date.today(), force=force, on_step=lambda m: status.update(m + "…")
            )
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}")
    if quiet:
        return
    verb = (
        "built" if result.status == "built" else "up to date (inputs unchanged; --force rebuilds)"
    )
    console.print(f"[bold]data/clean {verb}[/]: {result.observations.height} figures")
    _print_summary(result.observations)


def _print_summary(obs: pl.DataFrame) -> None:
    from rich.table import Table

    from de06metrics.registry import load_registry
    from de06metrics.series import advisories
    from de06metrics.summary import latest_headline, rows_per_metric

    registry = load_registry()
    table = Table("metric", "status", "rows", "first", "last", "sources", title="Rows per metric")
    for r in rows_per_metric(obs).iter_rows():
        table.add_row(*(str(x) for x in r))
    console.print(table)
    latest = Table(
        "metric",
        "as of",
        "as written",
        "value",
        "source",
        title="Latest national figure per headline metric",
    )
    for r in latest_headline(obs, registry).iter_rows(named=True):
        value = r["shown"]
        latest.add_row(
            r["metric"],
            str(r["period_end"] or "—"),
            r["as_written"] or "—",
            value,
            r["source_id"] or "—",
        )
    console.print(latest)
    warnings = advisories(obs, registry)
    if warnings.height:
        adv = Table(
            "check",
            "metric",
            "geo",
            "date",
            "message",
            title="Advisories (kept as reported; for the analyst to review)",
        )
        for r in warnings.iter_rows(named=True):
            adv.add_row(r["check"], r["metric"], r["geo"], str(r["period_end"]), r["message"])
        console.print(adv)
    else:
        console.print("Advisories: none")
    quarantined = sorted(paths.quarantine_dir().glob("*.csv"))
    console.print(f"Quarantined rows: {sum(_rows(p) for p in quarantined)}")


def _rows(path: Path) -> int:
    return max(0, len(path.read_text(encoding="utf-8").splitlines()) - 1)


@raw_app.command("verify")
def raw_verify() -> None:
    """Check every file under data/raw/ against MANIFEST.sha256 (exit 1 on any change)."""
    problems = raw.verify()
    if problems:
        for p in problems:
            err_console.print(f"[red]✗[/] {p}")
        raise De06Error(
            f"{len(problems)} problem(s) in data/raw/",
            file=str(paths.manifest_path()),
            hint="raw files are never edited in place; register files with `de06 raw add`",
        )
    console.print(f"data/raw OK: {len(raw.read_manifest())} files match the manifest")


@raw_app.command("add")
def raw_add(
    files: list[Path] = typer.Argument(..., help="Files to bring into data/raw/reported/."),
    replace: bool = typer.Option(False, "--replace", help="Register a deliberate correction."),
) -> None:
    """Register reported-figure files in data/raw/ (copying them there if needed).

    Each file is read and validated first (as `de06 build` would); a file with any invalid row
    is refused whole.
    """
    from de06metrics.build import validate_addition

    # Checked against data/raw/reported/ and registered under one lock: two concurrent adds of
    # the same figure cannot both pass the duplicate check.
    with project_lock("raw add"):
        for f in files:
            validate_addition(f, today=date.today())
            dest = raw.add(f, replace=replace)
            console.print(f"registered {dest.relative_to(paths.raw_dir().parent.parent)}")


@app.command("schema")
def schema_cmd(
    fmt: str = typer.Option("markdown", "--format", help="markdown or json."),
) -> None:
    """Print the data dictionary, generated from the pandera models."""
    from de06metrics.datadict import data_dictionary

    console.print(data_dictionary(fmt), markup=False, soft_wrap=True)


@app.command("init")
def init_cmd(
    directory: Path = typer.Argument(Path("."), help="Folder for the new project (made if new)."),
) -> None:
    """Create an empty project: de06.toml, data/raw/ with an empty manifest, data/clean/,
    notebooks/ and reports/.

    Commands run in that folder (or below it) then use it, with an installed package and no
    DE06_ROOT. Next: `de06 raw add FILE.csv`, then `de06 build`.
    """
    from de06metrics.project import init_project

    created = init_project(directory)
    root = created[0].parent
    console.print(f"created a de06 project in {root}")
    for p in created:
        console.print(f"  {p.relative_to(root).as_posix()}")
