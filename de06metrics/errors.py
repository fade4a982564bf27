"""The one exception type users see.

Every problem caused by input (a file, a row, a field, a parameter) is raised as `De06Error`
with a message that names where it is, so the CLI can print one readable paragraph instead of a
traceback. Programming errors stay ordinary exceptions and keep their tracebacks.
"""

from __future__ import annotations


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
