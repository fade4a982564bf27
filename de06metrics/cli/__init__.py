"""The `de06` command line: thin wrappers over the library, with readable errors.

Input problems (`De06Error`) are printed as one paragraph — plus a table of every validation
failure — and exit with status 1; no traceback unless `--debug` is given.

Start-up is kept short: only typer, rich and the command modules' signatures are imported here;
each command imports polars, pandera, papermill or plotly inside its body, when it runs.
"""

from __future__ import annotations

import os
import sys

from de06metrics.cli import (  # noqa: F401  (each module registers its commands)
    analytics_cmds,
    data_cmds,
    extract_cmds,
    quality_cmds,
    report_cmds,
)
from de06metrics.cli._app import app, err_console
from de06metrics.errors import De06Error, De06ValidationError

__all__ = ["app", "main"]


def _print_error(exc: De06Error) -> None:
    from rich.markup import escape  # a message may hold brackets: "[tool.de06]", "[1, 2]"

    err_console.print(f"[bold red]error:[/] {escape(exc.describe())}", soft_wrap=True)
    if not isinstance(exc, De06ValidationError):
        return
    if not err_console.is_terminal:  # logs and pipes: whole names, one failure per line
        err_console.print("validation failures:", soft_wrap=True)
        err_console.print(exc.table(200), soft_wrap=True, markup=False)
        return
    from rich.table import Table

    table = Table("file", "row", "column", "rule", "value", title="validation failures")
    for r in exc.failures.head(200).iter_rows(named=True):
        row = "" if r["row"] is None else str(r["row"])
        table.add_row(r["file"] or "", row, r["column"] or "", r["rule"], r["value"] or "")
    err_console.print(table)
    if exc.failures.height > 200:
        more = exc.failures.height - 200
        err_console.print(f"… and {more} more (see data/clean/_quarantine)")


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `de06` console script.

    `--debug` before the command shows tracebacks. It is read here, not declared as an option:
    an option on the group would be type-checked through pydantic on every run, including
    `--help`, which costs a third of the start-up budget.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = bool(os.environ.get("DE06_DEBUG"))
    while args and args[0] == "--debug":
        debug = True
        args.pop(0)
    try:
        app(args=args, prog_name="de06", standalone_mode=True)  # usage errors: exit 2
    except De06Error as exc:
        if debug:
            raise
        _print_error(exc)
        sys.exit(1)
