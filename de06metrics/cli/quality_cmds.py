"""`de06 status`: the data-quality page (docs/data_status.md) from the last build.

Polars, pandera and the series checks are imported inside the command, so `de06 --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path

import typer

from de06metrics import paths
from de06metrics.cli._app import app, console, err_console
from de06metrics.errors import De06Error

STATUS_PAGE = Path("docs") / "data_status.md"


@app.command()
def status(
    output: Path = typer.Option(
        None,
        "--output",
        "-o",
        help="Where to write the page (default: docs/data_status.md; '-' prints it).",
    ),
    check: bool = typer.Option(
        False, "--check", help="Write nothing; exit 1 if the page on disk is not current."
    ),
) -> None:
    """Per metric: figures, national points, first/last date, largest gap, source ranks, open
    conflicts and advisories — how much to trust each chart.

    Reads the last build (data/clean/; run `de06 build` first). The page has no timestamps: the
    same table always gives the same page, so it can be committed and checked (`--check`).
    """
    from de06metrics.io import atomic_write_text
    from de06metrics.load import load_observations
    from de06metrics.quality import render_markdown, status_inputs
    from de06metrics.registry import load_registry
    from de06metrics.series import load_config

    page = render_markdown(status_inputs(load_observations(), load_registry(), load_config()))
    if output is not None and str(output) == "-":
        console.print(page, markup=False, highlight=False, soft_wrap=True)
        return
    target = output or paths.project_root() / STATUS_PAGE
    if check:
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current != page:
            raise De06Error(
                "the data-status page is not current", file=str(target), hint="run `de06 status`"
            )
        console.print(f"{target} is current")
        return
    if target.parent and not target.parent.exists():
        raise De06Error("folder does not exist", file=str(target.parent))
    atomic_write_text(target, page)
    n = page.count("\n")
    err_console.print(f"wrote {target} ({n} lines)")
