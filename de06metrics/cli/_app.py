"""The shared typer app and console; command modules register on it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer

from de06metrics.errors import De06Error

if TYPE_CHECKING:
    from rich.console import Console

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


class _LazyConsole:
    """A rich `Console` made on first use: importing rich.console costs a third of `--help`."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    @property
    def real(self) -> Console:
        """The rich Console itself (for APIs that want one, such as `Progress(console=…)`)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    # Properties, as on Console, so tests can patch them like a Console's (monkeypatch.setattr).
    width = property(lambda self: self.real.width, lambda self, v: setattr(self.real, "width", v))
    height = property(
        lambda self: self.real.height, lambda self, v: setattr(self.real, "height", v)
    )

    def __setattr__(self, name: str, value: Any) -> None:
        if name.startswith("_"):
            object.__setattr__(self, name, value)
        else:  # console.width = 240 sets the real console's width
            setattr(self.real, name, value)

    # Special methods are looked up on the type, not through __getattr__ (`with console:` is
    # how rich's Live and Progress hold the console).
    def __enter__(self) -> Console:
        return self.real.__enter__()

    def __exit__(self, *exc_info: Any) -> None:
        self.real.__exit__(*exc_info)


console: Console = _LazyConsole(highlight=False)  # type: ignore[assignment]
err_console: Console = _LazyConsole(stderr=True, highlight=False)  # type: ignore[assignment]


def parse_date(text: str | None, option: str) -> date | None:
    """An ISO date from the command line, or a clear error naming the option."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise De06Error(f"'{text}' is not a date; use YYYY-MM-DD", field=option) from None
