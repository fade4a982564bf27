"""The shared typer app and console; command modules register on it."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

from de06metrics.errors import De06Error


class _Group(TyperGroup):
    """typer's group, with `--help` defaulting to False instead of None.

    typer 0.29 type-checks an option value that is not already a bool through pydantic, and a
    help flag that was not given is None: every `de06 <cmd> …` and every no-op build paid for
    importing pydantic (about 0.1–0.3 s) to learn that no help was asked for. A False default
    is what click means by an absent flag.
    """

    def get_help_option(self, ctx):  # type: ignore[no-untyped-def]
        return _false_default(super().get_help_option(ctx))

    def get_command(self, ctx, cmd_name):  # type: ignore[no-untyped-def]
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _false_default(command.get_help_option(ctx))
            for sub in getattr(command, "commands", {}).values():  # a group: its commands too
                _false_default(sub.get_help_option(ctx))
        return command


def _false_default(option):  # type: ignore[no-untyped-def]
    if option is not None and option.default is None:
        option.default = False
    return option


if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    cls=_Group,
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
    cls=_Group,
    help="The raw layer: verify its sha256 manifest, add files to it.",
    no_args_is_help=True,
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
