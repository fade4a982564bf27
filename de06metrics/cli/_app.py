"""The shared typer app and console; command modules register on it."""

from __future__ import annotations

from datetime import date

import typer
from rich.console import Console

from de06metrics.errors import De06Error

app = typer.Typer(
    name="de06",
    help=(
        "Đề án 06 progress figures → validated long table → trend and progress reports.\n\n"
        "Typical run: `de06 build` (raw → data/clean), then `de06 report all --as-of DATE`. "
        "Exit codes: 0 done, 1 bad input or failed validation (the message names file, row "
        "and field), 2 wrong command-line usage. Add --debug before the command for tracebacks."
    ),
    no_args_is_help=True,
    # Plain click help: typer's rich help pulls in rich.markdown, rich.traceback and pygments,
    # a third of the 0.3 s start-up budget, for the same text.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    add_completion=False,
)
raw_app = typer.Typer(
    help="The raw layer: verify its sha256 manifest, add files to it.", no_args_is_help=True
)
app.add_typer(raw_app, name="raw")

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)


def parse_date(text: str | None, option: str) -> date | None:
    """An ISO date from the command line, or a clear error naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise De06Error(f"'{text}' is not a date; use YYYY-MM-DD", field=option) from None
