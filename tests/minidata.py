"""The small reported-figures fixture (tests/fixtures/reported/mini.csv) as editable rows, and a
way to register edited rows in a test project's data/raw/reported/."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from de06metrics import raw

MINI = Path(__file__).parent / "fixtures" / "reported" / "mini.csv"


def mini_rows() -> list[dict[str, str]]:
    """The fixture's rows, as the CSV holds them (every value a string)."""
    return list(csv.DictReader(io.StringIO(MINI.read_text(encoding="utf-8"))))


def write_reported(project: Path, rows: list[dict[str, str]], name: str = "mini.csv") -> None:
    """Write `rows` as data/raw/reported/`name` and register it (replacing a registered file)."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    path = project / "data/raw/reported" / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    raw.add(path, replace=True, root=project)
