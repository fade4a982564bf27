"""The one exception type users see.

Every problem caused by input (a file, a row, a field, a parameter) is raised as `De06Error`
with a message that names where it is, so the CLI can print one readable paragraph instead of a
traceback. Programming errors stay ordinary exceptions and keep their tracebacks.
`De06ValidationError` lives here too (not beside the validators), so the CLI can recognise it
without importing pandera.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import polars as pl


class De06Error(Exception):
    """A problem with the user's input, described well enough to fix it without a debugger."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        row: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.row = row
        self.field = field
        self.hint = hint
        super().__init__(self.describe())

    def describe(self) -> str:
        """One paragraph: where, what, and how to fix it."""
        where = []
        if self.file:
            where.append(f"file {self.file}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field '{self.field}'")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class De06ValidationError(De06Error):
    """Some rows broke the contract; `failures` lists every one (file, row, column, rule, value)."""

    def __init__(self, what: str, failures: pl.DataFrame) -> None:
        self.failures = failures
        n = failures.height
        files = ", ".join(sorted(set(failures["file"].drop_nulls().to_list()))) or "input"
        super().__init__(
            f"{what}: {n} validation failure{'s' if n != 1 else ''} in {files}",
            hint="each one is listed with its file, row, column and rule",
        )

    def table(self, limit: int | None = None) -> str:
        """The failures as plain text, one per line (for logs and non-terminal output)."""
        rows = self.failures.head(limit) if limit else self.failures
        lines = [
            f"{r['file']}, row {r['row']}, column {r['column']}: {r['rule']} (value: {r['value']})"
            for r in rows.iter_rows(named=True)
        ]
        if limit and self.failures.height > limit:
            lines.append(f"… and {self.failures.height - limit} more")
        return "\n".join(lines)
